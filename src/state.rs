//! App-wide state (route, language, transport) and the state of one open form (answers, errors,
//! drafts). Raw answers live in a non-reactive store; each rendered item subscribes only to the
//! trigger of its own template key, which is bumped when a field it depends on changes
//! (`Form::dependents`). Keystroke cost is therefore independent of the form's size.

use std::collections::HashMap;

use antrag_core::submission::{FileDescriptor, Receipt};
use antrag_core::{value::Date, Ctx, Form, Locale, Problem};
use leptos::prelude::*;
use serde_json::Value;
use wasm_bindgen::JsCast;

use crate::i18n::{fill, strings, Strings};
use crate::net::Transport;
use crate::paths;

/// Where the citizen is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Home,
    Intro(String),
    Page(String, String),
    Check(String),
    Done(String),
    NotFound,
}

/// The addresses of the check page and the confirmation (core's: no page may have these ids).
pub const CHECK_SEGMENT: &str = antrag_core::model::CHECK_PAGE;
pub const DONE_SEGMENT: &str = antrag_core::model::CONFIRMATION_PAGE;

impl Route {
    pub fn parse(path: &str) -> Route {
        let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        match segs.as_slice() {
            [] | ["index.html"] => Route::Home,
            ["antrag", id] => Route::Intro(id.to_string()),
            ["antrag", id, CHECK_SEGMENT] => Route::Check(id.to_string()),
            ["antrag", id, DONE_SEGMENT] => Route::Done(id.to_string()),
            ["antrag", id, page] => Route::Page(id.to_string(), page.to_string()),
            _ => Route::NotFound,
        }
    }

    pub fn path(&self) -> String {
        match self {
            Route::Home | Route::NotFound => "/".into(),
            Route::Intro(id) => format!("/antrag/{id}"),
            Route::Page(id, p) => format!("/antrag/{id}/{p}"),
            Route::Check(id) => format!("/antrag/{id}/{CHECK_SEGMENT}"),
            Route::Done(id) => format!("/antrag/{id}/{DONE_SEGMENT}"),
        }
    }

    pub fn form_id(&self) -> Option<&str> {
        match self {
            Route::Intro(id) | Route::Page(id, _) | Route::Check(id) | Route::Done(id) => Some(id),
            _ => None,
        }
    }
}

/// App-wide handles (all `Copy`).
#[derive(Clone, Copy)]
pub struct App {
    pub route: RwSignal<Route>,
    pub locale: RwSignal<Locale>,
    pub transport: StoredValue<Transport, LocalStorage>,
    pub history: bool,
    pub today: Date,
    /// The deployment's `/config.json`, once fetched ([`App::config`]).
    pub config: StoredValue<Option<Value>>,
    /// The request for `/config.json` while it is under way (its body as a string), shared by
    /// everyone who asks meanwhile: one request, answered by the preload of index.html.
    pub config_pending: StoredValue<Option<js_sys::Promise>, LocalStorage>,
    /// Id of the element to focus after the next render (default: the page's `h1`).
    pub pending_focus: StoredValue<Option<String>>,
    /// Text of the polite live region.
    pub announce: RwSignal<String>,
    /// Whether drafts can be kept in this browser (false: no storage, or it refused a write).
    pub drafts_ok: RwSignal<bool>,
    /// The last draft of each form, also kept in memory: leaving a form for the overview and
    /// coming back within the app loses nothing, even where the browser cannot store drafts.
    pub memory_drafts: StoredValue<HashMap<String, (f64, Value)>>,
}

pub const LOCALE_KEY: &str = "antrag:locale";

pub fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Whether the browser's storage takes a write (it may be missing, blocked, or full).
pub fn storage_works() -> bool {
    const PROBE: &str = "antrag:probe";
    storage().is_some_and(|s| s.set_item(PROBE, "1").is_ok() && s.remove_item(PROBE).is_ok())
}

thread_local! {
    /// Whether the last draft was written (read by the crash page, which cannot ask the app).
    static DRAFT_WRITTEN: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
}

/// Whether the answers typed so far are in a stored draft, as far as the app knows.
pub fn draft_written() -> bool {
    DRAFT_WRITTEN.with(std::cell::Cell::get)
}

pub fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// Today in Germany, as the server judges date rules (core's), whatever the browser's time zone:
/// a citizen abroad must not be told a date is fine that the server then refuses.
pub fn today() -> Date {
    Date::today_in_germany(js_sys::Date::now() as i64)
}

impl App {
    pub fn s(&self) -> &'static Strings {
        strings(self.locale.get_untracked())
    }

    pub fn navigate(&self, route: Route, focus: Option<String>) {
        if self.history {
            if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
                let _ =
                    h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&route.path()));
            }
        }
        self.pending_focus.set_value(focus);
        self.route.set(route);
        self.after_render_focus();
    }

    /// Goes to `route` in place of the current entry of the browser's history (an address that
    /// leads elsewhere, such as a page the answers skip: Back must not return to it).
    pub fn redirect(&self, route: Route) {
        if self.history {
            if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
                let _ =
                    h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&route.path()));
            }
        }
        self.route.set(route);
        self.after_render_focus();
    }

    /// Moves focus after the view has been updated: to `pending_focus` or the `h1`.
    pub fn after_render_focus(&self) {
        let app = *self;
        focus_later(
            move || app.pending_focus.try_update_value(Option::take).flatten(),
            12,
        );
    }

    /// The deployment's configuration (`/config.json`: `submitUrls`, and `dev` from
    /// `antrag serve --dev`), fetched once; `null` when there is none.
    pub async fn config(&self) -> Value {
        if let Some(v) = self.config.get_value() {
            return v;
        }
        let pending = match self.config_pending.get_value() {
            Some(p) => p,
            None => {
                let t = self.transport.get_value();
                let p = wasm_bindgen_futures::future_to_promise(async move {
                    let body = match t(crate::HttpRequest::get("/config.json")).await {
                        Ok(r) if r.status == 200 => r.body,
                        _ => String::new(),
                    };
                    Ok(wasm_bindgen::JsValue::from_str(&body))
                });
                self.config_pending.set_value(Some(p.clone()));
                p
            }
        };
        let body = wasm_bindgen_futures::JsFuture::from(pending)
            .await
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default();
        let v = serde_json::from_str(&body).unwrap_or(Value::Null);
        self.config.try_set_value(Some(v.clone()));
        v
    }

    /// Served by `antrag serve --dev`: author diagnostics and live reload exist.
    pub async fn is_dev(&self) -> bool {
        self.config().await.get("dev") == Some(&Value::Bool(true))
    }

    pub fn set_locale(&self, l: Locale) {
        if let Some(s) = storage() {
            let _ = s.set_item(LOCALE_KEY, l.code());
        }
        set_html_lang(l);
        self.locale.set(l);
    }

    /// Says `msg` through the polite live region.
    pub fn say(&self, msg: String) {
        let a = self.announce;
        a.try_set(String::new());
        set_timeout(
            move || {
                a.try_set(msg);
            },
            std::time::Duration::from_millis(50),
        );
    }
}

pub fn set_html_lang(l: Locale) {
    if let Some(el) = document().and_then(|d| d.document_element()) {
        let _ = el.set_attribute("lang", l.code());
    }
}

/// Focuses the element with the id given by `target` (or the first `h1`) once it exists, trying
/// for up to `tries` animation frames; scrolls to the top when focusing the heading.
pub fn focus_later(target: impl FnOnce() -> Option<String> + 'static, tries: u32) {
    let id = target();
    fn attempt(id: Option<String>, left: u32) {
        request_animation_frame(move || {
            let Some(doc) = document() else { return };
            let el = match &id {
                Some(id) => doc.get_element_by_id(id).or_else(|| {
                    // A group of options: the chosen one, where Tab would land too (focus on
                    // an unchosen radio, and Space would change the answer).
                    let first = doc.get_element_by_id(&format!("{id}-0"))?;
                    let chosen = first
                        .get_attribute("name")
                        .filter(|_| first.get_attribute("type").as_deref() == Some("radio"))
                        .and_then(|name| {
                            let sel = format!("input[type=radio][name=\"{name}\"]:checked");
                            doc.query_selector(&sel).ok().flatten()
                        });
                    chosen.or(Some(first))
                }),
                None => doc.query_selector("main h1").ok().flatten(),
            };
            match el.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                Some(el) => {
                    if id.is_none() {
                        if let Some(w) = web_sys::window() {
                            w.scroll_to_with_x_and_y(0.0, 0.0);
                        }
                    }
                    let _ = el.focus();
                    if id.is_some() {
                        if let Some(c) = el.closest(".field, fieldset").ok().flatten() {
                            c.scroll_into_view();
                        }
                    }
                }
                None if left > 0 => attempt(id, left - 1),
                None => {}
            }
        });
    }
    attempt(id, tries);
}

/// How the submission is going.
#[derive(Clone, Debug, PartialEq)]
pub enum SubmitState {
    Idle,
    Busy,
    Failed(String),
    /// The server no longer takes the form version the page has: only a reload helps (the
    /// draft is then carried over to the new version).
    Outdated(String),
}

/// The state of one open form (all `Copy` handles).
#[derive(Clone, Copy)]
pub struct Fs {
    pub app: App,
    pub id: StoredValue<String>,
    /// Shared, so that a page can borrow its items while it renders (no copy of the page).
    pub form: StoredValue<std::rc::Rc<Form>, LocalStorage>,
    pub answers: StoredValue<Value>,
    pub triggers: StoredValue<HashMap<String, ArcTrigger>>,
    /// Bumped on every change; page visibility depends on it.
    pub pages_trigger: ArcTriggerHandle,
    pub visible_pages: Memo<Vec<usize>>,
    /// The message of every field in error, by instance path. What is on screen follows it
    /// ([`Fs::paint_error`]).
    pub errors: StoredValue<HashMap<String, Msg>>,
    /// Fields checked one by one so far (left, or typed in while live), by instance path: when
    /// an answer they depend on changes, they are checked again ([`Fs::recheck_dependents`]).
    pub checked: StoredValue<std::collections::HashSet<String>>,
    /// The error summary: the route it belongs to (page id or `pruefen`) and (path, message).
    pub summary: RwSignal<Summary>,
    /// The page on which "Next" failed (live validation from then on).
    pub attempted: RwSignal<Option<String>>,
    pub files: StoredValue<HashMap<String, web_sys::File>, LocalStorage>,
    /// Files chosen but not taken, by field path, each with the files the field held then:
    /// their messages are part of the field's message (and follow a language switch) until
    /// the field changes again.
    pub refused: StoredValue<HashMap<String, Vec<Refused>>>,
    pub counter: StoredValue<u32>,
    /// When a draft was restored: shown in a notice.
    pub restored: RwSignal<Option<Restored>>,
    pub save_timer: StoredValue<Option<TimeoutHandle>>,
    /// The attempt to send: its id (the `Idempotency-Key`) and a fingerprint of the answers it
    /// sent ([`attempt_fingerprint`]). Kept with the draft, so that sending the same answers
    /// again after a lost answer or a reload gets the first attempt's receipt instead of
    /// storing the application twice, while changed answers are a new attempt.
    pub submission_id: StoredValue<Option<(String, String)>>,
    pub submit: RwSignal<SubmitState>,
    /// Questions whose chosen option the form no longer offers (a draft of an earlier
    /// version): their paths, until each is answered again.
    pub withdrawn: RwSignal<Vec<String>>,
    /// Whether the files of a submission are being uploaded (the progress shown); how far the
    /// upload has got is written into that display directly ([`crate::views::show_upload`]),
    /// not re-rendered, so that a screen reader's place in it stays.
    pub upload: RwSignal<bool>,
    /// The last step of the upload (bytes sent, bytes in all), for the display when it is built.
    pub upload_at: StoredValue<(f64, f64)>,
    pub receipt: RwSignal<Option<Receipt>>,
    /// Bumped to re-render the whole form (draft deleted).
    pub epoch: RwSignal<u32>,
    /// Answers that only this page holds: the last draft could not be written.
    pub unsaved: StoredValue<bool>,
    /// The listeners while answers exist only in this page ([`Fs::guard_leaving`]).
    pub leave_guard: StoredValue<Vec<WindowListenerHandle>, LocalStorage>,
    /// Once the check page was shown: the pages visible then. "Next" returns to the check page
    /// from there on, unless a later page is new or has a problem ([`Fs::next`]).
    pub reviewed: StoredValue<Option<Vec<usize>>>,
    /// What was sent, in the language it was sent in, for the confirmation page only (kept in
    /// memory, forgotten when the confirmation page is left).
    pub record: StoredValue<Option<(Locale, Vec<crate::views::Section>)>>,
    /// The answers (without files) as this page last wrote or took them from the stored draft:
    /// what another tab's draft is merged against ([`Fs::draft_changed_elsewhere`]).
    pub base: StoredValue<Value>,
    /// Answers taken from another tab that the page does not show yet (it re-renders when it
    /// is looked at again, not under the citizen's cursor).
    pub stale: StoredValue<bool>,
    /// The draft was deleted, or the application sent, in another tab: the answers here went too.
    pub ended_elsewhere: RwSignal<bool>,
}

/// A draft restored when the form was opened.
#[derive(Clone, PartialEq)]
pub struct Restored {
    /// When it was saved (milliseconds since 1970, shown by [`format_time`]).
    pub at: f64,
    /// Whether it was saved with another version of the form (the form changed since).
    pub changed: bool,
    /// Whether files had been chosen (a draft keeps none: they are to be chosen again).
    pub files: bool,
}

/// An open error summary: the route it belongs to and (path, message) pairs.
pub type Summary = Option<(String, Vec<(String, Msg)>)>;

/// A message about an answer as core gave it, with what is in another language than the page:
/// the whole message (an author's own, given only in German: [`Problem::lang`]) or the label it
/// quotes ([`Problem::label_lang`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Msg {
    pub text: String,
    lang: Option<Locale>,
    label: Option<(String, Locale)>,
}

impl Msg {
    pub fn of(p: &Problem) -> Msg {
        Msg {
            text: p.message.clone(),
            lang: p.lang,
            label: p
                .label_lang
                .zip(p.params.get("label"))
                .map(|(l, label)| (label.clone(), l)),
        }
    }

    /// `text`, quoting `label` in the language given (where that is not the page's).
    pub fn quoting(text: String, label: Option<(String, Locale)>) -> Msg {
        Msg {
            text,
            lang: None,
            label,
        }
    }

    /// A message in the page's language.
    pub fn plain(text: String) -> Msg {
        Msg {
            text,
            lang: None,
            label: None,
        }
    }

    /// The message in pieces, each with the language to mark it with (`None`: the page's).
    pub fn parts(&self) -> Vec<(&str, Option<&'static str>)> {
        let t = self.text.as_str();
        if let Some(l) = self.lang {
            return vec![(t, Some(l.code()))];
        }
        if let Some((label, l)) = self.label.as_ref().filter(|(x, _)| !x.is_empty()) {
            // Where the message quotes it (a short label may also be a word of the message).
            let quoted = [("„", "“"), ("“", "”")]
                .iter()
                .find_map(|(o, c)| t.find(&format!("{o}{label}{c}")).map(|i| i + o.len()));
            if let Some(i) = quoted.or_else(|| t.find(label.as_str())) {
                let end = i + label.len();
                return vec![
                    (&t[..i], None),
                    (&t[i..end], Some(l.code())),
                    (&t[end..], None),
                ];
            }
        }
        vec![(t, None)]
    }

    /// The pieces as escaped HTML, each marked with its language where that is not the page's
    /// (for markup built as a string, [`crate::html`]).
    pub fn html(&self) -> String {
        let mut h = String::new();
        for (t, lang) in self.parts() {
            match lang {
                Some(l) => {
                    h.push_str("<span lang=\"");
                    h.push_str(l);
                    h.push_str("\">");
                    crate::html::esc(&mut h, t);
                    h.push_str("</span>");
                }
                None => crate::html::esc(&mut h, t),
            }
        }
        h
    }

    /// The pieces as elements, each marked with its language where that is not the page's.
    pub fn view(&self) -> impl IntoView {
        self.parts()
            .into_iter()
            .map(|(t, lang)| view! { <span lang=lang>{t.to_string()}</span> })
            .collect_view()
    }
}

/// A `Copy` handle to an [`ArcTrigger`].
pub type ArcTriggerHandle = StoredValue<ArcTrigger>;

impl Fs {
    /// A session for `form`; with `answers` (after a dev reload) or else the stored draft.
    pub fn new(app: App, form: Form, answers: Option<Value>) -> Fs {
        let id = form.def().id.clone();
        let draft_key = draft_key_of(&form);
        // The stored draft, else the one kept in memory (a browser that cannot store drafts).
        let draft = || {
            let memory = || app.memory_drafts.with_value(|m| m.get(&draft_key).cloned());
            let same = load_draft(&draft_key).or_else(memory);
            match same {
                Some(d) => Some((d, false)),
                None => adopt_other_version(&form).map(|d| (d, true)),
            }
        };
        let (answers, restored) = match answers {
            Some(a) => (a, None),
            None => match draft() {
                Some(((at, a), changed)) => {
                    let files = draft_left_files_out(&draft_key);
                    (a, Some(Restored { at, changed, files }))
                }
                None => (Value::Object(Default::default()), None),
            },
        };
        let answers = topped_up(&form, answers);
        // Choices of options the form no longer offers (a draft of an earlier version): taken
        // out, and named until they are answered again.
        let (answers, withdrawn) = match restored.as_ref().filter(|r| r.changed) {
            Some(_) => drop_unoffered_choices(&form, answers),
            None => (answers, Vec::new()),
        };
        let pages_trigger = StoredValue::new(ArcTrigger::new());
        let form = StoredValue::new_local(std::rc::Rc::new(form));
        let answers = StoredValue::new(answers);
        let visible_pages = Memo::new(move |_| {
            pages_trigger.with_value(|t| t.track());
            let ctx = Ctx {
                today: app.today,
                locale: app.locale.get_untracked(),
            };
            form.with_value(|f| answers.with_value(|a| f.pages_shown(a, &ctx)))
        });
        let fs = Fs {
            app,
            id: StoredValue::new(id),
            form,
            answers,
            triggers: StoredValue::new(HashMap::new()),
            pages_trigger,
            visible_pages,
            errors: StoredValue::new(HashMap::new()),
            checked: StoredValue::new(Default::default()),
            summary: RwSignal::new(None),
            attempted: RwSignal::new(None),
            files: StoredValue::new_local(HashMap::new()),
            refused: StoredValue::new(HashMap::new()),
            counter: StoredValue::new(0),
            restored: RwSignal::new(restored),
            save_timer: StoredValue::new(None),
            submission_id: StoredValue::new(load_attempt(&draft_key)),
            submit: RwSignal::new(SubmitState::Idle),
            upload: RwSignal::new(false),
            upload_at: StoredValue::new((0.0, 0.0)),
            withdrawn: RwSignal::new(withdrawn),
            receipt: RwSignal::new(load_receipt(&draft_key)),
            epoch: RwSignal::new(0),
            unsaved: StoredValue::new(false),
            leave_guard: StoredValue::new_local(Vec::new()),
            reviewed: StoredValue::new(None),
            record: StoredValue::new(None),
            base: StoredValue::new(Value::Null),
            stale: StoredValue::new(false),
            ended_elsewhere: RwSignal::new(false),
        };
        fs.base.set_value(fs.stripped_answers());
        // Messages on screen follow a language switch.
        let locale = app.locale;
        Effect::watch(move || locale.get(), move |_, _, _| fs.relocalize(), false);
        // Leaving the page: a draft still waiting for its timer is written at once (a tab closed
        // or a phone switching apps right after typing kept nothing). While the browser cannot
        // keep drafts, a change also arms the question before leaving ([`Fs::guard_leaving`]).
        let hide = window_event_listener(leptos::ev::pagehide, move |_| fs.flush_save());
        let hidden = window_event_listener(leptos::ev::visibilitychange, move |_| {
            if document().is_some_and(|d| d.hidden()) {
                fs.flush_save();
            } else {
                fs.show_if_stale();
            }
        });
        // The same form open in another tab: its saves are merged in here (and the other way
        // round), so that neither tab's draft undoes the other's answers.
        let elsewhere = window_event_listener(leptos::ev::storage, move |ev| {
            fs.draft_changed_elsewhere(&ev);
        });
        let focus = window_event_listener(leptos::ev::focus, move |_| fs.show_if_stale());
        on_cleanup(move || {
            // Leaving the form within the app (overview, Back) ends this session: keep the last
            // change, which may still be waiting for its timer.
            fs.flush_save();
            hide.remove();
            hidden.remove();
            elsewhere.remove();
            focus.remove();
            for handle in fs
                .leave_guard
                .try_update_value(std::mem::take)
                .unwrap_or_default()
            {
                handle.remove();
            }
        });
        fs
    }

    /// Re-judges every field that shows a message, so the message is in the current language.
    /// A message core does not produce locally (e.g. from the server's 422) is kept.
    pub fn relocalize(&self) {
        let paths: Vec<String> = self.errors.with_value(|e| e.keys().cloned().collect());
        for path in paths {
            if self.refused.with_value(|r| r.contains_key(&path)) {
                self.validate_field(&path);
                continue;
            }
            let msg = self.with(|f, a, c| {
                antrag_core::validate_field(f, a, &path, c)
                    .into_iter()
                    .find(|p| p.path == path)
                    .map(|p| p.message)
            });
            if msg.is_some() {
                self.validate_field(&path);
            }
        }
    }

    pub fn ctx(&self) -> Ctx {
        Ctx {
            today: self.app.today,
            locale: self.app.locale.get_untracked(),
        }
    }

    pub fn loc(&self) -> Locale {
        self.app.locale.get_untracked()
    }

    pub fn s(&self) -> &'static Strings {
        self.app.s()
    }

    pub fn form_id(&self) -> String {
        self.id.get_value()
    }

    /// Runs `f` with the form, the answers and the context.
    pub fn with<R>(&self, f: impl FnOnce(&Form, &Value, &Ctx) -> R) -> R {
        let ctx = self.ctx();
        self.form
            .with_value(|form| self.answers.with_value(|a| f(form, a, &ctx)))
    }

    pub fn trigger(&self, key: &str) -> ArcTrigger {
        if let Some(t) = self.triggers.with_value(|t| t.get(key).cloned()) {
            return t;
        }
        let t = ArcTrigger::new();
        self.triggers.update_value(|m| {
            m.insert(key.to_string(), t.clone());
        });
        t
    }

    /// Reactive: is the item instance `path` visible? (Tracks the template key's trigger.)
    pub fn visible_memo(&self, path: &str, key: &str) -> Memo<bool> {
        let fs = *self;
        let trig = self.trigger(key);
        let path = path.to_string();
        Memo::new(move |_| {
            trig.track();
            fs.with(|f, a, c| f.is_visible(&path, a, c))
        })
    }

    pub fn enabled_memo(&self, path: &str, key: &str) -> Memo<bool> {
        let fs = *self;
        let trig = self.trigger(key);
        let path = path.to_string();
        Memo::new(move |_| {
            trig.track();
            fs.with(|f, a, c| f.is_enabled(&path, a, c))
        })
    }

    pub fn required_memo(&self, path: &str, key: &str) -> Memo<bool> {
        let fs = *self;
        let trig = self.trigger(key);
        let path = path.to_string();
        Memo::new(move |_| {
            trig.track();
            fs.with(|f, a, c| f.is_required(&path, a, c))
        })
    }

    pub fn get(&self, path: &str) -> Option<Value> {
        self.answers.with_value(|a| paths::get(a, path).cloned())
    }

    /// Stores an answer and tells the items that depend on it.
    pub fn set_answer(&self, path: &str, key: &str, value: Option<Value>) {
        if self
            .withdrawn
            .with_untracked(|w| w.iter().any(|p| p == path))
        {
            self.withdrawn.update(|w| w.retain(|p| p != path));
        }
        self.answers.update_value(|a| paths::set(a, path, value));
        self.changed(&[key.to_string()]);
        self.recheck_dependents(path, key);
    }

    /// Checks again the fields already checked whose conditions or rules read `key` (the
    /// answer at `path` just changed): a rule comparing two fields shows or drops its message
    /// when either changes, and a message goes when its field becomes read-only or optional.
    fn recheck_dependents(&self, path: &str, key: &str) {
        // Runs on every keystroke: most answers have no dependents, and nothing is copied.
        let again: Vec<String> = self.form.with_value(|f| {
            let deps = f.dependents(key);
            if deps.is_empty() {
                return Vec::new();
            }
            self.checked.with_value(|c| {
                c.iter()
                    .filter(|p| p.as_str() != path)
                    .filter(|p| deps.contains(&antrag_core::form::template_key(p)))
                    .cloned()
                    .collect()
            })
        });
        for p in again {
            self.validate_field(&p);
        }
    }

    /// Notifies the dependents of `keys` (and the keys themselves) and schedules a draft save.
    pub fn changed(&self, keys: &[String]) {
        let deps: Vec<String> = self.form.with_value(|f| {
            let mut d: Vec<String> = keys.to_vec();
            for k in keys {
                d.extend(f.dependents(k).iter().cloned());
            }
            d
        });
        let trigs: Vec<ArcTrigger> = self
            .triggers
            .with_value(|t| deps.iter().filter_map(|k| t.get(k).cloned()).collect());
        for t in trigs {
            t.notify();
        }
        self.pages_trigger.with_value(|t| t.notify());
        self.schedule_save();
    }

    // ----- errors -----

    pub fn set_error(&self, path: &str, msg: Option<Msg>) {
        let changed = self.errors.with_value(|e| e.get(path) != msg.as_ref());
        if !changed {
            return;
        }
        self.errors.update_value(|e| match msg {
            Some(m) => {
                e.insert(path.to_string(), m);
            }
            None => {
                e.remove(path);
            }
        });
        self.paint_error(path);
    }

    /// Shows the stored error of `path` on its field, if the field is on screen: the message in
    /// the field's (otherwise hidden) `<id>-error` element, `field-error` on the field, and
    /// `aria-invalid` / `aria-describedby` on the elements marked `data-inv` / `data-desc` with
    /// the field's id. Done directly on the DOM rather than with per-field signals and effects:
    /// a field costs nothing here until it is in error, which keeps long pages fast to build.
    pub fn paint_error(&self, path: &str) {
        let msg = self.errors.with_value(|e| e.get(path).cloned());
        let Some(doc) = document() else { return };
        let id = paths::dom_id(path);
        let err_id = format!("{id}-error");
        let Some(slot) = doc.get_element_by_id(&err_id) else {
            return;
        };
        match &msg {
            Some(m) => {
                let mut h = String::from("<span class=\"visually-hidden\">");
                crate::html::esc(&mut h, self.s().error_prefix);
                h.push_str(" </span>");
                h.push_str(&m.html());
                slot.set_inner_html(&h);
                let _ = slot.remove_attribute("hidden");
            }
            None => {
                slot.set_text_content(None);
                let _ = slot.set_attribute("hidden", "");
            }
        }
        let on = msg.is_some();
        let Ok(Some(field)) = slot.closest(".field, .repeat") else {
            return;
        };
        let _ = field.class_list().toggle_with_force("field-error", on);
        // Only within the field (a search of the whole page would grow with the form).
        let sel = format!("[data-inv=\"{id}\"],[data-desc=\"{id}\"]");
        let Ok(list) = field.query_selector_all(&sel) else {
            return;
        };
        let inner = (0..list.length())
            .filter_map(|i| list.get(i))
            .filter_map(|n| n.dyn_into::<web_sys::Element>().ok());
        let own = field.matches(&sel).unwrap_or(false).then(|| field.clone());
        for el in own.into_iter().chain(inner) {
            if el.get_attribute("data-inv").as_deref() == Some(id.as_str()) {
                let _ = if on {
                    el.set_attribute("aria-invalid", "true")
                } else {
                    el.remove_attribute("aria-invalid")
                };
            }
            if el.get_attribute("data-desc").as_deref() == Some(id.as_str()) {
                let old = el.get_attribute("aria-describedby").unwrap_or_default();
                let mut ids: Vec<&str> = old.split_whitespace().filter(|t| *t != err_id).collect();
                if on {
                    ids.push(&err_id);
                }
                let _ = if ids.is_empty() {
                    el.remove_attribute("aria-describedby")
                } else {
                    el.set_attribute("aria-describedby", &ids.join(" "))
                };
            }
        }
    }

    fn clear_errors_where(&self, pred: impl Fn(&str) -> bool) {
        self.refused.update_value(|r| r.retain(|k, _| !pred(k)));
        let paths: Vec<String> = self
            .errors
            .with_value(|e| e.keys().filter(|k| pred(k)).cloned().collect());
        for p in paths {
            self.set_error(&p, None);
        }
    }

    /// Validates one field (blur, live) and shows its first problem.
    pub fn validate_field(&self, path: &str) {
        if !self.checked.with_value(|c| c.contains(path)) {
            self.checked.update_value(|c| {
                c.insert(path.to_string());
            });
        }
        let msg = self.with(|f, a, c| {
            antrag_core::validate_field(f, a, path, c)
                .into_iter()
                .find(|p| p.path == path)
                .map(|p| Msg::of(&p))
        });
        let msg = match self.refusal_message(path) {
            Some(r) => Some(match msg {
                // Said together, in the page's language (the reasons are core's built-in ones).
                Some(m) if !r.contains(&m.text) => Msg::plain(format!("{r} {}", m.text)),
                _ => Msg::plain(r),
            }),
            None => msg,
        };
        self.show_message(path, msg);
    }

    /// What the field at `path` says about the files it did not take (see [`Fs::refused`]), in
    /// the current language: "„scan.jpg“ wurde nicht hinzugefügt." and core's reasons.
    pub fn refusal_message(&self, path: &str) -> Option<String> {
        let refused = self.refused.with_value(|r| r.get(path).cloned())?;
        let s = self.s();
        let mut out: Vec<String> = Vec::new();
        for r in &refused {
            out.push(fill(s.file_not_taken, &[("file", &r.file.name)]));
            let reasons =
                self.with(|f, _, c| antrag_core::file_problems(f, path, &r.taken, &r.file, c));
            for p in reasons {
                if !out.contains(&p.message) {
                    out.push(p.message);
                }
            }
        }
        (!out.is_empty()).then(|| out.join(" "))
    }

    /// Shows `msg` as the field's message (or clears it), and keeps an open error summary in
    /// step with the field.
    pub fn show_message(&self, path: &str, msg: Option<Msg>) {
        self.set_error(path, msg.clone());
        self.summary.update(|s| {
            if let Some((_, entries)) = s {
                match &msg {
                    Some(m) => {
                        for e in entries.iter_mut().filter(|e| e.0 == path) {
                            e.1 = m.clone();
                        }
                    }
                    None => entries.retain(|e| e.0 != path),
                }
                if entries.is_empty() {
                    *s = None;
                }
            }
        });
    }

    /// Whether this session still exists (a blur can arrive while its views are being removed).
    pub fn alive(&self) -> bool {
        self.answers.try_with_value(|_| ()).is_some()
    }

    /// Whether typing in a field should re-validate it at once.
    pub fn live(&self, path: &str) -> bool {
        let current = match self.app.route.get_untracked() {
            Route::Page(_, p) => Some(p),
            _ => None,
        };
        (current.is_some() && self.attempted.get_untracked() == current)
            || self.errors.with_value(|e| e.contains_key(path))
    }

    /// Index of the page whose top-level items hold `path`.
    pub fn page_of(&self, path: &str) -> Option<usize> {
        let top = paths::top(path);
        self.form.with_value(|f| {
            f.def()
                .pages
                .iter()
                .position(|p| p.items.iter().any(|i| i.id() == Some(top)))
        })
    }

    /// Shows problems (from "Next", the final check or the server): on their fields, and in the
    /// summary of the first page with a problem, which is opened.
    pub fn show_problems(&self, problems: Vec<Problem>, here: &str) {
        let mut first: Vec<(String, Msg)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for p in &problems {
            if seen.insert(p.path.clone()) {
                let msg = Msg::of(p);
                self.set_error(&p.path, Some(msg.clone()));
                first.push((p.path.clone(), msg));
            }
        }
        let first_page = first.iter().filter_map(|(p, _)| self.page_of(p)).min();
        let (route_key, entries) = match first_page {
            Some(pi) => {
                let entries: Vec<_> = first
                    .into_iter()
                    .filter(|(p, _)| self.page_of(p) == Some(pi))
                    .collect();
                let pid = self.form.with_value(|f| f.def().pages[pi].id.clone());
                (pid, entries)
            }
            None => (here.to_string(), first),
        };
        self.attempted.set(Some(route_key.clone()));
        self.summary.set(Some((route_key.clone(), entries)));
        let target = if route_key == CHECK_SEGMENT {
            Route::Check(self.form_id())
        } else {
            Route::Page(self.form_id(), route_key.clone())
        };
        if self.app.route.get_untracked() == target {
            self.app
                .pending_focus
                .set_value(Some("error-summary".into()));
            self.app.after_render_focus();
        } else {
            self.app.navigate(target, Some("error-summary".into()));
        }
    }

    /// "Next" on page `index`.
    pub fn next(&self, index: usize) {
        let problems = self.with(|f, a, c| antrag_core::validate_page(f, a, index, c));
        let top_ids: Vec<String> = self.form.with_value(|f| {
            f.def().pages[index]
                .items
                .iter()
                .filter_map(|i| i.id().map(str::to_string))
                .collect()
        });
        self.clear_errors_where(|p| top_ids.iter().any(|t| t == paths::top(p)));
        if !problems.is_empty() {
            let pid = self.form.with_value(|f| f.def().pages[index].id.clone());
            self.show_problems(problems, &pid);
            return;
        }
        self.summary.set(None);
        self.attempted.set(None);
        self.restored.set(None);
        self.flush_save();
        // The next page; after a change made from the check page, the next page the citizen has
        // not seen there (an answer revealed it) or that now has a problem, else the check page
        // (GOV.UK's "check answers" pattern: no walk through every page after one change).
        // A page before this one only if nothing after it is wanted (a change here revealed it,
        // or the server found a problem there).
        let visible = self.visible_pages.get_untracked();
        let next = match self.reviewed.get_value() {
            None => visible.iter().copied().find(|&i| i > index),
            Some(seen) => {
                let wanted = |i: usize| !seen.contains(&i) || self.page_needs_answers(i);
                let later = visible.iter().copied().filter(|&i| i > index);
                let earlier = visible.iter().copied().filter(|&i| i < index);
                later.chain(earlier).find(|&i| wanted(i))
            }
        };
        let id = self.form_id();
        let route = match next {
            Some(i) => Route::Page(id, self.form.with_value(|f| f.def().pages[i].id.clone())),
            None => Route::Check(id),
        };
        self.app.navigate(route, None);
    }

    /// The route before page `index` (or the intro).
    pub fn back_route(&self, index: Option<usize>) -> Route {
        let id = self.form_id();
        // Once the answers were checked, a page opened with "Ändern" leads back to the check
        // page (GOV.UK's "check answers" pattern), not through the pages before it.
        if index.is_some() && self.reviewed.with_value(Option::is_some) {
            return Route::Check(id);
        }
        let vis = self.visible_pages.get_untracked();
        let prev = match index {
            Some(i) => vis.into_iter().rev().find(|&p| p < i),
            None => vis.last().copied(),
        };
        match prev {
            Some(p) => Route::Page(id, self.form.with_value(|f| f.def().pages[p].id.clone())),
            None => Route::Intro(id),
        }
    }

    /// Whether page `i` still needs the citizen: a problem core finds there, or an error shown
    /// on one of its fields that only the server could find (a 422, e.g. a file's content).
    fn page_needs_answers(&self, i: usize) -> bool {
        self.with(|f, a, c| !antrag_core::validate_page(f, a, i, c).is_empty())
            || self
                .errors
                .with_value(|e| e.keys().any(|p| self.page_of(p) == Some(i)))
    }

    /// Where a citizen with answers continues: the first page that still needs something (a
    /// required answer, a correction), or the check page when every page is complete.
    pub fn resume_route(&self) -> Route {
        let id = self.form_id();
        let open = self
            .visible_pages
            .get_untracked()
            .into_iter()
            .find(|&i| self.page_needs_answers(i));
        match open {
            Some(p) => Route::Page(id, self.form.with_value(|f| f.def().pages[p].id.clone())),
            None => Route::Check(id),
        }
    }

    /// Where an address of page `index` leads when the answers skip that page (a bookmark, an
    /// old link, a typed address): the next page that is shown, else the check page.
    pub fn skipped_page_route(&self, index: usize) -> Route {
        let id = self.form_id();
        let next = self
            .visible_pages
            .get_untracked()
            .into_iter()
            .find(|&i| i > index);
        match next {
            Some(p) => Route::Page(id, self.form.with_value(|f| f.def().pages[p].id.clone())),
            None => Route::Check(id),
        }
    }

    pub fn first_page_route(&self) -> Route {
        let id = self.form_id();
        match self.visible_pages.get_untracked().first() {
            Some(&p) => Route::Page(id, self.form.with_value(|f| f.def().pages[p].id.clone())),
            None => Route::Check(id),
        }
    }

    // ----- repeats -----

    /// Number of entries of the repeat at `path`, topped up to `min`.
    pub fn ensure_entries(&self, path: &str, min: usize) -> usize {
        let mut n = 0;
        self.answers.update_value(|a| {
            if let Some(arr) = paths::array_mut(a, path) {
                while arr.len() < min {
                    arr.push(Value::Object(Default::default()));
                }
                n = arr.len();
            }
        });
        n
    }

    pub fn add_entry(&self, path: &str, keys: &[String]) {
        self.answers.update_value(|a| {
            if let Some(arr) = paths::array_mut(a, path) {
                arr.push(Value::Object(Default::default()));
            }
        });
        self.changed(keys);
    }

    pub fn remove_entry(&self, path: &str, index: usize, keys: &[String]) {
        self.answers.update_value(|a| {
            if let Some(arr) = paths::array_mut(a, path) {
                if index < arr.len() {
                    arr.remove(index);
                }
            }
        });
        let prefix = format!("{path}[");
        self.clear_errors_where(|p| p.starts_with(&prefix));
        // The entries after it move up: what was checked there is not what is there now.
        self.checked
            .update_value(|c| c.retain(|p| !p.starts_with(&prefix)));
        self.summary.update(|s| {
            if let Some((_, e)) = s {
                e.retain(|(p, _)| !p.starts_with(&prefix));
            }
        });
        self.changed(keys);
    }

    // ----- files -----

    pub fn add_file(&self, file: web_sys::File) -> FileDescriptor {
        let n = self.counter.get_value();
        self.counter.set_value(n + 1);
        let part = format!("file-{n}");
        let d = FileDescriptor {
            part: part.clone(),
            name: file.name(),
            media_type: file.type_(),
            size: file.size() as u64,
        };
        self.files.update_value(|m| {
            m.insert(part, file);
        });
        d
    }

    /// Lets go of a chosen file (removed from its field, or not taken).
    pub fn forget_file(&self, part: &str) {
        self.files.update_value(|m| {
            m.remove(part);
        });
    }

    // ----- drafts -----

    pub fn draft_key(&self) -> String {
        self.form.with_value(|f| draft_key_of(f))
    }

    pub fn schedule_save(&self) {
        if !self.app.drafts_ok.get_untracked() {
            self.guard_leaving();
        }
        if let Some(h) = self.save_timer.get_value() {
            h.clear();
        }
        let fs = *self;
        let h = set_timeout_with_handle(
            move || {
                fs.save_timer.try_set_value(None);
                fs.save_now();
            },
            std::time::Duration::from_millis(300),
        )
        .ok();
        self.save_timer.set_value(h);
    }

    /// Writes a pending draft at once.
    pub fn flush_save(&self) {
        if let Some(h) = self.save_timer.get_value() {
            h.clear();
            self.save_timer.set_value(None);
            self.save_now();
        }
    }

    pub fn save_now(&self) {
        // A timer may fire after the form was closed: then there is nothing to save.
        let Some(mut answers) = self.answers.try_get_value() else {
            return;
        };
        let mut files = false;
        let Some(key) = self.form.try_with_value(|f| {
            files = strip_files(f, &mut answers);
            draft_key_of(f)
        }) else {
            return;
        };
        let at = js_sys::Date::now();
        self.base.try_set_value(answers.clone());
        let mut doc = serde_json::json!({"savedAt": at, "answers": answers, "filesLeftOut": files});
        if let Some(Some((id, fp))) = self.submission_id.try_get_value() {
            doc["attempt"] = serde_json::json!({"id": id, "fingerprint": fp});
        }
        // A refused write (no storage, blocked, full) must not go unnoticed: the page says so.
        let ok = storage().is_some_and(|s| s.set_item(&key, &doc.to_string()).is_ok());
        self.app
            .memory_drafts
            .try_update_value(|m| m.insert(key, (at, answers)));
        self.unsaved.try_set_value(!ok);
        DRAFT_WRITTEN.with(|w| w.set(ok));
        if self.app.drafts_ok.get_untracked() != ok {
            self.app.drafts_ok.set(ok);
        }
        if !ok {
            self.guard_leaving();
        }
    }

    /// While answers exist only in this page, the browser asks before the page is left. Added
    /// only then: a `beforeunload` listener keeps some browsers from caching the page for Back.
    fn guard_leaving(&self) {
        if self.leave_guard.with_value(|g| !g.is_empty()) {
            return;
        }
        // A `mailto:` or `tel:` link from the form's texts hands over to another app and leaves
        // the page alone, but browsers fire `beforeunload` all the same: not a reason to ask.
        let handed_over = StoredValue::new(0.0f64);
        let click = window_event_listener(leptos::ev::click, move |ev| {
            let link = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|e| {
                    e.closest("a[href^='mailto:'], a[href^='tel:']")
                        .ok()
                        .flatten()
                });
            if link.is_some() {
                handed_over.try_set_value(js_sys::Date::now());
            }
        });
        let fs = *self;
        let leave = window_event_listener(leptos::ev::beforeunload, move |ev| {
            fs.flush_save();
            let just_handed_over =
                js_sys::Date::now() - handed_over.try_get_value().unwrap_or(0.0) < 500.0;
            if !just_handed_over && fs.unsaved.try_get_value().unwrap_or(false) {
                ev.prevent_default();
                ev.set_return_value("unsaved");
            }
        });
        self.leave_guard.set_value(vec![click, leave]);
    }

    /// The answers as a draft holds them: without files.
    fn stripped_answers(&self) -> Value {
        self.stripped_of(&self.answers.get_value())
    }

    /// Answers and what was last saved or taken from another tab start again from nothing (the
    /// draft deleted, the application sent, here or in another tab): a merge with another tab
    /// must not take the old answers for this tab's own.
    pub fn clear_answers(&self) {
        let blank = self
            .form
            .with_value(|f| topped_up(f, Value::Object(Default::default())));
        self.base.set_value(self.stripped_of(&blank));
        self.answers.set_value(blank);
        self.submission_id.set_value(None);
        self.unsaved.set_value(false);
        self.withdrawn.set(Vec::new());
    }

    /// Another tab of this browser wrote or removed a draft. This form's draft of this version:
    /// its answers are merged with this page's (what this page changed since it last saved or
    /// merged wins over the other's change of the same answer), and a merge that holds answers
    /// of this page is written back for the other tab. Removed (deleted there, or sent): the
    /// answers here go too, with a notice, instead of being written back by the next keystroke.
    fn draft_changed_elsewhere(&self, ev: &web_sys::StorageEvent) {
        let key = self.draft_key();
        match ev.key() {
            Some(k) if k == key => {}
            // `localStorage.clear()` in another tab.
            None => {}
            Some(_) => return,
        }
        if self.receipt.with_untracked(Option::is_some) {
            return;
        }
        let theirs = ev
            .new_value()
            .and_then(|raw| serde_json::from_str::<Value>(&raw).ok());
        let Some(mut doc) = theirs else {
            // Only a draft deleted (or sent) in another tab ends this one. `localStorage.clear()`
            // by some other page of this site (no key) leaves this tab with the only copy: it is
            // written again. A draft moved to a newer version of the form (another tab opened
            // it) is still there under that version's key: this tab keeps its answers too.
            let moved = storage().is_some_and(|store| {
                draft_keys(&store, &draft_prefix(&self.form_id()))
                    .iter()
                    .any(|k| *k != key)
            });
            if ev.key().is_none() {
                self.schedule_save();
            } else if !moved {
                self.ended_here();
            }
            return;
        };
        let theirs = doc.get_mut("answers").map(Value::take).unwrap_or_default();
        if !theirs.is_object() {
            return;
        }
        // Merged without files (drafts leave them out, so they would always count as this
        // tab's changes), then this tab's chosen files are put back where their entries are.
        let ours = self.answers.get_value();
        let merged = self
            .base
            .with_value(|b| paths::merge3(b, &self.stripped_of(&ours), &theirs));
        let merged = self.form.with_value(|f| {
            let mut merged = topped_up(f, merged);
            for p in &f.def().pages {
                paths::restore_files(&p.items, &ours, &mut merged);
            }
            merged
        });
        let mine_too = self.stripped_of(&merged) != theirs;
        self.answers.set_value(merged);
        self.base.set_value(theirs);
        if let Some(a) = doc.get("attempt") {
            let id = a.get("id").and_then(Value::as_str);
            let fp = a.get("fingerprint").and_then(Value::as_str);
            if let (Some(id), Some(fp)) = (id, fp) {
                self.submission_id
                    .set_value(Some((id.to_string(), fp.to_string())));
            }
        }
        if mine_too {
            self.schedule_save();
        }
        self.pages_trigger.with_value(|t| t.notify());
        self.stale.set_value(true);
        if !document().is_some_and(|d| d.has_focus().unwrap_or(false)) {
            self.show_if_stale();
        }
    }

    fn stripped_of(&self, answers: &Value) -> Value {
        let mut a = answers.clone();
        self.form.with_value(|f| strip_files(f, &mut a));
        a
    }

    /// The draft went in another tab (deleted there, or the application sent): so do the
    /// answers here; the citizen is told on the form's first page.
    fn ended_here(&self) {
        self.cancel_save();
        self.ended_elsewhere.set(true);
        self.stale.set_value(false);
        self.start_over();
        self.app.redirect(Route::Intro(self.form_id()));
    }

    /// A save still waiting for its timer is not made.
    fn cancel_save(&self) {
        if let Some(h) = self.save_timer.get_value() {
            h.clear();
            self.save_timer.set_value(None);
        }
    }

    /// The form as if just opened without a draft: no answers, messages, files or notices, and
    /// the page built again (the draft deleted here, or deleted or sent in another tab).
    fn start_over(&self) {
        self.clear_answers();
        self.errors.update_value(|e| e.clear());
        self.checked.update_value(|c| c.clear());
        self.files.update_value(|f| f.clear());
        self.summary.set(None);
        self.attempted.set(None);
        self.restored.set(None);
        self.reviewed.set_value(None);
        self.pages_trigger.with_value(|t| t.notify());
        self.epoch.update(|e| *e += 1);
    }

    /// Shows answers taken from another tab: the page is built again from the answers.
    fn show_if_stale(&self) {
        if self.stale.try_get_value() != Some(true) {
            return;
        }
        self.stale.set_value(false);
        self.epoch.update(|e| *e += 1);
        self.relocalize();
    }

    /// Forgets every draft of this form: a pending save, the stored drafts of every version
    /// (an old version's draft left behind would come back on the next visit, on a shared
    /// computer to the next person) and the one kept in memory.
    pub fn forget_drafts(&self) {
        self.cancel_save();
        let key = self.draft_key();
        if let Some(store) = storage() {
            let prefix = draft_prefix(&self.form_id());
            for k in draft_keys(&store, &prefix) {
                let _ = store.remove_item(&k);
            }
        }
        self.app.memory_drafts.update_value(|m| {
            m.remove(&key);
        });
    }

    /// Forgets the draft and all answers.
    pub fn delete_draft(&self) {
        self.forget_drafts();
        self.start_over();
        self.app.say(self.s().draft_deleted.to_string());
        self.app.after_render_focus();
    }
}

/// Takes out of `answers` the choices of options `form` no longer offers (core's
/// [`Form::unoffered_choices`]), keeping what it says to keep; returns their paths.
fn drop_unoffered_choices(form: &Form, mut answers: Value) -> (Value, Vec<String>) {
    let found = form.unoffered_choices(&answers);
    let paths = found.iter().map(|(p, _)| p.clone()).collect();
    for (path, keep) in found {
        paths::set(&mut answers, &path, keep);
    }
    (answers, paths)
}

/// Takes the files out of `answers` (a draft keeps none); whether there were any.
fn strip_files(form: &Form, answers: &mut Value) -> bool {
    let mut files = false;
    for p in &form.def().pages {
        files |= paths::strip_files(&p.items, answers);
    }
    files
}

pub fn draft_key_of(form: &Form) -> String {
    format!("{}{}", draft_prefix(&form.def().id), form.def().version)
}

/// The beginning of the keys of a form's drafts (form ids have no `:`, so no other form's).
fn draft_prefix(form_id: &str) -> String {
    format!("antrag:draft:{form_id}:")
}

/// The stored keys that begin with `prefix`.
fn draft_keys(store: &web_sys::Storage, prefix: &str) -> Vec<String> {
    (0..store.length().unwrap_or(0))
        .filter_map(|i| store.key(i).ok().flatten())
        .filter(|k| k.starts_with(prefix))
        .collect()
}

/// Whether the draft under `key` was saved without files that had been chosen.
fn draft_left_files_out(key: &str) -> bool {
    storage()
        .and_then(|s| s.get_item(key).ok().flatten())
        .and_then(|raw| serde_json::from_str::<Value>(&raw).ok())
        .and_then(|doc| doc.get("filesLeftOut").and_then(Value::as_bool))
        .unwrap_or(false)
}

/// Where the receipt of an application sent from this tab is kept (`sessionStorage`: this tab
/// only, gone when it is closed), so that a reload of the confirmation keeps the reference
/// number and Back to the form still says the application was sent.
fn receipt_key(draft_key: &str) -> String {
    format!("antrag:receipt:{draft_key}")
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn load_receipt(draft_key: &str) -> Option<Receipt> {
    let raw = session_storage()?
        .get_item(&receipt_key(draft_key))
        .ok()??;
    serde_json::from_str(&raw).ok()
}

impl Fs {
    /// The application was sent: its receipt, kept for this tab (see [`receipt_key`]).
    pub fn keep_receipt(&self, receipt: Receipt) {
        if let (Some(store), Ok(json)) = (session_storage(), serde_json::to_string(&receipt)) {
            let _ = store.set_item(&receipt_key(&self.draft_key()), &json);
        }
        self.receipt.set(Some(receipt));
    }

    /// A new application of the form begins: the receipt of the last one is no longer shown.
    pub fn drop_receipt(&self) {
        if let Some(store) = session_storage() {
            let _ = store.remove_item(&receipt_key(&self.draft_key()));
        }
        self.receipt.set(None);
    }
}

/// The attempt to send kept with the draft at `key` (see [`Fs::submission_id`]).
fn load_attempt(key: &str) -> Option<(String, String)> {
    let raw = storage()?.get_item(key).ok()??;
    let doc: Value = serde_json::from_str(&raw).ok()?;
    let a = doc.get("attempt")?;
    Some((
        a.get("id")?.as_str()?.to_string(),
        a.get("fingerprint")?.as_str()?.to_string(),
    ))
}

/// What identifies the answers an attempt sends: the form's version and the payload (FNV-1a of
/// its JSON; the time of sending is not part of it).
pub fn attempt_fingerprint(version: &str, data: &Value) -> String {
    /// A file's part name is a counter of this page: the same file chosen again after a reload
    /// gets another one. Its name, type and size say which file it is.
    fn without_parts(v: &Value) -> Value {
        match v {
            Value::Object(o) => {
                // Inserted one by one: collecting into a map sorts, and every sort is code.
                let mut out = serde_json::Map::new();
                for (k, v) in o {
                    if !(k == "part" && o.contains_key("size")) {
                        out.insert(k.clone(), without_parts(v));
                    }
                }
                Value::Object(out)
            }
            Value::Array(a) => Value::Array(a.iter().map(without_parts).collect()),
            v => v.clone(),
        }
    }
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let text = serde_json::to_string(&without_parts(data)).unwrap_or_default();
    for b in version.bytes().chain([b'\n']).chain(text.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

fn load_draft(key: &str) -> Option<(f64, Value)> {
    let raw = storage()?.get_item(key).ok()??;
    let mut doc: Value = serde_json::from_str(&raw).ok()?;
    let at = doc.get("savedAt")?.as_f64()?;
    let answers = doc.get_mut("answers")?.take();
    answers.is_object().then_some((at, answers))
}

/// The newest draft this browser holds for another version of the form: a form corrected while
/// a citizen was filling it in (a new version) must not lose their answers. It is moved to the
/// current version's key (the other versions' drafts are removed once the copy is written). Answers to fields
/// the new version no longer has are kept in the draft but never sent (the payload is built
/// from the definition); answers that no longer fit show their problems as usual.
fn adopt_other_version(form: &Form) -> Option<(f64, Value)> {
    let store = storage()?;
    let current = draft_key_of(form);
    let keys: Vec<String> = draft_keys(&store, &draft_prefix(&form.def().id))
        .into_iter()
        .filter(|k| *k != current)
        .collect();
    let (at, answers, files) = keys
        .iter()
        .filter_map(|k| load_draft(k).map(|(at, a)| (at, a, draft_left_files_out(k))))
        .max_by(|a, b| a.0.total_cmp(&b.0))?;
    let doc = serde_json::json!({"savedAt": at, "answers": answers, "filesLeftOut": files});
    if store.set_item(&current, &doc.to_string()).is_ok() {
        // Older drafts of the form are superseded by this one ("delete my draft" must leave
        // nothing behind on a shared computer).
        for k in &keys {
            let _ = store.remove_item(k);
        }
    }
    Some((at, answers))
}

/// `23.11.2025, 10:42` (`23 November 2025, 10:42` in English) in local time.
pub fn format_time(ms: f64, locale: Locale) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    let date = Date::from_ymd(
        d.get_full_year() as i32,
        (d.get_month() + 1) as u8,
        d.get_date() as u8,
    )
    .map(|date| antrag_core::form::format_date(date, locale))
    .unwrap_or_default();
    format!("{date}, {:02}:{:02}", d.get_hours(), d.get_minutes())
}

/// An instant as date and time in Germany (the authority's clock, by which "today" is judged
/// too), wherever the browser is.
pub fn format_time_in_germany(ms: f64, locale: Locale) -> String {
    let (date, minute) = Date::in_germany(ms.floor() as i64);
    let date = antrag_core::form::format_date(date, locale);
    format!("{date}, {:02}:{:02}", minute / 60, minute % 60)
}

/// A chosen file the field did not take, and the files it held then.
#[derive(Clone)]
pub struct Refused {
    pub taken: Vec<FileDescriptor>,
    pub file: FileDescriptor,
}

/// `answers` with every list topped up to its `minItems` empty entries (as the pages show them).
pub fn topped_up(form: &Form, mut answers: Value) -> Value {
    for p in &form.def().pages {
        paths::top_up_lists(&mut answers, &p.items, "");
    }
    answers
}

/// Label of a repeat entry: `itemLabel` with `{n}`, or the default.
pub fn entry_label(r: &antrag_core::model::Repeat, n: usize, locale: Locale) -> String {
    let tpl = r
        .item_label
        .as_ref()
        .map(|t| t.get(locale).to_string())
        .unwrap_or_else(|| strings(locale).entry_label.to_string());
    fill(&tpl, &[("n", &n.to_string())])
}

/// The repeat entries a path lies in, for people: `halter[1].telefone[0].nr` → `Person 2,
/// Eintrag 1`. `None` outside repeats. The error summary puts it before a message, which names
/// only the field ("Geben Sie „Name“ an." twice would not say which person).
pub fn entry_context(form: &Form, path: &str, locale: Locale) -> Option<String> {
    let parts = entry_context_parts(form, path, locale);
    (!parts.is_empty()).then(|| {
        let texts: Vec<&str> = parts.iter().map(|(t, _)| t.as_str()).collect();
        texts.join(", ")
    })
}

/// [`entry_context`] label by label, each with its language where it is not `locale` (an
/// `itemLabel` given only in German, in the English UI).
pub fn entry_context_parts(
    form: &Form,
    path: &str,
    locale: Locale,
) -> Vec<(String, Option<&'static str>)> {
    path.match_indices(']')
        .filter_map(|(end, _)| {
            let (list, index) = path[..end].rsplit_once('[')?;
            let n: usize = index.parse().ok()?;
            match form.item(list)? {
                antrag_core::model::Item::Repeat(r) => Some((
                    entry_label(r, n + 1, locale),
                    r.item_label
                        .as_ref()
                        .and_then(|t| crate::fields::lang_of(t, locale)),
                )),
                _ => None,
            }
        })
        .collect()
}

/// Template keys of a repeat and everything in it.
pub fn repeat_keys(r: &antrag_core::model::Repeat, key: &str) -> Vec<String> {
    let mut out = vec![key.to_string()];
    paths::keys_under(&r.items, &format!("{key}[*]."), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_marks_the_label_it_quotes() {
        let msg = |text: &str, label: &str| Msg {
            text: text.into(),
            lang: None,
            label: Some((label.into(), Locale::De)),
        };
        // The quoted label, not the same letters earlier in the message.
        let m = msg("Enter “E”.", "E");
        assert_eq!(
            m.parts(),
            [("Enter “", None), ("E", Some("de")), ("”.", None)]
        );
        let m = msg("„Name“ ist zu lang.", "Name");
        assert_eq!(m.parts()[1], ("Name", Some("de")));
        // A message in another language as a whole is one piece.
        let whole = Msg {
            text: "Nicht zwei.".into(),
            lang: Some(Locale::De),
            label: None,
        };
        assert_eq!(whole.parts(), [("Nicht zwei.", Some("de"))]);
        assert_eq!(Msg::plain("x".into()).parts(), [("x", None)]);
    }

    #[test]
    fn entry_context_names_each_repeat_entry_a_path_lies_in() {
        let src = r#"{"id": "t", "version": "1.0.0", "title": "T", "submit": {"url": "/x"},
            "pages": [{"id": "p", "title": "P", "items": [
                {"type": "text", "id": "name", "label": "Name"},
                {"type": "group", "id": "g", "items": [{"type": "text", "id": "x", "label": "X"}]},
                {"type": "repeat", "id": "halter", "label": "Halter",
                 "itemLabel": {"de": "Person {n}", "en": "Person {n}"}, "items": [
                    {"type": "text", "id": "name", "label": "Name"},
                    {"type": "repeat", "id": "tel", "label": "Telefon", "items": [
                        {"type": "phone", "id": "nr", "label": "Nummer"}]}]}]}]}"#;
        let form = Form::from_json(src, &Default::default()).unwrap();
        let ctx = |p: &str| entry_context(&form, p, Locale::De);
        assert_eq!(ctx("name"), None);
        assert_eq!(ctx("g.x"), None);
        assert_eq!(ctx("halter"), None);
        assert_eq!(ctx("halter[1].name").as_deref(), Some("Person 2"));
        assert_eq!(
            ctx("halter[0].tel[2].nr").as_deref(),
            Some("Person 1, Eintrag 3")
        );
        assert_eq!(
            entry_context(&form, "halter[0].tel[0].nr", Locale::En).as_deref(),
            Some("Person 1, Entry 1")
        );
    }

    #[test]
    fn entry_context_marks_an_item_label_given_only_in_german() {
        let src = r#"{"id": "t", "version": "1.0.0", "title": "T", "submit": {"url": "/x"},
            "pages": [{"id": "p", "title": "P", "items": [
                {"type": "repeat", "id": "halter", "label": "Halter", "itemLabel": "Person {n}",
                 "items": [
                    {"type": "repeat", "id": "tel", "label": "Telefon", "items": [
                        {"type": "phone", "id": "nr", "label": "Nummer"}]}]}]}]}"#;
        let form = Form::from_json(src, &Default::default()).unwrap();
        assert_eq!(
            entry_context_parts(&form, "halter[1].tel[0].nr", Locale::En),
            [
                ("Person 2".to_string(), Some("de")),
                ("Entry 1".to_string(), None)
            ]
        );
        assert_eq!(
            entry_context_parts(&form, "halter[1].tel[0].nr", Locale::De),
            [
                ("Person 2".to_string(), None),
                ("Eintrag 1".to_string(), None)
            ]
        );
    }
}
