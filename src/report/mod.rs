//! Output formats (SPEC §6), written as the check goes: a report of a
//! million events is never held in memory. Every format prints only what
//! the check hands it, and that holds no secret unless `--show-secrets`.

use std::borrow::Cow;
use std::io::{self, Write};

use crate::i18n::Lang;
use crate::input::Format;
use crate::model::{Diagnostic, FileReport, FixedReport, InvitationReport, Report, Summary};

mod concise;
mod github;
mod json;
mod json_records;
mod sarif;
mod statistics;
mod text;

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Text,
    Concise,
    Json,
    Sarif,
    Github,
}

/// Options of the human-readable formats.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub lang: Lang,
    pub color: bool,
    pub show_meetings: bool,
    pub statistics: bool,
}

/// The file the following calls are about.
#[derive(Debug, Clone, Copy)]
pub struct FileHeader<'a> {
    pub path: &'a str,
    pub format: Format,
    pub published: bool,
}

/// Receives a check's results in order: for each file, `start_file`, then
/// invitations and diagnostics as batches are checked, then `end_file`;
/// `finish` once at the end.
pub trait Sink {
    fn start_file(&mut self, file: &FileHeader<'_>) -> io::Result<()>;
    fn invitation(&mut self, file: &FileHeader<'_>, invitation: &InvitationReport) -> io::Result<()>;
    fn diagnostic(&mut self, file: &FileHeader<'_>, diagnostic: &Diagnostic) -> io::Result<()>;
    fn end_file(&mut self, file: &FileHeader<'_>, fixed: &[FixedReport]) -> io::Result<()>;
    fn finish(&mut self, summary: &Summary) -> io::Result<()>;
}

/// The sink of an output format, writing to `out`.
pub fn sink<'w>(format: OutputFormat, options: Options, out: Box<dyn Write + Send + 'w>) -> Box<dyn Sink + Send + 'w> {
    match format {
        OutputFormat::Text => Box::new(text::TextSink::new(options, out)),
        OutputFormat::Concise => Box::new(concise::ConciseSink::new(options, out)),
        OutputFormat::Json => Box::new(json::JsonSink::new(out)),
        OutputFormat::Sarif => Box::new(sarif::SarifSink::new(options.lang, out)),
        OutputFormat::Github => Box::new(github::GithubSink::new(out)),
    }
}

/// Writes a whole report held in memory (library use, tests).
pub fn write(report: &Report, format: OutputFormat, options: Options, out: &mut (dyn Write + Send)) -> io::Result<()> {
    let mut sink = sink(format, options, Box::new(out));
    for file in &report.files {
        replay(sink.as_mut(), file)?;
    }
    sink.finish(&report.summary)
}

/// Hands a file report held in memory to a sink.
pub fn replay(sink: &mut dyn Sink, file: &FileReport) -> io::Result<()> {
    let header = FileHeader {
        path: &file.path,
        format: file.format,
        published: file.published,
    };
    sink.start_file(&header)?;
    for invitation in &file.invitations {
        sink.invitation(&header, invitation)?;
    }
    for diagnostic in &file.diagnostics {
        sink.diagnostic(&header, diagnostic)?;
    }
    sink.end_file(&header, &file.fixed)
}

/// Whether `c` must not reach a terminal as it is: a C0 control other than
/// tab, DEL, or a C1 control (ESC and CSI start escape sequences, CR
/// overwrites the line).
pub fn is_unprintable(c: char) -> bool {
    c != '\t' && c.is_control()
}

/// How an unprintable character is shown: `\u{1b}`.
pub fn escaped(c: char) -> String {
    format!("\\u{{{:x}}}", u32::from(c))
}

/// Text from the input, safe to print on a terminal: control characters
/// other than tab are shown as `\u{1b}`.
pub fn printable(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unprintable) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unprintable(c) {
            out.push_str(&escaped(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A stable 64-bit FNV-1a hash, for fingerprints that must not change
/// between runs or versions of Rust.
pub fn stable_hash(parts: &[&str]) -> String {
    let hash = parts.iter().fold(crate::ascii::FNV_OFFSET, |hash, part| {
        crate::ascii::fnv1a(hash, part.bytes().chain(std::iter::once(0)))
    });
    format!("{hash:016x}")
}
