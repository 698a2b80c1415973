//! Finding links in text and seeing through redirect wrappers.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use url::Url;

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

/// URLs with a scheme, and `www.` hosts.
static SCHEME_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)(?-u:\b)(?:https?://|zoommtg://|zoomus://|msteams:/?/?|www\.)[^\s<>"'`{}|\\^]+"#)
        .expect("valid regex")
});

/// Finds links in `text`: URLs with a scheme, plus bare `host/path` mentions
/// of the meeting hosts matched by `bare_hosts` (people write
/// `cnrs.zoom.us/j/123` without `https://`).
pub fn find_links(text: &str, bare_hosts: &Regex) -> Vec<Link> {
    let mut links = Vec::new();
    if !might_hold_link(text) {
        return links;
    }
    let mut taken: Vec<Range<usize>> = Vec::new();
    for m in SCHEME_URL.find_iter(text) {
        let range = m.start()..m.start() + trim_url(m.as_str()).len();
        taken.push(range.clone());
        if let Some(link) = make_link(&text[range.clone()], range) {
            links.push(link);
        }
    }
    for m in bare_hosts.find_iter(text) {
        let start = m.start();
        // Part of a longer host name, a URL already found, or an address.
        if start > 0 && matches!(text.as_bytes()[start - 1], b'.' | b'/' | b'@' | b'-' | b'_') {
            continue;
        }
        if taken.iter().any(|r| r.start <= start && start < r.end) {
            continue;
        }
        let range = start..start + trim_url(m.as_str()).len();
        let with_scheme = format!("https://{}", &text[range.clone()]);
        if let Some(link) = make_link(&with_scheme, range) {
            links.push(link);
        }
    }
    links.sort_by_key(|l| l.range.start);
    links
}

/// Cheap test before running the link regexes over a field.
fn might_hold_link(text: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), b"://").is_some()
        || memchr::memchr(b'/', text.as_bytes()).is_some()
        || memchr::memmem::find(text.as_bytes(), b"msteams:").is_some()
}

/// Drops what ends a sentence rather than the URL: trailing punctuation, and
/// closing brackets that have no opening one inside the URL.
fn trim_url(s: &str) -> &str {
    let mut end = s.len();
    while let Some(last) = s[..end].chars().next_back() {
        let drop = match last {
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '"' | '*' | '»' | '“' | '”' | '’' => true,
            ')' => s[..end].matches('(').count() < s[..end].matches(')').count(),
            ']' => s[..end].matches('[').count() < s[..end].matches(']').count(),
            '>' => true,
            _ => false,
        };
        if !drop {
            break;
        }
        end -= last.len_utf8();
    }
    &s[..end]
}

fn make_link(raw: &str, range: Range<usize>) -> Option<Link> {
    let raw = if raw.len() >= 4 && raw[..4].eq_ignore_ascii_case("www.") {
        format!("https://{raw}")
    } else if let Some(rest) = strip_prefix_ignore_case(raw, "msteams:") {
        // msteams:/l/meetup-join/... opens the desktop client.
        format!("msteams://teams.microsoft.com/{}", rest.trim_start_matches('/'))
    } else {
        raw.to_owned()
    };
    let url = Url::parse(&raw).ok()?;
    let (url, wrapped) = unwrap(url);
    Some(Link { range, url, wrapped })
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    if s.len() >= prefix.len() && s[..prefix.len()].eq_ignore_ascii_case(prefix) {
        Some(&s[prefix.len()..])
    } else {
        None
    }
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

/// Builds the regex of bare `host/path` mentions for the given hosts.
pub fn bare_host_regex<'a>(hosts: impl IntoIterator<Item = &'a str>) -> Regex {
    let mut alternatives: Vec<String> = hosts.into_iter().map(regex::escape).collect();
    alternatives.sort_by_key(|h| std::cmp::Reverse(h.len()));
    alternatives.dedup();
    if alternatives.is_empty() {
        return Regex::new(r"[^\s\S]").expect("valid regex");
    }
    Regex::new(&format!(
        r#"(?i)\b(?:[a-z0-9-]+\.)*(?:{})/[^\s<>"'`{{}}|\\^]+"#,
        alternatives.join("|")
    ))
    .expect("valid regex")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts() -> Regex {
        bare_host_regex(["zoom.us", "meet.google.com"])
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
