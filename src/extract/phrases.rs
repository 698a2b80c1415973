//! Sets of phrases matched case- and accent-insensitively on word boundaries.

use std::ops::Range;
use std::sync::OnceLock;

use unicode_normalization::char::is_combining_mark;

use super::phrase_regex::{BuildError, PhraseRegex};

/// How far, in bytes, the sentence around a phrase is looked for on each
/// side: a text without sentence ends costs no more than this per phrase.
pub const SENTENCE_WINDOW: usize = 300;

/// How far, in bytes, [`words_before`] and [`words_after`] look.
const WORDS_WINDOW: usize = 80;

/// A set of phrases, compiled on first use: a run needs only some of the
/// policy's sets (the trigger pass rules most of them out for most texts),
/// and compiling every set at start-up was half of it.
#[derive(Debug, Clone)]
pub struct PhraseSet {
    /// The phrases, longest first; `None` for an empty set.
    phrases: Option<Vec<String>>,
    compiled: OnceLock<PhraseRegex>,
}

impl PhraseSet {
    /// The set of `phrases`; [`PhraseSet::compile`] says whether it
    /// compiles.
    pub fn new(phrases: &[String]) -> PhraseSet {
        let mut sorted: Vec<&String> = phrases.iter().filter(|p| !p.trim().is_empty()).collect();
        sorted.sort_by_key(|p| std::cmp::Reverse(p.len()));
        let phrases = (!sorted.is_empty()).then(|| sorted.into_iter().cloned().collect());
        PhraseSet {
            phrases,
            compiled: OnceLock::new(),
        }
    }

    /// Compiles the set now, or says why it cannot be. Every phrase is
    /// escaped, so only a size limit can fail, and the built-in policy's
    /// sets are compiled by a test.
    pub fn compile(&self) -> Result<(), BuildError> {
        if let Some(phrases) = &self.phrases
            && self.compiled.get().is_none()
        {
            let _ = self.compiled.set(PhraseRegex::new(phrases.iter().map(String::as_str))?);
        }
        Ok(())
    }

    fn regex(&self) -> Option<&PhraseRegex> {
        let phrases = self.phrases.as_ref()?;
        Some(self.compiled.get_or_init(|| {
            PhraseRegex::new(phrases.iter().map(String::as_str))
                .expect("phrases are escaped; the built-in sets compile (tested)")
        }))
    }

    pub fn find(&self, text: &str) -> Option<Range<usize>> {
        find_words(self.regex()?, text).next()
    }

    /// The first match that lies inside `span` of `text` (whole words of
    /// `text`: a word cut by the span's edge does not count). Costs the
    /// span's length, not the text's.
    pub fn find_in(&self, text: &str, span: Range<usize>) -> Option<Range<usize>> {
        find_words_in(self.regex()?, text, span).next()
    }

    /// The first match whose clause holds none of `negations`: "le tchat
    /// sera enregistré" is an announcement, "l'enregistrement du tchat est
    /// interdit" is not. A clause is the match's sentence, cut at the
    /// `contrasts` around it: "pas de vidéo, mais le tchat sera enregistré"
    /// announces a saved chat.
    pub fn find_affirmative(&self, text: &str, negations: &PhraseSet, contrasts: &PhraseSet) -> Option<Range<usize>> {
        find_words(self.regex()?, text).find(|range| !negated(text, range.clone(), negations, contrasts))
    }

    /// Every match that lies inside `span` of `text` (see [`Self::find_in`]).
    pub fn find_iter_in<'t>(&'t self, text: &'t str, span: Range<usize>) -> impl Iterator<Item = Range<usize>> + 't {
        self.regex()
            .into_iter()
            .flat_map(move |r| find_words_in(r, text, span.clone()))
    }

    pub fn find_iter<'t>(&'t self, text: &'t str) -> impl Iterator<Item = Range<usize>> + 't {
        self.regex().into_iter().flat_map(move |r| find_words(r, text))
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.find(text).is_some()
    }

    /// Whether a phrase may occur in `text`: false means none does; true
    /// may be a phrase inside a longer word. Cheaper than [`Self::find`].
    pub fn may_occur_in(&self, text: &str) -> bool {
        self.regex().is_some_and(|r| r.is_match(text))
    }
}

/// Whether `c` is part of a word: a letter, a digit, or the combining mark
/// of a decomposed accent (`e` + U+0301).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Matches of `regex` that stand as whole words: no letter or digit right
/// before or after. (Checked here rather than with `\b` in the pattern: a
/// Unicode word boundary keeps the regex engine off its fast DFA on French
/// text, and these phrases are matched on every field of every event.)
pub fn find_words<'t>(regex: &'t PhraseRegex, text: &'t str) -> impl Iterator<Item = Range<usize>> + 't {
    find_words_in(regex, text, 0..text.len())
}

/// [`find_words`] on the part `span` of `text`, the boundaries being those
/// of `text`.
pub fn find_words_in<'t>(
    regex: &'t PhraseRegex,
    text: &'t str,
    span: Range<usize>,
) -> impl Iterator<Item = Range<usize>> + 't {
    let end = span.end.min(text.len());
    let haystack = &text[..end];
    let mut at = span.start.min(end);
    std::iter::from_fn(move || {
        while at <= haystack.len() {
            let m = regex.find_at(haystack, at)?;
            if let Some(found) = whole_words(regex, text, m.clone()) {
                at = if found.end > found.start {
                    found.end
                } else {
                    found.end + 1
                };
                return Some(found);
            }
            // Retry from the next character: another phrase may start there.
            at = m.start + text[m.start..].chars().next().map_or(1, char::len_utf8);
        }
        None
    })
}

/// `found` if it stands as whole words in `text`; otherwise the longest
/// shorter match of `regex` at the same start that does ("patent
/// applications": "patent application" is cut, "patent" stands). Each try
/// searches only the words of `found`: as many tries as it has words.
fn whole_words(regex: &PhraseRegex, text: &str, found: Range<usize>) -> Option<Range<usize>> {
    let starts_word = |r: &Range<usize>| text[r.clone()].chars().next().is_some_and(is_word_char);
    let ends_word = |r: &Range<usize>| text[r.clone()].chars().next_back().is_some_and(is_word_char);
    let before = text[..found.start].chars().next_back();
    if starts_word(&found) && before.is_some_and(is_word_char) {
        // No phrase can start inside a word.
        return None;
    }
    let mut m = found;
    loop {
        let after = text[m.end..].chars().next();
        if !(ends_word(&m) && after.is_some_and(is_word_char)) {
            return Some(m);
        }
        // The last word end inside `m`: a shorter match must stop there.
        let inside = &text[m.start..m.end];
        let cut = inside
            .char_indices()
            .rev()
            .find(|&(i, c)| i > 0 && !is_word_char(c) && inside[..i].chars().next_back().is_some_and(is_word_char))
            .map(|(i, _)| m.start + i)?;
        let shorter = regex.find_at(&text[..cut], m.start)?;
        if shorter.start != m.start || shorter.end <= shorter.start {
            return None;
        }
        m = shorter;
    }
}

/// Whether the clause holding `range` (see [`clause_around`]) also holds a
/// negation.
pub fn negated(text: &str, range: Range<usize>, negations: &PhraseSet, contrasts: &PhraseSet) -> bool {
    let clause = clause_around(text, range, contrasts);
    negations.find_in(text, clause).is_some()
}

/// The clause holding `range`: its sentence (see [`sentence_around`]), from
/// the end of the last of `contrasts` before it ("mais", "but") to the
/// start of the first one after it.
pub fn clause_around(text: &str, range: Range<usize>, contrasts: &PhraseSet) -> Range<usize> {
    let sentence = sentence_around(text, range.clone());
    let start = contrasts
        .find_iter_in(text, sentence.start..range.start)
        .last()
        .map_or(sentence.start, |contrast| contrast.end);
    let end = contrasts
        .find_in(text, range.end..sentence.end)
        .map_or(sentence.end, |contrast| contrast.start);
    start..end
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | ';' | '\n')
}

/// The sentence holding `range`: up to the previous and next `.`, `!`, `?`,
/// `;` or line break, and no further than [`SENTENCE_WINDOW`] bytes on
/// each side.
pub fn sentence_around(text: &str, range: Range<usize>) -> Range<usize> {
    sentence_start(text, range.start)..sentence_end(text, range.end)
}

fn sentence_start(text: &str, at: usize) -> usize {
    let lo = text.floor_char_boundary(at.saturating_sub(SENTENCE_WINDOW));
    text[lo..at].rfind(is_sentence_end).map_or(lo, |i| lo + i + 1)
}

fn sentence_end(text: &str, at: usize) -> usize {
    let hi = text.ceil_char_boundary(at.saturating_add(SENTENCE_WINDOW).min(text.len()));
    text[at..hi].find(is_sentence_end).map_or(hi, |i| at + i)
}

/// The sentence holding `range` and the next one, if no blank line comes
/// between: a mail disclaimer often says "confidential" in one sentence and
/// "intended solely for" in the next, or wraps its lines. Each side is
/// bounded by [`SENTENCE_WINDOW`] bytes.
pub fn sentence_and_next(text: &str, range: Range<usize>) -> Range<usize> {
    let start = sentence_start(text, range.start);
    let end = sentence_end(text, range.end);
    let Some(stop) = text[end..].chars().next().filter(|&c| is_sentence_end(c)) else {
        // The end of the text or of the window.
        return start..end;
    };
    // Sentence ends are one byte long.
    let mut next = end + 1;
    let mut line_break = stop == '\n';
    if !line_break {
        // A line break right after a full stop is no sentence of its own.
        let rest = &text[next..];
        let blanks = rest.len() - rest.trim_start_matches([' ', '\t', '\r']).len();
        if rest[blanks..].starts_with('\n') {
            next += blanks + 1;
            line_break = true;
        }
    }
    if line_break && text[next..].trim_start_matches([' ', '\t', '\r']).starts_with('\n') {
        // A blank line: the next sentence is in another paragraph.
        return start..end;
    }
    let limit = text.ceil_char_boundary(range.end.saturating_add(SENTENCE_WINDOW).min(text.len()));
    if next >= limit {
        return start..end;
    }
    let next_end = text[next..limit].find(is_sentence_end).map_or(limit, |i| next + i);
    start..next_end
}

/// Whether `c` closes a clause for [`words_before`].
fn ends_clause(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | ';' | ':' | ',' | '\n')
}

/// Where the (at most) `n` words before `at` start: the window in which a
/// negation governs the phrase at `at` ("pas d'enregistrement", "no
/// recording"). Stops after a clause end and after [`WORDS_WINDOW`] bytes,
/// never inside a word.
pub fn words_before(text: &str, at: usize, n: usize) -> usize {
    let lo = text.floor_char_boundary(at.saturating_sub(WORDS_WINDOW));
    let mut words = 0;
    let mut in_word = false;
    // Start of the last whole word seen.
    let mut start = at;
    for (i, c) in text[lo..at].char_indices().rev() {
        let i = lo + i;
        if ends_clause(c) {
            return i + c.len_utf8();
        }
        if c.is_whitespace() {
            if in_word {
                in_word = false;
                words += 1;
                start = i + c.len_utf8();
                if words == n {
                    return start;
                }
            }
        } else {
            in_word = true;
        }
    }
    if lo == 0 { 0 } else { start }
}

/// Where the (at most) `n` words after `at` end: the window in which a
/// prohibition governs the phrase before it ("l'enregistrement de la
/// séance est interdit"). Stops before a sentence end or a comma and after
/// [`WORDS_WINDOW`] bytes, never inside a word.
pub fn words_after(text: &str, at: usize, n: usize) -> usize {
    let hi = text.ceil_char_boundary(at.saturating_add(WORDS_WINDOW).min(text.len()));
    let mut words = 0;
    let mut in_word = false;
    // End of the last whole word seen.
    let mut end = at;
    for (i, c) in text[at..hi].char_indices() {
        let i = at + i;
        if ends_clause(c) && c != ':' {
            return i;
        }
        if c.is_whitespace() {
            if in_word {
                in_word = false;
                words += 1;
                end = i;
                if words == n {
                    return end;
                }
            }
        } else {
            in_word = true;
        }
    }
    if hi == text.len() { hi } else { end }
}

/// `s` with every run of whitespace made one space, and trimmed: a phrase
/// as it is quoted in a message.
pub fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(phrases: &[&str]) -> PhraseSet {
        PhraseSet::new(&phrases.iter().map(|p| (*p).to_owned()).collect::<Vec<_>>())
    }

    #[test]
    fn matches_whatever_the_accents() {
        let set = set(&["sera enregistrée"]);
        assert!(set.is_match("La séance SERA ENREGISTREE."));
        assert!(!set.is_match("La séance sera enregistréex"));
        // Decomposed accents (NFD), as some mail clients write them.
        assert!(set.is_match("La séance sera enregistre\u{301}e."));
        assert!(!set.is_match("La séance sera enregistre\u{301}ex"));
    }

    #[test]
    fn a_cut_longer_phrase_leaves_room_for_a_shorter_one() {
        let patents = set(&["patent", "patent application"]);
        assert_eq!(
            patents.find("Discussion of our patent applications"),
            Some(18..24),
            "'patent application' is cut by the plural, 'patent' stands"
        );
        assert_eq!(patents.find("our patent application."), Some(4..22));
        assert_eq!(patents.find("patentable applications"), None);
        let three = set(&["données de santé", "données de santé publique", "données"]);
        let text = "Les données de santé publiques";
        assert_eq!(three.find(text).map(|r| &text[r]), Some("données de santé"));
        // Many cut phrases: one try per word of each.
        let long = "patent applicationsé ".repeat(10_000);
        assert_eq!(patents.find_iter(&long).count(), 10_000);
    }

    #[test]
    fn negated_sentences_are_not_announcements() {
        let chat = set(&["enregistrement du tchat"]);
        let negations = set(&["interdit", "pas besoin"]);
        let text = "Rappel : l'enregistrement du tchat est interdit. Ensuite, enregistrement du tchat prévu.";
        let contrasts = set(&["mais", "but"]);
        let found = chat.find_affirmative(text, &negations, &contrasts).unwrap();
        assert!(found.start > text.find("Ensuite").unwrap());
        assert!(
            chat.find_affirmative("L'enregistrement du tchat est interdit.", &negations, &contrasts)
                .is_none()
        );
    }

    /// A negation in another clause of a contrast says nothing of the
    /// phrase.
    #[test]
    fn negations_stop_at_a_contrast() {
        let chat = set(&["enregistrement du tchat", "chat will be saved"]);
        let negations = set(&["interdit", "pas de", "no need", "not"]);
        let contrasts = set(&["mais", "but"]);
        let affirmative = |text: &str| chat.find_affirmative(text, &negations, &contrasts).is_some();
        assert!(affirmative(
            "Pas de vidéo, mais enregistrement du tchat pour le compte rendu."
        ));
        assert!(affirmative("No need for a camera but the chat will be saved."));
        assert!(affirmative("The chat will be saved, but not the video."));
        assert!(!affirmative(
            "Enregistrement du tchat interdit, mais prise de notes possible."
        ));
        assert!(!affirmative(
            "Pas de vidéo ni d'enregistrement du tchat, mais des notes."
        ));
        // Commas alone do not cut a clause.
        assert!(!affirmative(
            "L'enregistrement du tchat, comme d'habitude, est interdit."
        ));
        // A word holding a contrast is no contrast ("maison", "button").
        assert!(!affirmative("Pas de maison enregistrement du tchat."));
        // Without the contrast list, the sentence is the clause.
        let none = set(&[]);
        assert!(
            chat.find_affirmative("Pas de vidéo, mais enregistrement du tchat.", &negations, &none)
                .is_none()
        );
    }

    #[test]
    fn sentences_are_bounded() {
        // No sentence end in 1 MB: the sentence is a window, not the text.
        let text = format!(
            "{}le tchat sera enregistré{}",
            "mot ".repeat(250_000),
            " mot".repeat(250_000)
        );
        let at = text.find("le tchat").unwrap();
        let sentence = sentence_around(&text, at..at + 25);
        assert!(sentence.len() <= 2 * SENTENCE_WINDOW + 25, "{sentence:?}");
        let passage = sentence_and_next(&text, at..at + 25);
        assert!(passage.len() <= 2 * SENTENCE_WINDOW + 25, "{passage:?}");
        // On character boundaries whatever the text.
        let accents = "é".repeat(1000);
        let r = sentence_around(&accents, 1000..1002);
        assert!(accents.is_char_boundary(r.start) && accents.is_char_boundary(r.end));
    }

    #[test]
    fn a_sentence_and_the_next_in_the_same_paragraph() {
        let text = "Ce message est confidentiel. Il est destiné exclusivement à ses destinataires.\n\nAutre.";
        let r = sentence_and_next(text, 15..27);
        assert_eq!(
            &text[r],
            "Ce message est confidentiel. Il est destiné exclusivement à ses destinataires"
        );
        let text = "Point confidentiel\n\nIntended only for the addressee.";
        let r = sentence_and_next(text, 6..18);
        assert_eq!(&text[r], "Point confidentiel");
        let text = "Ce message est confidentiel.\r\nIl est destiné exclusivement à vous.\r\nAutre.";
        let r = sentence_and_next(text, 15..27);
        assert_eq!(
            &text[r],
            "Ce message est confidentiel.\r\nIl est destiné exclusivement à vous"
        );
        let text = "Point confidentiel.\n\nIntended only for the addressee.";
        let r = sentence_and_next(text, 6..18);
        assert_eq!(&text[r], "Point confidentiel");
    }

    #[test]
    fn words_around_a_phrase() {
        let text = "Il n'y aura pas d'enregistrement de la séance, ni de captation.";
        let at = text.find("enregistrement").unwrap();
        assert_eq!(&text[words_before(text, at, 4)..at], "n'y aura pas d'");
        let text = "Pas de panique, la séance sera enregistrée et mise en ligne sans délai.";
        let at = text.find("sera").unwrap();
        assert_eq!(&text[words_before(text, at, 4)..at], " la séance ");
        let end = text.find("enregistrée").unwrap() + "enregistrée".len();
        assert_eq!(&text[end..words_after(text, end, 3)], " et mise en");
        let text = "L'enregistrement de la séance est strictement interdit. Merci.";
        let end = text.find("séance").unwrap() + "séance".len();
        assert_eq!(&text[end..words_after(text, end, 3)], " est strictement interdit");
        // Never a piece of a word at the edge of the window.
        let long = format!("{}cannot sera", "x".repeat(100));
        let at = long.find("sera").unwrap();
        assert_eq!(&long[words_before(&long, at, 4)..at], "");
    }

    #[test]
    fn whitespace_is_collapsed() {
        assert_eq!(collapse_whitespace("  sera\n  enregistrée \t"), "sera enregistrée");
    }
}
