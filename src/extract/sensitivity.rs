//! Is the meeting about sensitive data? (SPEC §3 "Sensitivity")

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

use super::phrase_regex::{BuildError, PhraseRegex};
use super::phrases::{SENTENCE_WINDOW, collapse_whitespace, find_words, sentence_and_next};
use super::triggers::Triggered;
use crate::input::Invitation;
use crate::policy::Policy;

/// Sensitivity levels, ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    #[default]
    NonSensitive,
    Sensitive,
    Restricted,
}

impl Level {
    pub fn name(self) -> &'static str {
        match self {
            Level::NonSensitive => "non-sensitive",
            Level::Sensitive => "sensitive",
            Level::Restricted => "restricted",
        }
    }

    pub fn parse(s: &str) -> Option<Level> {
        match s {
            "non-sensitive" => Some(Level::NonSensitive),
            "sensitive" => Some(Level::Sensitive),
            "restricted" => Some(Level::Restricted),
            _ => None,
        }
    }
}

/// What raised the level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Signal {
    /// A word or phrase of the lexicon (or of the configuration).
    Keyword,
    /// iCalendar `CLASS`.
    Class,
    /// Mail `Sensitivity` header.
    Header,
    /// Microsoft Information Protection label.
    Label,
    /// A valid French social security number.
    Nir,
    /// Another national identifier next to its keyword.
    Identifier,
    /// `--sensitivity` on the command line.
    Forced,
}

/// Why an invitation is sensitive.
#[derive(Debug, Clone)]
pub struct Reason {
    pub signal: Signal,
    pub level: Level,
    /// The words that triggered it (never a secret: identifiers are named,
    /// not quoted).
    pub text: String,
    /// Field it was found in (`SUMMARY`, `Subject`, ...).
    pub field: String,
    /// Offset in the unit's original bytes.
    pub offset: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Sensitivity {
    pub level: Level,
    pub reasons: Vec<Reason>,
    /// Personal identifiers found (for VL501 and redaction): original range
    /// and kind (`Nir` or `Identifier`).
    pub identifiers: Vec<(Range<usize>, Signal)>,
}

/// Apostrophes, all written `'` once normalized.
const APOSTROPHES: [char; 3] = ['\'', '’', 'ʼ'];

/// Lowercase, without accents, spaces collapsed (none after an apostrophe),
/// typographic apostrophes made plain: the form lexicon entries are
/// compared in. The keyword pre-filter (`triggers`) folds text the same way.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() || c == '-' {
            if !space && !out.is_empty() && !out.ends_with('\'') {
                out.push(' ');
            }
            space = true;
            continue;
        }
        if APOSTROPHES.contains(&c) {
            space = false;
            out.push('\'');
            continue;
        }
        let before = out.len();
        fold_char(c, |folded| out.push(folded));
        // A combining mark alone (decomposed text) leaves nothing.
        if out.len() > before {
            space = false;
        }
    }
    out.trim_end().to_owned()
}

/// A character (not a space, hyphen or apostrophe) as `normalize` writes
/// it: decomposed, without its combining marks, in lower case.
pub fn fold_char(c: char, mut push: impl FnMut(char)) {
    decompose_canonical(c, |d| {
        if !is_combining_mark(d) {
            for lower in d.to_lowercase() {
                if !is_combining_mark(lower) {
                    push(lower);
                }
            }
        }
    });
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    Level(Level),
    Ignore,
}

/// The sensitivity lexicon, compiled.
#[derive(Debug, Clone)]
pub struct Lexicon {
    regex: PhraseRegex,
    entries: HashMap<String, Entry>,
    disclaimer: Option<PhraseRegex>,
}

impl Lexicon {
    pub fn new(
        restricted: &[String],
        sensitive: &[String],
        ignore: &[String],
        disclaimer_markers: &[String],
    ) -> Result<Lexicon, BuildError> {
        let mut entries = HashMap::new();
        // Each phrase with its entry and the length of its normalized form.
        let mut phrases: Vec<(String, Entry, usize)> = Vec::new();
        // Ignored phrases win over the keywords they contain, restricted
        // over sensitive; longer phrases first so the regex takes them.
        for (list, entry) in [
            (ignore, Entry::Ignore),
            (restricted, Entry::Level(Level::Restricted)),
            (sensitive, Entry::Level(Level::Sensitive)),
        ] {
            for phrase in list {
                let key = normalize(phrase);
                if key.is_empty() || entries.contains_key(&key) {
                    continue;
                }
                phrases.push((phrase.clone(), entry, key.len()));
                entries.insert(key, entry);
            }
        }
        // The normalized length kept from above: normalizing again at every
        // comparison of the sort was a twentieth of start-up.
        phrases.sort_by_key(|&(_, e, len)| (e != Entry::Ignore, std::cmp::Reverse(len)));
        let regex = PhraseRegex::new(phrases.iter().map(|(p, _, _)| p.as_str()))?;
        let disclaimer = if disclaimer_markers.is_empty() {
            None
        } else {
            Some(PhraseRegex::new(disclaimer_markers.iter().map(String::as_str))?)
        };
        Ok(Lexicon {
            regex,
            entries,
            disclaimer,
        })
    }

    /// Keywords found in `text`: (range, level, phrase as written).
    /// `title`: the text is a title (SUMMARY, Subject), where no disclaimer
    /// stands.
    pub fn find<'t>(&self, text: &'t str, title: bool) -> Vec<(Range<usize>, Level, &'t str)> {
        let mut found = Vec::new();
        // Disclaimer markers of the text, found once when first needed.
        let mut markers: Option<Vec<Range<usize>>> = None;
        for range in find_words(&self.regex, text) {
            let words = &text[range.clone()];
            let Some(Entry::Level(level)) = self.entries.get(&normalize(words)).copied() else {
                continue;
            };
            // A restricted keyword is a marking wherever it stands.
            if level == Level::Sensitive && !title {
                let markers = markers.get_or_insert_with(|| self.markers(text));
                if in_disclaimer(text, range.clone(), markers) {
                    continue;
                }
            }
            found.push((range, level, words));
        }
        found
    }

    fn markers(&self, text: &str) -> Vec<Range<usize>> {
        self.disclaimer
            .as_ref()
            .map(|d| find_words(d, text).collect())
            .unwrap_or_default()
    }
}

/// A keyword in a mail disclaimer ("This e-mail is confidential and
/// intended solely for...") says nothing about the meeting: a disclaimer
/// marker (`markers`, sorted) in the keyword's sentence or the next one.
fn in_disclaimer(text: &str, keyword: Range<usize>, markers: &[Range<usize>]) -> bool {
    let near = |span: &Range<usize>| {
        let i = markers.partition_point(|m| m.start < span.start);
        markers.get(i).is_some_and(|m| m.end <= span.end)
    };
    // Most keywords have no marker anywhere near: no sentence to look for.
    let window = keyword.start.saturating_sub(SENTENCE_WINDOW)..keyword.end.saturating_add(SENTENCE_WINDOW);
    if !near(&window) {
        return false;
    }
    near(&sentence_and_next(text, keyword))
}

/// A French NIR: sex, year, month, department (2A/2B for Corsica), commune,
/// order, key; spaces allowed between the groups.
static NIR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)([12378])[ .]?([0-9]{2})[ .]?(0[1-9]|1[0-2]|[2-9][0-9])[ .]?([0-9]{2}|2[AaBb])[ .]?([0-9]{3})[ .]?([0-9]{3})[ .]?([0-9]{2})(?-u:\b)")
        .expect("valid regex")
});

/// Other national identifiers, only next to their name.
static IDENTIFIER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:num[ée]ro\s+de\s+passeport|passport\s+(?:no\.?|number|n°)|n°\s*de\s+passeport|num[ée]ro\s+fiscal(?:\s+de\s+r[ée]f[ée]rence)?|tax\s+id(?:entification)?\s+number|num[ée]ro\s+de\s+carte\s+d['’]identit[ée]|id\s+card\s+number)\s*(?:n°|no\.?)?\s*[:=]?\s*([A-Z0-9]{8,13})(?-u:\b)",
    )
    .expect("valid regex")
});

/// Whether 15 digits (Corsica: `2A`/`2B` in the department) form a NIR
/// with a valid mod-97 key.
pub fn is_valid_nir(compact: &str) -> bool {
    if compact.len() != 15 {
        return false;
    }
    let (body, key) = compact.split_at(13);
    let body = body.to_ascii_uppercase();
    let numeric = if &body[5..7] == "2A" {
        body.replacen("2A", "19", 1)
    } else if &body[5..7] == "2B" {
        body.replacen("2B", "18", 1)
    } else {
        body.clone()
    };
    let (Ok(n), Ok(k)) = (numeric.parse::<u64>(), key.parse::<u64>()) else {
        return false;
    };
    (97 - n % 97) == k
}

/// The longest run of digits that could be a NIR: digits, `A`/`B` (Corsica)
/// and at most one space or dot between them. A NIR needs a run of 14
/// digits or more (13 and `2A`/`2B`); the meeting IDs, phone numbers and
/// passcodes of an invitation are broken by words, commas and line ends.
///
/// A small automaton fed byte by byte: one table load per byte, no branch
/// (the bytes of a text are too mixed for a branch per byte to be
/// predicted). Its state is the length of the current run (0 to
/// [`NirRun::DIGITS`]) and whether the last byte ended it or was a
/// separator; a run of [`NirRun::DIGITS`] digits is final.
#[derive(Debug, Clone, Copy)]
pub struct NirRun {
    state: u8,
}

impl Default for NirRun {
    fn default() -> NirRun {
        // The start of a text counts as a separator: a separator there
        // starts no run.
        NirRun {
            state: NirRun::state(0, true),
        }
    }
}

impl NirRun {
    /// Digits in a run that make it long enough.
    const DIGITS: u8 = 13;
    /// The final state: a run long enough was seen.
    const FOUND: u8 = 2 * NirRun::DIGITS;

    const fn state(digits: u8, after_separator: bool) -> u8 {
        if digits >= NirRun::DIGITS {
            NirRun::FOUND
        } else {
            digits * 2 + after_separator as u8
        }
    }

    /// `NEXT[state * 256 + byte]`.
    const NEXT: [u8; 256 * (2 * NirRun::DIGITS as usize + 1)] = {
        let mut table = [0u8; 256 * (2 * NirRun::DIGITS as usize + 1)];
        let mut state = 0u8;
        while state <= NirRun::FOUND {
            let (digits, after_separator) = (state / 2, state % 2 == 1);
            let mut b = 0usize;
            while b < 256 {
                let byte = b as u8;
                table[state as usize * 256 + b] = if state == NirRun::FOUND {
                    NirRun::FOUND
                } else if byte.is_ascii_digit() {
                    NirRun::state(digits + 1, false)
                } else if matches!(byte, b'A' | b'a' | b'B' | b'b') {
                    NirRun::state(digits, false)
                } else if matches!(byte, b' ' | b'.') {
                    // One separator inside a run; a second one ends it.
                    NirRun::state(if after_separator { 0 } else { digits }, true)
                } else {
                    NirRun::state(0, true)
                };
                b += 1;
            }
            state += 1;
        }
        table
    };

    #[inline]
    pub fn push(&mut self, b: u8) {
        self.state = NirRun::NEXT[usize::from(self.state) * 256 + usize::from(b)];
    }

    /// Whether a NIR may be written in what was pushed.
    pub fn may_hold_nir(&self) -> bool {
        self.state == NirRun::FOUND
    }
}

fn may_hold_nir(text: &str) -> bool {
    let mut run = NirRun::default();
    text.bytes().for_each(|b| run.push(b));
    run.may_hold_nir()
}

/// Finds valid NIRs in `text`.
pub fn find_nirs(text: &str) -> Vec<Range<usize>> {
    if !may_hold_nir(text) {
        return Vec::new();
    }
    NIR.find_iter(text)
        .filter(|m| {
            let compact: String = m.as_str().chars().filter(|c| c.is_ascii_alphanumeric()).collect();
            is_valid_nir(&compact)
        })
        .map(|m| m.range())
        .collect()
}

/// Classifies an invitation.
/// `triggered`: for each field, what it may hold (see `triggers`).
pub fn classify(invitation: &Invitation, policy: &Policy, triggered: &[Triggered]) -> Sensitivity {
    let mut s = Sensitivity::default();
    let mut seen: Vec<String> = Vec::new();
    let mut add = |s: &mut Sensitivity, reason: Reason| {
        let key = normalize(&reason.text);
        if seen.contains(&key) {
            return;
        }
        seen.push(key);
        s.level = s.level.max(reason.level);
        s.reasons.push(reason);
    };
    for label in &invitation.labels {
        let value = label.value.trim();
        let sensitive = match label.name {
            "CLASS" => value.eq_ignore_ascii_case("CONFIDENTIAL") || value.eq_ignore_ascii_case("PRIVATE"),
            "Sensitivity" => {
                ["company-confidential", "private", "personal"].contains(&value.to_ascii_lowercase().as_str())
            }
            _ => msip_label_names(value).iter().any(|name| {
                let n = normalize(name);
                [
                    "confidential",
                    "confidentiel",
                    "restricted",
                    "restreint",
                    "secret",
                    "sensitive",
                    "sensible",
                ]
                .iter()
                .any(|w| n.contains(w))
                    && !n.contains("non confidential")
                    && !n.contains("non confidentiel")
            }),
        };
        if sensitive {
            let signal = match label.name {
                "CLASS" => Signal::Class,
                "Sensitivity" => Signal::Header,
                _ => Signal::Label,
            };
            add(
                &mut s,
                Reason {
                    signal,
                    level: Level::Sensitive,
                    text: format!("{}: {}", label.name, value_for_reason(label.name, value)),
                    field: label.name.to_owned(),
                    offset: label.offset,
                },
            );
        }
    }
    for (i, field) in invitation.fields.iter().enumerate() {
        let text = field.text.as_str();
        let may = Triggered::of_field(triggered, i);
        let lexicon = if may.has(Triggered::LEXICON) {
            policy
                .lexicon
                .find(text, matches!(field.name.as_ref(), "SUMMARY" | "Subject"))
        } else {
            Vec::new()
        };
        for (range, level, words) in lexicon {
            add(
                &mut s,
                Reason {
                    signal: Signal::Keyword,
                    level,
                    text: collapse_whitespace(words),
                    field: field.name.to_string(),
                    offset: field.text.orig(range.start),
                },
            );
        }
        let nirs = if may.has(Triggered::DIGITS) {
            find_nirs(text)
        } else {
            Vec::new()
        };
        for range in nirs {
            s.identifiers.push((field.text.orig_range(range.clone()), Signal::Nir));
            add(
                &mut s,
                Reason {
                    signal: Signal::Nir,
                    level: Level::Sensitive,
                    text: "NIR".to_owned(),
                    field: field.name.to_string(),
                    offset: field.text.orig(range.start),
                },
            );
        }
        let identifiers = may.has(Triggered::IDENTIFIER).then(|| IDENTIFIER.find_iter(text));
        for found in identifiers.into_iter().flatten() {
            let Some(caps) = IDENTIFIER.captures(found.as_str()) else {
                continue;
            };
            let inner = caps.get(1).expect("group 1");
            let value = found.start() + inner.start()..found.start() + inner.end();
            if !inner.as_str().bytes().any(|b| b.is_ascii_digit()) {
                continue;
            }
            s.identifiers
                .push((field.text.orig_range(value.clone()), Signal::Identifier));
            let name = found.as_str()[..inner.start()]
                .trim_end_matches([' ', ':', '=', '\t'])
                .to_owned();
            add(
                &mut s,
                Reason {
                    signal: Signal::Identifier,
                    level: Level::Sensitive,
                    text: name,
                    field: field.name.to_string(),
                    offset: field.text.orig(value.start),
                },
            );
        }
    }
    s
}

fn value_for_reason(name: &str, value: &str) -> String {
    if name == "msip_labels" {
        msip_label_names(value).join(", ")
    } else {
        value.to_owned()
    }
}

/// Names of the labels in an `msip_labels` header:
/// `MSIP_Label_<guid>_Name=Confidential; MSIP_Label_<guid>_Enabled=true; ...`.
fn msip_label_names(value: &str) -> Vec<String> {
    value
        .split(';')
        .filter_map(|part| {
            let (key, v) = part.split_once('=')?;
            key.trim().ends_with("_Name").then(|| v.trim().to_owned())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mapped::Mapped;
    use unicode_normalization::UnicodeNormalization;

    fn level(text: &str) -> (Level, Vec<String>) {
        let inv = crate::input::text::document(Mapped::verbatim(text.to_owned(), 0), "text");
        let s = classify(&inv, &Policy::builtin(), &[]);
        (s.level, s.reasons.into_iter().map(|r| r.text).collect())
    }

    #[test]
    fn keywords_are_accent_and_case_insensitive() {
        assert_eq!(level("Point sur le BREVET en cours").0, Level::Sensitive);
        assert_eq!(
            level("Revue des DONNEES DE SANTE").1,
            vec!["DONNEES DE SANTE".to_owned()]
        );
        assert_eq!(level("Réunion ZRR du labo").0, Level::Restricted);
        assert_eq!(level("Document en Diffusion Restreinte").0, Level::Restricted);
    }

    #[test]
    fn ambiguous_words_and_near_misses() {
        assert_eq!(level("Secret Santa de l'équipe").0, Level::NonSensitive);
        assert_eq!(level("Code secret : 123456").0, Level::NonSensitive);
        assert_eq!(level("Un sujet sensible").0, Level::NonSensitive);
        assert_eq!(level("Oral du brevet des collèges").0, Level::NonSensitive);
        assert_eq!(level("Politique de confidentialité").0, Level::NonSensitive);
        assert_eq!(
            level("This e-mail is confidential and intended solely for the addressee.").0,
            Level::NonSensitive
        );
    }

    #[test]
    fn disclaimers_do_not_hide_markings() {
        // A restricted keyword is a marking wherever it stands.
        assert_eq!(
            level("DIFFUSION RESTREINTE\nDestinataires : comité de pilotage").0,
            Level::Restricted
        );
        assert_eq!(
            level("Point PPST\nThis message is intended only for the addressee.").0,
            Level::Restricted
        );
        // "destinataires" or "addressee" alone heads a list of people.
        assert_eq!(level("Réunion brevet — destinataires : Alice, Bob").0, Level::Sensitive);
        assert_eq!(level("Patent review; addressee: the board").0, Level::Sensitive);
        // A disclaimer in another sentence or paragraph.
        assert_eq!(
            level("Point brevet\n\nCe message est confidentiel et destiné exclusivement à ses destinataires.").1,
            vec!["brevet".to_owned()]
        );
        assert_eq!(
            level("Point brevet demain.\nhttps://x.example/\nIf you have received this email in error, delete it.").0,
            Level::Sensitive
        );
        // The disclaimer itself, in one sentence or two, wrapped or not.
        for disclaimer in [
            "Ce message et toutes les pièces jointes sont confidentiels et établis à l'intention exclusive de ses destinataires.",
            "Ce message est confidentiel.\nIl est destiné exclusivement à ses destinataires.",
            "This e-mail is confidential and\nintended solely for the use of the individual to whom it is addressed.",
            "CONFIDENTIAL: if you are not the intended recipient, delete this message.",
        ] {
            assert_eq!(level(disclaimer).0, Level::NonSensitive, "{disclaimer}");
        }
    }

    #[test]
    fn titles_hold_no_disclaimer() {
        let title = "Brevet : point réservé, intended only for the project team";
        let inv = crate::input::text::document(Mapped::verbatim(title.to_owned(), 0), "SUMMARY");
        assert_eq!(classify(&inv, &Policy::builtin(), &[]).level, Level::Sensitive);
        assert_eq!(
            level(title).0,
            Level::NonSensitive,
            "in a body, the sentence is a disclaimer"
        );
    }

    #[test]
    fn a_cut_phrase_leaves_room_for_a_shorter_keyword() {
        assert_eq!(
            level("Discussion of our patent applications").1,
            vec!["patent".to_owned()]
        );
        assert_eq!(level("Point sur les orientations sexuelles").0, Level::Sensitive);
    }

    #[test]
    fn diffusion_restreinte_is_a_marking_unless_it_names_a_list() {
        assert_eq!(
            level("Réunion classée Diffusion Restreinte au sens de l'II 901").0,
            Level::Restricted
        );
        assert_eq!(
            level("Document Diffusion Restreinte à ne pas transmettre").0,
            Level::Restricted
        );
        assert_eq!(
            level("Message envoyé sur la liste de diffusion restreinte du pôle").0,
            Level::NonSensitive
        );
    }

    #[test]
    fn keywords_outside_the_accent_table_and_decomposed_accents() {
        let mut data = crate::policy::PolicyData::builtin();
        data.sensitivity
            .restricted
            .extend(["Projet Œdipe".to_owned(), "Ørsted".to_owned()]);
        let policy = Policy::compile(data).unwrap();
        for text in ["Réunion PROJET ŒDIPE", "Point Ørsted", "point ørsted"] {
            let inv = crate::input::text::document(Mapped::verbatim(text.to_owned(), 0), "text");
            let analysis = crate::extract::analyze(&inv, &policy);
            assert_eq!(analysis.sensitivity.level, Level::Restricted, "{text}");
        }
        let nfd: String = "Revue des données de santé".nfd().collect();
        let inv = crate::input::text::document(Mapped::verbatim(nfd, 0), "text");
        let analysis = crate::extract::analyze(&inv, &Policy::builtin());
        assert_eq!(analysis.sensitivity.level, Level::Sensitive);
    }

    #[test]
    fn nir_needs_a_valid_key() {
        // 1 84 12 76 451 089, key 97 - (1841276451089 mod 97) = 46.
        assert!(is_valid_nir("184127645108946"));
        assert!(!is_valid_nir("184127645108947"));
        assert_eq!(level("NIR du candidat : 1 84 12 76 451 089 46").0, Level::Sensitive);
        assert_eq!(level("Référence 1 84 12 76 451 089 47").0, Level::NonSensitive);
        // Corsica: 2A is computed as 19.
        let body = "269052A123456";
        let key = 97 - "2690519123456".parse::<u64>().unwrap() % 97;
        assert!(is_valid_nir(&format!("{body}{key:02}")));
    }

    #[test]
    fn the_nir_prefilter_never_hides_a_match() {
        let key = 97 - "2690519123456".parse::<u64>().unwrap() % 97;
        let written = [
            "NIR 184127645108946".to_owned(),
            "n° 1 84 12 76 451 089 46.".to_owned(),
            "1.84.12.76.451.089.46".to_owned(),
            format!("Sécu : 2 69 05 2A 123 456 {key:02}"),
            format!("(269052a123456{key:02})"),
        ];
        for text in &written {
            assert!(may_hold_nir(text), "{text}");
            assert_eq!(find_nirs(text).len(), 1, "{text}");
        }
        // What an invitation is full of: meeting IDs, phone numbers with
        // the ID after commas, passcodes on the next line.
        for text in [
            "ID de réunion : 912 3456 7890\nCode secret : 482913",
            "+33170372246,,91234567890# France",
            "Or dial: (FR) +33 1 87 40 00 00 PIN: 123456789#",
            "1 84 12  76 451 089 46",
        ] {
            assert!(!may_hold_nir(text), "{text}");
        }
    }

    /// The longest run as the automaton's doc defines it, counted plainly.
    fn longest_run(text: &str) -> u32 {
        let (mut digits, mut longest, mut after_separator) = (0u32, 0u32, true);
        for b in text.bytes() {
            if b.is_ascii_digit() {
                digits += 1;
                after_separator = false;
            } else if matches!(b, b'A' | b'a' | b'B' | b'b') {
                after_separator = false;
            } else if matches!(b, b' ' | b'.') {
                if after_separator {
                    digits = 0;
                }
                after_separator = true;
            } else {
                digits = 0;
                after_separator = true;
            }
            longest = longest.max(digits);
        }
        longest
    }

    proptest::proptest! {
        #[test]
        fn the_nir_automaton_counts_runs(text in "(([0-9]{1,6}|[aAbB])[ .]{0,2}|[x-]|é){0,12}") {
            proptest::prop_assert_eq!(may_hold_nir(&text), longest_run(&text) >= 13);
        }
    }
}
