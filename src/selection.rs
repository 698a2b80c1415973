//! Which rules run, at which severity, and where they are silenced:
//! `--select`/`--ignore`, configuration `[rules]`, and `visiolint: ignore`
//! comments (SPEC §4 "Suppression").

use std::collections::HashMap;
use std::path::Path;

use globset::GlobMatcher;

use crate::rules::{RULES, RuleInfo, Severity};

/// A rule selector: a code (`VL302`), a code prefix (`VL3`, `VL`), `ALL`, or
/// a rule name (`published-access-code`).
pub fn matches(selector: &str, info: &RuleInfo) -> bool {
    let s = selector.trim();
    s.eq_ignore_ascii_case("ALL")
        || s.eq_ignore_ascii_case(info.name)
        || (s.len() >= 2 && info.code.len() >= s.len() && info.code[..s.len()].eq_ignore_ascii_case(s))
}

/// Whether a selector names at least one rule.
pub fn is_known(selector: &str) -> bool {
    RULES.iter().any(|r| matches(selector, r.info()))
}

/// Rule selection and severities.
#[derive(Debug, Default, Clone)]
pub struct RuleSelection {
    /// Only these (default: every rule).
    pub select: Option<Vec<String>>,
    /// Added to the selection (`extend-select` in config).
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
    pub severity: HashMap<String, Severity>,
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
        self.severity
            .iter()
            .find(|(s, _)| matches(s, info))
            .map_or(default, |(_, sev)| *sev)
    }
}

/// `visiolint: ignore[VL302] reason` on a line silences the codes on that
/// line and the next; `visiolint: ignore-file[VL302]` silences them in the
/// whole file. Without brackets, every rule.
#[derive(Debug, Default, Clone)]
pub struct Suppressions {
    /// (line, codes; empty = all)
    lines: Vec<(usize, Vec<String>)>,
    file: Option<Vec<String>>,
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
            let rest = &bytes[at + needle.len()..];
            let rest = &rest[..rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len())];
            let text = String::from_utf8_lossy(rest);
            let text = text.trim_start();
            let (file_wide, after) = if let Some(a) = text.strip_prefix("ignore-file") {
                (true, a)
            } else if let Some(a) = text.strip_prefix("ignore") {
                (false, a)
            } else {
                continue;
            };
            let codes: Vec<String> = match after.strip_prefix('[') {
                Some(a) => a
                    .split(']')
                    .next()
                    .unwrap_or("")
                    .split([',', ' '])
                    .filter(|c| !c.is_empty())
                    .map(str::to_owned)
                    .collect(),
                None => Vec::new(),
            };
            if file_wide {
                found.file.get_or_insert_with(Vec::new).extend(codes.iter().cloned());
                if codes.is_empty() {
                    found.file = Some(Vec::new());
                }
            } else {
                found.lines.push((line, codes));
            }
        }
        found
    }

    /// Only the `ignore-file` directives.
    pub fn file_wide(&self) -> Suppressions {
        Suppressions {
            lines: Vec::new(),
            file: self.file.clone(),
        }
    }

    /// The line directives, for a batch that starts `by` lines into its
    /// file. `ignore-file` directives are taken from the head of the file
    /// only (see [`Suppressions::file_wide`]), so that where batches are cut
    /// changes nothing.
    pub fn shifted(mut self, by: usize) -> Suppressions {
        for (line, _) in &mut self.lines {
            *line += by;
        }
        self.file = None;
        self
    }

    /// Adds the file-wide directives of `other`.
    pub fn extend(&mut self, other: &Suppressions) {
        let Some(codes) = &other.file else { return };
        match &mut self.file {
            None => self.file = Some(codes.clone()),
            // An empty list silences every rule already.
            Some(mine) if mine.is_empty() => {}
            Some(mine) if codes.is_empty() => mine.clear(),
            Some(mine) => mine.extend(codes.iter().cloned()),
        }
    }

    pub fn suppressed(&self, info: &RuleInfo, line: usize) -> bool {
        let covers = |codes: &Vec<String>| codes.is_empty() || codes.iter().any(|c| matches(c, info));
        if self.file.as_ref().is_some_and(covers) {
            return true;
        }
        // Directives are found in file order: the ones on this line and the
        // line before sit together.
        let from = self.lines.partition_point(|(l, _)| *l + 1 < line);
        self.lines[from..]
            .iter()
            .take_while(|(l, _)| *l <= line)
            .any(|(_, codes)| covers(codes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::find;

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
}
