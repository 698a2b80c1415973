//! Line and column of byte offsets in the original input.

use std::cell::Cell;

/// A 1-based line and column. Columns count characters, as editors do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

/// A region of the original file, with its absolute byte range (used by
/// `--fix` and for fingerprints).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Region {
    pub start: Pos,
    pub end: Pos,
    pub byte_start: u64,
    pub byte_end: u64,
}

/// The bytes of one unit of work (a whole file, one message of a mailbox, one
/// event of a calendar) and where they sit in their file.
pub struct Unit<'a> {
    pub bytes: &'a [u8],
    /// Absolute offset of `bytes[0]` in the file.
    pub base_offset: u64,
    /// Line number of `bytes[0]` in the file (1-based). Units always start at
    /// the beginning of a line.
    pub base_line: usize,
    /// The last offset asked about and the line breaks before it: the
    /// positions a check asks for are near one another (the findings of
    /// one event), so lines are counted from there, not from the start.
    cursor: Cell<(usize, usize)>,
}

impl<'a> Unit<'a> {
    pub fn new(bytes: &'a [u8], base_offset: u64, base_line: usize) -> Unit<'a> {
        Unit {
            bytes,
            base_offset,
            base_line,
            cursor: Cell::new((0, 0)),
        }
    }

    pub fn whole(bytes: &'a [u8]) -> Unit<'a> {
        Unit::new(bytes, 0, 1)
    }

    /// Index (0-based, in this unit) of the line holding `offset`.
    fn line_index(&self, offset: usize) -> usize {
        let (at, lines) = self.cursor.get();
        let lines = if offset >= at {
            lines + count_line_breaks(&self.bytes[at..offset])
        } else {
            lines - count_line_breaks(&self.bytes[offset..at])
        };
        self.cursor.set((offset, lines));
        lines
    }

    /// Start of the line holding `offset`.
    fn line_start(&self, offset: usize) -> usize {
        memchr::memrchr(b'\n', &self.bytes[..offset]).map_or(0, |i| i + 1)
    }

    /// Position of a byte offset of this unit.
    pub fn pos(&self, offset: usize) -> Pos {
        let offset = offset.min(self.bytes.len());
        Pos {
            line: self.base_line + self.line_index(offset),
            column: count_chars(&self.bytes[self.line_start(offset)..offset]) + 1,
        }
    }

    /// Region of a byte range of this unit.
    pub fn region(&self, start: usize, end: usize) -> Region {
        let end = end.max(start);
        Region {
            start: self.pos(start),
            end: self.pos(end),
            byte_start: self.base_offset + start as u64,
            byte_end: self.base_offset + end.min(self.bytes.len()) as u64,
        }
    }

    /// Byte range of the line holding `offset`, without its line break.
    pub fn line_bounds(&self, offset: usize) -> std::ops::Range<usize> {
        let offset = offset.min(self.bytes.len());
        let start = self.line_start(offset);
        let mut end = memchr::memchr(b'\n', &self.bytes[offset..]).map_or(self.bytes.len(), |i| offset + i);
        if end > start && self.bytes[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }
}

/// Line breaks in `bytes`. Counted in byte lanes, 255 bytes at a time (a
/// loop the compiler vectorises 16 or 32 bytes wide).
fn count_line_breaks(bytes: &[u8]) -> usize {
    bytes
        .chunks(255)
        .map(|chunk| usize::from(chunk.iter().fold(0u8, |n, &b| n + u8::from(b == b'\n'))))
        .sum()
}

/// Characters in a byte slice as the readers decode it: UTF-8 where it is
/// valid, one Windows-1252 character for every other byte.
pub fn count_chars(bytes: &[u8]) -> usize {
    // Most lines: one vectorised test.
    if bytes.is_ascii() {
        return bytes.len();
    }
    bytes
        .utf8_chunks()
        .map(|chunk| chunk.valid().chars().count() + chunk.invalid().len())
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_lines_count_one_character_per_byte() {
        // L’équipe « Zoom » : every non-ASCII byte is one character.
        let bytes = b"L\x92\xe9quipe \xab Zoom \xbb https://zoom.us/j/1";
        let unit = Unit::new(bytes, 0, 1);
        let at = bytes.windows(5).position(|w| w == b"https").unwrap();
        assert_eq!(unit.pos(at).column, 19);
        let (text, start, _) = crate::redact::line(bytes, 0..bytes.len(), &[], (at, at + 5));
        assert!(text.starts_with("L’équipe « Zoom »"), "{text}");
        assert_eq!(text.chars().nth(start - 1), Some('h'));
    }

    /// The cursor gives the same lines whatever order positions are asked
    /// in, across lines longer than the counting lanes.
    #[test]
    fn positions_do_not_depend_on_the_order_they_are_asked_in() {
        let text: String = (0..400).map(|i| format!("{}\n", "é".repeat(i % 300))).collect();
        let bytes = text.as_bytes();
        let naive = |offset: usize| bytes[..offset].iter().filter(|&&b| b == b'\n').count();
        let unit = Unit::new(bytes, 0, 1);
        let mut offset = 0usize;
        for step in 0..2000usize {
            // Forward and back, near and far.
            offset = (offset + step * 7919) % (bytes.len() + 1);
            while !text.is_char_boundary(offset) {
                offset -= 1;
            }
            assert_eq!(unit.pos(offset).line, 1 + naive(offset), "at {offset}");
        }
    }

    #[test]
    fn positions_count_lines_and_characters() {
        let unit = Unit::new("ab\r\nçé x\nz".as_bytes(), 100, 10);
        assert_eq!(unit.pos(0), Pos { line: 10, column: 1 });
        assert_eq!(unit.pos(4), Pos { line: 11, column: 1 });
        // "çé " is 5 bytes, 3 characters.
        assert_eq!(unit.pos(9), Pos { line: 11, column: 4 });
        assert_eq!(unit.pos(11), Pos { line: 12, column: 1 });
        assert_eq!(unit.line_bounds(1), 0..2);
        assert_eq!(unit.region(4, 9).byte_start, 104);
    }
}
