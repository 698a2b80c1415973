//! Phrases compiled into one regex that matches them whatever their case,
//! accents and spacing (the lexicon, the announcement phrase sets).
//!
//! The regex is built from its syntax tree (HIR), put together from small
//! pieces of regex syntax parsed once each, not from one pattern string:
//! parsing the 37 KB pattern of the sensitivity lexicon was half of its
//! compile time, and the lexicon is most of a start. [`phrase_pieces`] is
//! the only definition of the syntax; a test checks that the assembled
//! tree is the one the whole pattern parses to.

use std::collections::HashMap;
use std::fmt::Write;
use std::ops::Range;

use regex_automata::{Input, MatchKind, meta};
use regex_syntax::hir::Hir;

use super::sensitivity::normalize;

/// The combining diacritical marks of a decomposed accent. Outside
/// case-insensitivity: case-folding this class for every letter of every
/// phrase was a sixth of start-up, and only added Greek iotas.
const MARKS: &str = r"(?-i:[\x{300}-\x{36f}])*";

/// Where `regex::Regex` puts its limits; the phrases used to be compiled by
/// it, and a user's phrase list fails (or not) as it did.
const NFA_SIZE_LIMIT: usize = 10 << 20;
const LAZY_DFA_CACHE: usize = 2 << 20;

/// Why phrases did not compile: too many or too long for the size limit.
#[derive(Debug, Clone)]
pub struct BuildError(Box<meta::BuildError>);

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0.size_limit() {
            Some(limit) => write!(
                f,
                "the phrases compile to more than {limit} bytes; use fewer or shorter phrases"
            ),
            None => write!(f, "{}", self.0),
        }
    }
}

impl std::error::Error for BuildError {}

/// An alternation of phrases, leftmost-first: at a given start, the first
/// phrase listed that matches wins.
#[derive(Debug, Clone)]
pub struct PhraseRegex(meta::Regex);

impl PhraseRegex {
    /// Every phrase is escaped: only a size limit can make this fail. No
    /// phrase at all gives a regex that never matches.
    pub fn new<'p>(phrases: impl IntoIterator<Item = &'p str>) -> Result<PhraseRegex, BuildError> {
        let mut pieces = Pieces::default();
        let alternatives: Vec<Hir> = phrases.into_iter().map(|phrase| pieces.phrase_hir(phrase)).collect();
        let config = meta::Config::new()
            .match_kind(MatchKind::LeftmostFirst)
            .utf8_empty(true)
            .nfa_size_limit(Some(NFA_SIZE_LIMIT))
            .hybrid_cache_capacity(LAZY_DFA_CACHE);
        meta::Builder::new()
            .configure(config)
            .build_from_hir(&Hir::alternation(alternatives))
            .map(PhraseRegex)
            .map_err(|e| BuildError(Box::new(e)))
    }

    /// The first match in `haystack[at..]`, `haystack` giving the context
    /// of its edges (as `regex::Regex::find_at`).
    pub fn find_at(&self, haystack: &str, at: usize) -> Option<Range<usize>> {
        self.0
            .find(Input::new(haystack).span(at..haystack.len()))
            .map(|m| m.range())
    }

    pub fn is_match(&self, haystack: &str) -> bool {
        self.0.is_match(haystack)
    }
}

/// Pieces of syntax parsed so far, by their text: a lexicon of a hundred
/// phrases is written with a few dozen distinct pieces.
#[derive(Default)]
struct Pieces {
    parsed: HashMap<String, Hir>,
}

impl Pieces {
    fn phrase_hir(&mut self, phrase: &str) -> Hir {
        let mut parts = Vec::new();
        phrase_pieces(phrase, |piece| parts.push(self.parse(piece)));
        // As the parser of the whole pattern does: adjacent literals merged,
        // a single part left alone.
        Hir::concat(parts)
    }

    fn parse(&mut self, piece: &str) -> Hir {
        if let Some(hir) = self.parsed.get(piece) {
            return hir.clone();
        }
        // Each piece stands in the case-insensitive pattern of the phrases.
        let hir = regex_syntax::Parser::new()
            .parse(&format!("(?i){piece}"))
            .expect("phrase pieces are regex syntax written here, with their text escaped");
        self.parsed.insert(piece.to_owned(), hir.clone());
        hir
    }
}

/// The pieces of regex syntax, in order, that match `phrase` whatever its
/// accents and spacing, under case-insensitivity. Where the phrase starts
/// or ends with an ASCII letter or digit written as such, an ASCII word
/// boundary lets the regex engine skip most non-matches on its fast path;
/// `find_words` then checks the Unicode boundaries exactly. An accented
/// letter may also be written decomposed (NFD: `e` + U+0301).
fn phrase_pieces(phrase: &str, mut piece: impl FnMut(&str)) {
    let normalized = normalize(phrase);
    let mut buf = String::new();
    for (i, c) in normalized.chars().enumerate() {
        // The letter and its accented forms (in the text, the first letter
        // of "à l'intention" is not ASCII: no ASCII boundary before it).
        let (plain, accented) = match c {
            'a' => ("a", "àâäáãå"),
            'e' => ("e", "éèêë"),
            'i' => ("i", "îïíì"),
            'o' => ("o", "ôöóòõ"),
            'u' => ("u", "ùûüú"),
            'c' => ("c", "ç"),
            'n' => ("n", "ñ"),
            'y' => ("y", "ÿ"),
            ' ' => {
                piece(r"(?-i:[\s\-])+");
                continue;
            }
            '\'' => {
                piece(r"['’ʼ]\s?");
                continue;
            }
            other => {
                buf.clear();
                if i == 0 && other.is_ascii_alphanumeric() {
                    buf.push_str(r"(?-u:\b)");
                }
                regex_syntax::escape_into(other.encode_utf8(&mut [0; 4]), &mut buf);
                piece(&buf);
                continue;
            }
        };
        buf.clear();
        // Into the buffer: a `format!` per vowel was a String each.
        let _ = if i == 0 {
            write!(buf, r"(?:(?-u:\b){plain}|[{accented}])")
        } else {
            write!(buf, "[{plain}{accented}]")
        };
        piece(&buf);
        piece(MARKS);
    }
    // The last letter may be written with an accent ("confidentiel" vs
    // "brevetée"): no boundary there unless it is a letter without variant.
    if normalized.ends_with(|c: char| c.is_ascii_alphanumeric() && !"aeioucny".contains(c)) {
        piece(r"(?-u:\b)");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::PolicyData;

    /// The whole pattern of `phrases`, as it was compiled before the tree
    /// was built directly.
    fn pattern(phrases: &[&str]) -> String {
        let alternatives: Vec<String> = phrases
            .iter()
            .map(|phrase| {
                let mut p = String::new();
                phrase_pieces(phrase, |piece| p.push_str(piece));
                p
            })
            .collect();
        format!("(?i)(?:{})", alternatives.join("|"))
    }

    fn assembled(phrases: &[&str]) -> Hir {
        let mut pieces = Pieces::default();
        Hir::alternation(phrases.iter().map(|p| pieces.phrase_hir(p)).collect())
    }

    fn parsed(phrases: &[&str]) -> Hir {
        regex_syntax::Parser::new().parse(&pattern(phrases)).unwrap()
    }

    #[test]
    fn the_policy_phrases_assemble_to_the_tree_of_their_pattern() {
        let data = PolicyData::builtin();
        let s = &data.sensitivity;
        let a = &data.announcements;
        for list in [
            &s.restricted,
            &s.sensitive,
            &s.ignore,
            &s.disclaimer_markers,
            &a.recording,
            &a.consent,
            &a.chat,
            &a.desktop_client,
            &a.negations,
            &a.contrasts,
            &a.recording_negations,
            &a.recording_prohibitions,
            &data.classified.markings,
        ] {
            let phrases: Vec<&str> = list.iter().map(String::as_str).collect();
            assert_eq!(assembled(&phrases), parsed(&phrases), "{phrases:?}");
        }
    }

    #[test]
    fn matches_are_those_of_the_pattern() {
        let phrases = [
            "diffusion restreinte",
            "brevet",
            "aujourd'hui",
            "k-means",
            "Straße",
            "ZRR",
            "2A",
        ];
        let regex = PhraseRegex::new(phrases).unwrap();
        let reference = regex::Regex::new(&pattern(&phrases)).unwrap();
        let text = "DIFFUSION  RESTREINTE, brevetée, Aujourd’hui, \u{212a}-MEANS, strasse, zrr2a, Bre\u{301}vet";
        for at in 0..=text.len() {
            if text.is_char_boundary(at) {
                assert_eq!(
                    regex.find_at(text, at),
                    reference.find_at(text, at).map(|m| m.range()),
                    "at {at}"
                );
            }
        }
        assert!(regex.find_at(text, 0).is_some());
    }

    #[test]
    fn too_many_phrases_are_an_error_that_says_so() {
        let phrases: Vec<String> = (0..20_000).map(|i| format!("phrase {i} confidentielle")).collect();
        let error = PhraseRegex::new(phrases.iter().map(String::as_str)).unwrap_err();
        assert!(error.to_string().contains("use fewer or shorter phrases"), "{error}");
    }

    #[test]
    fn no_phrase_never_matches() {
        let regex = PhraseRegex::new([]).unwrap();
        assert!(!regex.is_match("anything"));
        assert!(!regex.is_match(""));
    }

    proptest::proptest! {
        /// Any phrase, of letters with and without accents, case variants
        /// that fold (ſ, K), digits, spaces, hyphens, apostrophes and regex
        /// metacharacters.
        #[test]
        fn any_phrases_assemble_to_the_tree_of_their_pattern(
            phrases in proptest::collection::vec(
                "[aeiouycnAEÉèÀçÑsSſkK\u{212a}ßtz0-9 \\-'’.()+*?|\\[\\]{}^$#&~]{0,12}",
                1..6,
            ),
        ) {
            let phrases: Vec<&str> = phrases.iter().map(String::as_str).collect();
            proptest::prop_assert_eq!(assembled(&phrases), parsed(&phrases));
        }
    }
}
