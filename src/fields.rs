//! Renders the items of a page as accessible native HTML, from the definition alone.

use antrag_core::model::{ChoiceDisplay, Content, Field, FieldKind, Group, Item, Repeat};
use antrag_core::submission::FileDescriptor;
use antrag_core::{Locale, Text};
use leptos::either::Either;
use leptos::prelude::*;
use serde_json::Value;
use wasm_bindgen::JsCast;

use crate::i18n::fill;
use crate::markup;
use crate::paths::dom_id;
use crate::state::{entry_label, focus_later, format_size, repeat_keys, Fs};

/// `lang="de"` when a text falls back to German in English mode.
pub fn lang_of(t: &Text, loc: Locale) -> Option<&'static str> {
    (t.shown_locale(loc) != loc).then(|| t.shown_locale(loc).code())
}

/// Renders the items of page `page` (top level).
pub fn page_items(fs: Fs, page: usize, items: &[Item]) -> AnyView {
    render_items(fs, items, "", "", Some(page))
}

/// Renders `items` with instance path prefix `prefix` (`""`, `traeger.`, `plaetze[1].`) and
/// template key prefix `kp` (`plaetze[*].`).
pub fn items(fs: Fs, items: &[Item], prefix: &str, kp: &str) -> AnyView {
    render_items(fs, items, prefix, kp, None)
}

fn render_items(fs: Fs, items: &[Item], prefix: &str, kp: &str, page: Option<usize>) -> AnyView {
    items
        .iter()
        .enumerate()
        .map(|(n, i)| {
            // Content without an id gets core's generated one: `#<page>-<index>` at the top
            // level of a page, `#<index>` inside a group or repeat.
            let id = i.id().map(str::to_string).unwrap_or_else(|| match page {
                Some(p) => format!("#{p}-{n}"),
                None => format!("#{n}"),
            });
            item(fs, i.clone(), id, prefix, kp)
        })
        .collect::<Vec<_>>()
        .into_any()
}

fn item(fs: Fs, item: Item, id: String, prefix: &str, kp: &str) -> AnyView {
    let path = format!("{prefix}{id}");
    let key = format!("{kp}{id}");
    if item.visible_if().is_some() {
        let vis = fs.visible_memo(&path, &key);
        (move || {
            vis.get()
                .then(|| build(fs, item.clone(), path.clone(), key.clone()))
        })
        .into_any()
    } else {
        build(fs, item, path, key)
    }
}

fn build(fs: Fs, item: Item, path: String, key: String) -> AnyView {
    match item {
        Item::Heading(_) | Item::Paragraph(_) | Item::Info(_) => content(fs, &item).into_any(),
        Item::Group(g) => group(fs, g, path, key),
        Item::Repeat(r) => repeat(fs, r, path, key),
        other => match other.field() {
            Some((kind, f)) => field(fs, kind, f.clone(), path, key),
            None => ().into_any(),
        },
    }
}

fn content(fs: Fs, item: &Item) -> impl IntoView {
    let loc = fs.loc();
    let (Item::Heading(c) | Item::Paragraph(c) | Item::Info(c)) = item else {
        return Either::Left(());
    };
    let Content { text, .. } = c;
    let lang = lang_of(text, loc);
    let s = text.get(loc);
    Either::Right(match item {
        Item::Heading(_) => {
            view! { <h2 class="heading-m" lang=lang>{s.to_string()}</h2> }.into_any()
        }
        Item::Info(_) => view! { <div class="info" lang=lang>{markup::blocks(s)}</div> }.into_any(),
        _ => view! { <div class="prose" lang=lang>{markup::blocks(s)}</div> }.into_any(),
    })
}

fn group(fs: Fs, g: Group, path: String, key: String) -> AnyView {
    let loc = fs.loc();
    let inner = items(fs, &g.items, &format!("{path}."), &format!("{key}."));
    match g.label {
        Some(label) => {
            let hint_id = format!("{}-hint", dom_id(&path));
            let hint = g.hint.as_ref().map(|h| {
                view! { <div class="hint" id=hint_id.clone() lang=lang_of(h, loc)>{markup::inline_view(h.get(loc))}</div> }
            });
            view! {
                <fieldset class="fieldset group" id=dom_id(&path)
                    aria-describedby=g.hint.as_ref().map(|_| hint_id.clone())>
                    <legend class="legend legend-m" lang=lang_of(&label, loc)>{label.get(loc).to_string()}</legend>
                    {hint}
                    {inner}
                </fieldset>
            }
            .into_any()
        }
        None => view! { <div class="group">{inner}</div> }.into_any(),
    }
}

fn repeat(fs: Fs, r: Repeat, path: String, key: String) -> AnyView {
    let loc = fs.loc();
    let s = fs.s();
    let min = r.min_items.unwrap_or(0) as usize;
    let max = r.max_items.map(|m| m as usize);
    let n = fs.ensure_entries(&path, min);
    let next_uid = StoredValue::new(n as u32);
    let uids = RwSignal::new((0..n as u32).collect::<Vec<u32>>());
    let err = fs.error_slot(&path);
    let id = dom_id(&path);
    let keys = repeat_keys(&r, &key);
    let hint_id = format!("{id}-hint");
    let err_id = format!("{id}-error");
    let hint = r.hint.as_ref().map(|h| {
        view! { <div class="hint" id=hint_id.clone() lang=lang_of(h, loc)>{markup::inline_view(h.get(loc))}</div> }
    });
    let has_hint = r.hint.is_some();
    let described = {
        let (h, e) = (hint_id.clone(), err_id.clone());
        move || {
            describedby(
                has_hint.then_some(&h),
                err.with(Option::is_some).then_some(&e),
            )
        }
    };
    let add_label = r
        .add_label
        .as_ref()
        .map(|t| t.get(loc).to_string())
        .unwrap_or_else(|| s.add_entry.to_string());
    let label = r.label.clone();
    let r2 = r.clone();
    let (p2, k2, keys2, id2) = (path.clone(), key.clone(), keys.clone(), id.clone());
    let entry = move |(i, _uid): (usize, u32)| {
        let epath = format!("{p2}[{i}]");
        let title = entry_label(&r2, i + 1, loc);
        let inner = items(fs, &r2.items, &format!("{epath}."), &format!("{k2}[*]."));
        let title_id = format!("{id2}-{i}-title");
        let (p3, keys3, r3, id3) = (p2.clone(), keys2.clone(), r2.clone(), id2.clone());
        let remove_label = fill(s.remove_entry, &[("label", &title)]);
        let remove = move || {
            (uids.with(|u| u.len()) > min).then(|| {
                let (p4, keys4, r4, id4) = (p3.clone(), keys3.clone(), r3.clone(), id3.clone());
                view! {
                    <button type="button" class="button button-secondary"
                        on:click=move |_| {
                            fs.remove_entry(&p4, i, &keys4);
                            uids.update(|u| {
                                if i < u.len() {
                                    u.remove(i);
                                }
                            });
                            let gone = entry_label(&r4, i + 1, loc);
                            fs.app.say(fill(fs.s().entry_removed, &[("label", &gone)]));
                            let left = uids.with_untracked(|u| u.len());
                            let target = if left == 0 {
                                id4.clone()
                            } else {
                                format!("{}-{}-title", id4, i.min(left - 1))
                            };
                            focus_later(move || Some(target), 5);
                        }>
                        {remove_label.clone()}
                    </button>
                }
            })
        };
        view! {
            <div class="repeat-entry">
                <h3 class="heading-s" id=title_id tabindex="-1">{title}</h3>
                {inner}
                {remove}
            </div>
        }
    };
    let (p5, keys5, r5, id5) = (path.clone(), keys.clone(), r.clone(), id.clone());
    let add = move || {
        uids.with(|u| max.is_none_or(|m| u.len() < m)).then(|| {
            let (p6, keys6, r6, id6) = (p5.clone(), keys5.clone(), r5.clone(), id5.clone());
            view! {
                <button type="button" class="button button-secondary" id=format!("{id5}-add")
                    on:click=move |_| {
                        fs.add_entry(&p6, &keys6);
                        let uid = next_uid.get_value();
                        next_uid.set_value(uid + 1);
                        uids.update(|u| u.push(uid));
                        let n = uids.with_untracked(|u| u.len());
                        let added = entry_label(&r6, n, loc);
                        fs.app.say(fill(fs.s().entry_added, &[("label", &added)]));
                        let target = format!("{}-{}-title", id6, n - 1);
                        focus_later(move || Some(target), 5);
                    }>
                    {add_label.clone()}
                </button>
            }
        })
    };
    view! {
        <fieldset class="fieldset repeat" id=id.clone() tabindex="-1" aria-describedby=described
            class:field-error=move || err.with(Option::is_some)>
            <legend class="legend legend-m" lang=lang_of(&label, loc)>{label.get(loc).to_string()}</legend>
            {hint}
            {error_message(fs, err, err_id.clone())}
            <For each={move || uids.get().into_iter().enumerate().collect::<Vec<_>>()}
                key={|e: &(usize, u32)| *e} children=entry />
            {add}
        </fieldset>
    }
    .into_any()
}

fn describedby(hint: Option<&String>, err: Option<&String>) -> Option<String> {
    match (hint, err) {
        (None, None) => None,
        (Some(h), None) => Some(h.clone()),
        (None, Some(e)) => Some(e.clone()),
        (Some(h), Some(e)) => Some(format!("{h} {e}")),
    }
}

fn error_message(fs: Fs, err: RwSignal<Option<String>>, id: String) -> impl IntoView {
    let prefix = fs.s().error_prefix;
    move || {
        err.get().map(|m| {
            view! {
                <p class="error-message" id=id.clone()>
                    <span class="visually-hidden">{prefix}" "</span>{m}
                </p>
            }
        })
    }
}

/// Everything a field view needs besides its control.
struct Parts {
    id: String,
    hint_id: String,
    err_id: String,
    has_hint: bool,
    err: RwSignal<Option<String>>,
    enabled: Signal<bool>,
}

impl Parts {
    fn described(&self) -> impl Fn() -> Option<String> + Send + Sync + Clone + 'static {
        let (h, e, has, err) = (
            self.hint_id.clone(),
            self.err_id.clone(),
            self.has_hint,
            self.err,
        );
        move || describedby(has.then_some(&h), err.with(Option::is_some).then_some(&e))
    }
    fn invalid(&self) -> impl Fn() -> Option<&'static str> + Send + Sync + Clone + 'static {
        let err = self.err;
        move || err.with(Option::is_some).then_some("true")
    }
}

fn field(fs: Fs, kind: FieldKind, f: Field, path: String, key: String) -> AnyView {
    let loc = fs.loc();
    let s = fs.s();
    let id = dom_id(&path);
    if kind == FieldKind::Computed {
        let trig = fs.trigger(&key);
        let p = path.clone();
        let value = move || {
            trig.track();
            let v = fs.with(|form, a, c| form.display(&p, a, c));
            if v.is_empty() {
                "–".to_string()
            } else {
                v
            }
        };
        return view! {
            <dl class="field computed" id=id>
                <dt class="label" lang=lang_of(&f.label, loc)>{f.label.get(loc).to_string()}</dt>
                <dd class="computed-value">{value}</dd>
            </dl>
        }
        .into_any();
    }
    let enabled: Signal<bool> = if f.enabled_if.is_some() {
        fs.enabled_memo(&path, &key).into()
    } else {
        Signal::stored(true)
    };
    let optional: Signal<bool> = if f.required_if.is_some() {
        let m = fs.required_memo(&path, &key);
        Signal::derive(move || !m.get())
    } else {
        Signal::stored(!f.required && kind != FieldKind::Consent)
    };
    let hint_text: Option<(String, Option<&'static str>)> = match (&f.hint, kind) {
        (Some(h), _) => Some((h.get(loc).to_string(), lang_of(h, loc))),
        (None, FieldKind::Date) => Some((s.date_hint.to_string(), None)),
        _ => None,
    };
    let parts = Parts {
        hint_id: format!("{id}-hint"),
        err_id: format!("{id}-error"),
        has_hint: hint_text.is_some(),
        err: fs.error_slot(&path),
        enabled,
        id,
    };
    let hint_view = hint_text.map(|(h, lang)| {
        view! { <div class="hint" id=parts.hint_id.clone() lang=lang>{markup::inline_view(&h)}</div> }
    });
    let label_text = f.label.get(loc).to_string();
    let label_lang = lang_of(&f.label, loc);
    // Authors sometimes write "(freiwillig)" into the label themselves; do not say it twice.
    let lower = label_text.to_lowercase();
    let says_optional = lower.contains("freiwillig") || lower.contains("optional");
    let opt_marker = move || {
        (optional.get() && !says_optional)
            .then(|| view! { <span class="optional">" " {s.optional}</span> })
    };
    let err_view = error_message(fs, parts.err, parts.err_id.clone());
    let err = parts.err;
    let wrap_class = move || {
        if err.with(Option::is_some) {
            "field field-error"
        } else {
            "field"
        }
    };

    match kind {
        FieldKind::YesNo | FieldKind::Choice | FieldKind::MultiChoice
            if !(kind == FieldKind::Choice && f.display == Some(ChoiceDisplay::Select)) =>
        {
            let control = options_control(fs, kind, &f, &parts, path, key);
            view! {
                <div class=wrap_class>
                    <fieldset class="fieldset" aria-describedby=parts.described()>
                        <legend class="legend" lang=label_lang>{label_text}{opt_marker}</legend>
                        {hint_view}
                        {err_view}
                        {control}
                    </fieldset>
                </div>
            }
            .into_any()
        }
        FieldKind::Consent => {
            let initial = fs.get(&path).and_then(|v| v.as_bool()).unwrap_or(false);
            let (p, k) = (path, key);
            view! {
                <div class=wrap_class>
                    {hint_view}
                    {err_view}
                    <div class="checkboxes">
                        <div class="checkbox">
                            <input type="checkbox" class="checkbox-input" id=parts.id.clone() name=p.clone()
                                checked=initial
                                disabled=move || !enabled.get()
                                aria-describedby=parts.described() aria-invalid=parts.invalid()
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    fs.set_answer(&p, &k, Some(Value::Bool(on)));
                                    if fs.live(&p) {
                                        fs.validate_field(&p);
                                    }
                                } />
                            <label class="checkbox-label" for=parts.id.clone() lang=label_lang>{label_text}</label>
                        </div>
                    </div>
                </div>
            }
            .into_any()
        }
        FieldKind::File => file_field(
            fs, &f, parts, path, key, label_text, label_lang, hint_view, err_view, wrap_class,
        ),
        _ => {
            let control = text_control(fs, kind, &f, &parts, path, key);
            view! {
                <div class=wrap_class>
                    <label class="label" for=parts.id.clone() lang=label_lang>{label_text}{opt_marker}</label>
                    {hint_view}
                    {err_view}
                    {control}
                </div>
            }
            .into_any()
        }
    }
}

fn text_control(
    fs: Fs,
    kind: FieldKind,
    f: &Field,
    parts: &Parts,
    path: String,
    key: String,
) -> AnyView {
    let loc = fs.loc();
    let s = fs.s();
    let initial = fs.get_str(&path);
    let enabled = parts.enabled;
    let id = parts.id.clone();
    let dirty = std::rc::Rc::new(std::cell::Cell::new(false));
    let (p1, k1, d1) = (path.clone(), key.clone(), dirty.clone());
    let on_input = move |ev: leptos::ev::Event| {
        d1.set(true);
        let v = event_target_value(&ev);
        fs.set_answer(&p1, &k1, (!v.is_empty()).then_some(Value::String(v)));
        if fs.live(&p1) {
            fs.validate_field(&p1);
        }
    };
    let p2 = path.clone();
    let on_blur = move |ev: leptos::ev::FocusEvent| {
        // When focus moves to a button ("Weiter", "Hinzufügen"), the button's own action judges
        // the page. Showing the message now would move the button between mouse-down and
        // mouse-up and swallow the click.
        if moves_to_button(&ev) || !fs.alive() {
            return;
        }
        if dirty.get() || fs.live(&p2) {
            fs.validate_field(&p2);
        }
    };
    let placeholder = f.placeholder.as_ref().map(|t| t.get(loc).to_string());
    let autocomplete = f.autocomplete.clone();
    if kind == FieldKind::Choice {
        // Select.
        let options = fs.form.with_value(|form| form.options(&key).to_vec());
        let (p3, k3) = (path.clone(), key.clone());
        return view! {
            <select class="select" id=id name=path
                disabled=move || !enabled.get()
                autocomplete=autocomplete
                aria-describedby=parts.described() aria-invalid=parts.invalid()
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    fs.set_answer(&p3, &k3, (!v.is_empty()).then_some(Value::String(v)));
                    if fs.live(&p3) {
                        fs.validate_field(&p3);
                    }
                }>
                <option value="" selected=initial.is_empty()>{s.please_select}</option>
                {options.into_iter().map(|o| {
                    let sel = o.value == initial;
                    view! { <option value=o.value.clone() selected=sel lang=lang_of(&o.label, loc)>{o.label.get(loc).to_string()}</option> }
                }).collect_view()}
            </select>
        }
        .into_any();
    }
    if kind == FieldKind::Textarea {
        return view! {
            <textarea class="textarea" id=id name=path rows=f.rows.unwrap_or(5).to_string()
                placeholder=placeholder autocomplete=autocomplete
                readonly=move || !enabled.get()
                aria-describedby=parts.described() aria-invalid=parts.invalid()
                on:input=on_input on:blur=on_blur
                prop:value=initial></textarea>
        }
        .into_any();
    }
    let (ty, inputmode, width) = match kind {
        FieldKind::Email => ("email", None, "input"),
        FieldKind::Phone => ("tel", None, "input input-w20"),
        FieldKind::Integer => ("text", Some("numeric"), "input input-w10"),
        FieldKind::Postcode => ("text", Some("numeric"), "input input-w5"),
        FieldKind::Decimal => ("text", Some("decimal"), "input input-w10"),
        FieldKind::Money => ("text", Some("decimal"), "input input-w10"),
        FieldKind::Date => ("text", None, "input input-w10"),
        FieldKind::Iban => ("text", None, "input input-w30"),
        _ => ("text", None, "input"),
    };
    let autocomplete = autocomplete.or_else(|| match kind {
        FieldKind::Email => Some("email".into()),
        FieldKind::Phone => Some("tel".into()),
        FieldKind::Postcode => Some("postal-code".into()),
        _ => None,
    });
    let no_spell = matches!(
        kind,
        FieldKind::Email | FieldKind::Iban | FieldKind::Postcode | FieldKind::Date
    );
    let suffix = match kind {
        FieldKind::Money => Some(("€".to_string(), None)),
        FieldKind::Decimal | FieldKind::Integer => f
            .unit
            .as_ref()
            .map(|u| (u.get(loc).to_string(), lang_of(u, loc))),
        _ => None,
    };
    let input = view! {
        <input class=width id=id name=path type=ty inputmode=inputmode
            autocomplete=autocomplete placeholder=placeholder
            spellcheck=no_spell.then_some("false")
            autocapitalize=(kind == FieldKind::Iban).then_some("characters")
            readonly=move || !enabled.get()
            aria-describedby=parts.described() aria-invalid=parts.invalid()
            on:input=on_input on:blur=on_blur
            prop:value=initial />
    };
    match suffix {
        Some((sfx, lang)) => view! {
            <div class="input-wrap">{input}<span class="suffix" aria-hidden="true" lang=lang>{sfx}</span></div>
        }
        .into_any(),
        None => input.into_any(),
    }
}

fn options_control(
    fs: Fs,
    kind: FieldKind,
    f: &Field,
    parts: &Parts,
    path: String,
    key: String,
) -> AnyView {
    let loc = fs.loc();
    let s = fs.s();
    let enabled = parts.enabled;
    // (value, label, hint, lang)
    let opts: Vec<(String, String, Option<String>, Option<&'static str>)> =
        if kind == FieldKind::YesNo {
            vec![
                ("true".into(), s.yes.into(), None, None),
                ("false".into(), s.no.into(), None, None),
            ]
        } else {
            fs.form.with_value(|form| {
                form.options(&key)
                    .iter()
                    .map(|o| {
                        (
                            o.value.clone(),
                            o.label.get(loc).to_string(),
                            o.hint.as_ref().map(|h| h.get(loc).to_string()),
                            lang_of(&o.label, loc),
                        )
                    })
                    .collect()
            })
        };
    let _ = f;
    let current = fs.get(&path);
    let is_multi = kind == FieldKind::MultiChoice;
    let checked = |v: &str| -> bool {
        match &current {
            Some(Value::Bool(b)) => (v == "true") == *b,
            Some(Value::String(s)) => s == v,
            Some(Value::Array(a)) => a.iter().any(|x| x.as_str() == Some(v)),
            _ => false,
        }
    };
    let all_values: Vec<String> = opts.iter().map(|o| o.0.clone()).collect();
    let class = match (is_multi, kind == FieldKind::YesNo) {
        (true, _) => "checkboxes",
        (false, true) => "radios radios-inline",
        _ => "radios",
    };
    let base = parts.id.clone();
    let invalid = parts.invalid();
    let views = opts
        .into_iter()
        .enumerate()
        .map(|(i, (value, label, hint, lang))| {
            let oid = format!("{base}-{i}");
            let hid = format!("{oid}-hint");
            let is_on = checked(&value);
            let (p, k, all) = (path.clone(), key.clone(), all_values.clone());
            let v2 = value.clone();
            let on_change = move |ev: leptos::ev::Event| {
                let on = event_target_checked(&ev);
                let new = match kind {
                    FieldKind::YesNo => Some(Value::Bool(v2 == "true")),
                    FieldKind::MultiChoice => {
                        let mut cur: Vec<String> = match fs.get(&p) {
                            Some(Value::Array(a)) => a
                                .into_iter()
                                .filter_map(|x| x.as_str().map(str::to_string))
                                .collect(),
                            _ => Vec::new(),
                        };
                        cur.retain(|x| x != &v2);
                        if on {
                            cur.push(v2.clone());
                        }
                        let ordered: Vec<Value> = all
                            .iter()
                            .filter(|x| cur.contains(x))
                            .map(|x| Value::String(x.clone()))
                            .collect();
                        Some(Value::Array(ordered))
                    }
                    _ => Some(Value::String(v2.clone())),
                };
                fs.set_answer(&p, &k, new);
                if fs.live(&p) {
                    fs.validate_field(&p);
                }
            };
            let hint_view = hint.map(|h| view! { <div class="hint option-hint" id=hid.clone()>{markup::inline_view(&h)}</div> });
            let (wrap, input_class, label_class) = if is_multi {
                ("checkbox", "checkbox-input", "checkbox-label")
            } else {
                ("radio", "radio-input", "radio-label")
            };
            view! {
                <div class=wrap>
                    <input class=input_class id=oid.clone() name=path.clone()
                        type=if is_multi { "checkbox" } else { "radio" }
                        value=value checked=is_on
                        disabled=move || !enabled.get()
                        aria-invalid=invalid.clone()
                        aria-describedby=hint_view.is_some().then(|| hid.clone())
                        on:change=on_change />
                    <label class=label_class for=oid lang=lang>{label}</label>
                    {hint_view}
                </div>
            }
        })
        .collect_view();
    view! { <div class=class>{views}</div> }.into_any()
}

#[allow(clippy::too_many_arguments)]
fn file_field(
    fs: Fs,
    f: &Field,
    parts: Parts,
    path: String,
    key: String,
    label_text: String,
    label_lang: Option<&'static str>,
    hint_view: impl IntoView + 'static,
    err_view: impl IntoView + 'static,
    wrap_class: impl Fn() -> &'static str + Send + Sync + 'static,
) -> AnyView {
    let loc = fs.loc();
    let s = fs.s();
    let initial: Vec<FileDescriptor> = fs
        .get(&path)
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_default();
    // Descriptors whose bytes are gone (cannot happen after a restore, drafts hold no files).
    let initial: Vec<FileDescriptor> = initial
        .into_iter()
        .filter(|d| fs.files.with_value(|m| m.contains_key(&d.part)))
        .collect();
    let list = RwSignal::new(initial);
    let store = move |p: &str, k: &str| {
        let v = list.with_untracked(|l| serde_json::to_value(l).unwrap_or(Value::Null));
        let empty = list.with_untracked(Vec::is_empty);
        fs.set_answer(p, k, (!empty).then_some(v));
        fs.validate_field(p);
    };
    let (p1, k1) = (path.clone(), key.clone());
    let on_change = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        if let Some(files) = input.files() {
            for i in 0..files.length() {
                if let Some(file) = files.get(i) {
                    let d = fs.add_file(file);
                    list.update(|l| l.push(d));
                }
            }
        }
        input.set_value("");
        store(&p1, &k1);
    };
    let multiple = f.max_files.unwrap_or(1) > 1;
    let accept = (!f.accept.is_empty()).then(|| f.accept.join(","));
    let enabled = parts.enabled;
    let (p2, k2) = (path.clone(), key.clone());
    let items = move || {
        list.get()
            .into_iter()
            .map(|d| {
                let (p3, k3, part) = (p2.clone(), k2.clone(), d.part.clone());
                let size = format_size(d.size, loc);
                view! {
                    <li class="file-item">
                        <span class="file-name">{d.name.clone()}</span>
                        <span class="file-size">" (" {size} ")"</span>
                        <button type="button" class="button-link"
                            on:click=move |_| {
                                fs.files.update_value(|m| {
                                    m.remove(&part);
                                });
                                list.update(|l| l.retain(|x| x.part != part));
                                store(&p3, &k3);
                            }>
                            {s.file_remove}<span class="visually-hidden">": " {d.name.clone()}</span>
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <div class=wrap_class>
            <label class="label" for=parts.id.clone() lang=label_lang>{label_text}</label>
            {hint_view}
            {err_view}
            <input type="file" class="file-input" id=parts.id.clone() name=path
                accept=accept multiple=multiple
                disabled=move || !enabled.get()
                aria-describedby=parts.described() aria-invalid=parts.invalid()
                on:change=on_change />
            <ul class="file-list" aria-label=s.files_chosen>{items}</ul>
        </div>
    }
    .into_any()
}

/// Whether a blur hands focus to a button.
fn moves_to_button(ev: &leptos::ev::FocusEvent) -> bool {
    use wasm_bindgen::JsCast;
    ev.related_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| el.tag_name().eq_ignore_ascii_case("button"))
}
