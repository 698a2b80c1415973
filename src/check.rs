//! The pipeline for one file: bytes → units → invitations → analyses →
//! findings → a [`FileReport`].

use std::ops::Range;
use std::path::Path;

use crate::extract::{self, Analysis, Attendance, Level};
use crate::i18n::Lang;
use crate::input::{self, Format, Invitation, InvitationKind, PersonRole, ReadOutput};
use crate::model::{
    CredentialReport, Diagnostic, Edit, FileReport, InvitationReport, MeetingReport, ReasonReport, SensitivityReport,
    Snippet,
};
use crate::policy::Policy;
use crate::redact;
use crate::rules::{self, Context, Finding, Severity};
use crate::selection::{RuleSelection, Suppressions};
use crate::source::Unit;

/// Everything that shapes a check besides the input.
pub struct Settings {
    pub policy: Policy,
    pub lang: Lang,
    pub show_secrets: bool,
    /// `--public` (`Some(true)`) / `--private` (`Some(false)`).
    pub published: Option<bool>,
    /// Config `[files] public` globs.
    pub public_globs: Option<globset::GlobSet>,
    /// `--sensitivity`.
    pub sensitivity: Option<Level>,
    /// `--attendees`.
    pub attendees: Option<u32>,
    pub rules: RuleSelection,
    /// Config `me`: the user's addresses, lower-cased.
    pub me: Vec<String>,
}

impl Settings {
    pub fn new(policy: Policy, lang: Lang) -> Settings {
        Settings {
            policy,
            lang,
            show_secrets: false,
            published: None,
            public_globs: None,
            sensitivity: None,
            attendees: None,
            rules: RuleSelection::default(),
            me: Vec::new(),
        }
    }

    /// Whether a file is published content (SPEC §5).
    pub fn is_published(&self, format: Format, path: Option<&Path>) -> bool {
        if let Some(forced) = self.published {
            return forced;
        }
        if let (Some(globs), Some(path)) = (&self.public_globs, path)
            && globs.is_match(path)
        {
            return true;
        }
        format.published_by_default(path)
    }
}

/// Whether bytes look binary: a NUL byte early on, outside UTF-16 text.
pub fn is_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return false;
    }
    memchr::memchr(0, head).is_some()
}

/// Checks the bytes of one file.
pub fn check_file(display: &str, path: Option<&Path>, bytes: &[u8], format: Format, settings: &Settings) -> FileReport {
    let published = settings.is_published(format, path);
    let mut report = FileReport {
        path: display.to_owned(),
        format,
        published,
        invitations: Vec::new(),
        diagnostics: Vec::new(),
        fixed: Vec::new(),
    };
    let unit = Unit::whole(bytes);
    let suppressions = Suppressions::scan(bytes);
    if is_binary(bytes) {
        let problem = input::Problem {
            range: 0..bytes.len().min(1),
            kind: input::ProblemKind::Binary,
        };
        let finding = rules::vl901_invalid_input::finding(&problem, settings.lang);
        push_finding(&mut report, &unit, finding, &[], settings, None, &suppressions, path);
        return report;
    }
    let read = input::read(format, bytes);
    check_unit(&unit, read, published, settings, &mut report, &suppressions, path);
    report
        .diagnostics
        .sort_by(|a, b| (a.line, a.column, a.code).cmp(&(b.line, b.column, b.code)));
    report
}

/// Checks what a reader produced from one unit, appending to `report`.
pub fn check_unit(
    unit: &Unit<'_>,
    read: ReadOutput,
    published: bool,
    settings: &Settings,
    report: &mut FileReport,
    suppressions: &Suppressions,
    path: Option<&Path>,
) {
    for invitation in &read.invitations {
        let analysis = extract::analyze(invitation, &settings.policy);
        if matches!(invitation.kind, InvitationKind::Todo | InvitationKind::Journal) && analysis.meetings.is_empty() {
            continue;
        }
        let level = settings.sensitivity.unwrap_or(analysis.sensitivity.level);
        let attendance = settings.attendees.map_or(analysis.attendance, |n| Attendance {
            count: Some(n),
            exact: true,
        });
        let cx = Context {
            policy: &settings.policy,
            unit,
            lang: settings.lang,
            invitation,
            analysis: &analysis,
            published,
            invitee: is_invitee(invitation, &settings.me),
            level,
            attendance,
        };
        let findings = rules::check_invitation(&cx);
        let secrets: Vec<Range<usize>> = analysis.secret_ranges().collect();
        report.invitations.push(invitation_report(
            unit, invitation, &analysis, level, attendance, settings,
        ));
        for finding in findings {
            push_finding(
                report,
                unit,
                finding,
                &secrets,
                settings,
                invitation.id.as_deref(),
                suppressions,
                path,
            );
        }
    }
    for problem in &read.problems {
        let finding = rules::vl901_invalid_input::finding(problem, settings.lang);
        push_finding(report, unit, finding, &[], settings, None, suppressions, path);
    }
}

/// The user is invited rather than organizing: one of their addresses is
/// an attendee or recipient, and none is the organizer.
fn is_invitee(invitation: &Invitation, me: &[String]) -> bool {
    if me.is_empty() {
        return false;
    }
    let mine = |address: &str| me.iter().any(|m| m == address);
    let organizer = invitation
        .people
        .iter()
        .any(|p| p.role == PersonRole::Organizer && mine(&p.address));
    let invited = invitation
        .people
        .iter()
        .any(|p| p.role != PersonRole::Organizer && mine(&p.address));
    invited && !organizer
}

fn invitation_report(
    unit: &Unit<'_>,
    invitation: &Invitation,
    analysis: &Analysis,
    level: Level,
    attendance: Attendance,
    settings: &Settings,
) -> InvitationReport {
    let policy = &settings.policy;
    let show = settings.show_secrets;
    let meetings = analysis
        .meetings
        .iter()
        .map(|m| {
            let first = m.first();
            let pos = unit.pos(first.orig.start);
            let platform = m.platform_id(policy);
            // Each credential once: the same passcode in DESCRIPTION and in
            // X-ALT-DESC is one passcode.
            let mut seen: Vec<(crate::extract::CredentialKind, &str)> = Vec::new();
            let credentials = m
                .credentials
                .iter()
                .map(|&c| &analysis.credentials[c])
                .filter(|c| {
                    let key = (c.kind, c.value.as_str());
                    if seen.contains(&key) {
                        false
                    } else {
                        seen.push(key);
                        true
                    }
                })
                .map(|c| {
                    let pos = unit.pos(c.orig.start);
                    CredentialReport {
                        kind: c.kind,
                        line: pos.line,
                        column: pos.column,
                        value: (show && !c.value.is_empty()).then(|| c.value.clone()),
                    }
                })
                .collect();
            MeetingReport {
                platform: platform.to_owned(),
                host: m.host.clone(),
                url: if show {
                    first.url.to_string()
                } else {
                    redact::url(&first.url, platform)
                },
                meeting_id: m.meeting_id.clone(),
                has_password: m.has_password(analysis),
                credentials,
                line: pos.line,
                column: pos.column,
            }
        })
        .collect();
    let reasons = analysis
        .sensitivity
        .reasons
        .iter()
        .map(|r| ReasonReport {
            signal: r.signal,
            text: r.text.clone(),
            field: r.field.clone(),
            line: unit.pos(r.offset).line,
        })
        .collect();
    let summary = invitation
        .summary
        .as_deref()
        .map(|s| if show { s.to_owned() } else { redact::text(s) });
    InvitationReport {
        id: invitation.id.clone(),
        summary,
        line: unit.pos(invitation.start).line,
        meetings,
        attendance,
        sensitivity: SensitivityReport { level, reasons },
    }
}

#[allow(clippy::too_many_arguments)]
fn push_finding(
    report: &mut FileReport,
    unit: &Unit<'_>,
    finding: Finding,
    secrets: &[Range<usize>],
    settings: &Settings,
    uid: Option<&str>,
    suppressions: &Suppressions,
    path: Option<&Path>,
) {
    let info = finding.rule;
    if !settings.rules.enabled(info, path, uid) {
        return;
    }
    let default = finding.severity.unwrap_or(info.severity);
    let severity: Severity = settings.rules.severity(info, default);
    let region = unit.region(finding.range.start, finding.range.end);
    if suppressions.suppressed(info, region.start.line) {
        return;
    }
    let line = unit.line_bounds(finding.range.start);
    let mark_end = finding.range.end.min(line.end).max(finding.range.start);
    let no_secrets: &[Range<usize>] = &[];
    let (text, start_column, end_column) = redact::line(
        unit.bytes,
        line,
        if settings.show_secrets { no_secrets } else { secrets },
        (finding.range.start, mark_end),
    );
    let edits = finding
        .edits
        .iter()
        .map(|(range, replacement)| Edit {
            start: unit.base_offset + range.start as u64,
            end: unit.base_offset + range.end as u64,
            replacement: replacement.clone(),
        })
        .collect();
    report.diagnostics.push(Diagnostic {
        code: info.code,
        name: info.name,
        severity,
        line: region.start.line,
        column: region.start.column,
        end_line: region.end.line,
        end_column: region.end.column,
        message: finding.message,
        help: finding.help,
        fixable: !finding.edits.is_empty() && !finding.unsafe_edits,
        bytes: (region.byte_start, region.byte_end),
        snippet: Some(Snippet {
            text,
            start_column,
            end_column,
        }),
        edits,
        unsafe_fix: finding.unsafe_edits && !finding.edits.is_empty(),
        fingerprint: format!("{}:{}", info.code, finding.fingerprint),
    });
}
