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

/// A key of `bytes` for equality without ASCII case: two texts equal but
/// for the case of ASCII letters have the same key. Foldhash (the hash of
/// hashbrown, here its `quality` variant), seeded from the operating
/// system's randomness as the standard library seeds SipHash, fed eight
/// lower-cased bytes at a time. Without the seed, an invitation cannot be
/// written so that two of its addresses share a key (and count as one
/// attendee): foldhash has no known collisions that hold whatever the seed,
/// though it claims less than SipHash (no cryptographic strength; keys
/// are never printed, so a run cannot be studied to learn its seed).
/// SipHash cost nearly twice the instructions (BENCHMARKS.md), and FNV-1a,
/// byte after byte, was a chain of multiplications per address.
/// Keys differ from run to run: for comparing within a run, never for
/// fingerprints (`fnv1a`).
pub fn caseless_key(bytes: &[u8]) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::LazyLock;
    /// A random number from the operating system (std's SipHash keys).
    fn random() -> u64 {
        std::hash::RandomState::new().build_hasher().finish()
    }
    static SEED: LazyLock<foldhash::SharedSeed> = LazyLock::new(|| foldhash::SharedSeed::from_u64(random()));
    static KEYS: LazyLock<foldhash::quality::SeedableRandomState> =
        LazyLock::new(|| foldhash::quality::SeedableRandomState::with_seed(random(), &SEED));
    let mut hasher = KEYS.build_hasher();
    // Lower-cased eight bytes at a time, each word fed to the hasher's
    // sponge (a multiplication every two words), then the length: a short
    // last word is padded with zeros.
    for word in bytes.chunks(8) {
        hasher.write_u64(lower_ascii_lanes(le_word(word)));
    }
    hasher.write_usize(bytes.len());
    hasher.finish()
}

/// The first eight bytes of `bytes` as a little-endian word, zero-padded
/// when fewer. A shorter slice is read byte by byte: copying a variable
/// length into a buffer is a call to `memcpy`, most of the cost of hashing
/// a short name or address.
pub fn le_word(bytes: &[u8]) -> u64 {
    match bytes.first_chunk::<8>() {
        Some(eight) => u64::from_le_bytes(*eight),
        None => bytes.iter().rev().fold(0, |word, &b| word << 8 | u64::from(b)),
    }
}

/// `to_ascii_lowercase` of each byte of `word` at once.
fn lower_ascii_lanes(word: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Each lane's low seven bits, plus an offset that sets the lane's high
    // bit from `A` (0x41) on, and from past `Z` (0x5b) on: no carry leaves
    // a lane.
    let low = word & !HIGH;
    let from_a = low.wrapping_add(0x3f3f_3f3f_3f3f_3f3f);
    let past_z = low.wrapping_add(0x2525_2525_2525_2525);
    let upper = from_a & !past_z & !word & HIGH;
    word | (upper >> 2)
}

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
    fn lanes_lower_case_as_the_standard_library_does() {
        for b in 0..=255u8 {
            for lane in 0..8 {
                let word = u64::from_le_bytes(std::array::from_fn(|i| if i == lane { b } else { b'Q' }));
                let lowered = lower_ascii_lanes(word).to_le_bytes();
                assert_eq!(lowered[lane], b.to_ascii_lowercase(), "byte {b:#x} in lane {lane}");
                assert!(lowered.iter().enumerate().all(|(i, &l)| i == lane || l == b'q'));
            }
        }
    }

    #[test]
    fn caseless_keys_ignore_ascii_case_only() {
        let key = |s: &str| caseless_key(s.as_bytes());
        assert_eq!(key("Jean.Dupont@CNRS.fr"), key("jean.dupont@cnrs.fr"));
        assert_eq!(key("ÉLODIE@x.fr"), key("Élodie@X.FR"));
        // Past the hasher's 16-byte sponge, and a padded last word.
        let long = "Prenom.Compose-Nom.Tres-Long@Laboratoire-Exemple.Universite.fr";
        assert_eq!(key(long), key(&long.to_ascii_lowercase()));
        assert_ne!(key(&format!("{long}a")), key(&format!("{long}b")));
        assert_ne!(key(&format!("a{long}")), key(&format!("b{long}")));
        for (a, b) in [
            ("a@x.fr", "b@x.fr"),
            ("a@x.fr", "a@x.fr\0"),
            ("", "\0"),
            ("p1.45@labo-exemple.fr", "p14.5@labo-exemple.fr"),
            ("élodie@x.fr", "Élodie@x.fr"),
            ("abcdefgh", "abcdefghi"),
            // Equal under the unkeyed eight-byte hash this replaced (found in
            // review): a fixed hash can be made to collide on purpose.
            ("jean.dupesfyfad8@cnrs.fr", "psrcvc9v-____49_@cnrs.fr"),
        ] {
            assert_ne!(key(a), key(b), "{a:?} {b:?}");
        }
    }

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
