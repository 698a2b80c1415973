//! From an invitation's text to its meetings, credentials, attendance and
//! sensitivity (SPEC §3).

use std::collections::HashMap;
use std::ops::Range;

use url::Url;

use crate::input::Invitation;
use crate::policy::Policy;

pub mod attendance;
pub mod credentials;
pub mod links;
pub mod phrase_regex;
pub mod phrases;
pub mod platform;
pub mod sensitivity;
pub mod triggers;

pub use attendance::Attendance;
pub use credentials::CredentialKind;
pub use sensitivity::{Level, Sensitivity};
pub use triggers::Triggered;

use credentials::{TextHitKind, digits, find_labelled, find_labelled_from};
use platform::{UrlSecret, identify, path_and_query, url_secrets};

/// One place a meeting's link is written.
#[derive(Debug, Clone)]
pub struct Occurrence {
    pub field: usize,
    /// Range in the field's text.
    pub range: Range<usize>,
    /// Range in the unit's original bytes.
    pub orig: Range<usize>,
    pub url: Url,
    /// The link was unwrapped from a SafeLinks/redirect URL.
    pub wrapped: bool,
    /// The link's bytes are a verbatim copy of the original (no escape or
    /// encoding inside), so `--fix` may rewrite them.
    pub verbatim: bool,
}

/// A meeting: one videoconference, however many times it is named.
#[derive(Debug, Clone)]
pub struct Meeting {
    /// Index of the platform in the policy; `None` for an unknown service.
    pub platform: Option<usize>,
    pub host: String,
    pub meeting_id: Option<String>,
    pub key: String,
    pub occurrences: Vec<Occurrence>,
    /// Indices into [`Analysis::credentials`].
    pub credentials: Vec<usize>,
}

impl Occurrence {
    /// An `http(s)` link, as opposed to a desktop client's scheme
    /// (`zoommtg:`, `msteams:`), whose host says nothing of the instance.
    pub fn is_web(&self) -> bool {
        is_web(&self.url)
    }
}

/// An `http(s)` URL (see [`Occurrence::is_web`]).
fn is_web(url: &url::Url) -> bool {
    matches!(url.scheme(), "http" | "https")
}

impl Meeting {
    pub fn platform_id<'p>(&self, policy: &'p Policy) -> &'p str {
        self.platform.map_or("unknown", |i| policy.platforms[i].id.as_str())
    }

    pub fn first(&self) -> &Occurrence {
        &self.occurrences[0]
    }

    pub fn has_password(&self, analysis: &Analysis) -> bool {
        self.credentials
            .iter()
            .any(|&c| analysis.credentials[c].kind.is_password())
    }
}

/// A credential found in an invitation.
#[derive(Debug, Clone)]
pub struct Credential {
    pub kind: CredentialKind,
    pub field: usize,
    /// Range of the whole credential (label and value, or `pwd=value`) in
    /// the original bytes of the unit.
    pub orig: Range<usize>,
    /// Range of the value alone in the original bytes.
    pub orig_value: Range<usize>,
    /// The value as decoded (never printed unless `--show-secrets`).
    pub value: String,
    /// Already hidden in the source (`****`).
    pub masked: bool,
    /// For a URL credential: the query parameter holding it.
    pub url_param: Option<String>,
    /// The credential and its value as they read in the text (`pwd=abc`,
    /// `pwd%3Dabc` inside a SafeLinks URL, `Code secret : 482913`). A fix
    /// edits the original only where its bytes, folds aside, are these.
    pub written: String,
    pub written_value: String,
    /// Original range of the link it sits in, for a URL credential.
    pub link: Option<Range<usize>>,
    pub meeting: Option<usize>,
}

/// Everything extracted from one invitation.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// Where the links beyond the `max-links` limit start, if there are any.
    pub links_over_limit: Option<Range<usize>>,
    /// For each field of the invitation, the lists it may hold something of.
    pub triggered: Vec<Triggered>,
    pub meetings: Vec<Meeting>,
    pub credentials: Vec<Credential>,
    pub attendance: Attendance,
    pub sensitivity: Sensitivity,
}

impl Analysis {
    /// The secret values themselves (passcodes, tokens), long enough to be
    /// searched for elsewhere in the invitation: a passcode may also stand in
    /// a subject or a title, unlabelled.
    pub fn secret_values(&self) -> Vec<String> {
        let mut values: Vec<String> = self
            .credentials
            .iter()
            .filter(|c| !c.masked && c.kind != CredentialKind::HostLink)
            .flat_map(|c| [c.value.clone(), c.written_value.clone()])
            .filter(|v| v.chars().filter(|c| c.is_alphanumeric()).count() >= 4)
            .collect();
        values.sort_by_key(|v| std::cmp::Reverse(v.len()));
        values.dedup();
        // Searched in every printed line: a bounded number of them.
        values.truncate(64);
        values
    }

    /// Original byte ranges that must never be printed without
    /// `--show-secrets`.
    pub fn secret_ranges(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        self.credentials
            .iter()
            .filter(|c| !c.masked && c.kind != CredentialKind::HostLink)
            .map(|c| c.orig_value.clone())
            .chain(self.sensitivity.identifiers.iter().map(|(r, _)| r.clone()))
    }
}

/// A link as written, parsed (and unwrapped: the flag) and identified.
type ParsedLink = (url::Url, bool, platform::Identified);

/// Analyses one invitation.
pub fn analyze(invitation: &Invitation, policy: &Policy) -> Analysis {
    analyze_within(invitation, policy, &crate::input::Limits::default())
}

/// Analyses one invitation within `limits` (links read per invitation).
pub fn analyze_within(invitation: &Invitation, policy: &Policy, limits: &crate::input::Limits) -> Analysis {
    // Where credential labels may start, field after field (`label_fields`
    // gives each field's part of `label_starts`).
    let mut label_starts: Vec<usize> = Vec::new();
    let mut label_fields: Vec<Range<usize>> = Vec::with_capacity(invitation.fields.len());
    let triggered: Vec<Triggered> = invitation
        .fields
        .iter()
        .map(|f| {
            let from = label_starts.len();
            let triggered = policy.triggers.scan(f.text.as_str(), &mut label_starts);
            label_fields.push(from..label_starts.len());
            triggered
        })
        .collect();
    let mut meetings: Vec<Meeting> = Vec::new();
    let mut credentials: Vec<Credential> = Vec::new();

    // The same link is written in LOCATION, DESCRIPTION and X-ALT-DESC:
    // parse each text once.
    let mut parsed: HashMap<(&str, bool), Option<ParsedLink>> = HashMap::new();
    let mut links_read = 0usize;
    let mut over_limit = None;
    for (fi, field) in invitation.fields.iter().enumerate() {
        if over_limit.is_some() {
            // No link after the limit is read: no field is scanned for one.
            break;
        }
        let text = &field.text;
        for range in links::find_link_ranges(text.as_str(), &policy.bare_hosts) {
            links_read += 1;
            if links_read > limits.max_links {
                over_limit.get_or_insert_with(|| text.orig_range(range.clone()));
                break;
            }
            // The same link is usually written two or three times (LOCATION,
            // DESCRIPTION, X-ALT-DESC): parsed and identified once.
            let written = &text.as_str()[range.clone()];
            let result = parsed.entry((written, field.conference)).or_insert_with(|| {
                links::parse_link(written).and_then(|(url, wrapped)| {
                    let found = identify(&url, policy, field.conference)?;
                    Some((url, wrapped, found))
                })
            });
            // Borrowed: only what a new meeting or occurrence keeps is cloned.
            let Some((url, wrapped, found)) = result.as_ref() else {
                continue;
            };
            let wrapped = *wrapped;
            let orig = text.orig_range(range.clone());
            let verbatim = !wrapped && text.is_verbatim(range.clone());
            let web = is_web(url);
            // A few meetings per invitation (`max-links` at most): looked up
            // in place, cheaper than hashing their keys.
            let index = match meetings.iter().position(|m| m.key == found.key) {
                Some(i) => {
                    // `zoommtg://zoom.us/...` names no instance: the host
                    // is the one of a web link to the same meeting.
                    if web && !meetings[i].occurrences.iter().any(|o| o.is_web()) {
                        meetings[i].host = found.host.clone();
                    }
                    i
                }
                None => {
                    meetings.push(Meeting {
                        platform: found.platform,
                        host: found.host.clone(),
                        meeting_id: found.meeting_id.clone(),
                        key: found.key.clone(),
                        occurrences: Vec::new(),
                        credentials: Vec::new(),
                    });
                    meetings.len() - 1
                }
            };
            let platform_id = found.platform_id(policy);
            let secrets = url_secrets(url, platform_id);
            // A start link with its host token is one host link, reported
            // at the token; without a token, the link itself.
            let has_host_token = secrets.iter().any(|(_, s)| *s == UrlSecret::HostToken);
            for (param, secret) in secrets {
                let kind = match secret {
                    UrlSecret::Password => CredentialKind::UrlPassword,
                    UrlSecret::Pin => CredentialKind::DialInPin,
                    UrlSecret::Token => CredentialKind::UrlToken,
                    UrlSecret::HostToken => CredentialKind::HostKey,
                };
                let value = url
                    .query_pairs()
                    .find(|(k, _)| *k == param)
                    .map(|(_, v)| v.into_owned())
                    .unwrap_or_default();
                let (whole, value_range) = locate_param(text.as_str(), range.clone(), &param);
                credentials.push(Credential {
                    kind,
                    field: fi,
                    orig: text.orig_range(whole.clone()),
                    orig_value: text.orig_range(value_range.clone()),
                    masked: credentials::is_masked(&value),
                    value,
                    url_param: Some(param),
                    written: text.as_str()[whole].to_owned(),
                    written_value: text.as_str()[value_range].to_owned(),
                    link: Some(orig.clone()),
                    meeting: Some(index),
                });
            }
            if let Some(platform) = found
                .platform(policy)
                .filter(|p| !has_host_token && !p.host_paths.is_empty())
            {
                let pq = path_and_query(url);
                if platform.host_paths.iter().any(|r| r.is_match(pq)) {
                    credentials.push(Credential {
                        kind: CredentialKind::HostLink,
                        field: fi,
                        orig: orig.clone(),
                        orig_value: orig.clone(),
                        value: String::new(),
                        masked: false,
                        url_param: None,
                        written: text.as_str()[range.clone()].to_owned(),
                        written_value: String::new(),
                        link: Some(orig.clone()),
                        meeting: Some(index),
                    });
                }
            }
            meetings[index].occurrences.push(Occurrence {
                field: fi,
                range,
                orig,
                url: url.clone(),
                wrapped,
                verbatim,
            });
        }
    }

    // Labelled values: meeting numbers first (they name meetings and tell a
    // Webex "access code" that is only the meeting number), then credentials.
    let link_index = LinkIndex::new(&meetings, invitation.fields.len());
    let placeholder = policy.data.placeholder.as_str();
    let mut hits = Vec::new();
    for (fi, field) in invitation.fields.iter().enumerate() {
        let lenient = field.name.ends_with("LABEL");
        let text = field.text.as_str();
        let found = if triggered[fi].has(Triggered::LABEL_UNSURE) {
            find_labelled(text, lenient, placeholder)
        } else {
            find_labelled_from(text, &mut label_starts[label_fields[fi].clone()], lenient, placeholder)
        };
        for hit in found {
            hits.push((fi, hit));
        }
    }
    for (fi, hit) in hits
        .iter()
        .filter(|(_, h)| h.kind == TextHitKind::MeetingId && !h.masked)
    {
        let text = invitation.fields[*fi].text.as_str();
        if let Some(m) = owner(&meetings, &link_index, *fi, hit.range.start, text, policy) {
            let value = digits(&text[hit.value.clone()]);
            // A meeting number is the canonical id; a room name from the URL
            // (Webex personal rooms, Zoom vanity links) gives way to it.
            let numeric = |id: &String| id.bytes().all(|b| b.is_ascii_digit());
            if !meetings[m].meeting_id.as_ref().is_some_and(numeric) {
                meetings[m].meeting_id = Some(value);
            }
        }
    }
    for (fi, hit) in hits {
        let TextHitKind::Credential(kind) = hit.kind else {
            continue;
        };
        let text = &invitation.fields[fi].text;
        let value = text.as_str()[hit.value.clone()].to_owned();
        let meeting = owner(&meetings, &link_index, fi, hit.range.start, text.as_str(), policy);
        if let Some(m) = meeting {
            // Webex and GoTo call the meeting number an "access code".
            let label = text.as_str()[hit.range.start..hit.value.start].to_lowercase();
            let platform = meetings[m].platform_id(policy);
            if matches!(platform, "webex" | "gotomeeting")
                && (label.contains("access code") || label.contains("code d'acc") || label.contains("code d’acc"))
                && digits(&value).len() >= 9
            {
                if !meetings[m]
                    .meeting_id
                    .as_ref()
                    .is_some_and(|id| id.bytes().all(|b| b.is_ascii_digit()))
                {
                    meetings[m].meeting_id = Some(digits(&value));
                }
                continue;
            }
            if meetings[m].meeting_id.as_ref().is_some_and(|id| digits(&value) == *id) {
                continue;
            }
        }
        credentials.push(Credential {
            kind,
            field: fi,
            orig: text.orig_range(hit.range.clone()),
            orig_value: text.orig_range(hit.value.clone()),
            written: text.as_str()[hit.range.clone()].to_owned(),
            written_value: text.as_str()[hit.value.clone()].to_owned(),
            link: None,
            value,
            masked: hit.masked,
            url_param: None,
            meeting,
        });
    }

    merge_conference_duplicates(&mut meetings, &mut credentials, &invitation.fields);

    credentials.sort_by_key(|c| (c.orig.start, c.orig.end));
    // The same credential read twice (one text seen by two fields) counts
    // once; in a base64 part every credential has the same position, so the
    // value and the meeting tell them apart.
    credentials.dedup_by(|a, b| a.orig == b.orig && a.kind == b.kind && a.value == b.value && a.meeting == b.meeting);
    for m in &mut meetings {
        m.credentials.clear();
    }
    for (ci, c) in credentials.iter().enumerate() {
        if let Some(m) = c.meeting {
            meetings[m].credentials.push(ci);
        }
    }
    // File order: the first time each meeting is named.
    for m in &mut meetings {
        m.occurrences.sort_by_key(|o| o.orig.start);
    }
    let order: Vec<usize> = {
        let mut idx: Vec<usize> = (0..meetings.len()).collect();
        idx.sort_by_key(|&i| meetings[i].first().orig.start);
        idx
    };
    let mut remap = vec![0; meetings.len()];
    for (new, &old) in order.iter().enumerate() {
        remap[old] = new;
    }
    let mut sorted: Vec<Option<Meeting>> = meetings.into_iter().map(Some).collect();
    let meetings: Vec<Meeting> = order.iter().map(|&i| sorted[i].take().expect("each once")).collect();
    for c in &mut credentials {
        c.meeting = c.meeting.map(|m| remap[m]);
    }

    let attendance = attendance::attendance(invitation, &triggered);
    let sensitivity = sensitivity::classify(invitation, policy, &triggered);
    Analysis {
        links_over_limit: over_limit,
        triggered,
        meetings,
        credentials,
        attendance,
        sensitivity,
    }
}

/// A meeting named only in conference properties (`X-MICROSOFT-SKYPETEAMSMEETINGURL`,
/// `CONFERENCE`, ...) is the invitation's meeting of that platform when
/// there is exactly one other: Exchange writes the long `meetup-join` URL
/// there and the short `/meet/` one in the body, for the same meeting. So
/// is a link whose id was blanked out (a redacted copy of the other).
fn merge_conference_duplicates(
    meetings: &mut Vec<Meeting>,
    credentials: &mut [Credential],
    fields: &[crate::input::Field],
) {
    let meetings_of = |p: usize| meetings.iter().filter(|m| m.platform == Some(p)).count();
    let mergeable = |m: &Meeting| {
        m.platform.is_some_and(|p| meetings_of(p) == 2)
            && (m.occurrences.iter().all(|o| fields[o.field].conference)
                || m.occurrences.iter().all(|o| looks_redacted(o.url.path())))
    };
    // At most one pair per platform can merge: two meetings, one of them a
    // conference-only or redacted copy.
    let Some(i) = meetings.iter().position(mergeable) else {
        return;
    };
    let Some(target) = (0..meetings.len()).find(|&j| j != i && meetings[j].platform == meetings[i].platform) else {
        return;
    };
    let merged = meetings.remove(i);
    let target = if target > i { target - 1 } else { target };
    meetings[target].occurrences.extend(merged.occurrences);
    if meetings[target].meeting_id.is_none() {
        meetings[target].meeting_id = merged.meeting_id;
    }
    for c in credentials.iter_mut() {
        c.meeting = match c.meeting {
            Some(m) if m == i => Some(target),
            Some(m) if m > i => Some(m - 1),
            other => other,
        };
    }
    // Another platform may have its own pair.
    merge_conference_duplicates(meetings, credentials, fields);
}

/// Where each field names each meeting, sorted: labelled values are tied to
/// the links around them by binary search.
struct LinkIndex {
    /// Per field: (start, end, meeting) of every link, by start.
    fields: Vec<Vec<(usize, usize, usize)>>,
}

impl LinkIndex {
    fn new(meetings: &[Meeting], field_count: usize) -> LinkIndex {
        let mut fields = vec![Vec::new(); field_count];
        for (i, m) in meetings.iter().enumerate() {
            for o in &m.occurrences {
                if let Some(list) = fields.get_mut(o.field) {
                    list.push((o.range.start, o.range.end, i));
                }
            }
        }
        for list in &mut fields {
            list.sort_unstable();
        }
        LinkIndex { fields }
    }
}

/// The meeting a labelled value at `at` in field `field` belongs to: the
/// link just before it in the same field, else the first one after it, else
/// the invitation's only meeting. Another service named in between changes
/// that: a value below "Webex : …" goes to the invitation's Webex meeting;
/// one introduced by a service without a meeting here ("Réunion Zoom (sans
/// lien)", on the line just above the value) belongs to no link. A service
/// named in passing further up ("sinon on basculera sur Teams") does not
/// take the value from its link.
fn owner(
    meetings: &[Meeting],
    index: &LinkIndex,
    field: usize,
    at: usize,
    text: &str,
    policy: &Policy,
) -> Option<usize> {
    let links = index.fields.get(field).map_or(&[][..], Vec::as_slice);
    let after = links.partition_point(|&(start, _, _)| start <= at);
    if after > 0 {
        let (_, end, i) = links[after - 1];
        // Only the text just above the value (a bounded window: a label far
        // below a link must not cost a scan of all the text in between).
        let from = text.ceil_char_boundary(end.min(at).max(at.saturating_sub(2048)));
        let between = &text[from..at];
        if !policy.any_mention.may_occur_in(between) {
            return Some(i);
        }
        // The last other service named in between, and where.
        let mut named: Option<(usize, usize)> = None;
        for (p, platform) in policy.platforms.iter().enumerate() {
            if Some(p) == meetings[i].platform {
                continue;
            }
            if let Some(last) = platform.mentions.find_iter(between).last()
                && named.is_none_or(|(_, end)| last.end > end)
            {
                named = Some((p, last.end));
            }
        }
        let Some((p, mention_end)) = named else {
            return Some(i);
        };
        if let Some(m) = meetings.iter().position(|m| m.platform == Some(p)) {
            return Some(m);
        }
        // Lines from the mention to the value: the value's own line or the
        // one below the mention means the service introduces the value.
        let lines_between = between[mention_end..].bytes().filter(|&b| b == b'\n').count();
        return (lines_between > 1).then_some(i);
    }
    links
        .get(after)
        .map(|&(_, _, i)| i)
        .or_else(|| (meetings.len() == 1).then_some(0))
}

/// A path whose last segment was blanked out (`/j/xxxxxxxxxxx`), as in
/// redacted samples and forwarded copies.
fn looks_redacted(path: &str) -> bool {
    let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    last.len() >= 3 && last.bytes().all(|b| matches!(b, b'x' | b'X' | b'*'))
}

/// Where `param=value` sits inside the link written at `link` in `text`:
/// `?param=value` / `&param=value` (`&amp;` in HTML), or, inside a
/// SafeLinks or redirect wrapper, `%3Fparam%3Dvalue` / `%26param%3Dvalue`.
/// Returns the ranges of the whole parameter and of its value; the whole
/// link if it cannot be found.
fn locate_param(text: &str, link: Range<usize>, param: &str) -> (Range<usize>, Range<usize>) {
    let written = &text[link.clone()];
    let lower = written.to_ascii_lowercase();
    let name = param.to_ascii_lowercase();
    for (separators, equals, ends) in [
        (&["?", "&amp;", "&"][..], "=", &["&", "#"][..]),
        (&["%3f", "%26"][..], "%3d", &["%26", "%23", "&"][..]),
    ] {
        let needle = format!("{name}{equals}");
        let mut from = 0;
        while let Some(at) = lower[from..].find(&needle) {
            let start = from + at;
            from = start + 1;
            if !separators.iter().any(|s| lower[..start].ends_with(s)) {
                continue;
            }
            let value_start = start + needle.len();
            let value_end = ends
                .iter()
                .filter_map(|e| lower[value_start..].find(e))
                .min()
                .map_or(written.len(), |e| value_start + e);
            if value_end > value_start {
                return (
                    link.start + start..link.start + value_end,
                    link.start + value_start..link.start + value_end,
                );
            }
        }
    }
    (link.clone(), link)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mapped::Mapped;

    fn analyze_text(text: &str) -> Analysis {
        let inv = crate::input::text::document(Mapped::verbatim(text.to_owned(), 0), "text");
        analyze(&inv, &Policy::builtin())
    }

    #[test]
    fn a_zoom_invitation() {
        let text = "Participer à la réunion Zoom\nhttps://cnrs.zoom.us/j/91234567890?pwd=abcDEF123\n\nID de réunion : 912 3456 7890\nCode secret : 482913\n";
        let a = analyze_text(text);
        assert_eq!(a.meetings.len(), 1);
        let m = &a.meetings[0];
        assert_eq!(m.meeting_id.as_deref(), Some("91234567890"));
        let kinds: Vec<_> = m.credentials.iter().map(|&c| a.credentials[c].kind).collect();
        assert_eq!(kinds, vec![CredentialKind::UrlPassword, CredentialKind::Passcode]);
        let pwd = &a.credentials[m.credentials[0]];
        assert_eq!(&text[pwd.orig.clone()], "pwd=abcDEF123");
        assert_eq!(&text[pwd.orig_value.clone()], "abcDEF123");
        assert!(m.has_password(&a));
    }

    #[test]
    fn the_same_meeting_twice_counts_once_and_credentials_follow_their_link() {
        let text = "https://zoom.us/j/111111111 Passcode: aaaa11\nhttps://zoom.us/j/222222222\nPasscode: bbbb22\nhttps://zoom.us/j/111111111";
        let a = analyze_text(text);
        assert_eq!(a.meetings.len(), 2);
        assert_eq!(a.meetings[0].occurrences.len(), 2);
        let value = |m: usize| a.credentials[a.meetings[m].credentials[0]].value.clone();
        assert_eq!(value(0), "aaaa11");
        assert_eq!(value(1), "bbbb22");
    }

    #[test]
    fn webex_access_code_that_is_the_meeting_number_is_not_a_secret() {
        let a =
            analyze_text("https://x.webex.com/meet/jdoe\nMeeting number: 2630 123 4567\nAccess code: 2630 123 4567\n");
        // The meeting number, not the personal room name, is the id.
        assert_eq!(a.meetings[0].meeting_id.as_deref(), Some("26301234567"));
        assert!(a.credentials.is_empty());
        let a = analyze_text(
            "https://x.webex.com/x/j.php?MTID=m1\nMeeting number: 2630 123 4567\nAccess code: 2630 123 4567\n",
        );
        assert_eq!(a.meetings[0].meeting_id.as_deref(), Some("26301234567"));
        assert!(a.credentials.is_empty());
    }
}
