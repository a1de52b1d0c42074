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
