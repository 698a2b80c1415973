//! Secrets stay out of every report, in every format, wherever the input
//! writes them: in lines a reader could not parse, in unusual URL
//! parameters, in titles.

mod common;

use common::{run, stdout};

const FORMATS: [&str; 5] = ["text", "concise", "json", "sarif", "github"];

/// Checks `input` (read as `format`) in every output format, with and
/// without `--show-meetings`, and asserts that no `secret` is printed; then
/// that `--show-secrets` does print the first one (so the test can fail).
fn never_printed(input: &str, stdin_format: &str, extra: &[&str], secrets: &[&str]) {
    for output in FORMATS {
        for meetings in [false, true] {
            let mut args = vec![
                "check",
                "--isolated",
                "--format",
                output,
                "--stdin-format",
                stdin_format,
            ];
            if meetings {
                args.push("--show-meetings");
            }
            args.extend_from_slice(extra);
            args.push("-");
            let out = run(&args, Some(input.as_bytes()));
            assert_ne!(out.status.code(), Some(2), "{}", common::stderr(&out));
            let printed = format!("{}{}", stdout(&out), common::stderr(&out));
            for secret in secrets {
                assert!(!printed.contains(secret), "{output}: {secret} printed:\n{printed}");
            }
        }
    }
    let mut args = vec![
        "check",
        "--isolated",
        "--format",
        "json",
        "--show-secrets",
        "--stdin-format",
        stdin_format,
    ];
    args.extend_from_slice(extra);
    args.push("-");
    let out = run(&args, Some(input.as_bytes()));
    assert!(stdout(&out).contains(secrets[0]), "{}", stdout(&out));
}

#[test]
fn lines_a_reader_could_not_parse_are_printed_masked() {
    // Exchange's raw line breaks inside a value: a VL901 quotes the line.
    let ics = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:raw@example.org\r\nSUMMARY:Point projet\r\n\
               DESCRIPTION:Rejoindre la réunion Zoom\r\n\
               Code secret : 482913 https://cnrs.zoom.us/j/91234567890?pwd=SECRETabc\r\n\
               Passcode: 907153\r\nPIN: 553201\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    never_printed(ics, "ics", &[], &["SECRETabc", "482913", "907153", "553201"]);
}

#[test]
fn unread_lines_mask_url_credentials_in_any_case() {
    // A raw line break inside a VALARM: no analysis reads that text, only
    // the masking of secret-shaped content. Parameter names in any case,
    // as links are read.
    let ics = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:alarm@example.org\r\nSUMMARY:Point\r\n\
               BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Rappel\r\n\
               voir https://whereby.com/r?RoomKey=HostSecret3&PWD=SuperSecret9&Passwd=Other7\r\n\
               END:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let secrets = ["HostSecret3", "SuperSecret9", "Other7"];
    for output in FORMATS {
        let out = run(
            &["check", "--isolated", "--format", output, "--stdin-format", "ics", "-"],
            Some(ics.as_bytes()),
        );
        let printed = format!("{}{}", stdout(&out), common::stderr(&out));
        for secret in secrets {
            assert!(!printed.contains(secret), "{output}: {secret} printed:\n{printed}");
        }
    }
    // The line is quoted (in the text report): with --show-secrets, whole.
    let out = run(
        &["check", "--isolated", "--show-secrets", "--stdin-format", "ics", "-"],
        Some(ics.as_bytes()),
    );
    assert!(stdout(&out).contains("PWD=SuperSecret9"), "{}", stdout(&out));
}

#[test]
fn lines_cut_at_the_length_limit_are_printed_masked() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("visiolint.toml");
    std::fs::write(&config, "[limits]\nmax-line-length = 60\n").unwrap();
    let ics = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:long@example.org\r\n\
               DESCRIPTION:https://cnrs.zoom.us/j/91234567890?pwd=SECRETabc and a long tail of words\r\n\
               END:VEVENT\r\nEND:VCALENDAR\r\n";
    for output in FORMATS {
        let out = run(
            &[
                "check",
                "--config",
                config.to_str().unwrap(),
                "--format",
                output,
                "--stdin-format",
                "ics",
                "-",
            ],
            Some(ics.as_bytes()),
        );
        assert!(stdout(&out).contains("VL901"), "{}", stdout(&out));
        assert!(!stdout(&out).contains("SECRETabc"), "{output}:\n{}", stdout(&out));
    }
}

#[test]
fn html_escaped_separators_in_plain_text() {
    let text = "Séminaire\nLien : https://cnrs.zoom.us/j/91234567890?from=addon&amp;pwd=SeCrEt123\n";
    never_printed(text, "text", &[], &["SeCrEt123"]);
    let out = run(
        &["check", "--isolated", "--format", "json", "--stdin-format", "text", "-"],
        Some(text.as_bytes()),
    );
    // The passcode is seen: no false "no passcode" (VL301).
    assert!(!stdout(&out).contains("VL301"), "{}", stdout(&out));
    assert!(stdout(&out).contains("\"has_password\":true"), "{}", stdout(&out));
}

#[test]
fn whereby_host_room_keys() {
    let text = "Salle de l'équipe : https://whereby.com/labo-equipe?roomKey=abcdef123456SECRET\n";
    never_printed(text, "text", &[], &["abcdef123456SECRET"]);
    let out = run(
        &[
            "check",
            "--isolated",
            "--format",
            "concise",
            "--stdin-format",
            "text",
            "-",
        ],
        Some(text.as_bytes()),
    );
    assert!(stdout(&out).contains("VL303"), "{}", stdout(&out));
}

#[test]
fn identifiers_in_titles() {
    let ics = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:visa@example.org\r\n\
               SUMMARY:Entretien visa - passport number: 12AB34567\r\n\
               DESCRIPTION:https://bbb.univ-exemple.fr/b/abc-def-ghi\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    never_printed(ics, "ics", &[], &["12AB34567"]);
}
