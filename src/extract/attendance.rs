//! How many people an invitation gathers (SPEC §3 "Attendance").

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::triggers::Triggered;
use crate::input::{Invitation, PersonRole};

/// `{count, exact}`: `exact` false means `count` is a lower bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Attendance {
    pub count: Option<u32>,
    pub exact: bool,
}

/// A stated audience: "120 participants", "environ 200 personnes", "up to 150 attendees".
/// Number and noun on the same line: "du 12 mars 2024\nParticipants : ..." is
/// a date and a heading.
static STATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        (?P<qualifier>(?-u:\b)(?:plus\s+de|more\s+than|over|au\s+moins|at\s+least|\+\s*de)\s+)?
        (?-u:\b)(?P<n>[0-9]{1,3}(?:[\u{a0}\u{202f}\x20.,][0-9]{3})*|[0-9]+)[\x20\t\u{a0}\u{202f}]*
        (?:participant(?:e)?s?|personnes|people|persons|attendees|inscrit(?:e)?s|invit[ée](?:e)?s|auditeurs|spectateurs|participant[·.]e[·.]?s|viewers|guests)(?-u:\b)",
    )
    .expect("valid regex")
});

/// Guests a calendar may announce (`X-NUM-GUESTS`), at most: more is not
/// a number of people.
const MAX_GUESTS: u32 = 1_000_000;

/// Local parts that name everyone ("tous@", "all-staff@", "equipe.x@"),
/// in lower case.
fn is_list_prefix(word: &[u8]) -> bool {
    matches!(
        word,
        b"all"
            | b"tous"
            | b"toutes"
            | b"everyone"
            | b"everybody"
            | b"staff"
            | b"personnel"
            | b"equipe"
            | b"team"
            | b"list"
            | b"liste"
            | b"diffusion"
            | b"annonce"
            | b"annonces"
            | b"announce"
            | b"info"
            | b"infos"
            | b"unite"
            | b"labo"
            | b"membres"
            | b"members"
    )
}

/// Local parts ending like a list ("x-l@", "projet-tous@", "dev-users@"),
/// in lower case.
fn is_list_suffix(word: &[u8]) -> bool {
    matches!(
        word,
        b"l" | b"list"
            | b"liste"
            | b"all"
            | b"tous"
            | b"users"
            | b"announce"
            | b"annonces"
            | b"diffusion"
            | b"members"
            | b"membres"
            | b"staff"
            | b"devel"
            | b"discuss"
    )
}

/// First labels of the domains of list servers ("@listes.", "@sympa."),
/// in lower case.
fn is_list_server(label: &[u8]) -> bool {
    matches!(
        label,
        b"lists" | b"list" | b"listes" | b"sympa" | b"groups" | b"ml" | b"mailman"
    )
}

/// `word` in lower case, in a buffer as long as the longest list word: a
/// longer word is none of them.
fn lowered(word: &[u8]) -> Option<([u8; 10], usize)> {
    let mut buf = [0u8; 10];
    buf.get_mut(..word.len())?
        .iter_mut()
        .zip(word)
        .for_each(|(b, w)| *b = w.to_ascii_lowercase());
    Some((buf, word.len()))
}

/// Whether `word`, in any case, is one that `is_word` (lower case) knows.
fn is_named(word: &[u8], is_word: fn(&[u8]) -> bool) -> bool {
    lowered(word).is_some_and(|(buf, len)| is_word(&buf[..len]))
}

/// Whether an address is evidently a list of people. Written by hand, not
/// as a regex, and with the words as `match` arms: it runs on every
/// attendee of every event of an export.
pub fn is_list_address(address: &str) -> bool {
    // Plain loops rather than `memchr`: an address is a few dozen bytes,
    // less than what a vectorised search costs to set up.
    let address = address.as_bytes();
    let Some(at) = address.iter().rposition(|&b| b == b'@') else {
        return false;
    };
    let (local, domain) = (&address[..at], &address[at + 1..]);
    let is_separator = |b: &u8| matches!(b, b'-' | b'.' | b'_');
    let first_end = local.iter().position(is_separator).unwrap_or(local.len());
    if is_named(&local[..first_end], is_list_prefix) {
        return true;
    }
    if first_end < local.len() {
        let last_start = local.iter().rposition(is_separator).map_or(0, |i| i + 1);
        if is_named(&local[last_start..], is_list_suffix) {
            return true;
        }
    }
    // The domain's labels: a list server's name first ("@listes.x.fr",
    // with more after it), or `lists` after any dot.
    let mut labels = domain.split(|&b| b == b'.');
    let first_label = labels.next().unwrap_or_default();
    if first_label.len() < domain.len().saturating_sub(1) && is_named(first_label, is_list_server) {
        return true;
    }
    let mut rest = &domain[first_label.len()..];
    while let Some(dot) = rest.iter().position(|&b| b == b'.') {
        rest = &rest[dot + 1..];
        if crate::ascii::bytes_start_with_ignore_case(rest, b"lists.") {
            return true;
        }
    }
    domain.eq_ignore_ascii_case(b"googlegroups.com")
}

/// `triggered`: for each field, what it may hold (see `triggers`).
pub fn attendance(invitation: &Invitation, triggered: &[Triggered]) -> Attendance {
    let mut people: Vec<u64> = Vec::with_capacity(invitation.people.len());
    let mut exact = true;
    let mut anyone = false;
    for person in &invitation.people {
        anyone = true;
        match person.role {
            PersonRole::Resource | PersonRole::NonParticipant => continue,
            PersonRole::Group => exact = false,
            PersonRole::Organizer | PersonRole::Attendee | PersonRole::Recipient => {}
        }
        if person.list {
            exact = false;
        }
        // A group or a list is at least one person; a `List-Id` or an
        // "undisclosed-recipients" group is not an address at all.
        if person.addressed {
            people.push(person.key);
        }
    }
    people.sort_unstable();
    people.dedup();
    let guests = invitation.guests.min(MAX_GUESTS);
    let counted = u32::try_from(people.len()).unwrap_or(u32::MAX).saturating_add(guests);
    let stated = stated_audience(invitation, triggered);
    match stated {
        Some((n, lower_bound)) if n > counted => Attendance {
            count: Some(n),
            exact: !lower_bound,
        },
        _ if anyone || guests > 0 => Attendance {
            count: Some(counted),
            exact,
        },
        _ => Attendance {
            count: None,
            exact: false,
        },
    }
}

/// The largest audience stated in the invitation's text, and whether it is
/// only a lower bound ("plus de 200 personnes").
fn stated_audience(invitation: &Invitation, triggered: &[Triggered]) -> Option<(u32, bool)> {
    let mut best: Option<(u32, bool)> = None;
    for (i, field) in invitation.fields.iter().enumerate() {
        if !Triggered::of_field(triggered, i).has(Triggered::AUDIENCE) {
            continue;
        }
        let text = field.text.as_str();
        for caps in STATED.captures_iter(text) {
            // "Participants :" is the heading of a list, not a count.
            let rest = &text[caps.get(0).map_or(0, |m| m.end())..];
            if rest
                .trim_start_matches([' ', '\t', '\u{a0}', '\u{202f}'])
                .starts_with([':', '：'])
            {
                continue;
            }
            let digits: String = caps["n"].chars().filter(char::is_ascii_digit).collect();
            let Ok(n) = digits.parse::<u32>() else { continue };
            if !(2..=1_000_000).contains(&n) {
                continue;
            }
            let lower_bound = caps.name("qualifier").is_some();
            if best.is_none_or(|(b, _)| n > b) {
                best = Some((n, lower_bound));
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{InvitationKind, Person};
    use crate::mapped::Mapped;

    fn person(address: &str, role: PersonRole) -> Person {
        Person::new(address, role, 0)
    }

    #[test]
    fn list_addresses_are_told_from_people() {
        for address in [
            "tous@labo.fr",
            "ALL-staff@labo.fr",
            "Equipe.Bio@labo.fr",
            "everybody@x.org",
            "personnel@x.org",
            "diffusion@x.org",
            "projet-tous@x.org",
            "dev-users@x.org",
            "x-l@x.org",
            "labo_Discuss@x.org",
            "projet@listes.cnrs.fr",
            "projet@SYMPA.univ.fr",
            "projet@ml.x.org",
            "projet@mailman.x.org",
            "projet@groups.x.org",
            "projet@univ.lists.x.org",
            "projet@googlegroups.com",
        ] {
            assert!(is_list_address(address), "{address}");
        }
        for address in [
            "p0.0@labo-exemple.fr",
            "alice.martin@cnrs.fr",
            "allan@x.org",
            "tousse@x.org",
            "everybodyelse@x.org",
            "l@x.org",
            "marie-all.x@x.org",
            "projet@lists.",
            "projet@lists",
            "projet@",
            "projet@listserv.x.org",
            "projet@mlx.org",
            "tous",
            "",
        ] {
            assert!(!is_list_address(address), "{address}");
        }
    }

    #[test]
    fn people_are_deduplicated_and_rooms_left_out() {
        let mut inv = Invitation::new(InvitationKind::Event, 0);
        inv.people = vec![
            person("a@x.fr", PersonRole::Organizer),
            person("a@x.fr", PersonRole::Attendee),
            person("b@x.fr", PersonRole::Attendee),
            person("salle@x.fr", PersonRole::Resource),
        ];
        assert_eq!(
            attendance(&inv, &[]),
            Attendance {
                count: Some(2),
                exact: true
            }
        );
        inv.people.push(person("tous-labo@listes.x.fr", PersonRole::Attendee));
        assert_eq!(
            attendance(&inv, &[]),
            Attendance {
                count: Some(3),
                exact: false
            }
        );
        inv.people.push(person("<openbmc.lists.ozlabs.org>", PersonRole::Group));
        assert_eq!(
            attendance(&inv, &[]),
            Attendance {
                count: Some(3),
                exact: false
            }
        );
    }

    #[test]
    fn stated_audience_wins_when_larger() {
        let mut inv = crate::input::text::document(
            Mapped::verbatim("Séminaire : environ 1 200 personnes attendues".into(), 0),
            "text",
        );
        assert_eq!(
            attendance(&inv, &[]),
            Attendance {
                count: Some(1200),
                exact: true
            }
        );
        inv.fields[0].text = Mapped::verbatim("plus de 150 participants".into(), 0);
        assert_eq!(
            attendance(&inv, &[]),
            Attendance {
                count: Some(150),
                exact: false
            }
        );
        // A date, then a heading on the next line.
        inv.fields[0].text = Mapped::verbatim("Réunion de bureau du 12 mars 2024\nParticipants : Alice, Bob".into(), 0);
        assert_eq!(attendance(&inv, &[]).count, None);
        inv.fields[0].text = Mapped::verbatim("Séminaire 2024\npersonnes à contacter : l'accueil".into(), 0);
        assert_eq!(attendance(&inv, &[]).count, None);
        inv.fields[0].text = Mapped::verbatim("Bilan 2023 participants : voir la liste".into(), 0);
        assert_eq!(attendance(&inv, &[]).count, None);
        inv.fields[0].text = Mapped::verbatim("environ 40\u{a0}participants".into(), 0);
        assert_eq!(attendance(&inv, &[]).count, Some(40));
        inv.fields[0].text = Mapped::verbatim("Réunion d'équipe".into(), 0);
        assert_eq!(
            attendance(&inv, &[]),
            Attendance {
                count: None,
                exact: false
            }
        );
    }

    #[test]
    fn huge_guest_counts_do_not_wrap() {
        let mut inv = Invitation::new(InvitationKind::Event, 0);
        inv.people = vec![person("a@x.fr", PersonRole::Organizer)];
        inv.guests = u32::MAX;
        assert_eq!(
            attendance(&inv, &[]),
            Attendance {
                count: Some(MAX_GUESTS + 1),
                exact: true
            }
        );
    }
}
