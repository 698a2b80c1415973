//! The pipeline for one file: bytes → batches → invitations → analyses →
//! findings → positioned, redacted diagnostics.
//!
//! Large calendars and mailboxes are read as a stream of batches of whole
//! events or messages (`input::chunk`); batches are checked in parallel, a
//! window at a time, and their results handed on in file order, so memory
//! stays bounded and the output does not depend on the number of threads.

use std::io::{self, Read};
use std::ops::Range;
use std::path::Path;

use crate::ascii::{FNV_OFFSET, fnv1a};
use crate::extract::{self, Analysis, Attendance, Level};
use crate::i18n::Lang;
use crate::input::chunk::{Batch, Chunker};
use crate::input::{self, Format, Invitation, InvitationKind, PersonRole, Problem, ProblemKind};
use crate::model::{
    CredentialReport, Diagnostic, Edit, FileReport, InvitationReport, MeetingReport, ReasonReport, SensitivityReport,
    Snippet,
};
use crate::policy::Policy;
use crate::redact;
use crate::rules::{self, Context, Finding, Severity};
use crate::selection::{RuleSelection, Suppressions, UnknownCode, suggestion};
use crate::source::Unit;

/// Batches of a streamed file aim at this size.
pub const BATCH_TARGET: usize = 256 * 1024;
/// One event, message or line larger than this is cut, and the cut is
/// reported (`VL901`, limit `max-unit-size`).
pub const MAX_UNIT: usize = 64 * 1024 * 1024;
/// `ignore-file` directives are read from this much of the head of a file.
pub const DIRECTIVES_HEAD: usize = 64 * 1024;
/// Batches in flight (being read, checked or waiting to be written) per
/// worker thread of a streamed file.
const IN_FLIGHT_PER_THREAD: usize = 4;

/// A checked batch and its buffer, for reuse.
type Checked = (BatchOutput, Vec<u8>);

/// The batch size: `BATCH_TARGET`, or `VISIOLINT_BATCH_BYTES` (tests use tiny
/// batches to check that results do not depend on where batches are cut).
fn batch_target() -> usize {
    std::env::var("VISIOLINT_BATCH_BYTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n: &usize| n > 0)
        .unwrap_or(BATCH_TARGET)
}

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
    /// Config `me`: keys of the user's addresses.
    pub me: Vec<u64>,
    /// Config `[limits]`.
    pub limits: input::Limits,
    /// Whether diagnostics carry the redacted source line: only the text
    /// report prints it, and for the other formats making it was more than
    /// half of the cost of each finding.
    pub snippets: bool,
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
            limits: input::Limits::default(),
            snippets: true,
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

/// What the check knows of a file besides its bytes.
#[derive(Debug, Clone, Copy)]
pub struct FileMeta<'a> {
    /// The path as reports show it.
    pub display: &'a str,
    /// The path rules and configuration globs see (relative to the
    /// configuration file), if the input is a file.
    pub path: Option<&'a Path>,
    pub format: Format,
    pub published: bool,
}

/// The results of one batch, in file order.
#[derive(Debug, Default)]
pub struct BatchOutput {
    pub invitations: Vec<InvitationReport>,
    pub diagnostics: Vec<Diagnostic>,
    /// Bytes of input the batch covered (for progress).
    pub bytes: u64,
    /// Entries of suppression comments that name no rule, by line (for
    /// warnings on stderr, see [`CodeWarnings`]), and how many more.
    pub unknown_codes: Vec<(usize, UnknownCode)>,
    pub unknown_more: usize,
}

/// Whether bytes look binary: a NUL byte early on, outside UTF-16 text.
pub fn is_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return false;
    }
    memchr::memchr(0, head).is_some()
}

/// Checks a whole file held in memory, sequentially.
pub fn check_file(display: &str, path: Option<&Path>, bytes: &[u8], format: Format, settings: &Settings) -> FileReport {
    let meta = FileMeta {
        display,
        path,
        format,
        published: settings.is_published(format, path),
    };
    let mut report = FileReport {
        path: display.to_owned(),
        format,
        published: meta.published,
        invitations: Vec::new(),
        diagnostics: Vec::new(),
        fixed: Vec::new(),
        warnings: Vec::new(),
    };
    let mut warnings = CodeWarnings::default();
    let result = check_reader(bytes, &meta, settings, 1, &mut |mut out| {
        warnings.add(&mut out);
        report.invitations.extend(out.invitations);
        report.diagnostics.extend(out.diagnostics);
    });
    report.warnings = warnings.messages(display, settings.lang);
    // Reading from memory cannot fail.
    debug_assert!(result.is_ok());
    report
}

/// Streams a file through the pipeline, handing each batch's results to
/// `emit` in file order. `threads` > 1 checks batches on that many worker
/// threads (see `check_in_parallel`).
pub fn check_reader<R: Read + Send>(
    reader: R,
    meta: &FileMeta<'_>,
    settings: &Settings,
    threads: usize,
    emit: &mut (dyn FnMut(BatchOutput) + Send),
) -> io::Result<()> {
    let streamed = matches!(meta.format, Format::Ics | Format::Mbox);
    let target = if streamed { batch_target() } else { MAX_UNIT };
    let mut chunker = Chunker::new(reader, meta.format, target, MAX_UNIT);
    let Some(first) = chunker.next_batch()? else {
        return finish_stream(&chunker, 0, meta, settings, emit);
    };
    if first.offset == 0 && is_binary(&first.bytes) {
        emit(binary_file_output(&first.bytes, settings, meta));
        return Ok(());
    }
    let head = &first.bytes[..first.bytes.len().min(DIRECTIVES_HEAD)];
    let file_wide = Suppressions::scan(head).file_wide();
    let mut invitations = 0usize;
    let mut hand_on = |out: BatchOutput| {
        invitations += out.invitations.len();
        emit(out);
    };
    let chunker = if threads > 1 {
        let check = |batch: Batch| check_batch(batch, meta, settings, &file_wide);
        check_in_parallel(chunker, first, threads, &check, &mut hand_on)?
    } else {
        let mut next = Some(first);
        while let Some(batch) = next {
            let (out, buffer) = check_batch(batch, meta, settings, &file_wide);
            chunker.recycle(buffer);
            hand_on(out);
            next = chunker.next_batch()?;
        }
        chunker
    };
    finish_stream(&chunker, invitations, meta, settings, emit)
}

/// Checks the batches of `chunker`, `first` included, on `threads` worker
/// threads while one thread reads and the caller's thread hands results
/// on in file order. No barrier between groups of batches: a slow batch
/// holds up only the output behind it, and at most `IN_FLIGHT_PER_THREAD`
/// batches per thread are held at once (memory stays bounded).
fn check_in_parallel<R: Read + Send>(
    mut chunker: Chunker<R>,
    first: Batch,
    threads: usize,
    check: &(dyn Fn(Batch) -> Checked + Sync),
    hand_on: &mut dyn FnMut(BatchOutput),
) -> io::Result<Chunker<R>> {
    use std::collections::BTreeMap;
    use std::sync::{Mutex, mpsc};

    let in_flight = threads * IN_FLIGHT_PER_THREAD;
    // Buffers are the tokens of the batches in flight: the reader takes
    // one per batch and the writer gives it back once the batch is out.
    let (buffers_tx, buffers_rx) = mpsc::channel::<Vec<u8>>();
    for _ in 1..in_flight {
        let _ = buffers_tx.send(Vec::new());
    }
    // Room for every batch in flight: the reader never waits to queue one
    // (it waits for a buffer), even when no worker is left.
    let (work_tx, work_rx) = mpsc::sync_channel::<(usize, Batch)>(in_flight);
    let work_rx = Mutex::new(work_rx);
    let (done_tx, done_rx) = mpsc::channel::<(usize, std::thread::Result<Checked>)>();
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || -> io::Result<Chunker<R>> {
            let _ = work_tx.send((0, first));
            let mut seq = 1;
            while let Ok(buffer) = buffers_rx.recv() {
                chunker.recycle(buffer);
                let Some(batch) = chunker.next_batch()? else { break };
                if work_tx.send((seq, batch)).is_err() {
                    break;
                }
                seq += 1;
            }
            Ok(chunker)
        });
        for _ in 0..threads {
            let done_tx = done_tx.clone();
            let work_rx = &work_rx;
            scope.spawn(move || {
                loop {
                    let next = work_rx.lock().map(|rx| rx.recv());
                    let Ok(Ok((seq, batch))) = next else { break };
                    // A panic is handed to the writer, which stops the
                    // others: a worker that vanished would leave the
                    // writer waiting for its batch forever.
                    let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(batch)));
                    let failed = checked.is_err();
                    if done_tx.send((seq, checked)).is_err() || failed {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        // Results come in any order: they are handed on in file order.
        let mut waiting: BTreeMap<usize, Checked> = BTreeMap::new();
        let mut next_out = 0;
        let mut panicked = None;
        for (seq, checked) in done_rx {
            match checked {
                Ok(checked) => waiting.insert(seq, checked),
                Err(panic) => {
                    panicked = Some(panic);
                    break;
                }
            };
            while let Some((out, buffer)) = waiting.remove(&next_out) {
                hand_on(out);
                let _ = buffers_tx.send(buffer);
                next_out += 1;
            }
        }
        // No more buffers: the reader stops, then the workers.
        drop(buffers_tx);
        let read = reader.join();
        if let Some(panic) = panicked {
            std::panic::resume_unwind(panic);
        }
        read.unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// The output of a file whose head is binary: one problem, nothing read.
fn binary_file_output(bytes: &[u8], settings: &Settings, meta: &FileMeta<'_>) -> BatchOutput {
    let problem = Problem {
        range: 0..bytes.len().min(1),
        kind: ProblemKind::Binary,
    };
    let unit = Unit::new(bytes, 0, 1);
    let mut out = BatchOutput::default();
    let secrets = Secrets {
        ranges: &[],
        values: &[],
        patterns: true,
    };
    push_problem(
        &mut out,
        &unit,
        &problem,
        secrets,
        settings,
        meta,
        &Suppressions::default(),
    );
    out
}

/// What no batch can see alone, once the whole file is read.
fn finish_stream<R: Read>(
    chunker: &Chunker<R>,
    invitations: usize,
    meta: &FileMeta<'_>,
    settings: &Settings,
    emit: &mut (dyn FnMut(BatchOutput) + Send),
) -> io::Result<()> {
    if meta.format == Format::Ics {
        let shape = &chunker.shape;
        let mut problems = Vec::new();
        if !shape.saw_calendar && shape.saw_content && invitations == 0 {
            problems.push((ProblemKind::NotACalendar, 1));
        }
        if let Some((_, line)) = shape.unclosed_calendar {
            problems.push((
                ProblemKind::UnclosedComponent {
                    name: "VCALENDAR".to_owned(),
                },
                line,
            ));
        }
        let mut out = BatchOutput::default();
        for (kind, line) in problems {
            push_file_problem(&mut out, kind, line, settings, meta);
        }
        if !out.diagnostics.is_empty() {
            emit(out);
        }
    }
    Ok(())
}

/// Checks one batch: reads it, analyses each invitation, runs the rules.
/// Gives back the batch's buffer for reuse.
pub fn check_batch(
    batch: Batch,
    meta: &FileMeta<'_>,
    settings: &Settings,
    file_wide: &Suppressions,
) -> (BatchOutput, Vec<u8>) {
    let Batch {
        bytes,
        offset,
        line,
        cut_line,
    } = batch;
    let (mut out, bytes) = check_batch_bytes(bytes, offset, line, meta, settings, file_wide);
    if let Some(cut_line) = cut_line {
        let kind = ProblemKind::LimitExceeded {
            limit: "max-unit-size",
            value: MAX_UNIT as u64,
        };
        push_file_problem(&mut out, kind, cut_line, settings, meta);
    }
    (out, bytes)
}

fn check_batch_bytes(
    bytes: Vec<u8>,
    offset: u64,
    line: usize,
    meta: &FileMeta<'_>,
    settings: &Settings,
    file_wide: &Suppressions,
) -> (BatchOutput, Vec<u8>) {
    // A calendar in UTF-8 (nearly all) is read in place, not copied.
    let bytes = match meta.format {
        Format::Ics => match String::from_utf8(bytes) {
            Ok(text) => {
                let text = crate::mapped::Mapped::verbatim(text, 0);
                let mut read = input::ReadOutput::default();
                input::ics::read_calendar(&text, &mut read, &settings.limits);
                let out = check_read(text.as_str().as_bytes(), offset, line, read, meta, settings, file_wide);
                return (out, text.into_bytes());
            }
            Err(e) => e.into_bytes(),
        },
        _ => bytes,
    };
    let read = input::read_with(meta.format, &bytes, &settings.limits);
    let out = check_read(&bytes, offset, line, read, meta, settings, file_wide);
    (out, bytes)
}

/// Checks what was read from the bytes of one batch.
fn check_read(
    bytes: &[u8],
    offset: u64,
    line: usize,
    read: input::ReadOutput,
    meta: &FileMeta<'_>,
    settings: &Settings,
    file_wide: &Suppressions,
) -> BatchOutput {
    let unit = Unit::new(bytes, offset, line);
    let mut suppressions = Suppressions::scan(bytes).shifted(line - 1);
    suppressions.extend(file_wide);
    let mut out = BatchOutput {
        bytes: bytes.len() as u64,
        unknown_codes: suppressions.unknown_codes().0.to_vec(),
        unknown_more: suppressions.unknown_codes().1,
        ..BatchOutput::default()
    };
    // The secrets of the batch, for the lines of its problems.
    let mut batch_secrets: Vec<Range<usize>> = Vec::new();
    let mut batch_values: Vec<String> = Vec::new();
    for invitation in &read.invitations {
        let analysis = extract::analyze_within(invitation, &settings.policy, &settings.limits);
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
            unit: &unit,
            lang: settings.lang,
            invitation,
            analysis: &analysis,
            published: meta.published,
            invitee: is_invitee(invitation, &settings.me),
            level,
            attendance,
        };
        let mut findings = rules::check_invitation(&cx);
        if let Some(range) = analysis.links_over_limit.clone() {
            let problem = Problem {
                range,
                kind: ProblemKind::LimitExceeded {
                    limit: "max-links",
                    value: settings.limits.max_links as u64,
                },
            };
            findings.push(rules::vl901_invalid_input::finding(&problem, settings.lang));
        }
        findings.sort_by_key(|f| (f.range.start, f.rule.code));
        let mut secret_values = analysis.secret_values();
        // Identifiers are masked wherever they are written again (a title).
        secret_values.extend(
            analysis
                .sensitivity
                .identifiers
                .iter()
                .filter_map(|(r, _)| bytes.get(r.clone()))
                .map(|b| String::from_utf8_lossy(b).into_owned()),
        );
        let secrets: Vec<Range<usize>> = analysis.secret_ranges().collect();
        if !read.problems.is_empty() {
            batch_secrets.extend(secrets.iter().cloned());
            batch_values.extend(secret_values.iter().cloned());
        }
        out.invitations.push(invitation_report(
            &unit,
            invitation,
            &analysis,
            level,
            attendance,
            settings,
            &secret_values,
        ));
        for finding in findings {
            push_finding(
                &mut out,
                &unit,
                finding,
                Secrets {
                    ranges: &secrets,
                    values: &secret_values,
                    patterns: false,
                },
                settings,
                meta,
                invitation.id.as_deref(),
                &suppressions,
            );
        }
    }
    for problem in &read.problems {
        let secrets = Secrets {
            ranges: &batch_secrets,
            values: &batch_values,
            patterns: true,
        };
        push_problem(&mut out, &unit, problem, secrets, settings, meta, &suppressions);
    }
    out.diagnostics
        .sort_by(|a, b| (a.line, a.column, a.code).cmp(&(b.line, b.column, b.code)));
    out
}

/// The user is invited rather than organizing: one of their addresses is
/// an attendee or recipient, and none is the organizer.
fn is_invitee(invitation: &Invitation, me: &[u64]) -> bool {
    if me.is_empty() {
        return false;
    }
    let organizer = invitation
        .people
        .iter()
        .any(|p| p.role == PersonRole::Organizer && me.contains(&p.key));
    let invited = invitation
        .people
        .iter()
        .any(|p| p.role != PersonRole::Organizer && me.contains(&p.key));
    invited && !organizer
}

fn invitation_report(
    unit: &Unit<'_>,
    invitation: &Invitation,
    analysis: &Analysis,
    level: Level,
    attendance: Attendance,
    settings: &Settings,
    secret_values: &[String],
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
                    let new = !seen.contains(&key);
                    if new {
                        seen.push(key);
                    }
                    new
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
    let summary = invitation.summary.as_deref().map(|s| {
        if show {
            s.to_owned()
        } else {
            redact::mask_values(&redact::text(s), secret_values)
        }
    });
    InvitationReport {
        id: invitation.id.clone(),
        summary,
        line: unit.pos(invitation.start).line,
        meetings,
        attendance,
        sensitivity: SensitivityReport { level, reasons },
    }
}

/// What must not be printed of an invitation: original byte ranges, and
/// the values themselves wherever else they are written.
#[derive(Clone, Copy)]
struct Secrets<'a> {
    ranges: &'a [Range<usize>],
    values: &'a [String],
    /// Also mask what looks like a secret in the printed line (for lines
    /// no analysis vouches for, such as those a reader could not parse).
    patterns: bool,
}

/// Adds `finding` as a positioned, redacted diagnostic, unless its rule is
/// off or silenced there; returns the diagnostic added.
#[allow(clippy::too_many_arguments)]
fn push_finding<'o>(
    out: &'o mut BatchOutput,
    unit: &Unit<'_>,
    finding: Finding,
    secrets: Secrets<'_>,
    settings: &Settings,
    meta: &FileMeta<'_>,
    uid: Option<&str>,
    suppressions: &Suppressions,
) -> Option<&'o mut Diagnostic> {
    let info = finding.rule;
    if !settings.rules.enabled(info, meta.path, uid) {
        return None;
    }
    let default = finding.severity.unwrap_or(info.severity);
    let severity: Severity = settings.rules.severity(info, default);
    let region = unit.region(finding.range.start, finding.range.end);
    if suppressions.suppressed(info, region.start.line) {
        return None;
    }
    let snippet = settings.snippets.then(|| {
        let line = unit.line_bounds(finding.range.start);
        let mark_end = finding.range.end.min(line.end).max(finding.range.start);
        let hidden = if settings.show_secrets {
            Vec::new()
        } else {
            hidden_ranges(unit, line.clone(), secrets)
        };
        let (text, start_column, end_column) = redact::line(unit.bytes, line, &hidden, (finding.range.start, mark_end));
        Snippet {
            text,
            start_column,
            end_column,
        }
    });
    let edits = finding
        .edits
        .iter()
        .map(|(range, replacement)| Edit {
            start: unit.base_offset + range.start as u64,
            end: unit.base_offset + range.end as u64,
            replacement: replacement.clone(),
        })
        .collect();
    out.diagnostics.push(Diagnostic {
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
        snippet,
        edits,
        unsafe_fix: finding.unsafe_edits && !finding.edits.is_empty(),
        fingerprint: format!("{}:{}", info.code, finding.fingerprint),
    });
    out.diagnostics.last_mut()
}

/// The parts of `unit.bytes[line]` that must not be printed: the secrets
/// crossing the line, their values written elsewhere on it, and (for lines
/// no analysis vouches for) whatever looks like a secret.
fn hidden_ranges(unit: &Unit<'_>, line: Range<usize>, secrets: Secrets<'_>) -> Vec<Range<usize>> {
    let mut hidden: Vec<Range<usize>> = secrets
        .ranges
        .iter()
        .filter(|r| r.start < line.end && line.start < r.end)
        .cloned()
        .collect();
    hidden.extend(redact::value_ranges(unit.bytes, line.clone(), secrets.values));
    if secrets.patterns {
        hidden.extend(pattern_ranges(unit.bytes, line));
    }
    hidden
}

/// A problem a reader met, as a `VL901` diagnostic on its place in `unit`.
/// Its line is printed without the `secrets` of the invitations around it,
/// nor anything that looks like a secret.
fn push_problem(
    out: &mut BatchOutput,
    unit: &Unit<'_>,
    problem: &Problem,
    secrets: Secrets<'_>,
    settings: &Settings,
    meta: &FileMeta<'_>,
    suppressions: &Suppressions,
) {
    let finding = rules::vl901_invalid_input::finding(problem, settings.lang);
    let Some(diagnostic) = push_finding(out, unit, finding, secrets, settings, meta, None, suppressions) else {
        return;
    };
    // Two problems of one kind in a file are two results: the fingerprint
    // adds the problem's line (not its number, which moves).
    let hash = line_shape_hash(unit.bytes, unit.line_bounds(problem.range.start));
    diagnostic.fingerprint = format!("{}:{hash:016x}", diagnostic.fingerprint);
}

/// A hash of `bytes[line]` with whatever could be a secret masked by its
/// shape alone (labelled and URL credentials, NIRs, every word holding a
/// digit), not by the secrets of the invitations around it, which depend
/// on where batches are cut: the same for a line wherever it stands, and
/// never the hash of a short number. Identical lines hash alike.
fn line_shape_hash(bytes: &[u8], line: Range<usize>) -> u64 {
    let mut masked = bytes[line.clone()].to_vec();
    for r in pattern_ranges(bytes, line.clone()) {
        masked[r.start - line.start..r.end - line.start].fill(b'*');
    }
    masked
        .chunk_by(|a, b| a.is_ascii_alphanumeric() == b.is_ascii_alphanumeric())
        .fold(FNV_OFFSET, |hash, run| {
            if run.iter().any(u8::is_ascii_digit) {
                fnv1a(hash, *b"****")
            } else {
                fnv1a(hash, run.iter().copied())
            }
        })
}

/// What looks like a secret in `bytes[line]`, as ranges of `bytes`. Text
/// that is not UTF-8 is searched with its other bytes blanked, so offsets
/// stay those of the original.
fn pattern_ranges(bytes: &[u8], line: Range<usize>) -> Vec<Range<usize>> {
    let raw = &bytes[line.clone()];
    let ranges = match std::str::from_utf8(raw) {
        Ok(text) => redact::pattern_ranges(text),
        Err(_) => {
            let ascii: String = raw
                .iter()
                .map(|&b| if b.is_ascii() { b as char } else { ' ' })
                .collect();
            redact::pattern_ranges(&ascii)
        }
    };
    ranges
        .into_iter()
        .map(|r| line.start + r.start..line.start + r.end)
        .collect()
}

/// A problem of the file as a whole (found after streaming it): no source
/// line is at hand, only its number.
fn push_file_problem(out: &mut BatchOutput, kind: ProblemKind, line: usize, settings: &Settings, meta: &FileMeta<'_>) {
    if let Some(diagnostic) = file_problem(kind, line, settings, meta.path) {
        out.diagnostics.push(diagnostic);
    }
}

/// The warnings of one file about suppression comments that name no rule:
/// a typo there silences nothing, and the user believes otherwise. At most
/// [`CodeWarnings::SHOWN`] per file, then a count, whatever the batches.
#[derive(Debug, Default)]
pub struct CodeWarnings {
    shown: Vec<(usize, UnknownCode)>,
    more: usize,
}

impl CodeWarnings {
    const SHOWN: usize = 20;

    /// Takes the unknown codes of a batch (batches come in file order).
    pub fn add(&mut self, out: &mut BatchOutput) {
        let room = Self::SHOWN - self.shown.len();
        let codes = std::mem::take(&mut out.unknown_codes);
        self.more += codes.len().saturating_sub(room) + out.unknown_more;
        self.shown.extend(codes.into_iter().take(room));
    }

    /// One line per code, then one for the rest; `display` is the file.
    pub fn messages(&self, display: &str, lang: Lang) -> Vec<String> {
        let mut lines: Vec<String> = self
            .shown
            .iter()
            .map(|(line, code)| {
                let what = match (code, lang) {
                    (UnknownCode::Named(code), Lang::Fr) => match suggestion(code) {
                        Some(s) => format!("code de règle inconnu « {code} » (vouliez-vous dire « {s} » ?)"),
                        None => format!("code de règle inconnu « {code} »"),
                    },
                    (UnknownCode::Named(code), Lang::En) => match suggestion(code) {
                        Some(s) => format!("unknown rule code '{code}' (did you mean '{s}'?)"),
                        None => format!("unknown rule code '{code}'"),
                    },
                    (UnknownCode::Other, Lang::Fr) => "une entrée qui n'est pas un code de règle".to_owned(),
                    (UnknownCode::Other, Lang::En) => "an entry that is not a rule code".to_owned(),
                    (UnknownCode::Unclosed, Lang::Fr) => "une liste sans `]`".to_owned(),
                    (UnknownCode::Unclosed, Lang::En) => "a list without its `]`".to_owned(),
                };
                match lang {
                    Lang::Fr => format!(
                        "{display}:{line}: {what} dans un commentaire `visiolint: ignore` : \
                         ne fait rien taire (`visiolint rules` liste les codes)"
                    ),
                    Lang::En => format!(
                        "{display}:{line}: {what} in a `visiolint: ignore` comment: \
                         silences nothing (`visiolint rules` lists the codes)"
                    ),
                }
            })
            .collect();
        if self.more > 0 {
            let more = self.more;
            lines.push(match (lang, more) {
                (Lang::Fr, 1) => {
                    format!("{display}: 1 autre entrée inconnue dans des commentaires `visiolint: ignore`")
                }
                (Lang::Fr, _) => {
                    format!("{display}: {more} autres entrées inconnues dans des commentaires `visiolint: ignore`")
                }
                (Lang::En, 1) => format!("{display}: 1 more unknown entry in `visiolint: ignore` comments"),
                (Lang::En, _) => format!("{display}: {more} more unknown entries in `visiolint: ignore` comments"),
            });
        }
        lines
    }
}

/// The `VL901` diagnostic for a problem that has a line but no source text
/// (a limit reached, a file not read); `None` when the rule is off there.
pub fn file_problem(kind: ProblemKind, line: usize, settings: &Settings, path: Option<&Path>) -> Option<Diagnostic> {
    let problem = Problem { range: 0..0, kind };
    let finding = rules::vl901_invalid_input::finding(&problem, settings.lang);
    let info = finding.rule;
    if !settings.rules.enabled(info, path, None) {
        return None;
    }
    Some(Diagnostic {
        code: info.code,
        name: info.name,
        severity: settings.rules.severity(info, info.severity),
        line,
        column: 1,
        end_line: line,
        end_column: 1,
        message: finding.message,
        help: finding.help,
        fixable: false,
        bytes: (0, 0),
        snippet: None,
        edits: Vec::new(),
        unsafe_fix: false,
        fingerprint: format!("{}:{}", info.code, finding.fingerprint),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn calendar(events: usize) -> Vec<u8> {
        let mut text = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
        for i in 0..events {
            text.push_str(&format!(
                "BEGIN:VEVENT\r\nUID:{i}@example.org\r\nSUMMARY:Point {i}\r\nEND:VEVENT\r\n"
            ));
        }
        text.push_str("END:VCALENDAR\r\n");
        text.into_bytes()
    }

    /// Runs `check_in_parallel` on three workers over a calendar cut into
    /// many batches, `job` standing for the check. It runs on a thread of
    /// its own so that a hang fails the test instead of blocking it. The
    /// outputs' `bytes` are the offsets of their batches.
    fn run_parallel(job: impl Fn(Batch) -> Checked + Sync + Send + 'static) -> std::thread::Result<(Vec<u64>, usize)> {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let bytes = calendar(300);
                let mut chunker = Chunker::new(&bytes[..], Format::Ics, 200, MAX_UNIT);
                let first = chunker.next_batch().unwrap().unwrap();
                let mut offsets = Vec::new();
                let mut hand_on = |out: BatchOutput| offsets.push(out.bytes);
                check_in_parallel(chunker, first, 3, &job, &mut hand_on).unwrap();
                let mut expected = Chunker::new(&bytes[..], Format::Ics, 200, MAX_UNIT);
                let mut batches = 0;
                while expected.next_batch().unwrap().is_some() {
                    batches += 1;
                }
                (offsets, batches)
            }));
            let _ = tx.send(result);
        });
        rx.recv_timeout(Duration::from_secs(60))
            .expect("check_in_parallel returns instead of hanging")
    }

    fn offset_output(batch: Batch) -> Checked {
        let out = BatchOutput {
            bytes: batch.offset,
            ..BatchOutput::default()
        };
        (out, batch.bytes)
    }

    #[test]
    fn parallel_results_come_out_in_file_order() {
        // Every third batch is slow: later ones finish first.
        let (offsets, batches) = run_parallel(|batch: Batch| {
            if (batch.offset / 200).is_multiple_of(3) {
                std::thread::sleep(Duration::from_millis(2));
            }
            offset_output(batch)
        })
        .expect("no panic");
        assert!(batches > 50, "{batches} batches");
        assert_eq!(offsets.len(), batches);
        assert!(offsets.windows(2).all(|w| w[0] < w[1]), "{offsets:?}");
    }

    #[test]
    fn a_panicking_check_stops_the_run_instead_of_hanging_it() {
        // One batch, the others going on.
        let one = run_parallel(|batch: Batch| {
            let end = batch.offset + batch.bytes.len() as u64;
            assert!(!(batch.offset..end).contains(&2000), "a bug in a check");
            offset_output(batch)
        });
        assert!(one.is_err());
        // Every worker, while the reader still has batches to queue.
        let all = run_parallel(|batch: Batch| {
            assert!(batch.offset < 200, "a bug in a check");
            offset_output(batch)
        });
        assert!(all.is_err());
    }
}
