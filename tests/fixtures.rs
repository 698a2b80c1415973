//! The built-in fixtures: what visiolint extracts from each, and where.

mod common;

use serde_json::Value;

use common::{fixture, json};

fn expected() -> serde_json::Map<String, Value> {
    let text = std::fs::read_to_string(fixture("invitations/expected.json")).expect("expected.json");
    serde_json::from_str::<Value>(&text)
        .expect("valid JSON")
        .as_object()
        .expect("object")
        .clone()
}

fn sorted_kinds(meeting: &Value) -> Vec<String> {
    let mut kinds: Vec<String> = meeting["credentials"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap().to_owned())
        .collect();
    kinds.sort();
    kinds.dedup();
    kinds
}

#[test]
fn every_fixture_gives_the_expected_model() {
    let mut failures = Vec::new();
    for (name, invitations) in expected() {
        let path = fixture(&format!("invitations/{name}"));
        let (report, _) = json(&[path.to_str().unwrap()], None);
        let got = report["files"][0]["invitations"].as_array().unwrap();
        let want = invitations.as_array().unwrap();
        if got.len() != want.len() {
            failures.push(format!("{name}: {} invitations, expected {}", got.len(), want.len()));
            continue;
        }
        for (i, (g, w)) in got.iter().zip(want).enumerate() {
            let gm: Vec<Value> = g["meetings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| {
                    serde_json::json!({
                        "platform": m["platform"], "host": m["host"], "meeting_id": m["meeting_id"],
                        "has_password": m["has_password"], "credential_kinds": sorted_kinds(m),
                    })
                })
                .collect();
            let wm: Vec<Value> = w["meetings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| {
                    let mut kinds: Vec<String> = m["credential_kinds"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|k| k.as_str().unwrap().to_owned())
                        .collect();
                    kinds.sort();
                    serde_json::json!({
                        "platform": m["platform"], "host": m["host"], "meeting_id": m["meeting_id"],
                        "has_password": m["has_password"], "credential_kinds": kinds,
                    })
                })
                .collect();
            if gm != wm {
                failures.push(format!("{name} #{i}: meetings\n  got  {gm:?}\n  want {wm:?}"));
            }
            if g["attendance"] != w["attendance"] {
                failures.push(format!(
                    "{name} #{i}: attendance {} want {}",
                    g["attendance"], w["attendance"]
                ));
            }
            if g["summary"] != w["summary"] {
                failures.push(format!("{name} #{i}: summary {} want {}", g["summary"], w["summary"]));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The original text at a 1-based line and character column.
fn at(bytes: &[u8], line: usize, column: usize) -> String {
    let text = String::from_utf8_lossy(bytes);
    let l = text.split('\n').nth(line - 1).unwrap_or("");
    l.trim_end_matches('\r').chars().skip(column - 1).collect()
}

#[test]
fn positions_point_at_the_original_bytes() {
    let label_starts = [
        "pass",
        "code",
        "mot",
        "kenn",
        "pin",
        "host",
        "clé",
        "cle",
        "phone",
        "id de",
        "conference",
        "access",
        "*",
        "numéro",
        "password",
    ];
    let mut failures = Vec::new();
    for name in expected().keys() {
        let path = fixture(&format!("invitations/{name}"));
        let bytes = std::fs::read(&path).unwrap();
        let (report, _) = json(&[path.to_str().unwrap()], None);
        for inv in report["files"][0]["invitations"].as_array().unwrap() {
            for m in inv["meetings"].as_array().unwrap() {
                let (line, column) = (
                    m["line"].as_u64().unwrap() as usize,
                    m["column"].as_u64().unwrap() as usize,
                );
                let here = at(&bytes, line, column);
                let url = m["url"].as_str().unwrap();
                let host = m["host"].as_str().unwrap();
                // A base64 part has no byte positions: its header line.
                let ok = here.starts_with(&url[..4])
                    || here.starts_with(&host[..4])
                    || (column == 1 && here.starts_with("Content-"));
                if !ok {
                    failures.push(format!(
                        "{name}:{line}:{column}: meeting {url} but the file has {here:.40}"
                    ));
                }
                for c in m["credentials"].as_array().unwrap() {
                    let (line, column) = (
                        c["line"].as_u64().unwrap() as usize,
                        c["column"].as_u64().unwrap() as usize,
                    );
                    let here = at(&bytes, line, column).to_lowercase();
                    let kind = c["kind"].as_str().unwrap();
                    let ok = match kind {
                        "url-password" => ["pwd=", "p=", "pw=", "password=", "pin=", "pwd%3d", "p%3d"]
                            .iter()
                            .any(|p| here.starts_with(p)),
                        _ => label_starts.iter().any(|p| here.starts_with(p)),
                    } || (column == 1 && here.starts_with("content-"));
                    if !ok {
                        failures.push(format!("{name}:{line}:{column}: {kind} but the file has {here:.40}"));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn pasted_text_on_stdin_is_read() {
    let text = std::fs::read(fixture("invitations/stdin-text.txt")).unwrap();
    let (report, out) = json(&["--stdin-format", "text", "-"], Some(&text));
    assert_ne!(out.status.code(), Some(2));
    assert_eq!(report["files"][0]["path"], "-");
    assert_eq!(report["files"][0]["format"], "text");
    let meetings = report["files"][0]["invitations"][0]["meetings"].as_array().unwrap();
    assert_eq!(meetings.len(), 1);
    assert_eq!(meetings[0]["platform"], "zoom");
    assert_eq!(meetings[0]["has_password"], true);
}
