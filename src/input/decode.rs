//! Bytes to text: charsets and MIME transfer encodings, keeping positions.

use std::ops::Range;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

use crate::mapped::{Mapped, MappedBuilder};

/// How a body's bytes are transfer-encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transfer {
    /// 7bit, 8bit, binary: the bytes are the content.
    Identity,
    QuotedPrintable,
}

/// The encoding named by a MIME or iCalendar charset label, if known.
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    let label = label.trim().trim_matches('"');
    Encoding::for_label(label.as_bytes()).or_else(|| match label.to_ascii_lowercase().as_str() {
        "utf8" => Some(UTF_8),
        "latin1" | "latin-1" | "iso8859-1" | "iso_8859_1" | "cp1252" => Some(WINDOWS_1252),
        "ascii" | "us_ascii" | "ansi_x3.4-1968" => Some(WINDOWS_1252),
        _ => None,
    })
}

/// Decodes a whole file whose charset is not declared: UTF-8 (with or
/// without BOM), UTF-16 with a BOM, and bytes that are not valid UTF-8 read
/// as Windows-1252 (what Latin-1 calendars and mails really contain).
pub fn decode_undeclared(bytes: &[u8], base: usize) -> Mapped {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return decode_utf8_lenient(rest, base + 3);
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return decode_utf16(&bytes[2..], base + 2, UTF_16LE);
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return decode_utf16(&bytes[2..], base + 2, UTF_16BE);
    }
    decode_utf8_lenient(bytes, base)
}

/// Lines longer than this that are not UTF-8 are mapped as a whole (their
/// findings point at the line's start): a position per character of a
/// binary blob would cost more memory than the blob.
const PRECISE_LINE: usize = 4096;

/// UTF-8 where valid (verbatim), Windows-1252 for every invalid byte.
pub fn decode_utf8_lenient(bytes: &[u8], base: usize) -> Mapped {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Mapped::verbatim(text.to_owned(), base);
    }
    let mut out = MappedBuilder::with_capacity(bytes.len() + bytes.len() / 8);
    let mut line_start = 0;
    while line_start < bytes.len() {
        let line_end = memchr::memchr(b'\n', &bytes[line_start..]).map_or(bytes.len(), |i| line_start + i + 1);
        let line = &bytes[line_start..line_end];
        match std::str::from_utf8(line) {
            Ok(text) => out.push_verbatim(text, base + line_start),
            Err(_) if line.len() > PRECISE_LINE => {
                out.push_decoded(&lenient_string(line), base + line_start..base + line_end);
            }
            Err(_) => {
                let mut pos = line_start;
                for chunk in line.utf8_chunks() {
                    out.push_verbatim(chunk.valid(), base + pos);
                    pos += chunk.valid().len();
                    for &b in chunk.invalid() {
                        out.push_decoded_char(windows_1252_char(b), base + pos..base + pos + 1);
                        pos += 1;
                    }
                }
            }
        }
        line_start = line_end;
    }
    out.finish()
}

/// Bytes as `decode_utf8_lenient` reads them: UTF-8 where it is valid, each
/// other byte a Windows-1252 character.
pub fn lenient_str(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.into(),
        Err(_) => lenient_string(bytes).into(),
    }
}

/// [`lenient_str`] for bytes known not to be UTF-8.
fn lenient_string(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 2);
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        text.extend(chunk.invalid().iter().map(|&b| windows_1252_char(b)));
    }
    text
}

/// The character of one byte in Windows-1252. A byte that is not UTF-8 is
/// read this way, one at a time: a table built once (by encoding_rs) keeps a
/// long line of such bytes as cheap as a UTF-8 one.
fn windows_1252_char(b: u8) -> char {
    static TABLE: std::sync::LazyLock<[char; 256]> = std::sync::LazyLock::new(|| {
        let bytes: Vec<u8> = (0..=255).collect();
        let (text, _) = WINDOWS_1252.decode_without_bom_handling(&bytes);
        let mut table = ['\u{FFFD}'; 256];
        for (slot, c) in table.iter_mut().zip(text.chars()) {
            *slot = c;
        }
        table
    });
    TABLE[usize::from(b)]
}

fn decode_utf16(bytes: &[u8], base: usize, encoding: &'static Encoding) -> Mapped {
    let le = encoding == UTF_16LE;
    let units = bytes.chunks_exact(2).map(|pair| {
        if le {
            u16::from_le_bytes([pair[0], pair[1]])
        } else {
            u16::from_be_bytes([pair[0], pair[1]])
        }
    });
    let mut out = MappedBuilder::with_capacity(bytes.len() / 2);
    let mut pos = 0;
    for c in char::decode_utf16(units) {
        let c = c.unwrap_or('\u{FFFD}');
        let width = c.len_utf16() * 2;
        out.push_decoded_char(c, base + pos..base + pos + width);
        pos += width;
    }
    out.finish()
}

/// Decodes a MIME body (`raw` starting at `base` in the unit) with its
/// transfer encoding and charset. Positions survive quoted-printable soft
/// line breaks and escapes.
pub fn decode_body(raw: &[u8], base: usize, transfer: Transfer, charset: Option<&'static Encoding>) -> Mapped {
    let bytes = match transfer {
        Transfer::Identity => DecodedBytes::identity(raw, base),
        Transfer::QuotedPrintable => DecodedBytes::quoted_printable(raw, base),
    };
    bytes.into_text(charset)
}

/// Bytes after transfer decoding, with where each came from.
struct DecodedBytes {
    data: Vec<u8>,
    /// (decoded offset, original offset, literal). Literal bytes map 1:1;
    /// escaped bytes (`=XX`) take three original bytes each.
    segments: Vec<(usize, usize, bool)>,
}

impl DecodedBytes {
    fn identity(raw: &[u8], base: usize) -> DecodedBytes {
        DecodedBytes {
            data: raw.to_vec(),
            segments: vec![(0, base, true)],
        }
    }

    fn quoted_printable(raw: &[u8], base: usize) -> DecodedBytes {
        let mut data = Vec::with_capacity(raw.len());
        let mut segments: Vec<(usize, usize, bool)> = Vec::new();
        let mut push = |data: &mut Vec<u8>, byte: u8, orig: usize, literal: bool| {
            let continues = segments.last().is_some_and(|&(d, o, lit)| {
                lit == literal && {
                    let width = if lit { 1 } else { 3 };
                    o + (data.len() - d) * width == orig
                }
            });
            if !continues {
                segments.push((data.len(), orig, literal));
            }
            data.push(byte);
        };
        let mut i = 0;
        while i < raw.len() {
            let b = raw[i];
            if b == b'=' {
                // Soft line break: "=" then optional spaces, then CRLF or LF.
                let mut j = i + 1;
                while j < raw.len() && (raw[j] == b' ' || raw[j] == b'\t') {
                    j += 1;
                }
                if j < raw.len() && raw[j] == b'\n' {
                    i = j + 1;
                    continue;
                }
                if j + 1 < raw.len() && raw[j] == b'\r' && raw[j + 1] == b'\n' {
                    i = j + 2;
                    continue;
                }
                if let (Some(h), Some(l)) = (
                    raw.get(i + 1).and_then(|&c| hex_value(c)),
                    raw.get(i + 2).and_then(|&c| hex_value(c)),
                ) {
                    push(&mut data, (h << 4) | l, base + i, false);
                    i += 3;
                    continue;
                }
            }
            push(&mut data, b, base + i, true);
            i += 1;
        }
        DecodedBytes { data, segments }
    }

    fn segment(&self, offset: usize) -> (usize, usize, bool) {
        let idx = match self.segments.binary_search_by(|s| s.0.cmp(&offset)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        self.segments.get(idx).copied().unwrap_or((0, 0, true))
    }

    fn orig(&self, offset: usize) -> usize {
        let (d, o, literal) = self.segment(offset);
        o + (offset - d) * if literal { 1 } else { 3 }
    }

    fn orig_range(&self, range: Range<usize>) -> Range<usize> {
        if range.is_empty() {
            let o = self.orig(range.start);
            return o..o;
        }
        let start = self.orig(range.start);
        let (d, o, literal) = self.segment(range.end - 1);
        let end = o + (range.end - 1 - d) * if literal { 1 } else { 3 } + if literal { 1 } else { 3 };
        start..end
    }

    /// Whether `range` is literal bytes contiguous in the original.
    fn is_literal(&self, range: Range<usize>) -> bool {
        let (d, _, literal) = self.segment(range.start);
        if !literal {
            return false;
        }
        // The next segment must start at or after the end of the range.
        let idx = self.segments.partition_point(|s| s.0 <= d);
        self.segments.get(idx).is_none_or(|s| s.0 >= range.end)
    }

    fn into_text(self, charset: Option<&'static Encoding>) -> Mapped {
        let encoding = charset.unwrap_or(UTF_8);
        let ascii_compatible = encoding.is_ascii_compatible() && encoding != encoding_rs::ISO_2022_JP;
        if !ascii_compatible {
            // UTF-16, ISO-2022-JP: decode as a whole; positions point at
            // the start of the body.
            let (text, _, _) = encoding.decode(&self.data);
            let orig = self.orig_range(0..self.data.len());
            return Mapped::decoded(text.into_owned(), orig);
        }
        let data = &self.data;
        let mut out = MappedBuilder::with_capacity(data.len());
        let mut i = 0;
        while i < data.len() {
            let run_start = i;
            if data[i] < 0x80 {
                while i < data.len() && data[i] < 0x80 {
                    i += 1;
                }
                self.push_ascii(&mut out, run_start..i);
            } else {
                while i < data.len() && data[i] >= 0x80 {
                    i += 1;
                }
                let run = &data[run_start..i];
                if encoding == UTF_8 {
                    match std::str::from_utf8(run) {
                        Ok(text) if self.is_literal(run_start..i) => {
                            out.push_verbatim(text, self.orig(run_start));
                        }
                        Ok(text) => self.push_chars(&mut out, text, run_start),
                        Err(_) => {
                            // Invalid UTF-8: each character separately,
                            // invalid bytes as Windows-1252.
                            let mut pos = run_start;
                            for chunk in run.utf8_chunks() {
                                let valid = chunk.valid();
                                if !valid.is_empty() {
                                    self.push_chars(&mut out, valid, pos);
                                    pos += valid.len();
                                }
                                for &b in chunk.invalid() {
                                    out.push_decoded_char(windows_1252_char(b), self.orig_range(pos..pos + 1));
                                    pos += 1;
                                }
                            }
                        }
                    }
                } else if encoding.is_single_byte() {
                    for (k, &b) in run.iter().enumerate() {
                        let (text, _) = encoding.decode_without_bom_handling(std::slice::from_ref(&b));
                        let at = run_start + k;
                        out.push_decoded(&text, self.orig_range(at..at + 1));
                    }
                } else {
                    let (text, _) = encoding.decode_without_bom_handling(run);
                    out.push_decoded(&text, self.orig_range(run_start..i));
                }
            }
        }
        out.finish()
    }

    /// Decoded characters that came from `self.data[at..]`, each mapped to
    /// the original bytes of its own encoding (`=C3=A9` for `é`).
    fn push_chars(&self, out: &mut MappedBuilder, text: &str, at: usize) {
        for (k, c) in text.char_indices() {
            let from = at + k;
            out.push_decoded_char(c, self.orig_range(from..from + c.len_utf8()));
        }
    }

    fn push_ascii(&self, out: &mut MappedBuilder, range: Range<usize>) {
        // ASCII bytes are valid UTF-8; keep literal stretches verbatim and
        // escaped ones decoded.
        let mut pos = range.start;
        while pos < range.end {
            let (d, o, literal) = self.segment(pos);
            let idx = self.segments.partition_point(|s| s.0 <= d);
            let seg_end = self.segments.get(idx).map_or(self.data.len(), |s| s.0).min(range.end);
            let text = std::str::from_utf8(&self.data[pos..seg_end]).unwrap_or_default();
            if literal {
                out.push_verbatim(text, o + (pos - d));
            } else {
                for (k, ch) in text.char_indices() {
                    let at = pos + k;
                    out.push_decoded_char(ch, self.orig_range(at..at + 1));
                }
            }
            pos = seg_end;
        }
    }
}

/// Decodes as much base64 as is valid: whitespace and stray characters are
/// skipped, decoding stops at padding or at the end. A truncated or damaged
/// part still gives what it holds.
pub fn lenient_base64(raw: &[u8]) -> Vec<u8> {
    fn value(c: u8) -> Option<u32> {
        match c {
            b'A'..=b'Z' => Some(u32::from(c - b'A')),
            b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
            b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
            b'+' | b'-' => Some(62),
            b'/' | b'_' => Some(63),
            _ => None,
        }
    }
    let mut out = Vec::with_capacity(raw.len() / 4 * 3);
    let mut acc = 0u32;
    let mut bits = 0;
    for &c in raw {
        if c == b'=' {
            break;
        }
        let Some(v) = value(c) else { continue };
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

fn hex_value(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'A'..=b'F' => Some(c - b'A' + 10),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_table_matches_encoding_rs_byte_by_byte() {
        for b in 0..=255u8 {
            let byte = [b];
            let (text, _) = WINDOWS_1252.decode_without_bom_handling(&byte);
            assert_eq!(
                text.chars().collect::<Vec<_>>(),
                vec![windows_1252_char(b)],
                "byte {b:#04x}"
            );
        }
        assert_eq!(windows_1252_char(0x80), '€');
        assert_eq!(windows_1252_char(0xE9), 'é');
    }

    #[test]
    fn quoted_printable_keeps_positions_through_soft_breaks() {
        let raw = b"see https://us0=\r\n5web=2Ezoom.us/j/1 caf=C3=A9";
        let text = decode_body(raw, 100, Transfer::QuotedPrintable, None);
        assert_eq!(text.as_str(), "see https://us05web.zoom.us/j/1 café");
        // "5web" starts right after the soft break.
        let five = text.as_str().find("5web").unwrap();
        assert_eq!(text.orig(five), 100 + 18);
        // The "." came from "=2E".
        let dot = text.as_str().find(".zoom").unwrap();
        assert_eq!(text.orig_range(dot..dot + 1), 100 + 22..100 + 25);
        let e = text.as_str().find('é').unwrap();
        assert_eq!(text.orig_range(e..e + 2), 100 + 40..100 + 46);
    }

    #[test]
    fn latin1_bodies_decode_per_character() {
        let raw = b"r\xe9union https://x";
        let text = decode_body(raw, 0, Transfer::Identity, encoding_for_label("iso-8859-1"));
        assert_eq!(text.as_str(), "réunion https://x");
        let h = text.as_str().find("https").unwrap();
        assert_eq!(text.orig(h), 8);
    }

    #[test]
    fn broken_base64_gives_what_it_holds() {
        assert_eq!(lenient_base64(b"Qm9uam91\r\nciwK"), b"Bonjour,\n");
        // Truncated in the middle of a quantum.
        assert_eq!(lenient_base64(b"Qm9uam91ciwKQ"), b"Bonjour,\n");
        assert_eq!(lenient_base64(b"aGk=garbage"), b"hi");
    }

    #[test]
    fn undeclared_invalid_utf8_falls_back_to_windows_1252() {
        let text = decode_undeclared(b"caf\xe9 ok", 0);
        assert_eq!(text.as_str(), "café ok");
        assert_eq!(text.orig(text.as_str().find("ok").unwrap()), 5);
    }
}
