//! mbox mailboxes: messages separated by `From ` lines.

use std::ops::Range;

/// Byte ranges of the messages of a mailbox, each without its `From ` line.
///
/// A `From ` line starts a message when it is the first line or follows an
/// empty line (mboxo, mboxrd, and the "unquoted" variant Thunderbird writes).
/// Quoted `>From ` lines inside bodies are left as they are: they are text.
pub fn messages(bytes: &[u8]) -> Vec<Range<usize>> {
    let mut starts = Vec::new();
    let mut line_start = 0;
    let mut previous_blank = true;
    while line_start < bytes.len() {
        let line_end = memchr::memchr(b'\n', &bytes[line_start..]).map_or(bytes.len(), |i| line_start + i + 1);
        let line = &bytes[line_start..line_end];
        if previous_blank && line.starts_with(b"From ") {
            starts.push((line_start, line_end));
        }
        previous_blank = matches!(line, b"\n" | b"\r\n");
        line_start = line_end;
    }
    let mut messages = Vec::with_capacity(starts.len());
    for (k, &(_, body_start)) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(bytes.len(), |&(next, _)| next);
        if body_start < end {
            messages.push(body_start..end);
        }
    }
    if starts.is_empty() && !bytes.is_empty() {
        // Not really a mailbox: read it as one message.
        messages.push(0..bytes.len());
    }
    messages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_from_lines_after_blank_lines() {
        let mbox = b"From a@x Mon\nSubject: 1\n\nbody\nFrom inside text\n\nFrom b@x Tue\nSubject: 2\n\nx\n";
        let parts = messages(mbox);
        assert_eq!(parts.len(), 2);
        assert!(mbox[parts[0].clone()].starts_with(b"Subject: 1"));
        assert!(mbox[parts[1].clone()].starts_with(b"Subject: 2"));
    }
}
