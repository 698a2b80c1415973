//! Readers: bytes in, invitations out.
//!
//! Every reader turns the bytes of one unit (a file, a message of a mailbox,
//! a slice of a calendar) into [`Invitation`]s whose text fields keep, through
//! a [`Mapped`], the position of each byte in the original unit.

use std::borrow::Cow;
use std::ops::Range;
use std::path::Path;

use serde::Serialize;

use crate::ascii::bytes_start_with_ignore_case;
use crate::mapped::Mapped;

pub mod chunk;
pub mod decode;
pub mod email;
pub mod ics;
pub mod markup;
pub mod mbox;
pub mod text;

/// Input formats (SPEC §2); also the values of `--stdin-format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Ics,
    Eml,
    Mbox,
    Html,
    Markdown,
    Text,
}

impl Format {
    pub const ALL: [Format; 6] = [
        Format::Ics,
        Format::Eml,
        Format::Mbox,
        Format::Html,
        Format::Markdown,
        Format::Text,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Ics => "ics",
            Format::Eml => "eml",
            Format::Mbox => "mbox",
            Format::Html => "html",
            Format::Markdown => "markdown",
            Format::Text => "text",
        }
    }

    /// The format a file extension names, if any.
    pub fn from_extension(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "ics" | "ical" | "icalendar" | "ifb" | "vcs" => Format::Ics,
            "eml" | "msg822" => Format::Eml,
            "mbox" | "mbx" => Format::Mbox,
            "html" | "htm" | "xhtml" => Format::Html,
            "md" | "markdown" | "mdx" => Format::Markdown,
            "txt" | "text" | "rst" | "adoc" | "asciidoc" => Format::Text,
            _ => return None,
        })
    }

    /// The format the content looks like, if it looks like one.
    pub fn sniff(bytes: &[u8]) -> Option<Format> {
        let head = &bytes[..bytes.len().min(4096)];
        let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        let trimmed = trim_ascii_start(head);
        if bytes_start_with_ignore_case(trimmed, b"BEGIN:VCALENDAR") {
            return Some(Format::Ics);
        }
        if looks_like_mbox(head) {
            return Some(Format::Mbox);
        }
        if bytes_start_with_ignore_case(trimmed, b"<!doctype html") || bytes_start_with_ignore_case(trimmed, b"<html") {
            return Some(Format::Html);
        }
        if looks_like_message(head) {
            return Some(Format::Eml);
        }
        None
    }

    /// Extension first, then content, then plain text.
    pub fn detect(path: Option<&Path>, bytes: &[u8]) -> Format {
        path.and_then(Format::from_extension)
            .or_else(|| Format::sniff(bytes))
            .unwrap_or(Format::Text)
    }

    /// Whether content in this format is published by default (SPEC §5):
    /// web pages and documentation sources.
    pub fn published_by_default(self, path: Option<&Path>) -> bool {
        match self {
            Format::Html | Format::Markdown => true,
            Format::Text => path
                .and_then(|p| p.extension())
                .and_then(|e| e.to_str())
                .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "rst" | "adoc" | "asciidoc")),
            _ => false,
        }
    }
}

fn trim_ascii_start(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[start..]
}

/// An mbox separator line (`From sender Mon Jan  5 09:12:44 2026`), or a
/// `From ` line followed by a message header: text that merely starts with
/// "From 14:00 to 16:00" is not a mailbox.
fn looks_like_mbox(head: &[u8]) -> bool {
    let Some(rest) = head.strip_prefix(b"From ") else {
        return false;
    };
    let end = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
    let line = &rest[..end];
    let has_weekday = line
        .split(|b| b.is_ascii_whitespace())
        .any(|w| [&b"Mon"[..], b"Tue", b"Wed", b"Thu", b"Fri", b"Sat", b"Sun"].contains(&w));
    let has_time = line.windows(5).any(|w| {
        w[0].is_ascii_digit() && w[1].is_ascii_digit() && w[2] == b':' && w[3].is_ascii_digit() && w[4].is_ascii_digit()
    });
    (has_weekday && has_time) || rest.get(end + 1..).is_some_and(looks_like_message)
}

/// RFC 5322 headers: the first line is a header field and a usual message
/// header appears before the first blank line.
fn looks_like_message(head: &[u8]) -> bool {
    const KNOWN: [&[u8]; 9] = [
        b"from:",
        b"to:",
        b"subject:",
        b"date:",
        b"received:",
        b"message-id:",
        b"mime-version:",
        b"return-path:",
        b"delivered-to:",
    ];
    let mut lines = head.split(|&b| b == b'\n');
    let Some(first) = lines.next() else {
        return false;
    };
    if !is_header_line(first) {
        return false;
    }
    std::iter::once(first)
        .chain(lines.take_while(|l| !trim_ascii_start(l).is_empty()))
        .any(|l| KNOWN.iter().any(|k| bytes_start_with_ignore_case(l, k)))
}

fn is_header_line(line: &[u8]) -> bool {
    match line.iter().position(|&b| b == b':') {
        Some(colon) if colon > 0 => line[..colon]
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
        _ => false,
    }
}

/// What an invitation is in its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvitationKind {
    Event,
    Todo,
    Journal,
    Message,
    Document,
}

/// One invitation as read: its text fields, its people, its labels.
#[derive(Debug, Clone)]
pub struct Invitation {
    pub kind: InvitationKind,
    /// UID or Message-ID.
    pub id: Option<String>,
    /// SUMMARY or Subject.
    pub summary: Option<String>,
    /// Offset of the invitation's first byte in the unit.
    pub start: usize,
    pub fields: Vec<Field>,
    pub people: Vec<Person>,
    /// Extra guests announced by the calendar (`X-NUM-GUESTS`).
    pub guests: u32,
    /// Labels that carry sensitivity: iCalendar CLASS, mail Sensitivity, MSIP labels.
    pub labels: Vec<Label>,
}

impl Invitation {
    pub fn new(kind: InvitationKind, start: usize) -> Invitation {
        Invitation {
            kind,
            id: None,
            summary: None,
            start,
            fields: Vec::new(),
            people: Vec::new(),
            guests: 0,
            labels: Vec::new(),
        }
    }
}

/// A piece of text of an invitation: a property value, a header, a body part.
#[derive(Debug, Clone)]
pub struct Field {
    /// Where it came from, as a user names it: `DESCRIPTION`, `Subject`, `text/html part`.
    pub name: Cow<'static, str>,
    pub text: Mapped,
    /// A property that holds the conference itself (RFC 7986 `CONFERENCE`,
    /// `X-GOOGLE-CONFERENCE`, ...): any link in it is a meeting, even on an
    /// unknown host.
    pub conference: bool,
}

/// Someone an invitation is addressed to or from. Only what attendance and
/// "am I invited?" need is kept: a key of the address, never the address
/// itself (reports never print people).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// Hash of the lower-cased address (or name, when there is no address).
    pub key: u64,
    pub role: PersonRole,
    /// The value is an address (has an `@`), not a name or a list id.
    pub addressed: bool,
    /// The address is evidently a mailing list or a group of people.
    pub list: bool,
    /// Offset of the property or header that names them.
    pub offset: usize,
}

impl Person {
    pub fn new(address: &str, role: PersonRole, offset: usize) -> Person {
        let address = crate::ascii::trim(address);
        Person {
            key: address_key(address),
            role,
            // Not `contains`: a vectorised search costs more on a few bytes.
            addressed: address.bytes().any(|b| b == b'@'),
            list: crate::extract::attendance::is_list_address(address),
            offset,
        }
    }
}

/// A case-insensitive key of an address: people are compared by it, and it
/// keeps no address in memory.
pub fn address_key(address: &str) -> u64 {
    crate::ascii::caseless_key(crate::ascii::trim(address).as_bytes())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonRole {
    Organizer,
    Attendee,
    /// `CUTYPE=GROUP`: stands for an unknown number of people.
    Group,
    /// `CUTYPE=ROOM` / `RESOURCE`: not a person.
    Resource,
    /// `ROLE=NON-PARTICIPANT`: informed, not attending.
    NonParticipant,
    /// A mail sender or recipient.
    Recipient,
}

/// A sensitivity label set by the author's software.
#[derive(Debug, Clone)]
pub struct Label {
    /// `CLASS`, `Sensitivity`, `msip_labels`.
    pub name: &'static str,
    pub value: String,
    pub offset: usize,
}

/// Something that could not be read. Becomes a `VL901` finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub range: Range<usize>,
    pub kind: ProblemKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// Lines that are not `NAME:value` content lines, kept as text of the
    /// preceding property.
    MalformedLines { count: usize },
    /// A component that was never closed.
    UnclosedComponent { name: String },
    /// An `END` without its `BEGIN`.
    UnexpectedEnd { name: String },
    /// A `.ics` file without any calendar in it.
    NotACalendar,
    /// A message whose MIME structure could not be parsed.
    BadMessage,
    /// A body part whose transfer encoding is broken.
    BadEncoding { part: String },
    /// A charset nobody knows; the part was read as UTF-8.
    UnknownCharset { charset: String },
    /// Binary content where text was expected.
    Binary,
    /// A configured limit was reached; the rest was not read.
    LimitExceeded { limit: &'static str, value: u64 },
}

impl ProblemKind {
    /// A stable name for fingerprints: the same problem keeps it across runs
    /// and versions, whatever its details.
    pub fn slug(&self) -> &'static str {
        match self {
            ProblemKind::MalformedLines { .. } => "malformed-lines",
            ProblemKind::UnclosedComponent { .. } => "unclosed-component",
            ProblemKind::UnexpectedEnd { .. } => "unexpected-end",
            ProblemKind::NotACalendar => "not-a-calendar",
            ProblemKind::BadMessage => "bad-message",
            ProblemKind::BadEncoding { .. } => "bad-encoding",
            ProblemKind::UnknownCharset { .. } => "unknown-charset",
            ProblemKind::Binary => "binary",
            ProblemKind::LimitExceeded { limit, .. } => limit,
        }
    }
}

/// Limits on hostile input (config `[limits]`). Exceeding one is a `VL901`
/// finding that names it; what is beyond is not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// A calendar line longer than this is read up to it.
    pub max_line_length: usize,
    /// MIME parts read per message.
    pub max_mime_parts: usize,
    /// Nesting of multipart and message parts.
    pub max_mime_depth: usize,
    /// Links read per invitation.
    pub max_links: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_line_length: 16 * 1024 * 1024,
            max_mime_parts: 2000,
            max_mime_depth: 64,
            max_links: 1000,
        }
    }
}

/// What a reader produced from one unit.
#[derive(Debug, Default)]
pub struct ReadOutput {
    pub invitations: Vec<Invitation>,
    pub problems: Vec<Problem>,
}

/// Reads one unit of the given format. `bytes` is the unit; every offset in
/// the output is relative to it.
pub fn read(format: Format, bytes: &[u8]) -> ReadOutput {
    read_with(format, bytes, &Limits::default())
}

/// Reads one unit within `limits`.
pub fn read_with(format: Format, bytes: &[u8], limits: &Limits) -> ReadOutput {
    let mut out = ReadOutput::default();
    match format {
        Format::Ics => {
            let text = decode::decode_undeclared(bytes, 0);
            ics::read_calendar(&text, &mut out, limits);
        }
        Format::Eml => email::read_message(bytes, 0, &mut out, limits),
        Format::Mbox => {
            for message in mbox::messages(bytes) {
                // An empty message (two `From ` lines in a row) holds nothing.
                if bytes[message.clone()].iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                email::read_message(&bytes[message.clone()], message.start, &mut out, limits);
            }
        }
        Format::Html | Format::Markdown => {
            let text = decode::decode_undeclared(bytes, 0);
            let page = markup::to_text(&text);
            out.invitations.push(text::document(page, "page"));
        }
        Format::Text => {
            let text = decode::decode_undeclared(bytes, 0);
            out.invitations.push(text::document(text, "text"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mailboxes_are_told_from_text_that_starts_with_from() {
        assert_eq!(
            Format::sniff(b"From jeanne@labo.fr Mon Jan  5 09:12:44 2026\nSubject: x\n\nbody\n"),
            Some(Format::Mbox)
        );
        assert_eq!(
            Format::sniff(b"From MAILER-DAEMON Fri Jul  8 12:08:34 2011\n"),
            Some(Format::Mbox)
        );
        assert_eq!(
            Format::sniff(b"From - \nFrom: a@b.fr\nTo: c@d.fr\n\nx\n"),
            Some(Format::Mbox)
        );
        assert_eq!(
            Format::sniff(b"From 14:00 to 16:00, join https://cnrs.zoom.us/j/91234567890 Passcode: 482913\n"),
            None
        );
    }
}
