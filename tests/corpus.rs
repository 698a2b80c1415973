//! Every file of the shared real-world corpus is read without a panic or an
//! exit 2, and its meetings are found (tests/data/corpus_expected.json).

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

fn corpus() -> Option<PathBuf> {
    let dir = common::root().join("../shared/corpus/real");
    dir.is_dir().then_some(dir)
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.file_name().is_some_and(|n| n != "SOURCES.md") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// (platform, meeting id, has a password other than a dial-in PIN): the
/// corpus expectations count PIN-only meetings as without password.
fn meetings(report: &Value) -> Vec<(String, Option<String>, bool)> {
    report["invitations"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|inv| inv["meetings"].as_array().unwrap().clone())
        .map(|m| {
            let password = m["credentials"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| matches!(c["kind"].as_str(), Some("url-password" | "passcode")));
            (
                m["platform"].as_str().unwrap().to_owned(),
                m["meeting_id"].as_str().map(str::to_owned),
                password,
            )
        })
        .collect()
}

fn distinct_meetings(file: &Value) -> usize {
    file["invitations"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|inv| inv["meetings"].as_array().unwrap().clone())
        .map(|m| {
            format!(
                "{}|{}",
                m["platform"],
                if m["meeting_id"].is_null() {
                    &m["url"]
                } else {
                    &m["meeting_id"]
                }
            )
        })
        .collect::<BTreeSet<_>>()
        .len()
}

#[test]
fn every_corpus_file_is_read_and_its_meetings_found() {
    let Some(dir) = corpus() else {
        eprintln!("../shared/corpus/real is absent: skipped");
        return;
    };
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(common::root().join("tests/data/corpus_expected.json")).unwrap())
            .unwrap();
    let negatives: BTreeSet<String> = expected["_negatives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["file"].as_str().unwrap().to_owned())
        .collect();
    let mut failures = Vec::new();
    let all = files(&dir);
    assert!(all.len() > 300, "the corpus has {} files", all.len());
    // One run over the whole corpus, as a batch audit would do it.
    let out = common::run(
        &["check", "--format", "json", "--isolated", dir.to_str().unwrap()],
        None,
    );
    let stderr = common::stderr(&out);
    assert!(
        out.status.code() != Some(2) && out.status.code().is_some() && !stderr.contains("panicked"),
        "exit {:?}\n{stderr}",
        out.status.code()
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let reported: Vec<&Value> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| !f["path"].as_str().unwrap().ends_with("SOURCES.md"))
        .collect();
    assert_eq!(reported.len(), all.len(), "every corpus file is read");
    for file in reported {
        let path = PathBuf::from(file["path"].as_str().unwrap());
        let rel = path.strip_prefix(&dir).unwrap_or(&path).to_string_lossy().into_owned();
        let got = meetings(file);
        if negatives.contains(&rel) {
            if !got.is_empty() {
                failures.push(format!("{rel}: a negative, but found {got:?}"));
            }
            continue;
        }
        let Some(entry) = expected.get(&rel) else {
            continue;
        };
        let want = entry["meetings"].as_array().unwrap();
        let optional = entry["optional_meetings"].as_array().cloned().unwrap_or_default();
        let platforms_of = |m: &Value| {
            let mut p = vec![m["platform"].as_str().unwrap().to_owned()];
            if let Some(alts) = m["platform_alternatives"].as_array() {
                p.extend(alts.iter().map(|a| a.as_str().unwrap().to_owned()));
            }
            p
        };
        for w in want {
            let platforms = platforms_of(w);
            let uncertain: Vec<&str> = w["uncertain"]
                .as_array()
                .map_or(vec![], |u| u.iter().filter_map(Value::as_str).collect());
            let found = got.iter().any(|(platform, id, has_password)| {
                platforms.contains(platform)
                    && (uncertain.contains(&"meeting_id")
                        || w["meeting_id"].is_null()
                        || w["meeting_id"].as_str() == id.as_deref())
                    && (uncertain.contains(&"has_password")
                        || w["dial_in_pin"].as_bool() == Some(true)
                        || w["has_password"].as_bool() == Some(*has_password))
            });
            if !found {
                failures.push(format!("{rel}: missing {w}\n  got {got:?}"));
            }
        }
        // Nothing beyond what is expected, optional, or a duplicate of an
        // expected platform where upstream anonymisation made copies differ.
        let exact = entry["exact_count"].as_bool() != Some(false);
        let allowed: BTreeSet<String> = want.iter().chain(optional.iter()).flat_map(platforms_of).collect();
        for (platform, _, _) in &got {
            if !allowed.contains(platform) {
                failures.push(format!("{rel}: unexpected {platform} meeting"));
            }
        }
        // Events of one calendar often share a meeting: count distinct ones.
        let distinct = distinct_meetings(file);
        if exact && distinct > want.len() + optional.len() {
            failures.push(format!(
                "{rel}: {distinct} meetings, expected {} (+{} optional)",
                want.len(),
                optional.len()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
