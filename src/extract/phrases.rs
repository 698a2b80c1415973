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
        let regex = Regex::new(&format!(r"(?i)\b(?:{})\b", alternatives.join("|")))?;
        Ok(PhraseSet { regex: Some(regex) })
    }

    pub fn find(&self, text: &str) -> Option<Range<usize>> {
        self.regex.as_ref()?.find(text).map(|m| m.range())
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.regex.as_ref().is_some_and(|r| r.is_match(text))
    }
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
}
