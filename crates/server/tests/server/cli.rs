use crate::support::*;

#[test]
fn check_exit_codes_and_manifest() {
    let p = Project::new();
    let forms = p.forms();
    let forms_arg = forms.to_str().unwrap();
    // A valid folder: exit 0, manifest written with the form.
    let (code, out, err) = run_cli(&["check", forms_arg], p.path());
    assert_eq!(code, 0, "{out}{err}");
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(forms.join("index.json")).unwrap()).unwrap();
    assert_eq!(m["forms"][0]["id"], "testantrag");
    assert_eq!(m["forms"][0]["version"], "1.0.0");
    assert_eq!(m["forms"][0]["file"], "testantrag.json");

    // A second good form (sorted by id) and a broken one (left out, exit 1).
    std::fs::write(
        forms.join("aaa-antrag.json"),
        test_form("1.0.0").replace("testantrag", "aaa-antrag"),
    )
    .unwrap();
    std::fs::write(
        forms.join("kaputt.json"),
        "{ \"id\": \"kaputt\", \"lable\": 1 }",
    )
    .unwrap();
    std::fs::write(forms.join("form-definition.schema.json"), "not even json").unwrap();
    let (code, out, _) = run_cli(&["check", forms_arg], p.path());
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("kaputt.json"), "{out}");
    assert!(out.contains("error"), "{out}");
    assert!(!out.contains("forms/form-definition.schema.json"), "{out}");
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(forms.join("index.json")).unwrap()).unwrap();
    let ids: Vec<&str> = m["forms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["aaa-antrag", "testantrag"]);

    // JSON output; --no-manifest leaves index.json alone.
    std::fs::remove_file(forms.join("index.json")).unwrap();
    let (code, out, _) = run_cli(
        &["check", "--format", "json", "--no-manifest", forms_arg],
        p.path(),
    );
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["errors"].as_u64().unwrap() >= 1);
    let broken = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"].as_str().unwrap().ends_with("kaputt.json"))
        .unwrap();
    assert!(broken["diagnostics"][0]["line"].as_u64().unwrap() >= 1);
    assert!(!forms.join("index.json").exists());

    // A single good file: exit 0. A missing path: exit 1.
    let (code, _, _) = run_cli(
        &["check", forms.join("testantrag.json").to_str().unwrap()],
        p.path(),
    );
    assert_eq!(code, 0);
    let (code, _, _) = run_cli(&["check", "gibtsnicht"], p.path());
    assert_eq!(code, 1);

    // Default folder `forms/` relative to the working directory.
    std::fs::remove_file(forms.join("kaputt.json")).unwrap();
    let (code, out, _) = run_cli(&["check"], p.path());
    assert_eq!(code, 0, "{out}");
    assert!(forms.join("index.json").exists());
}

#[test]
fn new_writes_a_valid_form_and_never_overwrites() {
    let p = Project::new();
    let (code, out, err) = run_cli(&["new", "mein-antrag"], p.path());
    assert_eq!(code, 0, "{out}{err}");
    let path = p.forms().join("mein-antrag.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let (code, out, err) = run_cli(
        &["check", "--no-manifest", path.to_str().unwrap()],
        p.path(),
    );
    assert_eq!(code, 0, "{out}{err}");
    let (code, _, err) = run_cli(&["new", "mein-antrag"], p.path());
    assert_eq!(code, 1);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    let (code, _, _) = run_cli(&["new", "../boese"], p.path());
    assert_eq!(code, 2);

    // A new form is submittable right away.
    let s = Server::start(&p, false, &[]);
    let env = serde_json::json!({
        "form": { "id": "mein-antrag", "version": "0.1.0" },
        "submissionId": uuid(),
        "submittedAt": "2026-03-01T09:30:00Z",
        "locale": "en",
        "data": { "name": "Erika", "email": "erika@example.org", "richtigkeit": true },
    });
    let r = s.post_json("mein-antrag", &env);
    assert_eq!(r.status, 201, "{}", r.text());
    assert!(r.json()["reference"].as_str().unwrap().starts_with("MA-"));
}

#[test]
fn schema_prints_the_json_schema() {
    let p = Project::new();
    let (code, out, _) = run_cli(&["schema"], p.path());
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["properties"]["pages"].is_object() || v.to_string().contains("pages"));
}

/// `antrag schema | head`: a reader that stops early (its end of the pipe closed) ends the
/// command quietly, without a panic ("failed printing to stdout: Broken pipe"), for every
/// command that writes to stdout.
#[test]
fn a_closed_stdout_ends_the_output_quietly() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let p = Project::new();
    let new_form = p.forms().join("neu.json");
    let cases: [(&[&str], usize, i32); 5] = [
        // (arguments, bytes read before closing, expected exit code)
        (&["schema"], 100, 0),
        (&["schema"], 0, 0),
        (&["check", "--no-manifest"], 0, 0),
        (&["check", "--format", "json", "--no-manifest"], 10, 0),
        (&["new", "neu"], 0, 0),
    ];
    for (args, read, expected) in cases {
        let mut child = Command::new(bin())
            .args(args)
            .current_dir(p.path())
            .env_remove("ANTRAG_FORMS")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run antrag");
        let mut stdout = child.stdout.take().expect("stdout");
        let mut first = vec![0u8; read];
        stdout.read_exact(&mut first).expect("the first bytes");
        drop(stdout);
        let out = child.wait_with_output().expect("wait for antrag");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(!err.contains("Broken pipe"), "{args:?}: {err}");
        assert_eq!(out.status.code(), Some(expected), "{args:?}: {err}");
    }
    // `new` wrote its file all the same.
    assert!(new_form.exists());
}

/// The diagnostics `antrag check --format json` reports for the file whose name ends with `file`.
fn diagnostics_of(out: &str, file: &str) -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_str(out).expect("JSON output");
    let f = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"].as_str().unwrap().ends_with(file))
        .unwrap_or_else(|| panic!("{file} was not checked: {out}"));
    f["diagnostics"].as_array().unwrap().clone()
}

/// `antrag check forms/` checks the archived versions in `forms/archive/` too, and reads their
/// code lists as the server does when it loads one: relative to `forms/archive/`, then to
/// `forms/` (the test form's `codelists/farbe.json` is in `forms/codelists/` only).
#[test]
fn check_reads_archived_versions_with_the_code_lists_the_server_reads() {
    let p = Project::new();
    let archive = p.forms().join("archive");
    std::fs::create_dir_all(&archive).unwrap();
    std::fs::write(archive.join("testantrag@0.5.0.json"), test_form("0.5.0")).unwrap();

    let (code, out, err) = run_cli(&["check", "forms"], p.path());
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("ok: forms/archive/testantrag@0.5.0.json"),
        "{out}"
    );
    assert!(out.contains("2 file(s) checked: 0 error(s)"), "{out}");

    // The file on its own: the same.
    let (code, out, err) = run_cli(
        &[
            "check",
            "--no-manifest",
            "forms/archive/testantrag@0.5.0.json",
        ],
        p.path(),
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(!out.contains("missing-code-list"), "{out}");

    // Run inside the archive folder, as `.` or a bare file name: still an archive.
    for args in [
        &["check", "."][..],
        &["check", "--no-manifest", "testantrag@0.5.0.json"][..],
    ] {
        let (code, out, err) = run_cli(args, &archive);
        assert_eq!(code, 0, "{args:?}: {out}{err}");
        assert!(!out.contains("archive-outside-archive"), "{args:?}: {out}");
        assert!(!out.contains("missing-code-list"), "{args:?}: {out}");
        assert!(!archive.join("index.json").exists(), "{args:?}: {out}");
    }

    // A code list beside the archived file comes first, as on the server.
    std::fs::create_dir_all(archive.join("codelists")).unwrap();
    std::fs::write(
        archive.join("codelists/farbe.json"),
        "{ \"id\": \"farbe\" }",
    )
    .unwrap();
    let (code, out, _) = run_cli(&["check", "--format", "json", "forms"], p.path());
    assert_eq!(code, 1, "{out}");
    let d = diagnostics_of(&out, "archive/testantrag@0.5.0.json");
    assert_eq!(d[0]["code"], "invalid-code-list", "{d:#?}");
    assert!(diagnostics_of(&out, "forms/testantrag.json").is_empty());

    // A code list in neither place: the hint names both folders.
    std::fs::remove_file(archive.join("codelists/farbe.json")).unwrap();
    std::fs::remove_file(p.forms().join("codelists/farbe.json")).unwrap();
    let (code, out, _) = run_cli(
        &[
            "check",
            "--format",
            "json",
            "forms/archive/testantrag@0.5.0.json",
        ],
        p.path(),
    );
    assert_eq!(code, 1, "{out}");
    let d = diagnostics_of(&out, "archive/testantrag@0.5.0.json");
    assert_eq!(d[0]["code"], "missing-code-list", "{d:#?}");
    let hint = d[0]["hint"].as_str().unwrap();
    assert!(hint.contains("`forms/archive`, then to `forms`"), "{hint}");
}

/// Archived versions never go into the manifest, which lists the current forms only, and no
/// manifest is written into `forms/archive/`.
#[test]
fn archived_versions_are_never_in_the_manifest() {
    let p = Project::new();
    let archive = p.forms().join("archive");
    std::fs::create_dir_all(&archive).unwrap();
    std::fs::write(archive.join("testantrag@0.5.0.json"), test_form("0.5.0")).unwrap();
    // The archived version of a form that is no longer published: a warning, and not listed.
    std::fs::write(
        archive.join("alt-antrag@1.0.0.json"),
        test_form("1.0.0").replace("testantrag", "alt-antrag"),
    )
    .unwrap();

    let manifest = |p: &Project| -> Vec<(String, String, String)> {
        let m: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(p.forms().join("index.json")).unwrap())
                .unwrap();
        m["forms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let s = |k: &str| e[k].as_str().unwrap().to_string();
                (s("id"), s("version"), s("file"))
            })
            .collect()
    };
    let only_current = vec![(
        "testantrag".to_string(),
        "1.0.0".to_string(),
        "testantrag.json".to_string(),
    )];

    let (code, out, err) = run_cli(&["check", "forms"], p.path());
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("ok: forms/archive/testantrag@0.5.0.json"),
        "{out}"
    );
    assert!(out.contains("warning[archive-without-form]"), "{out}");
    assert!(
        out.contains("there is no current form `forms/alt-antrag.json`"),
        "{out}"
    );
    assert_eq!(manifest(&p), only_current);
    assert!(!archive.join("index.json").exists());

    // The archive folder on its own: checked as archived versions, no manifest anywhere.
    std::fs::remove_file(p.forms().join("index.json")).unwrap();
    let (code, out, err) = run_cli(&["check", "forms/archive"], p.path());
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("warning[archive-without-form]"), "{out}");
    assert!(!archive.join("index.json").exists(), "{out}");
    assert!(!p.forms().join("index.json").exists(), "{out}");

    // The manifest written with --format json lists the current form only, too.
    let (code, out, _) = run_cli(&["check", "--format", "json", "forms"], p.path());
    assert_eq!(code, 0, "{out}");
    assert_eq!(manifest(&p), only_current);

    // An archived version copied beside the current forms instead of into `archive/`: the
    // server never reads it there, and the start page must not offer it as a second form.
    std::fs::write(p.forms().join("testantrag@0.9.0.json"), test_form("0.9.0")).unwrap();
    let (code, out, err) = run_cli(&["check", "forms"], p.path());
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("warning[archive-outside-archive]"), "{out}");
    assert!(out.contains("forms/archive/testantrag@0.9.0.json"), "{out}");
    assert_eq!(manifest(&p), only_current);
}

/// An archived file the server would never use is an error that says the name it must have
/// (the server reads version `v` of form `id` only from `archive/<id>@<v>.json`), or that the
/// current form has the same version (the server takes that version from the current file).
#[test]
fn check_reports_archived_files_the_server_never_uses() {
    let p = Project::new();
    let archive = p.forms().join("archive");
    std::fs::create_dir_all(&archive).unwrap();
    let write = |name: &str, text: String| std::fs::write(archive.join(name), text).unwrap();

    // The name says another version.
    write("testantrag@0.5.json", test_form("0.5.1"));
    let (code, out, err) = run_cli(&["check", "--no-manifest", "forms"], p.path());
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains(
            "error[archive-file-name]: the file name says version `0.5`, the form's version is \
             `0.5.1`"
        ),
        "{out}"
    );
    assert!(
        out.contains("--> forms/archive/testantrag@0.5.json:1:"),
        "{out}"
    );
    assert!(
        out.contains(
            "the server looks for version 0.5.1 of `testantrag` only in \
             `forms/archive/testantrag@0.5.1.json`"
        ),
        "{out}"
    );
    assert!(
        out.contains("rename it to `testantrag@0.5.1.json`"),
        "{out}"
    );
    let (_, out, _) = run_cli(
        &["check", "--format", "json", "--no-manifest", "forms"],
        p.path(),
    );
    let d = diagnostics_of(&out, "archive/testantrag@0.5.json");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0]["code"], "archive-file-name");
    assert_eq!(d[0]["severity"], "error");
    assert_eq!(d[0]["pointer"], "/version");
    assert!(d[0]["line"].as_u64().unwrap() >= 1);
    std::fs::remove_file(archive.join("testantrag@0.5.json")).unwrap();

    // The name says another form (core's `id-file-mismatch`, about current forms, is replaced);
    // a name without a version.
    write("anderer@0.5.0.json", test_form("0.5.0"));
    write("testantrag.json", test_form("0.4.0"));
    let (code, out, _) = run_cli(
        &["check", "--format", "json", "--no-manifest", "forms"],
        p.path(),
    );
    assert_eq!(code, 1, "{out}");
    let d = diagnostics_of(&out, "archive/anderer@0.5.0.json");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0]["code"], "archive-file-name");
    assert_eq!(d[0]["pointer"], "/id");
    assert!(d[0]["message"]
        .as_str()
        .unwrap()
        .contains("the file name says form `anderer`, the form's id is `testantrag`"));
    assert!(d[0]["hint"]
        .as_str()
        .unwrap()
        .contains("rename it to `testantrag@0.5.0.json`"));
    let d = diagnostics_of(&out, "archive/testantrag.json");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0]["code"], "archive-file-name");
    assert!(d[0]["hint"]
        .as_str()
        .unwrap()
        .contains("rename it to `testantrag@0.4.0.json`"));
    std::fs::remove_file(archive.join("anderer@0.5.0.json")).unwrap();
    std::fs::remove_file(archive.join("testantrag.json")).unwrap();

    // The current version, changed without a new version number: the archived copy is never
    // read, and applications of 1.0.0 are judged by the changed rules.
    let current = std::fs::read_to_string(p.forms().join("testantrag.json")).unwrap();
    write("testantrag@1.0.0.json", current.clone());
    std::fs::write(
        p.forms().join("testantrag.json"),
        current.replace("\"maxLength\":200", "\"maxLength\":100"),
    )
    .unwrap();
    let (code, out, _) = run_cli(&["check", "--no-manifest", "forms"], p.path());
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(
            "error[archive-same-version]: `forms/testantrag.json` has the same version `1.0.0` \
             with other content"
        ),
        "{out}"
    );
    assert!(
        out.contains("raise the `version` in `forms/testantrag.json` (to `1.1.0`)"),
        "{out}"
    );

    // The same content (but for `$schema`): only a warning, the copy is harmless.
    std::fs::write(p.forms().join("testantrag.json"), &current).unwrap();
    write(
        "testantrag@1.0.0.json",
        current.replace("./form-definition", "../form-definition"),
    );
    let (code, out, _) = run_cli(&["check", "--no-manifest", "forms"], p.path());
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("warning[archive-is-current]"), "{out}");
    assert!(!out.contains("archive-same-version"), "{out}");
}

/// An archived file must never change: a core check's error about one that the server still
/// loads and compiles (here an empty English label, `empty-text`, a newer author check that
/// compiling does not make) is only a warning that says why, so the author's CI does not fail
/// on a file they must not edit. The same content as the current form is still an error.
#[test]
fn core_errors_in_an_archived_file_the_server_uses_are_warnings() {
    let p = Project::new();
    let archive = p.forms().join("archive");
    std::fs::create_dir_all(&archive).unwrap();
    let empty_en = |version: &str| {
        test_form(version).replace(
            r#""label":{"de":"Name","en":"Name"}"#,
            r#""label":{"de":"Name","en":""}"#,
        )
    };
    assert_ne!(empty_en("0.5.0"), test_form("0.5.0"));
    std::fs::write(archive.join("testantrag@0.5.0.json"), empty_en("0.5.0")).unwrap();

    let (code, out, err) = run_cli(&["check", "--no-manifest", "forms"], p.path());
    assert_eq!(code, 0, "only a warning: {out}{err}");
    assert!(
        out.contains(
            "warning[empty-text]: `label` (English) is empty: the citizen sees an input without \
             a label, so nothing says what to enter (archived version: only a warning, because \
             an archived file must not change and the server can still use it)"
        ),
        "{out}"
    );
    // Besides, the warning `missing-translation` (the label has no English text), unchanged.
    assert!(out.contains("0 error(s), 2 warning(s)"), "{out}");
    assert!(
        out.contains(
            "warning[missing-translation]: 1 of 7 texts have no English translation (`en`)\n"
        ),
        "{out}"
    );

    // The same content as the current form: an error, with the same code, place and hint.
    std::fs::write(p.forms().join("testantrag.json"), empty_en("1.0.0")).unwrap();
    let (code, out, _) = run_cli(
        &["check", "--format", "json", "--no-manifest", "forms"],
        p.path(),
    );
    assert_eq!(code, 1, "{out}");
    let current = diagnostics_of(&out, "forms/testantrag.json");
    let archived = diagnostics_of(&out, "archive/testantrag@0.5.0.json");
    // The same findings in both files, in the same places; only `empty-text` differs.
    assert_eq!(current.len(), 2, "{current:#?}");
    assert_eq!(archived.len(), 2, "{archived:#?}");
    assert_eq!(current[0]["code"], "missing-translation");
    assert_eq!(archived[0], current[0]);
    let (current, archived) = (&current[1], &archived[1]);
    assert_eq!(current["code"], "empty-text");
    assert_eq!(current["severity"], "error");
    assert_eq!(archived["severity"], "warning");
    for key in ["code", "pointer", "line", "column", "hint"] {
        assert_eq!(archived[key], current[key], "{key}");
    }
    assert_eq!(archived["pointer"], "/pages/0/items/0/label/en");
    let message = current["message"].as_str().unwrap();
    assert!(!message.contains("archived"), "{message}");
    assert_eq!(
        archived["message"].as_str().unwrap(),
        format!(
            "{message} (archived version: only a warning, because an archived file must not \
             change and the server can still use it)"
        )
    );
}

/// An archived file the server cannot load (it does not compile, or is no JSON) keeps its
/// errors: the server cannot use it, so the author must restore or remove it. So do the
/// archive's own errors about a file that compiles (`archive-file-name`).
#[test]
fn errors_in_an_archived_file_the_server_cannot_use_stay_errors() {
    let p = Project::new();
    let archive = p.forms().join("archive");
    std::fs::create_dir_all(&archive).unwrap();
    let file = archive.join("testantrag@0.5.0.json");

    // A rule about a field that does not exist: the form does not compile. The empty English
    // label stays an error too.
    let broken = test_form("0.5.0")
        .replace(
            r#""label":{"de":"Name","en":"Name"}"#,
            r#""label":{"de":"Name","en":""}"#,
        )
        .replace(
            r#""required":true"#,
            r#""required":true,"visibleIf":"gibtsnicht == 1""#,
        );
    assert!(broken.contains("gibtsnicht") && broken.contains(r#""en":"""#));
    std::fs::write(&file, &broken).unwrap();
    let (code, out, err) = run_cli(
        &["check", "--format", "json", "--no-manifest", "forms"],
        p.path(),
    );
    assert_eq!(code, 1, "{out}{err}");
    let d = diagnostics_of(&out, "archive/testantrag@0.5.0.json");
    let severity = |code: &str| {
        let found: Vec<_> = d.iter().filter(|d| d["code"] == code).collect();
        assert_eq!(found.len(), 1, "{code}: {d:#?}");
        found[0]["severity"].as_str().unwrap().to_string()
    };
    assert_eq!(severity("empty-text"), "error");
    assert_eq!(severity("missing-translation"), "warning");
    // The compile error itself (about `gibtsnicht`).
    assert!(
        d.iter().any(|d| d["severity"] == "error"
            && d["code"] != "empty-text"
            && d["message"].as_str().unwrap().contains("gibtsnicht")),
        "{d:#?}"
    );
    assert!(!out.contains("archived version: only a warning"), "{out}");

    // No JSON at all.
    std::fs::write(&file, &broken[..broken.len() / 2]).unwrap();
    let (code, out, _) = run_cli(
        &["check", "--format", "json", "--no-manifest", "forms"],
        p.path(),
    );
    assert_eq!(code, 1, "{out}");
    let d = diagnostics_of(&out, "archive/testantrag@0.5.0.json");
    assert!(d.iter().any(|d| d["severity"] == "error"), "{d:#?}");
    assert!(!out.contains("archived version: only a warning"), "{out}");
    std::fs::remove_file(&file).unwrap();

    // A file that compiles under the wrong name: the server never uses it, an error.
    std::fs::write(archive.join("testantrag@0.5.json"), test_form("0.5.1")).unwrap();
    let (code, out, _) = run_cli(
        &["check", "--format", "json", "--no-manifest", "forms"],
        p.path(),
    );
    assert_eq!(code, 1, "{out}");
    let d = diagnostics_of(&out, "archive/testantrag@0.5.json");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0]["code"], "archive-file-name");
    assert_eq!(d[0]["severity"], "error");
    assert!(!d[0]["message"]
        .as_str()
        .unwrap()
        .contains("archived version"));
}

/// An archived version newer than the current form: the new version was archived instead of
/// the old one, or the current form's version was not raised. Versions compare as numbers.
#[test]
fn check_warns_about_an_archived_version_newer_than_the_current_form() {
    let p = Project::new();
    let archive = p.forms().join("archive");
    std::fs::create_dir_all(&archive).unwrap();
    std::fs::write(archive.join("testantrag@1.1.0.json"), test_form("1.1.0")).unwrap();

    let (code, out, err) = run_cli(&["check", "--no-manifest", "forms"], p.path());
    assert_eq!(code, 0, "a warning: {out}{err}");
    assert!(
        out.contains(
            "warning[archive-newer-than-form]: this archived version `1.1.0` is newer than the \
             current version `1.0.0` in `forms/testantrag.json`"
        ),
        "{out}"
    );
    let (_, out, _) = run_cli(
        &["check", "--format", "json", "--no-manifest", "forms"],
        p.path(),
    );
    let d = diagnostics_of(&out, "archive/testantrag@1.1.0.json");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0]["code"], "archive-newer-than-form");
    assert_eq!(d[0]["severity"], "warning");
    assert_eq!(d[0]["pointer"], "/version");
    let hint = d[0]["hint"].as_str().unwrap();
    assert!(
        hint.contains(
            "if this file is the new form, move it to `forms/testantrag.json` and archive that \
             one as `forms/archive/testantrag@1.0.0.json`"
        ),
        "{hint}"
    );
    assert!(
        hint.contains("raise the `version` in `forms/testantrag.json` (to `1.2.0`)"),
        "{hint}"
    );
    assert!(diagnostics_of(&out, "forms/testantrag.json").is_empty());

    // 1.9.0 is older than 1.10.0 (not as text), and older versions are what an archive holds.
    std::fs::remove_file(archive.join("testantrag@1.1.0.json")).unwrap();
    std::fs::write(archive.join("testantrag@1.9.0.json"), test_form("1.9.0")).unwrap();
    std::fs::write(archive.join("testantrag@0.12.3.json"), test_form("0.12.3")).unwrap();
    std::fs::write(p.forms().join("testantrag.json"), test_form("1.10.0")).unwrap();
    let (code, out, err) = run_cli(&["check", "--no-manifest", "forms"], p.path());
    assert_eq!(code, 0, "{out}{err}");
    assert!(!out.contains("archive-newer-than-form"), "{out}");
    assert!(
        out.contains("3 file(s) checked: 0 error(s), 0 warning(s)"),
        "{out}"
    );
}

/// The `$schema` of a copy in `forms/archive/` is relative to that folder: the current form's
/// `./form-definition.schema.json` names no file there (editors lose completion). A warning
/// with the path that works; none for an address, or when the forms have no schema file.
#[test]
fn check_warns_about_a_schema_path_that_names_no_file_from_the_archive() {
    let p = Project::new();
    let archive = p.forms().join("archive");
    std::fs::create_dir_all(&archive).unwrap();
    let archived = archive.join("testantrag@0.5.0.json");
    std::fs::write(&archived, test_form("0.5.0")).unwrap();

    // No schema file beside the forms either: nothing the copy could point to.
    let (code, out, err) = run_cli(&["check", "--no-manifest", "forms"], p.path());
    assert_eq!(code, 0, "{out}{err}");
    assert!(!out.contains("schema-path"), "{out}");

    std::fs::write(p.forms().join("form-definition.schema.json"), "{}").unwrap();
    let (code, out, err) = run_cli(&["check", "--no-manifest", "forms"], p.path());
    assert_eq!(code, 0, "a warning: {out}{err}");
    assert!(
        out.contains(
            "warning[schema-path]: `$schema` `./form-definition.schema.json` names no file \
             relative to this file"
        ),
        "{out}"
    );
    let (_, out, _) = run_cli(
        &["check", "--format", "json", "--no-manifest", "forms"],
        p.path(),
    );
    let d = diagnostics_of(&out, "archive/testantrag@0.5.0.json");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0]["code"], "schema-path");
    assert_eq!(d[0]["severity"], "warning");
    assert_eq!(d[0]["pointer"], "/$schema");
    let hint = d[0]["hint"].as_str().unwrap();
    assert!(
        hint.contains("write `\"$schema\": \"../form-definition.schema.json\"`"),
        "{hint}"
    );
    // The current form's path is right where it is.
    assert!(diagnostics_of(&out, "forms/testantrag.json").is_empty());

    // The path that works from the archive, and an address: no warning.
    for schema in [
        "../form-definition.schema.json",
        "https://example.org/form-definition.schema.json",
    ] {
        std::fs::write(
            &archived,
            test_form("0.5.0").replace("./form-definition.schema.json", schema),
        )
        .unwrap();
        let (code, out, err) = run_cli(&["check", "--no-manifest", "forms"], p.path());
        assert_eq!(code, 0, "{out}{err}");
        assert!(!out.contains("schema-path"), "{schema}: {out}");
        assert!(
            out.contains("ok: forms/archive/testantrag@0.5.0.json"),
            "{schema}: {out}"
        );
    }
}

/// `antrag check` judges relative date bounds on today's date (core's `check_source` alone has
/// no day and says nothing): bounds that leave no date to enter today are warned about.
#[test]
fn check_judges_relative_date_bounds_on_today() {
    let p = Project::new();
    let forms = p.forms();
    // Empty from a year before today on, whatever day the test runs: the latest date is fixed
    // in the past, the earliest is always ahead of today.
    let form = test_form("1.0.0").replace(
        r#"{"accept":"#,
        r#"{"type":"date","id":"reise","label":{"de":"Reise","en":"Journey"},"minDate":"today+1d","maxDate":"2020-01-01"},{"accept":"#,
    );
    assert!(
        form.contains("\"reise\""),
        "the date field was added: {form}"
    );
    std::fs::write(forms.join("testantrag.json"), form).unwrap();
    let (code, out, err) = run_cli(
        &[
            "check",
            "--format",
            "json",
            "--no-manifest",
            forms.to_str().unwrap(),
        ],
        p.path(),
    );
    assert_eq!(code, 0, "a warning only: {out}{err}");
    let d = diagnostics_of(&out, "testantrag.json");
    let w: Vec<_> = d
        .iter()
        .filter(|d| d["code"] == "date-range-empty")
        .collect();
    assert_eq!(w.len(), 1, "{d:#?}");
    assert_eq!(w[0]["severity"], "warning");
    assert!(
        w[0]["message"]
            .as_str()
            .unwrap()
            .contains("no date can be entered"),
        "{}",
        w[0]["message"]
    );
}
