//! Properties that must hold for any input: positions map back to the
//! original bytes through folding, quoted-printable and HTML entities;
//! redaction never leaks a secret; the report is always valid JSON.

use proptest::prelude::*;

use visiolint::check::{Settings, check_file};
use visiolint::i18n::Lang;
use visiolint::input::decode::{Transfer, decode_body};
use visiolint::input::markup::to_text;
use visiolint::input::{self, Format};
use visiolint::mapped::Mapped;
use visiolint::model::{Report, Summary};
use visiolint::policy::Policy;
use visiolint::report::{self, Options, OutputFormat};

/// Text with what makes decoding hard: accents, escapes-to-be, URLs.
fn value_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            "[a-zA-Z0-9 ]{1,12}",
            Just("é".to_owned()),
            Just("ç".to_owned()),
            Just("€".to_owned()),
            Just(",".to_owned()),
            Just(";".to_owned()),
            Just("\\".to_owned()),
            Just("\n".to_owned()),
            Just("https://cnrs.zoom.us/j/91234567890?pwd=abc".to_owned()),
        ],
        1..40,
    )
    .prop_map(|parts| parts.concat())
}

fn ics_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(',', "\\,")
        .replace(';', "\\;")
        .replace('\n', "\\n")
}

/// Folds a content line at the given widths (in bytes, never inside a UTF-8
/// sequence), as RFC 5545 producers do.
fn fold(line: &str, widths: &[usize]) -> String {
    let mut out = String::new();
    let mut rest = line;
    let mut k = 0;
    while !rest.is_empty() {
        let mut cut = widths[k % widths.len()].min(rest.len());
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        if cut == 0 {
            cut = rest.chars().next().map_or(rest.len(), char::len_utf8);
        }
        if !out.is_empty() {
            out.push_str("\r\n ");
        }
        out.push_str(&rest[..cut]);
        rest = &rest[cut..];
        k += 1;
    }
    out
}

/// Whether `original[at..]` is where `c` was written: the character itself
/// or the escape or encoding that stands for it.
fn written_at(original: &[u8], at: usize, c: char, escapes: &[&str]) -> bool {
    let rest = &original[at.min(original.len())..];
    let mut buf = [0u8; 4];
    rest.starts_with(c.encode_utf8(&mut buf).as_bytes()) || escapes.iter().any(|e| rest.starts_with(e.as_bytes()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn ics_values_unfold_and_map_back(value in value_text(), widths in prop::collection::vec(5usize..80, 1..6)) {
        let line = format!("DESCRIPTION:{}", ics_escape(&value));
        let ics = format!("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:p\r\n{}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", fold(&line, &widths));
        let read = input::read(Format::Ics, ics.as_bytes());
        prop_assert_eq!(read.invitations.len(), 1);
        let field = read.invitations[0].fields.iter().find(|f| f.name == "DESCRIPTION").expect("DESCRIPTION");
        prop_assert_eq!(field.text.as_str(), value.as_str());
        for (i, c) in field.text.as_str().char_indices() {
            let at = field.text.orig(i);
            // An escape may be cut by a fold: it starts with its backslash.
            let escapes: &[&str] = match c { '\n' | ',' | ';' | '\\' => &["\\"], _ => &[] };
            prop_assert!(written_at(ics.as_bytes(), at, c, escapes), "{:?} at {} not found at {}", c, i, at);
        }
    }

    #[test]
    fn quoted_printable_decodes_and_maps_back(value in value_text(), breaks in prop::collection::vec(3usize..70, 1..5)) {
        // Encode: non-ASCII and '=' as =XX, soft breaks at the given widths.
        let mut encoded = String::new();
        let mut width = 0;
        let mut k = 0;
        for b in value.bytes() {
            let piece = if b >= 0x80 || b == b'=' { format!("={b:02X}") } else if b == b'\n' { "\n".to_owned() } else { (b as char).to_string() };
            if width + piece.len() > breaks[k % breaks.len()] && b != b'\n' {
                encoded.push_str("=\r\n");
                width = 0;
                k += 1;
            }
            width = if b == b'\n' { 0 } else { width + piece.len() };
            encoded.push_str(&piece);
        }
        let text = decode_body(encoded.as_bytes(), 0, Transfer::QuotedPrintable, None);
        prop_assert_eq!(text.as_str(), value.as_str());
        for (i, c) in text.as_str().char_indices() {
            let at = text.orig(i);
            let mut buf = [0u8; 4];
            let first = format!("={:02X}", c.encode_utf8(&mut buf).as_bytes()[0]);
            prop_assert!(written_at(encoded.as_bytes(), at, c, &[&first]), "{:?} at {} not found at {}", c, i, at);
        }
    }

    #[test]
    fn html_entities_decode_and_map_back(value in "[a-zA-Zéà&<> 0-9]{1,60}") {
        let html: String = value.chars().map(|c| match c {
            '&' => "&amp;".to_owned(), '<' => "&lt;".to_owned(), '>' => "&gt;".to_owned(),
            'é' => "&eacute;".to_owned(), 'à' => "&#224;".to_owned(), c => c.to_string(),
        }).collect();
        let page = format!("<p>{html}</p>");
        let text = to_text(&Mapped::verbatim(page.clone(), 0));
        prop_assert_eq!(text.as_str().trim_matches('\n'), value.as_str());
        let offset = text.as_str().len() - text.as_str().trim_start_matches('\n').len();
        for (i, c) in value.char_indices() {
            let at = text.orig(offset + i);
            prop_assert!(written_at(page.as_bytes(), at, c, &["&"]), "{:?} at {} not found at {}", c, i, at);
        }
    }

    #[test]
    fn no_output_repeats_a_secret(
        noise in "[a-z ]{0,40}",
        pwd in "Zq[A-Za-z0-9]{10}",
        code in "7[0-9]{7}",
        format in 0usize..6,
        published in any::<bool>(),
    ) {
        let body = format!(
            "{noise}\nRejoindre : https://cnrs.zoom.us/j/91234567890?pwd={pwd}\nCode secret : {code}\n{noise}"
        );
        let bytes = match Format::ALL[format] {
            Format::Ics => format!("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:u\r\nDESCRIPTION:{}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", ics_escape(&body)),
            Format::Eml | Format::Mbox => format!("From: a@labo.fr\r\nTo: b@labo.fr\r\nSubject: Réunion {code}\r\n\r\n{body}\r\n"),
            Format::Html => format!("<p>{}</p><a href=\"https://cnrs.zoom.us/j/91234567890?pwd={pwd}\">x</a>", body.replace('\n', "<br>")),
            Format::Markdown | Format::Text => body.clone(),
        };
        let mut settings = Settings::new(Policy::builtin(), Lang::Fr);
        settings.published = Some(published);
        let file = check_file("f", None, bytes.as_bytes(), Format::ALL[format], &settings);
        let mut summary = Summary::default();
        summary.add_file(&file);
        let report = Report { version: 1, files: vec![file], summary };
        for output in [OutputFormat::Text, OutputFormat::Concise, OutputFormat::Json, OutputFormat::Sarif, OutputFormat::Github] {
            let mut out = Vec::new();
            let options = Options { lang: Lang::Fr, color: false, show_meetings: true, statistics: true };
            report::write(&report, output, options, &mut out).unwrap();
            let text = String::from_utf8_lossy(&out);
            prop_assert!(!text.contains(&pwd), "{:?} output leaks pwd", output);
            prop_assert!(!text.contains(&code), "{:?} output leaks the code", output);
        }
    }

    #[test]
    fn the_report_is_valid_json_for_any_input(bytes in prop::collection::vec(any::<u8>(), 0..600), format in 0usize..6) {
        let settings = Settings::new(Policy::builtin(), Lang::En);
        let file = check_file("f", None, &bytes, Format::ALL[format], &settings);
        let mut summary = Summary::default();
        summary.add_file(&file);
        let report = Report { version: 1, files: vec![file], summary };
        for output in [OutputFormat::Json, OutputFormat::Sarif] {
            let mut out = Vec::new();
            let options = Options { lang: Lang::En, color: false, show_meetings: false, statistics: false };
            report::write(&report, output, options, &mut out).unwrap();
            prop_assert!(serde_json::from_slice::<serde_json::Value>(&out).is_ok());
        }
    }
}
