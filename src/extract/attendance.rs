//! How many people an invitation gathers (SPEC §3 "Attendance").

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::input::{Invitation, PersonRole};

/// `{count, exact}`: `exact` false means `count` is a lower bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Attendance {
    pub count: Option<u32>,
    pub exact: bool,
}

/// Addresses that stand for many people: mailing lists, groups, "all staff".
static LIST_ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        ^(?:all|tous|toutes|everyone|everybody|staff|personnel|equipe|team|liste?|diffusion|annonces?|announce|info|infos|unite|labo|membres|members)[-._@]
        | [-._](?:l|list|liste|all|tous|users|announce|annonces|diffusion|members|membres|staff|devel|discuss)@
        | @(?:lists?|listes|sympa|groups|ml|mailman)\.
        | @googlegroups\.com$
        | \.lists\.",
    )
    .expect("valid regex")
});

/// A stated audience: "120 participants", "environ 200 personnes", "up to 150 attendees".
static STATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        (?P<qualifier>(?-u:\b)(?:plus\s+de|more\s+than|over|au\s+moins|at\s+least|\+\s*de)\s+)?
        (?-u:\b)(?P<n>[0-9]{1,3}(?:[\u{a0}\u{202f}\x20.,][0-9]{3})*|[0-9]+)\s*
        (?:participant(?:e)?s?|personnes|people|persons|attendees|inscrit(?:e)?s|invit[ée](?:e)?s|auditeurs|spectateurs|participant[·.]e[·.]?s|viewers|guests)(?-u:\b)",
    )
    .expect("valid regex")
});

/// Whether an address is evidently a list of people.
pub fn is_list_address(address: &str) -> bool {
    LIST_ADDRESS.is_match(address)
}

pub fn attendance(invitation: &Invitation) -> Attendance {
    let mut seen: HashSet<&str> = HashSet::new();
    let mut exact = true;
    let mut anyone = false;
    for person in &invitation.people {
        anyone = true;
        match person.role {
            PersonRole::Resource | PersonRole::NonParticipant => continue,
            PersonRole::Group => exact = false,
            PersonRole::Organizer | PersonRole::Attendee | PersonRole::Recipient => {}
        }
        if is_list_address(&person.address) {
            exact = false;
        }
        // A group or a list is at least one person; a `List-Id` or an
        // "undisclosed-recipients" group is not an address at all.
        if person.address.contains('@') {
            seen.insert(person.address.as_str());
        }
    }
    let counted = seen.len() as u32 + invitation.guests;
    let stated = stated_audience(invitation);
    match stated {
        Some((n, lower_bound)) if n > counted => Attendance {
            count: Some(n),
            exact: !lower_bound,
        },
        _ if anyone || invitation.guests > 0 => Attendance {
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
fn stated_audience(invitation: &Invitation) -> Option<(u32, bool)> {
    let mut best: Option<(u32, bool)> = None;
    for field in &invitation.fields {
        for caps in STATED.captures_iter(field.text.as_str()) {
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
        Person {
            address: address.into(),
            role,
            offset: 0,
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
            attendance(&inv),
            Attendance {
                count: Some(2),
                exact: true
            }
        );
        inv.people.push(person("tous-labo@listes.x.fr", PersonRole::Attendee));
        assert_eq!(
            attendance(&inv),
            Attendance {
                count: Some(3),
                exact: false
            }
        );
        inv.people.push(person("<openbmc.lists.ozlabs.org>", PersonRole::Group));
        assert_eq!(
            attendance(&inv),
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
            attendance(&inv),
            Attendance {
                count: Some(1200),
                exact: true
            }
        );
        inv.fields[0].text = Mapped::verbatim("plus de 150 participants".into(), 0);
        assert_eq!(
            attendance(&inv),
            Attendance {
                count: Some(150),
                exact: false
            }
        );
        inv.fields[0].text = Mapped::verbatim("Réunion d'équipe".into(), 0);
        assert_eq!(
            attendance(&inv),
            Attendance {
                count: None,
                exact: false
            }
        );
    }
}
