//! Keeping secrets out of reports (SPEC §6): passcodes, URL credentials,
//! PINs, host keys and personal identifiers are replaced by `****` in every
//! output format unless `--show-secrets`.

use std::ops::Range;

use url::Url;

use crate::extract::credentials::{TextHitKind, find_labelled};
use crate::extract::platform::url_secrets;
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

/// A line of the original file with the secret ranges that cross it masked,
/// and the character columns (1-based) of two offsets in the masked line.
pub fn line(
    bytes: &[u8],
    line: Range<usize>,
    secrets: &[Range<usize>],
    marks: (usize, usize),
) -> (String, usize, usize) {
    let mut out = String::new();
    let mut columns = (None, None);
    let mut i = line.start;
    let mut chars = 0;
    let note = |offset: usize, chars: usize, columns: &mut (Option<usize>, Option<usize>)| {
        if columns.0.is_none() && offset >= marks.0 {
            columns.0 = Some(chars + 1);
        }
        if columns.1.is_none() && offset >= marks.1 {
            columns.1 = Some(chars + 1);
        }
    };
    while i < line.end {
        note(i, chars, &mut columns);
        if let Some(secret) = secrets.iter().find(|s| s.start <= i && i < s.end && !s.is_empty()) {
            out.push_str(MASK);
            chars += MASK.len();
            let end = secret.end.min(line.end);
            // Marks inside the secret point at the mask.
            while i < end {
                i += 1;
                if i < end {
                    note(i, chars - MASK.len(), &mut columns);
                }
            }
            continue;
        }
        // Copy up to the next secret start or the end of the line.
        let next = secrets
            .iter()
            .filter(|s| s.start > i && s.start < line.end)
            .map(|s| s.start)
            .min()
            .unwrap_or(line.end);
        let next = [marks.0, marks.1]
            .into_iter()
            .filter(|&m| m > i && m < next)
            .min()
            .unwrap_or(next);
        let piece = String::from_utf8_lossy(&bytes[i..next]);
        chars += piece.chars().count();
        out.push_str(&piece);
        i = next;
    }
    note(line.end, chars, &mut columns);
    let start = columns.0.unwrap_or(chars + 1);
    let end = columns.1.unwrap_or(chars + 1).max(start);
    (out.replace('\t', " "), start, end)
}

/// Free text (a summary, a subject) with passcodes, URL credentials and
/// NIRs masked.
pub fn text(text: &str) -> String {
    let mut ranges: Vec<Range<usize>> = find_labelled(text, false, "")
        .into_iter()
        .filter(|h| matches!(h.kind, TextHitKind::Credential(_)) && !h.masked)
        .map(|h| h.value)
        .collect();
    ranges.extend(find_nirs(text));
    for key in ["pwd=", "pw=", "password=", "passcode=", "pin=", "tk=", "zak=", "p="] {
        let mut from = 0;
        while let Some(at) = text[from..].find(key) {
            let start = from + at + key.len();
            let preceded = from + at == 0 || matches!(text.as_bytes()[from + at - 1], b'?' | b'&' | b';');
            let end = text[start..]
                .find(|c: char| c == '&' || c == '#' || c.is_whitespace())
                .map_or(text.len(), |e| start + e);
            if preceded && end > start {
                ranges.push(start..end);
            }
            from = start;
        }
    }
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
    fn masks_free_text() {
        assert_eq!(text("Réunion (code secret : 482913)"), "Réunion (code secret : ****)");
        assert_eq!(
            text("voir https://zoom.us/j/1?pwd=abc"),
            "voir https://zoom.us/j/1?pwd=****"
        );
    }
}
