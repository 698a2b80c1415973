//! Case-insensitive prefix tests on text that may hold any character, and
//! a stable hash.
//! (Slicing a `str` at a byte count panics inside a multi-byte character;
//! these compare bytes instead.)

/// `s` starts with `prefix`, ASCII letters compared without case.
pub fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    bytes_start_with_ignore_case(s.as_bytes(), prefix.as_bytes())
}

/// `bytes` start with `prefix`, ASCII letters compared without case.
pub fn bytes_start_with_ignore_case(bytes: &[u8], prefix: &[u8]) -> bool {
    bytes
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// `bytes` end with `suffix`, ASCII letters compared without case.
pub fn bytes_end_with_ignore_case(bytes: &[u8], suffix: &[u8]) -> bool {
    bytes.len() >= suffix.len() && bytes[bytes.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
}

/// FNV-1a, continued from `hash` over `bytes`: stable across runs and
/// versions of Rust, for keys and fingerprints.
pub fn fnv1a(hash: u64, bytes: impl IntoIterator<Item = u8>) -> u64 {
    bytes
        .into_iter()
        .fold(hash, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// The FNV-1a starting value.
pub const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// `s.trim()`, at the cost of two byte tests for text that starts and ends
/// with a visible ASCII character (nearly every name, value and address).
pub fn trim(s: &str) -> &str {
    let bytes = s.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

/// `s.trim().is_empty()`, decided by the first byte for most lines.
pub fn is_blank(s: &str) -> bool {
    match s.as_bytes().first() {
        None => true,
        Some(first) if first.is_ascii_graphic() => false,
        Some(_) => s.trim().is_empty(),
    }
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
    fn trimming_agrees_with_str_trim() {
        for s in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\u{a0}a",
            "a\u{a0}",
            "\u{a0}",
            "é",
            " é ",
            "\tCN\r",
            "x\u{2003}",
        ] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
            assert_eq!(is_blank(s), s.trim().is_empty(), "{s:?}");
        }
    }

    #[test]
    fn never_cuts_a_character() {
        assert!(!starts_with_ignore_case("www.aé", "www.aéb"));
        assert!(!starts_with_ignore_case("abcé", "www."));
        assert!(starts_with_ignore_case("WWW.x", "www."));
        assert_eq!(strip_prefix_ignore_case("MSTEAMS:/l", "msteams:"), Some("/l"));
        assert_eq!(strip_prefix_ignore_case("mséteams", "msteams:"), None);
    }
}
