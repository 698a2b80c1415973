//! Edits that fix findings (`--fix`): they touch only the bytes of the
//! credential, and only where the original bytes really read as the text
//! the credential was found in (iCalendar folds aside). Where a decoding
//! stands between the two (quoted-printable, an entity inside the value),
//! no edit is offered.

use std::ops::Range;

use crate::ascii::{bytes_end_with_ignore_case, bytes_start_with_ignore_case};
use crate::extract::Credential;

/// Whether `bytes[range]`, iCalendar line folds removed, is `written`.
fn reads_as(bytes: &[u8], range: Range<usize>, written: &str) -> bool {
    let Some(raw) = bytes.get(range) else {
        return false;
    };
    let mut unfolded = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let fold = match &raw[i..] {
            [b'\r', b'\n', b' ' | b'\t', ..] => 3,
            [b'\n', b' ' | b'\t', ..] => 2,
            _ => 0,
        };
        if fold > 0 {
            i += fold;
            continue;
        }
        unfolded.push(raw[i]);
        i += 1;
    }
    unfolded == written.as_bytes()
}

/// Removes `name=value` from a URL with the separator it no longer needs:
/// `?pwd=x` → ``, `?pwd=x&a=1` → `?a=1`, `&pwd=x` → ``; `&amp;` in HTML
/// attributes, and `%3F` / `%26` inside a SafeLinks or redirect wrapper.
pub fn remove_param(bytes: &[u8], credential: &Credential) -> Option<(Range<usize>, String)> {
    let Range { start, end } = credential.orig.clone();
    if !reads_as(bytes, start..end, &credential.written) {
        return None;
    }
    let before = &bytes[..start];
    let after = &bytes[end..];
    let encoded = credential.written.to_ascii_lowercase().contains("%3d");
    let (joiners, openers): (&[&[u8]], &[&[u8]]) = if encoded {
        (&[b"%26"], &[b"%3f"])
    } else {
        (&[b"&amp;", b"&"], &[b"?"])
    };
    if let Some(j) = joiners.iter().find(|j| bytes_end_with_ignore_case(before, j)) {
        return Some((start - j.len()..end, String::new()));
    }
    if let Some(o) = openers.iter().find(|o| bytes_end_with_ignore_case(before, o)) {
        return Some(match joiners.iter().find(|j| bytes_start_with_ignore_case(after, j)) {
            // "?pwd=x&a=1" → "?a=1"
            Some(j) => (start..end + j.len(), String::new()),
            // "?pwd=x" → ""
            None => (start - o.len()..end, String::new()),
        });
    }
    None
}

/// Replaces a passcode written in text with `placeholder` (an unsafe fix:
/// it changes what the page says). In a Zoom one-tap dial string
/// (`,,,,*482913#`) the passcode and its `*`/`#` are removed instead: the
/// phone then asks for it.
pub fn replace_value(bytes: &[u8], credential: &Credential, placeholder: &str) -> Option<(Range<usize>, String)> {
    if credential.written.starts_with('*') && credential.written.ends_with('#') {
        return reads_as(bytes, credential.orig.clone(), &credential.written)
            .then(|| (credential.orig.clone(), String::new()));
    }
    reads_as(bytes, credential.orig_value.clone(), &credential.written_value)
        .then(|| (credential.orig_value.clone(), placeholder.to_owned()))
}

/// Turns a Zoom start link (`/s/<id>`) into the join link of the same
/// meeting (`/j/<id>`).
pub fn start_to_join(bytes: &[u8], link: Range<usize>) -> Option<(Range<usize>, String)> {
    let raw = bytes.get(link.clone())?;
    let at = memchr::memmem::find(raw, b"/s/")?;
    Some((link.start + at..link.start + at + 3, "/j/".to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::CredentialKind;

    fn credential(bytes: &str, written: &str) -> Credential {
        let start = bytes.find(written.split('\n').next().unwrap()).unwrap();
        let len = bytes[start..].find(written.chars().last().unwrap()).unwrap() + 1;
        Credential {
            kind: CredentialKind::UrlPassword,
            field: 0,
            orig: start..start + len,
            orig_value: start..start + len,
            value: String::new(),
            masked: false,
            url_param: Some("pwd".into()),
            written: written.replace("\r\n ", ""),
            written_value: String::new(),
            link: None,
            meeting: None,
        }
    }

    fn apply(bytes: &str, edit: Option<(Range<usize>, String)>) -> String {
        let (range, replacement) = edit.expect("an edit");
        format!("{}{replacement}{}", &bytes[..range.start], &bytes[range.end..])
    }

    #[test]
    fn removes_the_parameter_and_its_separator() {
        let html = r#"<a href="https://cnrs.zoom.us/j/9?pwd=abc&amp;from=addon">"#;
        let c = credential(html, "pwd=abc");
        assert_eq!(
            apply(html, remove_param(html.as_bytes(), &c)),
            r#"<a href="https://cnrs.zoom.us/j/9?from=addon">"#
        );
        let md = "[Zoom](https://cnrs.zoom.us/j/9?pwd=abc)";
        let c = credential(md, "pwd=abc");
        assert_eq!(
            apply(md, remove_param(md.as_bytes(), &c)),
            "[Zoom](https://cnrs.zoom.us/j/9)"
        );
        let wrapped =
            "https://eur03.safelinks.protection.outlook.com/?url=https%3A%2F%2Fx.zoom.us%2Fj%2F9%3Fpwd%3Dabc&data=1";
        let c = credential(wrapped, "pwd%3Dabc");
        assert_eq!(
            apply(wrapped, remove_param(wrapped.as_bytes(), &c)),
            "https://eur03.safelinks.protection.outlook.com/?url=https%3A%2F%2Fx.zoom.us%2Fj%2F9&data=1"
        );
    }

    #[test]
    fn folded_parameters_are_removed_whole() {
        let ics = "DESCRIPTION:https://x.zoom.us/j/9?pwd=ab\r\n cd\r\nEND";
        let start = ics.find("pwd").unwrap();
        let end = ics.find("cd").unwrap() + 2;
        let mut c = credential(ics, "pwd=ab");
        c.orig = start..end;
        c.written = "pwd=abcd".into();
        assert_eq!(
            apply(ics, remove_param(ics.as_bytes(), &c)),
            "DESCRIPTION:https://x.zoom.us/j/9\r\nEND"
        );
    }

    #[test]
    fn no_edit_where_the_bytes_differ_from_the_text() {
        let qp = "https://x.zoom.us/j/9?pwd=3Dabc";
        let mut c = credential(qp, "pwd=3Dabc");
        c.written = "pwd=abc".into();
        assert!(remove_param(qp.as_bytes(), &c).is_none());
    }
}
