//! The command line as a user runs it: exit statuses, commands, languages,
//! configuration, the JSON contract, secrets.

mod common;

use std::path::Path;

use common::{codes, fixture, json, run, run_in, stderr, stdout};

fn path(rel: &str) -> String {
    fixture(rel).to_str().unwrap().to_owned()
}

const CLEAN_BBB: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:clean-1\r\nSUMMARY:Réunion d'équipe\r\nLOCATION:https://bbb.univ-exemple.fr/b/mar-x7k-p2q\r\nORGANIZER:mailto:a@labo-exemple.fr\r\nATTENDEE:mailto:b@labo-exemple.fr\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

const ZOOM_NO_PASSCODE: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:zoom-1\r\nSUMMARY:Séminaire\r\nLOCATION:https://cnrs.zoom.us/j/91234567890\r\nDESCRIPTION:Environ 200 participants attendus.\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

#[test]
fn exit_status_follows_the_findings_and_fail_on() {
    let clean = run(
        &["check", "--isolated", "--stdin-format", "ics", "-"],
        Some(CLEAN_BBB.as_bytes()),
    );
    assert_eq!(clean.status.code(), Some(0), "{}", stdout(&clean));

    let error = run(
        &["check", "--isolated", "--stdin-format", "ics", "-"],
        Some(ZOOM_NO_PASSCODE.as_bytes()),
    );
    assert_eq!(error.status.code(), Some(1));
    assert!(stdout(&error).contains("VL301"));

    let zero = run(
        &["check", "--isolated", "--exit-zero", "--stdin-format", "ics", "-"],
        Some(ZOOM_NO_PASSCODE.as_bytes()),
    );
    assert_eq!(zero.status.code(), Some(0));

    // Only warnings (Zoom for 6 people): 0 by default, 1 with --fail-on warning.
    let warnings = run(&["check", "--isolated", &path("invitations/zoom-fr.ics")], None);
    assert_eq!(warnings.status.code(), Some(0), "{}", stdout(&warnings));
    let strict = run(
        &[
            "check",
            "--isolated",
            "--fail-on",
            "warning",
            &path("invitations/zoom-fr.ics"),
        ],
        None,
    );
    assert_eq!(strict.status.code(), Some(1));
}

#[test]
fn a_missing_path_is_exit_2_and_the_other_files_are_still_checked() {
    let (report, out) = json(&["/no/such/file.ics", &path("invitations/zoom-fr.ics")], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("/no/such/file.ics: no such file or directory"),
        "{}",
        stderr(&out)
    );
    assert_eq!(report["files"].as_array().unwrap().len(), 1);
    assert_eq!(report["files"][0]["invitations"][0]["meetings"][0]["platform"], "zoom");
}

#[test]
fn bad_usage_is_exit_2() {
    assert_eq!(run(&["check", "--format", "xml", "x.ics"], None).status.code(), Some(2));
    let unknown = run(&["check", "--select", "VL999", &path("invitations/zoom-fr.ics")], None);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("VL999"));
    let typo = run(&["explain", "published-acces-code"], None);
    assert_eq!(typo.status.code(), Some(2));
    assert!(
        stderr(&typo).contains("did you mean `published-access-code`?"),
        "{}",
        stderr(&typo)
    );
}

#[test]
fn bad_option_values_are_usage_errors() {
    for args in [
        &["check", "--fail-on", "loud", "-"][..],
        &["check", "--sensitivity", "secret", "-"],
        &["check", "--stdin-format", "pdf", "-"],
        &["--lang", "de", "rules"],
    ] {
        let out = run(args, Some(ZOOM_NO_PASSCODE.as_bytes()));
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains("invalid value"), "{args:?}: {}", stderr(&out));
    }
    let info = run(
        &["check", "--isolated", "--fail-on", "info", "--stdin-format", "ics", "-"],
        Some(CLEAN_BBB.as_bytes()),
    );
    assert_eq!(info.status.code(), Some(0), "{}", stdout(&info));
}

#[test]
fn a_command_after_global_options_runs_that_command() {
    let rules = run(&["--lang", "fr", "rules"], None);
    assert_eq!(rules.status.code(), Some(0), "{}", stderr(&rules));
    assert!(stdout(&rules).starts_with("code    nom"), "{}", stdout(&rules));
    assert_eq!(stdout(&rules).lines().count(), 18);
    let explain = run(&["--lang", "en", "explain", "VL302"], None);
    assert!(stdout(&explain).contains("## Why is this bad?"), "{}", stderr(&explain));
    let policy = run(&["--isolated", "policy"], None);
    assert!(stdout(&policy).contains("capacity = 150"), "{}", stderr(&policy));
    // An option's value named like a command is still a value.
    let out = run(
        &[
            "--isolated",
            "--format",
            "json",
            "--lang",
            "en",
            &path("invitations/zoom-fr.ics"),
        ],
        None,
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["files"][0]["format"], "ics");
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_can_be_checked() {
    use std::os::unix::ffi::OsStrExt;

    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"r\xe9union.ics");
    std::fs::write(dir.path().join(name), ZOOM_NO_PASSCODE).unwrap();
    let out = std::process::Command::new(common::bin())
        .args([
            "check".as_ref(),
            "--isolated".as_ref(),
            "--format".as_ref(),
            "json".as_ref(),
            name,
        ])
        .current_dir(dir.path())
        .env("LANG", "C")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["files"][0]["path"], "r\u{fffd}union.ics", "shown lossily");
    assert!(codes(&report).contains(&"VL301".to_owned()));
    // Without `check` too.
    let out = std::process::Command::new(common::bin())
        .args(["--isolated".as_ref(), name])
        .current_dir(dir.path())
        .env("LANG", "C")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

#[test]
fn check_is_the_default_command() {
    let out = run(
        &["--isolated", "--format", "json", &path("invitations/zoom-fr.ics")],
        None,
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["files"][0]["format"], "ics");
}

#[test]
fn the_json_report_has_every_field_of_the_contract() {
    let (report, _) = json(&[&path("invitations/zoom-fr.ics")], None);
    assert_eq!(report["version"], 1);
    let file = &report["files"][0];
    for key in ["path", "format", "published", "invitations", "diagnostics"] {
        assert!(file.get(key).is_some(), "files[].{key}");
    }
    let inv = &file["invitations"][0];
    for key in ["id", "summary", "line", "meetings", "attendance", "sensitivity"] {
        assert!(inv.get(key).is_some(), "invitations[].{key}");
    }
    let meeting = &inv["meetings"][0];
    for key in [
        "platform",
        "host",
        "url",
        "meeting_id",
        "has_password",
        "credentials",
        "line",
        "column",
    ] {
        assert!(meeting.get(key).is_some(), "meetings[].{key}");
    }
    for key in ["kind", "line", "column"] {
        assert!(meeting["credentials"][0].get(key).is_some(), "credentials[].{key}");
    }
    assert!(inv["attendance"].get("count").is_some() && inv["attendance"].get("exact").is_some());
    assert!(inv["sensitivity"].get("level").is_some() && inv["sensitivity"].get("reasons").is_some());
    let d = &file["diagnostics"][0];
    for key in [
        "code",
        "name",
        "severity",
        "line",
        "column",
        "end_line",
        "end_column",
        "message",
        "help",
        "fixable",
    ] {
        assert!(d.get(key).is_some(), "diagnostics[].{key}");
    }
    for key in [
        "files",
        "invitations",
        "meetings",
        "errors",
        "warnings",
        "infos",
        "by_platform",
        "by_code",
    ] {
        assert!(report["summary"].get(key).is_some(), "summary.{key}");
    }
    assert_eq!(report["summary"]["by_platform"]["zoom"], 1);
    assert!(inv["id"].as_str().is_some_and(|id| id.len() > 10), "the UID");
}

#[test]
fn secrets_never_reach_any_output_unless_asked() {
    let file = path("invitations/zoom-fr.ics");
    let bytes = std::fs::read_to_string(&file).unwrap();
    // The pwd= token of the URL and the numeric passcode.
    let pwd = bytes.split("pwd=").nth(1).unwrap().chars().take(12).collect::<String>();
    let passcode = "482913";
    assert!(bytes.contains(passcode));
    for format in ["text", "concise", "json", "sarif", "github"] {
        let out = run(
            &[
                "check",
                "--isolated",
                "--public",
                "--format",
                format,
                "--show-meetings",
                &file,
            ],
            None,
        );
        let text = stdout(&out) + &stderr(&out);
        assert!(!text.contains(&pwd), "{format} output leaks the pwd= value:\n{text}");
        assert!(!text.contains(passcode), "{format} output leaks the passcode:\n{text}");
        assert!(text.contains("VL302"), "{format}: published passcode reported");
    }
    let (report, _) = json(&["--show-secrets", &file], None);
    let shown = serde_json::to_string(&report).unwrap();
    assert!(
        shown.contains(passcode) && shown.contains(&pwd),
        "--show-secrets shows them"
    );
}

#[test]
fn messages_follow_lang_and_the_locale() {
    let fr = run_in(
        &common::root(),
        &["check", "--isolated", &path("invitations/zoom-no-passcode.ics")],
        None,
        &[("LANG", "fr_FR.UTF-8")],
    );
    assert!(stdout(&fr).contains("sans mot de passe d'accès"), "{}", stdout(&fr));
    assert!(stdout(&fr).contains("erreur[VL301"));
    let en = run(
        &[
            "check",
            "--isolated",
            "--lang",
            "en",
            &path("invitations/zoom-no-passcode.ics"),
        ],
        None,
    );
    assert!(stdout(&en).contains("has no passcode"));
    let forced = run_in(
        &common::root(),
        &[
            "check",
            "--isolated",
            "--lang",
            "en",
            &path("invitations/zoom-no-passcode.ics"),
        ],
        None,
        &[("LC_ALL", "fr_FR.UTF-8")],
    );
    assert!(
        stdout(&forced).contains("has no passcode"),
        "--lang wins over the locale"
    );
}

#[test]
fn rules_and_explain() {
    let rules = stdout(&run(&["rules"], None));
    for code in ["VL101", "VL203", "VL302", "VL501", "VL901"] {
        assert!(rules.contains(code), "{code} listed");
    }
    assert_eq!(rules.lines().count(), 18, "a header and 17 rules");
    let en = stdout(&run(&["explain", "VL302", "--lang", "en"], None));
    assert!(en.contains("## Why is this bad?") && en.contains("Réflexe"), "{en}");
    let fr = stdout(&run(&["explain", "published-access-code", "--lang", "fr"], None));
    assert!(fr.contains("## Pourquoi est-ce un problème ?"));
    let unknown = run(&["explain", "VL000"], None);
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn policy_prints_the_effective_policy() {
    let out = run(&["policy", "--isolated"], None);
    let text = stdout(&out);
    assert!(text.contains("zoom_instances = [\"cnrs.zoom.us\"]"), "{text}");
    assert!(text.contains("capacity = 150"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("visiolint.toml"),
        "[policy]\nbbb_hosts = [\"visio.labo.fr\"]\n",
    )
    .unwrap();
    let merged = stdout(&run_in(dir.path(), &["policy"], None, &[]));
    assert!(merged.contains("visio.labo.fr"), "{merged}");
}

fn write(dir: &Path, name: &str, content: &str) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, content).unwrap();
}

#[test]
fn configuration_is_discovered_validated_and_can_be_ignored() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "agenda/zoom.ics", ZOOM_NO_PASSCODE);
    write(dir.path(), "visiolint.toml", "[rules]\nignore = [\"VL301\"]\n");
    let target = dir.path().join("agenda/zoom.ics");
    let target = target.to_str().unwrap();

    let configured = run_in(dir.path(), &["check", "--format", "json", target], None, &[]);
    let report: serde_json::Value = serde_json::from_slice(&configured.stdout).unwrap();
    assert!(
        !codes(&report).contains(&"VL301".to_owned()),
        "ignored by the discovered config"
    );

    let isolated = run_in(
        dir.path(),
        &["check", "--isolated", "--format", "json", target],
        None,
        &[],
    );
    let report: serde_json::Value = serde_json::from_slice(&isolated.stdout).unwrap();
    assert!(codes(&report).contains(&"VL301".to_owned()), "--isolated ignores it");

    write(dir.path(), "visiolint.toml", "[rules]\nignor = [\"VL301\"]\n");
    let invalid = run_in(dir.path(), &["check", target], None, &[]);
    assert_eq!(invalid.status.code(), Some(2));
    let message = stderr(&invalid);
    assert!(message.contains("ignor") && message.contains("line 2"), "{message}");
}

#[test]
fn inline_and_per_path_suppressions() {
    let dir = tempfile::tempdir().unwrap();
    let page = "<p>Séminaire</p>\n<!-- visiolint: ignore[VL302] webinaire public -->\n<p>Code secret : 482913 <a href=\"https://cnrs.zoom.us/j/91234567890\">lien</a></p>\n<p>Mot de passe : Xyz12abCD</p>\n";
    write(dir.path(), "site/a.html", page);
    write(dir.path(), "archives/b.html", page);
    write(
        dir.path(),
        "visiolint.toml",
        "[rules.per-path-ignores]\n\"archives/**\" = [\"VL302\"]\n",
    );
    let out = run_in(dir.path(), &["check", "--format", "json", "."], None, &[]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = report["files"].as_array().unwrap();
    let file = |suffix: &str| {
        files
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(suffix))
            .unwrap()
    };
    let site: Vec<u64> = file("site/a.html")["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "VL302")
        .map(|d| d["line"].as_u64().unwrap())
        .collect();
    assert_eq!(
        site,
        vec![4],
        "line 3 is silenced by the comment above it, line 4 is not"
    );
    assert!(
        file("archives/b.html")["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["code"] != "VL302")
    );
}

#[cfg(unix)]
#[test]
fn fix_through_a_symbolic_link_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let page = "Séminaire : https://cnrs.zoom.us/j/91234567890?pwd=Tq8xWmZPa1VhR3NUY0ZQb3dJUT09\n";
    write(dir.path(), "shared/seminaire.md", page);
    std::fs::create_dir_all(dir.path().join("site")).unwrap();
    let link = dir.path().join("site/seminaire.md");
    std::os::unix::fs::symlink("../shared/seminaire.md", &link).unwrap();
    let out = run_in(
        dir.path(),
        &["check", "--isolated", "--fix", "--format", "json", "site"],
        None,
        &[],
    );
    assert_ne!(out.status.code(), Some(2), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["summary"]["fixed"], 1, "{report}");
    assert!(
        std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(),
        "the link is still a link"
    );
    let fixed = std::fs::read_to_string(dir.path().join("shared/seminaire.md")).unwrap();
    assert_eq!(fixed, "Séminaire : https://cnrs.zoom.us/j/91234567890\n");
}

#[test]
fn control_characters_from_the_input_never_reach_the_terminal() {
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:esc-1\r\nSUMMARY:Point \u{1b}]0;pwned\u{7}hebdo\u{9b}2J\r\nLOCATION:\u{1b}[31mSalle\u{1b}[0m\rB https://cnrs.zoom.us/j/91234567890\r\nDESCRIPTION:Environ 200 participants attendus.\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    for format in ["text", "concise", "github", "json", "sarif"] {
        let out = run(
            &[
                "check",
                "--isolated",
                "--show-meetings",
                "--statistics",
                "--color",
                "never",
                "--format",
                format,
                "--stdin-format",
                "ics",
                "-",
            ],
            Some(ics.as_bytes()),
        );
        let text = stdout(&out);
        assert_eq!(out.status.code(), Some(1), "{format}: {}", stderr(&out));
        for bad in ['\u{1b}', '\u{7}', '\r'] {
            assert!(!text.contains(bad), "{format}: raw {bad:?} in\n{text}");
        }
        if format != "json" && format != "sarif" {
            assert!(!text.contains('\u{9b}'), "{format}: raw CSI in\n{text}");
        }
    }
    let out = run(
        &[
            "check",
            "--isolated",
            "--show-meetings",
            "--color",
            "never",
            "--stdin-format",
            "ics",
            "-",
        ],
        Some(ics.as_bytes()),
    );
    let text = stdout(&out);
    assert!(
        text.contains("Point \\u{1b}]0;pwned\\u{7}hebdo\\u{9b}2J"),
        "the summary, escaped:\n{text}"
    );
    // The flagged line, escaped, and the marker under the link.
    let source = text
        .lines()
        .find(|l| l.contains("| LOCATION:"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        source.contains("LOCATION:\\u{1b}[31mSalle\\u{1b}[0m\\u{d}B https://"),
        "{source}"
    );
    let marker = text.lines().skip_while(|l| *l != source).nth(1).unwrap();
    let caret = marker.find('^').unwrap();
    assert_eq!(&source[caret..caret + 5], "https", "{source}\n{marker}");
}

#[test]
fn binary_and_malformed_inputs_are_findings_not_crashes() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "image.ics", "\u{0}\u{1}PNG\u{0}");
    write(
        dir.path(),
        "broken.ics",
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDESCRIPTION:Join Zoom\nhttps://zoom.us/j/91234567890?pwd=abc\nMeeting ID: 912 3456 7890\n",
    );
    let out = run_in(dir.path(), &["check", "--isolated", "--format", "json", "."], None, &[]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    for f in files {
        assert!(
            f["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["code"] == "VL901"),
            "{f}"
        );
    }
    let broken = files
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("broken.ics"))
        .unwrap();
    assert_eq!(
        broken["invitations"][0]["meetings"][0]["meeting_id"], "91234567890",
        "the rest is still read"
    );
}

#[test]
fn machine_formats_are_well_formed() {
    let file = path("invitations/zoom-no-passcode.ics");
    let sarif: serde_json::Value =
        serde_json::from_slice(&run(&["check", "--isolated", "--format", "sarif", &file], None).stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let run0 = &sarif["runs"][0];
    assert_eq!(run0["tool"]["driver"]["rules"].as_array().unwrap().len(), 17);
    let result = &run0["results"][0];
    assert_eq!(result["ruleId"], "VL301");
    assert_eq!(result["level"], "error");
    assert!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"]
            .as_u64()
            .unwrap()
            > 1
    );
    assert!(result["partialFingerprints"]["visiolint/v1"].as_str().unwrap().len() == 16);

    let github = stdout(&run(&["check", "--isolated", "--format", "github", &file], None));
    assert!(github.starts_with("::error file="), "{github}");
    assert!(github.contains(",title=VL301 missing-password::"));

    let concise = stdout(&run(&["check", "--isolated", "--format", "concise", &file], None));
    assert_eq!(concise.lines().count(), 1, "{concise}");
    assert!(concise.contains(":error[VL301] ") || concise.contains(": error[VL301] "));
}

#[test]
fn a_suppression_comment_with_an_unknown_code_is_a_warning_and_silences_nothing() {
    let page =
        "<p>Lien : https://cnrs.zoom.us/j/91234567890?pwd=aBcD1234efGH <!-- visiolint: ignore[VL320] typo --></p>\n";
    let out = run(
        &[
            "check",
            "--isolated",
            "--stdin-format",
            "html",
            "--stdin-filename",
            "site/index.html",
            "-",
        ],
        Some(page.as_bytes()),
    );
    assert_eq!(out.status.code(), Some(1), "the finding still fails the run");
    assert!(stdout(&out).contains("VL302"), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(
        err.contains("warning: site/index.html:1: unknown rule code 'VL320' (did you mean 'VL302'?)"),
        "{err}"
    );
    assert!(!err.contains("aBcD1234efGH"));

    let fr = run(
        &["check", "--isolated", "--lang", "fr", "--stdin-format", "html", "-"],
        Some(page.as_bytes()),
    );
    assert!(
        stderr(&fr).contains("code de règle inconnu « VL320 »"),
        "{}",
        stderr(&fr)
    );

    // Entries that are not codes are not repeated: they may be secrets.
    let pasted = "<p>https://cnrs.zoom.us/j/91234567890</p>\n\
        <!-- visiolint: ignore[pwd=Zx81kQ, 482913] -->\n\
        <!-- visiolint: ignore[VL302 webinaire, Code secret : 739104 -->\n";
    let out = run(
        &["check", "--isolated", "--stdin-format", "html", "-"],
        Some(pasted.as_bytes()),
    );
    let err = stderr(&out);
    assert_eq!(err.matches("an entry that is not a rule code").count(), 2, "{err}");
    assert_eq!(
        err.matches("a list without its `]`").count(),
        1,
        "one warning per unclosed list: {err}"
    );
    for secret in ["Zx81kQ", "482913", "739104"] {
        assert!(!err.contains(secret), "{secret} in {err}");
    }

    // A known code, a prefix and a name are not warned about.
    let known = page.replace("VL320", "VL302, VL3, published-access-code");
    let quiet = run(
        &["check", "--isolated", "--stdin-format", "html", "-"],
        Some(known.as_bytes()),
    );
    assert_eq!(quiet.status.code(), Some(0), "{}", stdout(&quiet));
    assert!(!stderr(&quiet).contains("warning"), "{}", stderr(&quiet));
}

#[test]
fn unknown_codes_are_warned_about_with_their_line_in_a_streamed_export() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("export.ics");
    let mut ics = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
    let event = |i: usize, extra: &str| {
        format!(
            "BEGIN:VEVENT\r\nUID:ev-{i}\r\nSUMMARY:Réunion {i}\r\nDESCRIPTION:Ordre du jour{extra}\r\nLOCATION:https://rendez-vous.renater.fr/reunion-{i}\r\nEND:VEVENT\r\n"
        )
    };
    let mut lines = 2;
    let mut directive_line = 0;
    for i in 0..20_000 {
        if i == 15_000 {
            directive_line = lines + 4;
            ics.push_str(&event(i, " visiolint: ignore[VL9999]"));
        } else {
            ics.push_str(&event(i, ""));
        }
        lines += 6;
    }
    ics.push_str("END:VCALENDAR\r\n");
    assert!(ics.len() > 2 * 1024 * 1024, "large enough to be streamed");
    std::fs::write(&file, ics).unwrap();
    let out = run(&["check", "--isolated", "--no-progress", file.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let expected = format!("export.ics:{directive_line}: unknown rule code 'VL9999'");
    assert_eq!(
        stderr(&out).matches(&expected).count(),
        1,
        "want {expected} once in {}",
        stderr(&out)
    );
}

#[test]
fn unknown_code_warnings_are_capped_per_file_whatever_the_batches() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("export.ics");
    let mut ics = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
    for i in 0..5_000 {
        ics.push_str(&format!(
            "BEGIN:VEVENT\r\nUID:ev-{i}\r\nSUMMARY:Point {i}\r\nDESCRIPTION:visiolint: ignore[VL9{i:03}]\r\nEND:VEVENT\r\n"
        ));
    }
    ics.push_str("END:VCALENDAR\r\n");
    std::fs::write(&file, ics).unwrap();
    for batch in ["4096", "1000000"] {
        let out = run_in(
            dir.path(),
            &["check", "--isolated", "--no-progress", "export.ics"],
            None,
            &[("VISIOLINT_BATCH_BYTES", batch)],
        );
        let err = stderr(&out);
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 21, "batch {batch}: {err}");
        assert!(
            lines[0].contains("export.ics:6: unknown rule code 'VL9000'"),
            "{}",
            lines[0]
        );
        assert_eq!(
            lines[20],
            "visiolint: warning: export.ics: 4980 more unknown entries in `visiolint: ignore` comments"
        );
    }
}

#[test]
fn unreadable_lines_have_fingerprints_of_their_own_that_survive_moves_and_show_secrets() {
    let event = |uid: &str, raw: &str| {
        format!("BEGIN:VEVENT\r\nUID:{uid}\r\nDESCRIPTION:Réunion Zoom\r\n{raw}\r\nEND:VEVENT\r\n")
    };
    let calendar = |head: &str| {
        format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{head}{}{}END:VCALENDAR\r\n",
            event("a", "https://cnrs.zoom.us/j/91234567890?pwd=Zx81kQ"),
            event("b", "Code secret : 482913")
        )
    };
    let fingerprints = |ics: &str, extra: &[&str]| -> Vec<(u64, String)> {
        sarif_vl901(ics, extra)
            .iter()
            .map(|r| {
                (
                    r["locations"][0]["physicalLocation"]["region"]["startLine"]
                        .as_u64()
                        .unwrap(),
                    r["partialFingerprints"]["visiolint/v1"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let before = fingerprints(&calendar(""), &[]);
    assert_eq!(before.len(), 2, "{before:?}");
    assert_ne!(before[0].1, before[1].1, "two problems, two fingerprints");
    let moved = fingerprints(&calendar("X-WR-CALNAME:Équipe\r\nX-WR-TIMEZONE:Europe/Paris\r\n"), &[]);
    assert_eq!(moved[0].0, before[0].0 + 2, "the lines moved");
    let fp = |v: &[(u64, String)]| v.iter().map(|(_, f)| f.clone()).collect::<Vec<_>>();
    assert_eq!(fp(&moved), fp(&before), "the fingerprints did not");
    assert_eq!(fp(&fingerprints(&calendar(""), &["--show-secrets"])), fp(&before));
}

/// The `VL901` results of the SARIF report of calendar `ics` (on stdin).
fn sarif_vl901(ics: &str, extra: &[&str]) -> Vec<serde_json::Value> {
    let mut args = vec!["check", "--isolated", "--format", "sarif", "--stdin-format", "ics"];
    args.extend_from_slice(extra);
    args.push("-");
    let out = run(&args, Some(ics.as_bytes()));
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    results.iter().filter(|r| r["ruleId"] == "VL901").cloned().collect()
}

#[test]
fn identical_unreadable_lines_are_two_alerts() {
    // Two events broken the same way (Exchange's raw line break): the same
    // problem on the same line text, twice in the file.
    let event = |uid: &str| {
        format!("BEGIN:VEVENT\r\nUID:{uid}\r\nDESCRIPTION:Réunion du comité\r\nsalle 12 bis\r\nEND:VEVENT\r\n")
    };
    let ics = format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{}{}END:VCALENDAR\r\n",
        event("a"),
        event("b")
    );
    let fingerprints = |ics: &str| -> Vec<String> {
        sarif_vl901(ics, &[])
            .iter()
            .map(|r| r["partialFingerprints"]["visiolint/v1"].as_str().unwrap().to_owned())
            .collect()
    };
    let both = fingerprints(&ics);
    assert_eq!(both.len(), 2, "{both:?}");
    assert_ne!(both[0], both[1], "code scanning would merge them into one alert");
    // The first keeps the fingerprint it has alone.
    let alone = fingerprints(&format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{}END:VCALENDAR\r\n",
        event("a")
    ));
    assert_eq!(alone, both[..1]);
}

#[test]
fn an_unreadable_line_has_the_same_fingerprint_whatever_the_batches() {
    // Event "a" states the passcode 482913; the broken line of event "c"
    // repeats it. Whether they share a batch must not change anything.
    let mut ics = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
    ics.push_str("BEGIN:VEVENT\r\nUID:a\r\nDESCRIPTION:https://cnrs.zoom.us/j/91234567890\\nCode secret : 482913\r\nEND:VEVENT\r\n");
    for i in 0..40 {
        ics.push_str(&format!(
            "BEGIN:VEVENT\r\nUID:b{i}\r\nSUMMARY:Point d'équipe {i}\r\nEND:VEVENT\r\n"
        ));
    }
    ics.push_str("BEGIN:VEVENT\r\nUID:c\r\nDESCRIPTION:Salle\r\nsalle 482913 bis\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("agenda.ics"), &ics).unwrap();
    let fingerprint = |batch: &str| {
        let out = run_in(
            dir.path(),
            &["check", "--isolated", "--format", "sarif", "agenda.ics"],
            None,
            &[("VISIOLINT_BATCH_BYTES", batch)],
        );
        let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let results = sarif["runs"][0]["results"].as_array().unwrap().clone();
        let vl901: Vec<_> = results.iter().filter(|r| r["ruleId"] == "VL901").collect();
        assert_eq!(vl901.len(), 1, "{results:?}");
        vl901[0]["partialFingerprints"]["visiolint/v1"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(fingerprint("1000000"), fingerprint("512"));
}

#[test]
fn the_report_can_go_to_a_file_that_is_then_never_checked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("agenda.ics"), ZOOM_NO_PASSCODE).unwrap();
    let first = run_in(
        dir.path(),
        &["check", "--isolated", "--format", "sarif", "-o", "report.sarif", "."],
        None,
        &[],
    );
    assert_eq!(first.status.code(), Some(1), "{}", stderr(&first));
    assert!(first.stdout.is_empty(), "nothing on stdout");
    let sarif: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("report.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["runs"][0]["results"][0]["ruleId"], "VL301");

    // A text report inside the checked folder, written again: not read.
    for _ in 0..2 {
        let out = run_in(
            dir.path(),
            &["check", "--isolated", "--output-file", "report.txt", "."],
            None,
            &[],
        );
        assert_eq!(out.status.code(), Some(1));
    }
    let text = std::fs::read_to_string(dir.path().join("report.txt")).unwrap();
    assert!(text.contains("in 1 file (1 invitation"), "agenda.ics only: {text}");

    // Never over a file named to be checked.
    let over = run_in(
        dir.path(),
        &["check", "--isolated", "-o", "agenda.ics", "agenda.ics"],
        None,
        &[],
    );
    assert_eq!(over.status.code(), Some(2));
    assert!(
        stderr(&over).contains("would overwrite a file to check"),
        "{}",
        stderr(&over)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("agenda.ics")).unwrap(),
        ZOOM_NO_PASSCODE
    );

    let nowhere = run_in(
        dir.path(),
        &["check", "--isolated", "-o", "missing/dir/r.json", "."],
        None,
        &[],
    );
    assert_eq!(nowhere.status.code(), Some(2));
    assert!(
        stderr(&nowhere).contains("cannot write the report to missing/dir/r.json"),
        "{}",
        stderr(&nowhere)
    );
}

#[test]
fn operational_errors_follow_the_language() {
    let zoom = path("invitations/zoom-fr.ics");
    let missing = run(
        &["check", "--isolated", "--lang", "fr", "/no/such/file.ics", &zoom],
        None,
    );
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("/no/such/file.ics: fichier ou dossier introuvable"),
        "{}",
        stderr(&missing)
    );
    let typo = run(&["check", "--lang", "fr", "--select", "VL320", &zoom], None);
    assert_eq!(typo.status.code(), Some(2));
    assert!(
        stderr(&typo).contains("règle inconnue `VL320` (vouliez-vous dire `VL302` ?)"),
        "{}",
        stderr(&typo)
    );
    let nowhere = run(
        &[
            "check",
            "--isolated",
            "--lang",
            "fr",
            "-o",
            "/no/such/dir/r.json",
            &zoom,
        ],
        None,
    );
    assert_eq!(nowhere.status.code(), Some(2));
    assert!(
        stderr(&nowhere)
            .contains("impossible d'écrire le rapport dans /no/such/dir/r.json : fichier ou dossier introuvable"),
        "{}",
        stderr(&nowhere)
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("visiolint.toml"),
        "[rules]\nselect = [\"VL3\"]\ncolour = true\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("a.ics"), CLEAN_BBB).unwrap();
    let config = run_in(dir.path(), &["check", "--lang", "fr", "a.ics"], None, &[]);
    assert_eq!(config.status.code(), Some(2));
    assert!(
        stderr(&config).contains("configuration invalide"),
        "{}",
        stderr(&config)
    );
}
