//! Finding links in text and seeing through redirect wrappers.

use std::ops::Range;
use std::sync::LazyLock;

use url::Url;

use crate::ascii::{starts_with_ignore_case, strip_prefix_ignore_case};

/// A link found in a text field.
#[derive(Debug, Clone)]
pub struct Link {
    /// Range of the link as written (wrapper included) in the field's text.
    pub range: Range<usize>,
    /// The URL after unwrapping SafeLinks and redirects.
    pub url: Url,
    /// Whether `url` was unwrapped from another link (its bytes are not the
    /// original's, so it cannot be rewritten in place).
    pub wrapped: bool,
}

/// Substring finders built once (building one per search costs more than
/// searching a short text).
static SCHEME_SEPARATOR: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(b"://"));
static WWW: LazyLock<memchr::memmem::Finder<'static>> = LazyLock::new(|| memchr::memmem::Finder::new(b"www."));
static MSTEAMS: LazyLock<memchr::memmem::Finder<'static>> = LazyLock::new(|| memchr::memmem::Finder::new(b"msteams:"));

/// Schemes of meeting links.
const SCHEMES: [&str; 4] = ["http", "https", "zoommtg", "zoomus"];

/// Bytes that end a URL written in text.
fn ends_url(b: u8) -> bool {
    b.is_ascii_whitespace() || matches!(b, b'<' | b'>' | b'"' | b'\'' | b'`' | b'{' | b'}' | b'|' | b'\\' | b'^')
}

/// The end of the URL that starts at `from`.
fn url_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| ends_url(b))
        .map_or(bytes.len(), |k| from + k)
}

/// Meeting hosts people write without `https://` (`cnrs.zoom.us/j/123`).
#[derive(Debug, Clone)]
pub struct BareHosts {
    /// Lower-cased hosts; a subdomain of one matches too.
    hosts: std::collections::HashSet<String>,
}

impl BareHosts {
    pub fn new<'a>(hosts: impl IntoIterator<Item = &'a str>) -> BareHosts {
        BareHosts {
            hosts: hosts
                .into_iter()
                .filter(|h| !h.is_empty())
                .map(str::to_ascii_lowercase)
                .collect(),
        }
    }

    /// Whether `host` (lower-case) is a known host or a subdomain of one.
    fn knows(&self, host: &str) -> bool {
        let mut rest = host;
        loop {
            if self.hosts.contains(rest) {
                return true;
            }
            match rest.find('.') {
                Some(dot) => rest = &rest[dot + 1..],
                None => return false,
            }
        }
    }
}

/// Finds links in `text`: URLs with a scheme, `www.` and `msteams:` links,
/// and bare `host/path` mentions of known meeting hosts. A hand-written
/// scanner (SIMD substring search, then a walk around each hit): it runs on
/// every text of every event.
pub fn find_links(text: &str, bare_hosts: &BareHosts) -> Vec<Link> {
    find_link_ranges(text, bare_hosts)
        .into_iter()
        .filter_map(|range| parse_link(&text[range.clone()]).map(|(url, wrapped)| Link { range, url, wrapped }))
        .collect()
}

/// Whether `pos` lies inside one of `ranges` (sorted by start).
fn covered(ranges: &[Range<usize>], pos: usize) -> bool {
    let i = ranges.partition_point(|r| r.start <= pos);
    i > 0 && pos < ranges[i - 1].end
}

/// Where the links of `text` are written (see [`find_links`]). Linear in
/// the text: every stretch is scanned a bounded number of times, whatever
/// the text holds.
pub fn find_link_ranges(text: &str, bare_hosts: &BareHosts) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let boundary_before = |at: usize| at == 0 || !bytes[at - 1].is_ascii_alphanumeric();
    // URLs with a scheme, in text order.
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for sep in SCHEME_SEPARATOR.find_iter(bytes) {
        if ranges.last().is_some_and(|r| sep < r.end) {
            continue;
        }
        let floor = ranges.last().map_or(0, |r| r.end);
        let mut start = sep;
        while start > floor
            && (bytes[start - 1].is_ascii_alphanumeric() || matches!(bytes[start - 1], b'+' | b'-' | b'.'))
        {
            start -= 1;
        }
        // The scheme is the trailing letters of what stands before "://".
        while start < sep && !bytes[start].is_ascii_alphabetic() {
            start += 1;
        }
        let scheme = &text[start..sep];
        let Some(offset) = SCHEMES
            .iter()
            .filter(|s| crate::ascii::bytes_end_with_ignore_case(scheme.as_bytes(), s.as_bytes()))
            .map(|s| scheme.len() - s.len())
            .min()
        else {
            continue;
        };
        let start = start + offset;
        if !boundary_before(start) {
            continue;
        }
        ranges.push(start..url_end(bytes, sep));
    }
    // `www.` and `msteams:` links outside them.
    let mut starts: Vec<usize> = WWW.find_iter(bytes).chain(MSTEAMS.find_iter(bytes)).collect();
    starts.sort_unstable();
    let mut more: Vec<Range<usize>> = Vec::new();
    for start in starts {
        if !boundary_before(start) || covered(&ranges, start) || more.last().is_some_and(|r| start < r.end) {
            continue;
        }
        more.push(start..url_end(bytes, start));
    }
    ranges.extend(more);
    ranges.sort_by_key(|r| r.start);
    // Bare hosts: a known host right before a '/', outside the links found.
    if !bare_hosts.hosts.is_empty() {
        let mut bare: Vec<Range<usize>> = Vec::new();
        let mut host = String::new();
        let mut floor = 0;
        for slash in memchr::memchr_iter(b'/', bytes) {
            if slash < floor || covered(&ranges, slash) {
                continue;
            }
            let mut start = slash;
            while start > floor && (bytes[start - 1].is_ascii_alphanumeric() || matches!(bytes[start - 1], b'-' | b'.'))
            {
                start -= 1;
            }
            floor = slash + 1;
            if start == slash || !text[start..slash].contains('.') {
                continue;
            }
            // Part of an address or of a path.
            if matches!(start.checked_sub(1).map(|i| bytes[i]), Some(b'/' | b'@' | b'_' | b':')) {
                continue;
            }
            host.clear();
            host.push_str(&text[start..slash]);
            host.make_ascii_lowercase();
            if bare_hosts.knows(host.trim_start_matches('.')) {
                let end = url_end(bytes, slash);
                floor = end;
                bare.push(start..end);
            }
        }
        ranges.extend(bare);
        ranges.sort_by_key(|r| r.start);
    }
    ranges
        .into_iter()
        .map(|r| r.start..r.start + trim_url(&text[r.clone()]).len())
        .filter(|r| !r.is_empty())
        .collect()
}

/// The URL a link written as `written` leads to, unwrapped from SafeLinks
/// and redirects (and whether it was wrapped).
pub fn parse_link(written: &str) -> Option<(Url, bool)> {
    let has_scheme = written.contains("://") || starts_with_ignore_case(written, "msteams:");
    if has_scheme || starts_with_ignore_case(written, "www.") {
        make_link(written)
    } else {
        make_link(&format!("https://{written}"))
    }
}

/// Drops what ends a sentence rather than the URL: trailing punctuation, and
/// closing brackets that have no opening one inside the URL.
fn trim_url(s: &str) -> &str {
    // Bracket balance (opening, closing) counted once, when a closing
    // bracket ends the URL (most end with a letter or digit: nothing to
    // count), and updated as characters are dropped.
    let mut parens: Option<(usize, usize)> = None;
    let mut brackets: Option<(usize, usize)> = None;
    // Whether the closing `close` at the end has no opening `open` inside.
    let unbalanced = |balance: &mut Option<(usize, usize)>, open: u8, close: u8| {
        let count = |c: u8| s.bytes().filter(|&b| b == c).count();
        let (opening, closing) = balance.get_or_insert_with(|| (count(open), count(close)));
        let unbalanced = *opening < *closing;
        if unbalanced {
            *closing -= 1;
        }
        unbalanced
    };
    let mut end = s.len();
    while let Some(last) = s[..end].chars().next_back() {
        let drop = match last {
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '"' | '*' | '»' | '“' | '”' | '’' | '>' => true,
            ')' => unbalanced(&mut parens, b'(', b')'),
            ']' => unbalanced(&mut brackets, b'[', b']'),
            _ => false,
        };
        if !drop {
            break;
        }
        end -= last.len_utf8();
    }
    &s[..end]
}

fn make_link(raw: &str) -> Option<(Url, bool)> {
    let raw = if starts_with_ignore_case(raw, "www.") {
        format!("https://{raw}")
    } else if let Some(rest) = strip_prefix_ignore_case(raw, "msteams:") {
        // msteams:/l/meetup-join/... opens the desktop client.
        format!("msteams://teams.microsoft.com/{}", rest.trim_start_matches('/'))
    } else {
        raw.to_owned()
    };
    let url = Url::parse(&raw).ok()?;
    Some(unwrap(url))
}

/// Sees through link wrappers (several levels): Outlook SafeLinks, Google
/// redirects, Teams' SafeLinks page, Proofpoint and Barracuda rewriting.
pub fn unwrap(url: Url) -> (Url, bool) {
    let mut current = url;
    let mut wrapped = false;
    for _ in 0..4 {
        match unwrap_once(&current) {
            Some(inner) => {
                current = inner;
                wrapped = true;
            }
            None => break,
        }
    }
    (current, wrapped)
}

fn query_param(url: &Url, names: &[&str]) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| names.iter().any(|n| k.eq_ignore_ascii_case(n)))
        .map(|(_, v)| v.into_owned())
}

fn unwrap_once(url: &Url) -> Option<Url> {
    let host = url.host_str()?.to_ascii_lowercase();
    let path = url.path();
    let inner = if host.ends_with("safelinks.protection.outlook.com") {
        query_param(url, &["url"])
    } else if (host == "google.com" || host.starts_with("www.google.") || host == "google.fr") && path == "/url" {
        query_param(url, &["q", "url"])
    } else if host == "statics.teams.cdn.office.net" && path.contains("safelinks") {
        query_param(url, &["url"])
    } else if host == "linkprotect.cudasvc.com" {
        query_param(url, &["a"])
    } else if host == "urldefense.com" && path.starts_with("/v3/__") {
        let s = url.as_str();
        let start = s.find("/v3/__")? + 6;
        let end = s[start..].find("__;").map_or(s.len(), |e| start + e);
        Some(s[start..end].to_owned())
    } else if host == "urldefense.proofpoint.com" && path.starts_with("/v2/url") {
        query_param(url, &["u"]).map(|u| decode_proofpoint_v2(&u))
    } else {
        None
    }?;
    Url::parse(inner.trim()).ok()
}

/// Proofpoint v2 writes `https-3A__host_path` for `https://host/path`.
fn decode_proofpoint_v2(s: &str) -> String {
    let replaced = s.replace('_', "/");
    let mut out = String::with_capacity(replaced.len());
    let bytes = replaced.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'-'
            && i + 2 < bytes.len()
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit()
            && let Ok(v) = u8::from_str_radix(&replaced[i + 1..i + 3], 16)
        {
            out.push(v as char);
            i += 3;
            continue;
        }
        out.push(bytes[i] as char);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts() -> BareHosts {
        BareHosts::new(["zoom.us", "meet.google.com"])
    }

    #[test]
    fn finds_urls_and_trims_punctuation() {
        let links = find_links(
            "Lien : https://cnrs.zoom.us/j/123?pwd=abc. (voir https://meet.google.com/abc-defg-hij)",
            &hosts(),
        );
        assert_eq!(links.len(), 2);
        assert_eq!(links[0].url.as_str(), "https://cnrs.zoom.us/j/123?pwd=abc");
        assert_eq!(links[1].url.as_str(), "https://meet.google.com/abc-defg-hij");
    }

    #[test]
    fn closing_brackets_are_kept_when_the_url_opens_them() {
        for (written, url) in [
            ("(https://x.example/a_(b))", "https://x.example/a_(b)"),
            ("voir https://x.example/a_(b)).", "https://x.example/a_(b)"),
            ("[https://x.example/p[1]]", "https://x.example/p[1]"),
            ("(https://x.example/a)]", "https://x.example/a"),
            ("https://x.example/a)b)", "https://x.example/a)b"),
        ] {
            assert_eq!(trim_url(&written[written.find("https").unwrap()..]), url, "{written}");
        }
    }

    #[test]
    fn finds_bare_hosts_but_not_addresses() {
        let links = find_links("rejoindre cnrs.zoom.us/j/91234567890 ; contact: x@zoom.us/", &hosts());
        assert_eq!(links.len(), 1);
        assert_eq!(links[0].url.host_str(), Some("cnrs.zoom.us"));
        assert_eq!(links[0].range.start, 10);
    }

    #[test]
    fn unwraps_safelinks_and_google_redirects() {
        let text = "<https://eur03.safelinks.protection.outlook.com/?url=https%3A%2F%2Fcnrs.zoom.us%2Fj%2F912%3Fpwd%3Dx&data=1>";
        let links = find_links(text, &hosts());
        assert_eq!(links[0].url.as_str(), "https://cnrs.zoom.us/j/912?pwd=x");
        assert!(links[0].wrapped);
        let g = find_links(
            "https://www.google.com/url?q=https://meet.google.com/abc-defg-hij&sa=D",
            &hosts(),
        );
        assert_eq!(g[0].url.as_str(), "https://meet.google.com/abc-defg-hij");
    }
}
