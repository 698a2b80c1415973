//! RFC 5322 / MIME messages.
//!
//! `mail-parser` finds the structure (headers, parts, nested messages, RFC
//! 2047 words); the bodies are decoded here from the raw bytes of each part so
//! that positions survive quoted-printable and charsets. A base64 part has no
//! useful byte positions: its findings point at the part's first line.

use std::borrow::Cow;

use mail_parser::{Address, HeaderName, Message, MessageParser, MessagePart, MimeHeaders, PartType};

use super::decode::{self, Transfer};
use super::{
    Field, Invitation, InvitationKind, Label, Limits, Person, PersonRole, Problem, ProblemKind, ReadOutput, ics, markup,
};
use crate::mapped::{Mapped, MappedBuilder};

/// Reads the message `bytes`, which start at `base` in the unit.
pub fn read_message(bytes: &[u8], base: usize, out: &mut ReadOutput, limits: &Limits) {
    let mut invitation = Invitation::new(InvitationKind::Message, base);
    let Some(message) = MessageParser::default().parse(bytes) else {
        out.problems.push(Problem {
            range: base..base + bytes.len().min(1),
            kind: ProblemKind::BadMessage,
        });
        // Still look at the text: a message we cannot structure may hold a link.
        invitation
            .fields
            .push(text_field("message", decode::decode_undeclared(bytes, base)));
        out.invitations.push(invitation);
        return;
    };
    invitation.id = message.message_id().map(|id| format!("<{id}>"));
    invitation.summary = message.subject().map(|s| s.trim().to_owned());
    let mut reader = MessageReader {
        bytes,
        base,
        invitation,
        problems: &mut out.problems,
        limits: *limits,
        parts_read: 0,
        over_limit: false,
    };
    reader.read_headers(&message, true);
    reader.read_parts(&message, 0);
    let mut invitation = reader.invitation;
    if invitation.summary.is_none() {
        invitation.summary = invitation
            .fields
            .iter()
            .find(|f| f.name == "SUMMARY")
            .map(|f| f.text.as_str().trim().to_owned());
    }
    out.invitations.push(invitation);
}

fn text_field(name: &'static str, text: Mapped) -> Field {
    Field {
        name: Cow::Borrowed(name),
        text,
        conference: false,
    }
}

struct MessageReader<'b, 'p> {
    bytes: &'b [u8],
    base: usize,
    invitation: Invitation,
    problems: &'p mut Vec<Problem>,
    limits: Limits,
    /// Parts read so far, nested messages included.
    parts_read: usize,
    /// A limit was reported already: once per message is enough.
    over_limit: bool,
}

impl MessageReader<'_, '_> {
    /// Whether `message`'s offsets index our bytes (a message nested without
    /// transfer encoding), or its own decoded copy (a base64 message/rfc822).
    fn shares_bytes(&self, message: &Message<'_>) -> bool {
        std::ptr::eq(message.raw_message.as_ptr(), self.bytes.as_ptr())
    }

    fn read_headers(&mut self, message: &Message<'_>, outermost: bool) {
        let shared = self.shares_bytes(message);
        let Some(root) = message.parts.first() else {
            return;
        };
        for header in &root.headers {
            let raw = message
                .raw_message
                .get(header.offset_start as usize..header.offset_end as usize)
                .unwrap_or_default();
            let at = if shared {
                self.base + header.offset_field as usize
            } else {
                self.base
            };
            match &header.name {
                HeaderName::Subject => {
                    let decoded = message.subject().unwrap_or_default();
                    let text = if shared {
                        header_text(raw, self.base + header.offset_start as usize, decoded)
                    } else {
                        Mapped::decoded(decoded.to_owned(), at..at)
                    };
                    self.invitation.fields.push(text_field("Subject", text));
                }
                HeaderName::ListId if outermost => {
                    let list = String::from_utf8_lossy(raw);
                    self.invitation.people.push(Person::new(&list, PersonRole::Group, at));
                }
                HeaderName::Sensitivity if outermost => self.label("Sensitivity", raw, at),
                HeaderName::Other(name) if outermost => {
                    if name.eq_ignore_ascii_case("Sensitivity") {
                        self.label("Sensitivity", raw, at);
                    } else if name.eq_ignore_ascii_case("msip_labels") {
                        self.label("msip_labels", raw, at);
                    }
                }
                _ => {}
            }
        }
        if outermost {
            for (address, role) in [
                (message.from(), PersonRole::Recipient),
                (message.to(), PersonRole::Recipient),
                (message.cc(), PersonRole::Recipient),
                (message.bcc(), PersonRole::Recipient),
            ] {
                if let Some(address) = address {
                    self.people(address, role, root);
                }
            }
        }
    }

    fn label(&mut self, name: &'static str, raw: &[u8], at: usize) {
        let value = String::from_utf8_lossy(raw);
        let value: String = value.split_whitespace().collect::<Vec<_>>().join(" ");
        self.invitation.labels.push(Label {
            name,
            value,
            offset: at,
        });
    }

    fn people(&mut self, address: &Address<'_>, role: PersonRole, root: &MessagePart<'_>) {
        let offset = self.base + root.offset_header as usize;
        match address {
            Address::List(list) => {
                for addr in list {
                    if let Some(a) = addr.address() {
                        self.invitation.people.push(Person::new(a, role, offset));
                    }
                }
            }
            Address::Group(groups) => {
                for group in groups {
                    if group.addresses.is_empty() {
                        // "undisclosed-recipients:;": unknown people.
                        self.invitation.people.push(Person::new(
                            group.name.as_deref().unwrap_or("group"),
                            PersonRole::Group,
                            offset,
                        ));
                    }
                    for addr in &group.addresses {
                        if let Some(a) = addr.address() {
                            self.invitation.people.push(Person::new(a, role, offset));
                        }
                    }
                }
            }
        }
    }

    fn limit(&mut self, limit: &'static str, value: usize, at: usize) {
        if !self.over_limit {
            self.over_limit = true;
            self.problems.push(Problem {
                range: at..at + 1,
                kind: ProblemKind::LimitExceeded {
                    limit,
                    value: value as u64,
                },
            });
        }
    }

    fn read_parts(&mut self, message: &Message<'_>, depth: usize) {
        let shared = self.shares_bytes(message);
        let depths = part_depths(message, depth);
        for (part, &part_depth) in message.parts.iter().zip(&depths) {
            // Where the part starts, for findings inside undecodable content.
            let part_start = if shared {
                self.base + part.offset_header as usize
            } else {
                self.base
            };
            if part_depth > self.limits.max_mime_depth {
                self.limit("max-mime-depth", self.limits.max_mime_depth, part_start);
                continue;
            }
            self.parts_read += 1;
            if self.parts_read > self.limits.max_mime_parts {
                self.limit("max-mime-parts", self.limits.max_mime_parts, part_start);
                return;
            }
            if part.is_encoding_problem {
                self.problems.push(Problem {
                    range: part_start..part_start + 1,
                    kind: ProblemKind::BadEncoding { part: part_label(part) },
                });
            }
            match &part.body {
                PartType::Text(text) | PartType::Html(text) => {
                    let is_html = matches!(part.body, PartType::Html(_));
                    let base64 = part.encoding == mail_parser::Encoding::Base64;
                    let damaged_base64 = part.is_encoding_problem && declares_base64(part);
                    let mapped = if shared && !base64 && !damaged_base64 {
                        self.decode_part(part)
                    } else if shared && damaged_base64 {
                        // Damaged base64: keep what can be decoded.
                        let raw = self
                            .bytes
                            .get(part.offset_body as usize..part.offset_end as usize)
                            .unwrap_or_default();
                        let bytes = decode::lenient_base64(raw);
                        let charset = part.content_type().and_then(|ct| ct.attribute("charset"));
                        let encoding = charset
                            .and_then(decode::encoding_for_label)
                            .unwrap_or(encoding_rs::UTF_8);
                        let (text, _) = encoding.decode_without_bom_handling(&bytes);
                        Mapped::decoded(text.into_owned(), part_start..part_start)
                    } else {
                        Mapped::decoded(text.to_string(), part_start..part_start)
                    };
                    self.text_part(part, mapped, is_html);
                }
                PartType::Binary(data) | PartType::InlineBinary(data) => {
                    if is_calendar(part) {
                        let text = decode::decode_undeclared(data, 0);
                        let mapped = Mapped::decoded(text.text, part_start..part_start);
                        self.calendar(&mapped);
                    }
                }
                PartType::Message(nested) => {
                    self.read_headers(nested, false);
                    self.read_parts(nested, part_depth + 1);
                }
                PartType::Multipart(_) => {}
            }
        }
    }

    /// Decodes a part's body from our raw bytes, with positions.
    fn decode_part(&mut self, part: &MessagePart<'_>) -> Mapped {
        let start = part.offset_body as usize;
        let end = (part.offset_end as usize).min(self.bytes.len()).max(start);
        let raw = &self.bytes[start.min(self.bytes.len())..end];
        let transfer = match part.encoding {
            mail_parser::Encoding::QuotedPrintable => Transfer::QuotedPrintable,
            _ => Transfer::Identity,
        };
        let charset = part.content_type().and_then(|ct| ct.attribute("charset"));
        let encoding = match charset {
            Some(label) => {
                let found = decode::encoding_for_label(label);
                if found.is_none() {
                    self.problems.push(Problem {
                        range: self.base + part.offset_header as usize..self.base + start,
                        kind: ProblemKind::UnknownCharset {
                            charset: label.to_owned(),
                        },
                    });
                }
                found
            }
            None => None,
        };
        decode::decode_body(raw, self.base + start, transfer, encoding)
    }

    fn text_part(&mut self, part: &MessagePart<'_>, text: Mapped, is_html: bool) {
        if is_calendar(part) {
            self.calendar(&text);
        } else if is_html {
            let page = markup::to_text(&text);
            self.invitation.fields.push(text_field("text/html part", page));
        } else {
            self.invitation.fields.push(text_field("text/plain part", text));
        }
    }

    /// A calendar part: its events are merged into the message.
    fn calendar(&mut self, text: &Mapped) {
        let mut events = ReadOutput::default();
        ics::read_calendar(text, &mut events, &self.limits);
        for event in events.invitations {
            self.invitation.fields.extend(event.fields);
            self.invitation.people.extend(event.people);
            self.invitation.labels.extend(event.labels);
            self.invitation.guests = self.invitation.guests.saturating_add(event.guests);
        }
        self.problems.extend(events.problems);
    }
}

/// `Content-Transfer-Encoding: base64` (mail-parser gives up on the
/// encoding of a damaged part and hands its raw text).
fn declares_base64(part: &MessagePart<'_>) -> bool {
    part.headers.iter().any(|h| {
        h.name == HeaderName::ContentTransferEncoding
            && h.value
                .as_text()
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("base64"))
    })
}

/// The nesting depth of each part of `message` (its root at `base`), from
/// the multipart tree mail-parser builds.
fn part_depths(message: &Message<'_>, base: usize) -> Vec<usize> {
    let mut depths = vec![base; message.parts.len()];
    for (i, part) in message.parts.iter().enumerate() {
        if let PartType::Multipart(children) = &part.body {
            let parent = depths[i];
            for &child in children {
                if let Some(d) = depths.get_mut(child as usize)
                    && child as usize > i
                {
                    *d = parent + 1;
                }
            }
        }
    }
    depths
}

fn part_label(part: &MessagePart<'_>) -> String {
    part.content_type()
        .map(|ct| format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or("")))
        .unwrap_or_else(|| "text/plain".to_owned())
}

fn is_calendar(part: &MessagePart<'_>) -> bool {
    let by_type = part.content_type().is_some_and(|ct| {
        let ctype = ct.ctype().to_ascii_lowercase();
        let sub = ct.subtype().unwrap_or("").to_ascii_lowercase();
        matches!(
            (ctype.as_str(), sub.as_str()),
            ("text", "calendar") | ("application", "ics") | ("text", "x-vcalendar") | ("application", "calendar")
        )
    });
    by_type
        || part
            .attachment_name()
            .is_some_and(|name| name.to_ascii_lowercase().ends_with(".ics"))
}

/// A header value with positions: verbatim through unfolding when it has no
/// encoded words, else decoded as a whole.
fn header_text(raw: &[u8], base: usize, decoded: &str) -> Mapped {
    if raw.windows(2).any(|w| w == b"=?") || std::str::from_utf8(raw).is_err() {
        let end = base + raw.len();
        return Mapped::decoded(decoded.to_owned(), base..end);
    }
    let text = std::str::from_utf8(raw).unwrap_or_default();
    let mut b = MappedBuilder::with_capacity(text.len());
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\r', '\n']);
        b.push_verbatim(content, base + pos);
        pos += line.len();
    }
    let built = b.finish();
    // Trim the leading space after the colon and the trailing break.
    let trimmed_start = built.as_str().len() - built.as_str().trim_start().len();
    let trimmed_end = built.as_str().trim_end().len();
    let mut t = MappedBuilder::new();
    t.push_from(&built, trimmed_start..trimmed_end.max(trimmed_start));
    t.finish()
}
