//! Renders the items of a page as accessible native HTML, from the definition alone.

use antrag_core::model::{ChoiceDisplay, Content, Field, FieldKind, Group, Item, Repeat};
use antrag_core::submission::FileDescriptor;
use antrag_core::{Locale, Text};
use leptos::either::Either;
use leptos::prelude::*;
use serde_json::Value;
use wasm_bindgen::JsCast;

use crate::i18n::{fill, quoted_list, Strings};
use crate::markup;
use crate::paths::dom_id;
use crate::state::{entry_label, focus_later, repeat_keys, Fs};

/// `lang="de"` when a text falls back to German in English mode.
pub fn lang_of(t: &Text, loc: Locale) -> Option<&'static str> {
    (t.shown_locale(loc) != loc).then(|| t.shown_locale(loc).code())
}

/// A heading of `level` (2 to 6; deeper ones are h6) in the language `lang` where it is not the
/// page's. With an `id` it can take the focus (`tabindex="-1"`), to be moved to by the app.
pub fn heading(
    level: usize,
    class: &'static str,
    id: Option<String>,
    lang: Option<&'static str>,
    text: String,
) -> AnyView {
    let tabindex = id.is_some().then_some("-1");
    match level {
        ..=2 => view! { <h2 class=class id=id tabindex=tabindex lang=lang>{text}</h2> }.into_any(),
        3 => view! { <h3 class=class id=id tabindex=tabindex lang=lang>{text}</h3> }.into_any(),
        4 => view! { <h4 class=class id=id tabindex=tabindex lang=lang>{text}</h4> }.into_any(),
        5 => view! { <h5 class=class id=id tabindex=tabindex lang=lang>{text}</h5> }.into_any(),
        _ => view! { <h6 class=class id=id tabindex=tabindex lang=lang>{text}</h6> }.into_any(),
    }
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
    let mut views: Vec<AnyView> = Vec::new();
    // Plain fields that are always there are gathered into runs (one element each).
    let mut run: Vec<Plain> = Vec::new();
    for (n, i) in items.iter().enumerate() {
        // Content without an id gets core's generated one: `#<page>-<index>` at the top
        // level of a page, `#<index>` inside a group or repeat.
        let id = i.id().map(str::to_string).unwrap_or_else(|| match page {
            Some(p) => format!("#{p}-{n}"),
            None => format!("#{n}"),
        });
        match plain_kind(i).filter(|_| i.visible_if().is_none()) {
            Some((kind, f)) => run.push(plain(
                fs,
                kind,
                f,
                format!("{prefix}{id}"),
                format!("{kp}{id}"),
            )),
            None => {
                if !run.is_empty() {
                    views.push(plain_run(fs, std::mem::take(&mut run)));
                }
                views.push(item(fs, i.clone(), id, prefix, kp));
            }
        }
    }
    if !run.is_empty() {
        views.push(plain_run(fs, run));
    }
    views.into_any()
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
        Item::Heading(_) | Item::Paragraph(_) | Item::Info(_) => {
            content(fs, &item, path.matches('[').count()).into_any()
        }
        Item::Group(g) => group(fs, g, path, key),
        Item::Repeat(r) => repeat(fs, r, path, key),
        other => match other.field() {
            Some((kind, f)) => field(fs, kind, f.clone(), path, key),
            None => ().into_any(),
        },
    }
}

/// A content item; `lists` is how many list entries it is inside (a heading goes below their
/// entry headings: h2 on the page, h3 in an entry (h2), and so on, at most h6).
fn content(fs: Fs, item: &Item, lists: usize) -> impl IntoView {
    let loc = fs.loc();
    let (Item::Heading(c) | Item::Paragraph(c) | Item::Info(c)) = item else {
        return Either::Left(());
    };
    let Content { text, .. } = c;
    let lang = lang_of(text, loc);
    let s = text.get(loc);
    Either::Right(match item {
        Item::Heading(_) => {
            let s = s.to_string();
            match lists {
                0 => heading(2, "heading-m", None, lang, s),
                n => heading(n + 2, "heading-s", None, lang, s),
            }
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
    // Whether entries can be removed or added: memos, so that adding an entry to a long list
    // does not rebuild every entry's "entfernen" button (it changes only at the limits).
    let can_remove = Memo::new(move |_| uids.with(|u| u.len()) > min);
    let can_add = Memo::new(move |_| uids.with(|u| max.is_none_or(|m| u.len() < m)));
    let id = dom_id(&path);
    let keys = repeat_keys(&r, &key);
    let hint_id = format!("{id}-hint");
    let hint = r.hint.as_ref().map(|h| {
        view! { <div class="hint" id=hint_id.clone() lang=lang_of(h, loc)>{markup::inline_view(h.get(loc))}</div> }
    });
    let described = r.hint.is_some().then(|| hint_id.clone());
    let add_label = r
        .add_label
        .as_ref()
        .map(|t| t.get(loc).to_string())
        .unwrap_or_else(|| s.add_entry.to_string());
    // The author's add label may exist only in German.
    let add_lang = r.add_label.as_ref().and_then(|t| lang_of(t, loc));
    let label = r.label.clone();
    // Buttons are often listed out of context (a screen reader's list of buttons): where their
    // text is the generic default, or the list lies in another list's entry, a hidden suffix
    // says which list ("Eintrag 1 entfernen (Telefonnummern, Person 2)").
    let outer = fs
        .form
        .with_value(|f| crate::state::entry_context(f, &path, loc));
    let which = |generic: bool| {
        let list = label.get(loc);
        match &outer {
            Some(c) => Some(format!(" ({list}, {c})")),
            None if generic => Some(format!(" ({list})")),
            None => None,
        }
    };
    // The suffix names the list by its label, in the label's language.
    let list_lang = lang_of(&label, loc);
    let hidden = move |t: Option<String>| {
        t.map(|t| view! { <span class="visually-hidden" lang=list_lang>{t}</span> })
    };
    let add_which = which(r.add_label.is_none());
    let remove_which = which(r.item_label.is_none());
    // Entries of a list inside another list's entry are a heading level down per list (h2 at
    // the top, at most h6).
    let depth = path.matches('[').count();
    let entry_lang = r.item_label.as_ref().and_then(|t| lang_of(t, loc));
    let r2 = r.clone();
    let (p2, k2, keys2, id2) = (path.clone(), key.clone(), keys.clone(), id.clone());
    let entry = move |(i, _uid): (usize, u32)| {
        let epath = format!("{p2}[{i}]");
        let title = entry_label(&r2, i + 1, loc);
        let inner = items(fs, &r2.items, &format!("{epath}."), &format!("{k2}[*]."));
        let title_id = format!("{id2}-{i}-title");
        let (p3, keys3, r3, id3) = (p2.clone(), keys2.clone(), r2.clone(), id2.clone());
        let remove_label = fill(s.remove_entry, &[("label", &title)]);
        let remove_which = remove_which.clone();
        let remove = move || {
            can_remove.get().then(|| {
                let (p4, keys4, r4, id4) = (p3.clone(), keys3.clone(), r3.clone(), id3.clone());
                view! {
                    <button type="button" class="button button-secondary"
                        on:click=move |_| {
                            // An entry with answers (and perhaps files) goes at one tap, which
                            // on a phone is easily a slip: ask first (without dialogs: yes).
                            let label = entry_label(&r4, i + 1, loc);
                            let filled = fs.get(&format!("{p4}[{i}]")).is_some_and(|v| crate::paths::has_answer(&v));
                            if filled {
                                let question = fill(fs.s().entry_remove_confirm, &[("label", &label)]);
                                let sure = web_sys::window()
                                    .and_then(|w| w.confirm_with_message(&question).ok())
                                    .unwrap_or(true);
                                if !sure {
                                    return;
                                }
                            }
                            fs.remove_entry(&p4, i, &keys4);
                            uids.update(|u| {
                                if i < u.len() {
                                    u.remove(i);
                                }
                            });
                            let gone = entry_label(&r4, i + 1, loc);
                            let left = uids.with_untracked(|u| u.len());
                            let mut said = fill(fs.s().entry_removed, &[("label", &gone)]);
                            // The focus goes to the entry that now has this number: say so.
                            if i < left {
                                said.push_str(fs.s().entries_renumbered);
                            }
                            fs.app.say(said);
                            let target = if left == 0 {
                                id4.clone()
                            } else {
                                format!("{}-{}-title", id4, i.min(left - 1))
                            };
                            focus_later(move || Some(target), 5);
                        }>
                        {remove_label.clone()}{hidden(remove_which.clone())}
                    </button>
                }
            })
        };
        // An entry of a list on the page is an h2 (the page's title is the h1; the list's own
        // title is its legend), one level down per list it lies in.
        let class = if depth == 0 { "heading-m" } else { "heading-s" };
        let labelled = title_id.clone();
        let heading = heading(depth + 2, class, Some(title_id), entry_lang, title);
        view! {
            // A group named by its heading: ten "Vorname" fields are told apart by their entry.
            <div class="repeat-entry" role="group" aria-labelledby=labelled>
                {heading}
                {inner}
                {remove}
            </div>
        }
    };
    let (p5, keys5, r5, id5) = (path.clone(), keys.clone(), r.clone(), id.clone());
    // At the limit the add button goes; a line says why (and is announced with the last add).
    let full_text = max.map(|m| fill(s.list_full, &[("max", &m.to_string())]));
    let full_said = full_text.clone();
    let add = move || {
        if !can_add.get() {
            return Either::Right(
                full_text
                    .clone()
                    .map(|t| view! { <p class="hint list-full">{t}</p> }),
            );
        }
        Either::Left({
            let (p6, keys6, r6, id6) = (p5.clone(), keys5.clone(), r5.clone(), id5.clone());
            let full_said = full_said.clone();
            view! {
                <button type="button" class="button button-secondary" id=format!("{id5}-add") lang=add_lang
                    on:click=move |_| {
                        fs.add_entry(&p6, &keys6);
                        let uid = next_uid.get_value();
                        next_uid.set_value(uid + 1);
                        uids.update(|u| u.push(uid));
                        let n = uids.with_untracked(|u| u.len());
                        let added = entry_label(&r6, n, loc);
                        let mut said = fill(fs.s().entry_added, &[("label", &added)]);
                        if let Some(full) = full_said.as_ref().filter(|_| max == Some(n)) {
                            said = format!("{said}. {full}");
                        }
                        fs.app.say(said);
                        let target = format!("{}-{}-title", id6, n - 1);
                        focus_later(move || Some(target), 5);
                    }>
                    {add_label.clone()}{hidden(add_which.clone())}
                </button>
            }
        })
    };
    view! {
        <fieldset class="fieldset repeat" id=id.clone() tabindex="-1" aria-describedby=described
            data-desc=id.clone()>
            <legend class="legend legend-m" lang=lang_of(&label, loc)>{label.get(loc).to_string()}</legend>
            {hint}
            {error_slot(fs, &path, &id)}
            <For each={move || uids.get().into_iter().enumerate().collect::<Vec<_>>()}
                key={|e: &(usize, u32)| *e} children=entry />
            {add}
        </fieldset>
    }
    .into_any()
}

/// The field's message element, hidden until [`Fs::paint_error`] fills it (at once, if the field
/// already has an error when it is built: after "Weiter", from the server, after a language
/// switch).
fn error_slot(fs: Fs, path: &str, id: &str) -> impl IntoView {
    paint_once_built(fs, path);
    view! { <p class="error-message" id=format!("{id}-error") hidden></p> }
}

/// Paints the error `path` already has (after "Weiter", from the server, after a language
/// switch) once its field is in the DOM.
fn paint_once_built(fs: Fs, path: &str) {
    if fs.errors.with_value(|e| e.contains_key(path)) {
        let path = path.to_string();
        request_animation_frame(move || {
            if fs.alive() {
                fs.paint_error(&path);
            }
        });
    }
}

fn field(fs: Fs, kind: FieldKind, f: Field, path: String, key: String) -> AnyView {
    let loc = fs.loc();
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
        // How the value is worked out (the author's hint), between the name and the value.
        let hint = f.hint.as_ref().map(|h| {
            view! { <dd class="hint" lang=lang_of(h, loc)>{markup::inline_view(h.get(loc))}</dd> }
        });
        return view! {
            <dl class="field computed" id=id>
                <dt class="label" lang=lang_of(&f.label, loc)>{f.label.get(loc).to_string()}</dt>
                {hint}
                <dd class="computed-value">{value}</dd>
            </dl>
        }
        .into_any();
    }
    if kind != FieldKind::File {
        return simple_field(fs, kind, &f, path, key);
    }
    file_field(fs, &f, path, key, id)
}

/// Every field but files and computed values: its markup is one HTML string (see [`crate::html`]),
/// its events are handled on the field's element (they bubble up from the controls), and only
/// what `enabledIf`/`requiredIf` can change has an effect. Errors are painted by
/// [`Fs::paint_error`].
fn simple_field(fs: Fs, kind: FieldKind, f: &Field, path: String, key: String) -> AnyView {
    plain_run(fs, vec![plain(fs, kind, f, path, key)])
}

/// A plain field's markup (`<div class="field" data-path="…">…</div>`) and what its events need.
struct Plain {
    html: String,
    kind: FieldKind,
    path: String,
    key: String,
}

/// Whether the label already says that the field may stay empty ("(freiwillig)", "(optional)",
/// "(falls vorhanden)", "(if any)"): then the app does not say it a second time. ASCII lower case
/// is enough to find these ASCII words.
fn says_optional(label: &str) -> bool {
    let lower = label.to_ascii_lowercase();
    [
        "freiwillig",
        "optional",
        "falls vorhanden",
        "wenn vorhanden",
        "soweit vorhanden",
        "if any",
        "if applicable",
        "if available",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// Whether `item` is a plain field (see [`plain`]).
fn plain_kind(item: &Item) -> Option<(FieldKind, &Field)> {
    item.field()
        .filter(|(k, _)| !matches!(k, FieldKind::File | FieldKind::Computed))
}

/// Why a field cannot be used just now, as HTML: "Ob Sie hier etwas angeben können, hängt von
/// Ihrer Antwort zu „…“ ab.", the labels (core's [`antrag_core::Form::enabled_by`]) marked with
/// their language where it is not the page's. Every text is escaped.
fn why_html(labels: &[(String, Locale)], loc: Locale) -> String {
    let s = crate::i18n::strings(loc);
    let names: Vec<String> = labels.iter().map(|(l, _)| l.clone()).collect();
    let list = quoted_list(&names, s);
    let lang = labels
        .first()
        .map(|(_, l)| *l)
        .filter(|l| *l != loc && labels.iter().all(|(_, x)| x == l));
    let text = fill(s.enabled_by, &[("labels", &list)]);
    crate::state::Msg::quoting(text, lang.map(|l| (list, l))).html()
}

/// Builds a plain field's markup and sets up what `enabledIf`/`requiredIf` change later and
/// the painting of an error it already has.
fn plain(fs: Fs, kind: FieldKind, f: &Field, path: String, key: String) -> Plain {
    use crate::html::{attr, esc, flag, inline, opt_attr};
    let loc = fs.loc();
    let s = fs.s();
    let id = dom_id(&path);
    let enabled = f.enabled_if.is_some().then(|| fs.enabled_memo(&path, &key));
    let required = f
        .required_if
        .is_some()
        .then(|| fs.required_memo(&path, &key));
    let disabled = enabled.is_some_and(|m| !m.get_untracked());
    let label = f.label.get(loc);
    let label_lang = lang_of(&f.label, loc);
    let marker = !says_optional(label)
        && (required.is_some() || (!f.required && kind != FieldKind::Consent));
    let optional_now = match required {
        Some(m) => !m.get_untracked(),
        None => true,
    };
    // How to write a date, with an example within the field's bounds (core's).
    let date_hint = if kind == FieldKind::Date {
        let ex = fs
            .with(|form, _, c| form.date_example(&path, c))
            .unwrap_or(crate::state::today());
        let short = antrag_core::form::format_date(ex, Locale::De);
        let long = antrag_core::form::format_date(ex, Locale::En);
        fill(s.date_hint, &[("date", &short), ("long", &long)])
    } else {
        String::new()
    };
    let hint: Option<(&str, Option<&'static str>)> = match (&f.hint, kind) {
        (Some(h), _) => Some((h.get(loc), lang_of(h, loc))),
        (None, FieldKind::Date) => Some((date_hint.as_str(), None)),
        _ => None,
    };
    // How to write a date goes with every date field, also under the author's hint, unless that
    // already shows a date (`1.9.2026`, `TT.MM.JJJJ`).
    let date_example = kind == FieldKind::Date
        && f.hint.as_ref().is_some_and(|h| {
            let t = h.get(loc);
            !(t.contains("TT.MM")
                || t.contains("DD.MM")
                || t.as_bytes()
                    .windows(3)
                    .any(|w| w[0].is_ascii_digit() && w[1] == b'.' && w[2].is_ascii_digit()))
        });
    let hint_id = format!("{id}-hint");
    // Why the field cannot be changed just now: which answers decide it (core's). Said while
    // it is read-only, empty (and so not read) while it is not.
    let why_id = format!("{id}-why");
    let why = enabled
        .map(|_| fs.form.with_value(|form| form.enabled_by(&path, loc)))
        .filter(|labels| !labels.is_empty())
        .map(|labels| why_html(&labels, loc));
    let described = match (hint.is_some(), why.is_some()) {
        (true, true) => Some(format!("{hint_id} {why_id}")),
        (true, false) => Some(hint_id.clone()),
        (false, true) => Some(why_id.clone()),
        (false, false) => None,
    };
    // A text area with a limit counts its characters below it (GOV.UK's character count).
    let count_id = format!("{id}-count");
    let max_chars = f.max_length.filter(|_| kind == FieldKind::Textarea);
    let described = match (described, max_chars) {
        (Some(d), Some(_)) => Some(format!("{d} {count_id}")),
        (None, Some(_)) => Some(count_id.clone()),
        (d, None) => d,
    };
    let described = described.as_deref();
    let is_select = kind == FieldKind::Choice && f.display == Some(ChoiceDisplay::Select);
    let is_options = matches!(
        kind,
        FieldKind::YesNo | FieldKind::Choice | FieldKind::MultiChoice
    ) && !is_select;
    let current = fs.get(&path);
    let initial = crate::paths::value_str(current.as_ref());

    let mut h = String::with_capacity(600);
    h.push_str("<div class=\"field\"");
    attr(&mut h, "data-path", &path);
    h.push('>');
    let label_html = |h: &mut String| {
        esc(h, label);
        if marker {
            h.push_str("<span class=\"optional\"");
            attr(h, "id", &format!("{id}-opt"));
            flag(h, "hidden", !optional_now);
            h.push_str("> ");
            esc(h, s.optional);
            h.push_str("</span>");
        }
    };
    let hint_and_error = |h: &mut String| {
        if let Some((t, lang)) = hint {
            h.push_str("<div class=\"hint\"");
            attr(h, "id", &hint_id);
            opt_attr(h, "lang", lang);
            h.push('>');
            if date_example {
                h.push_str("<span class=\"hint-line\">");
                inline(h, t);
                h.push_str(" </span><span class=\"hint-line\" lang=\"");
                h.push_str(loc.code());
                h.push_str("\">");
                esc(h, &date_hint);
                h.push_str("</span>");
            } else {
                inline(h, t);
            }
            h.push_str("</div>");
        }
        if let Some(w) = &why {
            h.push_str("<p class=\"hint enabled-why\"");
            attr(h, "id", &why_id);
            h.push('>');
            if disabled {
                h.push_str(w);
            }
            h.push_str("</p>");
        }
        h.push_str("<p class=\"error-message\"");
        attr(h, "id", &format!("{id}-error"));
        h.push_str(" hidden></p>");
    };
    // The attributes every control carries: where errors are painted, and its description.
    let control_attrs = |h: &mut String, describe: bool| {
        attr(h, "data-inv", &id);
        if describe {
            attr(h, "data-desc", &id);
            opt_attr(h, "aria-describedby", described);
        }
    };

    if is_options {
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
        let multi = kind == FieldKind::MultiChoice;
        h.push_str("<fieldset class=\"fieldset\"");
        opt_attr(&mut h, "aria-describedby", described);
        attr(&mut h, "data-desc", &id);
        h.push_str("><legend class=\"legend\"");
        opt_attr(&mut h, "lang", label_lang);
        h.push('>');
        label_html(&mut h);
        h.push_str("</legend>");
        hint_and_error(&mut h);
        h.push_str(match (multi, kind == FieldKind::YesNo) {
            (true, _) => "<div class=\"checkboxes\">",
            (false, true) => "<div class=\"radios radios-inline\">",
            _ => "<div class=\"radios\">",
        });
        let (wrap, input_class, label_class, ty) = if multi {
            ("checkbox", "checkbox-input", "checkbox-label", "checkbox")
        } else {
            ("radio", "radio-input", "radio-label", "radio")
        };
        for (i, (value, text, option_hint, lang)) in opts.iter().enumerate() {
            let oid = format!("{id}-{i}");
            let on = match &current {
                Some(Value::Bool(b)) => (value == "true") == *b,
                Some(Value::String(v)) => v == value,
                Some(Value::Array(a)) => a.iter().any(|x| x.as_str() == Some(value)),
                _ => false,
            };
            h.push_str("<div class=\"");
            h.push_str(wrap);
            h.push_str("\"><input");
            attr(&mut h, "class", input_class);
            attr(&mut h, "id", &oid);
            attr(&mut h, "name", &path);
            attr(&mut h, "type", ty);
            attr(&mut h, "value", value);
            flag(&mut h, "checked", on);
            flag(&mut h, "disabled", disabled);
            control_attrs(&mut h, false);
            if option_hint.is_some() {
                attr(&mut h, "aria-describedby", &format!("{oid}-hint"));
            }
            h.push_str("><label");
            attr(&mut h, "class", label_class);
            attr(&mut h, "for", &oid);
            opt_attr(&mut h, "lang", *lang);
            h.push('>');
            esc(&mut h, text);
            h.push_str("</label>");
            if let Some(t) = option_hint {
                h.push_str("<div class=\"hint option-hint\"");
                attr(&mut h, "id", &format!("{oid}-hint"));
                h.push('>');
                inline(&mut h, t);
                h.push_str("</div>");
            }
            h.push_str("</div>");
        }
        h.push_str("</div></fieldset>");
    } else if kind == FieldKind::Consent {
        hint_and_error(&mut h);
        h.push_str("<div class=\"checkboxes\"><div class=\"checkbox\"><input type=\"checkbox\" class=\"checkbox-input\"");
        attr(&mut h, "id", &id);
        attr(&mut h, "name", &path);
        flag(
            &mut h,
            "checked",
            current.as_ref().and_then(Value::as_bool).unwrap_or(false),
        );
        flag(&mut h, "disabled", disabled);
        control_attrs(&mut h, true);
        h.push_str("><label class=\"checkbox-label\"");
        attr(&mut h, "for", &id);
        opt_attr(&mut h, "lang", label_lang);
        h.push('>');
        esc(&mut h, label);
        h.push_str("</label></div></div>");
    } else {
        h.push_str("<label class=\"label\"");
        attr(&mut h, "for", &id);
        opt_attr(&mut h, "lang", label_lang);
        h.push('>');
        label_html(&mut h);
        h.push_str("</label>");
        hint_and_error(&mut h);
        let placeholder = f.placeholder.as_ref().map(|t| t.get(loc));
        if is_select {
            h.push_str("<select class=\"select\"");
            attr(&mut h, "id", &id);
            attr(&mut h, "name", &path);
            flag(&mut h, "disabled", disabled);
            opt_attr(&mut h, "autocomplete", f.autocomplete.as_deref());
            control_attrs(&mut h, true);
            h.push_str("><option value=\"\"");
            flag(&mut h, "selected", initial.is_empty());
            h.push('>');
            esc(&mut h, s.please_select);
            h.push_str("</option>");
            fs.form.with_value(|form| {
                for o in form.options(&key) {
                    h.push_str("<option");
                    attr(&mut h, "value", &o.value);
                    flag(&mut h, "selected", o.value == initial);
                    opt_attr(&mut h, "lang", lang_of(&o.label, loc));
                    h.push('>');
                    esc(&mut h, o.label.get(loc));
                    h.push_str("</option>");
                }
            });
            h.push_str("</select>");
        } else if kind == FieldKind::Textarea {
            h.push_str("<textarea class=\"textarea\"");
            attr(&mut h, "id", &id);
            attr(&mut h, "name", &path);
            attr(&mut h, "rows", &f.rows.unwrap_or(5).to_string());
            opt_attr(&mut h, "placeholder", placeholder);
            opt_attr(&mut h, "autocomplete", f.autocomplete.as_deref());
            flag(&mut h, "readonly", disabled);
            control_attrs(&mut h, true);
            // The parser drops one newline right after the start tag; give it one to drop.
            h.push_str(">\n");
            esc(&mut h, &initial);
            h.push_str("</textarea>");
            if let Some(max) = max_chars {
                let (text, over) = char_count(s, max, &initial);
                h.push_str("<p");
                attr(
                    &mut h,
                    "class",
                    if over {
                        "hint char-count char-count-over"
                    } else {
                        "hint char-count"
                    },
                );
                attr(&mut h, "id", &count_id);
                attr(&mut h, "data-max", &max.to_string());
                h.push('>');
                esc(&mut h, &text);
                h.push_str("</p>");
            }
        } else {
            let (ty, inputmode, width) = match kind {
                FieldKind::Email => ("email", None, "input"),
                FieldKind::Phone => ("tel", None, "input input-w20"),
                FieldKind::Integer => ("text", Some("numeric"), "input input-w10"),
                FieldKind::Postcode => ("text", Some("numeric"), "input input-w5"),
                FieldKind::Decimal | FieldKind::Money => {
                    ("text", Some("decimal"), "input input-w10")
                }
                FieldKind::Date => ("text", None, "input input-w10"),
                FieldKind::Iban => ("text", None, "input input-w30"),
                _ => ("text", None, "input"),
            };
            let autocomplete = f.autocomplete.as_deref().or(match kind {
                FieldKind::Email => Some("email"),
                FieldKind::Phone => Some("tel"),
                FieldKind::Postcode => Some("postal-code"),
                _ => None,
            });
            let suffix = match kind {
                FieldKind::Money => Some(("€", None)),
                FieldKind::Decimal | FieldKind::Integer => {
                    f.unit.as_ref().map(|u| (u.get(loc), lang_of(u, loc)))
                }
                _ => None,
            };
            if suffix.is_some() {
                h.push_str("<div class=\"input-wrap\">");
            }
            h.push_str("<input");
            attr(&mut h, "class", width);
            attr(&mut h, "id", &id);
            attr(&mut h, "name", &path);
            attr(&mut h, "type", ty);
            opt_attr(&mut h, "inputmode", inputmode);
            opt_attr(&mut h, "autocomplete", autocomplete);
            opt_attr(&mut h, "placeholder", placeholder);
            if matches!(
                kind,
                FieldKind::Email | FieldKind::Iban | FieldKind::Postcode | FieldKind::Date
            ) {
                attr(&mut h, "spellcheck", "false");
            }
            if kind == FieldKind::Iban {
                attr(&mut h, "autocapitalize", "characters");
            }
            flag(&mut h, "readonly", disabled);
            // The unit is shown beside the input, hidden from screen readers there (it would be
            // read on its own), and read with the input as part of its description.
            let unit_id = format!("{id}-unit");
            let with_unit = match (described, suffix.is_some()) {
                (Some(d), true) => Some(format!("{d} {unit_id}")),
                (None, true) => Some(unit_id.clone()),
                (d, false) => d.map(str::to_string),
            };
            attr(&mut h, "data-inv", &id);
            attr(&mut h, "data-desc", &id);
            opt_attr(&mut h, "aria-describedby", with_unit.as_deref());
            if !initial.is_empty() {
                attr(&mut h, "value", &initial);
            }
            h.push('>');
            if let Some((sfx, lang)) = suffix {
                h.push_str("<span class=\"suffix\" aria-hidden=\"true\"");
                attr(&mut h, "id", &unit_id);
                opt_attr(&mut h, "lang", lang);
                h.push('>');
                esc(&mut h, sfx);
                h.push_str("</span></div>");
            }
        }
    }

    // What `enabledIf` and `requiredIf` change later.
    if let Some(m) = enabled {
        let (id, name) = (
            id.clone(),
            if is_options || is_select || kind == FieldKind::Consent {
                "disabled"
            } else {
                "readonly"
            },
        );
        let why = why.map(|w| (why_id.clone(), w));
        Effect::new(move |_| {
            let off = !m.get();
            if let Some((why_id, w)) = &why {
                if let Some(el) = crate::state::document().and_then(|d| d.get_element_by_id(why_id))
                {
                    el.set_inner_html(if off { w } else { "" });
                }
            }
            for_each_control(&id, |el| {
                let _ = if off {
                    el.set_attribute(name, "")
                } else {
                    el.remove_attribute(name)
                };
            });
        });
    }
    if let Some(m) = required {
        let opt_id = format!("{id}-opt");
        Effect::new(move |_| {
            let req = m.get();
            if let Some(el) = crate::state::document().and_then(|d| d.get_element_by_id(&opt_id)) {
                let _ = if req {
                    el.set_attribute("hidden", "")
                } else {
                    el.remove_attribute("hidden")
                };
            }
        });
    }
    paint_once_built(fs, &path);

    h.push_str("</div>");
    Plain {
        html: h,
        kind,
        path,
        key,
    }
}

/// Plain fields that follow each other, as one element: their markup is parsed by the browser in
/// one call and their events are handled here (they bubble up from the controls) for the field
/// whose `data-path` they come from.
/// What the character count under a text area says for `text`, and whether it is too long
/// (by core's measure of a text's length).
fn char_count(s: &Strings, max: u32, text: &str) -> (String, bool) {
    let len = antrag_core::validate::text_length(text);
    let max = max as usize;
    let n = |k: usize| k.to_string();
    match len {
        0 => (fill(s.chars_up_to, &[("max", &n(max))]), false),
        l if l <= max && max - l == 1 => (s.chars_left_one.to_string(), false),
        l if l <= max => (fill(s.chars_left, &[("n", &n(max - l))]), false),
        l if l - max == 1 => (s.chars_over_one.to_string(), true),
        l => (fill(s.chars_over, &[("n", &n(l - max))]), true),
    }
}

/// Updates the character count of the text area at `path` after an input; going over the
/// limit is also said through the live region (the count itself is not announced at every key).
fn update_char_count(fs: Fs, path: &str, text: &str) {
    let id = format!("{}-count", dom_id(path));
    let Some(el) = crate::state::document().and_then(|d| d.get_element_by_id(&id)) else {
        return;
    };
    let Some(max) = el.get_attribute("data-max").and_then(|m| m.parse().ok()) else {
        return;
    };
    let (said, over) = char_count(fs.s(), max, text);
    let was_over = el.class_list().contains("char-count-over");
    el.set_text_content(Some(&said));
    let _ = el.class_list().toggle_with_force("char-count-over", over);
    if over && !was_over {
        fs.app.say(said);
    }
}

fn plain_run(fs: Fs, fields: Vec<Plain>) -> AnyView {
    use std::cell::RefCell;
    use std::collections::{HashMap, HashSet};
    use std::rc::Rc;
    watch_pointer();
    let mut html = String::with_capacity(fields.iter().map(|p| p.html.len()).sum());
    let mut specs: HashMap<String, (FieldKind, String)> = HashMap::with_capacity(fields.len());
    for p in fields {
        html.push_str(&p.html);
        specs.insert(p.path, (p.kind, p.key));
    }
    let specs = Rc::new(specs);
    // Fields typed in since they were built: checked when left even before any "Weiter".
    let dirty: Rc<RefCell<HashSet<String>>> = Rc::default();
    // The field an event belongs to: (path, kind, key).
    let field_of = {
        let specs = specs.clone();
        move |ev: &web_sys::Event| -> Option<(String, FieldKind, String)> {
            let el = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
            let path = el
                .closest("[data-path]")
                .ok()??
                .get_attribute("data-path")?;
            let (kind, key) = specs.get(&path)?.clone();
            Some((path, kind, key))
        }
    };
    let text_like = |kind: FieldKind| {
        !matches!(
            kind,
            FieldKind::YesNo | FieldKind::Choice | FieldKind::MultiChoice | FieldKind::Consent
        )
    };
    let (f1, d1) = (field_of.clone(), dirty.clone());
    let on_input = move |ev: leptos::ev::Event| {
        let Some((path, kind, key)) = f1(&ev) else {
            return;
        };
        if !text_like(kind) {
            return;
        }
        d1.borrow_mut().insert(path.clone());
        let v = event_target_value(&ev);
        if kind == FieldKind::Textarea {
            update_char_count(fs, &path, &v);
        }
        fs.set_answer(&path, &key, (!v.is_empty()).then_some(Value::String(v)));
        if fs.live(&path) {
            fs.validate_field(&path);
        }
    };
    let (f2, d2) = (field_of.clone(), dirty.clone());
    let on_change = move |ev: leptos::ev::Event| {
        let Some((path, kind, key)) = f2(&ev) else {
            return;
        };
        // Text kinds change with `input`; choices (radios, boxes, a select) and consent here.
        if text_like(kind) {
            return;
        }
        let new = match kind {
            FieldKind::Consent => Some(Value::Bool(event_target_checked(&ev))),
            FieldKind::YesNo => Some(Value::Bool(event_target_value(&ev) == "true")),
            FieldKind::MultiChoice => {
                // In the order of the options, as the boxes are.
                let mut values = Vec::new();
                let field = ev
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .and_then(|el| el.closest("[data-path]").ok().flatten());
                if let Some(Ok(list)) = field.map(|f| f.query_selector_all("input:checked")) {
                    for i in 0..list.length() {
                        if let Some(input) = list
                            .get(i)
                            .and_then(|n| n.dyn_into::<web_sys::HtmlInputElement>().ok())
                        {
                            values.push(Value::String(input.value()));
                        }
                    }
                }
                Some(Value::Array(values))
            }
            _ => {
                let v = event_target_value(&ev);
                (!v.is_empty()).then_some(Value::String(v))
            }
        };
        if kind == FieldKind::MultiChoice {
            d2.borrow_mut().insert(path.clone());
        }
        fs.set_answer(&path, &key, new);
        if fs.live(&path) {
            fs.validate_field(&path);
        }
    };
    let on_focusout = move |ev: leptos::ev::FocusEvent| {
        let Some((path, kind, _)) = field_of(&ev) else {
            return;
        };
        // Also when the focus moves to a button ("Weiter", "Hinzufügen"): a click on it lands
        // before the message appears (see `after_click`), and Tab to it deserves the message.
        if !fs.alive() {
            return;
        }
        // Checkboxes are one answer: judged (how many are ticked) when the focus leaves the
        // group, not from one box to the next. Single choices and consent wait for "Weiter".
        let leaves_group = kind == FieldKind::MultiChoice && !stays_in_field(&ev);
        if !text_like(kind) && !leaves_group {
            return;
        }
        if dirty.borrow().contains(&path) || fs.live(&path) {
            after_click(move || {
                if fs.alive() {
                    fs.validate_field(&path);
                }
            });
        }
    };
    view! {
        <div class="plain-fields" inner_html=html on:input=on_input on:change=on_change on:focusout=on_focusout></div>
    }
    .into_any()
}

/// Calls `f` with every control of the field with DOM id `id` (marked `data-inv`).
fn for_each_control(id: &str, mut f: impl FnMut(&web_sys::Element)) {
    // Searched within the field (found by its message element), not the whole page.
    let Some(field) = crate::state::document()
        .and_then(|d| d.get_element_by_id(&format!("{id}-error")))
        .and_then(|slot| slot.closest(".field").ok().flatten())
    else {
        return;
    };
    let Ok(list) = field.query_selector_all(&format!("[data-inv=\"{id}\"]")) else {
        return;
    };
    for i in 0..list.length() {
        if let Some(el) = list
            .get(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        {
            f(&el);
        }
    }
}

/// A file upload: label (with "optional" where it applies), the author's hint and what the field
/// allows (from core, so that it says what validation checks), the native input and the list
/// of chosen files with a remove button each.
fn file_field(fs: Fs, f: &Field, path: String, key: String, id: String) -> AnyView {
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
    // The list becomes the answer; the field is checked when a file was chosen, and after a
    // removal only when it is checked live already (no "required" for emptying it).
    let store = move |p: &str, k: &str, check: bool| {
        let v = list.with_untracked(|l| serde_json::to_value(l).unwrap_or(Value::Null));
        let empty = list.with_untracked(Vec::is_empty);
        fs.set_answer(p, k, (!empty).then_some(v));
        if check || fs.live(p) {
            fs.validate_field(p);
        }
    };
    // How many files the field takes is core's to say; a field of one file takes a new file
    // in place of the old one.
    let single = fs.with(|form, _, _| form.max_files(&path)).unwrap_or(1) == 1;
    let multiple = !single;
    let (p1, k1) = (path.clone(), key.clone());
    // A chosen file that cannot be sent (its type, size or name, or the field is full) is not
    // taken: the field says so, naming each such file, until it changes again. The same file
    // chosen twice is taken once.
    let on_change = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let s = fs.s();
        fs.refused.update_value(|r| {
            r.remove(&p1);
        });
        let mut refused: Vec<crate::state::Refused> = Vec::new();
        let mut said: Vec<String> = Vec::new();
        if let Some(files) = input.files() {
            for i in 0..files.length() {
                let Some(file) = files.get(i) else { continue };
                let d = fs.add_file(file);
                let again =
                    list.with_untracked(|l| l.iter().any(|x| x.name == d.name && x.size == d.size));
                if again {
                    fs.forget_file(&d.part);
                    said.push(fill(s.file_already_chosen, &[("file", &d.name)]));
                    continue;
                }
                let taken = if single {
                    Vec::new()
                } else {
                    list.get_untracked()
                };
                let problems =
                    fs.with(|form, _, c| antrag_core::file_problems(form, &p1, &taken, &d, c));
                if !problems.is_empty() {
                    fs.forget_file(&d.part);
                    refused.push(crate::state::Refused { taken, file: d });
                    continue;
                }
                let old = if single {
                    list.with_untracked(|l| l.first().cloned())
                } else {
                    None
                };
                said.push(match &old {
                    Some(o) => {
                        fs.forget_file(&o.part);
                        fill(s.file_replaced, &[("file", &d.name), ("old", &o.name)])
                    }
                    None => fill(s.file_added, &[("file", &d.name)]),
                });
                list.update(|l| {
                    if single {
                        l.clear();
                    }
                    l.push(d);
                });
            }
        }
        input.set_value("");
        if !refused.is_empty() {
            fs.refused.update_value(|r| {
                r.insert(p1.clone(), refused);
            });
        }
        store(&p1, &k1, true);
        if let Some(m) = fs.refusal_message(&p1) {
            said.push(m);
        }
        if !said.is_empty() {
            fs.app.say(said.join(" "));
        }
    };
    // The browser's file chooser offers what the field takes (the defaults without `accept`).
    let accept = antrag_core::files::effective_accept(&f.accept).join(",");
    let enabled = f.enabled_if.is_some().then(|| fs.enabled_memo(&path, &key));
    // As for the other fields: while it cannot be used, which answers decide that.
    let why = enabled.and_then(|m| {
        let labels = fs.form.with_value(|form| form.enabled_by(&path, loc));
        let w = why_html(&labels, loc);
        (!labels.is_empty()).then_some(move || {
            (!m.get()).then(|| view! { <span class="hint-line" inner_html=w.clone()></span> })
        })
    });
    let required = f
        .required_if
        .is_some()
        .then(|| fs.required_memo(&path, &key));
    // As for every other field: "optional" unless required (or the label says so already).
    // Not in the label at all while required: its text is then the accessible name exactly.
    let marker = !says_optional(f.label.get(loc)) && (required.is_some() || !f.required);
    let optional = move || {
        (marker && !required.is_some_and(|m| m.get()))
            .then(|| view! { <span class="optional">" " {s.optional}</span> })
    };
    let hint_id = format!("{id}-hint");
    let author_hint = f.hint.as_ref().map(|h| {
        // The space keeps screen readers from running the two sentences together.
        view! { <span class="hint-line" lang=lang_of(h, loc)>{markup::inline_view(h.get(loc))}" "</span> }
    });
    let limits = antrag_core::i18n::file_limits(f, loc);
    let err_view = error_slot(fs, &path, &id);
    let (p2, k2, id2) = (path.clone(), key.clone(), id.clone());
    let items = move || {
        list.get()
            .into_iter()
            .map(|d| {
                let (p3, k3, part) = (p2.clone(), k2.clone(), d.part.clone());
                let (name, input_id) = (d.name.clone(), id2.clone());
                // The visible "entfernen" with the file it removes.
                let remove_label = fill(s.file_remove_named, &[("file", &d.name)]);
                let size = antrag_core::i18n::format_bytes(d.size, loc);
                view! {
                    <li class="file-item">
                        <span class="file-name">{d.name.clone()}</span>
                        <span class="file-size">" (" {size} ")"</span>
                        <button type="button" class="button-link" aria-label=remove_label
                            on:click=move |_| {
                                fs.forget_file(&part);
                                fs.refused.update_value(|r| {
                                    r.remove(&p3);
                                });
                                list.update(|l| l.retain(|x| x.part != part));
                                store(&p3, &k3, false);
                                fs.app.say(fill(fs.s().file_removed, &[("file", &name)]));
                                // The button is gone: the focus goes back to the file input.
                                let target = input_id.clone();
                                focus_later(move || Some(target), 5);
                            }>
                            {s.file_remove}
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <div class="field">
            <label class="label" for=id.clone() lang=lang_of(&f.label, loc)>
                {f.label.get(loc).to_string()}{optional}
            </label>
            <div class="hint" id=hint_id.clone()>
                {author_hint}<span class="hint-line">{limits}</span>{why}
            </div>
            {err_view}
            <input type="file" class="file-input" id=id.clone() name=path
                accept=accept multiple=multiple
                disabled=enabled.map(|m| move || !m.get())
                aria-describedby=hint_id data-desc=id.clone() data-inv=id
                on:change=on_change />
            <ul class="file-list" aria-label=s.files_chosen>{items}</ul>
        </div>
    }
    .into_any()
}

thread_local! {
    /// Whether a mouse button, finger or pen is down (`None`: not listened for yet).
    static POINTER_DOWN: std::cell::Cell<Option<bool>> = const { std::cell::Cell::new(None) };
    /// What waits for the pointer to be released.
    static AFTER_CLICK: std::cell::RefCell<Vec<Box<dyn FnOnce()>>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Runs `f` once the click in progress, if any, has landed. A message shown when a field is
/// left moves what is below it; a click on a checkbox's label (which takes no focus) that
/// pressed the button before the message appeared would be released elsewhere and be lost.
/// So while a pointer is down, `f` waits until it is released (and the click is dispatched);
/// otherwise it runs right after the current event, which lets the mouse events of a tap, sent
/// together, reach their target first.
fn after_click(f: impl FnOnce() + 'static) {
    if POINTER_DOWN.get() == Some(true) {
        AFTER_CLICK.with_borrow_mut(|w| w.push(Box::new(f)));
    } else {
        set_timeout(f, std::time::Duration::ZERO);
    }
}

/// Starts following the pointer for [`after_click`] (once; before the first field is left, since
/// the press comes before the focus change).
fn watch_pointer() {
    if POINTER_DOWN.get().is_none() {
        POINTER_DOWN.set(Some(false));
        let down = window_event_listener(leptos::ev::pointerdown, |_| {
            POINTER_DOWN.set(Some(true));
        });
        let release = |_| {
            POINTER_DOWN.set(Some(false));
            let waiting = AFTER_CLICK.take();
            if !waiting.is_empty() {
                set_timeout(
                    move || waiting.into_iter().for_each(|f| f()),
                    std::time::Duration::ZERO,
                );
            }
        };
        let up = window_event_listener(leptos::ev::pointerup, release);
        let cancel = window_event_listener(leptos::ev::pointercancel, release);
        // For the page's lifetime: the handles are dropped without removing the listeners.
        std::mem::forget((down, up, cancel));
    }
}

/// Whether a focus change stays within the same field (from one checkbox to the next).
fn stays_in_field(ev: &leptos::ev::FocusEvent) -> bool {
    use wasm_bindgen::JsCast;
    let field = |t: Option<web_sys::EventTarget>| {
        t.and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("[data-path]").ok().flatten())
    };
    match (field(ev.target()), field(ev.related_target())) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn labels_that_already_say_optional() {
        for l in [
            "Telefon (freiwillig)",
            "Aktenzeichen (falls vorhanden)",
            "Reference number (if any)",
            "Second name (Optional)",
        ] {
            assert!(super::says_optional(l), "{l}");
        }
        assert!(!super::says_optional("Vorhandene Plätze"));
    }
}
