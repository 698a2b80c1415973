//! Decoded text that remembers where every byte came from.
//!
//! Readers turn raw bytes into text in several steps (charset decoding,
//! quoted-printable, iCalendar unfolding and escapes, HTML entities). Each
//! step produces a [`Mapped`] whose offsets point back to the *original*
//! bytes of the unit being read, so a finding in decoded text can be reported
//! at the line and column a user sees in their editor.
//!
//! The map is a sorted list of anchors. Between two anchors the text is either
//! a verbatim copy of the original (offsets advance together) or a decoded
//! chunk (every byte of it maps to the original range it was decoded from).

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Anchor {
    /// Offset in the decoded text where this segment starts.
    text: usize,
    /// Offset in the original bytes where this segment starts.
    orig: usize,
    /// For decoded segments: end of the original range. `None` for verbatim
    /// segments, whose original offsets advance with the text.
    decoded_end: Option<usize>,
}

/// Text plus the position of each of its bytes in the original input.
#[derive(Debug, Clone, Default)]
pub struct Mapped {
    pub text: String,
    anchors: Vec<Anchor>,
}

impl Mapped {
    /// Text that is a verbatim copy of the original starting at `orig`.
    pub fn verbatim(text: String, orig: usize) -> Mapped {
        Mapped {
            text,
            anchors: vec![Anchor {
                text: 0,
                orig,
                decoded_end: None,
            }],
        }
    }

    /// Text decoded as a whole from `orig` (e.g. a base64 part): every byte
    /// points at the start of that range.
    pub fn decoded(text: String, orig: Range<usize>) -> Mapped {
        Mapped {
            text,
            anchors: vec![Anchor {
                text: 0,
                orig: orig.start,
                decoded_end: Some(orig.end),
            }],
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The text's buffer, for reuse.
    pub fn into_bytes(self) -> Vec<u8> {
        self.text.into_bytes()
    }

    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Where the text starts in the original, when it is all a verbatim
    /// copy of it (a UTF-8 file): every offset is then that plus its own,
    /// with no search. Unfolding and unescaping a calendar ask for many.
    fn verbatim_base(&self) -> Option<usize> {
        match self.anchors.as_slice() {
            [only] if only.text == 0 && only.decoded_end.is_none() => Some(only.orig),
            _ => None,
        }
    }

    fn anchor_index(&self, text_offset: usize) -> Option<usize> {
        match self.anchors.binary_search_by(|a| a.text.cmp(&text_offset)) {
            Ok(i) => {
                // Several anchors may share a text offset when empty segments
                // were pushed; the last one is the one that holds text.
                let mut i = i;
                while i + 1 < self.anchors.len() && self.anchors[i + 1].text == text_offset {
                    i += 1;
                }
                Some(i)
            }
            Err(0) => None,
            Err(i) => Some(i - 1),
        }
    }

    /// Original offset of the byte at `text_offset` (or of the end of the
    /// text when `text_offset == len`).
    pub fn orig(&self, text_offset: usize) -> usize {
        if let Some(base) = self.verbatim_base() {
            return base + text_offset;
        }
        let Some(i) = self.anchor_index(text_offset) else {
            return 0;
        };
        let a = self.anchors[i];
        match a.decoded_end {
            None => a.orig + (text_offset - a.text),
            Some(end) if text_offset >= self.text.len() && text_offset > a.text => end,
            Some(_) => a.orig,
        }
    }

    /// Original offset just past the byte before `text_offset`: the exclusive
    /// end of a span that ends at `text_offset`.
    pub fn orig_end(&self, text_offset: usize) -> usize {
        if let Some(base) = self.verbatim_base() {
            return base + text_offset;
        }
        if text_offset == 0 {
            return self.orig(0);
        }
        let last = text_offset - 1;
        let Some(i) = self.anchor_index(last) else {
            return 0;
        };
        let a = self.anchors[i];
        match a.decoded_end {
            None => a.orig + (last - a.text) + 1,
            Some(end) => end,
        }
    }

    /// Original range of a text range.
    pub fn orig_range(&self, range: Range<usize>) -> Range<usize> {
        let start = self.orig(range.start);
        let end = self.orig_end(range.end).max(start);
        start..end
    }

    /// Whether the bytes of `range` are a verbatim copy of the original (no
    /// decoding happened inside them), so they can be rewritten in place.
    pub fn is_verbatim(&self, range: Range<usize>) -> bool {
        if range.is_empty() {
            return true;
        }
        let Some(first) = self.anchor_index(range.start) else {
            return false;
        };
        let a = self.anchors[first];
        if a.decoded_end.is_some() {
            return false;
        }
        // Verbatim and contiguous up to the end of the range.
        let mut expected = a.orig + (range.start - a.text);
        let mut pos = range.start;
        for b in &self.anchors[first + 1..] {
            if b.text >= range.end {
                break;
            }
            if b.decoded_end.is_some() {
                return false;
            }
            expected += b.text - pos;
            if b.orig != expected {
                return false;
            }
            pos = b.text;
        }
        true
    }
}

/// Builds a [`Mapped`] piece by piece.
#[derive(Debug, Default)]
pub struct MappedBuilder {
    text: String,
    anchors: Vec<Anchor>,
}

impl MappedBuilder {
    pub fn new() -> MappedBuilder {
        MappedBuilder::default()
    }

    /// Room for `capacity` bytes of text and a few pieces (a line of a
    /// calendar is a few folded pieces, each escape a piece of its own).
    pub fn with_capacity(capacity: usize) -> MappedBuilder {
        MappedBuilder::with_capacities(capacity, 8)
    }

    /// Room for `text` bytes and `pieces` pieces.
    pub fn with_capacities(text: usize, pieces: usize) -> MappedBuilder {
        MappedBuilder {
            text: String::with_capacity(text),
            anchors: Vec::with_capacity(pieces),
        }
    }

    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Appends text copied verbatim from the original at `orig`.
    pub fn push_verbatim(&mut self, s: &str, orig: usize) {
        if s.is_empty() {
            return;
        }
        let here = self.text.len();
        let continues = self
            .anchors
            .last()
            .is_some_and(|a| a.decoded_end.is_none() && a.orig + (here - a.text) == orig && a.text <= here);
        if !continues {
            self.anchors.push(Anchor {
                text: here,
                orig,
                decoded_end: None,
            });
        }
        self.text.push_str(s);
    }

    /// Appends text decoded from the original range `orig`.
    pub fn push_decoded(&mut self, s: &str, orig: Range<usize>) {
        if s.is_empty() {
            return;
        }
        self.anchors.push(Anchor {
            text: self.text.len(),
            orig: orig.start,
            decoded_end: Some(orig.end),
        });
        self.text.push_str(s);
    }

    /// Appends a character decoded from the original range `orig`.
    pub fn push_decoded_char(&mut self, c: char, orig: Range<usize>) {
        let mut buf = [0u8; 4];
        self.push_decoded(c.encode_utf8(&mut buf), orig);
    }

    /// Appends `src.text[range]`, keeping where each byte came from.
    pub fn push_from(&mut self, src: &Mapped, range: Range<usize>) {
        if range.is_empty() {
            return;
        }
        if let Some(base) = src.verbatim_base() {
            let end = range.end.min(src.text.len());
            if range.start < end {
                self.push_verbatim(&src.text[range.start..end], base + range.start);
            }
            return;
        }
        let first = src.anchor_index(range.start).unwrap_or(0);
        let mut pos = range.start;
        for (i, a) in src.anchors.iter().enumerate().skip(first) {
            if a.text >= range.end {
                break;
            }
            let seg_end = src.anchors.get(i + 1).map_or(src.text.len(), |n| n.text).min(range.end);
            if seg_end <= pos {
                continue;
            }
            let piece = &src.text[pos..seg_end];
            match a.decoded_end {
                None => self.push_verbatim(piece, a.orig + (pos - a.text)),
                Some(end) => self.push_decoded(piece, a.orig..end),
            }
            pos = seg_end;
        }
    }

    /// Appends text synthesized from `src.text[range]` (e.g. an entity or an
    /// escape decoded from it).
    pub fn push_decoded_from(&mut self, s: &str, src: &Mapped, range: Range<usize>) {
        let orig = src.orig_range(range);
        self.push_decoded(s, orig);
    }

    pub fn finish(self) -> Mapped {
        Mapped {
            text: self.text,
            anchors: self.anchors,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbatim_segments_merge_and_map() {
        let mut b = MappedBuilder::new();
        b.push_verbatim("abc", 10);
        b.push_verbatim("def", 13);
        b.push_verbatim("gh", 20);
        let m = b.finish();
        assert_eq!(m.anchors.len(), 2);
        assert_eq!(m.orig(0), 10);
        assert_eq!(m.orig(5), 15);
        assert_eq!(m.orig(6), 20);
        assert_eq!(m.orig_end(6), 16);
        assert_eq!(m.orig_end(8), 22);
        assert!(m.is_verbatim(0..6));
        assert!(!m.is_verbatim(4..8));
    }

    #[test]
    fn decoded_segments_map_to_their_source_range() {
        let mut b = MappedBuilder::new();
        b.push_verbatim("a", 0);
        b.push_decoded("=", 1..4); // "=3D"
        b.push_verbatim("b", 4);
        let m = b.finish();
        assert_eq!(m.orig(1), 1);
        assert_eq!(m.orig_end(2), 4);
        assert_eq!(m.orig(2), 4);
        assert_eq!(m.orig_range(0..3), 0..5);
        assert!(!m.is_verbatim(0..3));
    }

    #[test]
    fn composition_through_two_layers() {
        // Layer 1: original "x\r\n yz" unfolded to "xyz".
        let mut b = MappedBuilder::new();
        b.push_verbatim("x", 0);
        b.push_verbatim("yz", 4);
        let unfolded = b.finish();
        // Layer 2: take "yz" from it.
        let mut b2 = MappedBuilder::new();
        b2.push_from(&unfolded, 1..3);
        let m = b2.finish();
        assert_eq!(m.text, "yz");
        assert_eq!(m.orig(0), 4);
        assert_eq!(m.orig(1), 5);
        // Span across the fold.
        let mut b3 = MappedBuilder::new();
        b3.push_from(&unfolded, 0..3);
        let m3 = b3.finish();
        assert_eq!(m3.orig_range(0..3), 0..6);
    }
}
