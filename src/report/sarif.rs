use std::collections::HashMap;
use std::io::{self, Write};

use serde_json::{Value, json};

use super::{FileHeader, Sink, stable_hash};
use crate::i18n::Lang;
use crate::model::{Diagnostic, FixedReport, InvitationReport, Summary};
use crate::rules::{RULES, Severity};

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// SARIF 2.1.0, for code scanning.
pub struct SarifSink<'w> {
    lang: Lang,
    out: Box<dyn Write + Send + 'w>,
    started: bool,
    results: usize,
    /// A result serialized, then written at once (see `JsonSink`).
    scratch: Vec<u8>,
    /// `VL901` fingerprints met in the current file, and how many times:
    /// two identical unreadable lines are two alerts (see `fingerprint`).
    unreadable: HashMap<String, u32>,
}

impl<'w> SarifSink<'w> {
    pub fn new(lang: Lang, out: Box<dyn Write + Send + 'w>) -> SarifSink<'w> {
        SarifSink {
            lang,
            out,
            started: false,
            results: 0,
            scratch: Vec::new(),
            unreadable: HashMap::new(),
        }
    }

    /// The result's fingerprint. A `VL901` fingerprint is its problem and a
    /// hash of its line's shape, so identical unreadable lines would share
    /// one, and code scanning would show one alert for them: the second
    /// and the next are numbered, in file order (the first keeps the plain
    /// fingerprint). The other rules count alike findings themselves.
    fn fingerprint(&mut self, path: &str, d: &Diagnostic) -> String {
        if d.code != "VL901" {
            return stable_hash(&[path, &d.fingerprint]);
        }
        let seen = self.unreadable.entry(d.fingerprint.clone()).or_insert(0);
        *seen += 1;
        match *seen {
            1 => stable_hash(&[path, &d.fingerprint]),
            n => stable_hash(&[path, &d.fingerprint, &n.to_string()]),
        }
    }

    /// Everything before the results: the tool and its rules.
    fn start(&mut self) -> io::Result<()> {
        if self.started {
            return Ok(());
        }
        self.started = true;
        let lang = self.lang;
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
        let tool = json!({"driver": {
            "name": "visiolint",
            "version": env!("CARGO_PKG_VERSION"),
            "informationUri": "https://github.com/visiolint/visiolint",
            "rules": rules,
        }});
        write!(
            self.out,
            "{{\"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\", \"version\": \"2.1.0\", \"runs\": [{{\"tool\": {}, \"columnKind\": \"unicodeCodePoints\", \"results\": [",
            serde_json::to_string_pretty(&tool)?
        )
    }
}

impl Sink for SarifSink<'_> {
    fn start_file(&mut self, _file: &FileHeader<'_>) -> io::Result<()> {
        self.unreadable.clear();
        self.start()
    }

    fn invitation(&mut self, _file: &FileHeader<'_>, _invitation: &InvitationReport) -> io::Result<()> {
        Ok(())
    }

    fn diagnostic(&mut self, file: &FileHeader<'_>, d: &Diagnostic) -> io::Result<()> {
        let index = RULES.iter().position(|r| r.info().code == d.code).unwrap_or(0);
        let fingerprint = self.fingerprint(file.path, d);
        let result = json!({
            "ruleId": d.code,
            "ruleIndex": index,
            "level": level(d.severity),
            "message": {"text": format!("{}\n{}", d.message, d.help)},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": uri(file.path)},
                    "region": {
                        "startLine": d.line,
                        "startColumn": d.column,
                        "endLine": d.end_line,
                        "endColumn": d.end_column,
                    }
                }
            }],
            "partialFingerprints": {
                "visiolint/v1": fingerprint,
            },
        });
        self.scratch.clear();
        self.scratch
            .extend_from_slice(if self.results == 0 { b"\n" } else { b",\n" });
        self.results += 1;
        serde_json::to_writer(&mut self.scratch, &result)?;
        self.out.write_all(&self.scratch)
    }

    fn end_file(&mut self, _file: &FileHeader<'_>, _fixed: &[FixedReport]) -> io::Result<()> {
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        self.start()?;
        self.out.write_all(b"\n]}]}\n")?;
        self.out.flush()
    }
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
