//! Inputs that once gave a wrong verdict (found in review), each with the
//! verdict it must give now.

mod common;

use common::{codes, json};

fn check(format: &str, input: &str, extra: &[&str]) -> Vec<String> {
    let mut args = vec!["--stdin-format", format];
    args.extend_from_slice(extra);
    args.push("-");
    let (report, _) = json(&args, Some(input.as_bytes()));
    codes(&report)
}

#[test]
fn a_service_named_in_passing_keeps_the_passcode_with_its_link() {
    let text = "Réunion d'équipe\nhttps://cnrs.zoom.us/j/91234567890\n\
                Merci de vous connecter à la webconf quelques minutes avant.\n\
                En cas de souci, on basculera sur Teams.\n\nCode secret : 482913\n";
    assert!(!check("text", text, &[]).contains(&"VL301".to_owned()));
}

#[test]
fn a_passcode_under_another_service_belongs_to_that_meeting() {
    let text = "Zoom : https://cnrs.zoom.us/j/91234567890\nCode secret : 482913\n\n\
                Secours Webex : https://labo.webex.com/meet/jdupont\nPassword: aBc12DeF\n";
    let (report, _) = json(&["--stdin-format", "text", "-"], Some(text.as_bytes()));
    let meetings = report["files"][0]["invitations"][0]["meetings"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(meetings.len(), 2);
    for m in &meetings {
        assert_eq!(m["credentials"].as_array().unwrap().len(), 1, "{m}");
    }
}

#[test]
fn a_passcode_introduced_by_a_service_without_link_is_nobody_s() {
    let text = "Webex : https://labo.webex.com/meet/jdupont\nRéunion Zoom (sans lien)\nCode secret : 482913\n";
    let (report, _) = json(&["--stdin-format", "text", "-"], Some(text.as_bytes()));
    let meeting = &report["files"][0]["invitations"][0]["meetings"][0];
    assert_eq!(meeting["platform"], "webex");
    assert_eq!(meeting["has_password"], false, "{meeting}");
}

#[test]
fn credentials_after_exchange_raw_line_breaks_are_read() {
    let ics = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:raw@example.org\r\nSUMMARY:Point projet\r\n\
               DESCRIPTION:Join Zoom Meeting\r\nhttps://cnrs.zoom.us/j/91234567890\r\n\
               Passcode: 482913\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let found = check("ics", ics, &["--public"]);
    assert!(!found.contains(&"VL301".to_owned()), "{found:?}");
    assert!(found.contains(&"VL302".to_owned()), "{found:?}");
}

#[test]
fn a_desktop_link_does_not_name_the_zoom_instance() {
    let ics = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:mtg@example.org\r\nSUMMARY:Séminaire\r\n\
               LOCATION:zoommtg://zoom.us/join?action=join&confno=91234567890\r\n\
               DESCRIPTION:https://cnrs.zoom.us/j/91234567890?pwd=Ab12Cd34\r\n\
               END:VEVENT\r\nEND:VCALENDAR\r\n";
    let (report, _) = json(&["--stdin-format", "ics", "-"], Some(ics.as_bytes()));
    assert!(!codes(&report).contains(&"VL105".to_owned()), "{report}");
    assert_eq!(
        report["files"][0]["invitations"][0]["meetings"][0]["host"],
        "cnrs.zoom.us"
    );
    // Another instance, written as a web link, is still reported.
    let other = ics.replace("cnrs.zoom.us", "us02web.zoom.us");
    let (report, _) = json(&["--stdin-format", "ics", "-"], Some(other.as_bytes()));
    assert!(codes(&report).contains(&"VL105".to_owned()), "{report}");
}

#[test]
fn sensitive_meetings_on_unassessed_tools_are_reported() {
    let text = "Réunion données de santé de la cohorte\nhttps://cloud.labo-exemple.fr/call/abcd1234\n";
    let found = check("text", text, &[]);
    assert!(found.contains(&"VL103".to_owned()), "{found:?}");
    // Not sensitive: an info that the tool was not assessed.
    let text = "Point hebdomadaire\nhttps://cloud.labo-exemple.fr/call/abcd1234\n";
    let found = check("text", text, &[]);
    assert_eq!(found, vec!["VL102".to_owned()]);
}

/// SARIF fingerprints of the VL302 findings of a page, by meeting id.
fn vl302_fingerprints(page: &str) -> Vec<(String, String)> {
    let out = common::run(
        &[
            "check",
            "--isolated",
            "--public",
            "--format",
            "sarif",
            "--stdin-format",
            "markdown",
            "--stdin-filename",
            "page.md",
            "-",
        ],
        Some(page.as_bytes()),
    );
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["ruleId"] == "VL302")
        .map(|r| {
            let line = r["locations"][0]["physicalLocation"]["region"]["startLine"]
                .as_u64()
                .unwrap() as usize;
            let text = page.lines().nth(line - 1).unwrap().to_owned();
            (
                text,
                r["partialFingerprints"]["visiolint/v1"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn fingerprints_do_not_move_when_the_page_changes_above() {
    let seminar = "Séminaire : https://cnrs.zoom.us/j/91234567890\n\nCode secret : 482913\n";
    let before = vl302_fingerprints(seminar);
    assert_eq!(before.len(), 1);
    let added = format!("Atelier : https://cnrs.zoom.us/j/98765432109\n\nCode secret : 771204\n\n{seminar}");
    let after = vl302_fingerprints(&added);
    assert_eq!(after.len(), 2);
    let moved = after.iter().find(|(line, _)| line.contains("482913")).unwrap();
    assert_eq!(moved.1, before[0].1);
    assert_ne!(after[0].1, after[1].1);
}

#[test]
fn bigbluebutton_api_links_signed_with_the_moderator_password() {
    let moderator = "Lien : https://bbb.univ-exemple.fr/bigbluebutton/api/join?fullName=Jeanne&meetingID=sem-42&password=mp&checksum=1f2e3d4c5b6a\n";
    assert!(check("text", moderator, &[]).contains(&"VL303".to_owned()));
    let attendee = moderator.replace("password=mp", "password=ap");
    assert!(!check("text", &attendee, &[]).contains(&"VL303".to_owned()));
}

/// A negation counts in its own clause: one in the clause before a
/// contrast ("mais", "but") does not unsay the announcement after it.
#[test]
fn a_negation_before_a_contrast_does_not_unsay_the_announcement() {
    let zoom = "Réunion Zoom : https://cnrs.zoom.us/j/91234567890\nCode secret : 482913\n";
    let said = |sentence: &str| check("text", &format!("{zoom}{sentence}\n"), &[]);
    let saved = said("Pas de vidéo obligatoire, mais le tchat sera enregistré pour le compte rendu.");
    assert!(saved.contains(&"VL402".to_owned()), "{saved:?}");
    let client = said("No need for a headset, but please install the Zoom client before the meeting.");
    assert!(client.contains(&"VL403".to_owned()), "{client:?}");
    // The negation in the phrase's own clause still unsays it, on either
    // side of an adverb between commas (found in review).
    for sentence in [
        "Le tchat ne sera pas enregistré, mais la réunion sera résumée.",
        "La vidéo sera diffusée ; l'enregistrement du tchat, en revanche, est interdit.",
        "A chat transcript, however, will not be kept.",
        "Le client lourd, toutefois, n'est pas nécessaire : le navigateur suffit.",
        "There is no need, however, to install the Zoom client.",
        "Pas besoin, toutefois, d'installer le client Zoom : le navigateur suffit.",
        "You do not, however, need to download the Zoom app.",
    ] {
        let found = said(sentence);
        assert!(
            !found.contains(&"VL402".to_owned()) && !found.contains(&"VL403".to_owned()),
            "{sentence}: {found:?}"
        );
    }
}
