//! Rendering snapshot.

use antrag_core::check::{check_source, render};
use antrag_core::{Diagnostic, Severity};

const SRC: &str = r#"{
  "$schema": "./form-definition.schema.json",
  "id": "kita",
  "version": "1.0",
  "title": "Kita",
  "submit": { "url": "/x" },
  "pages": [
    {
      "id": "p",
      "title": "P",
      "items": [
        {
          "type": "text",
          "id": "name",
	  "lable": "Name",
          "label": "Name"
        }
      ]
    }
  ]
}
"#;

#[test]
fn rustc_style_snapshot() {
    let d = check_source("forms/kita.json", SRC, &|_| None);
    let out = render("forms/kita.json", SRC, &d);
    let expected = r#"error[bad-version]: the version `1.0` is not of the form MAJOR.MINOR.PATCH (three whole numbers): the form cannot be loaded
 --> forms/kita.json:4:14
  |
4 |   "version": "1.0",
  |              ^^^^^
  = hint: write `"version": "1.0.0"`

error[unknown-key]: unknown key `lable`
  --> forms/kita.json:15:4
   |
15 |       "lable": "Name",
   |       ^^^^^^^
   = hint: did you mean `label`?

2 errors
"#;
    assert_eq!(out, expected, "\n{out}");
}

#[test]
fn diagnostics_without_position_and_empty_runs() {
    let d = [Diagnostic {
        severity: Severity::Error,
        code: "file-too-large".into(),
        message: "too large".into(),
        pointer: String::new(),
        line: 0,
        column: 0,
        hint: None,
    }];
    assert_eq!(
        render("f.json", "", &d),
        "error[file-too-large]: too large\n --> f.json\n\n1 error\n"
    );
    assert_eq!(render("f.json", "{}", &[]), "no problems found\n");
    // positions beyond the source do not panic
    let d = [Diagnostic {
        line: 99,
        column: 99,
        ..d[0].clone()
    }];
    assert!(render("f.json", "{}", &d).contains("f.json:99:99"));
}

#[test]
fn color_variant_uses_ansi_only_when_asked() {
    let d = check_source("t.json", "{,}", &|_| None);
    assert!(!render("t.json", "{,}", &d).contains('\x1b'));
    assert!(antrag_core::check::render_color("t.json", "{,}", &d).contains("\x1b[1;31m"));
}
