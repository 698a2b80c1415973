//! Which videoconference service a URL belongs to, and which meeting.

use percent_encoding::percent_decode_str;
use url::Url;

use crate::policy::{Platform, Policy, host_matches};

/// A URL recognised as a meeting.
#[derive(Debug, Clone)]
pub struct Identified {
    /// Index of the platform in the policy (`None`: an unknown service,
    /// named by a conference property).
    pub platform: Option<usize>,
    pub host: String,
    pub meeting_id: Option<String>,
    /// What makes two links the same meeting.
    pub key: String,
}

impl Identified {
    pub fn platform<'p>(&self, policy: &'p Policy) -> Option<&'p Platform> {
        self.platform.map(|i| &policy.platforms[i])
    }

    pub fn platform_id<'p>(&self, policy: &'p Policy) -> &'p str {
        self.platform(policy).map_or("unknown", |p| p.id.as_str())
    }
}

/// Path and query (`/j/123?pwd=x`), the part of a URL that platform
/// patterns look at: a slice of the serialized URL, not a copy.
pub fn path_and_query(url: &Url) -> &str {
    &url[url::Position::BeforePath..url::Position::AfterQuery]
}

/// Identifies the meeting behind `url`. `conference` says the URL came from
/// a property that names the conference itself: an unknown host is then
/// still a meeting, of an `unknown` platform.
pub fn identify(url: &Url, policy: &Policy, conference: bool) -> Option<Identified> {
    // The URL parser writes schemes in lower case.
    let scheme = url.scheme();
    let host = url.host_str().unwrap_or("").trim_end_matches('.').to_ascii_lowercase();
    let pq = path_and_query(url);
    let path = url.path();
    let found = policy
        .platforms
        .iter()
        .position(|p| p.schemes.iter().any(|s| s == scheme))
        .map(Some)
        .or_else(|| {
            if scheme != "http" && scheme != "https" {
                return None;
            }
            by_host(policy, &host, path, pq)
        });
    let platform = match found {
        Some(Some(i)) => Some(i),
        // A known host, but not a meeting page (help, download, options).
        Some(None) => return None,
        None if conference && !host.is_empty() => None,
        None => return None,
    };
    let meeting_id = platform.and_then(|i| meeting_id(&policy.platforms[i], pq));
    let platform_id = platform.map_or("unknown", |i| policy.platforms[i].id.as_str());
    // `platform:id`, or `platform:host/path` for a meeting without an id.
    let mut key = String::with_capacity(platform_id.len() + 1 + host.len() + path.len());
    key.push_str(platform_id);
    key.push(':');
    match &meeting_id {
        Some(id) => key.extend(id.chars().map(|c| c.to_ascii_lowercase())),
        None => {
            let decoded = percent_decode_str(path).decode_utf8_lossy().to_lowercase();
            key.push_str(&host);
            key.push_str(decoded.trim_end_matches('/'));
        }
    }
    Some(Identified {
        platform,
        host,
        meeting_id,
        key,
    })
}

/// `Some(Some(i))`: platform `i`; `Some(None)`: a known host that is not a
/// meeting; `None`: not a known service.
fn by_host(policy: &Policy, host: &str, path: &str, pq: &str) -> Option<Option<usize>> {
    if let Some(i) = policy
        .platforms
        .iter()
        .position(|p| p.hosts.iter().any(|h| host_matches(host, h)))
    {
        return Some(is_meeting_path(&policy.platforms[i], path, pq).then_some(i));
    }
    let labels: Vec<&str> = host.split('.').collect();
    if let Some(i) = policy.platforms.iter().position(|p| {
        p.host_labels.iter().any(|word| {
            labels[..labels.len().saturating_sub(1)]
                .iter()
                .any(|l| l.contains(word.as_str()))
        })
    }) && is_meeting_path(&policy.platforms[i], path, pq)
    {
        return Some(Some(i));
    }
    policy
        .platforms
        .iter()
        .position(|p| p.any_host_paths.iter().any(|r| r.is_match(pq)))
        .map(Some)
}

fn is_meeting_path(platform: &Platform, path: &str, pq: &str) -> bool {
    if platform.exclude_paths.iter().any(|r| r.is_match(path)) {
        return false;
    }
    if platform.paths.is_empty() {
        path.len() > 1
    } else {
        platform.paths.iter().any(|r| r.is_match(pq))
    }
}

fn meeting_id(platform: &Platform, pq: &str) -> Option<String> {
    platform.id_patterns.iter().find_map(|r| {
        let caps = r.captures(pq)?;
        let id = caps.get(1)?.as_str();
        let id = percent_decode_str(id).decode_utf8_lossy().into_owned();
        (!id.is_empty()).then_some(id)
    })
}

/// Kinds of credential a URL can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlSecret {
    /// `pwd=`, Teams `p=`, `password=`: lets anyone join.
    Password,
    /// `pin=`: a dial-in PIN.
    Pin,
    /// `tk=`: a Zoom registration token.
    Token,
    /// `zak=`: a Zoom host token.
    HostToken,
}

/// Query parameter names that hold a secret, in lower case, and what they
/// hold: the one list for reading links (`url_secrets`) and for masking
/// text no analysis vouches for (`redact::pattern_ranges`).
const SECRET_PARAMS: &[(&str, UrlSecret)] = &[
    ("pwd", UrlSecret::Password),
    ("pw", UrlSecret::Password),
    ("password", UrlSecret::Password),
    ("passcode", UrlSecret::Password),
    ("passwd", UrlSecret::Password),
    // Teams' password; on another platform's link `p` is anything.
    ("p", UrlSecret::Password),
    ("pin", UrlSecret::Pin),
    // Zoom's registration token.
    ("tk", UrlSecret::Token),
    // Zoom's start token; Whereby's host room key.
    ("zak", UrlSecret::HostToken),
    ("roomkey", UrlSecret::HostToken),
];

/// What a query parameter named `name` (any case; `amp;pwd` is `pwd` after
/// an HTML-escaped separator copied into plain text) holds, if a secret.
/// `platform_id`: the platform of the link, or `None` for unvouched text,
/// where every name of the list counts.
pub fn secret_param(name: &str, platform_id: Option<&str>) -> Option<UrlSecret> {
    let bare = match name.get(..4) {
        Some(amp) if amp.eq_ignore_ascii_case("amp;") => &name[4..],
        _ => name,
    };
    let not_a_secret_here = |param: &str| param == "p" && platform_id.is_some_and(|id| id != "teams");
    SECRET_PARAMS
        .iter()
        .find(|(param, _)| bare.eq_ignore_ascii_case(param) && !not_a_secret_here(param))
        .map(|&(_, secret)| secret)
}

/// Query parameters of a meeting URL that hold a secret.
pub fn url_secrets(url: &Url, platform_id: &str) -> Vec<(String, UrlSecret)> {
    let mut found = Vec::new();
    // The pairs as `Url::query_pairs` reads them, without decoding every
    // value (a Teams `context=` is long and escaped) nor lower-casing
    // every name: only a name with an escape is decoded.
    for pair in url.query().unwrap_or("").split('&') {
        let (raw_name, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
        if raw_value.is_empty() {
            // Decoding keeps a value empty or not.
            continue;
        }
        let name: std::borrow::Cow<'_, str> = if raw_name.contains(['%', '+']) {
            url::form_urlencoded::parse(raw_name.as_bytes())
                .next()
                .map_or(std::borrow::Cow::Borrowed(""), |(name, _)| name)
        } else {
            std::borrow::Cow::Borrowed(raw_name)
        };
        if let Some(kind) = secret_param(&name, Some(platform_id)) {
            found.push((name.into_owned(), kind));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_parameters_are_read_as_query_pairs_are() {
        let secrets = |url: &str, platform: &str| url_secrets(&Url::parse(url).unwrap(), platform);
        assert_eq!(
            secrets("https://zoom.us/j/1?PWD=abc&tk=&zak=z", "zoom"),
            [
                ("PWD".to_owned(), UrlSecret::Password),
                ("zak".to_owned(), UrlSecret::HostToken)
            ]
        );
        // An HTML-escaped separator, an escaped name, a form-encoded space.
        assert_eq!(
            secrets("https://zoom.us/j/1?x=1&amp;pwd=abc&p%77d=2&pin+=3", "zoom"),
            [
                ("amp;pwd".to_owned(), UrlSecret::Password),
                ("pwd".to_owned(), UrlSecret::Password)
            ]
        );
        assert_eq!(
            secrets(
                "https://teams.microsoft.com/meet/1?p=abc&context=%7b%22Tid%22%7d",
                "teams"
            ),
            [("p".to_owned(), UrlSecret::Password)]
        );
        assert!(secrets("https://meet.example/1?p=abc&pin&passcode=", "jitsi").is_empty());
    }

    fn id(url: &str) -> Option<(String, Option<String>)> {
        let policy = Policy::builtin();
        let url = Url::parse(url).unwrap();
        identify(&url, &policy, false).map(|i| (i.platform_id(&policy).to_owned(), i.meeting_id))
    }

    #[test]
    fn identifies_the_platforms_of_the_spec() {
        assert_eq!(
            id("https://cnrs.zoom.us/j/91234567890?pwd=x"),
            Some(("zoom".into(), Some("91234567890".into())))
        );
        assert_eq!(
            id("zoommtg://zoom.us/join?action=join&confno=91234567890").unwrap().0,
            "zoom"
        );
        assert_eq!(
            id("https://teams.microsoft.com/meet/2345678901234?p=abc")
                .unwrap()
                .1
                .as_deref(),
            Some("2345678901234")
        );
        assert_eq!(
            id("https://meet.google.com/abc-defg-hij").unwrap().1.as_deref(),
            Some("abc-defg-hij")
        );
        assert_eq!(id("https://bbb.univ-exemple.fr/b/mar-x7k-p2q").unwrap().0, "bbb");
        assert_eq!(
            id("https://visio.labo.cnrs.fr/rooms/abc-def-ghi-jkl/join")
                .unwrap()
                .1
                .as_deref(),
            Some("abc-def-ghi-jkl")
        );
        assert_eq!(
            id("https://webconf.numerique.gouv.fr/b/abc-def-ghi").unwrap().0,
            "webconf-etat"
        );
        assert_eq!(
            id("https://rendez-vous.renater.fr/ReunionEquipe").unwrap().1.as_deref(),
            Some("ReunionEquipe")
        );
        assert_eq!(id("https://meet.jit.si/LaboSeminaire").unwrap().0, "jitsi");
    }

    #[test]
    fn pages_that_are_not_meetings() {
        assert_eq!(id("https://zoom.us/download"), None);
        assert_eq!(id("https://teams.microsoft.com/meetingOptions/?organizerId=1"), None);
        assert_eq!(id("https://rendez-vous.renater.fr/"), None);
        assert_eq!(id("https://www.amazon.fr/b/ref=x"), None);
        assert_eq!(id("https://example.org/page"), None);
    }
}
