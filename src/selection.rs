//! Which rules run, at which severity, and where they are silenced:
//! `--select`/`--ignore`, configuration `[rules]`, and `visiolint: ignore`
//! comments (SPEC §4 "Suppression").

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use globset::GlobMatcher;

use crate::i18n::Lang;
use crate::rules::{RULES, RuleInfo, Severity};

/// A rule selector: a code (`VL302`), a code prefix (`VL3`, `VL`), `ALL`, or
/// a rule name (`published-access-code`).
pub fn matches(selector: &str, info: &RuleInfo) -> bool {
    let s = selector.trim();
    s.eq_ignore_ascii_case("ALL")
        || s.eq_ignore_ascii_case(info.name)
        || (s.len() >= 2 && info.code.len() >= s.len() && info.code[..s.len()].eq_ignore_ascii_case(s))
}

/// How precisely `selector` names `info`: `None` if it does not, then `ALL`
/// < a shorter code prefix < a longer one < the exact code or name. When
/// several selectors match a rule, the most specific one applies.
pub fn specificity(selector: &str, info: &RuleInfo) -> Option<usize> {
    let s = selector.trim();
    if s.eq_ignore_ascii_case(info.code) || s.eq_ignore_ascii_case(info.name) {
        Some(usize::MAX)
    } else if s.len() >= 2 && info.code.len() >= s.len() && info.code[..s.len()].eq_ignore_ascii_case(s) {
        Some(s.len())
    } else if s.eq_ignore_ascii_case("ALL") {
        Some(0)
    } else {
        None
    }
}

/// Whether a selector names at least one rule.
pub fn is_known(selector: &str) -> bool {
    RULES.iter().any(|r| matches(selector, r.info()))
}

/// The rule code or name closest to an unknown `selector` (a typo: one or
/// two letters changed, added, dropped or swapped), if one is that close.
pub fn suggestion(selector: &str) -> Option<&'static str> {
    let typed = selector.trim().to_ascii_lowercase();
    RULES
        .iter()
        .flat_map(|r| [r.info().code, r.info().name])
        .map(|known| (strsim::damerau_levenshtein(&typed, &known.to_ascii_lowercase()), known))
        .filter(|&(distance, _)| distance <= 2 && distance < typed.len())
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, known)| known)
}

/// The error for a selector that names no rule; `place` says where it was
/// written (`" (line 4)"`, or nothing).
pub fn unknown_rule_error(selector: &str, place: &str, lang: Lang) -> String {
    match (lang, suggestion(selector)) {
        (Lang::Fr, Some(s)) => {
            format!("règle inconnue `{selector}`{place} (vouliez-vous dire `{s}` ?) ; `visiolint rules` les liste")
        }
        (Lang::Fr, None) => format!("règle inconnue `{selector}`{place} ; `visiolint rules` les liste"),
        (Lang::En, Some(s)) => {
            format!("unknown rule `{selector}`{place} (did you mean `{s}`?); `visiolint rules` lists them")
        }
        (Lang::En, None) => format!("unknown rule `{selector}`{place}; `visiolint rules` lists them"),
    }
}

/// Rule selection and severities.
#[derive(Debug, Default, Clone)]
pub struct RuleSelection {
    /// Only these (default: every rule).
    pub select: Option<Vec<String>>,
    /// Added to the selection (`extend-select` in config).
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
    /// Severity overrides by selector; the most specific selector that
    /// matches a rule wins (see [`specificity`]).
    pub severity: BTreeMap<String, Severity>,
    /// Rules silenced for some paths.
    pub per_path: Vec<(GlobMatcher, Vec<String>)>,
    /// Rules silenced for some invitations, by UID or Message-ID.
    pub per_uid: HashMap<String, Vec<String>>,
}

impl RuleSelection {
    pub fn enabled(&self, info: &RuleInfo, path: Option<&Path>, uid: Option<&str>) -> bool {
        let selected = match &self.select {
            Some(list) => list.iter().chain(&self.extend_select).any(|s| matches(s, info)),
            None => true,
        };
        if !selected || self.ignore.iter().any(|s| matches(s, info)) {
            return false;
        }
        if let Some(path) = path
            && self
                .per_path
                .iter()
                .any(|(glob, codes)| glob.is_match(path) && codes.iter().any(|c| matches(c, info)))
        {
            return false;
        }
        if let Some(codes) = uid.and_then(|u| self.per_uid.get(u.trim_matches(['<', '>']))) {
            return !codes.iter().any(|c| matches(c, info));
        }
        true
    }

    pub fn severity(&self, info: &RuleInfo, default: Severity) -> Severity {
        // The most specific selector wins; between equally specific ones
        // (`VL3` and `vl3`), the first in order, so that every run agrees.
        let mut best: Option<(usize, Severity)> = None;
        for (selector, severity) in &self.severity {
            if let Some(rank) = specificity(selector, info)
                && best.is_none_or(|(b, _)| rank > b)
            {
                best = Some((rank, *severity));
            }
        }
        best.map_or(default, |(_, severity)| severity)
    }
}

/// The bytes read after `visiolint:` to find a directive and its codes
/// (every rule code and name fit in it, with room to spare).
const DIRECTIVE_WINDOW: usize = 1024;

/// A set of rules, one bit per entry of [`RULES`].
type RuleSet = u64;

const _: () = assert!(RULES.len() <= RuleSet::BITS as usize);

/// Every rule.
const ALL_RULES: RuleSet = RuleSet::MAX >> (RuleSet::BITS as usize - RULES.len());

/// The rules `selector` names.
fn rule_set(selector: &str) -> RuleSet {
    RULES
        .iter()
        .enumerate()
        .filter(|(_, r)| matches(selector, r.info()))
        .fold(0, |set, (i, _)| set | 1 << i)
}

fn bit(info: &RuleInfo) -> RuleSet {
    RULES
        .iter()
        .position(|r| r.info().code == info.code)
        .map_or(0, |i| 1 << i)
}

/// Whether `window` (bytes after `visiolint:`) may hold a directive: false
/// when its first character but whitespace is an ASCII one other than the
/// `i` of `ignore`. Saves decoding the window after every `visiolint:` of
/// a text that names the tool ("visiolint: visiolint: ..." cost a 1 KiB
/// UTF-8 check each).
fn may_be_directive(window: &[u8]) -> bool {
    // The ASCII characters `str::trim_start` drops (Unicode White_Space).
    match window.iter().find(|&&b| !matches!(b, b'\t'..=b'\r' | b' ')) {
        Some(&b) => b == b'i' || !b.is_ascii(),
        None => false,
    }
}

/// What follows `visiolint:`: `ignore` or `ignore-file`, then `[codes]`,
/// whitespace, the end of the line or the end of a comment (`-->`, `*/`).
/// Anything else (`ignoreXYZ`, `ignore-files[...]`) is not a directive.
/// `cut`: the text was cut before the end of its line, so a last code
/// without its `]` may be incomplete and is dropped.
fn parse_directive(text: &str, cut: bool) -> Option<Directive> {
    let text = text.trim_start();
    let (file_wide, after) = if let Some(a) = text.strip_prefix("ignore-file") {
        (true, a)
    } else {
        (false, text.strip_prefix("ignore")?)
    };
    if let Some(list) = after.strip_prefix('[') {
        let (list, closed) = match list.split_once(']') {
            Some((list, _)) => (list, true),
            None => (list, false),
        };
        let mut codes = list.split([',', ' ', '\t']).filter(|c| !c.is_empty()).peekable();
        let mut directive = Directive {
            file_wide,
            rules: 0,
            unknown: Vec::new(),
        };
        while let Some(code) = codes.next() {
            if codes.peek().is_none() && !closed && cut {
                break;
            }
            match rule_set(code) {
                // Without its `]`, the list runs into the reason and the
                // comment's end: one warning for the list, not one per word.
                0 if !closed => directive.unknown = vec![UnknownCode::Unclosed],
                0 => directive.unknown.push(UnknownCode::of(code)),
                set => directive.rules |= set,
            }
        }
        // `ignore[]`, or a list of unknown codes, silences nothing (rather
        // than every rule).
        return Some(directive);
    }
    let ends =
        after.chars().next().is_none_or(char::is_whitespace) || after.starts_with("-->") || after.starts_with("*/");
    ends.then_some(Directive {
        file_wide,
        rules: ALL_RULES,
        unknown: Vec::new(),
    })
}

/// One `visiolint: ignore…` comment.
struct Directive {
    file_wide: bool,
    /// The rules it silences.
    rules: RuleSet,
    /// The entries of its list that name no rule (typos, retired codes).
    unknown: Vec<UnknownCode>,
}

/// An entry of a `visiolint: ignore[...]` list that names no rule, as a
/// warning may show it: the entry itself only when it looks like a rule
/// code or name (anything else may be a passcode or a URL pasted there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnknownCode {
    /// Looks like a code or a name (`VL320`, `published-acces-code`).
    Named(String),
    /// Something else, not repeated.
    Other,
    /// A list without its `]` on the line.
    Unclosed,
}

impl UnknownCode {
    fn of(entry: &str) -> UnknownCode {
        let looks_like_a_name = entry.len() <= 40
            && entry.starts_with(|c: char| c.is_ascii_alphabetic())
            && entry.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if looks_like_a_name {
            UnknownCode::Named(entry.to_owned())
        } else {
            UnknownCode::Other
        }
    }
}

/// How many unknown codes of one batch are kept for warnings: a file of a
/// million bad directives is not a million warnings.
const MAX_UNKNOWN_CODES: usize = 20;

/// `visiolint: ignore[VL302] reason` on a line silences the codes on that
/// line and the next; `visiolint: ignore-file[VL302]` silences them in the
/// whole file. Without brackets, every rule.
#[derive(Debug, Default, Clone)]
pub struct Suppressions {
    /// (line, the rules silenced there), one entry per line, in order.
    lines: Vec<(usize, RuleSet)>,
    /// The rules silenced in the whole file.
    file: RuleSet,
    /// (line, entry) of the list entries of directives that name no rule,
    /// at most [`MAX_UNKNOWN_CODES`]; `unknown_more` counts the others.
    unknown: Vec<(usize, UnknownCode)>,
    unknown_more: usize,
}

impl Suppressions {
    /// Finds the directives in a file's bytes (as written: comments of any
    /// syntax, since the directive itself is the marker).
    pub fn scan(bytes: &[u8]) -> Suppressions {
        let mut found = Suppressions::default();
        let needle = b"visiolint:";
        let mut line = 1;
        let mut last = 0;
        for at in memchr::memmem::find_iter(bytes, needle) {
            line += memchr::memchr_iter(b'\n', &bytes[last..at]).count();
            last = at;
            // Only a bounded window after each directive is read: a line of
            // a million `visiolint:` costs a million windows, not a million
            // rests of the line.
            let start = at + needle.len();
            let window = &bytes[start..bytes.len().min(start + DIRECTIVE_WINDOW)];
            let (window, cut) = match memchr::memchr(b'\n', window) {
                Some(end) => (&window[..end], false),
                None => (window, start + window.len() < bytes.len()),
            };
            if !may_be_directive(window) {
                continue;
            }
            let window = String::from_utf8_lossy(window);
            let Some(directive) = parse_directive(&window, cut) else {
                continue;
            };
            for code in directive.unknown {
                if found.unknown.len() < MAX_UNKNOWN_CODES {
                    found.unknown.push((line, code));
                } else {
                    found.unknown_more += 1;
                }
            }
            let (file_wide, set) = (directive.file_wide, directive.rules);
            if set == 0 {
                continue;
            }
            if file_wide {
                found.file |= set;
            } else {
                match found.lines.last_mut() {
                    // Many directives on one line are one entry.
                    Some((l, mine)) if *l == line => *mine |= set,
                    _ => found.lines.push((line, set)),
                }
            }
        }
        found
    }

    /// Only the `ignore-file` directives.
    pub fn file_wide(&self) -> Suppressions {
        Suppressions {
            file: self.file,
            ..Suppressions::default()
        }
    }

    /// The line directives, for a batch that starts `by` lines into its
    /// file. `ignore-file` directives are taken from the head of the file
    /// only (see [`Suppressions::file_wide`]), so that where batches are cut
    /// changes nothing.
    pub fn shifted(mut self, by: usize) -> Suppressions {
        let lines = self.lines.iter_mut().map(|(line, _)| line);
        for line in lines.chain(self.unknown.iter_mut().map(|(line, _)| line)) {
            *line += by;
        }
        self.file = 0;
        self
    }

    /// Adds the file-wide directives of `other`.
    pub fn extend(&mut self, other: &Suppressions) {
        self.file |= other.file;
    }

    /// The codes of directives that name no rule, by line, and how many
    /// more there were.
    pub fn unknown_codes(&self) -> (&[(usize, UnknownCode)], usize) {
        (&self.unknown, self.unknown_more)
    }

    pub fn suppressed(&self, info: &RuleInfo, line: usize) -> bool {
        let bit = bit(info);
        if self.file & bit != 0 {
            return true;
        }
        // One entry per line, in order: this line's and the one before.
        let from = self.lines.partition_point(|(l, _)| *l + 1 < line);
        self.lines[from..]
            .iter()
            .take_while(|(l, _)| *l <= line)
            .any(|(_, set)| set & bit != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::find;

    proptest::proptest! {
        /// The byte check before decoding never drops a directive.
        #[test]
        fn only_windows_without_a_directive_are_skipped(
            lead in proptest::sample::select(vec!["", " ", "\t\u{b} ", "\u{a0}", "\u{2003}", "x", "\u{feff}"]),
            body in proptest::sample::select(vec!["ignore[VL302]", "ignore", "ignore-file[VL1]", "Ignore", "visiolint:", ""]),
            tail in proptest::collection::vec(proptest::num::u8::ANY, 0..8),
        ) {
            let mut window = format!("{lead}{body}").into_bytes();
            window.extend(tail);
            let parsed = parse_directive(&String::from_utf8_lossy(&window), false).is_some();
            proptest::prop_assert!(!parsed || may_be_directive(&window), "{:?}", window);
        }
    }

    #[test]
    fn text_naming_the_tool_is_not_decoded_as_directives() {
        assert!(!may_be_directive(b" visiolint: visiolint:"));
        assert!(!may_be_directive(b"  \t"));
        assert!(may_be_directive(b" \x0b ignore[VL302]"));
        assert!(may_be_directive("\u{a0}ignore".as_bytes()));
    }

    #[test]
    fn selectors() {
        let vl302 = find("VL302").unwrap().info();
        assert!(matches("VL3", vl302));
        assert!(matches("vl302", vl302));
        assert!(matches("published-access-code", vl302));
        assert!(!matches("VL30", find("VL101").unwrap().info()));
        assert!(is_known("VL1"));
        assert!(!is_known("VL999"));
    }

    #[test]
    fn comments_silence_their_line_and_the_next() {
        let s = Suppressions::scan(b"a\n<!-- visiolint: ignore[VL302] public webinar -->\nhttps://x?pwd=1\nline4\n");
        let vl302 = find("VL302").unwrap().info();
        assert!(s.suppressed(vl302, 2));
        assert!(s.suppressed(vl302, 3));
        assert!(!s.suppressed(vl302, 4));
        assert!(!s.suppressed(find("VL301").unwrap().info(), 3));
        let f = Suppressions::scan(b"# visiolint: ignore-file[VL102]\n");
        assert!(f.suppressed(find("VL102").unwrap().info(), 99));
    }

    #[test]
    fn the_most_specific_severity_override_wins() {
        let (vl301, vl302, vl101) = (
            find("VL301").unwrap().info(),
            find("VL302").unwrap().info(),
            find("VL101").unwrap().info(),
        );
        let mut selection = RuleSelection::default();
        for (selector, severity) in [
            ("VL3", Severity::Info),
            ("VL301", Severity::Warning),
            ("VL30", Severity::Error),
            ("ALL", Severity::Info),
        ] {
            selection.severity.insert(selector.to_owned(), severity);
        }
        assert_eq!(selection.severity(vl301, Severity::Info), Severity::Warning);
        assert_eq!(selection.severity(vl302, Severity::Info), Severity::Error);
        assert_eq!(selection.severity(vl101, Severity::Warning), Severity::Info, "ALL");
        selection
            .severity
            .insert("missing-password".to_owned(), Severity::Error);
        selection.severity.insert("VL301".to_owned(), Severity::Info);
        let exact = selection.severity(vl301, Severity::Warning);
        assert!(
            exact == Severity::Error || exact == Severity::Info,
            "an exact code or name beats prefixes"
        );
        assert_eq!(
            RuleSelection::default().severity(vl301, Severity::Warning),
            Severity::Warning
        );
    }

    #[test]
    fn a_directive_is_ignore_or_ignore_file_then_a_list_a_space_or_the_end() {
        let vl302 = find("VL302").unwrap().info();
        let vl101 = find("VL101").unwrap().info();
        for text in [
            "# visiolint: ignoreXYZ\nx\n",
            "# visiolint: ignore-files[VL302]\nx\n",
            "# visiolint: ignored\nx\n",
            "# visiolint: ignore-filed\nx\n",
            "# visiolint: ignore[]\nx\n",
            "# visiolint: ignore-file[ , ]\nx\n",
        ] {
            let s = Suppressions::scan(text.as_bytes());
            assert!(!s.suppressed(vl302, 1) && !s.suppressed(vl302, 2), "{text:?}");
            assert!(!s.suppressed(vl302, 99), "{text:?}");
        }
        for (text, line) in [
            ("# visiolint: ignore\n", 1),
            ("# visiolint: ignore   reason\n", 1),
            ("# visiolint:ignore", 1),
            ("<!-- visiolint: ignore-->", 1),
            ("/* visiolint: ignore*/", 1),
            ("<!-- visiolint: ignore-file-->\n", 99),
            ("# visiolint: ignore-file\treason\n", 99),
        ] {
            let s = Suppressions::scan(text.as_bytes());
            assert!(s.suppressed(vl302, line) && s.suppressed(vl101, line), "{text:?}");
        }
        let s = Suppressions::scan(b"# visiolint: ignore[VL302,VL1]\n");
        assert!(s.suppressed(vl302, 1) && s.suppressed(vl101, 2));
        assert!(!s.suppressed(find("VL301").unwrap().info(), 1));
        // A file-wide "every rule" stays so when a later one names codes.
        let s = Suppressions::scan(b"# visiolint: ignore-file\n# visiolint: ignore-file[VL302]\n");
        assert!(s.suppressed(vl101, 50));
    }

    #[test]
    fn a_directive_cut_at_the_window_keeps_only_whole_codes() {
        // `[VL302 ... VL101` with the list running past the window: the last,
        // cut code is dropped rather than read as a prefix.
        let cut_at = "visiolint:".len() + DIRECTIVE_WINDOW;
        let mut text = format!("{:<width$}", "visiolint: ignore[VL302", width = cut_at - 2);
        text.push_str("VL101] more text after the window");
        assert_eq!(&text[cut_at - 2..cut_at], "VL");
        let s = Suppressions::scan(text.as_bytes());
        assert!(s.suppressed(find("VL302").unwrap().info(), 1));
        assert!(!s.suppressed(find("VL104").unwrap().info(), 1), "VL101 was cut to `VL`");
    }

    #[test]
    fn a_typo_of_a_code_or_a_name_gets_a_suggestion() {
        assert_eq!(suggestion("VL320"), Some("VL302"), "two letters swapped");
        assert_eq!(suggestion("vl3O1"), Some("VL301"));
        assert_eq!(suggestion("published-acces-code"), Some("published-access-code"));
        assert_eq!(suggestion("zoom"), None, "nothing close");
        assert_eq!(suggestion("V"), None, "too short to guess");
        assert!(
            unknown_rule_error("VL320", " (line 3)", Lang::En)
                .starts_with("unknown rule `VL320` (line 3) (did you mean `VL302`?)")
        );
        assert_eq!(
            unknown_rule_error("zoom", "", Lang::En),
            "unknown rule `zoom`; `visiolint rules` lists them"
        );
        assert!(unknown_rule_error("VL320", "", Lang::Fr).contains("vouliez-vous dire `VL302` ?"));
    }

    #[test]
    fn codes_that_name_no_rule_are_kept_with_their_line_and_capped() {
        let s = Suppressions::scan(
            b"a\n# visiolint: ignore[VL302, VL3O2, 482913, pwd=Zx81] x\n# visiolint: ignore-file[nope]\n\
              <!-- visiolint: ignore[VL302 webinaire, Code secret : 482913 -->\n",
        );
        let named = |c: &str| UnknownCode::Named(c.to_owned());
        assert_eq!(
            s.unknown_codes().0,
            &[
                (2, named("VL3O2")),
                (2, UnknownCode::Other),
                (2, UnknownCode::Other),
                (3, named("nope")),
                (4, UnknownCode::Unclosed)
            ]
        );
        assert!(
            s.suppressed(find("VL302").unwrap().info(), 5),
            "an unclosed list keeps its codes"
        );
        assert!(
            s.suppressed(find("VL302").unwrap().info(), 3),
            "the known code still applies"
        );
        assert_eq!(s.clone().shifted(10).unknown_codes().0[0].0, 12);
        let many = "# visiolint: ignore[VL000]\n".repeat(MAX_UNKNOWN_CODES + 5);
        let s = Suppressions::scan(many.as_bytes());
        assert_eq!(s.unknown_codes().0.len(), MAX_UNKNOWN_CODES);
        assert_eq!(s.unknown_codes().1, 5);
        // Codes, prefixes, names and ALL are known.
        let s = Suppressions::scan(b"# visiolint: ignore[VL302, vl3, ALL, published-access-code]\n");
        assert!(s.unknown_codes().0.is_empty());
    }

    #[test]
    fn many_directives_on_one_line() {
        // Linear time on 3 MB of them is tested in tests/hostile.rs.
        let line = "visiolint: ignore[VL302] ".repeat(2_000);
        let s = Suppressions::scan(line.as_bytes());
        assert_eq!(s.lines, [(1, bit(find("VL302").unwrap().info()))], "one entry");
        let s = Suppressions::scan("visiolint:".repeat(2_000).as_bytes());
        assert!(s.lines.is_empty() && s.file == 0);
    }
}
