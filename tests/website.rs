//! A lab website's sources (fixtures/website/): every published access code
//! and host link is found where it is, no output repeats a secret, and
//! `--fix` makes the pages safe without touching anything else.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

#[derive(Debug, Clone)]
struct Leak {
    code: String,
    line: u64,
    column: u64,
    secret: String,
}

fn expected() -> BTreeMap<String, Vec<Leak>> {
    let text = std::fs::read_to_string(common::fixture("website/expected.json")).unwrap();
    let value: Value = serde_json::from_str(&text).unwrap();
    value
        .as_object()
        .unwrap()
        .iter()
        .map(|(file, leaks)| {
            let leaks = leaks
                .as_array()
                .unwrap()
                .iter()
                .map(|l| Leak {
                    code: l["code"].as_str().unwrap().to_owned(),
                    line: l["line"].as_u64().unwrap(),
                    column: l["column"].as_u64().unwrap(),
                    secret: l["secret"].as_str().unwrap().to_owned(),
                })
                .collect();
            (file.clone(), leaks)
        })
        .collect()
}

/// Runs visiolint on the website as a webmaster would, from the site's root
/// (its visiolint.toml marks `content/` and `static/` as published).
fn check(dir: &Path, args: &[&str]) -> std::process::Output {
    common::run_in(dir, args, None, &[])
}

fn diagnostics_by_file(report: &Value) -> BTreeMap<String, Vec<Value>> {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let path = f["path"].as_str().unwrap().trim_start_matches("./").to_owned();
            (path, f["diagnostics"].as_array().unwrap().clone())
        })
        .collect()
}

#[test]
fn every_published_code_is_found_where_it_is() {
    let site = common::fixture("website");
    let out = check(&site, &["check", "--format", "json", "."]);
    assert_ne!(out.status.code(), Some(2), "{}", common::stderr(&out));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let found = diagnostics_by_file(&report);
    let mut failures = Vec::new();
    for (file, leaks) in expected() {
        let Some(diagnostics) = found.get(&file) else {
            failures.push(format!("{file}: not checked"));
            continue;
        };
        let leak_codes: Vec<&Value> = diagnostics
            .iter()
            .filter(|d| d["code"] == "VL302" || d["code"] == "VL303")
            .collect();
        for leak in &leaks {
            let hit = leak_codes
                .iter()
                .any(|d| d["code"] == leak.code.as_str() && d["line"] == leak.line && d["column"] == leak.column);
            if !hit {
                let got: Vec<String> = leak_codes
                    .iter()
                    .map(|d| format!("{}@{}:{}", d["code"], d["line"], d["column"]))
                    .collect();
                failures.push(format!(
                    "{file}: {} at {}:{} not found (got {got:?})",
                    leak.code, leak.line, leak.column
                ));
            }
        }
        if leak_codes.len() != leaks.len() {
            let got: Vec<String> = leak_codes
                .iter()
                .map(|d| format!("{}@{}:{} {}", d["code"], d["line"], d["column"], d["message"]))
                .collect();
            failures.push(format!(
                "{file}: {} leak findings, expected {}: {got:?}",
                leak_codes.len(),
                leaks.len()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn no_output_format_repeats_a_secret() {
    let site = common::fixture("website");
    let secrets: Vec<String> = expected().into_values().flatten().map(|l| l.secret).collect();
    assert!(secrets.len() > 10);
    for format in ["text", "concise", "json", "sarif", "github"] {
        let out = check(
            &site,
            &["check", "--show-meetings", "--statistics", "--format", format, "."],
        );
        let text = common::stdout(&out) + &common::stderr(&out);
        for secret in &secrets {
            assert!(!text.contains(secret.as_str()), "{format} output repeats {secret}");
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn fix_makes_the_site_safe_and_touches_nothing_else() {
    let original = common::fixture("website");
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&original, &site);

    let fixed = check(&site, &["check", "--fix", "--unsafe-fixes", "--format", "json", "."]);
    assert_ne!(fixed.status.code(), Some(2), "{}", common::stderr(&fixed));
    let report: Value = serde_json::from_slice(&fixed.stdout).unwrap();
    assert!(report["summary"]["fixed"].as_u64().unwrap() > 0);

    // Nothing left to publish.
    let found = diagnostics_by_file(&report);
    for (file, diagnostics) in &found {
        let leaks: Vec<String> = diagnostics
            .iter()
            .filter(|d| d["code"] == "VL302")
            .map(|d| format!("{}:{} {}", d["line"], d["column"], d["message"]))
            .collect();
        assert!(leaks.is_empty(), "{file} still leaks after --fix: {leaks:?}");
    }
    // Every secret is gone; every byte around it is where it was.
    for (file, leaks) in expected() {
        let before = std::fs::read(original.join(&file)).unwrap();
        let after = std::fs::read(site.join(&file)).unwrap();
        let after_text = String::from_utf8_lossy(&after);
        for leak in &leaks {
            assert!(
                !after_text.contains(&leak.secret),
                "{file}: {} still there",
                leak.secret
            );
        }
        if leaks.is_empty() {
            assert_eq!(before, after, "{file} has nothing to fix and is untouched");
        } else {
            // Only removals and the placeholder: the common prefix and suffix
            // of each line are intact.
            let before_lines = String::from_utf8_lossy(&before).lines().count();
            let after_lines = after_text.lines().count();
            assert!(after_lines <= before_lines, "{file}: lines only joined, never added");
        }
    }
    // A second run has nothing more to do.
    let again = check(&site, &["check", "--fix", "--unsafe-fixes", "--format", "json", "."]);
    let report: Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(report["summary"]["fixed"], 0, "--fix is idempotent");
}
