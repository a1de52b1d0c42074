//! The form definition format: what a ministry author writes in `forms/<id>.json`.
//!
//! These types are the single source of truth for the format. The JSON Schema in
//! `forms/form-definition.schema.json` is generated from them (feature `schema`), and
//! `docs/form-format.md` documents them key by key.
//!
//! Structure: a [`FormDefinition`] has ordered [`Page`]s; a page has ordered [`Item`]s. An item is
//! static content (heading, paragraph, info box), a [`Group`] (a fieldset whose `id` is a namespace
//! in the answers), a [`Repeat`] (a list of entries, each an object of the inner items) or a
//! [`Field`] of one of the field types.
//!
//! Answers mirror this structure: `{"traeger": {"name": "…"}, "plaetze": [{"vorname": "…"}]}`.
//! Expressions refer to fields by dotted path from the form root (`traeger.rechtsform`); inside a
//! repeat a bare name means the field of the current entry, `plaetze[*].zuschuss` means all entries.

/// The last part of the citizen's address of a form's check page (`/antrag/<id>/pruefen`) and
/// of its confirmation (`/antrag/<id>/bestaetigung`). A page's address is `/antrag/<id>/<page
/// id>`, so no page may have one of these ids (`antrag check`: `reserved-page-id`).
pub const CHECK_PAGE: &str = "pruefen";
pub const CONFIRMATION_PAGE: &str = "bestaetigung";

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[cfg(feature = "schema")]
use schemars::JsonSchema;

mod de;

/// Source text of an expression in the antrag expression language (see `docs/form-format.md`).
pub type ExprSource = String;

/// A language of the user interface and of form texts. German is the default and always present.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    De,
    En,
}

impl Locale {
    pub fn code(self) -> &'static str {
        match self {
            Locale::De => "de",
            Locale::En => "en",
        }
    }
    pub fn from_code(code: &str) -> Option<Locale> {
        match code {
            "de" => Some(Locale::De),
            "en" => Some(Locale::En),
            _ => None,
        }
    }
}

/// A user-facing text: either a plain German string, or one string per language.
/// German (`de`) is required; English (`en`) is optional and falls back to German.
// `Deserialize` is written by hand (`model/de.rs`), like those of `Item` and `NumberBound` (the
// doc comment above is part of the JSON Schema authors see).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(untagged)]
pub enum Text {
    /// German only.
    Plain(String),
    /// Per language.
    Localized(LocalizedText),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LocalizedText {
    /// German text (required).
    pub de: String,
    /// English text (optional; German is shown when missing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

impl Text {
    /// The text in `locale`, falling back to German.
    pub fn get(&self, locale: Locale) -> &str {
        match self {
            Text::Plain(s) => s,
            Text::Localized(l) => match locale {
                Locale::En => l.en.as_deref().unwrap_or(&l.de),
                Locale::De => &l.de,
            },
        }
    }
    /// The language the text is actually shown in for `locale` (for `lang` attributes).
    pub fn shown_locale(&self, locale: Locale) -> Locale {
        match (self, locale) {
            (Text::Localized(LocalizedText { en: Some(_), .. }), Locale::En) => Locale::En,
            _ => Locale::De,
        }
    }
}

impl Default for Text {
    fn default() -> Self {
        Text::Plain(String::new())
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text::Plain(s.to_string())
    }
}

/// A published form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FormDefinition {
    /// Path or URL of the JSON Schema, for editors. Ignored by antrag.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Stable identifier, lowercase letters, digits and `-`; also the file name and URL segment.
    pub id: String,
    /// Semantic version (`1.0.0`). Submissions name the version they were made with.
    pub version: String,
    pub title: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// Prefix of the reference numbers the reference server hands out (`KF` → `KF-2026-4F7Q2`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_prefix: Option<String>,
    /// Where and how the finished application is sent.
    pub submit: Submit,
    /// Shown on the confirmation page after a successful submission ("what happens next").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmation: Option<Text>,
    /// The wizard steps, in order.
    pub pages: Vec<Page>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub enum Method {
    #[default]
    #[serde(rename = "POST")]
    Post,
    #[serde(rename = "PUT")]
    Put,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Encoding {
    /// `application/json` with the submission envelope (forms without file fields).
    #[default]
    Json,
    /// `multipart/form-data`: a part `submission` with the envelope and one part per file.
    Multipart,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Submit {
    /// Endpoint, relative to the app (`/api/forms/kita-fachkraefte/submissions`) or absolute.
    pub url: String,
    #[serde(default)]
    pub method: Method,
    #[serde(default)]
    pub encoding: Encoding,
    /// Extra request headers.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
}

/// One wizard step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Page {
    /// Stable identifier; part of the step's URL.
    pub id: String,
    pub title: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// The page is skipped (and its fields are neither validated nor sent) unless this holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visible_if: Option<ExprSource>,
    pub items: Vec<Item>,
}

/// An element of a page, group or repeat, discriminated by `type`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Item {
    /// A sub-heading.
    Heading(Content),
    /// A paragraph of text (safe markup subset, see [`Content`]).
    Paragraph(Content),
    /// A highlighted info box (safe markup subset).
    Info(Content),
    /// A fieldset; its `id` is a namespace in the answers.
    Group(Group),
    /// A list of entries the citizen can add and remove.
    Repeat(Repeat),
    /// Single-line text.
    Text(Field),
    /// Multi-line text.
    Textarea(Field),
    /// E-mail address.
    Email(Field),
    /// Telephone number.
    Phone(Field),
    /// Whole number.
    Integer(Field),
    /// Decimal number, optionally with `unit` and `decimals`.
    Decimal(Field),
    /// Amount in euro, exact to the cent.
    Money(Field),
    /// Calendar date (day precision). Entered as `TT.MM.JJJJ`, sent as ISO 8601.
    Date(Field),
    /// German postcode (5 digits).
    Postcode(Field),
    /// IBAN with checksum (German and foreign).
    Iban(Field),
    /// Yes/no question (two radio buttons).
    YesNo(Field),
    /// A checkbox that must be ticked (declarations, consent).
    Consent(Field),
    /// Single choice from `options` or `codeList`, as radios or a select (`display`).
    Choice(Field),
    /// Multiple choice (checkboxes).
    MultiChoice(Field),
    /// File upload (`accept`, `maxSize`, `maxFiles`).
    File(Field),
    /// Read-only value computed by `expr`, shown with `format`.
    Computed(Field),
}

/// The field types, without their data (for matching).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum FieldKind {
    Text,
    Textarea,
    Email,
    Phone,
    Integer,
    Decimal,
    Money,
    Date,
    Postcode,
    Iban,
    YesNo,
    Consent,
    Choice,
    MultiChoice,
    File,
    Computed,
}

impl Item {
    /// The item of field type `kind`.
    pub fn from_field(kind: FieldKind, f: Field) -> Item {
        match kind {
            FieldKind::Text => Item::Text(f),
            FieldKind::Textarea => Item::Textarea(f),
            FieldKind::Email => Item::Email(f),
            FieldKind::Phone => Item::Phone(f),
            FieldKind::Integer => Item::Integer(f),
            FieldKind::Decimal => Item::Decimal(f),
            FieldKind::Money => Item::Money(f),
            FieldKind::Date => Item::Date(f),
            FieldKind::Postcode => Item::Postcode(f),
            FieldKind::Iban => Item::Iban(f),
            FieldKind::YesNo => Item::YesNo(f),
            FieldKind::Consent => Item::Consent(f),
            FieldKind::Choice => Item::Choice(f),
            FieldKind::MultiChoice => Item::MultiChoice(f),
            FieldKind::File => Item::File(f),
            FieldKind::Computed => Item::Computed(f),
        }
    }

    /// The field and its kind, if this item is a field.
    pub fn field(&self) -> Option<(FieldKind, &Field)> {
        Some(match self {
            Item::Text(f) => (FieldKind::Text, f),
            Item::Textarea(f) => (FieldKind::Textarea, f),
            Item::Email(f) => (FieldKind::Email, f),
            Item::Phone(f) => (FieldKind::Phone, f),
            Item::Integer(f) => (FieldKind::Integer, f),
            Item::Decimal(f) => (FieldKind::Decimal, f),
            Item::Money(f) => (FieldKind::Money, f),
            Item::Date(f) => (FieldKind::Date, f),
            Item::Postcode(f) => (FieldKind::Postcode, f),
            Item::Iban(f) => (FieldKind::Iban, f),
            Item::YesNo(f) => (FieldKind::YesNo, f),
            Item::Consent(f) => (FieldKind::Consent, f),
            Item::Choice(f) => (FieldKind::Choice, f),
            Item::MultiChoice(f) => (FieldKind::MultiChoice, f),
            Item::File(f) => (FieldKind::File, f),
            Item::Computed(f) => (FieldKind::Computed, f),
            Item::Heading(_)
            | Item::Paragraph(_)
            | Item::Info(_)
            | Item::Group(_)
            | Item::Repeat(_) => return None,
        })
    }

    /// The item's `id`, if it has one (fields, groups, repeats; content optionally).
    pub fn id(&self) -> Option<&str> {
        match self {
            Item::Heading(c) | Item::Paragraph(c) | Item::Info(c) => c.id.as_deref(),
            Item::Group(g) => Some(&g.id),
            Item::Repeat(r) => Some(&r.id),
            _ => self.field().map(|(_, f)| f.id.as_str()),
        }
    }

    /// The item's `visibleIf`, if any.
    pub fn visible_if(&self) -> Option<&str> {
        match self {
            Item::Heading(c) | Item::Paragraph(c) | Item::Info(c) => c.visible_if.as_deref(),
            Item::Group(g) => g.visible_if.as_deref(),
            Item::Repeat(r) => r.visible_if.as_deref(),
            _ => self.field().and_then(|(_, f)| f.visible_if.as_deref()),
        }
    }

    /// Nested items of groups and repeats.
    pub fn children(&self) -> &[Item] {
        match self {
            Item::Group(g) => &g.items,
            Item::Repeat(r) => &r.items,
            _ => &[],
        }
    }
}

/// Static content. `text` may use a safe markup subset: `**strong**`, `*emphasis*`,
/// `[link text](https://…)`, lines starting with `- ` form a list, blank lines separate paragraphs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Content {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub text: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visible_if: Option<ExprSource>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Group {
    /// Namespace of the inner fields in the answers and in expressions (`anschrift.plz`).
    pub id: String,
    /// Legend of the fieldset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visible_if: Option<ExprSource>,
    pub items: Vec<Item>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Repeat {
    /// Name of the list in the answers and in expressions (`plaetze[*].zuschuss`).
    pub id: String,
    pub label: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<Text>,
    /// Heading of each entry; `{n}` is replaced by the entry's number (`Ausbildungsplatz {n}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_label: Option<Text>,
    /// Label of the "add" button (default "Weiteren Eintrag hinzufügen").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub add_label: Option<Text>,
    /// Fewest entries (default 0). With `minItems` ≥ 1 the app starts with that many entries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u32>,
    /// Most entries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visible_if: Option<ExprSource>,
    /// Custom messages for this repeat's rules, keyed by code (`too_few_items`, `too_many_items`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub messages: BTreeMap<String, Text>,
    pub items: Vec<Item>,
}

/// How a single choice is shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum ChoiceDisplay {
    /// Radio buttons (default up to 7 options).
    #[default]
    Radio,
    /// A drop-down list (for long lists).
    Select,
}

/// What a computed value is, for display and typing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum ValueFormat {
    Text,
    Integer,
    Decimal,
    Money,
    Date,
    YesNo,
}

/// A number bound: a JSON number or a decimal string (`"21460.00"`, exact for money).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(untagged)]
pub enum NumberBound {
    Number(serde_json::Number),
    String(String),
}

/// One option of a choice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChoiceOption {
    /// The value stored and sent.
    pub value: String,
    pub label: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<Text>,
}

/// A rule across fields: `check` must hold (when `when` holds), else `message` is shown on this
/// field. Example: `{"check": "ende > beginn", "message": "Das Ende muss nach dem Beginn liegen."}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Rule {
    pub check: ExprSource,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<ExprSource>,
    /// Stable code of the problem (default `rule`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    pub message: Text,
}

/// A field. Which keys apply depends on the item's `type`; `antrag check` warns about keys that
/// have no effect for the type.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Field {
    /// Name in the answers and in expressions; unique among its siblings.
    pub id: String,
    pub label: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<Text>,
    /// HTML autocomplete token (`given-name`, `email`, `postal-code`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub autocomplete: Option<String>,

    // --- conditions ---
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    /// Required when this expression holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_if: Option<ExprSource>,
    /// Shown (and validated and sent) only when this expression holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visible_if: Option<ExprSource>,
    /// Editable only when this expression holds; otherwise shown read-only and not validated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled_if: Option<ExprSource>,

    // --- text ---
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(range(min = 1)))]
    pub max_length: Option<u32>,
    /// Regular expression the whole value must match (regex-lite dialect, implicitly anchored).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(min = 1)))]
    pub pattern: Option<String>,
    /// Visible rows of a textarea.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(range(min = 1)))]
    pub rows: Option<u32>,

    // --- numbers and money ---
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<NumberBound>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<NumberBound>,
    /// Decimal places allowed for `decimal` (default 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimals: Option<u8>,
    /// Unit shown after a `decimal` or `integer` input (`Stunden`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Text>,

    // --- dates ---
    /// Earliest date: ISO `2024-09-01`, `today`, or relative to today: `today-16y`, `today+3m`,
    /// `today-14d`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_date: Option<String>,
    /// Latest date, same forms as `minDate` (`today-16y` = at least 16 years old).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_date: Option<String>,

    // --- choices ---
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<ChoiceOption>>,
    /// Code list file next to the form (`codelists/rechtsform.json`), instead of `options`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_list: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display: Option<ChoiceDisplay>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_selected: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(range(min = 1)))]
    pub max_selected: Option<u32>,

    // --- files ---
    /// Accepted media types (`application/pdf`, `image/jpeg`, `image/png`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accept: Vec<String>,
    /// Largest file in bytes (default 10 MiB).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(range(min = 1)))]
    pub max_size: Option<u64>,
    /// Most files (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(range(min = 1)))]
    pub max_files: Option<u32>,

    // --- computed ---
    /// Expression of a `computed` field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expr: Option<ExprSource>,
    /// How a `computed` value is shown (default from the expression's type).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<ValueFormat>,

    // --- rules and messages ---
    /// Rules across fields.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<Rule>,
    /// Custom messages replacing the built-in ones, keyed by problem code
    /// (`required`, `too_long`, `too_small`, `date_too_late`, `pattern`, `iban_checksum`, …).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub messages: BTreeMap<String, Text>,
}

/// A code list file (`forms/codelists/<name>.json`), shared by forms.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CodeList {
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Identifier, e.g. a FIM/XRepository URN.
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Text>,
    pub options: Vec<ChoiceOption>,
}

/// One entry of `forms/index.json`, the manifest the start page lists.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManifestEntry {
    pub id: String,
    pub version: String,
    pub title: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// File name relative to `forms/`.
    pub file: String,
}

/// `forms/index.json`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub forms: Vec<ManifestEntry>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_tagged_items_and_rejects_unknown_keys() {
        let ok: Item =
            serde_json::from_str(r#"{"type":"text","id":"a","label":"A","maxLength":5}"#).unwrap();
        assert_eq!(ok.field().unwrap().0, FieldKind::Text);
        let err =
            serde_json::from_str::<Item>(r#"{"type":"text","id":"a","lable":"A"}"#).unwrap_err();
        assert!(err.to_string().contains("unknown field `lable`"), "{err}");
    }

    #[test]
    fn text_falls_back_to_german() {
        let t: Text = serde_json::from_str(r#"{"de":"Hallo"}"#).unwrap();
        assert_eq!(t.get(Locale::En), "Hallo");
        let t: Text = serde_json::from_str(r#"{"de":"Hallo","en":"Hello"}"#).unwrap();
        assert_eq!(t.get(Locale::En), "Hello");
        assert_eq!(t.get(Locale::De), "Hallo");
    }
}
