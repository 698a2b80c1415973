//! Inputs that once made visiolint panic (found by fuzzing, see
//! docs/robustness.md). Each must now be read and reported.

mod common;

use visiolint::input::{self, Format};
use visiolint::policy::Policy;

fn survives(format: Format, bytes: &[u8]) {
    let policy = Policy::builtin();
    let read = input::read(format, bytes);
    for invitation in &read.invitations {
        let _ = visiolint::extract::analyze(invitation, &policy);
    }
    let settings = visiolint::check::Settings::new(Policy::builtin(), visiolint::i18n::Lang::Fr);
    let _ = visiolint::check::check_file("regression", None, bytes, format, &settings);
}

/// fuzz read_ics: an attribute value starting with a multi-byte character
/// was sliced at a byte count (`MS ÿExchange` in an Outlook X-ALT-DESC).
#[test]
fn attribute_values_with_multibyte_characters() {
    let ics = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nX-ALT-DESC;FMTTYPE=text/html:<META NAME=\"Generator\" CONTENT=\"MS ÿExchange Server\"><a href=\"ééé\">x</a>\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    survives(Format::Ics, ics.as_bytes());
    survives(
        Format::Html,
        b"<a href=\"abc\xc3\xa9\">x</a><meta content=\"MS \xc3\xbfExchange\">",
    );
}

/// Links starting like `www.` or `msteams:` followed by multi-byte
/// characters were tested with byte-count slices.
#[test]
fn link_prefixes_with_multibyte_characters() {
    survives(Format::Text, "www.aéé msteams:é abcé://x wwwé.".as_bytes());
    survives(Format::Markdown, "[x](www.é) <msteamsé:>".as_bytes());
}

/// A value with a word after a label, where the word ends inside a
/// multi-byte character ("mot de passe ést").
#[test]
fn labels_followed_by_multibyte_words() {
    survives(Format::Text, "Mot de passe éstà\nPassword: é\nPIN ÿ#".as_bytes());
}
