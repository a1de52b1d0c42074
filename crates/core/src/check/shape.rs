//! The structural checks: the spanned JSON tree is walked against a table of the keys valid at
//! each place of the format. The table mirrors `model.rs`; tests keep the two in sync (every key
//! of the table deserializes, and with feature `schema` the key sets equal the JSON Schema's).
//!
//! The table also says how the app shows each text ([`Markup`]); the walk warns where a text or
//! a field's keys will not work as the author meant (markup shown as written, links the app does
//! not make, markup of other tools, texts left from `antrag new`, `itemLabel` without `{n}`,
//! `pattern` without a message, bounds with more decimal places than the field takes,
//! `autocomplete` values browsers do not know, rule codes with spaces).

use super::json::{Kind, Member, Node};
use crate::markup::{closer, has_bad_href_char, links, safe_href};
use crate::value::Dec;
use crate::Severity;

/// The JSON type a key expects.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Ty {
    /// A string.
    Str,
    /// An expression (a string).
    Expr,
    /// A user-facing [`crate::Text`], and the markup the app formats in it.
    Text(Markup),
    Bool,
    /// A whole number `0..=max`.
    UInt(u64),
    /// A number or a decimal string.
    NumberBound,
    /// One of these strings.
    Enum(&'static [&'static str]),
    Array(&'static Ty),
    Object(&'static Shape),
    /// An object with free keys and values of this type.
    Map(&'static Ty),
    /// An array of items.
    Items,
}

/// How the app shows a text: which of the safe markup subset ([`crate::markup`]) it formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Markup {
    /// Shown as written: titles, labels, headings, messages.
    Plain,
    /// Strong, emphasis and links (hints).
    Inline,
    /// Inline markup, lists and paragraphs (descriptions, `confirmation`, `paragraph`, `info`).
    Blocks,
}

const PLAIN: Ty = Ty::Text(Markup::Plain);
const INLINE: Ty = Ty::Text(Markup::Inline);
const BLOCKS: Ty = Ty::Text(Markup::Blocks);

#[derive(Debug)]
pub(crate) struct Key {
    pub name: &'static str,
    pub ty: Ty,
    pub required: bool,
    /// For field keys: the field types the key has an effect on (`None`: all).
    pub applies: Option<&'static [&'static str]>,
    /// `null` is accepted (an `Option` in the model) and means the same as leaving the key out.
    pub nullable: bool,
}

#[derive(Debug)]
pub(crate) struct Shape {
    /// Name of the place, for messages ("a page").
    pub what: &'static str,
    pub keys: &'static [Key],
}

const fn req(name: &'static str, ty: Ty) -> Key {
    Key {
        name,
        ty,
        required: true,
        applies: None,
        nullable: false,
    }
}
const fn opt(name: &'static str, ty: Ty) -> Key {
    Key {
        name,
        ty,
        required: false,
        applies: None,
        nullable: true,
    }
}
/// Optional, but not an `Option` in the model (a default applies; `null` is rejected).
const fn dflt(name: &'static str, ty: Ty) -> Key {
    Key {
        name,
        ty,
        required: false,
        applies: None,
        nullable: false,
    }
}
const fn only_dflt(name: &'static str, ty: Ty, applies: &'static [&'static str]) -> Key {
    Key {
        name,
        ty,
        required: false,
        applies: Some(applies),
        nullable: false,
    }
}
const fn only(name: &'static str, ty: Ty, applies: &'static [&'static str]) -> Key {
    Key {
        name,
        ty,
        required: false,
        applies: Some(applies),
        nullable: true,
    }
}

const U32: u64 = u32::MAX as u64;

pub(crate) static FORM: Shape = Shape {
    what: "the form",
    keys: &[
        opt("$schema", Ty::Str),
        req("id", Ty::Str),
        req("version", Ty::Str),
        req("title", PLAIN),
        opt("description", BLOCKS),
        opt("referencePrefix", Ty::Str),
        req("submit", Ty::Object(&SUBMIT)),
        opt("confirmation", BLOCKS),
        req("pages", Ty::Array(&Ty::Object(&PAGE))),
    ],
};

pub(crate) static SUBMIT: Shape = Shape {
    what: "`submit`",
    keys: &[
        req("url", Ty::Str),
        dflt("method", Ty::Enum(&["POST", "PUT"])),
        dflt("encoding", Ty::Enum(&["json", "multipart"])),
        dflt("headers", Ty::Map(&Ty::Str)),
    ],
};

pub(crate) static PAGE: Shape = Shape {
    what: "a page",
    keys: &[
        req("id", Ty::Str),
        req("title", PLAIN),
        opt("description", BLOCKS),
        opt("visibleIf", Ty::Expr),
        req("items", Ty::Items),
    ],
};

/// `paragraph` and `info`.
pub(crate) static CONTENT: Shape = Shape {
    what: "a content item",
    keys: &[
        opt("id", Ty::Str),
        req("text", BLOCKS),
        opt("visibleIf", Ty::Expr),
    ],
};

/// `heading`: as [`CONTENT`], but its text is shown as written.
pub(crate) static HEADING: Shape = Shape {
    what: "a content item",
    keys: &[
        opt("id", Ty::Str),
        req("text", PLAIN),
        opt("visibleIf", Ty::Expr),
    ],
};

pub(crate) static GROUP: Shape = Shape {
    what: "a group",
    keys: &[
        req("id", Ty::Str),
        opt("label", PLAIN),
        opt("hint", INLINE),
        opt("visibleIf", Ty::Expr),
        req("items", Ty::Items),
    ],
};

pub(crate) static REPEAT: Shape = Shape {
    what: "a repeat",
    keys: &[
        req("id", Ty::Str),
        req("label", PLAIN),
        opt("hint", INLINE),
        opt("itemLabel", PLAIN),
        opt("addLabel", PLAIN),
        opt("minItems", Ty::UInt(U32)),
        opt("maxItems", Ty::UInt(U32)),
        opt("visibleIf", Ty::Expr),
        dflt("messages", Ty::Map(&PLAIN)),
        req("items", Ty::Items),
    ],
};

pub(crate) static OPTION: Shape = Shape {
    what: "an option",
    keys: &[
        req("value", Ty::Str),
        req("label", PLAIN),
        opt("hint", INLINE),
    ],
};

pub(crate) static RULE: Shape = Shape {
    what: "a rule",
    keys: &[
        req("check", Ty::Expr),
        opt("when", Ty::Expr),
        opt("code", Ty::Str),
        req("message", PLAIN),
    ],
};

pub(crate) static CODE_LIST: Shape = Shape {
    what: "a code list",
    keys: &[
        opt("$schema", Ty::Str),
        req("id", Ty::Str),
        opt("version", Ty::Str),
        opt("title", PLAIN),
        req("options", Ty::Array(&Ty::Object(&OPTION))),
    ],
};

const INPUTS: &[&str] = &[
    "text", "textarea", "email", "phone", "integer", "decimal", "money", "date", "postcode", "iban",
];
const NOT_COMPUTED: &[&str] = &[
    "text",
    "textarea",
    "email",
    "phone",
    "integer",
    "decimal",
    "money",
    "date",
    "postcode",
    "iban",
    "yesNo",
    "consent",
    "choice",
    "multiChoice",
    "file",
];
const TEXTS: &[&str] = &["text", "textarea", "email", "phone"];
const NUMBERS: &[&str] = &["integer", "decimal", "money"];
const CHOICES: &[&str] = &["choice", "multiChoice"];

pub(crate) static FIELD: Shape = Shape {
    what: "a field",
    keys: &[
        req("id", Ty::Str),
        req("label", PLAIN),
        opt("hint", INLINE),
        only("placeholder", PLAIN, INPUTS),
        only("autocomplete", Ty::Str, INPUTS),
        only_dflt("required", Ty::Bool, NOT_COMPUTED),
        only("requiredIf", Ty::Expr, NOT_COMPUTED),
        opt("visibleIf", Ty::Expr),
        only("enabledIf", Ty::Expr, NOT_COMPUTED),
        only("minLength", Ty::UInt(U32), TEXTS),
        only("maxLength", Ty::UInt(U32), TEXTS),
        only(
            "pattern",
            Ty::Str,
            &["text", "textarea", "email", "phone", "postcode"],
        ),
        only("rows", Ty::UInt(U32), &["textarea"]),
        only("min", Ty::NumberBound, NUMBERS),
        only("max", Ty::NumberBound, NUMBERS),
        only("decimals", Ty::UInt(u8::MAX as u64), &["decimal"]),
        only("unit", PLAIN, &["integer", "decimal"]),
        only("minDate", Ty::Str, &["date"]),
        only("maxDate", Ty::Str, &["date"]),
        only("options", Ty::Array(&Ty::Object(&OPTION)), CHOICES),
        only("codeList", Ty::Str, CHOICES),
        only("display", Ty::Enum(&["radio", "select"]), &["choice"]),
        only("minSelected", Ty::UInt(U32), &["multiChoice"]),
        only("maxSelected", Ty::UInt(U32), &["multiChoice"]),
        only_dflt("accept", Ty::Array(&Ty::Str), &["file"]),
        only("maxSize", Ty::UInt(u64::MAX), &["file"]),
        only("maxFiles", Ty::UInt(U32), &["file"]),
        only("expr", Ty::Expr, &["computed"]),
        only(
            "format",
            Ty::Enum(&["text", "integer", "decimal", "money", "date", "yesNo"]),
            &["computed"],
        ),
        dflt("rules", Ty::Array(&Ty::Object(&RULE))),
        dflt("messages", Ty::Map(&PLAIN)),
    ],
};

/// Every item `type` and its shape.
pub(crate) const ITEM_TYPES: &[(&str, &Shape)] = &[
    ("heading", &HEADING),
    ("paragraph", &CONTENT),
    ("info", &CONTENT),
    ("group", &GROUP),
    ("repeat", &REPEAT),
    ("text", &FIELD),
    ("textarea", &FIELD),
    ("email", &FIELD),
    ("phone", &FIELD),
    ("integer", &FIELD),
    ("decimal", &FIELD),
    ("money", &FIELD),
    ("date", &FIELD),
    ("postcode", &FIELD),
    ("iban", &FIELD),
    ("yesNo", &FIELD),
    ("consent", &FIELD),
    ("choice", &FIELD),
    ("multiChoice", &FIELD),
    ("file", &FIELD),
    ("computed", &FIELD),
];

/// Words authors may know from other form tools, and the antrag type they mean.
const TYPE_ALIASES: &[(&str, &str)] = &[
    ("number", "`integer` or `decimal`"),
    ("numeric", "`integer` or `decimal`"),
    ("int", "`integer`"),
    ("float", "`decimal`"),
    ("string", "`text`"),
    ("input", "`text`"),
    ("select", "`choice` with `\"display\": \"select\"`"),
    ("dropdown", "`choice` with `\"display\": \"select\"`"),
    ("radio", "`choice`"),
    ("radiogroup", "`choice`"),
    ("checkbox", "`consent` (one box) or `multiChoice` (several)"),
    ("checkboxes", "`multiChoice`"),
    ("boolean", "`yesNo`"),
    ("bool", "`yesNo`"),
    ("currency", "`money`"),
    ("euro", "`money`"),
    ("amount", "`money`"),
    ("tel", "`phone`"),
    ("telephone", "`phone`"),
    ("mail", "`email`"),
    ("upload", "`file`"),
    ("attachment", "`file`"),
    ("plz", "`postcode`"),
    ("zip", "`postcode`"),
    ("fieldset", "`group`"),
    ("section", "`group`"),
    ("list", "`repeat`"),
    ("array", "`repeat`"),
    ("title", "`heading`"),
    ("h2", "`heading`"),
    ("text-block", "`paragraph`"),
    ("p", "`paragraph`"),
    ("note", "`info`"),
    ("hinweis", "`info`"),
    ("calculated", "`computed`"),
    ("formula", "`computed`"),
    ("datum", "`date`"),
];

/// Texts of the form that `antrag new` writes (`crates/server/src/cli.rs`), which are meant to
/// be replaced: a form still showing one of them is not finished.
const SKELETON_TEXTS: &[&str] = &[
    "(bitte ändern)",
    "(please change)",
    "Die Datei ist ein Gerüst",
    "This file is a skeleton",
    "(Beschreiben Sie hier, wie es weitergeht.)",
    "(Describe the next steps here.)",
    "Ein Absatz mit Erklärungen für diese Seite.",
    "A paragraph explaining this page.",
    "Ein Hinweis unter der Beschriftung.",
    "A hint below the label.",
];

/// The hint for an empty English version of a text.
const EMPTY_EN_HINT: &str =
    "write the English text, or leave `en` out: English readers then see the German text";

/// A structural finding at a byte offset.
#[derive(Debug)]
pub(crate) struct Finding {
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub pointer: String,
    pub offset: usize,
    pub hint: Option<String>,
}

/// A text found in the file: its offset and whether it has an English translation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TextSeen {
    pub offset: usize,
    pub has_en: bool,
}

/// A `codeList` reference: the value, its pointer and offset.
#[derive(Debug, Clone)]
pub(crate) struct CodeListRef {
    pub name: String,
    pub pointer: String,
    pub offset: usize,
}

/// An expression found in the file: its pointer and the span of its string literal.
#[derive(Debug, Clone)]
pub(crate) struct ExprSeen {
    pub pointer: String,
    pub span: super::json::Span,
}

#[derive(Default, Debug)]
pub(crate) struct Walk {
    pub findings: Vec<Finding>,
    pub texts: Vec<TextSeen>,
    pub code_lists: Vec<CodeListRef>,
    /// Every expression, for the checks that read what is written (`decimal-comma`).
    pub exprs: Vec<ExprSeen>,
    /// Findings about what a sound file says (`empty-text`): reported after the later stages
    /// ran, as their errors need not stop them.
    pub late: Vec<Finding>,
    /// Findings not recorded because there were too many already.
    pub dropped: usize,
}

/// Most findings recorded by one walk (bounds time and memory on hostile input).
const MAX_FINDINGS: usize = super::MAX_DIAGNOSTICS;

impl Walk {
    fn push(
        &mut self,
        severity: Severity,
        code: &'static str,
        message: String,
        pointer: &str,
        offset: usize,
        hint: Option<String>,
    ) {
        if self.full() {
            return;
        }
        self.findings.push(Finding {
            severity,
            code,
            message,
            pointer: pointer.to_string(),
            offset,
            hint,
        });
    }

    /// [`Walk::push`] into [`Walk::late`].
    fn push_late(
        &mut self,
        severity: Severity,
        code: &'static str,
        message: String,
        pointer: &str,
        offset: usize,
        hint: Option<String>,
    ) {
        if self.findings.len() + self.late.len() >= MAX_FINDINGS {
            self.dropped += 1;
            return;
        }
        self.late.push(Finding {
            severity,
            code,
            message,
            pointer: pointer.to_string(),
            offset,
            hint,
        });
    }

    fn full(&mut self) -> bool {
        if self.findings.len() >= MAX_FINDINGS {
            self.dropped += 1;
            true
        } else {
            false
        }
    }

    /// Checks an object against `shape`. `item_type` is set for field items.
    pub fn object(&mut self, node: &Node, shape: &Shape, ptr: &str, item_type: Option<&str>) {
        let Some(members) = node.as_object() else {
            self.wrong_type(node, &format!("an object ({})", shape.what), ptr);
            return;
        };
        for key in shape.keys.iter().filter(|k| k.required) {
            if !members.iter().any(|m| m.key == key.name) {
                let what = match item_type {
                    Some(t) => format!("a `{t}` item"),
                    None => shape.what.to_string(),
                };
                self.push(
                    Severity::Error,
                    "missing-key",
                    format!("missing key `{}` in {what}", key.name),
                    ptr,
                    node.span.start,
                    Some(format!("add `\"{}\": {}`", key.name, example(&key.ty))),
                );
            }
        }
        for m in members {
            let child = join(ptr, &m.key);
            if item_type.is_some() && m.key == "type" {
                continue;
            }
            let Some(key) = shape.keys.iter().find(|k| k.name == m.key) else {
                self.unknown_key(m, shape, &child, item_type);
                continue;
            };
            if let (Some(applies), Some(t)) = (key.applies, item_type) {
                if !applies.contains(&t) {
                    self.push(
                        Severity::Warning,
                        "key-no-effect",
                        format!("`{}` has no effect on a field of type `{t}`", key.name),
                        &child,
                        m.key_span.start,
                        Some(if t == "date" && matches!(key.name, "min" | "max") {
                            date_min_max(key.name, m.value.as_str()).1
                        } else {
                            format!(
                                "`{}` applies to: {}",
                                key.name,
                                applies
                                    .iter()
                                    .map(|a| format!("`{a}`"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )
                        }),
                    );
                }
            }
            if matches!(m.value.kind, Kind::Null) && key.nullable {
                self.push(
                    Severity::Warning,
                    "null-value",
                    format!("`{}` is `null`", key.name),
                    &child,
                    m.value.span.start,
                    Some("leave the key out instead".into()),
                );
                continue;
            }
            if key.name == "codeList" {
                if let Some(s) = m.value.as_str() {
                    self.code_lists.push(CodeListRef {
                        name: s.to_string(),
                        pointer: child.clone(),
                        offset: m.value.span.start,
                    });
                }
            }
            if let (true, "version", Kind::Number(n)) =
                (std::ptr::eq(shape, &FORM), m.key.as_str(), &m.value.kind)
            {
                // `"1.0"` would be no version either.
                self.push(
                    Severity::Error,
                    "wrong-type",
                    format!("expected the version as a string, found the number `{n}`"),
                    &child,
                    m.value.span.start,
                    Some(format!(
                        "write it in quotes, as three whole numbers: `\"version\": \"{}\"`",
                        super::semver_like(n)
                    )),
                );
                continue;
            }
            self.value(&m.value, &key.ty, &child);
            // A list of at most one entry needs no number in its entries' heading.
            let single = members.iter().any(|x| {
                x.key == "maxItems"
                    && matches!(&x.value.kind, Kind::Number(n) if n.parse::<u64>().is_ok_and(|n| n <= 1))
            });
            self.text_content(&m.value, key, &child, item_type, single);
        }
        if let (true, Some(t)) = (std::ptr::eq(shape, &FIELD), item_type) {
            self.field_advice(members, ptr, t);
        }
    }

    /// Warnings about what the texts of a key say: markup that the app shows other than meant
    /// (in a text shown as written, or a link it does not make), an `itemLabel` without `{n}`.
    fn text_content(
        &mut self,
        node: &Node,
        key: &Key,
        ptr: &str,
        item_type: Option<&str>,
        single: bool,
    ) {
        match key.ty {
            Ty::Text(markup) => {
                let what = if item_type == Some("heading") {
                    "a heading".to_string()
                } else {
                    format!("`{}`", key.name)
                };
                for (s, offset, at) in strings_of(node, ptr) {
                    if s.trim().is_empty() {
                        self.empty_text(key.name, item_type, offset, &at);
                        continue;
                    }
                    self.markup(s, offset, &at, markup, &what);
                    if let Some(left) = SKELETON_TEXTS.iter().find(|t| s.contains(**t)) {
                        self.push(
                            Severity::Warning,
                            "skeleton-text",
                            format!(
                                "{what} is still the example text of `antrag new` („{}“): the \
                                 citizen would read it",
                                shorten(left)
                            ),
                            &at,
                            offset,
                            Some(if key.required {
                                "replace it with the text of your form".into()
                            } else {
                                format!(
                                    "replace it with the text of your form, or leave `{}` out",
                                    key.name
                                )
                            }),
                        );
                    }
                    if key.name == "itemLabel" && !single && !s.contains("{n}") {
                        self.push(
                            Severity::Warning,
                            "item-label-without-number",
                            format!(
                                "`itemLabel` has no `{{n}}`: every entry gets the same heading „{}“",
                                shorten(s)
                            ),
                            &at,
                            offset,
                            Some(format!(
                                "write `{{n}}` where the number of the entry goes (1, 2, 3 …): \
                                 `\"{} {{n}}\"`",
                                shorten(s.trim())
                            )),
                        );
                    }
                }
            }
            Ty::Map(&Ty::Text(markup)) => {
                for m in node.as_object().unwrap_or_default() {
                    let child = join(ptr, &m.key);
                    let what = format!("the message `{}`", m.key);
                    for (s, offset, at) in strings_of(&m.value, &child) {
                        if s.trim().is_empty() {
                            self.empty_text(key.name, item_type, offset, &at);
                            continue;
                        }
                        self.markup(s, offset, &at, markup, &what);
                    }
                }
            }
            _ => {}
        }
    }

    /// A language version of a text (the text of `key`, at `offset`, pointer `ptr`) that is
    /// empty or only spaces. An error where the citizen would meet an empty place: a title, a
    /// label, an entry's heading, a button, the text of a content item, a message (a rule whose
    /// message is empty leaves the citizen at „Es gibt ein Problem“ with nothing to say what).
    /// A warning for the texts that only add to something else (hints, descriptions, …): leave
    /// the key out. An empty `en` is an error too: English readers would see nothing, where
    /// without `en` they see the German text.
    fn empty_text(&mut self, key: &str, item_type: Option<&str>, offset: usize, ptr: &str) {
        let english = ptr.ends_with("/en");
        let heading = item_type == Some("heading");
        let sees = match key {
            "title" => Some("a page or form without a title".to_string()),
            "label" if item_type.is_none() => Some("an option without a text".into()),
            "label" if matches!(item_type, Some("group" | "repeat")) => {
                Some("a section without a heading".into())
            }
            "label" => Some("an input without a label, so nothing says what to enter".into()),
            "itemLabel" => Some("every entry of the list without a heading".into()),
            "addLabel" => Some("a button without a text".into()),
            "text" if heading => Some("an empty heading".into()),
            "text" => Some("an empty paragraph or box".into()),
            "message" | "messages" => Some(
                "only „Es gibt ein Problem“ and no text that says what is wrong or what to do"
                    .into(),
            ),
            _ => None,
        };
        let name = match key {
            "messages" => "a message".to_string(),
            _ => format!("`{key}`"),
        };
        let language = if english { " (English)" } else { "" };
        match sees {
            Some(sees) => {
                let hint = if english {
                    EMPTY_EN_HINT.to_string()
                } else {
                    let example = match key {
                        "title" => "\"title\": \"Angaben zur Person\"",
                        "label" if item_type.is_none() => "\"label\": \"Ja, ich bin Mitglied\"",
                        "label" => "\"label\": \"Vor- und Nachname\"",
                        "itemLabel" => "\"itemLabel\": \"Kind {n}\"",
                        "addLabel" => "\"addLabel\": \"Weiteres Kind hinzufügen\"",
                        "text" => "\"text\": \"Angaben zum Träger\"",
                        "messages" => "\"required\": \"Bitte geben Sie Ihren Namen an.\"",
                        _ => "\"message\": \"Das Ende muss nach dem Beginn liegen.\"",
                    };
                    format!("write the text the citizen should read, e.g. `{example}`")
                };
                self.push_late(
                    Severity::Error,
                    "empty-text",
                    format!("{name}{language} is empty: the citizen sees {sees}"),
                    ptr,
                    offset,
                    Some(hint),
                );
            }
            None => self.push_late(
                Severity::Warning,
                "empty-text",
                format!("{name}{language} is empty, so it shows nothing"),
                ptr,
                offset,
                Some(if english {
                    EMPTY_EN_HINT.into()
                } else {
                    format!("write the text, or leave `{key}` out")
                }),
            ),
        }
    }

    /// Markup in one language version `s` of a text (at `offset`, pointer `ptr`) that the app
    /// does not show as the author meant it. `what` names the text in messages.
    fn markup(&mut self, s: &str, offset: usize, ptr: &str, markup: Markup, what: &str) {
        if let Some((message, hint)) = unsupported_markup(s, markup) {
            self.push(
                Severity::Warning,
                "unsupported-markup",
                format!("{what} {message}"),
                ptr,
                offset,
                Some(hint),
            );
        }
        if markup == Markup::Plain {
            let (snippet, how, hint) = if let Some(e) = plain_emphasis(s) {
                (
                    e,
                    "with its asterisks",
                    "formatting works only in descriptions, `confirmation`, the `text` of \
                     `paragraph` and `info` items and in hints: leave the asterisks out here",
                )
            } else if let Some(l) = links(s)
                .into_iter()
                .find(|l| !l.text.trim().is_empty() && !l.target.trim().is_empty())
            {
                (
                    l.whole,
                    "not as a link",
                    "links work only in descriptions, `confirmation`, the `text` of `paragraph` \
                     and `info` items and in hints: put the link into a `hint` or a `paragraph`",
                )
            } else {
                return;
            };
            self.push(
                Severity::Warning,
                "markup-in-plain-text",
                format!(
                    "{what} is shown as plain text: `{}` appears as written, {how}",
                    shorten(snippet)
                ),
                ptr,
                offset,
                Some(hint.into()),
            );
            return;
        }
        if markup == Markup::Inline {
            let lines: Vec<&str> = s.lines().map(str::trim).collect();
            // One line starting with "- " is a dash, not a list.
            let list = lines
                .iter()
                .find(|l| l.starts_with("- "))
                .filter(|_| lines.iter().filter(|l| !l.is_empty()).count() > 1);
            let paragraphs = lines
                .windows(2)
                .any(|w| w[0].is_empty() && !w[1].is_empty());
            if list.is_some() || paragraphs {
                let how = match list {
                    Some(l) => format!("the list line `{}` is run into the text", shorten(l)),
                    None => "its paragraphs are run into one".into(),
                };
                self.push(
                    Severity::Warning,
                    "blocks-in-hint",
                    format!("{what} is shown as one paragraph: {how}"),
                    ptr,
                    offset,
                    Some(
                        "lists and paragraphs work in descriptions, `confirmation` and the `text` \
                         of `paragraph` and `info` items: put them into a `paragraph` before \
                         the field, or write the hint as one sentence"
                            .into(),
                    ),
                );
            }
        }
        for l in links(s) {
            if safe_href(l.target) && link_text_formatting(l.text) {
                self.push(
                    Severity::Warning,
                    "markup-in-link-text",
                    format!(
                        "the link text of `{}` is shown with its asterisks: a link's text is \
                         not formatted",
                        shorten(l.whole)
                    ),
                    ptr,
                    offset,
                    Some(format!(
                        "leave the asterisks out of the brackets: `[{}]({})`",
                        shorten(&unformatted(l.text)),
                        shorten(l.target)
                    )),
                );
            }
            if !l.text.is_empty() && safe_href(l.target) {
                continue;
            }
            let t = l.target;
            let why = if l.text.is_empty() {
                "a link needs a text"
            } else {
                "only `https://…` and `mailto:…` addresses become links"
            };
            let hint = if l.text.is_empty() {
                format!(
                    "write the text to click between the brackets: `[Hilfe]({})`",
                    shorten(t)
                )
            } else if has_bad_href_char(t) {
                "an address cannot contain spaces, line breaks, `\"` or `<`: write a space as `%20`"
                    .into()
            } else if let Some(rest) = t.strip_prefix("http://") {
                format!(
                    "write `https://{}`: the app links only encrypted addresses",
                    shorten(rest)
                )
            } else if t.to_ascii_lowercase().starts_with("https://")
                || t.to_ascii_lowercase().starts_with("mailto:")
            {
                "write `https://` and `mailto:` in lower case".into()
            } else if t.starts_with("www.") {
                format!("write the full address: `https://{}`", shorten(t))
            } else if t.contains('@') && !t.contains(':') && !t.contains('/') {
                format!("write an e-mail address as `mailto:{}`", shorten(t))
            } else if !t.contains(':') {
                "write the full address with `https://` and the domain \
                 (`https://www.beispiel.de/hilfe`): a relative address is not linked"
                    .into()
            } else {
                "write any other address as plain text, without `[…](…)`".into()
            };
            self.push(
                Severity::Warning,
                "invalid-link",
                format!(
                    "`{}` is shown as written, not as a link: {why}",
                    shorten(l.whole)
                ),
                ptr,
                offset,
                Some(hint),
            );
        }
    }

    /// Advice on the keys of a field of type `t` taken together: a `pattern` without a message
    /// of its own, number bounds with more decimal places than the field takes.
    fn field_advice(&mut self, members: &[Member], ptr: &str, t: &str) {
        let get = |k: &str| members.iter().find(|m| m.key == k).map(|m| &m.value);
        let pattern_applies = FIELD
            .keys
            .iter()
            .find(|k| k.name == "pattern")
            .and_then(|k| k.applies)
            .is_none_or(|types| types.contains(&t));
        if let Some(p) = get("pattern").filter(|_| pattern_applies) {
            let message = get("messages").and_then(|m| m.get("pattern"));
            if p.as_str().is_some_and(|s| !s.is_empty()) && message.is_none() {
                self.push(
                    Severity::Warning,
                    "pattern-without-message",
                    "the `pattern` has no message of its own: an answer that does not match \
                     only gets the general „Geben Sie „…“ im richtigen Format an.“"
                        .into(),
                    &join(ptr, "pattern"),
                    p.span.start,
                    Some(
                        "say what format is expected, with an example: `\"messages\": { \
                         \"pattern\": \"Ein Aktenzeichen sieht so aus: KF-2026-4F7Q2.\" }`"
                            .into(),
                    ),
                );
            }
        }
        if NUMBERS.contains(&t) {
            self.bound_places(&get, ptr, t);
            self.thousands_separators(&get, ptr, t);
        }
        if let Some(a) = get("autocomplete").filter(|_| INPUTS.contains(&t)) {
            if let Some(value) = a.as_str() {
                self.autocomplete(value, a.span.start, &join(ptr, "autocomplete"));
            }
        }
        if let Some(Kind::Array(rules)) = get("rules").map(|r| &r.kind) {
            let messages = get("messages");
            for (i, rule) in rules.iter().enumerate() {
                let Some(code) = rule.get("code") else {
                    continue;
                };
                let Some(c) = code.as_str() else { continue };
                let at = join(&format!("{}/{i}", join(ptr, "rules")), "code");
                let in_messages = messages.and_then(|m| m.get(c)).is_some();
                self.rule_code(c, code.span.start, &at, in_messages);
            }
        }
    }

    /// An `autocomplete` value that is no autocomplete token of HTML: browsers ignore it.
    fn autocomplete(&mut self, value: &str, offset: usize, ptr: &str) {
        let Some(bad) = autocomplete_problem(value) else {
            return;
        };
        // German words first: `nachname` is a word, not a typo of `nickname`.
        let meant = AUTOCOMPLETE_WORDS
            .iter()
            .find(|(word, _)| bad.contains(word))
            .map(|(_, token)| *token)
            .or_else(|| did_you_mean(&bad, &[AUTOCOMPLETE_FIELDS, AUTOCOMPLETE_CONTACT].concat()));
        let common = "`name`, `given-name`, `family-name`, `organization`, `street-address`, \
                      `postal-code`, `address-level2` (town), `country-name`, `email`, `tel`, \
                      `bday`, `url`";
        let hint = match meant {
            Some(m) => format!(
                "did you mean `\"autocomplete\": \"{m}\"`? Browsers fill in only the values \
                 they know, such as {common}"
            ),
            None => format!(
                "browsers fill in only the values they know, for the citizen's own data: \
                 {common}; leave `autocomplete` out where none fits"
            ),
        };
        self.push(
            Severity::Warning,
            "unknown-autocomplete",
            format!(
                "`{}` is no `autocomplete` value that browsers know: they fill in nothing here",
                shorten(&bad)
            ),
            ptr,
            offset,
            Some(hint),
        );
    }

    /// A rule `code` with characters unusual for a code: it names the problem in the `422`
    /// answer, in statistics and in `messages`, so it is written like the built-in ones
    /// (`date_too_late`).
    fn rule_code(&mut self, code: &str, offset: usize, ptr: &str, in_messages: bool) {
        let fine = code.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
            && code
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if fine {
            return;
        }
        let mut snake = String::new();
        for c in code.trim().chars().flat_map(char::to_lowercase) {
            match c {
                'ä' => snake.push_str("ae"),
                'ö' => snake.push_str("oe"),
                'ü' => snake.push_str("ue"),
                'ß' => snake.push_str("ss"),
                c if c.is_ascii_alphanumeric() => snake.push(c),
                _ if !snake.is_empty() && !snake.ends_with('_') => snake.push('_'),
                _ => {}
            }
        }
        let snake = snake.trim_end_matches('_');
        let snake = if snake.starts_with(|c: char| c.is_ascii_alphabetic()) {
            snake.to_string()
        } else {
            format!("regel_{snake}").trim_end_matches('_').to_string()
        };
        let what = if code.contains(char::is_whitespace) {
            "has spaces"
        } else if code.is_empty() {
            "is empty"
        } else {
            "has characters unusual for a code"
        };
        let also = if in_messages {
            " (and the same key in `messages`)"
        } else {
            ""
        };
        self.push(
            Severity::Warning,
            "rule-code-format",
            format!(
                "the rule `code` „{}“ {what}: a code names the problem for programs (the \
                 answer `422` to a refused application, statistics, `messages`) and is written \
                 in lower case with `_`, like `date_too_late`",
                shorten(code)
            ),
            ptr,
            offset,
            Some(format!("write `\"code\": \"{snake}\"`{also}")),
        );
    }

    /// `min` and `max` (the only number bounds of the format) written with German thousands
    /// separators: `"max": "2.000"` on a money field is 2,00 €, `5.000` on an integer field is
    /// 5. A dot followed by exactly three digits, after one to three digits that do not start
    /// with 0, is taken for a thousands separator wherever the field takes fewer than three
    /// decimal places (a `decimal` field with `decimals` of 3 or more may mean 1.500 as 1,5).
    fn thousands_separators<'n>(
        &mut self,
        get: &dyn Fn(&str) -> Option<&'n Node>,
        ptr: &str,
        t: &str,
    ) {
        let places: u64 = match t {
            "integer" => 0,
            "money" => 2,
            _ => match get("decimals").map(|d| &d.kind) {
                None | Some(Kind::Null) => 2,
                Some(Kind::Number(n)) => match n.parse::<u64>() {
                    Ok(p) => p,
                    Err(_) => return,
                },
                Some(_) => return,
            },
        };
        if places >= 3 {
            return;
        }
        for name in ["min", "max"] {
            let Some(node) = get(name) else { continue };
            let (raw, quoted) = match &node.kind {
                Kind::Number(n) => (n.as_str(), false),
                Kind::String(s) => (s.trim(), true),
                _ => continue,
            };
            let digits = raw.strip_prefix('-').unwrap_or(raw);
            let mut groups = digits.split('.');
            let first = groups.next().unwrap_or("");
            let rest: Vec<&str> = groups.collect();
            let grouped = (1..=3).contains(&first.len())
                && !first.starts_with('0')
                && first.bytes().all(|b| b.is_ascii_digit())
                && !rest.is_empty()
                && rest
                    .iter()
                    .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()));
            if !grouped {
                continue;
            }
            let meant = raw.replace('.', "");
            // As the citizen would read it in the message for an answer out of range.
            let read = match Dec::parse_canonical(raw) {
                Some(v) if t == "money" => {
                    format!("which is read as {} €, not {meant}", v.to_german(2))
                }
                Some(v) => format!(
                    "which is read as {}, not {meant}",
                    v.to_german(v.places_used())
                ),
                None => "which is no number at all".into(),
            };
            let written = if quoted {
                format!("\"{name}\": \"{meant}\"")
            } else {
                format!("\"{name}\": {meant}")
            };
            let takes = match places {
                0 => "none here".to_string(),
                1 => "one here".to_string(),
                p => format!("{p} here"),
            };
            self.push(
                Severity::Warning,
                "thousands-separator",
                format!(
                    "`{name}` is `{raw}`, {read}: in bounds a dot is the decimal point, not a \
                     thousands separator"
                ),
                &join(ptr, name),
                node.span.start,
                Some(format!(
                    "for {meant} write `{written}`; decimal places are written with a dot and \
                     at most as many as the field takes ({takes})"
                )),
            );
        }
    }

    /// `min` and `max` of a number field with more decimal places than the field takes: the
    /// bound itself cannot be entered (a warning), or no number at all fits between them (an
    /// error, like `min` greater than `max`).
    fn bound_places<'n>(&mut self, get: &dyn Fn(&str) -> Option<&'n Node>, ptr: &str, t: &str) {
        let places: u8 = match t {
            "integer" => 0,
            "money" => 2,
            _ => match get("decimals").map(|d| &d.kind) {
                None | Some(Kind::Null) => 2,
                Some(Kind::Number(n)) => match n.parse::<u8>() {
                    Ok(p) if p <= Dec::SCALE_DIGITS => p,
                    _ => return,
                },
                Some(_) => return,
            },
        };
        let Some(step) = Dec::from_scaled(1, places) else {
            return;
        };
        // A bound as written, its value, and the nearest value inside it with `places` places.
        let bound = |name: &str| {
            let node = get(name)?;
            let raw = match &node.kind {
                Kind::Number(n) => n.as_str(),
                Kind::String(s) => s.trim(),
                _ => return None,
            };
            let value = Dec::parse_canonical(raw)?;
            let r = value.round_to(places);
            let inside = match (name, r.cmp(&value)) {
                ("min", std::cmp::Ordering::Less) => r.checked_add(step)?,
                ("max", std::cmp::Ordering::Greater) => r.checked_sub(step)?,
                _ => r,
            };
            Some((node, raw, value, inside))
        };
        let (min, max) = (bound("min"), bound("max"));
        if let (Some((node, lo_raw, lo, lo_in)), Some((_, hi_raw, hi, hi_in))) = (min, max) {
            if lo <= hi && lo_in > hi_in {
                let numbers = match (t, places) {
                    ("integer", _) | (_, 0) => "whole number".to_string(),
                    ("money", _) => "amount in whole cents".to_string(),
                    (_, 1) => "number with one decimal place".to_string(),
                    (_, p) => format!("number with at most {p} decimal places"),
                };
                // A warning, as the form still opens (and an error here would hide every
                // diagnostic of the later stages).
                self.push(
                    Severity::Warning,
                    "no-number-in-range",
                    format!(
                        "no {numbers} lies between `min` ({lo_raw}) and `max` ({hi_raw}): \
                         nothing can be entered"
                    ),
                    &join(ptr, "min"),
                    node.span.start,
                    Some(if t == "decimal" {
                        "widen the bounds, or allow more places with `decimals`".into()
                    } else {
                        "widen the bounds".into()
                    }),
                );
                return;
            }
        }
        for (name, b) in [("min", min), ("max", max)] {
            let Some((node, raw, value, inside)) = b else {
                continue;
            };
            if value.places_used() <= places {
                continue;
            }
            let (end, what) = match (name, t) {
                ("min", "money") => ("smallest", "amount"),
                ("min", _) => ("smallest", "number"),
                (_, "money") => ("largest", "amount"),
                _ => ("largest", "number"),
            };
            let why = match t {
                "integer" => "is not a whole number, and the field takes whole numbers only".into(),
                "money" => "has more than the two decimal places of an amount in cents".into(),
                _ => format!("has more decimal places than the field takes (`decimals`: {places})"),
            };
            self.push(
                Severity::Warning,
                "bound-decimal-places",
                format!(
                    "`{name}` ({raw}) {why}: the {end} {what} it accepts is {inside}, and the \
                     message for a {what} out of range names {raw}, which cannot be entered"
                ),
                &join(ptr, name),
                node.span.start,
                Some(if t == "decimal" {
                    format!(
                        "write `\"{name}\": \"{inside}\"`, or allow more places with `decimals`"
                    )
                } else {
                    format!("write `\"{name}\": \"{inside}\"`")
                }),
            );
        }
    }

    fn unknown_key(&mut self, m: &Member, shape: &Shape, ptr: &str, item_type: Option<&str>) {
        if self.full() {
            return;
        }
        let mut candidates: Vec<&str> = shape.keys.iter().map(|k| k.name).collect();
        if item_type.is_some() {
            candidates.push("type");
        }
        let hint = match did_you_mean(&m.key, &candidates) {
            Some(s) => Some(format!("did you mean `{s}`?")),
            None => {
                let field_key = FIELD.keys.iter().any(|k| k.name == m.key);
                let valid = candidates
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                match item_type {
                    Some(t) if field_key && !std::ptr::eq(shape, &FIELD) => Some(format!(
                        "`{}` is a key of fields; a `{t}` item takes: {valid}",
                        m.key
                    )),
                    _ => Some(format!("valid keys here: {valid}")),
                }
            }
        };
        self.push(
            Severity::Error,
            "unknown-key",
            format!("unknown key `{}`", m.key),
            ptr,
            m.key_span.start,
            hint,
        );
    }

    fn wrong_type(&mut self, node: &Node, expected: &str, ptr: &str) {
        self.push(
            Severity::Error,
            "wrong-type",
            format!("expected {expected}, found {}", node.kind.describe()),
            ptr,
            node.span.start,
            wrong_type_hint(node, expected),
        );
    }

    pub fn value(&mut self, node: &Node, ty: &Ty, ptr: &str) {
        match ty {
            Ty::Str | Ty::Expr => {
                if matches!(ty, Ty::Expr) && node.as_str().is_some() {
                    self.exprs.push(ExprSeen {
                        pointer: ptr.to_string(),
                        span: node.span,
                    });
                }
                if node.as_str().is_none() {
                    let what = if matches!(ty, Ty::Expr) {
                        "an expression (a string)"
                    } else {
                        "a string"
                    };
                    self.wrong_type(node, what, ptr);
                }
            }
            Ty::Text(_) => self.text(node, ptr),
            Ty::Bool => {
                if !matches!(node.kind, Kind::Bool(_)) {
                    self.wrong_type(node, "`true` or `false`", ptr);
                }
            }
            Ty::UInt(max) => match &node.kind {
                Kind::Number(n) => {
                    if let Some(msg) = uint_problem(n, *max) {
                        self.push(
                            Severity::Error,
                            "wrong-type",
                            msg,
                            ptr,
                            node.span.start,
                            None,
                        );
                    }
                }
                _ => self.wrong_type(node, "a whole number", ptr),
            },
            Ty::NumberBound => {
                if !matches!(node.kind, Kind::Number(_) | Kind::String(_)) {
                    self.wrong_type(node, "a number or a decimal string", ptr);
                }
            }
            Ty::Enum(values) => match node.as_str() {
                Some(s) if values.contains(&s) => {}
                Some(s) => {
                    let hint = match did_you_mean(s, values) {
                        Some(v) => format!("did you mean `{v}`?"),
                        None => format!("one of: {}", list(values)),
                    };
                    self.push(
                        Severity::Error,
                        "unknown-value",
                        format!("unknown value `{s}`"),
                        ptr,
                        node.span.start,
                        Some(hint),
                    );
                }
                None => self.wrong_type(node, &format!("one of {}", list(values)), ptr),
            },
            Ty::Array(inner) => match &node.kind {
                Kind::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        self.value(item, inner, &format!("{ptr}/{i}"));
                    }
                }
                _ => self.wrong_type(node, "an array `[…]`", ptr),
            },
            Ty::Object(shape) => self.object(node, shape, ptr, None),
            Ty::Map(inner) => match node.as_object() {
                Some(members) => {
                    for m in members {
                        self.value(&m.value, inner, &join(ptr, &m.key));
                    }
                }
                None => self.wrong_type(node, "an object `{…}`", ptr),
            },
            Ty::Items => match &node.kind {
                Kind::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        self.item(item, &format!("{ptr}/{i}"));
                    }
                }
                _ => self.wrong_type(node, "an array of items `[…]`", ptr),
            },
        }
    }

    fn item(&mut self, node: &Node, ptr: &str) {
        if node.as_object().is_none() {
            self.wrong_type(node, "an item (an object with a `type`)", ptr);
            return;
        }
        let Some(ty_node) = node.get("type") else {
            self.push(
                Severity::Error,
                "missing-key",
                "missing key `type` in an item".into(),
                ptr,
                node.span.start,
                Some(format!(
                    "add `\"type\": …`, one of: {}",
                    list(&ITEM_TYPES.iter().map(|(t, _)| *t).collect::<Vec<_>>())
                )),
            );
            return;
        };
        let tptr = join(ptr, "type");
        let Some(t) = ty_node.as_str() else {
            self.wrong_type(ty_node, "a string (the item type)", &tptr);
            return;
        };
        let Some((t, shape)) = ITEM_TYPES.iter().find(|(name, _)| *name == t) else {
            let names: Vec<&str> = ITEM_TYPES.iter().map(|(t, _)| *t).collect();
            let hint = if let Some(s) = did_you_mean(t, &names) {
                format!("did you mean `{s}`?")
            } else if let Some((_, alias)) =
                TYPE_ALIASES.iter().find(|(a, _)| a.eq_ignore_ascii_case(t))
            {
                format!("use {alias}")
            } else {
                format!("one of: {}", list(&names))
            };
            self.push(
                Severity::Error,
                "unknown-type",
                format!("unknown item type `{t}`"),
                &tptr,
                ty_node.span.start,
                Some(hint),
            );
            return;
        };
        self.object(node, shape, ptr, Some(t));
    }

    fn text(&mut self, node: &Node, ptr: &str) {
        match &node.kind {
            Kind::String(_) => self.texts.push(TextSeen {
                offset: node.span.start,
                has_en: false,
            }),
            Kind::Object(members) => {
                let mut ok = true;
                for m in members {
                    let child = join(ptr, &m.key);
                    match m.key.as_str() {
                        "de" | "en" => {
                            if m.value.as_str().is_none() {
                                ok = false;
                                self.push(
                                    Severity::Error,
                                    "invalid-text",
                                    format!(
                                        "expected a string for `{}`, found {}",
                                        m.key,
                                        m.value.kind.describe()
                                    ),
                                    &child,
                                    m.value.span.start,
                                    None,
                                );
                            }
                        }
                        other => {
                            ok = false;
                            let hint = match did_you_mean(other, &["de", "en"]) {
                                Some(s) => format!("did you mean `{s}`?"),
                                None => "a text has only `de` (German, required) and `en` (English, optional)".into(),
                            };
                            self.push(
                                Severity::Error,
                                "invalid-text",
                                format!("unknown language key `{other}` in a text"),
                                &child,
                                m.key_span.start,
                                Some(hint),
                            );
                        }
                    }
                }
                if !members.iter().any(|m| m.key == "de") {
                    ok = false;
                    self.push(
                        Severity::Error,
                        "invalid-text",
                        "a text needs a German version `de`".into(),
                        ptr,
                        node.span.start,
                        Some("write `{\"de\": \"…\", \"en\": \"…\"}` or just a string".into()),
                    );
                }
                if ok {
                    self.texts.push(TextSeen {
                        offset: node.span.start,
                        // `"en": ""` shows English readers nothing: as good as missing.
                        has_en: members.iter().any(|m| {
                            m.key == "en" && m.value.as_str().is_some_and(|s| !s.trim().is_empty())
                        }),
                    });
                }
            }
            _ => self.push(
                Severity::Error,
                "invalid-text",
                format!(
                    "expected a text (a string or {{\"de\": …, \"en\": …}}), found {}",
                    node.kind.describe()
                ),
                ptr,
                node.span.start,
                wrong_type_hint(node, "a string"),
            ),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Markup in texts, read with the parser the app renders them with (`crate::markup`), to find
// what it would show other than the author meant.
// ---------------------------------------------------------------------------------------------

/// The language versions of a text: each string with its offset and pointer.
fn strings_of<'a>(node: &'a Node, ptr: &str) -> Vec<(&'a str, usize, String)> {
    match &node.kind {
        Kind::String(s) => vec![(s.as_str(), node.span.start, ptr.to_string())],
        Kind::Object(members) => members
            .iter()
            .filter(|m| m.key == "de" || m.key == "en")
            .filter_map(|m| Some((m.value.as_str()?, m.value.span.start, join(ptr, &m.key))))
            .collect(),
        _ => Vec::new(),
    }
}

/// The field names of HTML's `autocomplete` (HTML Living Standard, „Autofill“).
const AUTOCOMPLETE_FIELDS: &[&str] = &[
    "name",
    "honorific-prefix",
    "given-name",
    "additional-name",
    "family-name",
    "honorific-suffix",
    "nickname",
    "username",
    "new-password",
    "current-password",
    "one-time-code",
    "organization-title",
    "organization",
    "street-address",
    "address-line1",
    "address-line2",
    "address-line3",
    "address-level4",
    "address-level3",
    "address-level2",
    "address-level1",
    "country",
    "country-name",
    "postal-code",
    "cc-name",
    "cc-given-name",
    "cc-additional-name",
    "cc-family-name",
    "cc-number",
    "cc-exp",
    "cc-exp-month",
    "cc-exp-year",
    "cc-csc",
    "cc-type",
    "transaction-currency",
    "transaction-amount",
    "language",
    "bday",
    "bday-day",
    "bday-month",
    "bday-year",
    "sex",
    "url",
    "photo",
];

/// The field names that may follow `home`, `work`, `mobile`, `fax` or `pager`.
const AUTOCOMPLETE_CONTACT: &[&str] = &[
    "tel",
    "tel-country-code",
    "tel-national",
    "tel-area-code",
    "tel-local",
    "tel-local-prefix",
    "tel-local-suffix",
    "tel-extension",
    "email",
    "impp",
];

/// Words authors write for a field, and the autocomplete value they mean.
const AUTOCOMPLETE_WORDS: &[(&str, &str)] = &[
    // First: `e-mail-adresse` is an e-mail address, not a street address.
    ("mail", "email"),
    ("vorname", "given-name"),
    ("nachname", "family-name"),
    ("familienname", "family-name"),
    ("verein", "organization"),
    ("firma", "organization"),
    ("träger", "organization"),
    ("traeger", "organization"),
    ("organisation", "organization"),
    ("company", "organization"),
    ("strasse", "street-address"),
    ("straße", "street-address"),
    ("street", "street-address"),
    ("adresse", "street-address"),
    ("postleitzahl", "postal-code"),
    ("plz", "postal-code"),
    ("zip", "postal-code"),
    ("wohnort", "address-level2"),
    ("stadt", "address-level2"),
    ("city", "address-level2"),
    ("handy", "mobile tel"),
    ("mobil", "mobile tel"),
    ("telefon", "tel"),
    ("phone", "tel"),
    ("geburt", "bday"),
    ("birth", "bday"),
    ("webseite", "url"),
    ("website", "url"),
    ("homepage", "url"),
    ("staat", "country-name"),
    ("country", "country-name"),
];

/// The first token of the `autocomplete` value `value` that breaks HTML's grammar
/// (`[section-…] [shipping|billing] [home|work|mobile|fax|pager] field [webauthn]`, or `on`,
/// `off`), in lower case; `None` if the value is valid.
fn autocomplete_problem(value: &str) -> Option<String> {
    let tokens: Vec<String> = value
        .split_ascii_whitespace()
        .map(str::to_ascii_lowercase)
        .collect();
    let mut t: &[String] = &tokens;
    // An empty value is the browser's default.
    let first = t.first()?;
    if t.len() == 1 && (first == "on" || first == "off") {
        return None;
    }
    if first.starts_with("section-") {
        t = &t[1..];
    }
    if t.first().is_some_and(|x| x == "shipping" || x == "billing") {
        t = &t[1..];
    }
    let contact = t
        .first()
        .is_some_and(|x| matches!(x.as_str(), "home" | "work" | "mobile" | "fax" | "pager"));
    if contact {
        t = &t[1..];
    }
    let Some(field) = t.first() else {
        return tokens.last().cloned();
    };
    let known = AUTOCOMPLETE_CONTACT.contains(&field.as_str())
        || (!contact && AUTOCOMPLETE_FIELDS.contains(&field.as_str()));
    if !known {
        return Some(field.clone());
    }
    match &t[1..] {
        [] => None,
        [w] if w == "webauthn" => None,
        [other, ..] => Some(other.clone()),
    }
}

/// Tags that authors write as in HTML (`<b>`, `<br>`), lower case.
const HTML_TAGS: &[&str] = &[
    "b", "strong", "i", "em", "u", "mark", "br", "p", "ul", "ol", "li", "a", "h1", "h2", "h3",
    "h4", "h5", "h6", "span", "div", "small", "sup", "sub", "hr", "font", "center", "table",
];

/// The first HTML tag of `s` (`<b>`, `</p>`, `<br/>`, `<a href="…">`) and its name.
fn html_tag(s: &str) -> Option<(&str, String)> {
    let b = s.as_bytes();
    for (i, _) in s.match_indices('<') {
        let mut j = i + 1;
        if b.get(j) == Some(&b'/') {
            j += 1;
        }
        let start = j;
        while b.get(j).is_some_and(u8::is_ascii_alphanumeric) {
            j += 1;
        }
        let name = s[start..j].to_ascii_lowercase();
        if !HTML_TAGS.contains(&name.as_str()) {
            continue;
        }
        // `>` right after the name, or after attributes on the same line.
        let rest = &s[j..];
        let end = match rest.bytes().next() {
            Some(b'>') => Some(0),
            Some(b' ' | b'/') => rest
                .find(['>', '\n', '<'])
                .filter(|&e| rest.as_bytes()[e] == b'>' && e <= 200),
            _ => None,
        };
        if let Some(e) = end {
            return Some((&s[i..j + e + 1], name));
        }
    }
    None
}

/// `__text__` as a word or words (`__wichtig__`), not `a__b` or a lone `__`.
fn underscores(s: &str) -> Option<&str> {
    for (i, _) in s.match_indices("__") {
        if s[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
        {
            continue;
        }
        let inner = &s[i + 2..];
        if inner.starts_with(char::is_whitespace) || inner.starts_with('_') {
            continue;
        }
        let mut limit = inner.len().min(200);
        while !inner.is_char_boundary(limit) {
            limit -= 1;
        }
        let Some(end) = inner[..limit].find("__") else {
            continue;
        };
        // Not in a word or a file name (`__init__.py`).
        let mut after = inner[end + 2..].chars();
        let word_goes_on = match after.next() {
            Some('.') => after.next().is_some_and(char::is_alphanumeric),
            Some(c) => c.is_alphanumeric() || c == '_',
            None => false,
        };
        let content = &inner[..end];
        if content.is_empty()
            || content.ends_with(char::is_whitespace)
            || content.contains('\n')
            || word_goes_on
        {
            continue;
        }
        return Some(&s[i..i + end + 4]);
    }
    None
}

/// A line `# Überschrift` (one to six `#` and a space).
fn heading_line(s: &str) -> Option<(&str, &str)> {
    s.lines().map(str::trim).find_map(|l| {
        let hashes = l.bytes().take_while(|&b| b == b'#').count();
        let text = l[hashes..].strip_prefix(' ')?.trim();
        ((1..=6).contains(&hashes) && !text.is_empty()).then_some((l, text))
    })
}

/// Whether a line starts like an entry of a numbered list: `1. `, `2) `.
fn numbered(line: &str) -> bool {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    (1..=2).contains(&digits)
        && matches!(line.as_bytes().get(digits), Some(b'.' | b')'))
        && line.as_bytes().get(digits + 1) == Some(&b' ')
}

/// Markup from other tools that the app shows as written, in a text of kind `markup`: HTML
/// tags, `__bold__`, `# headings` and numbered lists (two `1. ` lines in a row, which a text
/// runs into one paragraph). The rest of the message after the text's name, and the hint.
fn unsupported_markup(s: &str, markup: Markup) -> Option<(String, String)> {
    let plain = markup == Markup::Plain;
    let only_plain = "this text is shown as plain text (formatting works only in descriptions, \
                      `confirmation`, the `text` of `paragraph` and `info` items and in hints)";
    if let Some((tag, name)) = html_tag(s) {
        let hint = if plain {
            format!("{only_plain}: leave the tags out")
        } else {
            match name.as_str() {
                "b" | "strong" => "for bold text write `**…**`: `**wichtig**`".into(),
                "i" | "em" | "u" | "mark" => "for emphasis write `*…*`: `*betont*`".into(),
                "br" | "p" | "hr" if markup == Markup::Blocks => {
                    "for a new paragraph leave a blank line: write `\\n\\n` in the JSON text".into()
                }
                "ul" | "ol" | "li" if markup == Markup::Blocks => {
                    "for a list start each line with `- `: `\"- erstens\\n- zweitens\"`".into()
                }
                "a" => "write a link as `[Text](https://…)`".into(),
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                    "for a heading put a `heading` item before the text: \
                     `{ \"type\": \"heading\", \"text\": \"…\" }`"
                        .into()
                }
                _ if markup == Markup::Inline => "a hint is one paragraph with `**bold**`, \
                     `*emphasis*` and links: put longer text into a `paragraph` item"
                    .into(),
                _ => "the app shows no HTML: write `**bold**`, `*emphasis*`, lines starting \
                      with `- ` for a list and a blank line for a new paragraph"
                    .into(),
            }
        };
        return Some((
            format!(
                "shows `{}` as written: the app does not read HTML",
                shorten(tag)
            ),
            hint,
        ));
    }
    if let Some(u) = underscores(s) {
        let inner = &u[2..u.len() - 2];
        let hint = if plain {
            format!("{only_plain}: leave the underscores out")
        } else {
            format!("for bold text write `**{}**`", shorten(inner))
        };
        return Some((format!("shows `{}` with its underscores", shorten(u)), hint));
    }
    if let Some((line, text)) = heading_line(s) {
        let hint = if plain {
            format!("{only_plain}: leave the `#` out")
        } else {
            format!(
                "put a `heading` item before the text: `{{ \"type\": \"heading\", \"text\": \
                 \"{}\" }}`",
                shorten(text)
            )
        };
        return Some((
            format!(
                "shows the line `{}` as written, with its `#`",
                shorten(line)
            ),
            hint,
        ));
    }
    if plain {
        return None;
    }
    let lines: Vec<&str> = s.lines().map(str::trim).collect();
    let pair = lines
        .windows(2)
        .find(|w| numbered(w[0]) && numbered(w[1]))?;
    let hint = if markup == Markup::Blocks {
        "start each line with `- ` for a list, or leave a blank line between the numbered \
         lines (`\\n\\n`) so that each is a paragraph of its own"
    } else {
        "a hint is one paragraph: put the steps into a `paragraph` item before the field, one \
         per line starting with `- `"
    };
    Some((
        format!(
            "runs the numbered lines `{}` and `{}` into one paragraph",
            shorten(pair[0]),
            shorten(pair[1])
        ),
        hint.into(),
    ))
}

/// `s` for a message: at most 80 characters, on one line.
fn shorten(s: &str) -> String {
    let one_line: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    match one_line.char_indices().nth(80) {
        Some((i, _)) => format!("{}…", &one_line[..i]),
        None => one_line,
    }
}

/// The first `**strong**` or `*emphasis*` in `s` that looks meant as formatting: the app's
/// rule for where emphasis opens and closes (`crate::markup::inline`), and besides neither
/// a letter or digit right before it nor right after it (`2*3*4` is arithmetic). An emphasis
/// is looked for within 200 bytes, which keeps the search linear.
fn plain_emphasis(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    for (i, c) in s.char_indices() {
        if c != '*' || (i > 0 && b[i - 1] == b'*') {
            continue;
        }
        if s[..i]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
        {
            continue;
        }
        let n = if s[i..].starts_with("**") { 2 } else { 1 };
        let content = &s[i + n..];
        let mut limit = content.len().min(200);
        while !content.is_char_boundary(limit) {
            limit -= 1;
        }
        let Some(end) = closer(&content[..limit], n) else {
            continue;
        };
        let whole = &s[i..i + n + end + n];
        // Emphasis wraps words: in `(*) und (*)` (footnote marks) it would start with a
        // closing and end with an opening bracket.
        let inner = &whole[n..whole.len() - n];
        let opens_badly = inner.trim_start_matches('*').starts_with([')', ']', '}']);
        let closes_badly = inner.trim_end_matches('*').ends_with(['(', '[', '{']);
        if opens_badly || closes_badly {
            continue;
        }
        if s[i + whole.len()..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
        {
            continue;
        }
        return Some(whole);
    }
    None
}

/// Whether the text of a link has formatting its author meant, which the app does not show: a
/// link's text is shown as written. That is emphasis or strong text the markup parser makes of
/// the text where it is not a link's ([`crate::markup::inline`]), and that looks meant as
/// formatting as in a plain text ([`plain_emphasis`]): not arithmetic (`5 * 3 * 2`), which the
/// parser leaves alone, nor asterisks inside words (`a*b*c`, `Schüler*innen und Lehrer*innen`),
/// which it would read as emphasis but which are shown as written here, as meant.
fn link_text_formatting(text: &str) -> bool {
    use crate::markup::Inline;
    let formats = crate::markup::inline(text)
        .iter()
        .any(|i| matches!(i, Inline::Em(_) | Inline::Strong(_)));
    formats && plain_emphasis(text).is_some()
}

/// `s` without the asterisks of its formatting ([`plain_emphasis`]), nested or not; other
/// asterisks (`5 * 3`, `Schüler*innen`) stay. Every asterisk is looked at once per level of
/// nesting.
fn unformatted(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(e) = plain_emphasis(rest) {
        // `e` is a part of `rest`: its offset there.
        let at = e.as_ptr() as usize - rest.as_ptr() as usize;
        out.push_str(&rest[..at]);
        let n = if e.starts_with("**") { 2 } else { 1 };
        out.push_str(&unformatted(&e[n..e.len() - n]));
        rest = &rest[at + e.len()..];
    }
    out.push_str(rest);
    out
}

/// The message and hint for `min` or `max` (`name`, with the text `b` if it is one) on a date
/// field, which has `minDate` and `maxDate` instead.
pub(crate) fn date_min_max(name: &str, b: Option<&str>) -> (String, String) {
    let key = format!("{name}Date");
    let value = b.and_then(|s| match crate::value::DateBound::parse(s) {
        Some(_) => Some(s.trim().to_string()),
        None => crate::value::Date::parse_input(s.trim()).map(|d| d.to_iso()),
    });
    let which = if name == "min" { "earliest" } else { "latest" };
    let message = format!(
        "a date field has no `{name}` (`min` and `max` are for numbers): its {which} date is \
         set with `{key}`"
    );
    let hint = match value {
        Some(v) => format!("write `\"{key}\": \"{v}\"`"),
        None => {
            let example = if name == "min" { "today-100y" } else { "today" };
            format!(
                "write `{key}` with a date or a day counted from today, e.g. \
                 `\"{key}\": \"2024-09-01\"` or `\"{key}\": \"{example}\"` (see \
                 „Date bounds“ in docs/form-format.md)"
            )
        }
    };
    (message, hint)
}

fn wrong_type_hint(node: &Node, expected: &str) -> Option<String> {
    match (&node.kind, expected) {
        (Kind::Number(n), e) if e.starts_with("a string") || e.starts_with("a text") => {
            Some(format!("write it in quotes: `\"{n}\"`"))
        }
        (Kind::String(s), "a whole number") if s.trim().parse::<u64>().is_ok() => {
            Some(format!("write the number without quotes: `{}`", s.trim()))
        }
        (Kind::String(s), "`true` or `false`") if s == "true" || s == "false" => {
            Some(format!("write `{s}` without quotes"))
        }
        (Kind::Object(_), e) if e.starts_with("an array") => {
            Some("wrap the object in `[` … `]`".to_string())
        }
        _ => None,
    }
}

fn uint_problem(n: &str, max: u64) -> Option<String> {
    let digits = n.strip_prefix('-').unwrap_or(n);
    if !digits.bytes().all(|b| b.is_ascii_digit()) || digits.is_empty() {
        return Some(format!("expected a whole number, found `{n}`"));
    }
    if n.starts_with('-') && digits.bytes().any(|b| b != b'0') {
        return Some(format!("expected a whole number ≥ 0, found `{n}`"));
    }
    match digits.parse::<u64>() {
        Ok(v) if v <= max => None,
        _ => Some(format!("the number `{n}` is too large (at most {max})")),
    }
}

fn example(ty: &Ty) -> &'static str {
    match ty {
        Ty::Str | Ty::Enum(_) | Ty::NumberBound => "\"…\"",
        Ty::Expr => "\"<expression>\"",
        Ty::Text(_) => "\"…\" or {\"de\": \"…\", \"en\": \"…\"}",
        Ty::Bool => "true",
        Ty::UInt(_) => "0",
        Ty::Array(_) | Ty::Items => "[ … ]",
        Ty::Object(_) | Ty::Map(_) => "{ … }",
    }
}

fn list(values: &[&str]) -> String {
    values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Appends a reference token to a JSON pointer (RFC 6901 escaping).
pub(crate) fn join(ptr: &str, key: &str) -> String {
    format!("{ptr}/{}", key.replace('~', "~0").replace('/', "~1"))
}

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub(crate) fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    if word.chars().count() > 64 {
        return None;
    }
    let norm = |s: &str| -> Vec<char> {
        s.chars()
            .filter(|c| *c != '_' && *c != '-' && *c != ' ')
            .flat_map(char::to_lowercase)
            .collect()
    };
    let w = norm(word);
    let mut best: Option<(usize, &str)> = None;
    for &c in candidates {
        let d = osa_distance(&w, &norm(c));
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    let (d, c) = best?;
    let limit = match w.len() {
        0..=2 => 0,
        3..=5 => 1,
        6..=9 => 2,
        _ => 3,
    };
    (d <= limit).then_some(c)
}

/// Optimal string alignment distance (Levenshtein plus adjacent transpositions).
pub(crate) fn osa_distance(a: &[char], b: &[char]) -> usize {
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[n][m]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Map, Value};

    fn sample(ty: &Ty) -> Value {
        match ty {
            Ty::Str => json!("x"),
            Ty::Expr => json!("true"),
            Ty::Text(_) => json!({"de": "x", "en": "y"}),
            Ty::Bool => json!(true),
            Ty::UInt(_) => json!(1),
            Ty::NumberBound => json!(1),
            Ty::Enum(v) => json!(v[0]),
            Ty::Array(inner) => json!([sample(inner)]),
            Ty::Object(shape) => minimal(shape),
            Ty::Map(inner) => json!({ "k": sample(inner) }),
            Ty::Items => json!([{"type": "text", "id": "a", "label": "A"}]),
        }
    }

    fn minimal(shape: &Shape) -> Value {
        let mut m = Map::new();
        for k in shape.keys.iter().filter(|k| k.required) {
            m.insert(k.name.to_string(), sample(&k.ty));
        }
        Value::Object(m)
    }

    fn deserializes(shape: &Shape, v: Value) -> Result<(), String> {
        use crate::model::*;
        let r = if std::ptr::eq(shape, &FORM) {
            serde_json::from_value::<FormDefinition>(v).map(drop)
        } else if std::ptr::eq(shape, &SUBMIT) {
            serde_json::from_value::<Submit>(v).map(drop)
        } else if std::ptr::eq(shape, &PAGE) {
            serde_json::from_value::<Page>(v).map(drop)
        } else if std::ptr::eq(shape, &OPTION) {
            serde_json::from_value::<ChoiceOption>(v).map(drop)
        } else if std::ptr::eq(shape, &RULE) {
            serde_json::from_value::<Rule>(v).map(drop)
        } else if std::ptr::eq(shape, &CODE_LIST) {
            serde_json::from_value::<CodeList>(v).map(drop)
        } else {
            serde_json::from_value::<Item>(v).map(drop)
        };
        r.map_err(|e| e.to_string())
    }

    /// The table and `model.rs` agree: every key of the table is accepted with a value of its
    /// table type, and every required key is really required.
    #[test]
    fn table_matches_model() {
        let mut shapes: Vec<(&Shape, Option<&str>)> = vec![
            (&FORM, None),
            (&SUBMIT, None),
            (&PAGE, None),
            (&OPTION, None),
            (&RULE, None),
            (&CODE_LIST, None),
        ];
        for (t, s) in ITEM_TYPES {
            shapes.push((s, Some(t)));
        }
        for (shape, item_type) in shapes {
            let base = {
                let mut v = minimal(shape);
                if let Some(t) = item_type {
                    v["type"] = json!(t);
                }
                v
            };
            deserializes(shape, base.clone()).unwrap_or_else(|e| panic!("{base}: {e}"));
            for key in shape.keys {
                let mut v = base.clone();
                v[key.name] = sample(&key.ty);
                deserializes(shape, v.clone()).unwrap_or_else(|e| panic!("{v}: {e}"));
                let mut v = base.clone();
                v[key.name] = Value::Null;
                assert_eq!(
                    deserializes(shape, v.clone()).is_ok(),
                    key.nullable,
                    "nullable of {}: {v}",
                    key.name
                );
                if key.required {
                    let mut v = base.clone();
                    v.as_object_mut().unwrap().remove(key.name);
                    assert!(
                        deserializes(shape, v.clone()).is_err(),
                        "{} should be required: {v}",
                        key.name
                    );
                }
            }
            let mut v = base.clone();
            v["definitelyNotAKey"] = json!(1);
            assert!(deserializes(shape, v).is_err());
        }
        // every Item variant is in the table
        let err = serde_json::from_value::<crate::model::Item>(json!({"type": "nope"}))
            .unwrap_err()
            .to_string();
        for (t, _) in ITEM_TYPES {
            assert!(err.contains(&format!("`{t}`")), "{t} missing in {err}");
        }
        let count = err.matches('`').count() / 2 - 1;
        assert_eq!(count, ITEM_TYPES.len(), "{err}");
    }

    /// Emphasis as the app reads it (`crate::markup`'s tests' examples), and links.
    #[test]
    fn markup_as_the_app_reads_it() {
        assert_eq!(
            plain_emphasis("Hallo **fett** und *kursiv*"),
            Some("**fett**")
        );
        assert_eq!(plain_emphasis("*kursiv* und **fett**"), Some("*kursiv*"));
        assert_eq!(plain_emphasis("***x***"), Some("***x***"));
        assert_eq!(
            plain_emphasis("(**[Link](https://a.de)**)"),
            Some("**[Link](https://a.de)**")
        );
        for plain in [
            "Preis: 5 * 3 = 15 und 2*4",
            "a * b *",
            "*a *",
            "**offen",
            "2*3*4",
            "Name*",
            "Einkommen* (*ohne Kindergeld)",
            "Einkommen (*) und Vermögen (*)",
            "Anlage (**) oder (**)",
            "",
            "*",
        ] {
            assert_eq!(plain_emphasis(plain), None, "{plain}");
        }
        assert_eq!(
            unformatted("**fett *und* kursiv** oder ***x* y** 5 * 3 = *15* und Schüler*innen"),
            "fett und kursiv oder x y 5 * 3 = 15 und Schüler*innen"
        );
        assert_eq!(unformatted("***x***"), "x");
        assert!(link_text_formatting("*wichtig*") && link_text_formatting("Die **Hinweise**"));
        for plain in [
            "a*b*c",
            "5 * 3 * 2",
            "Schüler*innen und Lehrer*innen",
            "Anlage*",
        ] {
            assert!(!link_text_formatting(plain), "{plain}");
        }
        let l = links("[x](javascript:alert(1)) [a [b](https://a.de) [c] (d) [](mailto:x)");
        let found: Vec<(&str, &str)> = l.iter().map(|l| (l.text, l.target)).collect();
        assert_eq!(
            found,
            [
                ("x", "javascript:alert(1)"),
                ("b", "https://a.de"),
                ("", "mailto:x")
            ]
        );
        assert_eq!(l[0].whole, "[x](javascript:alert(1))");
        assert!(links("[a](b").is_empty());
        assert!(links("[[[[((((]]]]))))").is_empty());
        assert!(safe_href("https://a.de/x?y=1") && safe_href("mailto:a@b.de"));
        for unsafe_href in [
            "http://a.de",
            "/hilfe",
            "javascript:x",
            "https://a.de/a b",
            "HTTPS://a.de",
        ] {
            assert!(!safe_href(unsafe_href), "{unsafe_href}");
        }
    }

    #[test]
    fn suggestions() {
        let keys: Vec<&str> = FIELD.keys.iter().map(|k| k.name).collect();
        assert_eq!(did_you_mean("lable", &keys), Some("label"));
        assert_eq!(did_you_mean("max_length", &keys), Some("maxLength"));
        assert_eq!(did_you_mean("visibleif", &keys), Some("visibleIf"));
        assert_eq!(did_you_mean("requierd", &keys), Some("required"));
        assert_eq!(did_you_mean("colour", &keys), None);
        assert_eq!(did_you_mean("ab", &keys), None);
    }
}

/// The table and the generated JSON Schema name the same keys, required keys and nullable keys.
#[cfg(all(test, feature = "schema"))]
mod schema_sync {
    use super::*;
    use serde_json::Value;
    use std::collections::BTreeSet;

    fn keys_of(obj: &Value) -> (BTreeSet<String>, BTreeSet<String>, BTreeSet<String>) {
        let props = obj["properties"].as_object().expect("properties");
        let all = props.keys().filter(|k| *k != "type").cloned().collect();
        let required = obj["required"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .filter(|k| *k != "type")
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default();
        let nullable = props
            .iter()
            .filter(|(_, p)| {
                let t = p.to_string();
                t.contains("\"null\"")
            })
            .map(|(k, _)| k.clone())
            .collect();
        (all, required, nullable)
    }

    fn table(shape: &Shape) -> (BTreeSet<String>, BTreeSet<String>, BTreeSet<String>) {
        let names = |f: &dyn Fn(&Key) -> bool| {
            shape
                .keys
                .iter()
                .filter(|k| f(k))
                .map(|k| k.name.to_string())
                .collect()
        };
        (
            names(&|_| true),
            names(&|k| k.required),
            names(&|k| k.nullable),
        )
    }

    #[test]
    fn table_matches_schema() {
        let form = crate::schema::json_schema();
        let defs = &form["$defs"];
        assert_eq!(keys_of(&form), table(&FORM), "form");
        for (name, shape) in [
            ("Submit", &SUBMIT),
            ("Page", &PAGE),
            ("ChoiceOption", &OPTION),
            ("Rule", &RULE),
        ] {
            assert_eq!(keys_of(&defs[name]), table(shape), "{name}");
        }
        assert_eq!(
            keys_of(&crate::schema::codelist_schema()),
            table(&CODE_LIST),
            "code list"
        );
        let variants = defs["Item"]["oneOf"].as_array().expect("Item.oneOf");
        assert_eq!(variants.len(), ITEM_TYPES.len());
        for v in variants {
            let t = v["properties"]["type"]["const"]
                .as_str()
                .expect("const type");
            let (_, shape) = ITEM_TYPES
                .iter()
                .find(|(n, _)| *n == t)
                .unwrap_or_else(|| panic!("type {t} not in the table"));
            assert_eq!(keys_of(v), table(shape), "item type {t}");
        }
    }
}
