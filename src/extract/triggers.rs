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

use super::credentials::LABEL_STARTS;
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
    /// A word a credential label starts with (`credentials::LABEL_STARTS`).
    pub const LABEL: u16 = 1 << 8;
    /// The label starts the scan gives are not all there: search the whole
    /// text (see `Triggers::scan`).
    pub const LABEL_UNSURE: u16 = 1 << 9;
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

/// Label starts kept for one text: beyond, the text is searched whole.
const MAX_LABEL_STARTS: usize = 1024;

/// The long s folds to itself (it has no canonical decomposition) but
/// `LABELS`, case-insensitive, reads it as an `s`: a text that holds one is
/// searched for labels the slow way.
const LONG_S: &str = "\u{17f}";

/// The automaton over every list, folded.
#[derive(Debug, Clone)]
pub struct Triggers {
    /// A DFA driven byte by byte (see `scan_folding`).
    automaton: DFA,
    /// The same automaton as a table that folds as it steps (see
    /// `FoldingTable`); `None` for patterns it cannot serve.
    table: Option<FoldingTable>,
    kinds: Vec<u16>,
    /// The patterns, folded (a label start is checked against the text).
    patterns: Vec<String>,
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
        for word in LABEL_STARTS {
            add((*word).to_owned(), Triggered::LABEL);
        }
        add(LONG_S.to_owned(), Triggered::LABEL_UNSURE);
        let automaton = DFA::builder()
            .match_kind(MatchKind::Standard)
            .start_kind(aho_corasick::StartKind::Unanchored)
            .build(&patterns)
            .expect("valid patterns");
        let table = FoldingTable::new(&automaton, &patterns);
        Triggers {
            automaton,
            table,
            kinds,
            patterns,
        }
    }

    /// Which lists `text` may hold something of. Also pushes onto
    /// `label_starts` the offset of every word a credential label may start
    /// with (`LABEL_STARTS`, any case): every label `find_labelled` finds
    /// starts at one of them, unless the result has `LABEL_UNSURE`: the text
    /// holds a long s, or more than `MAX_LABEL_STARTS` starts (memory stays
    /// bounded on "mot mot mot...").
    pub fn scan(&self, text: &str, label_starts: &mut Vec<usize>) -> Triggered {
        match &self.table {
            Some(table) => self.scan_table(table, text, label_starts),
            None => self.scan_folding(text, label_starts),
        }
    }

    /// `scan` with the table: the ASCII bytes of the text (nearly all of
    /// them) cost two table reads each, folding included.
    fn scan_table(&self, table: &FoldingTable, text: &str, label_starts: &mut Vec<usize>) -> Triggered {
        let bytes = text.as_bytes();
        let mut found = 0;
        let room = label_starts.len() + MAX_LABEL_STARTS;
        let mut nir_run = NirRun::default();
        let mut state = table.start;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                i += 1;
                nir_run.push(b);
                state = table.next[(state + table.ascii[usize::from(b)]) as usize];
                if state < table.match_limit {
                    self.matched(table.patterns_of(state), text, i, &mut found, label_starts, room);
                }
                continue;
            }
            let c = text[i..].chars().next().unwrap_or(' ');
            i += c.len_utf8();
            nir_run.push(0);
            // As in `fold_with`; the table's space column does the collapsing.
            let mut step = |folded: u8| {
                state = table.next[(state + table.class[usize::from(folded)]) as usize];
                if state < table.match_limit {
                    self.matched(table.patterns_of(state), text, i, &mut found, label_starts, room);
                }
            };
            match fold_accented(c) {
                Some(folded) => step(folded),
                None => fold_char(c, |folded| {
                    let mut buf = [0; 4];
                    folded.encode_utf8(&mut buf).bytes().for_each(&mut step);
                }),
            }
        }
        if nir_run.may_hold_nir() {
            found |= Triggered::DIGITS;
        }
        Triggered(found)
    }

    /// Records what the patterns that end at `end` in `text` say.
    #[inline(always)]
    fn matched(
        &self,
        patterns: impl Iterator<Item = usize>,
        text: &str,
        end: usize,
        found: &mut u16,
        label_starts: &mut Vec<usize>,
        room: usize,
    ) {
        for pattern in patterns {
            *found |= self.kinds[pattern];
            if self.kinds[pattern] & Triggered::LABEL != 0 {
                if label_starts.len() < room {
                    self.label_start(text, pattern, end, label_starts);
                } else {
                    *found |= Triggered::LABEL_UNSURE;
                }
            }
        }
    }

    /// `scan` with the automaton, folding byte by byte (`fold_with`).
    fn scan_folding(&self, text: &str, label_starts: &mut Vec<usize>) -> Triggered {
        // Which lists occur matters, and where label start words end: the
        // DFA is stepped by hand on each folded byte as it is made (no
        // folded copy of the text), with the offset in `text` after the
        // character it comes from, and its match states read (every phrase
        // ending at a byte is in the match state of that byte).
        let dfa = &self.automaton;
        let Ok(mut state) = dfa.start_state(Anchored::No) else {
            return Triggered::ALL;
        };
        let mut found = 0;
        let room = label_starts.len() + MAX_LABEL_STARTS;
        // Inlined: LLVM left a call per byte (measured 3.8 -> 3.4 ns/byte).
        // A fold into a block buffer, then a DFA loop on it, was slower
        // (5.1 ns/byte).
        let nir_run = fold_with(
            text,
            #[inline(always)]
            |b, end| {
                state = dfa.next_state(Anchored::No, state, b);
                if dfa.is_match(state) {
                    let patterns = (0..dfa.match_len(state)).map(|i| dfa.match_pattern(state, i).as_usize());
                    self.matched(patterns, text, end, &mut found, label_starts, room);
                }
            },
        );
        if nir_run.may_hold_nir() {
            found |= Triggered::DIGITS;
        }
        Triggered(found)
    }

    /// Records where label start `pattern`, folded up to `end` in `text`,
    /// starts in `text`. The folded word may come from other letters
    /// (`conférence` folds to `conference`): only the text's own letters,
    /// in any ASCII case, or a Kelvin sign for a `k` (the labels' search
    /// reads it as one), make a start.
    #[cold]
    fn label_start(&self, text: &str, pattern: usize, end: usize, label_starts: &mut Vec<usize>) {
        let mut start = end;
        for letter in self.patterns[pattern].chars().rev() {
            let Some(c) = text[..start].chars().next_back() else {
                return;
            };
            if !(c.eq_ignore_ascii_case(&letter) || (c == '\u{212a}' && letter == 'k')) {
                return;
            }
            start -= c.len_utf8();
        }
        label_starts.push(start);
    }
}

/// A non-ASCII character that folds to one ASCII byte: the common
/// accented letters, typographic apostrophes, whitespace. `None` for the
/// others (`fold_char`).
#[inline]
fn fold_accented(c: char) -> Option<u8> {
    Some(match c {
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
        _ => return None,
    })
}

/// The trigger automaton recompiled so that an ASCII byte is folded and
/// stepped with two table reads, its class then the transition (the
/// automaton's own step is a byte-class read, then a transition read,
/// after the fold's table read and its space test).
///
/// Folding is built in:
/// - raw ASCII bytes have their class after folding (`ascii`);
/// - spaces collapse without a test: a state entered by a space or an
///   apostrophe stays where it is on a space, which is what skipping the
///   space does. In an Aho-Corasick automaton every state but the start is
///   entered by one byte only (the last of its prefix), so the state says
///   what the last folded byte was.
///
/// Built only when that reading is exact: no pattern starts with a space
/// (the start state is entered by any byte) and none ends with a space or
/// an apostrophe (a state that loops must not be a match state).
#[derive(Debug, Clone)]
struct FoldingTable {
    /// The next state at `state + class`. States are premultiplied by the
    /// number of classes; match states come first.
    next: Vec<u32>,
    /// The class of each folded byte, as an offset.
    class: [u32; 256],
    /// The class of each raw ASCII byte once folded (`ASCII`).
    ascii: [u32; 128],
    start: u32,
    /// The states below are match states.
    match_limit: u32,
    /// The patterns of match state `k` (premultiplied state / stride) are
    /// `match_patterns[match_offsets[k]..match_offsets[k + 1]]`.
    match_offsets: Vec<u32>,
    match_patterns: Vec<u32>,
    stride: u32,
}

impl FoldingTable {
    /// Cells (states × classes) beyond which the table is not built (its
    /// size would leave the cache for little gain): 2 MB of transitions.
    const MAX_CELLS: usize = 1 << 19;

    fn new(dfa: &DFA, patterns: &[String]) -> Option<FoldingTable> {
        if patterns.iter().any(|p| p.starts_with(' ') || p.ends_with([' ', '\''])) {
            return None;
        }
        // Class 0: every byte no pattern holds (it always leads back to the
        // start); one class for each byte a pattern holds, space and
        // apostrophe always among them (they loop).
        let mut class_of = [0u32; 256];
        let mut representatives: Vec<u8> = Vec::new();
        let mut used = [false; 256];
        used[usize::from(b' ')] = true;
        used[usize::from(b'\'')] = true;
        for b in patterns.iter().flat_map(|p| p.bytes()) {
            used[usize::from(b)] = true;
        }
        for b in 0..=255u8 {
            if used[usize::from(b)] {
                representatives.push(b);
                class_of[usize::from(b)] = u32::try_from(representatives.len()).ok()?;
            }
        }
        let classes = representatives.len() + 1;
        // The states reachable from the start, breadth first, with the byte
        // that enters each. The automaton's state ids are offsets into its
        // transitions, so fewer than its size in `u32`s: a vector indexes
        // them (hashing every id was half of this build).
        let start = dfa.start_state(Anchored::No).ok()?;
        let mut index = vec![u32::MAX; dfa.memory_usage() / 4 + 1];
        let mut states = vec![(start, None::<u8>)];
        *index.get_mut(start.as_usize())? = 0;
        // Row `k`: the states (as indices into `states`) state `k` goes to.
        let mut rows: Vec<u32> = Vec::new();
        let mut k = 0;
        while k < states.len() {
            let (state, _) = states[k];
            rows.push(0);
            for &b in &representatives {
                let next = dfa.next_state(Anchored::No, state, b);
                let slot = index.get_mut(next.as_usize())?;
                if *slot == u32::MAX {
                    *slot = u32::try_from(states.len()).ok()?;
                    states.push((next, Some(b)));
                }
                rows.push(*slot);
            }
            k += 1;
            if states.len() * classes > Self::MAX_CELLS {
                return None;
            }
        }
        // Match states first, so that one comparison tells them.
        let mut order: Vec<usize> = (0..states.len()).collect();
        order.sort_by_key(|&k| !dfa.is_match(states[k].0));
        let mut position = vec![0usize; states.len()];
        for (p, &k) in order.iter().enumerate() {
            position[k] = p;
        }
        let stride = u32::try_from(classes).ok()?;
        let id = |k: usize| u32::try_from(position[k]).ok().and_then(|p| p.checked_mul(stride));
        let space = class_of[usize::from(b' ')] as usize;
        let mut next = vec![0u32; states.len() * classes];
        let mut match_offsets = vec![0u32];
        let mut match_patterns = Vec::new();
        for (p, &k) in order.iter().enumerate() {
            let (state, entered_by) = states[k];
            for (c, &to) in rows[k * classes..(k + 1) * classes].iter().enumerate() {
                next[p * classes + c] = id(to as usize)?;
            }
            if k != 0 && matches!(entered_by, Some(b' ' | b'\'')) {
                next[p * classes + space] = id(k)?;
            }
            if dfa.is_match(state) {
                for i in 0..dfa.match_len(state) {
                    match_patterns.push(u32::try_from(dfa.match_pattern(state, i).as_usize()).ok()?);
                }
                match_offsets.push(u32::try_from(match_patterns.len()).ok()?);
            }
        }
        let match_states = u32::try_from(match_offsets.len() - 1).ok()?;
        let mut ascii = [0u32; 128];
        for (b, c) in ascii.iter_mut().enumerate() {
            *c = class_of[usize::from(ASCII[b])];
        }
        Some(FoldingTable {
            next,
            class: class_of,
            ascii,
            start: id(0)?,
            match_limit: match_states.checked_mul(stride)?,
            match_offsets,
            match_patterns,
            stride,
        })
    }

    /// The patterns match state `state` reports.
    #[inline(always)]
    fn patterns_of(&self, state: u32) -> impl Iterator<Item = usize> + '_ {
        let k = (state / self.stride) as usize;
        let range = self.match_offsets[k] as usize..self.match_offsets[k + 1] as usize;
        self.match_patterns[range].iter().map(|&p| p as usize)
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
    fold_with(text, |b, _| out.push(b))
}

/// Folds `text` exactly as `normalize` folds lexicon phrases, handing each
/// folded byte to `emit` with the offset in `text` just after the
/// character it comes from:
/// lower case, no accents (precomposed or decomposed), every run of spaces
/// and hyphens as one space (none after an apostrophe), typographic
/// apostrophes plain; a character without a plain form (`œ`, `ø`, `ß`,
/// Greek, Cyrillic) is kept, lower-cased, so a phrase that holds it still
/// matches. Returns the runs of digits seen (room for a NIR). Works on
/// bytes: ASCII runs (most of any text) cost a table lookup per byte, and
/// the common French accents a `match`.
fn fold_with(text: &str, mut emit: impl FnMut(u8, usize)) -> NirRun {
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
            match fold_accented(c) {
                Some(folded) => folded,
                None => {
                    // Anything else the way `normalize` does it; a
                    // combining mark alone (decomposed text) leaves nothing.
                    let mut emitted = false;
                    fold_char(c, |folded| {
                        let mut buf = [0; 4];
                        folded.encode_utf8(&mut buf).bytes().for_each(|byte| emit(byte, i));
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
                emit(b' ', i);
            }
            space = true;
        } else {
            // No space after an apostrophe ("l' équipe"), as in `normalize`.
            space = folded == b'\'';
            emit(folded, i);
        }
    }
    nir_run
}

#[cfg(test)]
mod tests {
    use std::ops::Range;

    use super::*;
    use crate::extract::credentials::{TextHit, TextHitKind, find_labelled, find_labelled_from};

    #[test]
    fn folding_matches_normalized_phrases() {
        let mut buf = Vec::new();
        fold("Données de\n  SANTÉ – l’ équipe", &mut buf);
        assert_eq!(buf, "donnees de sante – l'equipe".as_bytes());
        let lexicon = vec!["données de santé".to_owned()];
        let triggers = Triggers::new(&[(Triggered::LEXICON, &lexicon)]);
        assert!(
            triggers
                .scan("Revue des DONNEES DE SANTE", &mut Vec::new())
                .has(Triggered::LEXICON)
        );
        assert!(
            !triggers
                .scan("Revue des données", &mut Vec::new())
                .has(Triggered::LEXICON)
        );
        assert!(
            triggers
                .scan("environ 40 participants", &mut Vec::new())
                .has(Triggered::AUDIENCE)
        );
        assert!(
            triggers
                .scan("NIR 1 84 12 76 451 089 46", &mut Vec::new())
                .has(Triggered::DIGITS)
        );
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
            assert!(triggers.scan(text, &mut Vec::new()).has(Triggered::LEXICON), "{text:?}");
        }
    }

    /// The credential labels found from the starts the scan gives, and
    /// from a search of the whole text; `None` when the scan is unsure.
    #[allow(clippy::type_complexity)]
    fn labels_both_ways(
        triggers: &Triggers,
        text: &str,
    ) -> Option<(
        Vec<(TextHitKind, Range<usize>, bool)>,
        Vec<(TextHitKind, Range<usize>, bool)>,
    )> {
        let mut starts = Vec::new();
        if triggers.scan(text, &mut starts).has(Triggered::LABEL_UNSURE) {
            return None;
        }
        let summary = |hits: Vec<TextHit>| hits.into_iter().map(|h| (h.kind, h.range, h.masked)).collect();
        Some((
            summary(find_labelled_from(text, &mut starts, false, "")),
            summary(find_labelled(text, false, "")),
        ))
    }

    #[test]
    fn label_starts_find_every_label() {
        let triggers = Triggers::new(&[]);
        for text in [
            "Meeting ID: 912 3456 7890\nPasscode: 482913",
            "ID de réunion : 912 3456 7890\nCode secret : 482913",
            "Clé de l’hôte : 123456, Code d'accès : 829104, PIN: 1234#",
            "Video conference ID: 123 456 789#, numéro de la conférence : 912 3456 7890",
            "MOT DE PASSE : Xk7pQ2 — sitzungsnummer 123 456 — Kennwort: abc123",
            "Besprechungs-ID: 912 3456 7890, Konferenz-ID: 123 456 789#, Contraseña: 482913",
        ] {
            let (from_starts, whole) = labels_both_ways(&triggers, text).expect("plain ASCII starts");
            assert!(from_starts.len() >= 2, "{text}");
            assert_eq!(from_starts, whole, "{text}");
        }
        // The labels' case-insensitive search reads a Kelvin sign as a `k`
        // (the scan too) and a long s as an `s` (not the scan: it says so).
        let (from_starts, whole) = labels_both_ways(&triggers, "Host \u{212a}ey: 482913").expect("sure");
        assert_eq!((from_starts.len(), whole.len()), (1, 1));
        assert!(labels_both_ways(&triggers, "Pa\u{17f}\u{17f}code: 482913").is_none());
        // Starts beyond what is kept: the whole text is searched.
        let many = format!("{}Passcode: 482913", "mot ".repeat(MAX_LABEL_STARTS + 1));
        let mut starts = Vec::new();
        assert!(triggers.scan(&many, &mut starts).has(Triggered::LABEL_UNSURE));
        assert_eq!(starts.len(), MAX_LABEL_STARTS);
        let few = format!("{}Passcode: 482913", "mot ".repeat(MAX_LABEL_STARTS - 2));
        let (from_starts, whole) = labels_both_ways(&triggers, &few).expect("room for every start");
        assert_eq!((from_starts.len(), whole.len()), (1, 1));
        assert_eq!(find_labelled("Pa\u{17f}\u{17f}code: 482913", false, "").len(), 1);
    }

    /// The built-in policy's triggers, built once for the property tests.
    fn builtin_triggers() -> &'static Triggers {
        static TRIGGERS: std::sync::LazyLock<Triggers> =
            std::sync::LazyLock::new(|| crate::policy::Policy::builtin().triggers.clone());
        &TRIGGERS
    }

    #[test]
    fn the_builtin_policy_scans_with_the_table() {
        let triggers = builtin_triggers();
        assert!(triggers.table.is_some(), "the fast scan serves the built-in lists");
        // What the table cannot serve falls back to the folding scan.
        let ends_with_apostrophe = vec!["aujourd'".to_owned()];
        let fallback = Triggers::new(&[(Triggered::LEXICON, &ends_with_apostrophe)]);
        assert!(fallback.table.is_none());
        assert!(fallback.scan("AUJOURD’HUI", &mut Vec::new()).has(Triggered::LEXICON));
    }

    /// The table's collapsing of spaces relies on `fold_char` never giving
    /// a space or an apostrophe (in `fold_with` those would not collapse
    /// what follows).
    #[test]
    fn fold_char_gives_no_space_nor_apostrophe() {
        for c in (0x80..=0x10ffff).filter_map(char::from_u32) {
            if fold_accented(c).is_some() {
                continue;
            }
            fold_char(c, |folded| {
                assert!(folded != ' ' && folded != '\'', "{c:?} folds to {folded:?}")
            });
        }
    }

    /// Pieces for `the_table_scan_agrees_with_the_folding_scan`: phrases of
    /// every list, and what folding treats apart.
    const SCAN_PIECES: &[&str] = &[
        "Données de santé",
        "donne\u{301}es  de sante\u{301}",
        "brevet",
        "secret des affaires",
        "Diffusion Restreinte",
        "enregistrement",
        "consentement",
        "tchat",
        "client Zoom",
        "participants",
        "passeport",
        "Passcode",
        "Code d’accès",
        "mot de passe",
        "Meeting ID",
        "l' équipe",
        "aujourd’ hui",
        "ʼ",
        "'",
        " ",
        "  ",
        "-",
        " - ",
        "\t\r\n",
        "\u{a0}",
        "\u{2028}",
        "Œdipe",
        "Ørsted",
        "\u{212a}ey",
        "pa\u{17f}\u{17f}",
        "İ",
        "\u{301}",
        "ﬁn",
        "1 84 12 76 451 089 46",
        "912 3456 7890",
        "x",
        "é",
    ];

    proptest::proptest! {
        /// The table scan says what the folding scan says, with the same
        /// label starts, on any mix of phrases, spaces and accents.
        #[test]
        fn the_table_scan_agrees_with_the_folding_scan(
            pieces in proptest::collection::vec((0..SCAN_PIECES.len(), proptest::num::u64::ANY), 0..16),
            tail in "\\PC{0,12}",
        ) {
            let triggers = builtin_triggers();
            let table = triggers.table.as_ref().expect("built");
            let mut text = String::new();
            for (piece, cases) in pieces {
                for (i, c) in SCAN_PIECES[piece].chars().enumerate() {
                    if cases >> (i % 64) & 1 == 1 {
                        text.extend(c.to_uppercase());
                    } else {
                        text.push(c);
                    }
                }
            }
            text.push_str(&tail);
            let (mut by_table, mut by_folding) = (vec![7], vec![7]);
            let found = triggers.scan_table(table, &text, &mut by_table);
            let expected = triggers.scan_folding(&text, &mut by_folding);
            proptest::prop_assert_eq!(found, expected, "{:?}", text);
            proptest::prop_assert_eq!(by_table, by_folding, "{:?}", text);
        }
    }

    /// Pieces of invitations, label words among them, for
    /// `label_starts_agree_with_a_whole_search`.
    const PIECES: &[&str] = &[
        "Meeting ID",
        "meeting  number",
        "Passcode",
        "pass code",
        "Code secret",
        "code d’ accès",
        "Mot de passe",
        "mot de passe de la réunion",
        "Host key",
        "Clé de l'hôte",
        "dial-in PIN",
        "Conference ID",
        "ID de réunion",
        "Numéro de conférence",
        "Kenncode",
        "Contraseña",
        "Besprechungs-ID",
        "hostschlüssel",
        "Webinar ID",
        "room password",
        "pinned",
        "video",
        "idée",
        "code",
        "Ø",
        ": ",
        " ",
        "\n",
        "-",
        "_",
        "482913",
        "912 3456 7890",
        "xK7",
        "é",
        "\u{a0}",
        "\u{212a}enn",
        "host \u{212a}ey",
        "pa\u{17f}\u{17f}",
        "İd",
    ];

    /// What may follow a piece: nothing, or a value.
    const VALUES: &[&str] = &["", "", ": 482913", " : 912 3456 7890", " 48291#"];

    proptest::proptest! {
        /// Wherever the scan is sure of its starts, they give exactly the
        /// labels a search of the whole text gives (same kinds, ranges and
        /// masking), whatever the case of the words.
        #[test]
        fn label_starts_agree_with_a_whole_search(
            pieces in proptest::collection::vec((0..PIECES.len(), 0..VALUES.len(), proptest::num::u64::ANY), 0..14)
        ) {
            let triggers = Triggers::new(&[]);
            let mut text = String::new();
            for (piece, value, cases) in pieces {
                for (i, c) in PIECES[piece].chars().enumerate() {
                    if cases >> (i % 64) & 1 == 1 {
                        text.extend(c.to_uppercase());
                    } else {
                        text.push(c);
                    }
                }
                text.push_str(VALUES[value]);
            }
            if let Some((from_starts, whole)) = labels_both_ways(&triggers, &text) {
                proptest::prop_assert_eq!(from_starts, whole, "{:?}", text);
            }
        }

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
