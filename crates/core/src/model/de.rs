//! `Deserialize` for the model's three enums, written by hand.
//!
//! serde's derive reads an internally tagged enum (`Item`, discriminated by `type`) and the
//! untagged ones (`Text`, `NumberBound`) by first copying each value into a buffer of its own
//! (`serde::__private::de::Content`) and then deserializing again from that buffer. For a form
//! definition that meant every item was read twice, and every type inside an item was compiled
//! twice into the browser's wasm (once for serde_json, once for the buffer). Here an item is read
//! once into [`RawItem`], the union of the keys of all item types, and then checked against the
//! keys of its `type`: the same keys, required keys and `null`s are accepted and refused as with
//! the derive (`check::shape`'s `table_matches_model` test holds both to the table).

use super::*;
use serde::de::{self, Deserializer, MapAccess, Unexpected, Visitor};
use std::fmt;

/// A key that was written (`Some`, even when its value is `null` for an `Option`), or not.
struct Seen<T>(Option<T>);

impl<T> Default for Seen<T> {
    fn default() -> Self {
        Seen(None)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Seen<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::deserialize(d).map(|v| Seen(Some(v)))
    }
}

/// The value of `type`.
#[derive(Clone, Copy, Deserialize)]
#[serde(rename_all = "camelCase")]
enum Tag {
    Heading,
    Paragraph,
    Info,
    Group,
    Repeat,
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

/// Every key of every item type. Keys whose `null` is accepted by one type and refused by
/// another are read as `Option` and judged per type.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawItem {
    #[serde(rename = "type")]
    tag: Tag,
    #[serde(default)]
    id: Seen<Option<String>>,
    #[serde(default)]
    text: Seen<Text>,
    #[serde(default)]
    label: Seen<Option<Text>>,
    #[serde(default)]
    hint: Seen<Option<Text>>,
    #[serde(default)]
    visible_if: Seen<Option<ExprSource>>,
    #[serde(default)]
    items: Seen<Vec<Item>>,
    #[serde(default)]
    item_label: Seen<Option<Text>>,
    #[serde(default)]
    add_label: Seen<Option<Text>>,
    #[serde(default)]
    min_items: Seen<Option<u32>>,
    #[serde(default)]
    max_items: Seen<Option<u32>>,
    #[serde(default)]
    messages: Seen<BTreeMap<String, Text>>,
    #[serde(default)]
    placeholder: Seen<Option<Text>>,
    #[serde(default)]
    autocomplete: Seen<Option<String>>,
    #[serde(default)]
    required: Seen<bool>,
    #[serde(default)]
    required_if: Seen<Option<ExprSource>>,
    #[serde(default)]
    enabled_if: Seen<Option<ExprSource>>,
    #[serde(default)]
    min_length: Seen<Option<u32>>,
    #[serde(default)]
    max_length: Seen<Option<u32>>,
    #[serde(default)]
    pattern: Seen<Option<String>>,
    #[serde(default)]
    rows: Seen<Option<u32>>,
    #[serde(default)]
    min: Seen<Option<NumberBound>>,
    #[serde(default)]
    max: Seen<Option<NumberBound>>,
    #[serde(default)]
    decimals: Seen<Option<u8>>,
    #[serde(default)]
    unit: Seen<Option<Text>>,
    #[serde(default)]
    min_date: Seen<Option<String>>,
    #[serde(default)]
    max_date: Seen<Option<String>>,
    #[serde(default)]
    options: Seen<Option<Vec<ChoiceOption>>>,
    #[serde(default)]
    code_list: Seen<Option<String>>,
    #[serde(default)]
    display: Seen<Option<ChoiceDisplay>>,
    #[serde(default)]
    min_selected: Seen<Option<u32>>,
    #[serde(default)]
    max_selected: Seen<Option<u32>>,
    #[serde(default)]
    accept: Seen<Vec<String>>,
    #[serde(default)]
    max_size: Seen<Option<u64>>,
    #[serde(default)]
    max_files: Seen<Option<u32>>,
    #[serde(default)]
    expr: Seen<Option<ExprSource>>,
    #[serde(default)]
    format: Seen<Option<ValueFormat>>,
    #[serde(default)]
    rules: Seen<Vec<Rule>>,
}

const CONTENT_KEYS: &[&str] = &["type", "id", "text", "visibleIf"];
const GROUP_KEYS: &[&str] = &["type", "id", "label", "hint", "visibleIf", "items"];
const REPEAT_KEYS: &[&str] = &[
    "type",
    "id",
    "label",
    "hint",
    "itemLabel",
    "addLabel",
    "minItems",
    "maxItems",
    "visibleIf",
    "messages",
    "items",
];
const FIELD_KEYS: &[&str] = &[
    "type",
    "id",
    "label",
    "hint",
    "placeholder",
    "autocomplete",
    "required",
    "requiredIf",
    "visibleIf",
    "enabledIf",
    "minLength",
    "maxLength",
    "pattern",
    "rows",
    "min",
    "max",
    "decimals",
    "unit",
    "minDate",
    "maxDate",
    "options",
    "codeList",
    "display",
    "minSelected",
    "maxSelected",
    "accept",
    "maxSize",
    "maxFiles",
    "expr",
    "format",
    "rules",
    "messages",
];

/// A key every type of its kind must have, and whose `null` is refused.
fn required<T, E: de::Error>(v: Seen<Option<T>>, key: &'static str, what: &str) -> Result<T, E> {
    match v.0 {
        None => Err(E::missing_field(key)),
        Some(None) => Err(E::invalid_type(Unexpected::Unit, &what)),
        Some(Some(v)) => Ok(v),
    }
}

impl RawItem {
    /// Whether each key (but `type`) was written.
    fn written(&self) -> [(&'static str, bool); 37] {
        [
            ("id", self.id.0.is_some()),
            ("text", self.text.0.is_some()),
            ("label", self.label.0.is_some()),
            ("hint", self.hint.0.is_some()),
            ("visibleIf", self.visible_if.0.is_some()),
            ("items", self.items.0.is_some()),
            ("itemLabel", self.item_label.0.is_some()),
            ("addLabel", self.add_label.0.is_some()),
            ("minItems", self.min_items.0.is_some()),
            ("maxItems", self.max_items.0.is_some()),
            ("messages", self.messages.0.is_some()),
            ("placeholder", self.placeholder.0.is_some()),
            ("autocomplete", self.autocomplete.0.is_some()),
            ("required", self.required.0.is_some()),
            ("requiredIf", self.required_if.0.is_some()),
            ("enabledIf", self.enabled_if.0.is_some()),
            ("minLength", self.min_length.0.is_some()),
            ("maxLength", self.max_length.0.is_some()),
            ("pattern", self.pattern.0.is_some()),
            ("rows", self.rows.0.is_some()),
            ("min", self.min.0.is_some()),
            ("max", self.max.0.is_some()),
            ("decimals", self.decimals.0.is_some()),
            ("unit", self.unit.0.is_some()),
            ("minDate", self.min_date.0.is_some()),
            ("maxDate", self.max_date.0.is_some()),
            ("options", self.options.0.is_some()),
            ("codeList", self.code_list.0.is_some()),
            ("display", self.display.0.is_some()),
            ("minSelected", self.min_selected.0.is_some()),
            ("maxSelected", self.max_selected.0.is_some()),
            ("accept", self.accept.0.is_some()),
            ("maxSize", self.max_size.0.is_some()),
            ("maxFiles", self.max_files.0.is_some()),
            ("expr", self.expr.0.is_some()),
            ("format", self.format.0.is_some()),
            ("rules", self.rules.0.is_some()),
        ]
    }

    fn into_item<E: de::Error>(self) -> Result<Item, E> {
        let keys = match self.tag {
            Tag::Heading | Tag::Paragraph | Tag::Info => CONTENT_KEYS,
            Tag::Group => GROUP_KEYS,
            Tag::Repeat => REPEAT_KEYS,
            _ => FIELD_KEYS,
        };
        if let Some((key, _)) = self
            .written()
            .into_iter()
            .find(|(k, w)| *w && !keys.contains(k))
        {
            return Err(E::unknown_field(key, keys));
        }
        const STRING: &str = "a string";
        const TEXT: &str = "a text (a string, or an object with `de` and optionally `en`)";
        let content = |s: Self| -> Result<Content, E> {
            Ok(Content {
                id: s.id.0.flatten(),
                text: s.text.0.ok_or_else(|| E::missing_field("text"))?,
                visible_if: s.visible_if.0.flatten(),
            })
        };
        Ok(match self.tag {
            Tag::Heading => Item::Heading(content(self)?),
            Tag::Paragraph => Item::Paragraph(content(self)?),
            Tag::Info => Item::Info(content(self)?),
            Tag::Group => Item::Group(Group {
                id: required(self.id, "id", STRING)?,
                label: self.label.0.flatten(),
                hint: self.hint.0.flatten(),
                visible_if: self.visible_if.0.flatten(),
                items: self.items.0.ok_or_else(|| E::missing_field("items"))?,
            }),
            Tag::Repeat => Item::Repeat(Repeat {
                id: required(self.id, "id", STRING)?,
                label: required(self.label, "label", TEXT)?,
                hint: self.hint.0.flatten(),
                item_label: self.item_label.0.flatten(),
                add_label: self.add_label.0.flatten(),
                min_items: self.min_items.0.flatten(),
                max_items: self.max_items.0.flatten(),
                visible_if: self.visible_if.0.flatten(),
                messages: self.messages.0.unwrap_or_default(),
                items: self.items.0.ok_or_else(|| E::missing_field("items"))?,
            }),
            tag => {
                let kind = field_kind(tag);
                let f = Field {
                    id: required(self.id, "id", STRING)?,
                    label: required(self.label, "label", TEXT)?,
                    hint: self.hint.0.flatten(),
                    placeholder: self.placeholder.0.flatten(),
                    autocomplete: self.autocomplete.0.flatten(),
                    required: self.required.0.unwrap_or(false),
                    required_if: self.required_if.0.flatten(),
                    visible_if: self.visible_if.0.flatten(),
                    enabled_if: self.enabled_if.0.flatten(),
                    min_length: self.min_length.0.flatten(),
                    max_length: self.max_length.0.flatten(),
                    pattern: self.pattern.0.flatten(),
                    rows: self.rows.0.flatten(),
                    min: self.min.0.flatten(),
                    max: self.max.0.flatten(),
                    decimals: self.decimals.0.flatten(),
                    unit: self.unit.0.flatten(),
                    min_date: self.min_date.0.flatten(),
                    max_date: self.max_date.0.flatten(),
                    options: self.options.0.flatten(),
                    code_list: self.code_list.0.flatten(),
                    display: self.display.0.flatten(),
                    min_selected: self.min_selected.0.flatten(),
                    max_selected: self.max_selected.0.flatten(),
                    accept: self.accept.0.unwrap_or_default(),
                    max_size: self.max_size.0.flatten(),
                    max_files: self.max_files.0.flatten(),
                    expr: self.expr.0.flatten(),
                    format: self.format.0.flatten(),
                    rules: self.rules.0.unwrap_or_default(),
                    messages: self.messages.0.unwrap_or_default(),
                };
                Item::from_field(kind, f)
            }
        })
    }
}

fn field_kind(tag: Tag) -> FieldKind {
    match tag {
        Tag::Text => FieldKind::Text,
        Tag::Textarea => FieldKind::Textarea,
        Tag::Email => FieldKind::Email,
        Tag::Phone => FieldKind::Phone,
        Tag::Integer => FieldKind::Integer,
        Tag::Decimal => FieldKind::Decimal,
        Tag::Money => FieldKind::Money,
        Tag::Date => FieldKind::Date,
        Tag::Postcode => FieldKind::Postcode,
        Tag::Iban => FieldKind::Iban,
        Tag::YesNo => FieldKind::YesNo,
        Tag::Consent => FieldKind::Consent,
        Tag::Choice => FieldKind::Choice,
        Tag::MultiChoice => FieldKind::MultiChoice,
        Tag::File => FieldKind::File,
        Tag::Computed => FieldKind::Computed,
        Tag::Heading | Tag::Paragraph | Tag::Info | Tag::Group | Tag::Repeat => {
            unreachable!("not a field type")
        }
    }
}

impl<'de> Deserialize<'de> for Item {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        RawItem::deserialize(d)?.into_item()
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text (a string, or an object with `de` and optionally `en`)")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Text, E> {
                Ok(Text::Plain(s.to_owned()))
            }
            fn visit_string<E: de::Error>(self, s: String) -> Result<Text, E> {
                Ok(Text::Plain(s))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Text, A::Error> {
                LocalizedText::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(Text::Localized)
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for NumberBound {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = NumberBound;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number, or a decimal number as a string")
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<NumberBound, E> {
                Ok(NumberBound::Number(n.into()))
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<NumberBound, E> {
                Ok(NumberBound::Number(n.into()))
            }
            fn visit_f64<E: de::Error>(self, n: f64) -> Result<NumberBound, E> {
                serde_json::Number::from_f64(n)
                    .map(NumberBound::Number)
                    .ok_or_else(|| E::invalid_value(Unexpected::Float(n), &self))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<NumberBound, E> {
                Ok(NumberBound::String(s.to_owned()))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn item(v: serde_json::Value) -> Result<Item, String> {
        serde_json::from_value(v).map_err(|e| e.to_string())
    }

    #[test]
    fn keys_of_another_type_are_refused() {
        let e = item(json!({"type": "text", "id": "a", "label": "A", "items": []})).unwrap_err();
        assert!(
            e.starts_with("unknown field `items`, expected one of `type`, `id`"),
            "{e}"
        );
        let e = item(json!({"type": "group", "id": "g", "items": [], "required": false}));
        assert!(e.unwrap_err().starts_with("unknown field `required`"));
        let e = item(json!({"type": "heading", "text": "T", "label": null})).unwrap_err();
        assert!(e.starts_with("unknown field `label`"), "{e}");
    }

    #[test]
    fn required_keys_and_nulls_per_type() {
        let e = item(json!({"type": "text", "label": "A"})).unwrap_err();
        assert_eq!(e, "missing field `id`");
        let e = item(json!({"type": "text", "id": null, "label": "A"})).unwrap_err();
        assert!(
            e.starts_with("invalid type: null, expected a string"),
            "{e}"
        );
        let e = item(json!({"type": "repeat", "id": "r", "label": "R"})).unwrap_err();
        assert_eq!(e, "missing field `items`");
        let e = item(json!({"id": "a", "label": "A"})).unwrap_err();
        assert_eq!(e, "missing field `type`");
        // content may have no id, or a null one; a group may have a null label
        assert!(item(json!({"type": "info", "id": null, "text": "T"})).is_ok());
        assert!(item(json!({"type": "group", "id": "g", "label": null, "items": []})).is_ok());
    }

    #[test]
    fn nested_items_and_their_values_survive_a_round_trip() {
        let src = json!({"type": "repeat", "id": "r", "label": {"de": "R", "en": "R"},
            "minItems": 1, "messages": {"too_few_items": "Mehr!"},
            "items": [{"type": "money", "id": "m", "label": "Betrag", "min": 0, "max": "21460.00",
                       "required": true, "rules": [{"check": "m > 1", "message": "M"}]},
                      {"type": "group", "id": "g", "items": [{"type": "consent", "id": "c", "label": "C"}]}]});
        let it = item(src.clone()).unwrap();
        // what serialises back is what was read (Serialize is still derived)
        assert_eq!(serde_json::to_value(&it).unwrap(), src);
        let Item::Repeat(r) = it else { panic!() };
        let (kind, m) = r.items[0].field().unwrap();
        assert_eq!(kind, FieldKind::Money);
        assert_eq!(m.max, Some(NumberBound::String("21460.00".into())));
        assert_eq!(m.min, Some(NumberBound::Number(0.into())));
    }

    #[test]
    fn texts_and_bounds_say_what_they_expect() {
        let e = serde_json::from_value::<Text>(json!(3))
            .unwrap_err()
            .to_string();
        assert!(e.contains("expected a text (a string, or an object"), "{e}");
        let e = serde_json::from_value::<Text>(json!({"en": "x"}))
            .unwrap_err()
            .to_string();
        assert_eq!(e, "missing field `de`");
        let e = serde_json::from_value::<NumberBound>(json!(true))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("expected a number, or a decimal number as a string"),
            "{e}"
        );
        assert_eq!(
            serde_json::from_value::<NumberBound>(json!(-2.5)).unwrap(),
            NumberBound::Number(serde_json::Number::from_f64(-2.5).unwrap())
        );
    }
}
