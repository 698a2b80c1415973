//! Line and column of byte offsets in the original input.

use std::cell::OnceCell;

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
    line_starts: OnceCell<Vec<usize>>,
}

impl<'a> Unit<'a> {
    pub fn new(bytes: &'a [u8], base_offset: u64, base_line: usize) -> Unit<'a> {
        Unit {
            bytes,
            base_offset,
            base_line,
            line_starts: OnceCell::new(),
        }
    }

    pub fn whole(bytes: &'a [u8]) -> Unit<'a> {
        Unit::new(bytes, 0, 1)
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let mut starts = vec![0];
            starts.extend(memchr::memchr_iter(b'\n', self.bytes).map(|i| i + 1));
            starts
        })
    }

    /// Index (0-based, in this unit) of the line holding `offset`.
    fn line_index(&self, offset: usize) -> usize {
        match self.line_starts().binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Position of a byte offset of this unit.
    pub fn pos(&self, offset: usize) -> Pos {
        let offset = offset.min(self.bytes.len());
        let line_idx = self.line_index(offset);
        let line_start = self.line_starts()[line_idx];
        Pos {
            line: self.base_line + line_idx,
            column: count_chars(&self.bytes[line_start..offset]) + 1,
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
        let line_idx = self.line_index(offset);
        let starts = self.line_starts();
        let start = starts[line_idx];
        let mut end = starts.get(line_idx + 1).map_or(self.bytes.len(), |&s| s - 1).max(start);
        if end > start && self.bytes[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }
}

/// Characters in a byte slice as the readers decode it: UTF-8 where it is
/// valid, one Windows-1252 character for every other byte.
pub fn count_chars(bytes: &[u8]) -> usize {
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
