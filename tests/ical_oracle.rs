//! A second opinion on the iCalendar reader: where the `icalendar` crate's
//! parser accepts a file, both must see the same events with the same UID,
//! SUMMARY and LOCATION (after unfolding and unescaping).

use std::path::PathBuf;

use visiolint::input::{self, Format, InvitationKind};

fn calendars() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    let mut stack = vec![root.join("fixtures"), root.join("../shared/corpus/real")];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "ics") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

fn text(value: &str) -> String {
    value
        .replace("\\n", "\n")
        .replace("\\N", "\n")
        .replace("\\,", ",")
        .replace("\\;", ";")
        .replace("\\\\", "\\")
}

#[test]
fn events_agree_with_the_icalendar_crate() {
    let mut compared = 0;
    let mut failures = Vec::new();
    for path in calendars() {
        let bytes = std::fs::read(&path).unwrap();
        let Ok(source) = std::str::from_utf8(&bytes) else {
            continue;
        };
        let unfolded = icalendar::parser::unfold(source);
        let Ok(calendar) = icalendar::parser::read_calendar(&unfolded) else {
            continue;
        };
        let theirs: Vec<_> = calendar.components.iter().filter(|c| c.name == "VEVENT").collect();
        let ours: Vec<_> = input::read(Format::Ics, &bytes)
            .invitations
            .into_iter()
            .filter(|i| i.kind == InvitationKind::Event)
            .collect();
        // The crate only sees events directly in the calendar; visiolint also
        // reads those nested in unknown components. It must never see fewer.
        if ours.len() < theirs.len() {
            failures.push(format!(
                "{}: {} events, the crate sees {}",
                path.display(),
                ours.len(),
                theirs.len()
            ));
        }
        if theirs.len() != ours.len() {
            continue;
        }
        for (t, o) in theirs.iter().zip(&ours) {
            let uid = t.find_prop("UID").map(|p| p.val.as_str().trim().to_owned());
            // visiolint also recovers a fold that lost its space; the crate
            // stops at it. Ours must then extend theirs.
            let recovered = matches!((&uid, &o.id), (Some(t), Some(ours)) if ours.starts_with(t.as_str()));
            if uid != o.id && !recovered {
                failures.push(format!("{}: UID {:?} vs {:?}", path.display(), o.id, uid));
            }
            let summary = t.find_prop("SUMMARY").map(|p| text(p.val.as_str()).trim().to_owned());
            if summary != o.summary {
                failures.push(format!("{}: SUMMARY {:?} vs {:?}", path.display(), o.summary, summary));
            }
            if let Some(location) = t.find_prop("LOCATION") {
                let theirs = text(location.val.as_str());
                let found = o
                    .fields
                    .iter()
                    .any(|f| f.name == "LOCATION" && f.text.as_str() == theirs);
                if !found && !theirs.contains('<') {
                    failures.push(format!("{}: LOCATION {theirs:?} not read", path.display()));
                }
            }
        }
        compared += 1;
    }
    assert!(compared >= 20, "compared only {compared} calendars");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
