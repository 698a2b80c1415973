//! iCalendar (RFC 5545) reader.
//!
//! A hand-written content-line lexer rather than a calendar parser: it keeps
//! the original position of every byte through line unfolding and escapes,
//! reads components one at a time (so a 235 MB export never has to be held as
//! a tree), and recovers from what real producers write (raw newlines inside
//! values, missing `END` lines, Latin-1 bytes).

use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

use super::{
    Field, Invitation, InvitationKind, Label, Limits, Person, PersonRole, Problem, ProblemKind, ReadOutput, markup,
};
use crate::mapped::{Mapped, MappedBuilder};

/// Reads every VEVENT, VTODO and VJOURNAL of `doc`.
pub fn read_calendar(doc: &Mapped, out: &mut ReadOutput, limits: &Limits) {
    let mut reader = CalendarReader {
        doc,
        stack: Vec::new(),
        current: None,
        malformed: 0,
        malformed_first: None,
        scratch: String::new(),
        piece_starts: Vec::new(),
        out,
    };
    // The logical line being gathered: pieces of the document, the first
    // whole, the next without their folding whitespace. A piece flagged
    // `true` was a raw line break inside the value (malformed, but kept).
    // One buffer for every line: reading allocates per property kept, not
    // per line.
    let mut line = LogicalLine {
        pieces: Vec::new(),
        name: LineName::of(""),
    };
    let mut lines = physical_lines(doc.as_str()).peekable();
    // The first line over the limit (the problem names it).
    let mut too_long: Option<Range<usize>> = None;
    while let Some((mut range, mut text)) = lines.next() {
        if text.len() > limits.max_line_length {
            let cut = text.floor_char_boundary(limits.max_line_length);
            too_long.get_or_insert_with(|| doc.orig_range(range.start..range.start + cut));
            text = &text[..cut];
            range = range.start..range.start + cut;
        }
        let continuation = text.starts_with([' ', '\t']);
        if continuation && !line.pieces.is_empty() {
            line.pieces.push((range.start + 1..range.end, false));
            continue;
        }
        // Read once: whether the line is a property, then (as the first
        // line of a property) what the reader wants of it.
        let name = LineName::of(text);
        // A property name cut by a fold ("DESCR" / " IPTION:...") is legal.
        // (A content line holds `;` or `:`: no bare name, no scan.)
        let name_folded =
            !name.content && is_name_token(text) && lines.peek().is_some_and(|(_, next)| next.starts_with([' ', '\t']));
        if !line.pieces.is_empty()
            && reader.current.is_some()
            && !name.property
            && !name_folded
            && !crate::ascii::is_blank(text)
        {
            // Producers such as Exchange write raw newlines inside values:
            // keep that text with the property it belongs to. In a text value
            // it was a line break; elsewhere (a UID, a URL) a fold that lost
            // its leading space.
            reader.note_malformed(range.clone());
            let newline = is_text_property(property_name(line.first(doc)));
            line.pieces.push((range, newline));
            continue;
        }
        if !line.pieces.is_empty() {
            reader.handle(&line);
            line.pieces.clear();
        }
        if crate::ascii::is_blank(text) {
            continue;
        }
        line.pieces.push((range, false));
        line.name = name;
    }
    if !line.pieces.is_empty() {
        reader.handle(&line);
    }
    reader.finish();
    if let Some(range) = too_long {
        out.problems.push(Problem {
            range,
            kind: ProblemKind::LimitExceeded {
                limit: "max-line-length",
                value: limits.max_line_length as u64,
            },
        });
    }
}

/// Lines of `text` without their line break, with their byte range.
fn physical_lines(text: &str) -> impl Iterator<Item = (Range<usize>, &str)> {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let end = memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |i| start + i);
        let mut line_end = end;
        if line_end > start && text.as_bytes()[line_end - 1] == b'\r' {
            line_end -= 1;
        }
        let item = (start..line_end, &text[start..line_end]);
        start = end + 1;
        Some(item)
    })
}

/// A bare property name, as the first piece of a line folded inside it.
fn is_name_token(line: &str) -> bool {
    !line.is_empty() && line.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// What the name of a line says of it, read once per line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct LineName {
    /// Length of the name: up to the first `;` or `:`.
    len: usize,
    /// `NAME` then `;` or `:`, where NAME is an iana or x-name token. A URL
    /// written alone on a line (`https://...`) is not a property named
    /// `https`.
    content: bool,
    /// A content line of a property iCalendar knows (RFC 5545, 5546, 7986,
    /// 7953, 9073, 9074, 9253) or of an `X-` extension. Inside a component,
    /// `Passcode: 482913` or `PIN:123456` after a raw line break are the
    /// rest of a value that Exchange broke, not properties named `PASSCODE`
    /// or `PIN`.
    property: bool,
    /// What visiolint reads of a content line; `None` for the rest.
    wanted: Option<Wanted>,
}

/// How the content lines that producers write most often start, name and
/// delimiter in upper case (counted in `../shared/corpus/real` and the
/// bench exports). Their `LineName` is taken from a table (`COMMON_NAMES`)
/// instead of being read: the name's end, its hash and the lookup cost
/// several times the comparison.
const COMMON_LINE_STARTS: [&str; 39] = [
    "BEGIN:",
    "END:",
    "UID:",
    "DTSTAMP:",
    "DTSTART:",
    "DTSTART;",
    "DTEND:",
    "DTEND;",
    "SUMMARY:",
    "SUMMARY;",
    "DESCRIPTION:",
    "DESCRIPTION;",
    "LOCATION:",
    "LOCATION;",
    "ORGANIZER:",
    "ORGANIZER;",
    "ATTENDEE:",
    "CREATED:",
    "LAST-MODIFIED:",
    "STATUS:",
    "SEQUENCE:",
    "TRANSP:",
    "RRULE:",
    "RDATE:",
    "RDATE;",
    "EXDATE;",
    "EXDATE:",
    "RECURRENCE-ID;",
    "CLASS:",
    "URL:",
    "URL;",
    "CATEGORIES:",
    "PRIORITY:",
    "X-ALT-DESC;",
    "TZID:",
    "TZNAME:",
    "TZOFFSETFROM:",
    "TZOFFSETTO:",
    "TRIGGER:",
];

/// Line starts that begin with one byte, each with its `LineName`.
type StartsOfByte = Vec<(&'static [u8], LineName)>;

/// `COMMON_LINE_STARTS` by first byte, each with its `LineName` as
/// `LineName::read` reads it.
static COMMON_NAMES: LazyLock<Vec<StartsOfByte>> = LazyLock::new(|| {
    let mut table = vec![Vec::new(); 256];
    for start in COMMON_LINE_STARTS {
        table[usize::from(start.as_bytes()[0])].push((start.as_bytes(), LineName::read(start)));
    }
    table
});

impl LineName {
    fn of(line: &str) -> LineName {
        // Half the lines of an export, as every producer writes them.
        if line.starts_with("ATTENDEE;") {
            return LineName {
                len: "ATTENDEE".len(),
                content: true,
                property: true,
                wanted: Some(Wanted::Attendee),
            };
        }
        let bytes = line.as_bytes();
        if let Some(&first) = bytes.first() {
            for &(start, name) in &COMMON_NAMES[usize::from(first)] {
                // A name then `://` is a URL on a line of its own.
                if bytes.starts_with(start) && (start.ends_with(b";") || !bytes[start.len()..].starts_with(b"//")) {
                    return name;
                }
            }
        }
        LineName::read(line)
    }

    /// `of`, reading the name.
    fn read(line: &str) -> LineName {
        let bytes = line.as_bytes();
        let name_len = bytes
            .iter()
            .position(|&b| !(b.is_ascii_alphanumeric() || b == b'-'))
            .unwrap_or(bytes.len());
        let content = name_len > 0
            && name_len < bytes.len()
            && match bytes[name_len] {
                b';' => true,
                b':' => !bytes[name_len + 1..].starts_with(b"//"),
                _ => false,
            };
        if !content {
            return LineName {
                len: property_name(line).len(),
                content,
                property: false,
                wanted: None,
            };
        }
        let name = &bytes[..name_len];
        let x_name = is_x_name(name);
        let (property, wanted) = match named(name) {
            Some(named) => (named.known || x_name, named.wanted),
            None => (x_name, x_name.then(|| x_conference(name)).flatten()),
        };
        LineName {
            len: name_len,
            content,
            property,
            wanted,
        }
    }
}

fn is_x_name(name: &[u8]) -> bool {
    name.len() > 2 && name[..2].eq_ignore_ascii_case(b"x-")
}

/// An `X-` property that names a conference without being listed
/// (`X-ACME-CONFERENCE`, `X-...-JOINURL`).
fn x_conference(name: &[u8]) -> Option<Wanted> {
    let contains = |needle: &[u8]| name.windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle));
    (contains(b"CONFERENCE") || contains(b"MEETINGURL") || contains(b"JOINURL")).then_some(Wanted::Conference)
}

/// The entry of `name` (any case) among the names the reader knows
/// (`NAMES`). Asked of nearly every line of an export: a hash of the
/// name's first and last eight bytes into an open-addressing table (a slot
/// or two read), then one comparison.
fn named(name: &[u8]) -> Option<&'static Named> {
    /// Slots: a power of two, several times the number of names (short
    /// probe runs).
    const SLOTS: usize = 512;
    /// The names: every known property, with what is wanted of it, then
    /// the wanted `X-` properties.
    static NAMES: LazyLock<Vec<Named>> = LazyLock::new(|| {
        let wanted_of = |name: &[u8]| {
            WANTED
                .iter()
                .find(|(n, _)| n.as_bytes().eq_ignore_ascii_case(name))
                .map(|&(_, w)| w)
        };
        let mut names: Vec<Named> = KNOWN_PROPERTIES
            .iter()
            .map(|&name| Named {
                name,
                known: true,
                wanted: wanted_of(name),
            })
            .collect();
        for &(name, wanted) in &WANTED {
            if !KNOWN_PROPERTIES.contains(&name.as_bytes()) {
                names.push(Named {
                    name: name.as_bytes(),
                    known: false,
                    wanted: Some(wanted),
                });
            }
        }
        names
    });
    /// Index + 1 into `NAMES` of the name in each slot, 0 if empty.
    static TABLE: LazyLock<[u16; SLOTS]> = LazyLock::new(|| {
        let mut table = [0u16; SLOTS];
        for (i, named) in NAMES.iter().enumerate() {
            let mut slot = slot_of(named.name);
            while table[slot] != 0 {
                slot = (slot + 1) % SLOTS;
            }
            table[slot] = u16::try_from(i + 1).expect("a few hundred names");
        }
        table
    });
    /// Eight bytes of a name, letters upper-cased (other bytes change too,
    /// the same way for every name: the comparison decides).
    fn word(bytes: &[u8]) -> u64 {
        crate::ascii::le_word(bytes) & 0xdfdf_dfdf_dfdf_dfdf
    }
    fn slot_of(name: &[u8]) -> usize {
        let head = word(&name[..name.len().min(8)]);
        let tail = word(&name[name.len().saturating_sub(8)..]);
        let mixed = (head ^ tail.rotate_left(29) ^ name.len() as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        // The high bits: the multiplication mixes them best.
        (mixed >> 55) as usize % SLOTS
    }
    let (names, table) = (&*NAMES, &*TABLE);
    let mut slot = slot_of(name);
    loop {
        match table[slot] {
            0 => return None,
            i => {
                let entry = &names[usize::from(i) - 1];
                if entry.name.eq_ignore_ascii_case(name) {
                    return Some(entry);
                }
            }
        }
        slot = (slot + 1) % SLOTS;
    }
}

/// A name the reader knows.
struct Named {
    name: &'static [u8],
    /// In `KNOWN_PROPERTIES`.
    known: bool,
    wanted: Option<Wanted>,
}

/// `name` (any case) is in `KNOWN_PROPERTIES`.
#[cfg(test)]
fn is_known_property(name: &[u8]) -> bool {
    named(name).is_some_and(|named| named.known)
}

/// Property names of the iCalendar RFCs, upper case, sorted and without
/// duplicates (a test checks both); looked up by hash (`named`).
const KNOWN_PROPERTIES: &[&[u8]] = &[
    b"ACKNOWLEDGED",
    b"ACTION",
    b"ATTACH",
    b"ATTENDEE",
    b"BEGIN",
    b"BUSYTYPE",
    b"CALENDAR-ADDRESS",
    b"CALSCALE",
    b"CATEGORIES",
    b"CLASS",
    b"COLOR",
    b"COMMENT",
    b"COMPLETED",
    b"CONCEPT",
    b"CONFERENCE",
    b"CONTACT",
    b"CREATED",
    b"DESCRIPTION",
    b"DTEND",
    b"DTSTAMP",
    b"DTSTART",
    b"DUE",
    b"DURATION",
    b"END",
    b"EXDATE",
    b"EXRULE",
    b"FREEBUSY",
    b"GEO",
    b"IMAGE",
    b"LAST-MODIFIED",
    b"LINK",
    b"LOCATION",
    b"LOCATION-TYPE",
    b"METHOD",
    b"NAME",
    b"ORGANIZER",
    b"PARTICIPANT-TYPE",
    b"PERCENT-COMPLETE",
    b"PRIORITY",
    b"PRODID",
    b"PROXIMITY",
    b"RDATE",
    b"RECURRENCE-ID",
    b"REFID",
    b"REFRESH-INTERVAL",
    b"RELATED-TO",
    b"REPEAT",
    b"REQUEST-STATUS",
    b"RESOURCE-TYPE",
    b"RESOURCES",
    b"RRULE",
    b"SEQUENCE",
    b"SOURCE",
    b"STATUS",
    b"STRUCTURED-DATA",
    b"STYLED-DESCRIPTION",
    b"SUMMARY",
    b"TRANSP",
    b"TRIGGER",
    b"TZID",
    b"TZID-ALIAS-OF",
    b"TZNAME",
    b"TZOFFSETFROM",
    b"TZOFFSETTO",
    b"TZUNTIL",
    b"TZURL",
    b"UID",
    b"URL",
    b"VERSION",
];

/// One unfolded content line: pieces of the document, the first one whole,
/// the next ones without their folding whitespace. A piece flagged `true`
/// was a raw line break inside the value (malformed, but kept).
struct LogicalLine {
    pieces: Vec<(Range<usize>, bool)>,
    /// The name of the first piece.
    name: LineName,
}

impl LogicalLine {
    fn start(&self) -> usize {
        self.pieces[0].0.start
    }

    fn first<'d>(&self, doc: &'d Mapped) -> &'d str {
        &doc.as_str()[self.pieces[0].0.clone()]
    }

    /// Unfolds the line into `text` (raw line breaks as `\n`), noting in
    /// `starts` where each piece's bytes start there.
    fn unfold_into<'a>(&'a self, doc: &'a Mapped, text: &'a mut String, starts: &'a mut Vec<usize>) -> Unfolded<'a> {
        text.clear();
        starts.clear();
        for (range, newline) in &self.pieces {
            if *newline {
                text.push('\n');
            }
            starts.push(text.len());
            text.push_str(&doc.as_str()[range.clone()]);
        }
        Unfolded {
            doc,
            text,
            pieces: &self.pieces,
            starts,
        }
    }
}

/// A content line unfolded into a plain buffer. Positions are mapped back
/// to the document only for what is kept (values read), in the pass that
/// decodes their escapes: unfolding with a position map, then unescaping
/// through it, copied every text property twice.
struct Unfolded<'a> {
    doc: &'a Mapped,
    text: &'a str,
    pieces: &'a [(Range<usize>, bool)],
    /// Where the bytes of each piece start in `text` (after the `\n` of a
    /// raw line break, at `start - 1`).
    starts: &'a [usize],
}

impl Unfolded<'_> {
    fn as_str(&self) -> &str {
        self.text
    }

    /// The offset in the document of `text[at]`, a byte of a piece.
    fn doc_offset(&self, at: usize) -> usize {
        let k = self.starts.partition_point(|&s| s <= at).saturating_sub(1);
        self.pieces[k].0.start + (at - self.starts[k])
    }

    /// Appends `text[run]` with the positions of its bytes.
    fn push_run(&self, b: &mut MappedBuilder, run: Range<usize>) {
        if run.is_empty() {
            return;
        }
        let first = self.starts.partition_point(|&s| s <= run.start).saturating_sub(1);
        for (k, (range, newline)) in self.pieces.iter().enumerate().skip(first) {
            let start = self.starts[k];
            if start > run.end || (start == run.end && !*newline) {
                break;
            }
            if *newline && (run.start..run.end).contains(&(start - 1)) {
                b.push_decoded("\n", self.doc.orig_range(range.start..range.start));
            }
            let from = run.start.max(start);
            let to = run.end.min(start + range.len());
            if from < to {
                b.push_from(self.doc, range.start + (from - start)..range.start + (to - start));
            }
        }
    }

    /// `text[range]` with `\n`, `\,`, `\;`, `\\` escapes decoded.
    fn unescape(&self, range: Range<usize>) -> Mapped {
        let bytes = self.text.as_bytes();
        // Room for every piece: two per escape (the escape, the text after
        // it), one per fold.
        let escapes = memchr::memchr_iter(b'\\', &bytes[range.clone()]).count();
        let mut b = MappedBuilder::with_capacities(range.len(), 2 * (escapes + self.pieces.len()) + 1);
        let mut run_start = range.start;
        let mut i = range.start;
        while let Some(at) = memchr::memchr(b'\\', &bytes[i..range.end]) {
            i += at;
            if i + 1 < range.end
                && let Some(decoded) = escaped(bytes[i + 1])
            {
                self.push_run(&mut b, run_start..i);
                // As the original range of `text[i..i + 2]`: the escape may
                // straddle a fold.
                let (backslash, escaped) = (self.doc_offset(i), self.doc_offset(i + 1));
                let start = self.doc.orig(backslash);
                b.push_decoded(decoded, start..self.doc.orig_end(escaped + 1).max(start));
                i += 2;
                run_start = i;
                continue;
            }
            i += 1;
        }
        self.push_run(&mut b, run_start..range.end);
        b.finish()
    }
}

/// What the escape `\` + `b` stands for in a text value.
fn escaped(b: u8) -> Option<&'static str> {
    match b {
        b'n' | b'N' => Some("\n"),
        b',' => Some(","),
        b';' => Some(";"),
        b'\\' => Some("\\"),
        b':' => Some(":"),
        b'"' => Some("\""),
        _ => None,
    }
}

fn is_text_property(name: &str) -> bool {
    ["DESCRIPTION", "SUMMARY", "LOCATION", "COMMENT", "X-ALT-DESC"]
        .iter()
        .any(|p| name.eq_ignore_ascii_case(p))
}

/// The properties visiolint reads; everything else is skipped unparsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wanted {
    Text,
    Conference,
    AltDesc,
    Summary,
    Uid,
    Class,
    Organizer,
    Attendee,
}

/// The properties read by name (`X-` ones that name a conference are
/// also read, see `x_conference`).
const WANTED: [(&str, Wanted); 16] = [
    ("ATTENDEE", Wanted::Attendee),
    ("DESCRIPTION", Wanted::Text),
    ("SUMMARY", Wanted::Summary),
    ("LOCATION", Wanted::Text),
    ("ORGANIZER", Wanted::Organizer),
    ("UID", Wanted::Uid),
    ("X-ALT-DESC", Wanted::AltDesc),
    ("CLASS", Wanted::Class),
    ("URL", Wanted::Text),
    ("COMMENT", Wanted::Text),
    ("CONFERENCE", Wanted::Conference),
    ("X-GOOGLE-CONFERENCE", Wanted::Conference),
    ("X-MICROSOFT-SKYPETEAMSMEETINGURL", Wanted::Conference),
    ("X-MICROSOFT-ONLINEMEETINGEXTERNALLINK", Wanted::Conference),
    ("X-MICROSOFT-ONLINEMEETINGCONFLINK", Wanted::Conference),
    ("X-OPENPAAS-VIDEOCONFERENCE", Wanted::Conference),
];

fn property_name(line: &str) -> &str {
    let end = memchr::memchr2(b';', b':', line.as_bytes()).unwrap_or(line.len());
    &line[..end]
}

struct CalendarReader<'d, 'o> {
    doc: &'d Mapped,
    /// Open components, upper-cased, with the offset of their BEGIN line.
    stack: Vec<(String, usize)>,
    /// The invitation being read and its depth in `stack`.
    current: Option<(Invitation, usize)>,
    malformed: usize,
    malformed_first: Option<Range<usize>>,
    /// Unfolded text of the property being read, reused line after line.
    scratch: String,
    /// Where each piece starts in `scratch` (see `Unfolded`).
    piece_starts: Vec<usize>,
    out: &'o mut ReadOutput,
}

impl CalendarReader<'_, '_> {
    fn note_malformed(&mut self, range: Range<usize>) {
        self.malformed += 1;
        if self.malformed_first.is_none() {
            self.malformed_first = Some(self.doc.orig_range(range));
        }
    }

    fn handle(&mut self, line: &LogicalLine) {
        // The name and parameters normally sit in the first physical line;
        // a fold inside the name is rare but legal.
        let joined;
        // (A content line's first piece holds `;` or `:`: no scan.)
        let (first, line_name) = if line.pieces.len() > 1
            && !line.name.content
            && !line.first(self.doc).bytes().any(|b| b == b':' || b == b';')
        {
            joined = line
                .pieces
                .iter()
                .map(|(r, _)| &self.doc.as_str()[r.clone()])
                .collect::<String>();
            (joined.as_str(), LineName::of(&joined))
        } else {
            (line.first(self.doc), line.name)
        };
        let name = &first[..line_name.len];
        if name.eq_ignore_ascii_case("BEGIN") || name.eq_ignore_ascii_case("END") {
            let value = first[name.len()..].trim_start_matches(|c| c != ':');
            let component = value.trim_start_matches(':').trim().to_ascii_uppercase();
            if name.eq_ignore_ascii_case("BEGIN") {
                self.begin(component, line.start());
            } else {
                self.end(&component, line);
            }
            return;
        }
        let Some((_, depth)) = self.current.as_ref() else {
            return;
        };
        // Only the invitation's own properties, not those of its VALARMs.
        if self.stack.len() != depth + 1 {
            return;
        }
        if !line_name.content {
            return;
        }
        let Some(kind) = line_name.wanted else {
            return;
        };
        let doc = self.doc;
        let unfolded = line.unfold_into(doc, &mut self.scratch, &mut self.piece_starts);
        let start = doc.orig(line.start());
        let (invitation, _) = self.current.as_mut().expect("checked above");
        if matches!(kind, Wanted::Organizer | Wanted::Attendee) {
            // The hot path of a calendar export: dozens of attendees per
            // event, read from the unfolded line without a position map.
            let (person, guests) = person(unfolded.as_str(), kind == Wanted::Organizer, start);
            invitation.guests = invitation.guests.saturating_add(guests);
            if let Some(person) = person {
                // Room for a meeting's people at once: growing 4, 8, 16
                // was a reallocation and a copy per doubling.
                if invitation.people.capacity() == 0 {
                    invitation.people.reserve(16);
                }
                invitation.people.push(person);
            }
            return;
        }
        let property = Property::parse(unfolded.as_str());
        property.apply(kind, name, &unfolded, start, invitation);
    }

    fn begin(&mut self, component: String, at: usize) {
        // Calendars may span several batches of a streamed file: their
        // balance is checked on the whole file (see `input::chunk`).
        if component == "VCALENDAR" {
            return;
        }
        let kind = match component.as_str() {
            "VEVENT" => Some(InvitationKind::Event),
            "VTODO" => Some(InvitationKind::Todo),
            "VJOURNAL" => Some(InvitationKind::Journal),
            _ => None,
        };
        if let (Some(kind), None) = (kind, self.current.as_ref()) {
            self.current = Some((Invitation::new(kind, self.doc.orig(at)), self.stack.len()));
        }
        self.stack.push((component, at));
    }

    fn end(&mut self, component: &str, line: &LogicalLine) {
        if component == "VCALENDAR" {
            return;
        }
        match self.stack.iter().rposition(|(name, _)| name == component) {
            Some(pos) => {
                // Components left open inside this one are closed with it.
                for (name, at) in self.stack.drain(pos + 1..).collect::<Vec<_>>() {
                    self.report_unclosed(&name, at);
                }
                self.stack.pop();
                if self.current.as_ref().is_some_and(|(_, depth)| *depth == pos) {
                    let (invitation, _) = self.current.take().expect("checked");
                    self.emit(invitation);
                }
            }
            None => {
                let range = line.pieces[0].0.clone();
                self.out.problems.push(Problem {
                    range: self.doc.orig_range(range),
                    kind: ProblemKind::UnexpectedEnd {
                        name: component.to_owned(),
                    },
                });
            }
        }
    }

    fn report_unclosed(&mut self, name: &str, at: usize) {
        if !matches!(name, "VEVENT" | "VTODO" | "VJOURNAL") {
            return;
        }
        let end = self.doc.as_str()[at..].find('\n').map_or(self.doc.len(), |i| at + i);
        self.out.problems.push(Problem {
            range: self.doc.orig_range(at..end),
            kind: ProblemKind::UnclosedComponent { name: name.to_owned() },
        });
    }

    fn emit(&mut self, invitation: Invitation) {
        if self.malformed > 0 {
            let range = self
                .malformed_first
                .take()
                .unwrap_or(invitation.start..invitation.start);
            self.out.problems.push(Problem {
                range,
                kind: ProblemKind::MalformedLines { count: self.malformed },
            });
            self.malformed = 0;
        }
        self.out.invitations.push(invitation);
    }

    fn finish(mut self) {
        let open: Vec<(String, usize)> = self.stack.drain(..).collect();
        for (name, at) in open.into_iter().rev() {
            self.report_unclosed(&name, at);
        }
        if let Some((invitation, _)) = self.current.take() {
            self.emit(invitation);
        }
        if self.malformed > 0 {
            let range = self.malformed_first.take().unwrap_or(0..0);
            self.out.problems.push(Problem {
                range,
                kind: ProblemKind::MalformedLines { count: self.malformed },
            });
        }
    }
}

/// A parsed content line: parameters and value as ranges of the unfolded line.
struct Property {
    /// Parameter names and values, as ranges of the line.
    params: Vec<(Range<usize>, Range<usize>)>,
    value: Range<usize>,
}

/// Walks the parameters of a content line (`NAME;P=V;Q="a:b":value`),
/// calling `each(name, value)` for each, and returns the value's range.
/// Quoted parameter values may hold `:` and `;`.
fn scan_params(text: &str, mut each: impl FnMut(Range<usize>, Range<usize>)) -> Range<usize> {
    let bytes = text.as_bytes();
    // Bytes, not a `char` pattern: the delimiters are ASCII.
    // Two delimiters: the third slot repeats one.
    let mut i = find_any(bytes, 0, [b';', b':', b':']);
    while i < bytes.len() && bytes[i] == b';' {
        let name_start = i + 1;
        let mut j = find_any(bytes, name_start, [b'=', b';', b':']);
        let name = name_start..j;
        if j >= bytes.len() || bytes[j] != b'=' {
            i = j;
            continue;
        }
        j += 1;
        // Values separated by commas, each possibly quoted.
        let value_start = j;
        let mut value_range = value_start..value_start;
        loop {
            if j < bytes.len() && bytes[j] == b'"' {
                let close = memchr::memchr(b'"', &bytes[j + 1..]).map_or(bytes.len(), |k| j + 1 + k);
                if value_range.is_empty() {
                    value_range = j + 1..close;
                } else {
                    value_range.end = close;
                }
                j = (close + 1).min(bytes.len());
            } else {
                j = find_any(bytes, j, [b',', b';', b':']);
                if value_range.is_empty() {
                    value_range = value_start..j;
                } else {
                    value_range.end = j;
                }
            }
            if j < bytes.len() && bytes[j] == b',' {
                j += 1;
                continue;
            }
            break;
        }
        each(name, value_range);
        i = j;
    }
    if i < bytes.len() && bytes[i] == b':' {
        i + 1..bytes.len()
    } else {
        bytes.len()..bytes.len()
    }
}

/// The first byte of `bytes` from `from` on that is one of `delimiters`,
/// or the end. Eight bytes at a time in a machine word: names and values
/// are a few bytes to a few dozen, too short for a vectorised search to
/// pay for its setup, long enough for a byte loop to be a third of the
/// reading of an attendee.
#[inline(always)]
fn find_any(bytes: &[u8], from: usize, delimiters: [u8; 3]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let splat = delimiters.map(|d| ONES * u64::from(d));
    let mut at = from;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        // A zero lane of `word ^ splat` is a delimiter. The lowest flagged
        // lane is always a true one (borrows only run upwards).
        let found = splat
            .iter()
            .map(|&d| {
                let x = word ^ d;
                x.wrapping_sub(ONES) & !x & HIGHS
            })
            .fold(0, |all, lanes| all | lanes);
        if found != 0 {
            return at + (found.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    bytes
        .get(at..)
        .and_then(|rest| rest.iter().position(|b| delimiters.contains(b)))
        .map_or(bytes.len(), |k| at + k)
}

/// An ORGANIZER or ATTENDEE line (unfolded) as a person, and the extra
/// guests it announces. No allocation.
fn person(line: &str, organizer: bool, offset: usize) -> (Option<Person>, u32) {
    plain_person(line, organizer, offset).unwrap_or_else(|| person_by_parameters(line, organizer, offset))
}

/// Parameter words that make a line count for something else than one
/// person: `CUTYPE=GROUP`, `ROOM` or `RESOURCE`, `ROLE=NON-PARTICIPANT`,
/// `X-NUM-GUESTS`, in any case.
const COUNTING_WORDS: [&str; 5] = ["GROUP", "ROOM", "RESOURCE", "NON-PARTICIPANT", "X-NUM-GUESTS"];

/// The first three letters of the `COUNTING_WORDS`, in every case, for a
/// vectorised search (Teddy). `None` where the processor has no such
/// search: every line is then walked.
static COUNTING_STARTS: LazyLock<Option<aho_corasick::packed::Searcher>> = LazyLock::new(|| {
    let mut config = aho_corasick::packed::Config::new().builder();
    for word in COUNTING_WORDS {
        let start = &word.as_bytes()[..3];
        for case in 0..1u8 << start.len() {
            let variant: Vec<u8> = start
                .iter()
                .enumerate()
                .map(|(i, b)| if case >> i & 1 == 1 { b.to_ascii_lowercase() } else { *b })
                .collect();
            config.add(variant);
        }
    }
    config.build()
});

/// Whether the parameters of a line (up to its first `:`) may hold one of
/// the `COUNTING_WORDS`: a word's first three letters found, then the word
/// compared whole. `X-NUM-GUESTS=0` (Google Calendar writes it on every
/// attendee) counts no guest whatever it stands in, and is passed over.
/// Past `MAX_FALSE_STARTS` first letters without a word, the line is
/// walked: a search per false start would cost more than the walk.
fn may_count_otherwise(params: &[u8]) -> bool {
    const MAX_FALSE_STARTS: usize = 8;
    let Some(searcher) = COUNTING_STARTS.as_ref() else {
        return true;
    };
    let mut from = 0;
    for _ in 0..MAX_FALSE_STARTS {
        let Some(found) = searcher.find_in(params, aho_corasick::Span::from(from..params.len())) else {
            return false;
        };
        let rest = &params[found.start()..];
        let word = COUNTING_WORDS.iter().find(|word| {
            rest.get(..word.len())
                .is_some_and(|r| r.eq_ignore_ascii_case(word.as_bytes()))
        });
        match word {
            Some(&"X-NUM-GUESTS") if no_guests(&rest["X-NUM-GUESTS".len()..]) => {}
            Some(_) => return true,
            None => {}
        }
        from = found.start() + 1;
    }
    true
}

/// `rest` (after `X-NUM-GUESTS`, up to the first `:` of the line) starts
/// with `=0` and then the end or `;`: the parameter, if it is one, announces
/// no guest (the walk reads `0`).
fn no_guests(rest: &[u8]) -> bool {
    matches!(rest, [b'=', b'0'] | [b'=', b'0', b';', ..])
}

/// `person` for the lines most producers write (Outlook, Google Calendar,
/// Thunderbird, Zoom; not Apple's, which quote names): no quote before the
/// first `:`, none of the `COUNTING_WORDS` there, and an address after it.
/// The person is then an attendee (or the organizer) and announces no
/// guest, and the value starts after that `:` (every parameter scan stops
/// there): the parameters need no walk. `None` where the walk is needed.
fn plain_person(line: &str, organizer: bool, offset: usize) -> Option<(Option<Person>, u32)> {
    let bytes = line.as_bytes();
    let colon = find_any(bytes, 0, [b':', b'"', b'"']);
    if bytes.get(colon) != Some(&b':') || may_count_otherwise(&bytes[..colon]) {
        return None;
    }
    // Without an address, the person is named by `CN`: walked. (Trimmed
    // going in, the address comes out trimmed.)
    let address = strip_mailto(crate::ascii::trim(&line[colon + 1..]))?;
    let role = if organizer {
        PersonRole::Organizer
    } else {
        PersonRole::Attendee
    };
    Some(((!address.is_empty()).then(|| Person::new(address, role, offset)), 0))
}

/// `person` by a walk of the parameters: any line.
fn person_by_parameters(line: &str, organizer: bool, offset: usize) -> (Option<Person>, u32) {
    let (mut cutype, mut role, mut cn, mut guests) = ("", "", "", 0u32);
    let value = scan_params(line, |name, value| {
        let name = crate::ascii::trim(&line[name]);
        let value = &line[value];
        if name.eq_ignore_ascii_case("CUTYPE") {
            cutype = value;
        } else if name.eq_ignore_ascii_case("ROLE") {
            role = value;
        } else if name.eq_ignore_ascii_case("CN") {
            cn = value;
        } else if name.eq_ignore_ascii_case("X-NUM-GUESTS") {
            guests = value.trim().parse().unwrap_or(0);
        }
    });
    let role = if organizer {
        PersonRole::Organizer
    } else if cutype.eq_ignore_ascii_case("GROUP") {
        PersonRole::Group
    } else if cutype.eq_ignore_ascii_case("ROOM") || cutype.eq_ignore_ascii_case("RESOURCE") {
        PersonRole::Resource
    } else if role.eq_ignore_ascii_case("NON-PARTICIPANT") {
        PersonRole::NonParticipant
    } else {
        PersonRole::Attendee
    };
    let address = crate::ascii::trim(strip_mailto(crate::ascii::trim(&line[value])).unwrap_or(cn));
    let person = (!address.is_empty()).then(|| Person::new(address, role, offset));
    (person, guests)
}

impl Property {
    fn parse(line: &str) -> Property {
        let mut params = Vec::new();
        let value = scan_params(line, |name, value| params.push((name, value)));
        Property { params, value }
    }

    fn param<'l>(&self, line: &'l Unfolded<'_>, name: &str) -> Option<&'l str> {
        self.params
            .iter()
            .find(|(n, _)| line.as_str()[n.clone()].trim().eq_ignore_ascii_case(name))
            .map(|(_, r)| &line.as_str()[r.clone()])
    }

    /// The value with `\n`, `\,`, `\;`, `\\` escapes decoded.
    fn text(&self, line: &Unfolded<'_>) -> Mapped {
        line.unescape(self.value.clone())
    }

    fn apply(&self, kind: Wanted, name: &str, line: &Unfolded<'_>, start: usize, invitation: &mut Invitation) {
        let raw = &line.as_str()[self.value.clone()];
        match kind {
            Wanted::Uid => invitation.id = Some(raw.trim().to_owned()),
            Wanted::Class => invitation.labels.push(Label {
                name: "CLASS",
                value: raw.trim().to_owned(),
                offset: start,
            }),
            // Read in `handle`, without a position map.
            Wanted::Organizer | Wanted::Attendee => {}
            Wanted::Summary => {
                let text = self.text(line);
                invitation.summary = Some(text.as_str().trim().to_owned());
                invitation.fields.push(field("SUMMARY", name, text, false));
            }
            Wanted::Text => {
                let text = html_aware(self.text(line), false);
                invitation.fields.push(field("", name, text, false));
            }
            Wanted::AltDesc => {
                let is_html = self
                    .param(line, "FMTTYPE")
                    .is_some_and(|f| f.eq_ignore_ascii_case("text/html"));
                let text = html_aware(self.text(line), is_html);
                invitation.fields.push(field("X-ALT-DESC", name, text, false));
            }
            Wanted::Conference => {
                // RFC 7986: a CONFERENCE for a phone line, a chat room or a
                // feed is not a videoconference; its text is still read.
                let video = self.param(line, "FEATURE").is_none_or(|features| {
                    features.split(',').any(|f| {
                        let f = f.trim().trim_matches('"');
                        ["AUDIO", "VIDEO", "SCREEN", "MODERATOR"]
                            .iter()
                            .any(|v| f.eq_ignore_ascii_case(v))
                    })
                });
                invitation.fields.push(field("", name, self.text(line), video));
                if let Some((_, range)) = self
                    .params
                    .iter()
                    .find(|(n, _)| line.as_str()[n.clone()].trim().eq_ignore_ascii_case("LABEL"))
                {
                    let label = line.unescape(range.clone());
                    invitation
                        .fields
                        .push(field("", &format!("{} LABEL", name.to_ascii_uppercase()), label, false));
                }
            }
        }
    }
}

fn field(fixed: &'static str, name: &str, text: Mapped, conference: bool) -> Field {
    // The names of every event borrowed, not allocated.
    const COMMON: [&str; 5] = ["DESCRIPTION", "LOCATION", "URL", "COMMENT", "CONFERENCE"];
    let name = if !fixed.is_empty() {
        Cow::Borrowed(fixed)
    } else if let Some(common) = COMMON.iter().find(|c| c.eq_ignore_ascii_case(name)) {
        Cow::Borrowed(*common)
    } else {
        Cow::Owned(name.to_ascii_uppercase())
    };
    Field { name, text, conference }
}

/// Google and others put HTML in DESCRIPTION: read it as a page.
fn html_aware(text: Mapped, declared_html: bool) -> Mapped {
    if declared_html || markup::looks_like_html(text.as_str()) {
        markup::to_text(&text)
    } else {
        text
    }
}

/// The address of a `mailto:` value, or the value when it holds an `@`.
fn strip_mailto(value: &str) -> Option<&str> {
    // Bytes: a value shorter than the prefix, or with a character across
    // its end, is no `mailto:` but may still be an address.
    if crate::ascii::bytes_start_with_ignore_case(value.as_bytes(), b"mailto:") {
        Some(crate::ascii::trim(&value[7..]))
    } else if value.contains('@') {
        Some(value)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::decode::decode_undeclared;

    fn read(text: &str) -> ReadOutput {
        let mut out = ReadOutput::default();
        read_calendar(&decode_undeclared(text.as_bytes(), 0), &mut out, &Limits::default());
        out
    }

    #[test]
    fn unfolds_and_unescapes_with_original_positions() {
        let ics = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:1\r\nDESCRIPTION:Rejoindre\\, ici\\n https://cnrs.zo\r\n om.us/j/123\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let out = read(ics);
        assert_eq!(out.invitations.len(), 1);
        let inv = &out.invitations[0];
        assert_eq!(inv.id.as_deref(), Some("1"));
        let desc = &inv.fields[0];
        assert_eq!(desc.text.as_str(), "Rejoindre, ici\n https://cnrs.zoom.us/j/123");
        let url = desc.text.as_str().find("https").unwrap();
        assert_eq!(&ics[desc.text.orig(url)..desc.text.orig(url) + 5], "https");
        let om = desc.text.as_str().find("om.us").unwrap();
        assert_eq!(&ics[desc.text.orig(om)..desc.text.orig(om) + 5], "om.us");
        assert!(out.problems.is_empty());
    }

    #[test]
    fn raw_newlines_are_kept_and_reported() {
        let ics = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDESCRIPTION:Join Zoom\nhttps://zoom.us/j/1\nMeeting ID: 1\nEND:VEVENT\nEND:VCALENDAR\n";
        let out = read(ics);
        let desc = &out.invitations[0].fields[0];
        assert_eq!(desc.text.as_str(), "Join Zoom\nhttps://zoom.us/j/1\nMeeting ID: 1");
        assert_eq!(out.problems.len(), 1);
        assert_eq!(out.problems[0].kind, ProblemKind::MalformedLines { count: 2 });
    }

    #[test]
    fn credential_lines_after_raw_newlines_are_not_properties() {
        let ics = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDESCRIPTION:Join Zoom\nhttps://cnrs.zoom.us/j/91234567890\nPasscode: 482913\nPIN:123456\nX-MICROSOFT-CDO-BUSYSTATUS:BUSY\nEND:VEVENT\nEND:VCALENDAR\n";
        let out = read(ics);
        let desc = &out.invitations[0].fields[0];
        assert_eq!(
            desc.text.as_str(),
            "Join Zoom\nhttps://cnrs.zoom.us/j/91234567890\nPasscode: 482913\nPIN:123456"
        );
        assert_eq!(out.problems[0].kind, ProblemKind::MalformedLines { count: 3 });
    }

    #[test]
    fn known_properties_are_sorted_and_upper_case() {
        assert!(KNOWN_PROPERTIES.windows(2).all(|w| w[0] < w[1]));
        assert!(KNOWN_PROPERTIES.iter().all(|p| !p.iter().any(u8::is_ascii_lowercase)));
        let is_property_line = |line: &str| LineName::of(line).property;
        assert!(is_property_line("dtstart;TZID=Europe/Paris:20260101T100000"));
        assert!(is_property_line("X-WR-CALNAME:Agenda"));
        assert!(!is_property_line("Passcode:482913"));
        assert!(!is_property_line("https://zoom.us/j/1"));
        assert!(!is_property_line("X-:a"));
        // What is read of each line, whatever its case.
        let wanted = |line: &str| LineName::of(line).wanted;
        assert_eq!(wanted("attendee;CN=A:mailto:a@x.fr"), Some(Wanted::Attendee));
        assert_eq!(wanted("ATTENDEE;CN=A:mailto:a@x.fr"), Some(Wanted::Attendee));
        assert_eq!(wanted("ATTENDEE:mailto:a@x.fr"), Some(Wanted::Attendee));
        assert_eq!(
            LineName::of("ATTENDEE;CN=A:mailto:a@x.fr").len,
            LineName::of("Attendee;CN=A:mailto:a@x.fr").len
        );
        assert_eq!(wanted("X-Alt-Desc;FMTTYPE=text/html:<p>"), Some(Wanted::AltDesc));
        assert_eq!(wanted("X-ACME-JOINURL:https://x"), Some(Wanted::Conference));
        assert_eq!(wanted("X-MICROSOFT-CDO-BUSYSTATUS:BUSY"), None);
        assert_eq!(wanted("DTSTART:20260101T100000Z"), None);
        assert_eq!(wanted("Description"), None);
        for (name, kind) in WANTED {
            assert_eq!(
                wanted(&format!("{}:x", name.to_ascii_lowercase())),
                Some(kind),
                "{name}"
            );
        }
        // Every name is found, in any case; names close to them are not.
        for known in KNOWN_PROPERTIES {
            assert!(is_known_property(known), "{}", String::from_utf8_lossy(known));
            assert!(is_known_property(&known.to_ascii_lowercase()));
            for near in [[*known, &b"S"[..]].concat(), known[1..].to_vec()] {
                assert_eq!(is_known_property(&near), KNOWN_PROPERTIES.contains(&near.as_slice()));
            }
        }
        for unknown in [&b"PASSCODE"[..], b"PIN", b"MEETING ID", b"", b"X"] {
            assert!(!is_known_property(unknown));
        }
    }

    proptest::proptest! {
        /// The word-at-a-time search finds the first delimiter, as a byte
        /// loop does, whatever the bytes around it.
        #[test]
        fn find_any_finds_the_first_delimiter(
            bytes in proptest::collection::vec(proptest::sample::select(&b";:=,\"a\x00\x80\xff;"[..]), 0..40),
            from in 0usize..45,
        ) {
            for delimiters in [[b';', b':', b':'], [b'=', b';', b':'], [b',', b';', b':']] {
                let expected = bytes
                    .get(from..)
                    .and_then(|rest| rest.iter().position(|b| delimiters.contains(b)))
                    .map_or(bytes.len(), |k| from + k);
                proptest::prop_assert_eq!(find_any(&bytes, from, delimiters), expected);
            }
        }
    }

    /// The two passes `Unfolded::unescape` replaced: unfold with a
    /// position map, then unescape through it. The oracle of the test below.
    fn unfold_then_unescape(doc: &Mapped, pieces: &[(Range<usize>, bool)], range: Range<usize>) -> Mapped {
        let mut b = MappedBuilder::new();
        for (piece, newline) in pieces {
            if *newline {
                b.push_decoded_from("\n", doc, piece.start..piece.start);
            }
            b.push_from(doc, piece.clone());
        }
        let line = b.finish();
        let text = &line.as_str()[range.clone()];
        let mut b = MappedBuilder::with_capacity(text.len());
        let bytes = line.as_str().as_bytes();
        let mut run_start = range.start;
        let mut i = range.start;
        while let Some(at) = memchr::memchr(b'\\', &bytes[i..range.end]) {
            i += at;
            if i + 1 < range.end
                && let Some(decoded) = escaped(bytes[i + 1])
            {
                b.push_from(&line, run_start..i);
                b.push_decoded_from(decoded, &line, i..i + 2);
                i += 2;
                run_start = i;
                continue;
            }
            i += 1;
        }
        b.push_from(&line, run_start..range.end);
        b.finish()
    }

    proptest::proptest! {
        /// Unescaping straight from the pieces gives the text and the
        /// positions that unfolding then unescaping gave: escapes across
        /// folds, raw line breaks, decoded characters (Latin-1) included.
        #[test]
        fn unescape_from_pieces_agrees_with_two_passes(
            lines in proptest::collection::vec(("[a\\\\n,;:é ]{0,8}", proptest::bool::ANY), 1..5),
            latin1 in proptest::bool::ANY,
            cut in (0usize..100, 0usize..100),
        ) {
            // The document: pieces joined by folds, or by raw line breaks.
            let mut b = MappedBuilder::new();
            let mut pieces = Vec::new();
            let mut orig = 0;
            for (k, (line, newline)) in lines.iter().enumerate() {
                let newline = *newline && k > 0;
                if k > 0 {
                    let sep = if newline { "\n" } else { "\r\n " };
                    b.push_verbatim(sep, orig);
                    orig += sep.len();
                }
                let start = b.len();
                for c in line.chars() {
                    if latin1 && !c.is_ascii() {
                        b.push_decoded_char(c, orig..orig + 1);
                        orig += 1;
                    } else {
                        b.push_verbatim(c.encode_utf8(&mut [0; 4]), orig);
                        orig += c.len_utf8();
                    }
                }
                pieces.push((start..b.len(), newline));
            }
            let doc = b.finish();
            let line = LogicalLine { pieces, name: LineName::of("") };
            let (mut text, mut starts) = (String::new(), Vec::new());
            let unfolded = line.unfold_into(&doc, &mut text, &mut starts);
            let boundaries: Vec<usize> = (0..=unfolded.as_str().len()).filter(|&i| unfolded.as_str().is_char_boundary(i)).collect();
            let (a, b) = (boundaries[cut.0 % boundaries.len()], boundaries[cut.1 % boundaries.len()]);
            let range = a.min(b)..a.max(b);
            let fused = unfolded.unescape(range.clone());
            let expected = unfold_then_unescape(&doc, &line.pieces, range);
            proptest::prop_assert_eq!(fused.as_str(), expected.as_str());
            for t in 0..=fused.len() {
                proptest::prop_assert_eq!(fused.orig(t), expected.orig(t), "orig({})", t);
                proptest::prop_assert_eq!(fused.orig_end(t), expected.orig_end(t), "orig_end({})", t);
                for u in t..=fused.len() {
                    proptest::prop_assert_eq!(fused.is_verbatim(t..u), expected.is_verbatim(t..u));
                }
            }
        }
    }

    #[test]
    fn attendees_and_params() {
        let ics = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nORGANIZER;CN=\"Dupont: A\":mailto:A@x.fr\nATTENDEE;CUTYPE=ROOM:mailto:salle@x.fr\nATTENDEE;X-NUM-GUESTS=2:mailto:b@x.fr\nBEGIN:VALARM\nDESCRIPTION:Reminder\nEND:VALARM\nEND:VEVENT\n";
        let out = read(ics);
        let inv = &out.invitations[0];
        assert_eq!(inv.people.len(), 3);
        assert_eq!(inv.people[0].key, crate::input::address_key("a@x.fr"));
        assert_eq!(inv.people[0].role, PersonRole::Organizer);
        assert_eq!(inv.people[1].role, PersonRole::Resource);
        assert_eq!(inv.guests, 2);
        assert!(inv.fields.is_empty(), "VALARM text is not the event's");
        // The calendar's own balance is checked on the whole file (input::chunk).
        assert!(out.problems.is_empty());
    }

    #[test]
    fn common_line_starts_are_named_as_they_are_read() {
        for start in COMMON_LINE_STARTS {
            assert!(LineName::read(start).content, "{start}");
            for rest in [
                "",
                "20260101T080000Z",
                "//cnrs.zoom.us/j/1",
                "/x",
                ";TZID=Europe/Paris:1",
                "\u{e9}t\u{e9}",
            ] {
                for line in [
                    format!("{start}{rest}"),
                    format!("{}{rest}", start.to_ascii_lowercase()),
                ] {
                    assert_eq!(LineName::of(&line), LineName::read(&line), "{line}");
                }
            }
        }
        // A URL alone on a line is not a property named `URL`.
        assert!(!LineName::of("URL://cnrs.zoom.us/j/1").content);
        // The attendee line's name, written out in `of`.
        let attendee = "ATTENDEE;CN=A:mailto:a@x.fr";
        assert_eq!(LineName::of(attendee), LineName::read(attendee));
    }

    #[test]
    fn property_names_cut_by_a_fold_are_read() {
        let ics = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDESCR\r\n IPTION:Rejoindre https://cnrs.zoom.us/j/123\r\nLOCA\r\n TION;LANGUAGE=fr:Salle 1\r\nATTEN\r\n DEE;CN=A:mailto:a@x.fr\r\nEND:VEVENT\r\n";
        let out = read(ics);
        let inv = &out.invitations[0];
        let fields: Vec<(&str, &str)> = inv.fields.iter().map(|f| (&*f.name, f.text.as_str())).collect();
        assert_eq!(
            fields,
            [
                ("DESCRIPTION", "Rejoindre https://cnrs.zoom.us/j/123"),
                ("LOCATION", "Salle 1")
            ]
        );
        assert_eq!(inv.people.len(), 1);
        assert_eq!(inv.people[0].key, crate::input::address_key("a@x.fr"));
        assert!(out.problems.is_empty(), "{:?}", out.problems);
    }

    #[test]
    fn addresses_without_mailto_are_addresses_however_short() {
        // Six bytes; a character across the seventh.
        let ics =
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nATTENDEE;CN=Bob:b@x.fr\nATTENDEE;CN=Marie:marie.élodie@x.fr\nEND:VEVENT\n";
        let people = &read(ics).invitations[0].people;
        let keys: Vec<u64> = people.iter().map(|p| p.key).collect();
        assert_eq!(
            keys,
            [
                crate::input::address_key("b@x.fr"),
                crate::input::address_key("marie.élodie@x.fr")
            ]
        );
        assert!(people.iter().all(|p| p.addressed));
    }

    #[test]
    fn plain_attendee_lines_skip_the_parameter_walk() {
        // As Outlook, Google Calendar, Zoom and Thunderbird write them.
        for line in [
            "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=Personne 3:mailto:p3.456@labo-exemple.fr",
            "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=jean.dupont@cnrs.fr;X-NUM-GUESTS=0:mailto:jean.dupont@cnrs.fr",
            "ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=Grosjean Paul:mailto:pg@x.fr",
            "ATTENDEE;X-NUM-GUESTS=0;CN=Paul:mailto:p@x.fr",
            "attendee;role=opt-participant;cn=Roo Dupont:MAILTO:roo@x.fr",
            "ORGANIZER;CN=Jeanne Dupont:mailto:jeanne.dupont@cnrs.fr",
            "ATTENDEE:mailto:a@x.fr",
        ] {
            let organizer = line.starts_with("ORGANIZER");
            let plain = plain_person(line, organizer, 7).unwrap_or_else(|| panic!("walked: {line}"));
            assert_eq!(plain, person_by_parameters(line, organizer, 7), "{line}");
        }
        // A counting word (anywhere: a name too), a quote, or a name
        // without an address: walked.
        for line in [
            "ATTENDEE;CN=Groupe Projet X:mailto:gp@x.fr",
            "ATTENDEE;CUTYPE=GROUP:mailto:equipe@x.fr",
            "ATTENDEE;CUTYPE=room:mailto:salle@x.fr",
            "ATTENDEE;CUTYPE=Resource:mailto:projecteur@x.fr",
            "ATTENDEE;ROLE=NON-PARTICIPANT:mailto:info@x.fr",
            "ATTENDEE;x-num-guests=3:mailto:b@x.fr",
            "ATTENDEE;X-NUM-GUESTS=00:mailto:b@x.fr",
            "ATTENDEE;X-NUM-GUESTS=0,1:mailto:b@x.fr",
            "ATTENDEE;X-NUM-GUESTS=0;X-NUM-GUESTS=2:mailto:b@x.fr",
            // More false starts than are worth a search each.
            "ATTENDEE;CN=Gro Gro Gro Gro Gro Gro Gro Gro Gro:mailto:a@x.fr",
            "ATTENDEE;CN=\"Dupont: A\":mailto:a@x.fr",
            "ATTENDEE;CN=Jean Dupont:Jean Dupont",
            "ATTENDEE;CN=Jean Dupont",
        ] {
            assert!(plain_person(line, false, 0).is_none(), "{line}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// The plain reading, where it answers, says what the walk says.
        #[test]
        fn plain_attendee_lines_read_as_the_walk_reads_them(
            params in proptest::collection::vec(
                (
                    proptest::sample::select(vec![
                        "CUTYPE", "cutype", "ROLE", "Role", "X-NUM-GUESTS", "x-Num-Guests", "CN", " CUTYPE ",
                        "ROLE\u{a0}",
                    ]),
                    proptest::option::of(proptest::sample::select(vec![
                        "INDIVIDUAL", "GROUP", "group", "ROOM", "rOOm", "RESOURCE", "ressource",
                        "NON-PARTICIPANT", "non-participant", "REQ-PARTICIPANT", "2", "\"a:b\"", "Gro",
                        "ROOM ", "GROUP,ROOM", "0", "00", "05", "0,1", " 0", "Gro Roo Res Non X-N Gro Roo Res Non",
                    ])),
                ),
                0..4,
            ),
            value in proptest::sample::select(vec![
                "mailto:a@x.fr", "MAILTO: b@X.fr ", "c@x.fr", "Jean", "", "mailto:", " mailto:d@x.fr",
            ]),
            organizer: bool,
        ) {
            let mut line = String::from(if organizer { "ORGANIZER" } else { "ATTENDEE" });
            for (name, value) in &params {
                line.push(';');
                line.push_str(name);
                if let Some(value) = value {
                    line.push('=');
                    line.push_str(value);
                }
            }
            line.push(':');
            line.push_str(value);
            if let Some(plain) = plain_person(&line, organizer, 3) {
                proptest::prop_assert_eq!(plain, person_by_parameters(&line, organizer, 3), "{}", line);
            }
        }
    }
}
