//! The two records of the JSON report that a batch audit writes by the
//! hundred thousand, an invitation and a diagnostic, written by hand. The
//! output is byte for byte serde_json's of the same `model` types (tests
//! compare both on every fixture), without its cost: serde_json escapes
//! every key as it escapes values, byte after byte, and that was the
//! largest single cost of writing an audit's report.

use crate::extract::sensitivity::Signal;
use crate::model::{CredentialReport, Diagnostic, InvitationReport, MeetingReport, ReasonReport};

/// `invitation` as `serde_json::to_writer` writes it.
pub fn invitation(out: &mut Vec<u8>, invitation: &InvitationReport) {
    out.extend_from_slice(b"{\"id\":");
    optional_string(out, invitation.id.as_deref());
    out.extend_from_slice(b",\"summary\":");
    optional_string(out, invitation.summary.as_deref());
    out.extend_from_slice(b",\"line\":");
    number(out, invitation.line);
    out.extend_from_slice(b",\"meetings\":[");
    elements(out, &invitation.meetings, meeting);
    out.extend_from_slice(b"],\"attendance\":{\"count\":");
    match invitation.attendance.count {
        Some(count) => number(out, count as usize),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"exact\":");
    boolean(out, invitation.attendance.exact);
    out.extend_from_slice(b"},\"sensitivity\":{\"level\":");
    string(out, invitation.sensitivity.level.name());
    out.extend_from_slice(b",\"reasons\":[");
    elements(out, &invitation.sensitivity.reasons, reason);
    out.extend_from_slice(b"]}}");
}

/// `diagnostic` as `serde_json::to_writer` writes it.
pub fn diagnostic(out: &mut Vec<u8>, d: &Diagnostic) {
    out.extend_from_slice(b"{\"code\":");
    string(out, d.code);
    out.extend_from_slice(b",\"name\":");
    string(out, d.name);
    out.extend_from_slice(b",\"severity\":");
    string(out, d.severity.name());
    for (key, value) in [
        (&b",\"line\":"[..], d.line),
        (b",\"column\":", d.column),
        (b",\"end_line\":", d.end_line),
        (b",\"end_column\":", d.end_column),
    ] {
        out.extend_from_slice(key);
        number(out, value);
    }
    out.extend_from_slice(b",\"message\":");
    string(out, &d.message);
    out.extend_from_slice(b",\"help\":");
    string(out, &d.help);
    out.extend_from_slice(b",\"fixable\":");
    boolean(out, d.fixable);
    out.push(b'}');
}

fn meeting(out: &mut Vec<u8>, m: &MeetingReport) {
    out.extend_from_slice(b"{\"platform\":");
    string(out, &m.platform);
    out.extend_from_slice(b",\"host\":");
    string(out, &m.host);
    out.extend_from_slice(b",\"url\":");
    string(out, &m.url);
    out.extend_from_slice(b",\"meeting_id\":");
    optional_string(out, m.meeting_id.as_deref());
    out.extend_from_slice(b",\"has_password\":");
    boolean(out, m.has_password);
    out.extend_from_slice(b",\"credentials\":[");
    elements(out, &m.credentials, credential);
    out.extend_from_slice(b"],\"line\":");
    number(out, m.line);
    out.extend_from_slice(b",\"column\":");
    number(out, m.column);
    out.push(b'}');
}

fn credential(out: &mut Vec<u8>, c: &CredentialReport) {
    out.extend_from_slice(b"{\"kind\":");
    string(out, c.kind.name());
    out.extend_from_slice(b",\"line\":");
    number(out, c.line);
    out.extend_from_slice(b",\"column\":");
    number(out, c.column);
    // Only with `--show-secrets` (`skip_serializing_if`).
    if let Some(value) = &c.value {
        out.extend_from_slice(b",\"value\":");
        string(out, value);
    }
    out.push(b'}');
}

fn reason(out: &mut Vec<u8>, r: &ReasonReport) {
    out.extend_from_slice(b"{\"signal\":");
    string(out, signal_name(r.signal));
    out.extend_from_slice(b",\"text\":");
    string(out, &r.text);
    out.extend_from_slice(b",\"field\":");
    string(out, &r.field);
    out.extend_from_slice(b",\"line\":");
    number(out, r.line);
    out.push(b'}');
}

/// The name serde gives `signal` (kebab-case; a test checks every one).
fn signal_name(signal: Signal) -> &'static str {
    match signal {
        Signal::Keyword => "keyword",
        Signal::Class => "class",
        Signal::Header => "header",
        Signal::Label => "label",
        Signal::Nir => "nir",
        Signal::Identifier => "identifier",
        Signal::Forced => "forced",
    }
}

/// The elements of a JSON array, comma-separated (the brackets are the
/// caller's, written with the key).
fn elements<T>(out: &mut Vec<u8>, items: &[T], write: fn(&mut Vec<u8>, &T)) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write(out, item);
    }
}

fn number(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

fn boolean(out: &mut Vec<u8>, b: bool) {
    out.extend_from_slice(if b { b"true" } else { b"false" });
}

fn optional_string(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => string(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

/// `s` as a JSON string, escaped as serde_json does: `"` and `\`, and the
/// control characters below U+0020 (`\b`, `\t`, `\n`, `\f`, `\r`, else
/// `\u00XX`); nothing else. Runs of plain bytes are copied at once, found
/// eight bytes at a time.
pub fn string(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut start = 0;
    let mut at = 0;
    while let Some(i) = next_to_escape(bytes, at) {
        out.extend_from_slice(&bytes[start..i]);
        let b = bytes[i];
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\x08' => out.extend_from_slice(b"\\b"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\x0c' => out.extend_from_slice(b"\\f"),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(b >> 4)],
                HEX[usize::from(b & 0xf)],
            ]),
        }
        start = i + 1;
        at = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// The first byte of `bytes` from `from` on that JSON escapes.
fn next_to_escape(bytes: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let needs_escape = |b: u8| b < 0x20 || b == b'"' || b == b'\\';
    // Whether some byte of `word` is below `n` (n <= 0x80): exact for the
    // word, not for each lane (a borrow may mark the lane after), so the
    // bytes of a marked word are then tested one by one.
    let has_below = |word: u64, n: u8| word.wrapping_sub(ONES * u64::from(n)) & !word & HIGHS != 0;
    let has = |word: u64, b: u8| has_below(word ^ (ONES * u64::from(b)), 1);
    let mut at = from;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        if (has_below(word, 0x20) || has(word, b'"') || has(word, b'\\'))
            && let Some(i) = chunk.iter().position(|&b| needs_escape(b))
        {
            return Some(at + i);
        }
        at += 8;
    }
    bytes[at.min(bytes.len())..]
        .iter()
        .position(|&b| needs_escape(b))
        .map(|i| at + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serde(s: &str) -> Vec<u8> {
        serde_json::to_vec(s).unwrap()
    }

    fn ours(s: &str) -> Vec<u8> {
        let mut out = Vec::new();
        string(&mut out, s);
        out
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let every_ascii: String = (0u8..0x80).map(char::from).collect();
        for s in [
            "",
            "plain",
            "\"quoted\" \\ back",
            &every_ascii,
            "é\u{7f}\u{80}\u{9f}\u{2028}\u{feff}😀",
            "abcdefg\"",
            "abcdefgh\u{1}",
            "\u{1f}\u{0}",
        ] {
            assert_eq!(ours(s), serde(s), "{s:?}");
        }
    }

    #[test]
    fn signal_names_are_serde_names() {
        for signal in [
            Signal::Keyword,
            Signal::Class,
            Signal::Header,
            Signal::Label,
            Signal::Nir,
            Signal::Identifier,
            Signal::Forced,
        ] {
            assert_eq!(
                serde_json::to_string(&signal).unwrap(),
                format!("\"{}\"", signal_name(signal))
            );
        }
    }

    fn assert_written_as_serde<T: serde::Serialize>(write: fn(&mut Vec<u8>, &T), record: &T, path: &std::path::Path) {
        let mut out = Vec::new();
        write(&mut out, record);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            serde_json::to_string(record).unwrap(),
            "{path:?}"
        );
    }

    /// Every invitation and diagnostic of every fixture, with secrets
    /// shown and hidden, is written as serde_json writes it.
    #[test]
    fn records_are_written_as_serde_json_writes_them() {
        use crate::check::{Settings, check_file};
        use crate::input::Format;
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut files = Vec::new();
        let mut dirs = vec![root];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else {
                    files.push(path);
                }
            }
        }
        let (mut invitations, mut diagnostics, mut with_values) = (0, 0, 0);
        for show_secrets in [false, true] {
            let mut settings = Settings::new(crate::policy::Policy::builtin(), crate::i18n::Lang::En);
            settings.show_secrets = show_secrets;
            for path in &files {
                let bytes = std::fs::read(path).unwrap();
                let format = Format::detect(Some(path), &bytes);
                let report = check_file(&path.display().to_string(), Some(path), &bytes, format, &settings);
                for i in &report.invitations {
                    assert_written_as_serde(invitation, i, path);
                    invitations += 1;
                    with_values += i
                        .meetings
                        .iter()
                        .flat_map(|m| &m.credentials)
                        .filter(|c| c.value.is_some())
                        .count();
                }
                for d in &report.diagnostics {
                    assert_written_as_serde(diagnostic, d, path);
                    diagnostics += 1;
                }
            }
        }
        // The fixtures hold every kind of record.
        assert!(
            invitations > 50 && diagnostics > 50 && with_values > 5,
            "{invitations} {diagnostics} {with_values}"
        );
    }

    proptest::proptest! {
        #[test]
        fn any_string_is_escaped_as_serde_json_escapes_it(s in "(?s).{0,40}", ascii in "[\\x00-\\x7f]{0,40}") {
            proptest::prop_assert_eq!(ours(&s), serde(&s));
            proptest::prop_assert_eq!(ours(&ascii), serde(&ascii));
        }
    }
}
