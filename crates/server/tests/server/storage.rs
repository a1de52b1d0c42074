use crate::support::*;
use serde_json::json;

#[test]
fn a_201_survives_a_killed_process() {
    let p = Project::new();
    let s = Server::start(&p, true, &[]);
    let env = envelope("1.0.0", valid_data());
    let r = s.post_json("testantrag", &env);
    assert_eq!(r.status, 201, "{}", r.text());
    let reference = r.json()["reference"].as_str().unwrap().to_string();
    s.kill(); // SIGKILL: no shutdown, no checkpoint

    // The database file itself has the row (WAL included).
    let conn = rusqlite::Connection::open(p.data().join("antrag.sqlite3")).unwrap();
    let (sid, data): (String, String) = conn
        .query_row(
            "SELECT submission_id, data FROM submissions WHERE reference = ?1",
            [&reference],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(sid, env["submissionId"].as_str().unwrap());
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&data).unwrap(),
        env["data"]
    );
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    drop(conn);

    // A restarted server has it, and still knows the submission id.
    let s = Server::start(&p, true, &[]);
    assert_eq!(
        s.get_auth(&format!("/api/submissions/{reference}")).status,
        200
    );
    let again = s.post_json("testantrag", &env);
    assert_eq!(again.json()["reference"], reference);
}

#[test]
fn csv_export_quotes_and_defuses_cells() {
    let p = Project::new();
    let s = Server::start(&p, true, &[]);
    let names = [
        "=HYPERLINK(\"http://x\")",
        "Müller, \"Hans\"",
        "zwei\nZeilen",
        "+49 361 123",
        "@SUM(1)",
        "-2",
    ];
    for n in names {
        let mut data = valid_data();
        data["name"] = json!(n);
        let r = s.post_json("testantrag", &envelope("1.0.0", data));
        assert_eq!(r.status, 201, "{}", r.text());
    }
    let r = s.get_auth("/api/forms/testantrag/submissions.csv");
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").unwrap().starts_with("text/csv"));
    let text = r.text();
    let text = text.trim_start_matches('\u{feff}');
    let header = text.split("\r\n").next().unwrap();
    assert!(
        header.starts_with("reference,formVersion,submissionId,submittedAt,receivedAt,locale"),
        "{header}"
    );
    for col in ["name", "kontakt.email", "farbe"] {
        assert!(header.split(',').any(|c| c == col), "{header}");
    }
    let has_cell =
        |c: &str| text.contains(&format!(",{c},")) || text.contains(&format!(",{c}\r\n"));
    for c in [
        "\"'=HYPERLINK(\"\"http://x\"\")\"",
        "\"Müller, \"\"Hans\"\"\"",
        "\"zwei\nZeilen\"",
        "'+49 361 123",
        "'@SUM(1)",
        "'-2",
        "erika@example.org",
    ] {
        assert!(has_cell(c), "{c} in {text}");
    }
    // 6 submissions + header, each line ends with CRLF (one cell holds a bare \n).
    assert_eq!(text.matches("\r\n").count(), 7);
}

#[test]
fn forms_are_picked_up_without_restart_and_old_versions_kept() {
    let p = Project::new();
    let s = Server::start(&p, true, &[]);
    // A form added while running becomes submittable.
    let new_form = test_form("1.0.0").replace("testantrag", "neuantrag");
    let mut env = envelope("1.0.0", valid_data());
    env["form"]["id"] = json!("neuantrag");
    assert_eq!(s.post_json("neuantrag", &env).status, 404);
    std::fs::write(p.forms().join("neuantrag.json"), new_form).unwrap();
    let mut env = envelope("1.0.0", valid_data());
    env["form"]["id"] = json!("neuantrag");
    let r = s.post_json("neuantrag", &env);
    assert_eq!(r.status, 201, "{}", r.text());
    assert!(r.json()["reference"].as_str().unwrap().starts_with("TA-"));

    // A new version: the new one and (within the grace period) the old one are accepted.
    std::fs::write(p.forms().join("testantrag.json"), test_form("1.1.0")).unwrap();
    // make sure the mtime/size changes are seen even on coarse file systems
    assert_eq!(
        s.post_json("testantrag", &envelope("1.1.0", valid_data()))
            .status,
        201
    );
    assert_eq!(
        s.post_json("testantrag", &envelope("1.0.0", valid_data()))
            .status,
        201
    );
    assert_eq!(
        s.post_json("testantrag", &envelope("0.5.0", valid_data()))
            .status,
        422
    );
    // An archived version is accepted.
    std::fs::create_dir_all(p.forms().join("archive")).unwrap();
    std::fs::write(
        p.forms().join("archive/testantrag@0.5.0.json"),
        test_form("0.5.0"),
    )
    .unwrap();
    assert_eq!(
        s.post_json("testantrag", &envelope("0.5.0", valid_data()))
            .status,
        201
    );

    // Removing the file withdraws the form.
    std::fs::remove_file(p.forms().join("testantrag.json")).unwrap();
    assert_eq!(
        s.post_json("testantrag", &envelope("1.1.0", valid_data()))
            .status,
        404
    );
    drop(s);

    // Without a grace period only the current (and archived) versions are accepted.
    std::fs::write(p.forms().join("testantrag.json"), test_form("2.0.0")).unwrap();
    let s = Server::start(&p, true, &["--version-grace-days", "0"]);
    let r = s.post_json("testantrag", &envelope("1.1.0", valid_data()));
    assert_eq!(r.status, 422, "{}", r.text());
    assert_eq!(r.json()["currentVersion"], "2.0.0");
    assert_eq!(
        s.post_json("testantrag", &envelope("2.0.0", valid_data()))
            .status,
        201
    );
    assert_eq!(
        s.post_json("testantrag", &envelope("0.5.0", valid_data()))
            .status,
        201
    );
}

#[test]
fn a_form_with_errors_is_unavailable_not_a_crash() {
    let p = Project::new();
    let s = Server::start(&p, false, &[]);
    std::fs::write(
        p.forms().join("testantrag.json"),
        "{ \"id\": \"testantrag\", ",
    )
    .unwrap();
    let r = s.post_json("testantrag", &envelope("1.0.0", valid_data()));
    // 1.0.0 was seen before the file broke: still accepted from the stored copy.
    assert_eq!(r.status, 201, "{}", r.text());
    let r = s.post_json("testantrag", &envelope("3.0.0", valid_data()));
    assert_eq!(r.status, 503, "{}", r.text());
    assert_eq!(r.json()["error"], "form_unavailable");
}
