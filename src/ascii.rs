//! Case-insensitive prefix tests on text that may hold any character.
//! (Slicing a `str` at a byte count panics inside a multi-byte character;
//! these compare bytes instead.)

/// `s` starts with `prefix`, ASCII letters compared without case.
pub fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.as_bytes()
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// `s` without `prefix`, ASCII letters compared without case.
pub fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    // An ASCII prefix that matches ends on a character boundary.
    starts_with_ignore_case(s, prefix).then(|| &s[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_cuts_a_character() {
        assert!(!starts_with_ignore_case("www.aé", "www.aéb"));
        assert!(!starts_with_ignore_case("abcé", "www."));
        assert!(starts_with_ignore_case("WWW.x", "www."));
        assert_eq!(strip_prefix_ignore_case("MSTEAMS:/l", "msteams:"), Some("/l"));
        assert_eq!(strip_prefix_ignore_case("mséteams", "msteams:"), None);
    }
}
