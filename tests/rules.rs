//! Every rule fires where it must and stays silent on near-misses
//! (fixtures/rules/, expectations in fixtures/rules/expected.json).

mod common;

use serde_json::Value;

#[test]
fn every_rule_fires_on_its_fixtures_and_not_on_near_misses() {
    let dir = common::fixture("rules");
    let expected: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let expected = expected.as_object().unwrap();
    let on_disk: std::collections::BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("VL"))
        .collect();
    let listed: std::collections::BTreeSet<String> = expected.keys().cloned().collect();
    assert_eq!(on_disk, listed, "every fixture has its expectations");

    let mut fired: std::collections::BTreeSet<String> = Default::default();
    let mut failures = Vec::new();
    for (name, want) in expected {
        let path = dir.join(name);
        let extra: Vec<String> = want["args"]
            .as_array()
            .map(|a| a.iter().map(|v| v.as_str().unwrap().to_owned()).collect())
            .unwrap_or_default();
        let mut args: Vec<&str> = extra.iter().map(String::as_str).collect();
        args.push(path.to_str().unwrap());
        let (report, out) = common::json(&args, None);
        assert_ne!(out.status.code(), Some(2), "{name}: {}", common::stderr(&out));
        let codes = common::codes(&report);
        for code in want["must"].as_array().unwrap() {
            let code = code.as_str().unwrap();
            if codes.iter().any(|c| c == code) {
                fired.insert(code.to_owned());
            } else {
                failures.push(format!("{name}: {code} expected, got {codes:?}"));
            }
        }
        for code in want["must_not"].as_array().unwrap() {
            let code = code.as_str().unwrap();
            if codes.iter().any(|c| c == code) {
                let messages: Vec<&str> = report["files"][0]["diagnostics"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|d| d["code"] == code)
                    .map(|d| d["message"].as_str().unwrap())
                    .collect();
                failures.push(format!("{name}: {code} must not fire: {messages:?}"));
            }
        }
    }
    let all: Vec<&str> = visiolint::rules::RULES.iter().map(|r| r.info().code).collect();
    for code in all {
        if !fired.contains(code) {
            failures.push(format!("no fixture makes {code} fire"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
