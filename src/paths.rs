//! Reading and writing raw answers by instance path (`plaetze[1].vorname`), and DOM ids for paths.
//! Pure plumbing; no rule lives here.

use antrag_core::model::Item;
use serde_json::{Map, Value};

enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

fn segments(path: &str) -> Vec<Seg<'_>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let mut rest = part;
        if let Some(b) = rest.find('[') {
            out.push(Seg::Key(&rest[..b]));
            rest = &rest[b..];
            while let Some(r) = rest.strip_prefix('[') {
                let end = r.find(']').unwrap_or(r.len());
                out.push(Seg::Index(r[..end].parse().unwrap_or(usize::MAX)));
                rest = r.get(end + 1..).unwrap_or("");
            }
        } else {
            out.push(Seg::Key(rest));
        }
    }
    out
}

/// The answer at `path`, if any.
pub fn get<'a>(answers: &'a Value, path: &str) -> Option<&'a Value> {
    let mut cur = answers;
    for s in segments(path) {
        cur = match s {
            Seg::Key(k) => cur.as_object()?.get(k)?,
            Seg::Index(i) => cur.as_array()?.get(i)?,
        };
    }
    Some(cur)
}

/// Sets (or with `None` removes) the answer at `path`, creating objects and arrays on the way.
pub fn set(answers: &mut Value, path: &str, value: Option<Value>) {
    let segs = segments(path);
    let mut cur = answers;
    for (n, s) in segs.iter().enumerate() {
        let last = n + 1 == segs.len();
        match s {
            Seg::Key(k) => {
                if !cur.is_object() {
                    *cur = Value::Object(Map::new());
                }
                let Value::Object(map) = cur else { return };
                if last {
                    match value {
                        Some(v) => {
                            map.insert(k.to_string(), v);
                        }
                        None => {
                            map.remove(*k);
                        }
                    }
                    return;
                }
                let next_is_index = matches!(segs.get(n + 1), Some(Seg::Index(_)));
                cur = map.entry(k.to_string()).or_insert_with(|| {
                    if next_is_index {
                        Value::Array(Vec::new())
                    } else {
                        Value::Object(Map::new())
                    }
                });
            }
            Seg::Index(i) => {
                if !cur.is_array() {
                    *cur = Value::Array(Vec::new());
                }
                let Value::Array(arr) = cur else { return };
                if *i > 10_000 {
                    return;
                }
                while arr.len() <= *i {
                    arr.push(Value::Object(Map::new()));
                }
                if last {
                    arr[*i] = value.unwrap_or(Value::Null);
                    return;
                }
                cur = &mut arr[*i];
            }
        }
    }
}

/// The array at `path`, created when missing (for repeats).
pub fn array_mut<'a>(answers: &'a mut Value, path: &str) -> Option<&'a mut Vec<Value>> {
    if !get(answers, path).is_some_and(Value::is_array) {
        set(answers, path, Some(Value::Array(Vec::new())));
    }
    let mut cur = answers;
    for s in segments(path) {
        cur = match s {
            Seg::Key(k) => cur.as_object_mut()?.get_mut(k)?,
            Seg::Index(i) => cur.as_array_mut()?.get_mut(i)?,
        };
    }
    cur.as_array_mut()
}

/// An answer as the text a control shows (`""` for none and for non-text values).
pub fn value_str(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// A DOM id for an instance path: `plaetze[1].vorname` → `f-plaetze-1-vorname`.
pub fn dom_id(path: &str) -> String {
    let mut id = String::with_capacity(path.len() + 2);
    id.push_str("f-");
    for c in path.chars() {
        match c {
            '.' | '[' => id.push('-'),
            ']' => {}
            c if c.is_ascii_alphanumeric() || c == '-' || c == '_' => id.push(c),
            _ => id.push('_'),
        }
    }
    id
}

/// The first segment of a path (the id of the top-level item of a page).
pub fn top(path: &str) -> &str {
    let end = path.find(['.', '[']).unwrap_or(path.len());
    &path[..end]
}

/// Removes file answers (files cannot be stored in a draft), walking the definition; whether
/// any file was chosen (the restored draft then asks to choose them again).
pub fn strip_files(items: &[Item], value: &mut Value) -> bool {
    let Some(obj) = value.as_object_mut() else {
        return false;
    };
    let mut any = false;
    for item in items {
        match item {
            Item::File(f) => {
                let gone = obj.remove(&f.id);
                any |= gone.is_some_and(|v| v.as_array().is_some_and(|a| !a.is_empty()));
            }
            Item::Group(g) => {
                if let Some(v) = obj.get_mut(&g.id) {
                    any |= strip_files(&g.items, v);
                }
            }
            Item::Repeat(r) => {
                if let Some(Value::Array(entries)) = obj.get_mut(&r.id) {
                    for e in entries {
                        any |= strip_files(&r.items, e);
                    }
                }
            }
            _ => {}
        }
    }
    any
}

/// Template keys of all fields, groups and repeats under `items` (for notifying dependents when
/// a whole repeat entry appears or disappears).
pub fn keys_under(items: &[Item], key_prefix: &str, out: &mut Vec<String>) {
    for item in items {
        let Some(id) = item.id() else { continue };
        match item {
            Item::Group(g) => {
                let k = format!("{key_prefix}{id}");
                keys_under(&g.items, &format!("{k}."), out);
                out.push(k);
            }
            Item::Repeat(r) => {
                let k = format!("{key_prefix}{id}");
                keys_under(&r.items, &format!("{k}[*]."), out);
                out.push(k);
            }
            _ if item.field().is_some() => out.push(format!("{key_prefix}{id}")),
            _ => {}
        }
    }
}

/// Tops up every list in `items` (at `prefix`, and the lists in each of its entries) to the
/// empty entries of its `minItems`, as its page shows them. The check page and the pages judge
/// the same answers then: "Fügen Sie mindestens einen Eintrag hinzu" next to a page that shows
/// an empty "Person 1" was the check page judging a list whose page had not been opened yet.
pub fn top_up_lists(answers: &mut Value, items: &[Item], prefix: &str) {
    for item in items {
        let Some(id) = item.id() else { continue };
        match item {
            Item::Group(g) => top_up_lists(answers, &g.items, &format!("{prefix}{id}.")),
            Item::Repeat(r) => {
                let path = format!("{prefix}{id}");
                let min = r.min_items.unwrap_or(0) as usize;
                if min > 0 {
                    if let Some(arr) = array_mut(answers, &path) {
                        while arr.len() < min.min(antrag_core::form::HARD_MAX_ENTRIES) {
                            arr.push(Value::Object(Map::new()));
                        }
                    }
                }
                let n = get(answers, &path)
                    .and_then(Value::as_array)
                    .map_or(0, Vec::len)
                    .min(antrag_core::form::HARD_MAX_ENTRIES);
                for i in 0..n {
                    top_up_lists(answers, &r.items, &format!("{path}[{i}]."));
                }
            }
            _ => {}
        }
    }
}

/// The answers of two copies that began from `base`: what `ours` changed since `base`, put onto
/// `theirs` (two tabs of the same form each saving their copy must not undo the other's
/// answers). Objects merge key by key and lists entry by entry while all three have the same
/// number of entries; where both changed the same answer, `ours` wins.
pub fn merge3(base: &Value, ours: &Value, theirs: &Value) -> Value {
    if ours == base {
        return theirs.clone();
    }
    if theirs == base || ours == theirs {
        return ours.clone();
    }
    match (base, ours, theirs) {
        (Value::Object(b), Value::Object(o), Value::Object(t)) => {
            let mut out = t.clone();
            for (k, ov) in o {
                let bv = b.get(k).unwrap_or(&Value::Null);
                let tv = t.get(k).unwrap_or(&Value::Null);
                let m = merge3(bv, ov, tv);
                // Removed there and not changed here: stays removed.
                if !m.is_null() || t.contains_key(k) {
                    out.insert(k.clone(), m);
                }
            }
            // Removed in ours (an answer cleared), unchanged in theirs: removed.
            for (k, bv) in b {
                if !o.contains_key(k) && t.get(k) == Some(bv) {
                    out.remove(k);
                }
            }
            Value::Object(out)
        }
        // Entries merge one by one while neither side removed one; entries added on one side
        // (the other kept the number) are kept after them.
        (Value::Array(b), Value::Array(o), Value::Array(t))
            if o.len() >= b.len()
                && t.len() >= b.len()
                && (o.len() == b.len() || t.len() == b.len()) =>
        {
            let mut out: Vec<Value> = b
                .iter()
                .zip(o)
                .zip(t)
                .map(|((b, o), t)| merge3(b, o, t))
                .collect();
            let added = if o.len() > b.len() { o } else { t };
            out.extend(added[b.len()..].iter().cloned());
            Value::Array(out)
        }
        _ => ours.clone(),
    }
}

/// Puts the answers of the file fields in `items` from `from` into `into` where `into` has the
/// same entry (the inverse of [`strip_files`], for answers merged without files).
pub fn restore_files(items: &[Item], from: &Value, into: &mut Value) {
    let (Some(src), Some(dst)) = (from.as_object(), into.as_object_mut()) else {
        return;
    };
    for item in items {
        match item {
            Item::File(f) => {
                if let Some(v) = src.get(&f.id) {
                    dst.insert(f.id.clone(), v.clone());
                }
            }
            Item::Group(g) => {
                if let (Some(s), Some(d)) = (src.get(&g.id), dst.get_mut(&g.id)) {
                    restore_files(&g.items, s, d);
                }
            }
            Item::Repeat(r) => {
                if let (Some(Value::Array(s)), Some(Value::Array(d))) =
                    (src.get(&r.id), dst.get_mut(&r.id))
                {
                    for (s, d) in s.iter().zip(d.iter_mut()) {
                        restore_files(&r.items, s, d);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Whether `v` holds any answer: a list's empty entries (`minItems`) or an empty text are none.
pub fn has_answer(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => a.iter().any(has_answer),
        Value::Object(o) => o.values().any(has_answer),
        Value::Bool(_) | Value::Number(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn two_copies_keep_each_others_answers() {
        let base = json!({"name": "A", "kids": [{"v": "x"}], "alt": 1});
        // Each tab typed in another field (and another list entry's field).
        let ours = json!({"name": "A", "email": "a@b.de", "kids": [{"v": "x", "n": 1}], "alt": 1});
        let theirs = json!({"name": "Anna", "kids": [{"v": "y"}], "alt": 1});
        assert_eq!(
            merge3(&base, &ours, &theirs),
            json!({"name": "Anna", "email": "a@b.de", "kids": [{"v": "y", "n": 1}], "alt": 1})
        );
        // The same answer changed in both: ours. An answer cleared in ours: cleared.
        let ours = json!({"name": "Erika", "kids": [{"v": "x"}]});
        let theirs = json!({"name": "Anna", "kids": [{"v": "x"}], "alt": 1});
        assert_eq!(
            merge3(&base, &ours, &theirs),
            json!({"name": "Erika", "kids": [{"v": "x"}]})
        );
        // Nothing changed here: theirs as it is, an entry removed there too.
        let theirs = json!({"name": "A", "kids": []});
        assert_eq!(merge3(&base, &base, &theirs), theirs);
        // An entry added here while they changed one: both.
        let ours = json!({"name": "A", "kids": [{"v": "x"}, {"v": "Bob"}], "alt": 1});
        let theirs = json!({"name": "A", "kids": [{"v": "z"}], "alt": 1});
        assert_eq!(
            merge3(&base, &ours, &theirs),
            json!({"name": "A", "kids": [{"v": "z"}, {"v": "Bob"}], "alt": 1})
        );
        // … and the other way round.
        assert_eq!(
            merge3(&base, &theirs, &ours),
            json!({"name": "A", "kids": [{"v": "z"}, {"v": "Bob"}], "alt": 1})
        );
        // An entry removed here: the entries move, so ours as it is.
        let ours = json!({"name": "A", "kids": [], "alt": 1});
        assert_eq!(merge3(&base, &ours, &theirs), ours);
    }

    #[test]
    fn files_are_put_back_where_their_entries_are() {
        let items: Vec<Item> = serde_json::from_value(json!([
            {"type": "file", "id": "f", "label": "F"},
            {"type": "repeat", "id": "r", "label": "R", "items": [
                {"type": "file", "id": "g", "label": "G"},
                {"type": "text", "id": "t", "label": "T"}]}
        ]))
        .unwrap();
        let ours = json!({"f": [{"part": "file-0"}], "r": [{"g": [{"part": "file-1"}], "t": "a"}]});
        let mut merged = json!({"r": [{"t": "b"}, {"t": "c"}]});
        restore_files(&items, &ours, &mut merged);
        assert_eq!(
            merged,
            json!({"f": [{"part": "file-0"}], "r": [{"g": [{"part": "file-1"}], "t": "b"}, {"t": "c"}]})
        );
    }

    #[test]
    fn lists_are_topped_up_to_their_minimum_in_every_entry() {
        let items: Vec<Item> = serde_json::from_value(json!([
            {"type": "group", "id": "g", "items": [
                {"type": "repeat", "id": "halter", "label": "Halter", "minItems": 2, "items": [
                    {"type": "repeat", "id": "tel", "label": "Tel", "minItems": 1, "items": [
                        {"type": "phone", "id": "nr", "label": "Nr"}]}]}]},
            {"type": "repeat", "id": "frei", "label": "Frei", "items": [
                {"type": "repeat", "id": "innen", "label": "Innen", "minItems": 1, "items": [
                    {"type": "text", "id": "x", "label": "X"}]}]}
        ]))
        .unwrap();
        let mut a = json!({"g": {"halter": [{"tel": [{"nr": "1"}, {"nr": "2"}]}]},
                           "frei": [{}]});
        top_up_lists(&mut a, &items, "");
        assert_eq!(
            a,
            json!({"g": {"halter": [{"tel": [{"nr": "1"}, {"nr": "2"}]}, {"tel": [{}]}]},
                   "frei": [{"innen": [{}]}]})
        );
        // No list is created where none has to be.
        let mut a = json!({});
        top_up_lists(&mut a, &items[1..], "");
        assert_eq!(a, json!({}));
        assert!(!has_answer(&a));
    }

    #[test]
    fn set_and_get_paths() {
        let mut a = json!({});
        set(&mut a, "plaetze[1].vorname", Some(json!("Anna")));
        set(&mut a, "traeger.name", Some(json!("Kita")));
        assert_eq!(
            a,
            json!({"plaetze": [{}, {"vorname": "Anna"}], "traeger": {"name": "Kita"}})
        );
        assert_eq!(value_str(get(&a, "plaetze[1].vorname")), "Anna");
        set(&mut a, "traeger.name", None);
        assert_eq!(get(&a, "traeger.name"), None);
        assert_eq!(dom_id("plaetze[1].vorname"), "f-plaetze-1-vorname");
        assert_eq!(top("plaetze[1].vorname"), "plaetze");
    }

    #[test]
    fn answers_are_values_not_structure() {
        assert!(!has_answer(&json!({})));
        assert!(!has_answer(
            &json!({"plaetze": [{}, {"name": ""}], "g": {"x": null}})
        ));
        assert!(has_answer(&json!({"plaetze": [{}, {"name": "A"}]})));
        assert!(has_answer(&json!({"ok": false})));
        assert!(has_answer(&json!({"n": 0})));
    }
}
