//! Batch audits: results do not depend on threads or on where a large file
//! is cut into batches; `--statistics`; no progress bar in piped output.

mod common;

use std::fmt::Write as _;

/// A calendar of many events of every kind, built from the fixtures.
fn big_calendar(events: usize) -> String {
    let sources = [
        "zoom-fr.ics",
        "teams-legacy-fr.ics",
        "meet-google.ics",
        "calendar-export.ics",
        "rendez-vous-fr.ics",
    ];
    let mut bodies = Vec::new();
    for name in sources {
        let text = std::fs::read_to_string(common::fixture(&format!("invitations/{name}"))).unwrap();
        let mut rest = text.as_str();
        while let Some(start) = rest.find("BEGIN:VEVENT") {
            let end = rest[start..]
                .find("END:VEVENT")
                .map(|e| start + e + "END:VEVENT\r\n".len())
                .unwrap();
            bodies.push(rest[start..end.min(rest.len())].to_owned());
            rest = &rest[end.min(rest.len())..];
        }
    }
    let mut out = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//visiolint tests//FR\r\n");
    for i in 0..events {
        let body = &bodies[i % bodies.len()];
        // Distinct UIDs, and now and then a sensitive title or a broken line.
        let mut event = body.replacen("UID:", &format!("UID:{i}-"), 1);
        if i % 7 == 0 {
            event = event.replacen("SUMMARY:", "SUMMARY:Brevet - ", 1);
        }
        if i == events * 2 / 3 {
            // Far beyond the head of the file: not file-wide, whatever the
            // batch it falls in.
            event = event.replacen("SUMMARY:", "SUMMARY:visiolint: ignore-file[VL101] ", 1);
        }
        if i % 11 == 0 {
            event = event.replacen("END:VEVENT", "a raw line inside the event\r\nEND:VEVENT", 1);
        }
        write!(out, "{event}").unwrap();
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}

#[test]
fn results_do_not_depend_on_threads_or_batches() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("agenda.ics");
    std::fs::write(&path, big_calendar(1500)).unwrap();
    assert!(
        std::fs::metadata(&path).unwrap().len() > 2 * 1024 * 1024,
        "several batches"
    );
    let path = path.to_str().unwrap();
    let run = |threads: &str, batch: &str| {
        let out = common::run_in(
            dir.path(),
            &[
                "check",
                "--isolated",
                "--no-progress",
                "--format",
                "json",
                "--threads",
                threads,
                path,
            ],
            None,
            &[("VISIOLINT_BATCH_BYTES", batch)],
        );
        assert_eq!(out.status.code(), Some(1), "{}", common::stderr(&out));
        out.stdout
    };
    let reference = run("1", "262144");
    let report: serde_json::Value = serde_json::from_slice(&reference).unwrap();
    assert_eq!(report["summary"]["invitations"], 1500);
    assert!(report["summary"]["by_code"]["VL901"].as_u64().unwrap() > 100);
    assert!(report["summary"]["by_code"]["VL101"].as_u64().unwrap() > 10);
    assert_eq!(run("2", "262144"), reference, "parallel = sequential");
    assert_eq!(
        run("2", "3000"),
        reference,
        "tiny batches, parallel = one thread, default batches"
    );
    assert_eq!(run("1", "1"), reference, "one event per batch");
    assert_eq!(run("3", "20000"), reference, "three threads, windows of 24 batches");
}

#[test]
fn statistics_summarise_an_audit() {
    let path = common::fixture("invitations");
    let out = common::run(
        &[
            "check",
            "--isolated",
            "--statistics",
            "--lang",
            "fr",
            path.to_str().unwrap(),
        ],
        None,
    );
    let text = common::stdout(&out);
    for heading in [
        "Statistiques",
        "Réunions par plateforme",
        "Sensibilité des invitations",
        "Constats par règle",
        "Hôtes les plus fréquents",
    ] {
        assert!(text.contains(heading), "{heading} in\n{text}");
    }
    assert!(text.contains("cnrs.zoom.us"));
    assert!(text.contains("VL104 zoom-small-meeting"));
    let (report, _) = common::json(&[path.to_str().unwrap()], None);
    let summary = &report["summary"];
    assert!(summary["by_platform"]["zoom"].as_u64().unwrap() >= 5);
    assert!(summary["by_host"]["cnrs.zoom.us"].as_u64().unwrap() >= 3);
    assert!(summary["by_level"]["non-sensitive"].as_u64().unwrap() >= 20);
}

#[test]
fn a_progress_bar_on_a_terminal_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("agenda.ics");
    std::fs::write(&path, big_calendar(12_000)).unwrap();
    let path = path.to_str().unwrap();
    let out = common::run_in(
        dir.path(),
        &["check", "--isolated", "--format", "json", path],
        None,
        &[],
    );
    assert!(common::stderr(&out).is_empty(), "{}", common::stderr(&out));
    let _: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is pure JSON");

    // On a terminal (util-linux `script` gives one), the bar is drawn on
    // stderr while stdout still gets the report alone.
    let has_script = std::process::Command::new("script").arg("--version").output().is_ok();
    if !has_script {
        eprintln!("no `script` command: the terminal case is not checked");
        return;
    }
    let report = dir.path().join("report.json");
    let on_terminal = |extra: &str| {
        let command = format!(
            "{} check --isolated {extra} --format json {path} > {}",
            common::bin(),
            report.display()
        );
        let tty = std::process::Command::new("script")
            .args(["-qec", &command, "/dev/null"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        let _: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&report).unwrap()).expect("the report is pure JSON");
        String::from_utf8_lossy(&tty.stdout).into_owned()
    };
    let screen = on_terminal("");
    assert!(
        screen.contains("invitations") && screen.contains("/s"),
        "a progress bar was drawn:\n{screen}"
    );
    let quiet = on_terminal("--no-progress");
    assert!(!quiet.contains("invitations"), "--no-progress draws nothing:\n{quiet}");
}
