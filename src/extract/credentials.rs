//! Passcodes, PINs, host keys and meeting numbers written in text.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use regex_automata::meta;
use serde::Serialize;

/// Kinds of credential (SPEC §3 `credentials[].kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CredentialKind {
    /// A password in a meeting URL: `pwd=`, Teams `p=`, `password=`.
    UrlPassword,
    /// A passcode, password or access code written in text.
    Passcode,
    /// A dial-in PIN or phone conference id.
    DialInPin,
    /// A host key, or a URL token that grants host rights (`zak=`).
    HostKey,
    /// A personal registration token in a URL (`tk=`).
    UrlToken,
    /// A link that starts the meeting as host or joins as moderator.
    HostLink,
}

impl CredentialKind {
    pub fn name(self) -> &'static str {
        match self {
            CredentialKind::UrlPassword => "url-password",
            CredentialKind::Passcode => "passcode",
            CredentialKind::DialInPin => "dial-in-pin",
            CredentialKind::HostKey => "host-key",
            CredentialKind::UrlToken => "url-token",
            CredentialKind::HostLink => "host-link",
        }
    }

    /// Whether it lets a participant in (SPEC §3 `has_password`).
    pub fn is_password(self) -> bool {
        matches!(
            self,
            CredentialKind::UrlPassword | CredentialKind::Passcode | CredentialKind::DialInPin
        )
    }
}

/// What a labelled value in text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextHitKind {
    Credential(CredentialKind),
    /// "Meeting ID: 912 3456 7890": not a secret, but names the meeting.
    MeetingId,
}

/// A labelled value found in text.
#[derive(Debug, Clone)]
pub struct TextHit {
    pub kind: TextHitKind,
    /// From the label's first byte to the value's last.
    pub range: Range<usize>,
    /// The value alone.
    pub value: Range<usize>,
    /// The value is already hidden (`****`, `xxxxxx`).
    pub masked: bool,
}

/// Labels of credentials and meeting numbers, one pattern per kind, in the
/// order of `LABEL_KINDS`: the pattern a match comes from says its kind,
/// without a capture-group search over the match.
static LABELS: LazyLock<meta::Regex> =
    LazyLock::new(|| meta::Regex::new_many(&label_patterns("xi")).expect("valid regex"));

/// The patterns of `LABELS`, with `flags` (`xi`; `x` for a test that reads
/// their literal prefixes).
fn label_patterns(flags: &str) -> [String; 4] {
    const HOST: &str = r"host\s+key | cl[ée]\s+(?:d['’]\s?h[ôo]te|de\s+l['’]\s?h[ôo]te|de\s+l['’]\s?organisateur|organisateur|h[ôo]te)
            | code\s+(?:d['’]\s?)?(?:h[ôo]te|organisateur) | hostschl[üu]ssel | host-schl[üu]ssel";
    const ID: &str = r"meeting\s+(?:id|number) | webinar\s+id | id\s+(?:de\s+(?:la\s+)?r[ée]union|du\s+webinaire)
            | num[ée]ro\s+de\s+(?:la\s+)?r[ée]union | num[ée]ro\s+de\s+(?:la\s+)?conf[ée]rence | conference\s+number
            | meeting-id | besprechungs-id | sitzungsnummer";
    const PIN: &str = r"(?:phone\s+|video\s+)?conference\s+id | id\s+de\s+(?:la\s+)?conf[ée]rence(?:\s+t[ée]l[ée]phonique)?
            | konferenz-id | (?:dial-in\s+|code\s+)?pin(?:\s+code)? | code\s+confidentiel";
    const PASS: &str = r"(?:meeting\s+|webinar\s+|numeric\s+|attendee\s+|participant\s+|event\s+|room\s+)?(?:passcode|password|pass\s+code|access\s+code)
            | mot\s+de\s+passe(?:\s+(?:de\s+la\s+r[ée]union|du\s+webinaire|de\s+la\s+salle|num[ée]rique))?
            | code\s+secret(?:\s+num[ée]rique)? | code\s+d['’]\s?acc[èe]s | code\s+de\s+(?:la\s+)?salle
            | kenncode | kennwort | passwort | contrase[ñn]a";
    [HOST, ID, PIN, PASS].map(|alternatives| format!(r"(?{flags})(?-u:\b)(?:{alternatives})(?-u:\b)"))
}

/// The ASCII words every alternative of `LABELS` starts with, lower case
/// (a test checks it against the patterns). The trigger pass finds them
/// while it folds a field (`Triggers::scan`): `LABELS` is then tried only
/// where one starts, anchored, instead of over every byte of the field.
pub const LABEL_STARTS: &[&str] = &[
    "access",
    "attendee",
    "besprechungs",
    "cl",
    "code",
    "conference",
    "contrase",
    "dial",
    "event",
    "host",
    "id",
    "kenn",
    "konferenz",
    "meeting",
    "mot",
    "num",
    "participant",
    "pass",
    "phone",
    "pin",
    "room",
    "sitzungsnummer",
    "video",
    "webinar",
];

/// The kind of a label, by the pattern of `LABELS` it matched.
const LABEL_KINDS: [TextHitKind; 4] = [
    TextHitKind::Credential(CredentialKind::HostKey),
    TextHitKind::MeetingId,
    TextHitKind::Credential(CredentialKind::DialInPin),
    TextHitKind::Credential(CredentialKind::Passcode),
];

/// Zoom's one-tap dial strings carry the numeric passcode after `*`:
/// `+33170372246,,91234567890#,,,,*482913# France`.
static ONE_TAP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r",,[0-9]{9,12}#(?:,,[0-9,]*)?,\*([0-9]{4,12})#").expect("valid regex"));

/// Words that follow a label without being a secret.
const NOT_SECRETS: &[&str] = &[
    "none",
    "aucun",
    "aucune",
    "n/a",
    "na",
    "nil",
    "no",
    "non",
    "not",
    "pas",
    "required",
    "requis",
    "obligatoire",
    "see",
    "voir",
    "below",
    "above",
    "ci-dessous",
    "ci-dessus",
    "provided",
    "fourni",
    "fournie",
    "communiqué",
    "communique",
    "communiqués",
    "sent",
    "envoyé",
    "envoyée",
    "sera",
    "will",
    "sur",
    "upon",
    "on",
    "by",
    "par",
    "inscription",
    "registration",
    "demande",
    "request",
    "the",
    "le",
    "la",
    "les",
    "your",
    "votre",
    "vos",
    "yes",
    "oui",
    "optional",
    "facultatif",
    "same",
    "même",
    "identique",
    "disabled",
    "désactivé",
    "enabled",
    "activé",
    "de",
    "du",
    "des",
    "a",
    "an",
    "un",
    "une",
    "is",
    "est",
    "to",
    "à",
    "if",
    "si",
    "and",
    "et",
    "or",
    "ou",
    "only",
    "uniquement",
    "for",
    "pour",
    "in",
    "dans",
    "with",
    "avec",
    // How the code is given or what it is like, not the code.
    "transmis",
    "transmise",
    "transmitted",
    "emailed",
    "e-mailed",
    "mailed",
    "envoyés",
    "envoyées",
    "communiquée",
    "communiquées",
    "donné",
    "donnée",
    "given",
    "indiqué",
    "indiquée",
    "shared",
    "partagé",
    "distributed",
    "distribué",
    "available",
    "disponible",
    "attached",
    "ci-joint",
    "joint",
    "included",
    "inclus",
    "case-sensitive",
    "sensible",
    "requise",
    "needed",
    "nécessaire",
    "unchanged",
    "inchangé",
];

/// Finds labelled credentials and meeting numbers. `lenient` accepts a value
/// right after its label without a colon (RFC 7986 `LABEL` parameters:
/// "Code d'accès 123456", "password is 12345" works everywhere).
pub fn find_labelled(text: &str, lenient: bool, placeholder: &str) -> Vec<TextHit> {
    if text.len() < 6 {
        return Vec::new();
    }
    labelled_hits(text, LABELS.find_iter(text), lenient, placeholder)
}

/// [`find_labelled`] where a label can only start at one of `starts`
/// (byte offsets, in any order, duplicates allowed), as the trigger pass
/// finds them: the same hits, without running `LABELS` over the whole text.
pub fn find_labelled_from(text: &str, starts: &mut [usize], lenient: bool, placeholder: &str) -> Vec<TextHit> {
    if text.len() < 6 {
        return Vec::new();
    }
    starts.sort_unstable();
    let mut after = 0;
    let labels = starts.iter().filter_map(move |&start| {
        if start < after {
            // Inside the label found before: `find_iter` would not look there.
            return None;
        }
        // Every pattern starts with an ASCII word boundary: a start inside
        // a word ("code" in "Passcode", "id" in a token) needs no search.
        // Half of the starts of an export are such. A start whose first
        // byte is not ASCII alphanumeric (a Kelvin sign for `k`) is always
        // searched.
        let bytes = text.as_bytes();
        if bytes[start].is_ascii_alphanumeric()
            && start > 0
            && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_')
        {
            return None;
        }
        let input = regex_automata::Input::new(text)
            .span(start..text.len())
            .anchored(regex_automata::Anchored::Yes);
        let found = LABELS.search(&input)?;
        after = found.end();
        Some(found)
    });
    labelled_hits(text, labels, lenient, placeholder)
}

fn labelled_hits(
    text: &str,
    labels: impl Iterator<Item = regex_automata::Match>,
    lenient: bool,
    placeholder: &str,
) -> Vec<TextHit> {
    let mut hits = Vec::new();
    for found in labels {
        let kind = LABEL_KINDS[found.pattern().as_usize()];
        let Some((value, masked)) = value_after(text, found.end(), lenient, kind, placeholder) else {
            continue;
        };
        hits.push(TextHit {
            kind,
            range: found.start()..value.end,
            value,
            masked,
        });
    }
    for found in ONE_TAP.find_iter(text) {
        let Some(caps) = ONE_TAP.captures(found.as_str()) else {
            continue;
        };
        let value = caps.get(1).expect("group 1");
        let value = found.start() + value.start()..found.start() + value.end();
        hits.push(TextHit {
            kind: TextHitKind::Credential(CredentialKind::Passcode),
            range: value.start - 1..value.end + 1,
            value,
            masked: false,
        });
    }
    hits.sort_by_key(|h| h.range.start);
    hits
}

fn skip_blanks(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && matches!(bytes[i], b' ' | b'\t') {
        i += 1;
    }
    // Non-breaking spaces (French typography before ':').
    while i + 1 < bytes.len() && bytes[i] == 0xC2 && bytes[i + 1] == 0xA0 {
        i += 2;
        while i < bytes.len() && matches!(bytes[i], b' ' | b'\t') {
            i += 1;
        }
    }
    if i + 2 < bytes.len() && bytes[i..].starts_with("\u{202f}".as_bytes()) {
        i += 3;
    }
    i
}

/// The value written after a label ending at `at`, if there is one.
fn value_after(
    text: &str,
    at: usize,
    lenient: bool,
    kind: TextHitKind,
    placeholder: &str,
) -> Option<(Range<usize>, bool)> {
    let bytes = text.as_bytes();
    let mut i = skip_blanks(bytes, at);
    let tab_separated = bytes[at..i].contains(&b'\t');
    // "(access code)", "(numérique)": a remark between label and value.
    if bytes.get(i) == Some(&b'(')
        && let Some(close) = text[i..]
            .find(')')
            .filter(|&c| c < 40 && !text[i..i + c].contains('\n'))
    {
        i = skip_blanks(bytes, i + close + 1);
    }
    let mut separated = tab_separated;
    if let Some(&c) = bytes.get(i) {
        if matches!(c, b':' | b'=' | b'-') {
            i = skip_blanks(bytes, i + 1);
            separated = true;
        } else if text[i..].starts_with('：') || text[i..].starts_with('–') {
            i = skip_blanks(bytes, i + 3);
            separated = true;
        }
    }
    for word in ["est", "is", "lautet", "es"] {
        if !separated
            && text[i..].len() > word.len()
            && text
                .get(i..i + word.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(word))
        {
            let after = i + word.len();
            if bytes.get(after).is_some_and(|b| *b == b' ' || *b == b':') {
                i = skip_blanks(bytes, after);
                if bytes.get(i) == Some(&b':') {
                    i = skip_blanks(bytes, i + 1);
                }
                separated = true;
                break;
            }
        }
    }
    // Label alone at the end of its line: the value is on the next line
    // (HTML tables, Zoom's two-column layouts).
    if bytes.get(i) == Some(&b'\r') {
        i += 1;
    }
    if bytes.get(i) == Some(&b'\n') {
        i = skip_blanks(bytes, i + 1);
        separated = true;
    }
    let value = token_at(text, i)?;
    let value_text = &text[value.clone()];
    // Without a separator, only a dial-in number ending in '#' is accepted.
    let dial_string = value_text.ends_with('#') && value_text.starts_with(|c: char| c.is_ascii_digit());
    if !(separated || lenient || dial_string) {
        return None;
    }
    let masked = is_masked(value_text);
    if !masked && (!looks_like_value(value_text, kind) || is_prose(text, value.clone())) {
        return None;
    }
    if !placeholder.is_empty()
        && text[value.start..]
            .get(..placeholder.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(placeholder))
    {
        return None;
    }
    Some((value, masked))
}

/// The value token at `i`: one word, or digit groups ("934 959 535#").
fn token_at(text: &str, i: usize) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    let end_of_word = |from: usize| {
        text[from..]
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\'' | '|' | '(' | ')'))
            .map_or(text.len(), |k| from + k)
    };
    if i >= bytes.len() {
        return None;
    }
    // A quoted value (YAML front matter, « guillemets »): what the quotes hold.
    for (open, close) in [("\"", '"'), ("'", '\''), ("«", '»'), ("“", '”'), ("‘", '’')] {
        if let Some(rest) = text[i..].strip_prefix(open) {
            let inner_start = i + open.len();
            let line_end = rest.find('\n').unwrap_or(rest.len());
            let close_at = rest[..line_end].find(close)?;
            let inner = &text[inner_start..inner_start + close_at];
            let lead = inner.len() - inner.trim_start().len();
            let trimmed = inner.trim();
            let digits_only = trimmed.chars().all(|c| c.is_ascii_digit() || c == ' ' || c == '#');
            if trimmed.is_empty() || (trimmed.contains(char::is_whitespace) && !digits_only) {
                return None;
            }
            return Some(inner_start + lead..inner_start + lead + trimmed.len());
        }
    }
    let mut end = end_of_word(i);
    if end == i {
        return None;
    }
    let is_digit_group = |s: &str| !s.is_empty() && s.trim_end_matches('#').bytes().all(|b| b.is_ascii_digit());
    if is_digit_group(&text[i..end]) && !text[i..end].ends_with('#') {
        // Following digit groups separated by single spaces belong to it.
        loop {
            let next = end + 1;
            if next >= bytes.len() || bytes[end] != b' ' {
                break;
            }
            let next_end = end_of_word(next);
            if next_end > next && is_digit_group(&text[next..next_end]) {
                end = next_end;
                if text[..end].ends_with('#') {
                    break;
                }
            } else {
                break;
            }
        }
    }
    // Sentence punctuation is not part of the value.
    let trimmed = text[i..end].trim_end_matches(['.', ',', ';', ':', '!', '?']);
    let end = i + trimmed.len();
    if end == i {
        return None;
    }
    Some(i..end)
}

/// Already hidden: `****`, `••••`, `xxxxxx`, `XXXX`.
pub fn is_masked(value: &str) -> bool {
    let v = value.trim_end_matches('#');
    v.chars().count() >= 3
        && v.chars().all(|c| matches!(c, '*' | '•' | '·' | 'x' | 'X' | '…'))
        && v.chars().collect::<std::collections::BTreeSet<_>>().len() == 1
}

fn looks_like_value(value: &str, kind: TextHitKind) -> bool {
    let core = value.trim_end_matches('#');
    let compact: String = core.chars().filter(|c| !c.is_whitespace()).collect();
    if kind == TextHitKind::MeetingId {
        return compact.len() >= 6 && compact.bytes().all(|b| b.is_ascii_digit());
    }
    if compact.chars().count() < 4 {
        return false;
    }
    let lower = compact.to_lowercase();
    if NOT_SECRETS.contains(&lower.as_str()) {
        return false;
    }
    // Links and addresses are not passcodes ("Password: https://...").
    if lower.contains("://") || lower.contains('@') {
        return false;
    }
    compact.chars().any(|c| c.is_alphanumeric())
}

/// A word of a sentence rather than a code: letters only, without a capital
/// inside ("transmis", "Transmis"; not "aBcDeF", "KXQWZP"), and more words
/// after it on its line ("Mot de passe : transmis par courriel"). A code of
/// letters alone ends its line ("Passcode: openbmc"), or a table cell
/// ("openbmc | ID ...", "openbmc (minuscules)").
fn is_prose(text: &str, value: Range<usize>) -> bool {
    let word = &text[value.clone()];
    let letters = word.chars().all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'));
    let inner_capital = word.chars().skip(1).any(char::is_uppercase);
    if !letters || inner_capital {
        return false;
    }
    let line = &text[value.end..];
    let line = &line[..line.find(['\n', '\t', '(', '[', '|', '<']).unwrap_or(line.len())];
    line.chars().any(char::is_alphanumeric)
}

/// The digits of a meeting number ("912 3456 7890" → "91234567890").
pub fn digits(value: &str) -> String {
    value.chars().filter(char::is_ascii_digit).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(TextHitKind, String)> {
        find_labelled(text, false, "communiqué sur inscription")
            .into_iter()
            .map(|h| (h.kind, text[h.value].to_owned()))
            .collect()
    }

    #[test]
    fn french_and_english_labels() {
        let pass = TextHitKind::Credential(CredentialKind::Passcode);
        let pin = TextHitKind::Credential(CredentialKind::DialInPin);
        assert_eq!(
            kinds("ID de réunion : 912 3456 7890\nCode secret : 482913"),
            vec![
                (TextHitKind::MeetingId, "912 3456 7890".into()),
                (pass, "482913".into())
            ]
        );
        assert_eq!(kinds("Passcode: openbmc"), vec![(pass, "openbmc".into())]);
        assert_eq!(
            kinds("(FR) +33 1 87 40 00 00 PIN: 934 959 535#"),
            vec![(pin, "934 959 535#".into())]
        );
        assert_eq!(
            kinds("Join NextCloud Talk, password is 12345"),
            vec![(pass, "12345".into())]
        );
        assert_eq!(
            kinds("Mot de passe\u{a0}: Xyz12abCD34."),
            vec![(pass, "Xyz12abCD34".into())]
        );
        assert_eq!(kinds("Code d'accès\n829104"), vec![(pass, "829104".into())]);
        assert_eq!(
            kinds("Host key: 123456"),
            vec![(TextHitKind::Credential(CredentialKind::HostKey), "123456".into())]
        );
        assert_eq!(
            kinds("+33170372246,,91234567890#,,,,*482913# France"),
            vec![(pass, "482913".into())]
        );
        assert_eq!(kinds("passcode: \"447120\""), vec![(pass, "447120".into())]);
        assert_eq!(kinds("Code secret : « 447120 »"), vec![(pass, "447120".into())]);
    }

    #[test]
    fn prose_and_placeholders_are_not_credentials() {
        assert!(kinds("Le mot de passe sera envoyé la veille.").is_empty());
        assert!(kinds("Mot de passe : communiqué sur inscription").is_empty());
        assert!(kinds("Forgot password? Reset it").is_empty());
        assert!(kinds("Password: none").is_empty());
        assert!(kinds("pinned message").is_empty());
        assert!(kinds("Mot de passe : transmis par courriel la veille.").is_empty());
        assert!(kinds("Mot de passe : Transmis par courriel la veille.").is_empty());
        assert!(kinds("The passcode is emailed to registered attendees.").is_empty());
        assert!(kinds("Your password is case-sensitive.").is_empty());
        assert!(kinds("Le mot de passe est sensible à la casse.").is_empty());
    }

    #[test]
    fn codes_of_letters_still_count() {
        let pass = TextHitKind::Credential(CredentialKind::Passcode);
        for (text, value) in [
            ("Code secret : 482913", "482913"),
            ("Passcode: y964uq", "y964uq"),
            ("Mot de passe : Xk7pQ2", "Xk7pQ2"),
            ("Password: aBc12DeF", "aBc12DeF"),
            ("Passcode: openbmc", "openbmc"),
            ("Passcode: openbmc (lowercase)", "openbmc"),
            ("Code d'accès : KXQWZP à saisir", "KXQWZP"),
            ("Code d'accès : aBcDeF à saisir", "aBcDeF"),
            ("Code d'accès : k3x-9pq-7mn puis Entrée", "k3x-9pq-7mn"),
        ] {
            assert_eq!(kinds(text), vec![(pass, value.to_owned())], "{text}");
        }
    }

    /// Every label starts with a word of `LABEL_STARTS`: the literal
    /// prefixes of the patterns, as written (lower case; the scan compares
    /// ASCII case-insensitively and falls back where Unicode case folding
    /// could matter), each begin with one of them.
    #[test]
    fn label_starts_cover_every_label() {
        use regex_syntax::hir::literal::{ExtractKind, Extractor};
        for pattern in label_patterns("x") {
            let hir = regex_syntax::parse(&pattern).expect("valid pattern");
            let mut extractor = Extractor::new();
            extractor
                .kind(ExtractKind::Prefix)
                .limit_literal_len(64)
                .limit_total(10_000);
            let prefixes = extractor.extract(&hir);
            let literals = prefixes.literals().expect("a finite set of prefixes");
            assert!(literals.len() > 5, "{pattern}");
            for literal in literals {
                let literal = String::from_utf8_lossy(literal.as_bytes());
                assert!(
                    LABEL_STARTS.iter().any(|start| literal.starts_with(start)),
                    "no start word for label `{literal}`"
                );
            }
        }
    }

    #[test]
    fn masked_values_are_flagged() {
        let hits = find_labelled("Kenncode: xxxxxx", false, "");
        assert_eq!(hits.len(), 1);
        assert!(hits[0].masked);
    }
}
