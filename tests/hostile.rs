//! Hostile shapes and operational errors: each input is read to the end,
//! what cannot be read is a `VL901` naming why, the rest is still checked,
//! and one bad file never stops the others. (Linear time on these shapes is
//! measured by `bench/hostile.sh`, not by timing tests.)

mod common;

use std::fmt::Write as _;
use std::path::Path;

use serde_json::Value;

fn check(dir: &Path, args: &[&str]) -> (Value, std::process::Output) {
    let mut all = vec!["check", "--no-progress", "--format", "json"];
    all.extend_from_slice(args);
    let out = common::run_in(dir, &all, None, &[]);
    let stderr = common::stderr(&out);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    (report, out)
}

/// [`check`], killed after `limit`: a shape that takes quadratic time fails
/// here instead of hanging the test run.
fn check_within(dir: &Path, args: &[&str], limit: std::time::Duration) -> (Value, std::process::Output) {
    use std::process::{Command, Stdio};
    let mut cmd = Command::new(common::bin());
    cmd.args(["check", "--no-progress", "--format", "json"])
        .args(args)
        .current_dir(dir)
        .env("LANG", "C")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("visiolint runs");
    let start = std::time::Instant::now();
    while child.try_wait().expect("waits").is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("not finished after {limit:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let out = child.wait_with_output().expect("visiolint finishes");
    let stderr = common::stderr(&out);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    (report, out)
}

fn messages_of(report: &Value, code: &str) -> Vec<String> {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().unwrap().clone())
        .filter(|d| d["code"] == code)
        .map(|d| d["message"].as_str().unwrap().to_owned())
        .collect()
}

fn meetings(report: &Value) -> usize {
    report["summary"]["meetings"].as_u64().unwrap() as usize
}

#[test]
fn an_8_mb_line_is_read_and_a_configured_limit_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let mut line = "mot ".repeat(2_000_000);
    line.push_str("https://cnrs.zoom.us/j/91234567890");
    std::fs::write(dir.path().join("long.txt"), &line).unwrap();
    let (report, out) = check(dir.path(), &["--isolated", "long.txt"]);
    assert_ne!(out.status.code(), Some(2));
    assert_eq!(meetings(&report), 1, "the link at the end of 8 MB is found");

    // A calendar line over a configured limit: VL901 names it, the next
    // event is still checked.
    let ics = format!(
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:1\r\nDESCRIPTION:{}\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:2\r\nLOCATION:https://cnrs.zoom.us/j/92345678901\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        "x".repeat(50_000)
    );
    std::fs::write(dir.path().join("agenda.ics"), ics).unwrap();
    std::fs::write(dir.path().join("visiolint.toml"), "[limits]\nmax-line-length = 1000\n").unwrap();
    let (report, _) = check(dir.path(), &["agenda.ics"]);
    let limits = messages_of(&report, "VL901");
    assert!(limits.iter().any(|m| m.contains("max-line-length")), "{limits:?}");
    assert_eq!(meetings(&report), 1);
}

#[test]
fn many_folded_lines_and_links_stop_at_the_link_limit() {
    let dir = tempfile::tempdir().unwrap();
    let mut ics = String::from("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:folds\r\nDESCRIPTION:start");
    for i in 0..50_000 {
        write!(ics, "\r\n suite {i} https://zoom.us/j/{:09}", 100_000_000 + i).unwrap();
    }
    ics.push_str("\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
    std::fs::write(dir.path().join("folds.ics"), ics).unwrap();
    let (report, out) = check(dir.path(), &["--isolated", "folds.ics"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(meetings(&report), 1000, "the default max-links");
    assert!(messages_of(&report, "VL901").iter().any(|m| m.contains("max-links")));
}

#[test]
fn mime_bombs_are_cut_at_the_part_and_depth_limits() {
    let dir = tempfile::tempdir().unwrap();
    // 20,000 parts.
    let mut parts = String::from(
        "From: a@labo.fr\r\nTo: b@labo.fr\r\nSubject: parts\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n",
    );
    for i in 0..20_000 {
        write!(parts, "--B\r\nContent-Type: text/plain\r\n\r\npart {i}\r\n").unwrap();
    }
    parts.push_str("--B--\r\n");
    std::fs::write(dir.path().join("parts.eml"), parts).unwrap();
    // 3,000 nested multiparts, a link at the bottom.
    let depth = 3000;
    let mut nested = String::from(
        "From: a@labo.fr\r\nTo: b@labo.fr\r\nSubject: nested\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b0\r\n\r\n",
    );
    for i in 1..depth {
        write!(
            nested,
            "--b{}\r\nContent-Type: multipart/mixed; boundary=b{i}\r\n\r\n",
            i - 1
        )
        .unwrap();
    }
    write!(
        nested,
        "--b{}\r\nContent-Type: text/plain\r\n\r\nhttps://cnrs.zoom.us/j/91234567890\r\n",
        depth - 1
    )
    .unwrap();
    for i in (0..depth).rev() {
        write!(nested, "--b{i}--\r\n").unwrap();
    }
    std::fs::write(dir.path().join("nested.eml"), nested).unwrap();
    // And an ordinary invitation next to them.
    std::fs::copy(common::fixture("invitations/zoom-en.eml"), dir.path().join("ok.eml")).unwrap();

    let (report, out) = check(dir.path(), &["--isolated", "."]);
    assert_ne!(out.status.code(), Some(2));
    let limits = messages_of(&report, "VL901").join("\n");
    assert!(limits.contains("max-mime-parts"), "{limits}");
    assert!(limits.contains("max-mime-depth"), "{limits}");
    assert_eq!(report["files"].as_array().unwrap().len(), 3);
    let ok = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("ok.eml"))
        .unwrap();
    assert_eq!(
        ok["invitations"][0]["meetings"][0]["platform"], "zoom",
        "the other files are checked"
    );
}

#[test]
fn a_line_full_of_suppression_directives() {
    // 3.3 MB of `visiolint: ` on one line, then 2.5 MB of directives with
    // codes: each directive reads a bounded window after it, not the rest of
    // its line (that was quadratic: about 400 s for 3 MB in release).
    let dir = tempfile::tempdir().unwrap();
    let mut text = "visiolint: ".repeat(300_000);
    text.push_str("https://cnrs.zoom.us/j/91234567890\n");
    text.push_str(&"<!-- visiolint: ignore[VL999] --> ".repeat(75_000));
    text.push_str("https://cnrs.zoom.us/j/92345678901\n");
    std::fs::write(dir.path().join("directives.md"), text).unwrap();
    let (report, out) = check_within(
        dir.path(),
        &["--isolated", "directives.md"],
        std::time::Duration::from_secs(60),
    );
    assert_ne!(out.status.code(), Some(2), "{}", common::stderr(&out));
    assert_eq!(meetings(&report), 2);
}

#[test]
fn deeply_nested_html_and_stray_brackets() {
    let dir = tempfile::tempdir().unwrap();
    let page = format!(
        "{}Code secret : 482913 https://cnrs.zoom.us/j/91234567890{}",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    std::fs::write(dir.path().join("nested.html"), page).unwrap();
    std::fs::write(dir.path().join("brackets.html"), "<a href=\"x".repeat(100_000)).unwrap();
    std::fs::write(dir.path().join("entities.html"), "&#".repeat(500_000)).unwrap();
    let (report, out) = check(dir.path(), &["--isolated", "."]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        messages_of(&report, "VL302").len(),
        1,
        "the passcode under 100,000 tags"
    );
}

#[test]
fn odd_mailboxes_charsets_and_encodings() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("from-only.mbox"),
        "From a@x Mon Jan  1 00:00:00 2024\n\n".repeat(50_000),
    )
    .unwrap();
    // Bytes that are not UTF-8 (but no NUL): read as Windows-1252.
    let mut noise: Vec<u8> = b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:".to_vec();
    noise.extend((0..200_000u32).map(|i| 0x80 + (i.wrapping_mul(2_654_435_761) % 0x7f) as u8));
    noise.extend_from_slice(b"\r\nLOCATION:https://cnrs.zoom.us/j/91234567890\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
    std::fs::write(dir.path().join("latin.ics"), noise).unwrap();
    // UTF-16 with a BOM.
    let utf16: Vec<u8> = std::iter::once(0xFEFFu16)
        .chain("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nLOCATION:https://meet.google.com/abc-defg-hij\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n".encode_utf16())
        .flat_map(u16::to_le_bytes)
        .collect();
    std::fs::write(dir.path().join("utf16.ics"), utf16).unwrap();
    std::fs::write(
        dir.path().join("charset.eml"),
        "From: a@labo.fr\r\nSubject: x\r\nContent-Type: text/plain; charset=x-klingon\r\n\r\nhttps://cnrs.zoom.us/j/91234567890\r\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("base64.eml"),
        format!(
            "From: a@labo.fr\r\nSubject: x\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n{}{}\r\n",
            "aHR0cHM6Ly9jbnJzLnpvb20udXMvai85MTIzNDU2Nzg5MA==",
            "!!!@@@###".repeat(10_000)
        ),
    )
    .unwrap();
    let (report, out) = check(dir.path(), &["--isolated", "."]);
    assert_ne!(out.status.code(), Some(2), "{}", common::stderr(&out));
    let by_file = |suffix: &str| {
        report["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(suffix))
            .unwrap_or_else(|| panic!("{suffix} reported"))
            .clone()
    };
    assert_eq!(by_file("from-only.mbox")["invitations"].as_array().unwrap().len(), 0);
    for (file, platform) in [
        ("latin.ics", "zoom"),
        ("utf16.ics", "google-meet"),
        ("charset.eml", "zoom"),
        ("base64.eml", "zoom"),
    ] {
        assert_eq!(
            by_file(file)["invitations"][0]["meetings"][0]["platform"],
            platform,
            "{file}"
        );
    }
    let charset = by_file("charset.eml");
    assert!(
        charset["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["message"].as_str().unwrap().contains("x-klingon"))
    );
}

#[cfg(unix)]
#[test]
fn operational_errors_are_clear_and_do_not_stop_the_others() {
    use std::os::unix::ffi::OsStrExt;

    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::write(site.join("ok.txt"), "Rejoindre https://cnrs.zoom.us/j/91234567890\n").unwrap();
    // A loop through a symbolic link, a dangling link, a non-UTF-8 name.
    std::os::unix::fs::symlink("..", site.join("loop")).unwrap();
    std::os::unix::fs::symlink("nowhere.txt", site.join("dangling.txt")).unwrap();
    let odd = site.join(std::ffi::OsStr::from_bytes(b"r\xe9union.txt"));
    std::fs::write(&odd, "https://meet.jit.si/Labo\n").unwrap();

    let (report, out) = check(dir.path(), &["--isolated", "site", "missing.ics"]);
    assert_eq!(out.status.code(), Some(2), "operational errors make exit 2");
    let stderr = common::stderr(&out);
    assert!(stderr.contains("missing.ics: no such file or directory"), "{stderr}");
    assert!(stderr.contains("symbolic link loop"), "{stderr}");
    assert!(stderr.contains("dangling.txt"), "{stderr}");
    let paths: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(paths.iter().any(|p| p.ends_with("ok.txt")), "{paths:?}");
    assert!(
        paths.iter().any(|p| p.contains("union.txt")),
        "a non-UTF-8 name is checked and shown: {paths:?}"
    );
    assert_eq!(meetings(&report), 2);
}

/// Phrases of VL401-VL403 and sensitivity keywords repeated without a
/// sentence end: each looks at a bounded window around it, and the chat
/// phrases are found once per text. (680 KB of the first shape took 116 s
/// when each recording phrase rescanned the text and its "sentence" was the
/// whole text; a second or so now, in a debug build.)
#[test]
fn repeated_phrases_without_sentence_ends() {
    let dir = tempfile::tempdir().unwrap();
    let zoom = "https://cnrs.zoom.us/j/91234567890?pwd=abc\n";
    let shapes = [
        ("recording.txt", "la séance sera enregistrée sans ", "VL401", true),
        ("negated.txt", "sans la séance sera enregistrée ", "VL401", false),
        ("chat.txt", "le tchat sera enregistré sans ", "VL402", false),
        ("client.txt", "installez le client sans ", "VL403", false),
        ("disclaimer.txt", "brevet intended only ", "VL101", false),
    ];
    for (name, unit, _, _) in shapes {
        std::fs::write(dir.path().join(name), format!("{zoom}{}", unit.repeat(20_000))).unwrap();
    }
    let (report, _) = check_within(dir.path(), &["--isolated", "."], std::time::Duration::from_secs(120));
    for (name, _, code, fires) in shapes {
        let file = report["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name} reported"));
        let codes: Vec<&str> = file["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap())
            .collect();
        assert_eq!(codes.contains(&code), fires, "{name}: {codes:?}");
    }
}

/// Attendee lines full of the first letters of the words that change a
/// count ("Gro", "Roo", "Res", "Non", "X-N"): none is taken for such a
/// word (past eight of them a line's parameters are walked), the people
/// are counted, and a real `CUTYPE=GROUP` still makes the count a lower
/// bound.
#[test]
fn attendee_lines_full_of_counting_word_look_alikes() {
    let dir = tempfile::tempdir().unwrap();
    let mut ics = String::from(
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nLOCATION:https://bbb.univ-exemple.fr/b/abc-def-ghi\r\n",
    );
    for i in 0..20_000 {
        let _ = write!(
            ics,
            "ATTENDEE;ROLE=REQ-PARTICIPANT;CN=Gro Roo Res Non X-N {}:mailto:p{i}@x.fr\r\n",
            "RooGro".repeat(10)
        );
    }
    ics.push_str("ATTENDEE;CN=");
    ics.push_str(&"GroRooResNonX-N".repeat(100_000));
    ics.push_str(":mailto:long@x.fr\r\nEND:VEVENT\r\n");
    ics.push_str("BEGIN:VEVENT\r\nUID:b\r\nATTENDEE;CN=Roo:mailto:a@x.fr\r\n");
    ics.push_str("ATTENDEE;CN=Gro;cutype=group:mailto:liste@x.fr\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
    std::fs::write(dir.path().join("people.ics"), ics).unwrap();
    let (report, _) = check_within(
        dir.path(),
        &["--isolated", "people.ics"],
        std::time::Duration::from_secs(120),
    );
    let invitations = report["files"][0]["invitations"].as_array().unwrap();
    assert_eq!(
        invitations[0]["attendance"],
        serde_json::json!({"count": 20_001, "exact": true})
    );
    assert_eq!(
        invitations[1]["attendance"],
        serde_json::json!({"count": 2, "exact": false})
    );
}
