//! Cutting a large calendar export or mailbox into batches of whole events or
//! whole messages, read as a stream: memory stays bounded whatever the size
//! of the file, and batches can be checked in parallel.

use std::io::{self, Read};
use std::sync::LazyLock;

use aho_corasick::packed;

use super::Format;

/// A slice of a file made of whole units (events, messages).
#[derive(Debug, Clone)]
pub struct Batch {
    pub bytes: Vec<u8>,
    /// Offset of `bytes[0]` in the file.
    pub offset: u64,
    /// Line number of `bytes[0]` in the file (1-based).
    pub line: usize,
    /// The batch ends inside a unit larger than the limit, on this line:
    /// the unit was cut there, and the rest comes in the next batch.
    pub cut_line: Option<usize>,
}

/// What the chunker learnt of the calendar as a whole, for problems that no
/// single batch can see.
#[derive(Debug, Clone, Default)]
pub struct CalendarShape {
    /// A `BEGIN:VCALENDAR` line was seen.
    pub saw_calendar: bool,
    /// Calendars opened and not closed at the end of the file: offset and
    /// line of the last `BEGIN:VCALENDAR`.
    pub unclosed_calendar: Option<(u64, usize)>,
    /// Non-blank bytes seen (a file of blanks is not "not a calendar").
    pub saw_content: bool,
}

/// Bytes read at a time. Small next to a batch: what is read past a cut is
/// copied into the next batch's buffer, so a large read would copy most of
/// the file twice.
const READ_SIZE: usize = 64 * 1024;

/// Splits what `reader` yields into batches of about `target` bytes, cut
/// only between units of `format` (ics: outside VEVENT/VTODO/VJOURNAL;
/// mbox: before a `From ` line that follows a blank line). A unit larger
/// than `max_unit` is cut anyway.
pub struct Chunker<R> {
    reader: R,
    format: Format,
    target: usize,
    max_unit: usize,
    buf: Vec<u8>,
    /// Bytes of `buf` whose lines are accounted for: classified line by
    /// line, or, inside an event, counted (`skip_inside_event`).
    scanned: usize,
    /// `buf[scanned..no_newline_before]` holds no line break: a line longer
    /// than a block is searched once, not again after every block read.
    no_newline_before: usize,
    eof: bool,
    offset: u64,
    line: usize,
    /// Lines in `buf[..scanned]`.
    scanned_lines: usize,
    /// Last cut point found in `buf[..scanned]` (offset, lines before it).
    cut: Option<(usize, usize)>,
    event_depth: usize,
    calendar_depth: usize,
    previous_blank: bool,
    pub shape: CalendarShape,
    last_calendar_begin: (u64, usize),
    /// Buffers of batches already checked, reused for the next ones: no
    /// fresh pages (and no page faults) for every batch of a large file.
    spare: Vec<Vec<u8>>,
    /// Lines inside events are skipped (`skip_inside_event`); off only in
    /// tests, which compare the batches with and without.
    skip_lines: bool,
}

impl<R: Read> Chunker<R> {
    pub fn new(reader: R, format: Format, target: usize, max_unit: usize) -> Chunker<R> {
        Chunker {
            reader,
            format,
            target: target.max(1),
            max_unit: max_unit.max(target),
            buf: Vec::new(),
            scanned: 0,
            no_newline_before: 0,
            eof: false,
            offset: 0,
            line: 1,
            scanned_lines: 0,
            cut: None,
            event_depth: 0,
            calendar_depth: 0,
            previous_blank: true,
            shape: CalendarShape::default(),
            last_calendar_begin: (0, 1),
            spare: Vec::new(),
            skip_lines: true,
        }
    }

    /// The next batch, or `None` at the end of the input.
    pub fn next_batch(&mut self) -> io::Result<Option<Batch>> {
        loop {
            self.scan();
            if let Some((at, lines)) = self.cut.filter(|&(at, _)| at >= self.target) {
                return Ok(Some(self.take(at, lines)));
            }
            if self.scanned >= self.max_unit || self.buf.len() >= self.max_unit.saturating_add(READ_SIZE) {
                // A unit (or a line) that never ends: cut it rather than
                // hold it all; what follows is read as a new batch.
                let (at, lines) = if self.scanned > 0 {
                    (self.scanned, self.scanned_lines)
                } else {
                    (self.buf.len(), 0)
                };
                let mut batch = self.take(at, lines);
                batch.cut_line = Some(self.line);
                return Ok(Some(batch));
            }
            if self.eof {
                if self.buf.is_empty() {
                    self.finish_shape();
                    return Ok(None);
                }
                let (at, lines) = (self.buf.len(), self.scanned_lines);
                return Ok(Some(self.take(at, lines)));
            }
            self.fill()?;
        }
    }

    fn finish_shape(&mut self) {
        if self.calendar_depth > 0 {
            self.shape.unclosed_calendar = Some(self.last_calendar_begin);
        }
    }

    fn fill(&mut self) -> io::Result<()> {
        // `read_to_end` reads into the spare capacity as it is: the block
        // is not zeroed first.
        self.buf.reserve(READ_SIZE);
        let n = (&mut self.reader).take(READ_SIZE as u64).read_to_end(&mut self.buf)?;
        if n == 0 {
            self.eof = true;
        }
        Ok(())
    }

    /// Gives back the buffer of a batch that was checked.
    pub fn recycle(&mut self, mut buffer: Vec<u8>) {
        if self.spare.len() < 64 {
            buffer.clear();
            self.spare.push(buffer);
        }
    }

    fn take(&mut self, at: usize, lines: usize) -> Batch {
        let mut rest = self.spare.pop().unwrap_or_default();
        rest.extend_from_slice(&self.buf[at..]);
        self.buf.truncate(at);
        let bytes = std::mem::replace(&mut self.buf, rest);
        let batch = Batch {
            bytes,
            offset: self.offset,
            line: self.line,
            cut_line: None,
        };
        self.offset += at as u64;
        self.line += lines;
        // A cut inside a line that was never scanned (a line longer than
        // the limit) leaves nothing scanned.
        self.scanned = self.scanned.saturating_sub(at);
        self.no_newline_before = self.no_newline_before.saturating_sub(at);
        self.scanned_lines = self.scanned_lines.saturating_sub(lines);
        self.cut = None;
        batch
    }

    /// Classifies the complete lines not yet seen (and the last one at the
    /// end of the input), noting where a batch may end.
    fn scan(&mut self) {
        while self.scanned < self.buf.len() {
            // Skipped lines hold no cut; only the unit limit may end the scan.
            if self.skip_inside_event() && self.scanned >= self.max_unit || self.scanned >= self.buf.len() {
                return;
            }
            let from = self.no_newline_before.max(self.scanned);
            let (len, complete) = match memchr::memchr(b'\n', &self.buf[from..]) {
                Some(i) => (from + i + 1 - self.scanned, true),
                None if self.eof => (self.buf.len() - self.scanned, false),
                None => {
                    self.no_newline_before = self.buf.len();
                    return;
                }
            };
            let line_start = self.scanned;
            let info = LineInfo::of(&self.buf[line_start..line_start + len], self.format);
            let boundary_before = self.boundary_before(&info);
            if boundary_before && line_start > 0 {
                self.cut = Some((line_start, self.scanned_lines));
            }
            let boundary_after = self.classify(&info);
            self.scanned += len;
            if complete {
                self.scanned_lines += 1;
            }
            if boundary_after {
                self.cut = Some((self.scanned, self.scanned_lines));
            }
            if self.cut.is_some_and(|(at, _)| at >= self.target) || self.scanned >= self.max_unit {
                return;
            }
        }
    }

    /// Inside an event of a calendar that has shown content, only `BEGIN:`
    /// and `END:` lines change what the chunker knows (no cut falls inside
    /// an event): the lines before the next one that starts with `B`, `E`
    /// (any case) or a byte-order mark are counted, not read one by one.
    /// Never past `max_unit`, where the reading line by line cuts a unit
    /// too long. Whether lines were skipped.
    fn skip_inside_event(&mut self) -> bool {
        if !self.skip_lines || self.format != Format::Ics || self.event_depth == 0 || !self.shape.saw_content {
            return false;
        }
        let limit = self.buf.len().min(self.max_unit);
        if self.scanned >= limit || may_mark(self.buf[self.scanned]) {
            return false;
        }
        // No line break before `no_newline_before`: a long line is searched
        // once, not again after every block read.
        let from = self.no_newline_before.max(self.scanned);
        if from >= limit {
            return false;
        }
        let lines = &self.buf[from..limit];
        // The end of the last line skipped: the line break before a line
        // that may be a marker, else the last complete line.
        let Some(end) = next_marker_line(lines).or_else(|| memchr::memrchr(b'\n', lines).map(|i| i + 1)) else {
            return false;
        };
        self.scanned_lines += memchr::memchr_iter(b'\n', &lines[..end]).count();
        self.scanned = from + end;
        true
    }

    /// mbox: a message starts at a `From ` line after a blank line.
    fn boundary_before(&mut self, line: &LineInfo) -> bool {
        if self.format != Format::Mbox {
            return false;
        }
        let starts = self.previous_blank && line.from;
        self.previous_blank = line.blank;
        starts
    }

    /// ics: a batch may end after a line that leaves every event.
    fn classify(&mut self, line: &LineInfo) -> bool {
        if self.format != Format::Ics {
            return false;
        }
        if line.content {
            self.shape.saw_content = true;
        }
        match line.marker {
            Some((begin, Component::Event)) => {
                if begin {
                    self.event_depth += 1;
                } else {
                    self.event_depth = self.event_depth.saturating_sub(1);
                }
            }
            Some((true, Component::Calendar)) => {
                self.calendar_depth += 1;
                self.shape.saw_calendar = true;
                self.last_calendar_begin = (self.offset + self.scanned as u64, self.line + self.scanned_lines);
            }
            Some((false, Component::Calendar)) => self.calendar_depth = self.calendar_depth.saturating_sub(1),
            Some((_, Component::Other)) | None => {}
        }
        self.event_depth == 0
    }
}

/// Whether a line starting with `first` may be a `BEGIN:` or `END:` line.
fn may_mark(first: u8) -> bool {
    matches!(first, b'B' | b'b' | b'E' | b'e' | 0xEF)
}

/// The start of the first line that may be a marker (see [`may_mark`])
/// after the first, possibly partial, line of `lines`.
fn next_marker_line(lines: &[u8]) -> Option<usize> {
    /// The line breaks before such lines, found by a vectorised search
    /// where the machine has one (a calendar has about two per event
    /// against forty lines).
    static SEARCHER: LazyLock<Option<packed::Searcher>> =
        LazyLock::new(|| packed::Searcher::new([b"\nB", b"\nb", b"\nE", b"\ne", b"\n\xEF"].iter()));
    match &*SEARCHER {
        Some(searcher) => searcher.find(lines).map(|m| m.start() + 1),
        None => memchr::memchr_iter(b'\n', lines)
            .map(|i| i + 1)
            .find(|&start| lines.get(start).copied().is_some_and(may_mark)),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Component {
    Event,
    Calendar,
    Other,
}

/// What the chunker needs to know of a line.
struct LineInfo {
    blank: bool,
    content: bool,
    /// mbox: starts with `From `.
    from: bool,
    /// ics: a `BEGIN:` (true) or `END:` (false) line and its component.
    marker: Option<(bool, Component)>,
}

impl LineInfo {
    fn of(line: &[u8], format: Format) -> LineInfo {
        // Most lines of a calendar: a property or a folded continuation,
        // neither blank nor a `BEGIN:`/`END:` marker (which start with `B`,
        // `E` or a byte-order mark) nor a `From ` line.
        if format == Format::Ics
            && let Some(&first) = line.first()
            && !matches!(first, b'B' | b'b' | b'E' | b'e' | b'F' | 0xEF)
            && (!first.is_ascii_whitespace() || line.get(1).is_some_and(|b| !b.is_ascii_whitespace()))
        {
            return LineInfo {
                blank: false,
                content: true,
                from: false,
                marker: None,
            };
        }
        LineInfo::of_any(line, format)
    }

    /// [`LineInfo::of`] without the shortcut.
    fn of_any(line: &[u8], format: Format) -> LineInfo {
        let blank = matches!(line, b"\n" | b"\r\n");
        let mut info = LineInfo {
            blank,
            content: false,
            from: line.starts_with(b"From "),
            marker: None,
        };
        if format != Format::Ics {
            return info;
        }
        info.content = line.iter().any(|b| !b.is_ascii_whitespace());
        let trimmed = line.strip_suffix(b"\n").unwrap_or(line);
        let trimmed = trimmed.strip_suffix(b"\r").unwrap_or(trimmed);
        let trimmed = trimmed.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(trimmed);
        let (begin, name) = if trimmed.len() > 6 && trimmed[..6].eq_ignore_ascii_case(b"BEGIN:") {
            (true, &trimmed[6..])
        } else if trimmed.len() > 4 && trimmed[..4].eq_ignore_ascii_case(b"END:") {
            (false, &trimmed[4..])
        } else {
            return info;
        };
        let name = name.trim_ascii();
        let component = if [&b"VEVENT"[..], b"VTODO", b"VJOURNAL"]
            .iter()
            .any(|n| name.eq_ignore_ascii_case(n))
        {
            Component::Event
        } else if name.eq_ignore_ascii_case(b"VCALENDAR") {
            Component::Calendar
        } else {
            Component::Other
        };
        info.marker = Some((begin, component));
        info
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The shortcut for ordinary calendar lines classifies them as the
        /// full reading does.
        #[test]
        fn the_shortcut_classifies_lines_as_the_full_reading(
            head in proptest::sample::select(vec!["", " ", "\t", "\r", "B", "b", "E", "e", "F", "\u{feff}", "x", "D"]),
            body in proptest::sample::select(vec!["", "EGIN:VEVENT", "ND:VCALENDAR", "rom a@b", "ESCRIPTION:x", " ", "\r"]),
            tail in proptest::collection::vec(proptest::num::u8::ANY, 0..4),
            newline in proptest::sample::select(vec!["", "\n", "\r\n"]),
        ) {
            let mut line = format!("{head}{body}").into_bytes();
            line.extend(tail);
            line.extend_from_slice(newline.as_bytes());
            for format in [Format::Ics, Format::Mbox, Format::Text] {
                let (fast, full) = (LineInfo::of(&line, format), LineInfo::of_any(&line, format));
                proptest::prop_assert_eq!(
                    (fast.blank, fast.content, fast.from, fast.marker),
                    (full.blank, full.content, full.from, full.marker),
                    "{:?}", line
                );
            }
        }
    }

    static LONG_LINE: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| format!("DESCRIPTION:{}", "x".repeat(100_000)));

    proptest::proptest! {
        /// Skipping the lines inside events cuts a calendar where reading
        /// every line does: same batches, lines and cut lines, whatever
        /// the markers' case, byte-order marks, blank or folded lines, and
        /// the batch and unit limits.
        #[test]
        fn skipping_lines_inside_events_cuts_where_reading_them_does(
            lines in proptest::collection::vec(
                proptest::sample::select(vec![
                    "BEGIN:VEVENT", "END:VEVENT", "begin:vevent", "End:VEvent", "BEGIN:VCALENDAR",
                    "END:VCALENDAR", "BEGIN:VALARM", "END:VALARM", "\u{feff}BEGIN:VEVENT",
                    "\u{feff}END:VEVENT", "BEGIN:VTODO", "END:VJOURNAL", "DESCRIPTION:x", " folded",
                    "\tEND:VEVENT", "", " ", "ATTENDEE;CN=B:mailto:b@x", "Begin", "ENDING", "E", "b",
                    "X-ALT-DESC:Bonjour", "From a@b",
                    // Longer than a block read (64 KiB).
                    LONG_LINE.as_str(),
                ]),
                0..60,
            ),
            crlf in proptest::bool::ANY,
            final_newline in proptest::bool::ANY,
            // Many copies cross the blocks the chunker reads (64 KiB).
            copies in proptest::prop_oneof![1usize..3, 100usize..400],
            target in proptest::prop_oneof![1usize..200, 1usize..200_000],
            max_unit in proptest::prop_oneof![1usize..400, 1usize..300_000],
        ) {
            let newline = if crlf { "\r\n" } else { "\n" };
            let mut text = lines.join(newline);
            if final_newline {
                text.push_str(newline);
            }
            let text = text.repeat(copies);
            // Enough to cross many blocks; more only slows the test down.
            let text = &text.as_bytes()[..text.len().min(1 << 20)];
            let run = |skip_lines: bool| {
                let mut chunker = Chunker::new(text, Format::Ics, target, max_unit);
                chunker.skip_lines = skip_lines;
                let mut out = Vec::new();
                while let Some(b) = chunker.next_batch().unwrap() {
                    out.push((b.bytes, b.offset, b.line, b.cut_line));
                }
                let shape = chunker.shape;
                (out, shape.saw_calendar, shape.unclosed_calendar, shape.saw_content)
            };
            proptest::prop_assert_eq!(run(true), run(false));
        }
    }

    fn batches(input: &[u8], format: Format, target: usize) -> Vec<Batch> {
        let mut c = Chunker::new(input, format, target, 1 << 20);
        let mut out = Vec::new();
        while let Some(b) = c.next_batch().unwrap() {
            out.push(b);
        }
        out
    }

    #[test]
    fn a_line_longer_than_the_limit_is_cut_and_said() {
        let mut input = vec![b'x'; 3 * READ_SIZE + 5];
        input.extend_from_slice(b"\nend\n");
        let mut c = Chunker::new(&input[..], Format::Text, 10, 10);
        let mut parts = Vec::new();
        while let Some(b) = c.next_batch().unwrap() {
            parts.push(b);
        }
        assert!(parts.len() > 1);
        assert!(parts[0].cut_line == Some(1), "{:?}", parts[0].cut_line);
        let joined: Vec<u8> = parts.iter().flat_map(|b| b.bytes.clone()).collect();
        assert_eq!(joined, input);
        assert_eq!(parts.last().unwrap().line, 2);
    }

    #[test]
    fn calendars_are_cut_between_events_only() {
        let mut ics = b"BEGIN:VCALENDAR\r\n".to_vec();
        for i in 0..50 {
            ics.extend_from_slice(
                format!("BEGIN:VEVENT\r\nUID:{i}\r\nDESCRIPTION:a\r\n  b\r\nEND:VEVENT\r\n").as_bytes(),
            );
        }
        ics.extend_from_slice(b"END:VCALENDAR\r\n");
        let parts = batches(&ics, Format::Ics, 100);
        assert!(parts.len() > 5);
        let joined: Vec<u8> = parts.iter().flat_map(|b| b.bytes.clone()).collect();
        assert_eq!(joined, ics);
        for b in &parts[1..] {
            assert!(b.bytes.starts_with(b"BEGIN:VEVENT") || b.bytes.starts_with(b"END:VCALENDAR"));
            let line = ics[..b.offset as usize].iter().filter(|&&c| c == b'\n').count() + 1;
            assert_eq!(b.line, line);
        }
    }

    #[test]
    fn mailboxes_are_cut_before_from_lines() {
        let mut mbox = Vec::new();
        for i in 0..20 {
            mbox.extend_from_slice(format!("From a@x Mon\nSubject: {i}\n\nbody\nFrom here on\n\n").as_bytes());
        }
        let parts = batches(&mbox, Format::Mbox, 50);
        assert!(parts.len() > 3);
        for b in &parts {
            assert!(b.bytes.starts_with(b"From a@x"));
        }
        let joined: Vec<u8> = parts.iter().flat_map(|b| b.bytes.clone()).collect();
        assert_eq!(joined, mbox);
    }

    #[test]
    fn an_endless_event_is_cut_at_the_limit() {
        let mut ics = b"BEGIN:VEVENT\n".to_vec();
        ics.extend(std::iter::repeat_n(b"DESCRIPTION:x\n".to_vec(), 1000).flatten());
        let mut c = Chunker::new(&ics[..], Format::Ics, 10, 2000);
        let first = c.next_batch().unwrap().unwrap();
        assert!(first.bytes.len() <= 2000 + 20);
    }
}
