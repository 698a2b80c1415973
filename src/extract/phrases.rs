//! Sets of phrases matched case- and accent-insensitively on word boundaries.

use std::ops::Range;

use regex::Regex;

use super::sensitivity::phrase_pattern;

/// A compiled set of phrases.
#[derive(Debug, Clone)]
pub struct PhraseSet {
    regex: Option<Regex>,
}

impl PhraseSet {
    pub fn new(phrases: &[String]) -> Result<PhraseSet, regex::Error> {
        let mut sorted: Vec<&String> = phrases.iter().filter(|p| !p.trim().is_empty()).collect();
        sorted.sort_by_key(|p| std::cmp::Reverse(p.len()));
        if sorted.is_empty() {
            return Ok(PhraseSet { regex: None });
        }
        let alternatives: Vec<String> = sorted.iter().map(|p| phrase_pattern(p)).collect();
        let regex = Regex::new(&format!(r"(?i)(?:{})", alternatives.join("|")))?;
        Ok(PhraseSet { regex: Some(regex) })
    }

    pub fn find(&self, text: &str) -> Option<Range<usize>> {
        find_words(self.regex.as_ref()?, text).next()
    }

    /// The first match whose sentence holds none of `negations`: "le tchat
    /// sera enregistré" is an announcement, "l'enregistrement du tchat est
    /// interdit" is not.
    pub fn find_affirmative(&self, text: &str, negations: &PhraseSet) -> Option<Range<usize>> {
        find_words(self.regex.as_ref()?, text).find(|range| !negated(text, range.clone(), negations))
    }

    pub fn find_iter<'t>(&'t self, text: &'t str) -> impl Iterator<Item = Range<usize>> + 't {
        self.regex.iter().flat_map(move |r| find_words(r, text))
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.find(text).is_some()
    }
}

/// Matches of `regex` that stand as whole words: no letter or digit right
/// before or after. (Checked here rather than with `\b` in the pattern: a
/// Unicode word boundary keeps the regex engine off its fast DFA on French
/// text, and these phrases are matched on every field of every event.)
pub fn find_words<'t>(regex: &'t Regex, text: &'t str) -> impl Iterator<Item = Range<usize>> + 't {
    let mut at = 0;
    std::iter::from_fn(move || {
        while at <= text.len() {
            let m = regex.find_at(text, at)?;
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
                at = if m.end() > m.start() { m.end() } else { m.end() + 1 };
                return Some(m.range());
            }
            // Retry from the next character: a shorter phrase may stand there.
            at = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
        }
        None
    })
}

/// Whether the sentence holding `range` also holds a negation.
pub fn negated(text: &str, range: Range<usize>, negations: &PhraseSet) -> bool {
    let sentence = sentence_around(text, range);
    negations.is_match(&text[sentence])
}

/// The sentence holding `range`: up to the previous and next `.`, `!`, `?`,
/// `;` or line break.
fn sentence_around(text: &str, range: Range<usize>) -> Range<usize> {
    let is_end = |c: char| matches!(c, '.' | '!' | '?' | ';' | '\n');
    let start = text[..range.start].rfind(is_end).map_or(0, |i| i + 1);
    let end = text[range.end..].find(is_end).map_or(text.len(), |i| range.end + i);
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_whatever_the_accents() {
        let set = PhraseSet::new(&["sera enregistrée".to_owned()]).unwrap();
        assert!(set.is_match("La séance SERA ENREGISTREE."));
        assert!(!set.is_match("La séance sera enregistréex"));
    }

    #[test]
    fn negated_sentences_are_not_announcements() {
        let chat = PhraseSet::new(&["enregistrement du tchat".to_owned()]).unwrap();
        let negations = PhraseSet::new(&["interdit".to_owned(), "pas besoin".to_owned()]).unwrap();
        let text = "Rappel : l'enregistrement du tchat est interdit. Ensuite, enregistrement du tchat prévu.";
        let found = chat.find_affirmative(text, &negations).unwrap();
        assert!(found.start > text.find("Ensuite").unwrap());
        assert!(
            chat.find_affirmative("L'enregistrement du tchat est interdit.", &negations)
                .is_none()
        );
    }
}
