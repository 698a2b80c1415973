//! Keeping secrets out of reports (SPEC §6): passcodes, URL credentials,
//! PINs, host keys and personal identifiers are replaced by `****` in every
//! output format unless `--show-secrets`.

use std::ops::Range;

use url::Url;

use crate::extract::credentials::{TextHitKind, find_labelled};
use crate::extract::platform::{secret_param, url_secrets};
use crate::extract::sensitivity::find_nirs;

pub const MASK: &str = "****";

/// The URL with the values of its credential parameters masked.
pub fn url(url: &Url, platform_id: &str) -> String {
    let secrets = url_secrets(url, platform_id);
    if secrets.is_empty() {
        return url.to_string();
    }
    let s = url.as_str();
    let Some(q) = s.find('?') else {
        return s.to_owned();
    };
    let (head, tail) = s.split_at(q + 1);
    let (query, fragment) = match tail.find('#') {
        Some(h) => tail.split_at(h),
        None => (tail, ""),
    };
    let masked: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, value))
                if !value.is_empty()
                    && secrets
                        .iter()
                        .any(|(n, _)| url::form_urlencoded::parse(name.as_bytes()).any(|(k, _)| k == n.as_str())) =>
            {
                format!("{name}={MASK}")
            }
            _ => pair.to_owned(),
        })
        .collect();
    format!("{head}{}{fragment}", masked.join("&"))
}

/// Characters of context kept on each side of a marked span in a printed
/// source line: a line of several megabytes is shown as a window.
const CONTEXT: usize = 120;

/// A line of the original file with the secret ranges that cross it masked,
/// and the character columns (1-based) of two offsets in the masked line.
/// Long lines are cut to a window around the marks (with `…`).
pub fn line(
    bytes: &[u8],
    line: Range<usize>,
    secrets: &[Range<usize>],
    marks: (usize, usize),
) -> (String, usize, usize) {
    // The window: CONTEXT bytes around the marks, on character boundaries.
    let char_start = |mut at: usize| {
        while at > line.start && at < bytes.len() && (bytes[at] & 0xC0) == 0x80 {
            at -= 1;
        }
        at
    };
    let from = char_start(marks.0.saturating_sub(CONTEXT).max(line.start));
    let to = char_start((marks.1.max(marks.0) + CONTEXT).min(line.end).max(from));
    let to = if line.end - to < 4 { line.end } else { to };
    let from = if from - line.start < 4 { line.start } else { from };
    // Secrets in the window, in order; a secret cut by the window edge is
    // still masked from the edge.
    let mut hidden: Vec<Range<usize>> = secrets
        .iter()
        .filter(|s| !s.is_empty() && s.start < to && from < s.end)
        .map(|s| s.start.max(from)..s.end.min(to))
        .collect();
    hidden.sort_by_key(|s| s.start);
    let mut out = String::new();
    if from > line.start {
        out.push('…');
    }
    let base = out.chars().count();
    let mut chars = base;
    let mut columns = (None, None);
    let note = |offset: usize, chars: usize, columns: &mut (Option<usize>, Option<usize>)| {
        if columns.0.is_none() && offset >= marks.0 {
            columns.0 = Some(chars + 1);
        }
        if columns.1.is_none() && offset >= marks.1 {
            columns.1 = Some(chars + 1);
        }
    };
    let mut i = from;
    let mut next_secret = 0;
    while i < to {
        note(i, chars, &mut columns);
        while next_secret < hidden.len() && hidden[next_secret].end <= i {
            next_secret += 1;
        }
        if let Some(secret) = hidden.get(next_secret).filter(|s| s.start <= i) {
            // Marks inside the secret point at the mask.
            let end = secret.end;
            if marks.0 > i && marks.0 < end {
                columns.0.get_or_insert(chars + 1);
            }
            if marks.1 > i && marks.1 < end {
                columns.1.get_or_insert(chars + 1);
            }
            out.push_str(MASK);
            chars += MASK.len();
            i = end;
            continue;
        }
        // Copy up to the next secret, mark or the end of the window.
        let mut next = hidden.get(next_secret).map_or(to, |s| s.start.min(to));
        for m in [marks.0, marks.1] {
            if m > i && m < next {
                next = m;
            }
        }
        let piece = crate::input::decode::lenient_str(&bytes[i..next]);
        chars += piece.chars().count();
        out.push_str(&piece);
        i = next;
    }
    note(to, chars, &mut columns);
    if to < line.end {
        out.push('…');
    }
    let start = columns.0.unwrap_or(chars + 1);
    let end = columns.1.unwrap_or(chars + 1).max(start);
    (out.replace('\t', " "), start, end)
}

/// Where the known secret `values` of an invitation are written in
/// `bytes[range]` (a passcode also written in a subject line, say).
pub fn value_ranges(bytes: &[u8], range: Range<usize>, values: &[String]) -> Vec<Range<usize>> {
    let Some(hay) = bytes.get(range.clone()) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for value in values {
        for at in memchr::memmem::find_iter(hay, value.as_bytes()) {
            found.push(range.start + at..range.start + at + value.len());
        }
    }
    found
}

/// `text` with every occurrence of the known secret `values` masked.
pub fn mask_values(text: &str, values: &[String]) -> String {
    let mut out = text.to_owned();
    for value in values {
        if out.contains(value.as_str()) {
            out = out.replace(value.as_str(), MASK);
        }
    }
    out
}

/// Free text (a summary, a subject) with passcodes, URL credentials and
/// NIRs masked.
pub fn text(text: &str) -> String {
    let mut ranges = pattern_ranges(text);
    if ranges.is_empty() {
        return text.to_owned();
    }
    ranges.sort_by_key(|r| r.start);
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for r in ranges {
        if r.start < pos {
            continue;
        }
        out.push_str(&text[pos..r.start]);
        out.push_str(MASK);
        pos = r.end;
    }
    out.push_str(&text[pos..]);
    out
}

/// Where free text writes what looks like a secret, whether or not it was
/// tied to a meeting: labelled passcodes, URL credentials, NIRs. For text
/// that no analysis vouches for (a line a reader could not parse).
pub fn pattern_ranges(text: &str) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = find_labelled(text, false, "")
        .into_iter()
        .filter(|h| matches!(h.kind, TextHitKind::Credential(_)) && !h.masked)
        .map(|h| h.value)
        .collect();
    ranges.extend(find_nirs(text));
    // `name=value` after `?`, `&` or `;` (or at the start), where the name
    // is one of the secret parameters, in any case.
    let bytes = text.as_bytes();
    // Where the last value ended: a value starting before it ends there too
    // (`?pwd=a?pwd=b...` costs one pass, not one per `=`).
    let mut last_end = 0;
    for equals in memchr::memchr_iter(b'=', bytes) {
        let start = bytes[..equals]
            .iter()
            .rposition(|b| !b.is_ascii_alphanumeric())
            .map_or(0, |i| i + 1);
        if start > 0 && !matches!(bytes[start - 1], b'?' | b'&' | b';') {
            continue;
        }
        if secret_param(&text[start..equals], None).is_none() {
            continue;
        }
        let value = equals + 1;
        let end = if value < last_end {
            last_end
        } else {
            text[value..]
                .find(|c: char| c == '&' || c == '#' || c.is_whitespace())
                .map_or(text.len(), |e| value + e)
        };
        last_end = end;
        if end > value {
            ranges.push(value..end);
        }
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_url_credentials_only() {
        let u = Url::parse("https://cnrs.zoom.us/j/912?pwd=abcDEF&from=addon").unwrap();
        assert_eq!(url(&u, "zoom"), "https://cnrs.zoom.us/j/912?pwd=****&from=addon");
        let t = Url::parse("https://teams.microsoft.com/meet/123?p=XyZ").unwrap();
        assert_eq!(url(&t, "teams"), "https://teams.microsoft.com/meet/123?p=****");
    }

    #[test]
    fn masks_lines_and_keeps_columns() {
        let src = b"LOCATION:https://x.zoom.us/j/1?pwd=SECRET123 ok";
        let secret = src.windows(9).position(|w| w == b"SECRET123").unwrap();
        let secrets: Vec<Range<usize>> = std::iter::once(secret..secret + 9).collect();
        let (text, start, end) = line(src, 0..src.len(), &secrets, (9, secret + 9));
        assert_eq!(text, "LOCATION:https://x.zoom.us/j/1?pwd=**** ok");
        assert_eq!(start, 10);
        assert_eq!(end, 40);
    }

    #[test]
    fn long_lines_are_shown_as_a_window() {
        let mut src = "x".repeat(10_000);
        src.push_str("https://zoom.us/j/1?pwd=SECRET");
        src.push_str(&"y".repeat(10_000));
        let at = src.find("https").unwrap();
        let secret = src.find("SECRET").unwrap();
        let secrets: Vec<Range<usize>> = std::iter::once(secret..secret + 6).collect();
        let (text, start, end) = line(src.as_bytes(), 0..src.len(), &secrets, (at, at + 30));
        assert!(text.starts_with('…') && text.ends_with('…'));
        assert!(text.chars().count() < 300);
        assert!(!text.contains("SECRET"));
        let shown: String = text.chars().skip(start - 1).take(end - start).collect();
        assert!(shown.starts_with("https://zoom.us/j/1?pwd=****"), "{shown}");
    }

    #[test]
    fn masks_free_text() {
        assert_eq!(text("Réunion (code secret : 482913)"), "Réunion (code secret : ****)");
        assert_eq!(
            text("voir https://zoom.us/j/1?pwd=abc"),
            "voir https://zoom.us/j/1?pwd=****"
        );
    }

    /// Text no analysis vouches for (an unreadable line) is masked with the
    /// same parameter names as links, in any case.
    #[test]
    fn masks_secret_parameters_in_any_case() {
        for (written, masked) in [
            ("https://zoom.us/j/1?PWD=abc&x=1", "https://zoom.us/j/1?PWD=****&x=1"),
            ("https://x.example/j?passwd=abc", "https://x.example/j?passwd=****"),
            (
                "https://whereby.com/r?RoomKey=abc#a",
                "https://whereby.com/r?RoomKey=****#a",
            ),
            (
                "https://zoom.us/j/1?a=1&amp;Pwd=abc",
                "https://zoom.us/j/1?a=1&amp;Pwd=****",
            ),
            ("pin=1234 ok", "pin=**** ok"),
        ] {
            assert_eq!(text(written), masked);
        }
        // Names that only end like a secret parameter, and empty values.
        for kept in ["https://x.example/?app=1&step=2", "https://x.example/?pwd=&a=1", "x=1"] {
            assert_eq!(text(kept), kept);
        }
        // Values without an end are masked once each, in one pass.
        let chain = "?pwd=a".repeat(20_000);
        assert!(!text(&chain).contains("=a"));
    }
}
