//! Every published form in `forms/` and every code list in `forms/codelists/` must parse into the
//! model, compile with its code lists, and pass the author checks without errors or warnings.
//!
//! Compilation is covered through `check_source`, which loads the code lists and runs
//! `Form::compile` (references, expression types, cycles, regexes, bounds) as its last stage.

use antrag_core::check::{check_code_list_source, check_source, render};
use antrag_core::model::{CodeList, FormDefinition, Item, NumberBound};
use antrag_core::value::{DateBound, Dec};
use std::path::{Path, PathBuf};

fn forms_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../forms")
}

/// Files in `dir` ending in `.json`, sorted.
fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

/// The form definitions: every `forms/*.json` except the generated schemas and the manifest.
fn form_files() -> Vec<PathBuf> {
    json_files(&forms_dir())
        .into_iter()
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name != "index.json" && !name.ends_with(".schema.json")
        })
        .collect()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn parse_form(path: &Path) -> FormDefinition {
    serde_json::from_str(&read(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_published_forms_are_there() {
    let names: Vec<String> = form_files()
        .iter()
        .filter_map(|p| p.file_stem().and_then(|s| s.to_str()).map(String::from))
        .collect();
    for expected in [
        "bewohnerparken",
        "gewerbeanmeldung",
        "kita-fachkraefte",
        "kontakt",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "forms/{expected}.json is missing"
        );
    }
}

#[test]
fn every_form_parses_and_matches_its_file_name() {
    for path in form_files() {
        let def = parse_form(&path);
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        assert_eq!(
            def.id,
            stem,
            "{}: id must equal the file name",
            path.display()
        );
        assert_eq!(
            def.schema.as_deref(),
            Some("./form-definition.schema.json"),
            "{}: `$schema` missing",
            path.display()
        );
        assert!(!def.pages.is_empty(), "{}: no pages", path.display());
    }
}

#[test]
fn every_code_list_parses() {
    let files = json_files(&forms_dir().join("codelists"));
    assert!(!files.is_empty(), "no code lists found");
    for path in files {
        let list: CodeList = serde_json::from_str(&read(&path))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(
            list.schema.as_deref(),
            Some("../codelist.schema.json"),
            "{}: `$schema` missing",
            path.display()
        );
        assert!(!list.options.is_empty(), "{}: no options", path.display());
        let mut values: Vec<&str> = list.options.iter().map(|o| o.value.as_str()).collect();
        values.sort_unstable();
        let before = values.len();
        values.dedup();
        assert_eq!(before, values.len(), "{}: duplicate values", path.display());
    }
}

#[test]
fn thuringia_has_17_districts_and_5_cities() {
    let path = forms_dir().join("codelists/thueringen-kreise.json");
    let list: CodeList = serde_json::from_str(&read(&path)).expect("thueringen-kreise.json");
    let values: Vec<&str> = list.options.iter().map(|o| o.value.as_str()).collect();
    assert_eq!(values.len(), 22);
    let cities = values.iter().filter(|v| v.starts_with("1605")).count();
    assert_eq!(cities, 5, "kreisfreie Städte");
    assert!(
        !values.contains(&"16056"),
        "Eisenach is part of the Wartburgkreis since 2021"
    );
    assert!(values.iter().all(|v| v.len() == 5 && v.starts_with("16")));
}

/// Reads a code list the way `antrag check` does: the path is relative to the form file.
fn load_relative(name: &str) -> Option<String> {
    if name.contains("..") || name.starts_with('/') {
        return None;
    }
    std::fs::read_to_string(forms_dir().join(name)).ok()
}

#[test]
fn every_form_passes_antrag_check_without_errors_or_warnings() {
    let mut report = String::new();
    for path in form_files() {
        let src = read(&path);
        let name = format!(
            "forms/{}",
            path.file_name().and_then(|n| n.to_str()).unwrap_or("")
        );
        let diags = check_source(&name, &src, &load_relative);
        if !diags.is_empty() {
            report.push_str(&render(&name, &src, &diags));
        }
    }
    assert!(report.is_empty(), "antrag check found problems:\n{report}");
}

#[test]
fn every_code_list_passes_antrag_check() {
    let mut report = String::new();
    for path in json_files(&forms_dir().join("codelists")) {
        let src = read(&path);
        let name = format!(
            "forms/codelists/{}",
            path.file_name().and_then(|n| n.to_str()).unwrap_or("")
        );
        let diags = check_code_list_source(&name, &src);
        if !diags.is_empty() {
            report.push_str(&render(&name, &src, &diags));
        }
    }
    assert!(report.is_empty(), "antrag check found problems:\n{report}");
}

/// Every expression, date bound and number bound of `items` (recursively), with a description
/// of where it is.
fn collect(
    items: &[Item],
    at: &str,
    exprs: &mut Vec<(String, String)>,
    problems: &mut Vec<String>,
) {
    for item in items {
        let here = format!("{at}/{}", item.id().unwrap_or("(content)"));
        if let Some(v) = item.visible_if() {
            exprs.push((format!("{here} visibleIf"), v.to_string()));
        }
        if let Some((_, f)) = item.field() {
            for (key, e) in [
                ("requiredIf", &f.required_if),
                ("enabledIf", &f.enabled_if),
                ("expr", &f.expr),
            ] {
                if let Some(e) = e {
                    exprs.push((format!("{here} {key}"), e.clone()));
                }
            }
            for (i, r) in f.rules.iter().enumerate() {
                exprs.push((format!("{here} rules[{i}].check"), r.check.clone()));
                if let Some(w) = &r.when {
                    exprs.push((format!("{here} rules[{i}].when"), w.clone()));
                }
            }
            for (key, b) in [("minDate", &f.min_date), ("maxDate", &f.max_date)] {
                if let Some(b) = b {
                    if DateBound::parse(b).is_none() {
                        problems.push(format!("{here} {key}: invalid date bound `{b}`"));
                    }
                }
            }
            for (key, b) in [("min", &f.min), ("max", &f.max)] {
                if let Some(NumberBound::String(s)) = b {
                    if Dec::parse_canonical(s).is_none() {
                        problems.push(format!("{here} {key}: invalid number bound `{s}`"));
                    }
                }
            }
        }
        collect(item.children(), &here, exprs, problems);
    }
}

#[test]
fn every_expression_and_bound_parses() {
    let mut problems = Vec::new();
    let mut count = 0;
    for path in form_files() {
        let def = parse_form(&path);
        let mut exprs = Vec::new();
        for page in &def.pages {
            let at = format!("{}:{}", def.id, page.id);
            if let Some(v) = &page.visible_if {
                exprs.push((format!("{at} visibleIf"), v.clone()));
            }
            collect(&page.items, &at, &mut exprs, &mut problems);
        }
        for (place, src) in exprs {
            count += 1;
            if let Err(e) = antrag_core::expr::parse(&src) {
                problems.push(format!("{place}: `{src}`: {e}"));
            }
        }
    }
    assert!(
        count > 40,
        "expected the forms to use expressions, found {count}"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
