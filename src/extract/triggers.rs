//! One cheap pass over a text that says which of the expensive searches can
//! find anything in it.
//!
//! Every field of every event would otherwise go through a dozen regexes
//! (sensitivity lexicon, recording, consent, chat, client, audience,
//! identifiers, NIR). The text is folded once (lower case, accents removed,
//! spaces and hyphens collapsed) and a single Aho-Corasick automaton looks
//! for every phrase of every list at once; only the lists that occur are
//! then searched precisely, with positions, on the original text.

use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind};

use super::sensitivity::{NirRun, fold_char, normalize};

/// The lists a text may hold something of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Triggered(u16);

impl Triggered {
    pub const LEXICON: u16 = 1;
    pub const RECORDING: u16 = 1 << 1;
    pub const CONSENT: u16 = 1 << 2;
    pub const CHAT: u16 = 1 << 3;
    pub const DESKTOP: u16 = 1 << 4;
    pub const AUDIENCE: u16 = 1 << 5;
    pub const IDENTIFIER: u16 = 1 << 6;
    /// A run of digits long enough for a NIR (see `NirRun`).
    pub const DIGITS: u16 = 1 << 7;
    /// Everything: for texts not scanned (tests, small inputs).
    pub const ALL: Triggered = Triggered(u16::MAX);

    pub fn has(self, kind: u16) -> bool {
        self.0 & kind != 0
    }

    /// What field `i` may hold, from the scan of an invitation's fields
    /// (`ALL` for a field the scan did not cover).
    pub fn of_field(triggered: &[Triggered], i: usize) -> Triggered {
        triggered.get(i).copied().unwrap_or(Triggered::ALL)
    }
}

/// Words that announce an audience ("120 participants").
const AUDIENCE: &[&str] = &[
    "participant",
    "personne",
    "people",
    "person",
    "attendee",
    "inscrit",
    "invite",
    "auditeur",
    "spectateur",
    "viewer",
    "guest",
];
/// Names of national identifiers.
const IDENTIFIERS: &[&str] = &[
    "passeport",
    "passport",
    "numero fiscal",
    "tax id",
    "identite",
    "id card",
];

/// The automaton over every list, folded.
#[derive(Debug, Clone)]
pub struct Triggers {
    /// A DFA driven byte by byte (see `scan`).
    automaton: DFA,
    kinds: Vec<u16>,
}

impl Triggers {
    /// `lists`: (kind, phrases) pairs.
    pub fn new(lists: &[(u16, &[String])]) -> Triggers {
        let mut patterns: Vec<String> = Vec::new();
        let mut kinds: Vec<u16> = Vec::new();
        let mut add = |pattern: String, kind: u16| {
            if pattern.is_empty() {
                return;
            }
            match patterns.iter().position(|p| *p == pattern) {
                Some(i) => kinds[i] |= kind,
                None => {
                    patterns.push(pattern);
                    kinds.push(kind);
                }
            }
        };
        for (kind, phrases) in lists {
            for phrase in phrases.iter() {
                add(normalize(phrase), *kind);
            }
        }
        for word in AUDIENCE {
            add((*word).to_owned(), Triggered::AUDIENCE);
        }
        for word in IDENTIFIERS {
            add((*word).to_owned(), Triggered::IDENTIFIER);
        }
        let automaton = DFA::builder()
            .match_kind(MatchKind::Standard)
            .start_kind(aho_corasick::StartKind::Unanchored)
            .build(&patterns)
            .expect("valid patterns");
        Triggers { automaton, kinds }
    }

    /// Which lists `text` may hold something of.
    pub fn scan(&self, text: &str) -> Triggered {
        // Only which lists occur matters, not where: the DFA is stepped by
        // hand on each folded byte as it is made (no folded copy of the
        // text), and its match states read (every phrase ending at a byte
        // is in the match state of that byte).
        let dfa = &self.automaton;
        let Ok(mut state) = dfa.start_state(Anchored::No) else {
            return Triggered::ALL;
        };
        let mut found = 0;
        // Inlined: LLVM left a call per byte (measured 3.8 -> 3.4 ns/byte).
        // A fold into a block buffer, then a DFA loop on it, was slower
        // (5.1 ns/byte).
        let nir_run = fold_with(
            text,
            #[inline(always)]
            |b| {
                state = dfa.next_state(Anchored::No, state, b);
                if dfa.is_match(state) {
                    for i in 0..dfa.match_len(state) {
                        found |= self.kinds[dfa.match_pattern(state, i).as_usize()];
                    }
                }
            },
        );
        if nir_run.may_hold_nir() {
            found |= Triggered::DIGITS;
        }
        Triggered(found)
    }
}

/// ASCII folded: lower case, whitespace and hyphens as a space.
static ASCII: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b'-' | b' ' | b'\t' | b'\r' | b'\n' | 0x0B | 0x0C => b' ',
            c => c.to_ascii_lowercase(),
        };
        b += 1;
    }
    table
};

/// [`fold_with`] into a buffer.
#[cfg(test)]
fn fold(text: &str, out: &mut Vec<u8>) -> NirRun {
    out.clear();
    fold_with(text, |b| out.push(b))
}

/// Folds `text` exactly as `normalize` folds lexicon phrases, handing each
/// folded byte to `emit`:
/// lower case, no accents (precomposed or decomposed), every run of spaces
/// and hyphens as one space (none after an apostrophe), typographic
/// apostrophes plain; a character without a plain form (`œ`, `ø`, `ß`,
/// Greek, Cyrillic) is kept, lower-cased, so a phrase that holds it still
/// matches. Returns the runs of digits seen (room for a NIR). Works on
/// bytes: ASCII runs (most of any text) cost a table lookup per byte, and
/// the common French accents a `match`.
fn fold_with(text: &str, mut emit: impl FnMut(u8)) -> NirRun {
    let bytes = text.as_bytes();
    let mut nir_run = NirRun::default();
    let mut space = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let folded: u8 = if b < 0x80 {
            i += 1;
            nir_run.push(b);
            ASCII[usize::from(b)]
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            i += c.len_utf8();
            nir_run.push(0);
            match c {
                'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' | 'À' | 'Â' | 'Ä' | 'Á' | 'Ã' | 'Å' => b'a',
                'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => b'e',
                'î' | 'ï' | 'í' | 'ì' | 'Î' | 'Ï' | 'Í' | 'Ì' => b'i',
                'ô' | 'ö' | 'ó' | 'ò' | 'õ' | 'Ô' | 'Ö' | 'Ó' | 'Ò' | 'Õ' => b'o',
                'ù' | 'û' | 'ü' | 'ú' | 'Ù' | 'Û' | 'Ü' | 'Ú' => b'u',
                'ç' | 'Ç' => b'c',
                'ñ' | 'Ñ' => b'n',
                'ÿ' | 'Ÿ' => b'y',
                '’' | 'ʼ' => b'\'',
                c if c.is_whitespace() => b' ',
                c => {
                    // Anything else the way `normalize` does it; a
                    // combining mark alone (decomposed text) leaves nothing.
                    let mut emitted = false;
                    fold_char(c, |folded| {
                        let mut buf = [0; 4];
                        folded.encode_utf8(&mut buf).bytes().for_each(&mut emit);
                        emitted = true;
                    });
                    if emitted {
                        space = false;
                    }
                    continue;
                }
            }
        };
        if folded == b' ' {
            if !space {
                emit(b' ');
            }
            space = true;
        } else {
            // No space after an apostrophe ("l' équipe"), as in `normalize`.
            space = folded == b'\'';
            emit(folded);
        }
    }
    nir_run
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_matches_normalized_phrases() {
        let mut buf = Vec::new();
        fold("Données de\n  SANTÉ – l’ équipe", &mut buf);
        assert_eq!(buf, "donnees de sante – l'equipe".as_bytes());
        let lexicon = vec!["données de santé".to_owned()];
        let triggers = Triggers::new(&[(Triggered::LEXICON, &lexicon)]);
        assert!(triggers.scan("Revue des DONNEES DE SANTE").has(Triggered::LEXICON));
        assert!(!triggers.scan("Revue des données").has(Triggered::LEXICON));
        assert!(triggers.scan("environ 40 participants").has(Triggered::AUDIENCE));
        assert!(triggers.scan("NIR 1 84 12 76 451 089 46").has(Triggered::DIGITS));
    }

    /// The pre-filter never rules out what the matcher finds: folding a
    /// text gives what `normalize` gives, whatever its characters.
    #[test]
    fn folding_agrees_with_normalize() {
        let mut buf = Vec::new();
        for text in [
            "Projet ŒDIPE, Ørsted, Straße, Łódź",
            "Ελληνικά και Кириллица",
            "donne\u{301}es de sante\u{301}",
            "d’ aptitude, l' équipe, aujourdʼhui",
            "İstanbul ǅemal ﬁn",
            "a\u{a0}b\u{202f}c\u{2028}d\u{b}e\u{c}f",
            "– — ‐ - x",
        ] {
            fold(text, &mut buf);
            let folded = String::from_utf8(buf.clone()).unwrap();
            assert_eq!(folded.trim(), normalize(text), "{text:?}");
        }
    }

    #[test]
    fn phrases_outside_the_accent_table_are_found() {
        let lexicon = vec![
            "Projet Œdipe".to_owned(),
            "Ørsted".to_owned(),
            "données de santé".to_owned(),
        ];
        let triggers = Triggers::new(&[(Triggered::LEXICON, &lexicon)]);
        for text in [
            "Réunion PROJET ŒDIPE",
            "Point ørsted",
            "Revue des donne\u{301}es de sante\u{301}",
        ] {
            assert!(triggers.scan(text).has(Triggered::LEXICON), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn folding_agrees_with_normalize_on_any_text(text in "\\PC{0,40}") {
            let mut buf = Vec::new();
            fold(&text, &mut buf);
            let folded = String::from_utf8(buf).unwrap();
            let normalized = normalize(&text);
            proptest::prop_assert_eq!(folded.trim_matches(' '), normalized.trim_matches(' '));
        }
    }
}
