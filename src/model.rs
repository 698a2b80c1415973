//! The report: what `check` found, in the shape of the JSON schema (SPEC §6).
//! Field names are a public contract: they may be added, never renamed.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::extract::sensitivity::Signal;
use crate::extract::{Attendance, CredentialKind, Level};
use crate::input::Format;
use crate::rules::Severity;

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub version: u32,
    pub files: Vec<FileReport>,
    pub summary: Summary,
}

#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    pub path: String,
    pub format: Format,
    pub published: bool,
    pub invitations: Vec<InvitationReport>,
    pub diagnostics: Vec<Diagnostic>,
    /// Fixes applied by `--fix` (only present when some were).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fixed: Vec<FixedReport>,
    /// Warnings for stderr (see `check::CodeWarnings`).
    #[serde(skip)]
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct InvitationReport {
    pub id: Option<String>,
    pub summary: Option<String>,
    pub line: usize,
    pub meetings: Vec<MeetingReport>,
    pub attendance: Attendance,
    pub sensitivity: SensitivityReport,
}

#[derive(Debug, Clone, Serialize)]
pub struct MeetingReport {
    pub platform: String,
    pub host: String,
    /// As found, credentials redacted unless `--show-secrets`.
    pub url: String,
    pub meeting_id: Option<String>,
    pub has_password: bool,
    pub credentials: Vec<CredentialReport>,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct CredentialReport {
    pub kind: CredentialKind,
    pub line: usize,
    pub column: usize,
    /// Only with `--show-secrets`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SensitivityReport {
    pub level: Level,
    pub reasons: Vec<ReasonReport>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReasonReport {
    pub signal: Signal,
    pub text: String,
    pub field: String,
    pub line: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub message: String,
    pub help: String,
    pub fixable: bool,
    /// Absolute byte range in the file (for fingerprints and fixes).
    #[serde(skip)]
    pub bytes: (u64, u64),
    /// The source line, secrets redacted, and the marked span on it
    /// (character columns, 1-based, end exclusive).
    #[serde(skip)]
    pub snippet: Option<Snippet>,
    /// Edits that fix it: absolute byte ranges and replacements.
    #[serde(skip)]
    pub edits: Vec<Edit>,
    /// The edits change meaning: applied with `--unsafe-fixes` only.
    #[serde(skip)]
    pub unsafe_fix: bool,
    /// Content-based identity (no secret in it), for SARIF.
    #[serde(skip)]
    pub fingerprint: String,
}

#[derive(Debug, Clone)]
pub struct Snippet {
    pub text: String,
    pub start_column: usize,
    pub end_column: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub start: u64,
    pub end: u64,
    pub replacement: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FixedReport {
    pub code: &'static str,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct Summary {
    pub files: usize,
    pub invitations: usize,
    pub meetings: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub by_platform: BTreeMap<String, usize>,
    pub by_code: BTreeMap<String, usize>,
    pub by_level: BTreeMap<String, usize>,
    pub by_host: BTreeMap<String, usize>,
    pub fixed: usize,
}

/// Counts one more `key` (allocating only for a new key: summaries are
/// updated for every invitation of an audit).
fn bump(map: &mut BTreeMap<String, usize>, key: &str) {
    match map.get_mut(key) {
        Some(n) => *n += 1,
        None => {
            map.insert(key.to_owned(), 1);
        }
    }
}

impl Summary {
    pub fn add_invitation(&mut self, invitation: &InvitationReport) {
        self.invitations += 1;
        bump(&mut self.by_level, invitation.sensitivity.level.name());
        for m in &invitation.meetings {
            self.meetings += 1;
            bump(&mut self.by_platform, &m.platform);
            bump(&mut self.by_host, &m.host);
        }
    }

    pub fn add_diagnostic(&mut self, d: &Diagnostic) {
        match d.severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
        bump(&mut self.by_code, d.code);
    }

    /// Adds a whole file held in memory.
    pub fn add_file(&mut self, file: &FileReport) {
        self.files += 1;
        self.fixed += file.fixed.len();
        for invitation in &file.invitations {
            self.add_invitation(invitation);
        }
        for d in &file.diagnostics {
            self.add_diagnostic(d);
        }
    }
}
