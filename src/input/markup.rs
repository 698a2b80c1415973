//! HTML and Markdown to text.
//!
//! A tolerant tokenizer, not a DOM: it keeps text, comments, and the URLs of
//! `href`/`src` attributes (written into the text where the tag stood), decodes
//! entities, and turns block boundaries into line breaks so that "Passcode:"
//! and its value stay on one line as a reader sees them. Every byte keeps its
//! original position. Linear in the input, whatever the input.

use std::ops::Range;

use crate::mapped::{Mapped, MappedBuilder};

/// Whether a property value is evidently HTML.
pub fn looks_like_html(text: &str) -> bool {
    const TAGS: [&[u8]; 6] = [b"<a href", b"<br", b"</p>", b"<html", b"</div>", b"</a>"];
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'<', bytes).any(|at| {
        TAGS.iter()
            .any(|t| crate::ascii::bytes_start_with_ignore_case(&bytes[at..], t))
    })
}

/// Tags after which the text flows on a new line.
fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "br" | "p"
            | "div"
            | "tr"
            | "li"
            | "ul"
            | "ol"
            | "table"
            | "tbody"
            | "thead"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "hr"
            | "blockquote"
            | "pre"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "nav"
            | "main"
            | "aside"
            | "dd"
            | "dt"
            | "dl"
            | "title"
            | "body"
            | "head"
            | "html"
            | "form"
            | "figure"
            | "figcaption"
            | "details"
            | "summary"
    )
}

/// Attributes whose value may be a meeting link.
fn is_link_attribute(name: &str) -> bool {
    matches!(
        name,
        "href" | "src" | "action" | "data-href" | "data-url" | "content" | "cite" | "poster"
    )
}

fn looks_like_url(value: &str) -> bool {
    let v = value.trim_start();
    v.contains("://")
        || v.starts_with("www.")
        || ["zoommtg:", "zoomus:", "msteams:", "sip:"]
            .iter()
            .any(|s| crate::ascii::starts_with_ignore_case(v, s))
}

/// Finds the next occurrence of a needle at or after a position,
/// remembering the last answer so that repeated searches never rescan: with
/// a tag that is never closed, every `<` after it would otherwise search to
/// the end.
struct NextMatch {
    needle: &'static [u8],
    /// ASCII letters match whatever their case (`</STYLE`).
    ignore_case: bool,
    /// Position searched from and the answer found.
    cache: Option<(usize, Option<usize>)>,
}

impl NextMatch {
    fn new(needle: &'static [u8]) -> NextMatch {
        NextMatch {
            needle,
            ignore_case: false,
            cache: None,
        }
    }

    fn ignoring_case(needle: &'static [u8]) -> NextMatch {
        NextMatch {
            needle,
            ignore_case: true,
            cache: None,
        }
    }

    fn find(&mut self, hay: &[u8], from: usize) -> Option<usize> {
        if let Some((searched_from, found)) = self.cache
            && searched_from <= from
        {
            match found {
                None => return None,
                Some(p) if p >= from => return Some(p),
                Some(_) => {}
            }
        }
        let rest = &hay[from.min(hay.len())..];
        let found = match self.needle {
            _ if self.ignore_case => find_ignore_case(rest, self.needle),
            [byte] => memchr::memchr(*byte, rest),
            needle => memchr::memmem::find(rest, needle),
        }
        .map(|i| from + i);
        self.cache = Some((from, found));
        found
    }
}

/// Converts a page (or an HTML property value) into text with positions.
pub fn to_text(src: &Mapped) -> Mapped {
    let text = src.as_str();
    let bytes = text.as_bytes();
    let mut out = MappedBuilder::with_capacity(text.len());
    let mut finders = TagFinders {
        gt: NextMatch::new(b">"),
        double_quote: NextMatch::new(b"\""),
        single_quote: NextMatch::new(b"'"),
    };
    let mut next_comment_end = NextMatch::new(b"-->");
    let mut style_end = NextMatch::ignoring_case(b"</style");
    let mut script_end = NextMatch::ignoring_case(b"</script");
    let mut run_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'&' => {
                if let Some(len) = entity_len(&bytes[i..]) {
                    let entity = &text[i..i + len];
                    let decoded = html_escape::decode_html_entities(entity);
                    if decoded != entity {
                        out.push_from(src, run_start..i);
                        let decoded = decoded.replace('\u{a0}', " ");
                        out.push_decoded_from(&decoded, src, i..i + len);
                        i += len;
                        run_start = i;
                        continue;
                    }
                }
                i += 1;
            }
            b'<' => {
                let rest = &bytes[i..];
                if rest.starts_with(b"<!--") {
                    out.push_from(src, run_start..i);
                    // Comment text is kept: codes hide there too, and so do
                    // `visiolint: ignore` directives.
                    let body_start = i + 4;
                    let end = next_comment_end.find(bytes, body_start).unwrap_or(bytes.len());
                    out.push_decoded_from("\n", src, i..body_start);
                    out.push_from(src, body_start..end);
                    let after = (end + 3).min(bytes.len());
                    out.push_decoded_from("\n", src, end..after);
                    i = after;
                    run_start = i;
                    continue;
                }
                match parse_tag(text, i, &mut finders) {
                    Some(tag) => {
                        out.push_from(src, run_start..i);
                        let name = tag.name.as_str();
                        if !tag.closing {
                            for value in &tag.link_values {
                                emit_attribute(&mut out, src, value.clone());
                            }
                        }
                        if is_block(name) || (tag.closing && matches!(name, "td" | "th")) {
                            out.push_decoded_from("\n", src, tag.range.clone());
                        } else if matches!(name, "td" | "th") {
                            out.push_decoded_from(" ", src, tag.range.clone());
                        }
                        i = tag.range.end;
                        if !tag.closing && (name == "style" || name == "script") {
                            // Style sheets are noise; scripts are kept as text.
                            let closing = if name == "style" {
                                &mut style_end
                            } else {
                                &mut script_end
                            };
                            let close = closing.find(bytes, i).unwrap_or(bytes.len());
                            if name == "script" {
                                out.push_from(src, i..close);
                            }
                            i = close;
                        }
                        run_start = i;
                    }
                    None => i += 1,
                }
            }
            _ => {
                // Skip ahead to the next interesting byte.
                i += memchr::memchr2(b'&', b'<', &bytes[i..]).unwrap_or(bytes.len() - i);
            }
        }
    }
    out.push_from(src, run_start..bytes.len());
    out.finish()
}

/// Writes an attribute's URL into the text, entity-decoded, between spaces.
fn emit_attribute(out: &mut MappedBuilder, src: &Mapped, range: Range<usize>) {
    let value = &src.as_str()[range.clone()];
    out.push_decoded_from(" ", src, range.start..range.start);
    let bytes = value.as_bytes();
    let mut run_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'&'
            && let Some(len) = entity_len(&bytes[i..])
        {
            let entity = &value[i..i + len];
            let decoded = html_escape::decode_html_entities(entity);
            if decoded != entity {
                out.push_from(src, range.start + run_start..range.start + i);
                out.push_decoded_from(&decoded, src, range.start + i..range.start + i + len);
                i += len;
                run_start = i;
                continue;
            }
        }
        i += 1;
    }
    out.push_from(src, range.start + run_start..range.end);
    out.push_decoded_from(" ", src, range.end..range.end);
}

/// Length of a character reference at the start of `bytes`, if it is one.
fn entity_len(bytes: &[u8]) -> Option<usize> {
    debug_assert_eq!(bytes.first(), Some(&b'&'));
    let body = &bytes[1..];
    let (len, needs_semicolon) = if body.first() == Some(&b'#') {
        let hex = matches!(body.get(1), Some(b'x' | b'X'));
        let digits_start = if hex { 2 } else { 1 };
        let digits = body[digits_start..]
            .iter()
            .take(8)
            .take_while(|b| if hex { b.is_ascii_hexdigit() } else { b.is_ascii_digit() })
            .count();
        if digits == 0 {
            return None;
        }
        (digits_start + digits, false)
    } else {
        let name = body.iter().take(32).take_while(|b| b.is_ascii_alphanumeric()).count();
        if name == 0 {
            return None;
        }
        (name, true)
    };
    match body.get(len) {
        Some(b';') => Some(len + 2),
        _ if !needs_semicolon => Some(len + 1),
        // `&amp` without `;` is common in hand-written pages.
        _ if matches!(&body[..len], b"amp" | b"lt" | b"gt" | b"quot" | b"nbsp") => Some(len + 1),
        _ => None,
    }
}

struct TagFinders {
    gt: NextMatch,
    double_quote: NextMatch,
    single_quote: NextMatch,
}

struct Tag {
    name: String,
    closing: bool,
    range: Range<usize>,
    link_values: Vec<Range<usize>>,
}

/// Parses the tag starting at `start` (`<`). `None` when it is not a tag
/// (a lone `<`, an autolink such as `<https://...>`, or no closing `>`).
fn parse_tag(text: &str, start: usize, finders: &mut TagFinders) -> Option<Tag> {
    let bytes = text.as_bytes();
    let mut i = start + 1;
    let closing = bytes.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    if bytes.get(i) == Some(&b'!') || bytes.get(i) == Some(&b'?') {
        // Doctype, CDATA, processing instruction: skipped whole.
        let end = finders.gt.find(bytes, i)?;
        return Some(Tag {
            name: String::new(),
            closing: true,
            range: start..end + 1,
            link_values: Vec::new(),
        });
    }
    let name_start = i;
    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'-' | b':' | b'_')) {
        i += 1;
    }
    if i == name_start || !bytes[name_start].is_ascii_alphabetic() {
        return None;
    }
    // `<https://...>` and `<user@host>` are autolinks, not tags.
    if bytes[i..].starts_with(b"//") || bytes.get(i) == Some(&b'@') || bytes.get(i) == Some(&b'.') {
        return None;
    }
    let name = text[name_start..i].to_ascii_lowercase();
    let mut link_values = Vec::new();
    // Attributes.
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            return None;
        }
        if bytes[i] == b'>' {
            return Some(Tag {
                name,
                closing,
                range: start..i + 1,
                link_values,
            });
        }
        if bytes[i] == b'<' {
            // A new tag starts before this one closed: this was not a tag.
            return None;
        }
        let attr_start = i;
        while i < bytes.len() && !matches!(bytes[i], b'=' | b'>' | b'<') && !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let attr = text[attr_start..i].to_ascii_lowercase();
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if bytes.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let value = match bytes.get(i) {
            Some(&q @ (b'"' | b'\'')) => {
                // An unterminated quote ends at the tag's `>`.
                let gt = finders.gt.find(bytes, i + 1).unwrap_or(bytes.len());
                let quotes = if q == b'"' {
                    &mut finders.double_quote
                } else {
                    &mut finders.single_quote
                };
                let close = quotes.find(bytes, i + 1);
                match close {
                    Some(c) => {
                        let v = i + 1..c;
                        i = c + 1;
                        v
                    }
                    None => {
                        let v = i + 1..gt;
                        i = gt;
                        v
                    }
                }
            }
            Some(_) => {
                let s = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                    i += 1;
                }
                s..i
            }
            None => return None,
        };
        if is_link_attribute(&attr) && looks_like_url(&text[value.clone()]) {
            link_values.push(value);
        }
    }
}

/// `needle` in `hay`, ASCII letters compared without case (the first byte
/// of `needle` must not be a letter).
fn find_ignore_case(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let mut pos = 0;
    while let Some(k) = memchr::memchr(needle[0], &hay[pos..]) {
        let at = pos + k;
        if crate::ascii::bytes_start_with_ignore_case(&hay[at..], needle) {
            return Some(at);
        }
        pos = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(html: &str) -> Mapped {
        to_text(&Mapped::verbatim(html.to_owned(), 0))
    }

    #[test]
    fn links_in_attributes_are_kept_with_positions() {
        let html = r#"<p>Rejoindre&nbsp;: <a href="https://cnrs.zoom.us/j/1?pwd=a&amp;x=1">ici</a></p>"#;
        let text = page(html);
        assert!(
            text.as_str().contains("https://cnrs.zoom.us/j/1?pwd=a&x=1"),
            "{:?}",
            text.as_str()
        );
        let at = text.as_str().find("https").unwrap();
        assert_eq!(text.orig(at), html.find("https").unwrap());
        assert!(text.as_str().contains("Rejoindre :"));
    }

    #[test]
    fn blocks_become_lines_and_comments_are_kept() {
        let text = page("<div>Code secret :</div><div>123456</div><!-- visiolint: ignore[VL302] -->x");
        assert!(text.as_str().contains("Code secret :\n"));
        assert!(text.as_str().contains("visiolint: ignore[VL302]"));
    }

    #[test]
    fn autolinks_and_stray_brackets_are_text() {
        let text = page("voir <https://meet.jit.si/Labo> et a < b");
        assert_eq!(text.as_str(), "voir <https://meet.jit.si/Labo> et a < b");
    }

    #[test]
    fn unclosed_tags_stay_linear() {
        let hostile = "<a href=\"x".repeat(20_000);
        let text = page(&hostile);
        assert_eq!(text.len(), hostile.len());
    }
}
