use std::io::{self, Write};

use serde_json::{Value, json};

use super::stable_hash;
use crate::i18n::Lang;
use crate::model::Report;
use crate::rules::{RULES, Severity};

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// SARIF 2.1.0, for code scanning.
pub fn write(report: &Report, lang: Lang, out: &mut dyn Write) -> io::Result<()> {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|r| {
            let info = r.info();
            let doc = info.doc(lang);
            json!({
                "id": info.code,
                "name": info.name,
                "shortDescription": {"text": info.summary.get(lang)},
                "fullDescription": {"text": first_paragraph(&doc)},
                "help": {"text": doc, "markdown": doc},
                "defaultConfiguration": {"level": level(info.severity)},
                "properties": {"tags": ["videoconference", "policy"], "guide": info.guide},
            })
        })
        .collect();
    let mut results = Vec::new();
    for file in &report.files {
        for d in &file.diagnostics {
            let index = RULES.iter().position(|r| r.info().code == d.code).unwrap_or(0);
            results.push(json!({
                "ruleId": d.code,
                "ruleIndex": index,
                "level": level(d.severity),
                "message": {"text": format!("{}\n{}", d.message, d.help)},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&file.path)},
                        "region": {
                            "startLine": d.line,
                            "startColumn": d.column,
                            "endLine": d.end_line,
                            "endColumn": d.end_column,
                        }
                    }
                }],
                "partialFingerprints": {
                    "visiolint/v1": stable_hash(&[&file.path, &d.fingerprint]),
                },
            }));
        }
    }
    let sarif = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "visiolint",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/visiolint/visiolint",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &sarif)?;
    writeln!(out)
}

fn first_paragraph(doc: &str) -> String {
    doc.split("\n\n")
        .find(|p| !p.trim_start().starts_with('#'))
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Relative paths as URIs: forward slashes, no leading `./`.
fn uri(path: &str) -> String {
    path.trim_start_matches("./").replace('\\', "/")
}
