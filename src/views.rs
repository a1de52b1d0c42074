//! The pages: start page, form intro, wizard steps, check answers, confirmation, and the friendly
//! or developer error pages.

use antrag_core::model::{FieldKind, FormDefinition, Item, Manifest};
use antrag_core::{Diagnostic, Form, Severity};
use leptos::either::Either;
use leptos::prelude::*;
use serde_json::Value;

use crate::fields::{self, lang_of};
use crate::i18n::fill;
use crate::markup;
use crate::net::HttpRequest;
use crate::paths::dom_id;
use crate::state::{
    entry_context_parts, entry_label, set_html_lang, App, Fs, Route, SubmitState, CHECK_SEGMENT,
};
use crate::submit;

pub const FORMS_BASE: &str = "/forms/";

/// An `<a>` that navigates inside the app.
/// A link to one of the app's pages (followed in the page by the app's one click listener,
/// `app_view`); `focus` is the id of the element to focus there.
fn link(
    route: Route,
    focus: Option<String>,
    class: &'static str,
    body: impl IntoView + 'static,
) -> impl IntoView {
    let href = match &focus {
        Some(f) => format!("{}#{f}", route.path()),
        None => route.path(),
    };
    view! { <a href=href class=class>{body}</a> }
}

fn set_title(parts: &[&str]) {
    if let Some(d) = crate::state::document() {
        d.set_title(
            &parts
                .iter()
                .filter(|p| !p.is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join(" – "),
        );
    }
}

/// Header, main and footer.
pub fn layout(app: App) -> impl IntoView {
    let s = move || app.s();
    let toggle = move |_| {
        let other = if app.locale.get_untracked() == antrag_core::Locale::De {
            antrag_core::Locale::En
        } else {
            antrag_core::Locale::De
        };
        app.set_locale(other);
    };
    set_html_lang(app.locale.get_untracked());
    let form_id = Memo::new(move |_| app.route.with(|r| r.form_id().map(str::to_string)));
    view! {
        <a href="#main" class="skip-link">{move || { app.locale.track(); s().skip_link }}</a>
        <header class="header">
            <div class="container header-inner">
                {move || { app.locale.track(); link(Route::Home, None, "header-name", s().app_name) }}
                <button type="button" class="lang-toggle" on:click=toggle
                    lang=move || { app.locale.track(); s().other_lang_code }>
                    {move || { app.locale.track(); s().other_lang_label }}
                </button>
            </div>
        </header>
        <div class="container">
            <main class="main" id="main" tabindex="-1">
                {move || match form_id.get() {
                    Some(id) => Either::Left(form_host(app, id)),
                    None => Either::Right(move || {
                        app.locale.track();
                        if app.route.with(|r| *r == Route::NotFound) {
                            Either::Left(not_found(app))
                        } else {
                            Either::Right(home(app))
                        }
                    }),
                }}
            </main>
        </div>
        <div class="visually-hidden" aria-live="polite" aria-atomic="true">{move || app.announce.get()}</div>
    }
}

fn not_found(app: App) -> impl IntoView {
    let s = app.s();
    set_title(&[s.not_found_title]);
    view! {
        <h1 class="heading-l" tabindex="-1">{s.not_found_title}</h1>
        <p class="body">{s.not_found_text}</p>
        <p class="body">{link(Route::Home, None, "link", s.to_overview)}</p>
    }
}

#[derive(Clone)]
enum HomeState {
    Loading,
    Ready(Manifest),
    Failed,
}

fn home(app: App) -> impl IntoView {
    let s = app.s();
    let loc = app.locale.get_untracked();
    set_title(&[s.forms_title, s.app_name]);
    let state = RwSignal::new(HomeState::Loading);
    leptos::task::spawn_local(async move {
        let t = app.transport.get_value();
        let r = t(HttpRequest::get(format!("{FORMS_BASE}index.json"))).await;
        let st = match r {
            Ok(r) if r.status == 200 => serde_json::from_str::<Manifest>(&r.body)
                .map(HomeState::Ready)
                .unwrap_or(HomeState::Failed),
            _ => HomeState::Failed,
        };
        state.try_set(st);
    });
    view! {
        <h1 class="heading-l" tabindex="-1">{s.forms_title}</h1>
        {move || match state.get() {
            HomeState::Loading => view! { <p class="body muted" role="status">{s.loading}</p> }.into_any(),
            HomeState::Failed => view! { <p class="body">{s.unavailable_text}</p> }.into_any(),
            HomeState::Ready(m) if m.forms.is_empty() => view! { <p class="body">{s.no_forms}</p> }.into_any(),
            HomeState::Ready(m) => view! {
                <p class="body">{s.forms_intro}</p>
                <ul class="form-list">
                    {m.forms.into_iter().map(|e| {
                        let title = e.title.get(loc).to_string();
                        let lang = lang_of(&e.title, loc);
                        view! {
                            <li class="form-list-item">
                                <h2 class="heading-s" lang=lang>{link(Route::Intro(e.id.clone()), None, "link", title)}</h2>
                                {e.description.as_ref().map(|d| view! {
                                    <div class="prose" lang=lang_of(d, loc)>{markup::blocks(d.get(loc))}</div>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any(),
        }}
    }
}

#[derive(Clone)]
#[allow(clippy::large_enum_variant)]
enum LoadState {
    Loading,
    Unavailable,
    /// The published forms are known and this is not one of them (a mistyped or old address).
    NoSuchForm,
    Diagnostics(Vec<Diagnostic>),
    Ready(Fs),
}

async fn get_text(app: App, url: String) -> Option<String> {
    let t = app.transport.get_value();
    match t(HttpRequest::get(url)).await {
        Ok(r) if r.status == 200 => Some(r.body),
        _ => None,
    }
}

/// Loads and compiles the form `id` with its code lists; `seen` gets a fingerprint of the texts
/// it read (the dev preview skips a reload that would change nothing).
/// The code of [`load_form`]'s error for a form that is not published.
const NO_SUCH_FORM: &str = "no-such-form";

async fn load_form(app: App, id: &str, seen: &mut u64) -> Result<Form, Vec<Diagnostic>> {
    use std::hash::{Hash, Hasher};
    let mut fingerprint = std::hash::DefaultHasher::new();
    let err = |code: &str, message: String| vec![Diagnostic::error(code, message)];
    // The manifest names the file; it is almost always `<id>.json`, so ask for both at once and
    // only ask again when the manifest says otherwise.
    let usual = format!("{id}.json");
    let mut both = crate::net::join_all(vec![
        Box::pin(get_text(app, format!("{FORMS_BASE}index.json"))),
        Box::pin(get_text(app, format!("{FORMS_BASE}{usual}"))),
    ])
    .await;
    let usual_src = both.pop().flatten();
    let manifest = both.pop().flatten();
    let manifest = manifest.and_then(|src| serde_json::from_str::<Manifest>(&src).ok());
    let listed = manifest
        .as_ref()
        .map(|m| m.forms.iter().any(|e| e.id == id));
    let file = manifest
        .and_then(|m| m.forms.into_iter().find(|e| e.id == id).map(|e| e.file))
        .unwrap_or_else(|| usual.clone());
    let src = if file == usual {
        usual_src
    } else {
        get_text(app, format!("{FORMS_BASE}{file}")).await
    };
    src.hash(&mut fingerprint);
    *seen = fingerprint.finish();
    let Some(src) = src else {
        // Not published (the list of forms was read and does not name it), or not reachable.
        let code = if listed == Some(false) {
            NO_SUCH_FORM
        } else {
            "not-found"
        };
        return Err(err(code, format!("{file} not found")));
    };
    let def: FormDefinition =
        serde_json::from_str(&src).map_err(|e| err("json", format!("{file}: {e}")))?;
    // Code lists, all at once.
    let refs: Vec<String> = Form::code_list_refs(&def);
    let fetched = crate::net::join_all(
        refs.iter()
            .map(|r| Box::pin(get_text(app, format!("{FORMS_BASE}{r}"))) as _)
            .collect(),
    )
    .await;
    fetched.hash(&mut fingerprint);
    *seen = fingerprint.finish();
    // Inserted one by one: collecting into a map sorts, and every sort is code in the wasm.
    let mut texts = std::collections::BTreeMap::new();
    for (r, text) in refs.into_iter().zip(fetched) {
        if let Some(text) = text {
            texts.insert(r, text);
        }
    }
    Form::compile_with_sources(def, &texts)
}

/// Asks the dev server for diagnostics; `Some` only in `--dev` mode.
async fn dev_diagnostics(app: App, id: &str) -> Option<Vec<Diagnostic>> {
    let t = app.transport.get_value();
    let r = t(HttpRequest::get(format!("/api/dev/forms/{id}/diagnostics")))
        .await
        .ok()?;
    if r.status != 200 {
        return None;
    }
    let v: Value = serde_json::from_str(&r.body).ok()?;
    let list = match v {
        Value::Array(_) => v,
        Value::Object(mut o) => o.remove("diagnostics").unwrap_or(Value::Array(vec![])),
        _ => Value::Array(vec![]),
    };
    Some(serde_json::from_value(list).unwrap_or_default())
}

/// Listens to the dev server's change events and bumps `reload` when `id` changes.
fn listen_dev_events(id: String, reload: RwSignal<u32>) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let Ok(es) = web_sys::EventSource::new("/api/dev/events") else {
        return;
    };
    let cb = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
        let data = ev.data().as_string().unwrap_or_default();
        if data.is_empty() || data.contains(&id) || !data.contains('"') {
            reload.try_update(|n| *n += 1);
        }
    });
    es.set_onmessage(Some(cb.as_ref().unchecked_ref()));
    cb.forget();
    // A save between loading the form and this stream's (re)connection sent no event: look
    // again whenever it opens (a reload that finds the same texts changes nothing).
    let opened = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
        reload.try_update(|n| *n += 1);
    });
    es.set_onopen(Some(opened.as_ref().unchecked_ref()));
    opened.forget();
}

fn form_host(app: App, id: String) -> impl IntoView {
    let state = RwSignal::new(LoadState::Loading);
    // The preview's warnings about a form that works (`antrag serve --dev`).
    let dev_warnings = RwSignal::new(Vec::<Diagnostic>::new());
    let reload = RwSignal::new(0u32);
    let owner = Owner::current().unwrap_or_default();
    let listening = StoredValue::new(false);
    let session_owner: StoredValue<Option<Owner>> = StoredValue::new(None);
    // Fingerprint of the texts shown now (dev reloads that change nothing are skipped).
    let shown: StoredValue<Option<u64>> = StoredValue::new(None);
    let id2 = id.clone();
    Effect::new(move |_| {
        let n = reload.get();
        let id = id2.clone();
        let owner = owner.clone();
        leptos::task::spawn_local(async move {
            let mut seen = 0;
            let loaded = load_form(app, &id, &mut seen).await;
            // Only `antrag serve --dev` has diagnostics; elsewhere do not even ask.
            let dev = if app.is_dev().await {
                dev_diagnostics(app, &id).await
            } else {
                None
            };
            if dev.is_some() && !listening.try_get_value().unwrap_or(true) {
                listening.try_set_value(true);
                owner.with(|| listen_dev_events(id.clone(), reload));
            }
            if n > 0 && shown.try_get_value().flatten() == Some(seen) {
                return;
            }
            shown.try_set_value(Some(seen));
            let previous = match state.try_get_untracked() {
                Some(LoadState::Ready(fs)) => {
                    // A save still waiting for its timer would die with the old session.
                    fs.flush_save();
                    fs.answers.try_get_value()
                }
                None => return,
                _ => None,
            };
            // The previous session's signals live until its views are gone: removing a focused
            // input fires its blur handler, which must still find them.
            let mut retired = None;
            let warnings = match (&loaded, &dev) {
                (Ok(_), Some(d)) => d.clone(),
                _ => Vec::new(),
            };
            dev_warnings.try_set(warnings);
            let next = match loaded {
                Ok(form) => {
                    let child = owner.child();
                    let fs = child.with(|| Fs::new(app, form, previous));
                    retired = session_owner
                        .try_update_value(|s| s.replace(child))
                        .flatten();
                    if n > 0 {
                        app.say(app.s().dev_reloaded.to_string());
                    }
                    LoadState::Ready(fs)
                }
                Err(local) => match dev {
                    Some(d) if !d.is_empty() => LoadState::Diagnostics(d),
                    Some(_) => LoadState::Diagnostics(local),
                    None if local.iter().any(|d| d.code == NO_SUCH_FORM) => LoadState::NoSuchForm,
                    None => LoadState::Unavailable,
                },
            };
            state.try_set(next);
            // Views update in a later task; let the old session go after that.
            if let Some(old) = retired {
                request_animation_frame(move || drop(old));
            }
            if n == 0 {
                app.after_render_focus();
            }
        });
    });
    move || match state.get() {
        LoadState::Loading => {
            let s = app.s();
            view! { <p class="body muted" role="status">{s.loading}</p> }.into_any()
        }
        LoadState::Unavailable => {
            app.locale.track();
            let s = app.s();
            set_title(&[s.unavailable_title]);
            view! {
                <h1 class="heading-l" tabindex="-1">{s.unavailable_title}</h1>
                <p class="body">{s.unavailable_text}</p>
                <p class="body">{link(Route::Home, None, "link", s.to_overview)}</p>
            }
            .into_any()
        }
        LoadState::NoSuchForm => {
            app.locale.track();
            not_found(app).into_any()
        }
        LoadState::Diagnostics(d) => diagnostics(app, &id, d).into_any(),
        LoadState::Ready(fs) => view! { {dev_notes(app, dev_warnings)} {form_view(fs)} }.into_any(),
    }
}

/// In the authors' preview, above a form that works: what `antrag check` warns about in it,
/// folded away (the form is what the author came to look at).
fn dev_notes(app: App, warnings: RwSignal<Vec<Diagnostic>>) -> impl IntoView {
    move || {
        let d = warnings.get();
        (!d.is_empty()).then(|| {
            let s = app.s();
            let n = d.len().to_string();
            view! {
                <details class="dev-notes no-print">
                    <summary>{fill(s.dev_warnings, &[("n", &n)])}</summary>
                    {diagnostic_list(d)}
                </details>
            }
        })
    }
}

fn diagnostics(app: App, id: &str, d: Vec<Diagnostic>) -> impl IntoView {
    let s = app.s();
    set_title(&[s.dev_title, id]);
    view! {
        <h1 class="heading-l" tabindex="-1">{s.dev_title}</h1>
        <p class="body">{s.dev_intro}</p>
        {diagnostic_list(d)}
    }
}

fn diagnostic_list(d: Vec<Diagnostic>) -> impl IntoView {
    view! {
        // antrag check speaks English (see docs/authoring.md).
        <ul class="diagnostics" lang="en">
            {d.into_iter().map(|d| {
                let sev = match d.severity { Severity::Error => "error", Severity::Warning => "warning" };
                let loc = if d.line > 0 { format!("{}:{}", d.line, d.column) } else { d.pointer.clone() };
                view! {
                    <li class=format!("diagnostic diagnostic-{sev}")>
                        <p class="diagnostic-head"><strong>{sev}"["{d.code}"]"</strong>" " <code>{loc}</code></p>
                        <p class="body">{d.message}</p>
                        {d.hint.map(|h| view! { <p class="hint">{h}</p> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[derive(Clone, PartialEq)]
enum Sub {
    Intro,
    Page(Option<usize>),
    Check,
    Done,
}

fn form_view(fs: Fs) -> impl IntoView {
    let app = fs.app;
    let sub = Memo::new(move |_| {
        app.route.with(|r| match r {
            Route::Page(_, p) => Sub::Page(
                fs.form
                    .with_value(|f| f.def().pages.iter().position(|x| &x.id == p)),
            ),
            Route::Check(_) => Sub::Check,
            Route::Done(_) => Sub::Done,
            _ => Sub::Intro,
        })
    });
    move || {
        app.locale.track();
        fs.epoch.track();
        let sent = fs.receipt.with_untracked(Option::is_some);
        match sub.get() {
            // Back from the confirmation: the answers are gone, say why instead of empty pages.
            Sub::Page(_) | Sub::Check if sent => already_sent(fs).into_any(),
            Sub::Intro => intro(fs).into_any(),
            // A page the answers skip, opened by its address: on to the next page shown.
            Sub::Page(Some(i)) if !fs.visible_pages.with_untracked(|v| v.contains(&i)) => {
                let to = fs.skipped_page_route(i);
                request_animation_frame(move || app.redirect(to));
                ().into_any()
            }
            Sub::Page(Some(i)) => page(fs, i).into_any(),
            // An address of a page the form no longer has (renamed in a new version, an old
            // bookmark): where the citizen would continue, not "Seite nicht gefunden".
            Sub::Page(None) => {
                let begun = fs.answers.with_value(crate::paths::has_answer);
                let to = if begun {
                    fs.resume_route()
                } else {
                    Route::Intro(fs.form_id())
                };
                request_animation_frame(move || app.redirect(to));
                ().into_any()
            }
            Sub::Check => check(fs).into_any(),
            Sub::Done => done(fs).into_any(),
        }
    }
}

/// A page or the check page of an application sent in this session (the browser's Back from the
/// confirmation): the answers were forgotten on purpose; the citizen can see the confirmation
/// again or begin a new application.
fn already_sent(fs: Fs) -> impl IntoView {
    let s = fs.s();
    let reference = fs
        .receipt
        .with_untracked(|r| r.as_ref().map(|r| r.reference.clone()))
        .unwrap_or_default();
    set_title(&[s.already_sent_title, s.app_name]);
    view! {
        <h1 class="heading-l" tabindex="-1">{s.already_sent_title}</h1>
        <p class="body">{s.already_sent_text}</p>
        {(!reference.is_empty()).then(|| view! {
            <p class="body">{s.reference}" "<strong>{reference}</strong></p>
        })}
        <p class="body">{link(Route::Done(fs.form_id()), None, "link", s.to_confirmation)}</p>
        <p class="body">
            <button type="button" class="button-link" on:click=move |_| start_new(fs)>
                {s.new_of_this_form}
            </button>
        </p>
    }
}

/// Begins a new application of the form after one was sent in this session.
fn start_new(fs: Fs) {
    fs.drop_receipt();
    fs.record.set_value(None);
    // Re-render even when the route stays the same (the first page, "already sent" before).
    fs.epoch.update(|e| *e += 1);
    fs.app.navigate(fs.first_page_route(), None);
}

fn draft_notice(fs: Fs) -> impl IntoView {
    let s = fs.s();
    move || {
        fs.restored.get().map(|r| {
            view! {
                <div class="notice" role="status">
                    <p class="body">{fill(s.draft_restored, &[("date", &crate::state::format_time(r.at, fs.loc()))])}</p>
                    {r.changed.then(|| view! { <p class="body">{s.draft_form_changed}</p> })}
                    {r.files.then(|| view! { <p class="body">{s.files_not_restored}</p> })}
                    <button type="button" class="button button-secondary" on:click=move |_| delete_draft_asked(fs)
                        // Not while the application is being sent (its answers are under way).
                        disabled=move || fs.submit.with(|st| *st == SubmitState::Busy)>
                        {s.draft_delete}
                    </button>
                </div>
            }
        })
    }
}

/// The questions whose chosen option the changed form no longer offers (a draft of an earlier
/// version), each a link to its field, until it is answered again; on every page, as the
/// citizen may come to them later.
fn withdrawn_notice(fs: Fs) -> impl IntoView {
    move || {
        let paths = fs.withdrawn.get();
        (!paths.is_empty()).then(|| {
            let loc = fs.loc();
            let s = fs.s();
            let id = fs.id.get_value();
            let items = paths
                .iter()
                .map(|path| {
                    let (label, lang, page) = fs.form.with_value(|f| {
                        let text = f.item(path).and_then(|i| i.field()).map(|(_, fd)| &fd.label);
                        let page = fs.page_of(path).and_then(|i| f.def().pages.get(i));
                        (
                            text.map(|t| t.get(loc).to_string()).unwrap_or_default(),
                            text.and_then(|t| lang_of(t, loc)),
                            page.map(|p| p.id.clone()),
                        )
                    });
                    let body = view! { <span lang=lang>{label}</span> };
                    match page {
                        Some(p) => {
                            let focus = Some(crate::paths::dom_id(path));
                            view! { <li>{link(Route::Page(id.clone(), p), focus, "link", body)}</li> }
                                .into_any()
                        }
                        None => view! { <li>{body}</li> }.into_any(),
                    }
                })
                .collect::<Vec<_>>();
            view! {
                <div class="notice" role="status">
                    <p class="body">{s.draft_choices_withdrawn}</p>
                    <ul class="list">{items}</ul>
                </div>
            }
        })
    }
}

/// At the end of every page of a form: the answers are kept in this browser, and the way to
/// delete them, at any time (a shared computer), not only after a draft was restored (then the
/// notice at the top has the button, and this one is not repeated).
fn draft_actions(fs: Fs) -> impl IntoView {
    let app = fs.app;
    move || {
        // Not while the application is being sent (its answers are under way).
        let sending = fs.submit.with(|st| *st == SubmitState::Busy);
        (app.drafts_ok.get() && fs.restored.with(Option::is_none) && !sending).then(|| {
            let s = fs.s();
            view! {
                <p class="body muted draft-actions no-print">
                    {s.draft_kept}" "
                    <button type="button" class="button-link" on:click=move |_| delete_draft_asked(fs)>
                        {s.draft_delete}
                    </button>
                </p>
            }
        })
    }
}

/// Deletes the draft and the answers once the citizen said yes (a browser without dialogs says
/// yes); with nothing entered yet there is nothing to lose, so nothing to ask.
fn delete_draft_asked(fs: Fs) {
    // A list's empty first entry, there from the start, is nothing entered.
    let empty = !fs.answers.with_value(crate::paths::has_answer);
    let sure = empty
        || web_sys::window()
            .and_then(|w| w.confirm_with_message(fs.s().draft_delete_confirm).ok())
            .unwrap_or(true);
    if sure {
        fs.delete_draft();
    }
}

/// Shown on the form's first page when the draft was deleted, or the application sent, in another
/// tab: the answers here went too.
fn ended_elsewhere_notice(fs: Fs) -> impl IntoView {
    move || {
        fs.ended_elsewhere.get().then(|| {
            view! {
                <div class="notice" role="status">
                    <p class="body">{fs.s().ended_elsewhere}</p>
                </div>
            }
        })
    }
}

/// Shown while this browser cannot keep a draft (no storage, blocked, or full): the citizen must
/// not rely on coming back.
fn drafts_unavailable(fs: Fs) -> impl IntoView {
    let app = fs.app;
    move || {
        (!app.drafts_ok.get()).then(|| {
            view! {
                <div class="notice" role="status">
                    <p class="body">{app.s().drafts_unavailable}</p>
                </div>
            }
        })
    }
}

fn back_link(fs: Fs, route: Route) -> impl IntoView {
    link(route, None, "back-link", fs.s().back)
}

fn intro(fs: Fs) -> impl IntoView {
    let loc = fs.loc();
    let s = fs.s();
    let (title, lang, desc) = fs.form.with_value(|f| {
        let d = f.def();
        (
            d.title.get(loc).to_string(),
            lang_of(&d.title, loc),
            d.description.clone(),
        )
    });
    set_title(&[&title, s.app_name]);
    // With answers (a restored draft, or back from a page) the button continues where something
    // is still missing instead of starting over; after sending (Back from the confirmation) it
    // begins a new application, and the confirmation stays reachable.
    let start = move || {
        if fs.receipt.with_untracked(Option::is_some) {
            return view! {
                <div class="notice" role="status">
                    <p class="body">{s.already_sent_title}". "
                        {link(Route::Done(fs.form_id()), None, "link", s.to_confirmation)}</p>
                </div>
                <button type="button" class="button button-start" on:click=move |_| start_new(fs)>
                    {s.new_of_this_form}<span class="start-arrow" aria-hidden="true">" →"</span>
                </button>
            }
            .into_any();
        }
        let begun = fs.answers.with_value(crate::paths::has_answer);
        let (route, text) = if begun {
            (fs.resume_route(), s.continue_draft)
        } else {
            (fs.first_page_route(), s.start_now)
        };
        link(
            route,
            None,
            "button button-start",
            view! { {text}<span class="start-arrow" aria-hidden="true">" →"</span> },
        )
        .into_any()
    };
    view! {
        {link(Route::Home, None, "back-link", s.to_overview)}
        <h1 class="heading-xl" tabindex="-1" lang=lang>{title}</h1>
        {desc.map(|d| view! { <div class="prose" lang=lang_of(&d, loc)>{markup::blocks(d.get(loc))}</div> })}
        {ended_elsewhere_notice(fs)}
        {draft_notice(fs)}
        {drafts_unavailable(fs)}
        {move || { fs.epoch.track(); start() }}
    }
}

fn steps(fs: Fs, current: usize) -> impl IntoView {
    let loc = fs.loc();
    let s = fs.s();
    let titles: Vec<(String, Option<&'static str>)> = fs.form.with_value(|f| {
        f.def()
            .pages
            .iter()
            .map(|p| (p.title.get(loc).to_string(), lang_of(&p.title, loc)))
            .collect()
    });
    move || {
        let vis = fs.visible_pages.get();
        let pos = vis
            .iter()
            .position(|&i| i == current)
            .map(|p| p + 1)
            .unwrap_or(1);
        let count = fill(
            s.step_of,
            &[
                ("n", &pos.to_string()),
                ("m", &vis.len().max(1).to_string()),
            ],
        );
        view! {
            <nav class="steps" aria-label=s.progress>
                <p class="caption">{count}</p>
                <ol class="steps-list">
                    {vis.into_iter().enumerate().map(|(n, i)| {
                        let (t, lang) = titles.get(i).cloned().unwrap_or_default();
                        let cur = i == current;
                        let class = if cur { "step step-current" } else if n + 1 < pos { "step step-done" } else { "step" };
                        view! { <li class=class aria-current=cur.then_some("step") lang=lang>{t}</li> }
                    }).collect_view()}
                </ol>
            </nav>
        }
    }
}

fn error_summary(fs: Fs, here: String) -> impl IntoView {
    let s = fs.s();
    // The box stays the same element while its entries change (a blur re-validates and updates
    // the summary just after the box took focus): replacing it would drop the focus.
    let entries = Memo::new(move |_| {
        fs.summary
            .get()
            .filter(|(k, e)| *k == here && !e.is_empty())
            .map(|(_, entries)| entries)
    });
    let shown = Memo::new(move |_| entries.with(Option::is_some));
    move || {
        shown.get().then(|| {
            let title = fs.form.with_value(|f| f.def().title.get(fs.loc()).to_string());
            set_title(&[&format!("{}{}", s.error_title_prefix, document_title_base()), &title]);
            view! {
                <div class="error-summary" id="error-summary" role="alert" tabindex="-1"
                    aria-labelledby="error-summary-title">
                    <h2 class="error-summary-title" id="error-summary-title">{s.error_summary_title}</h2>
                    <ul class="error-summary-list">
                        {move || entries.get().unwrap_or_default().into_iter().map(|(path, msg)| {
                            // "Person 2: " before the message, each entry's label in its own
                            // language (an itemLabel given only in German, in the English UI).
                            let parts = fs.form.with_value(|f| entry_context_parts(f, &path, fs.loc()));
                            let count = parts.len();
                            let context = parts.into_iter().enumerate().map(|(i, (t, lang))| {
                                let sep = if i + 1 == count { ": " } else { ", " };
                                view! { <span lang=lang>{t}</span>{sep} }
                            }).collect_view();
                            let msg = msg.view();
                            let id = dom_id(&path);
                            let target = id.clone();
                            view! {
                                <li><a href=format!("#{id}") on:click=move |ev| {
                                    ev.prevent_default();
                                    let t = target.clone();
                                    crate::state::focus_later(move || Some(t), 2);
                                }>{context}{msg}</a></li>
                            }
                        }).collect_view()}
                    </ul>
                </div>
            }
        })
    }
}

fn document_title_base() -> String {
    crate::state::document()
        .map(|d| d.title())
        .unwrap_or_default()
        .split(" – ")
        .next()
        .unwrap_or_default()
        .trim_start_matches("Fehler: ")
        .trim_start_matches("Error: ")
        .to_string()
}

/// From this many top-level items on, a page counts as long (see `.form-items-long`).
const LONG_PAGE: usize = 30;

fn page(fs: Fs, index: usize) -> impl IntoView {
    let loc = fs.loc();
    let s = fs.s();
    let form = fs.form.get_value();
    let (p, form_title) = (&form.def().pages[index], form.def().title.get(loc));
    set_title(&[p.title.get(loc), form_title]);
    let body = fields::page_items(fs, index, &p.items);
    // Long pages let the browser skip style and layout of what is off screen (CSS).
    let form_items_class = if p.items.len() > LONG_PAGE {
        "form-items form-items-long"
    } else {
        "form-items"
    };
    view! {
        {back_link(fs, fs.back_route(Some(index)))}
        {error_summary(fs, p.id.clone())}
        {draft_notice(fs)}
        {withdrawn_notice(fs)}
        {drafts_unavailable(fs)}
        {steps(fs, index)}
        <h1 class="heading-l" tabindex="-1" lang=lang_of(&p.title, loc)>{p.title.get(loc).to_string()}</h1>
        {p.description.as_ref().map(|d| view! { <div class="prose" lang=lang_of(d, loc)>{markup::blocks(d.get(loc))}</div> })}
        <form class="form" novalidate on:submit=move |ev| {
            ev.prevent_default();
            fs.next(index);
        }>
            // The fields are built into this div while it is detached, and the div enters the
            // form once. Chromium does work proportional to the form's controls for every subtree
            // inserted into a form: 1000 fields inserted one by one took ~300 ms, as one ~1 ms.
            <div class=form_items_class>{body}</div>
            <div class="button-group">
                <button type="submit" class="button">{s.next}</button>
            </div>
        </form>
        {draft_actions(fs)}
    }
}

#[derive(Clone)]
pub enum Row {
    /// The title of a group, a list or a list entry, how deep it is (0: on the page), its
    /// language where it is not the page's (a form text given only in German), and for a list
    /// its path and page (a list can have a problem of its own: too few entries).
    Section(
        String,
        usize,
        Option<&'static str>,
        Option<(String, String)>,
    ),
    Answer {
        label: String,
        /// As for sections: the label's language where it is not the page's.
        label_lang: Option<&'static str>,
        value: String,
        /// The value's language where it is not the page's (option labels only in German).
        value_lang: Option<&'static str>,
        path: String,
        /// The page to change it on; `None` for computed values, which cannot be changed.
        page: Option<String>,
        /// What stands for no answer: "Nicht angegeben", for a declaration "Nicht bestätigt".
        none: &'static str,
    },
}

fn rows(fs: Fs, items: &[Item], prefix: &str, page: &str, out: &mut Vec<Row>) {
    let loc = fs.loc();
    for item in items {
        let Some(id) = item.id() else { continue };
        let path = format!("{prefix}{id}");
        if !fs.with(|f, a, c| f.is_visible(&path, a, c)) {
            continue;
        }
        match item {
            Item::Group(g) => {
                let depth = section_depth(&path);
                if let Some(l) = &g.label {
                    out.push(Row::Section(
                        l.get(loc).to_string(),
                        depth,
                        lang_of(l, loc),
                        None,
                    ));
                }
                rows(fs, &g.items, &format!("{path}."), page, out);
            }
            Item::Repeat(r) => {
                let depth = section_depth(&path);
                out.push(Row::Section(
                    r.label.get(loc).to_string(),
                    depth,
                    lang_of(&r.label, loc),
                    Some((path.clone(), page.to_string())),
                ));
                let entry_lang = r.item_label.as_ref().and_then(|t| lang_of(t, loc));
                let n = fs
                    .get(&path)
                    .and_then(|v| v.as_array().map(Vec::len))
                    .unwrap_or(0);
                for i in 0..n {
                    out.push(Row::Section(
                        entry_label(r, i + 1, loc),
                        depth + 1,
                        entry_lang,
                        None,
                    ));
                    rows(fs, &r.items, &format!("{path}[{i}]."), page, out);
                }
            }
            _ => {
                if let Some((kind, f)) = item.field() {
                    let (value, value_lang) = fs.with(|form, a, c| {
                        (
                            form.display(&path, a, c),
                            form.display_locale(&path, a, c)
                                .map(antrag_core::Locale::code),
                        )
                    });
                    out.push(Row::Answer {
                        label: f.label.get(loc).to_string(),
                        label_lang: lang_of(&f.label, loc),
                        value,
                        value_lang,
                        path,
                        page: (kind != FieldKind::Computed).then(|| page.to_string()),
                        none: if kind == FieldKind::Consent {
                            fs.s().not_confirmed
                        } else {
                            fs.s().not_given
                        },
                    });
                }
            }
        }
    }
}

/// How deep the section of the group or list at `path` is: one level per group, list and entry
/// it is in (`traeger.anschrift`: 1, `plaetze[0].person`: 2).
fn section_depth(path: &str) -> usize {
    path.matches('.').count() + path.matches('[').count()
}

/// The answers of one page under its title (with the title's language where it is not the
/// page's).
pub type Section = (String, Option<&'static str>, Vec<Row>);

/// Every answer of the visible pages, by page title: what the check page shows and the
/// confirmation page keeps as the citizen's record.
pub fn answer_sections(fs: Fs) -> Vec<Section> {
    let loc = fs.loc();
    let form = fs.form.get_value();
    fs.visible_pages
        .get_untracked()
        .into_iter()
        .filter_map(|i| {
            let p = &form.def().pages[i];
            let mut out = Vec::new();
            rows(fs, &p.items, "", &p.id, &mut out);
            // A page of texts alone has no answers to check.
            (!out.is_empty()).then(|| (p.title.get(loc).to_string(), lang_of(&p.title, loc), out))
        })
        .collect()
}

/// A section's title, depth, language and list (none before the first one), and its answers.
type Part = (
    Option<(
        String,
        usize,
        Option<&'static str>,
        Option<(String, String)>,
    )>,
    Vec<Row>,
);

/// The answers as summary lists, one per page; with "Ändern" links on the check page. Groups,
/// lists and their entries are headings (h3 and down) with a list of their own answers: a
/// description list holds only terms with their descriptions.
fn answer_lists(fs: Fs, sections: Vec<Section>, changes: bool) -> impl IntoView {
    let s = fs.s();
    let id = fs.form_id();
    let loc = fs.loc();
    let form = fs.form.get_value();
    // On the check page, an answer that still has a problem (a page revealed after it was
    // passed, a draft of an older version) says so where it is, before "Antrag absenden".
    let problems: std::rc::Rc<std::collections::HashMap<String, crate::state::Msg>> =
        std::rc::Rc::new(if changes {
            fs.with(antrag_core::validate)
                .into_iter()
                .rev()
                .map(|p| (p.path.clone(), crate::state::Msg::of(&p)))
                .collect()
        } else {
            Default::default()
        });
    let list_problems = problems.clone();
    let id2 = id.clone();
    let answers = move |rows: Vec<Row>| {
        let id = id.clone();
        let form = form.clone();
        let problems = problems.clone();
        (!rows.is_empty()).then(move || view! {
            <dl class="summary-list">
                {rows.into_iter().map(|r| {
                    let Row::Answer { label, label_lang, value, value_lang, path, page, none } = r else {
                        return None;
                    };
                    let empty = value.is_empty();
                    let problem = problems.get(&path).cloned();
                    // "Ändern Name" twice is no help: say which entry.
                    // A declaration can be a paragraph: the link names it by its beginning.
                    let short = antrag_core::i18n::short_label(&label);
                    let hidden = match crate::state::entry_context(&form, &path, loc) {
                        Some(entry) => format!(" {short} ({entry})"),
                        None => format!(" {short}"),
                    };
                    let id = id.clone();
                    Some(view! {
                        <div class="summary-row">
                            <dt class="summary-key" lang=label_lang>{label}</dt>
                            <dd class="summary-value" class:muted=empty lang=value_lang.filter(|_| !empty)>
                                {if empty { none.to_string() } else { value }}
                                {problem.map(|m| view! {
                                    <span class="summary-problem" lang=loc.code()>
                                        <span class="visually-hidden">{s.error_prefix}" "</span>
                                        {m.view()}
                                    </span>
                                })}
                            </dd>
                            {page.filter(|_| changes).map(|page| view! {
                                <dd class="summary-actions">
                                    {link(Route::Page(id, page), Some(dom_id(&path)), "link",
                                        view! { {s.change}<span class="visually-hidden" lang=label_lang>{hidden}</span> })}
                                </dd>
                            })}
                        </div>
                    })
                }).collect_view()}
            </dl>
        })
    };
    sections
        .into_iter()
        .map(|(title, title_lang, rows)| {
            // Split at the section titles: (title and depth, the answers up to the next one).
            let mut parts: Vec<Part> = vec![(None, Vec::new())];
            for r in rows {
                match r {
                    Row::Section(t, depth, lang, list) => {
                        parts.push((Some((t, depth, lang, list)), Vec::new()))
                    }
                    answer => parts
                        .last_mut()
                        .map(|p| p.1.push(answer))
                        .unwrap_or_default(),
                }
            }
            let parts = parts
                .into_iter()
                .map(|(head, rows)| {
                    let (head, list) = match head {
                        Some((t, depth, lang, list)) => (
                            Some(fields::heading(
                                depth + 3,
                                "heading-s summary-section-title",
                                None,
                                lang,
                                t.clone(),
                            )),
                            list.map(|l| (l, t, lang)),
                        ),
                        None => (None, None),
                    };
                    // A list's own problem (too few entries) under its title, with the way to it.
                    let list_problem = list.and_then(|((path, page), title, lang)| {
                        let m = list_problems.get(&path)?.clone();
                        let id = id2.clone();
                        Some(view! {
                            <p class="summary-problem summary-list-problem">
                                <span class="visually-hidden">{s.error_prefix}" "</span>
                                {m.view()}" "
                                {changes.then(|| link(Route::Page(id, page), Some(dom_id(&path)), "link",
                                    view! { {s.change}<span class="visually-hidden" lang=lang>" "{title}</span> }))}
                            </p>
                        })
                    });
                    view! { {head}{list_problem}{answers(rows)} }
                })
                .collect_view();
            view! {
                <h2 class="heading-m" lang=title_lang>{title}</h2>
                {parts}
            }
        })
        .collect_view()
}

fn check(fs: Fs) -> impl IntoView {
    let loc = fs.loc();
    let s = fs.s();
    let form_title = fs.form.with_value(|f| f.def().title.get(loc).to_string());
    set_title(&[s.check_title, &form_title]);
    let pages = answer_sections(fs);
    // From now on "Next" comes back here (see `Fs::next`).
    fs.reviewed
        .set_value(Some(fs.visible_pages.get_untracked()));
    let busy = move || fs.submit.with(|st| *st == SubmitState::Busy);
    view! {
        {back_link(fs, fs.back_route(None))}
        {error_summary(fs, CHECK_SEGMENT.to_string())}
        // A draft restored straight onto the check page (a reload there) is said here too, with
        // the files to choose again and the way to delete it.
        {draft_notice(fs)}
        {withdrawn_notice(fs)}
        {drafts_unavailable(fs)}
        <h1 class="heading-l" tabindex="-1">{s.check_title}</h1>
        <p class="body">{s.check_intro}</p>
        {answer_lists(fs, pages, true)}
        {move || match fs.submit.get() {
            SubmitState::Failed(msg) | SubmitState::Outdated(msg) => Some(view! {
                <div class="error-summary" id="submit-error" role="alert" tabindex="-1">
                    <h2 class="error-summary-title">{s.error_summary_title}</h2>
                    <p class="body">{msg}</p>
                </div>
            }),
            _ => None,
        }}
        <div class="button-group">
            <button type="button" class="button" id="submit-button"
                disabled=busy aria-disabled=move || busy().then_some("true")
                on:click=move |_| {
                    if matches!(fs.submit.get_untracked(), SubmitState::Outdated(_)) {
                        // The new version of the form takes over the draft (with a notice).
                        fs.flush_save();
                        if let Some(w) = web_sys::window() {
                            let _ = w.location().reload();
                        }
                        return;
                    }
                    leptos::task::spawn_local(submit::submit(fs))
                }>
                {move || match fs.submit.get() {
                    SubmitState::Busy => s.submitting,
                    SubmitState::Failed(_) => s.retry,
                    SubmitState::Outdated(_) => s.crash_reload,
                    SubmitState::Idle => s.submit,
                }}
            </button>
            {move || busy().then(|| view! { <span class="spinner" aria-hidden="true"></span> })}
        </div>
        {move || upload_progress(fs)}
        <p class="visually-hidden" role="status">{move || busy().then_some(s.submitting)}</p>
        {draft_actions(fs)}
    }
}

/// Where the upload of the application's files has got, while it runs: a bar and the bytes (a
/// long upload on a slow line must not look like a stuck page). Built once; [`show_upload`]
/// writes each step into it.
fn upload_progress(fs: Fs) -> Option<impl IntoView> {
    fs.upload.get().then(|| {
        let h = "<progress id=\"upload-progress-bar\" max=\"100\" value=\"0\" \
                 aria-labelledby=\"upload-progress-text\"></progress>\
                 <p class=\"body\" id=\"upload-progress-text\"></p>";
        // The step the upload had reached when this was asked for, once it is on screen.
        request_animation_frame(move || {
            if let Some((sent, all)) = fs.upload_at.try_get_value() {
                show_upload(fs, sent, all);
            }
        });
        // As markup: one more kind of element in Leptos' views costs kilobytes of code.
        view! { <div class="upload-progress" inner_html=h></div> }
    })
}

/// Shows that `sent` of `all` bytes are uploaded, in the display of [`upload_progress`]; says
/// once when the files are all there and the server's answer is awaited.
pub fn show_upload(fs: Fs, sent: f64, all: f64) {
    fs.upload_at.try_set_value((sent, all));
    let Some(doc) = crate::state::document() else {
        return;
    };
    let (Some(bar), Some(text)) = (
        doc.get_element_by_id("upload-progress-bar"),
        doc.get_element_by_id("upload-progress-text"),
    ) else {
        return;
    };
    let s = fs.s();
    let loc = fs.loc();
    let pct = if all > 0.0 {
        (sent / all * 100.0).clamp(0.0, 100.0).floor() as u32
    } else {
        0
    };
    let bytes = |b: f64| antrag_core::i18n::format_bytes(b as u64, loc);
    let done = sent >= all;
    let said = if done {
        s.upload_done.to_string()
    } else {
        fill(
            s.uploading,
            &[
                ("pct", &pct.to_string()),
                ("sent", &bytes(sent)),
                ("all", &bytes(all)),
            ],
        )
    };
    let _ = bar.set_attribute("value", &pct.to_string());
    if done && text.text_content().as_deref() != Some(s.upload_done) {
        fs.app.say(said.clone());
    }
    text.set_text_content(Some(&said));
}

/// When the backend received the application, in local time (`23.11.2026, 19:26`); `None`
/// when its answer did not say so as a date and time (`2026-11-23T18:26:00Z`).
fn received(at: &str, locale: antrag_core::Locale) -> Option<String> {
    let ms = js_sys::Date::parse(at);
    let date_time = at.len() >= 16 && at.as_bytes().get(10) == Some(&b'T');
    (date_time && ms.is_finite()).then(|| crate::state::format_time_in_germany(ms, locale))
}

/// The citizen's record of what was sent: closed on screen, open when printed (also with the
/// browser's own print command), closed again afterwards if it was closed before.
fn record_view(fs: Fs) -> impl IntoView {
    let s = fs.s();
    fs.record.get_value().map(|(loc, sections)| {
        let record = || crate::state::document().and_then(|d| d.get_element_by_id("record"));
        let before = window_event_listener_untyped("beforeprint", move |_| {
            if let Some(d) = record().filter(|d| !d.has_attribute("open")) {
                let _ = d.set_attribute("open", "");
                let _ = d.set_attribute("data-print-opened", "");
            }
        });
        let after = window_event_listener_untyped("afterprint", move |_| {
            if let Some(d) = record().filter(|d| d.has_attribute("data-print-opened")) {
                let _ = d.remove_attribute("open");
                let _ = d.remove_attribute("data-print-opened");
            }
        });
        on_cleanup(move || {
            before.remove();
            after.remove();
            // The record lives only as long as the confirmation page (not across a language
            // switch, which renders the page anew).
            let still_here = fs
                .app
                .route
                .try_with_untracked(|r| matches!(r, Route::Done(_)))
                .unwrap_or(false);
            if !still_here {
                fs.record.try_set_value(None);
            }
        });
        view! {
            <details class="record" id="record">
                <summary class="record-summary">{s.your_answers}</summary>
                <div lang=loc.code()>{answer_lists(fs, sections, false)}</div>
            </details>
        }
    })
}

fn done(fs: Fs) -> impl IntoView {
    let loc = fs.loc();
    let s = fs.s();
    let (title, confirmation) = fs.form.with_value(|f| {
        (
            f.def().title.get(loc).to_string(),
            f.def().confirmation.clone(),
        )
    });
    set_title(&[s.done_title, &title]);
    match fs.receipt.get_untracked() {
        Some(r) => Either::Left(view! {
            <div class="panel">
                <h1 class="panel-title" tabindex="-1">{s.done_title}</h1>
                {(!r.reference.is_empty()).then(|| view! {
                    <div class="panel-body">{s.reference}<br/><strong class="reference">{r.reference.clone()}</strong></div>
                })}
            </div>
            <p class="body form-name">{title}</p>
            {received(&r.received_at, fs.loc()).map(|at| view! { <p class="body">{fill(s.received_at, &[("date", &at)])}</p> })}
            {confirmation.map(|c| view! { <div class="prose" lang=lang_of(&c, loc)>{markup::blocks(c.get(loc))}</div> })}
            {record_view(fs)}
            <div class="button-group no-print">
                <button type="button" class="button button-secondary" on:click=|_| {
                    if let Some(w) = web_sys::window() { let _ = w.print(); }
                }>{s.print}</button>
                {link(Route::Home, None, "link", s.new_application)}
            </div>
        }),
        None => Either::Right(view! {
            <h1 class="heading-l" tabindex="-1">{s.done_missing_title}</h1>
            <p class="body">{s.done_missing}</p>
            <p class="body">{link(Route::Intro(fs.form_id()), None, "link", title)}</p>
        }),
    }
}
