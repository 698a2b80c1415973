use super::{Context, Finding, Rule, RuleInfo, declare_rule};
use crate::extract::Level;
use crate::i18n::Lang;

declare_rule! {
    /// ## What it does
    /// Flags a non-sensitive Zoom meeting whose audience is known exactly and
    /// is below the threshold for Zoom (100 people by default).
    ///
    /// ## Why is this bad?
    /// The guide gives Zoom to "les visio réunissant plus de 100 personnes"
    /// (§1). Below 100 participants, the choice table of §4 lists only "BBB,
    /// Rendez-vous Renater", for sensitive and non-sensitive data alike: the
    /// recommended tools can hold the meeting without sending its metadata to
    /// a public-cloud operator.
    ///
    /// ## Example
    /// ```text
    /// ORGANIZER:mailto:chef@labo-exemple.fr
    /// ATTENDEE:mailto:a@labo-exemple.fr      (12 people in all)
    /// LOCATION:https://cnrs.zoom.us/j/91234567890?pwd=...
    /// ```
    ///
    /// ## Use instead
    /// RENATER Rendez-vous (up to 30 people) or BigBlueButton (up to 150).
    /// If the audience is really larger (a list, a public seminar), say so in
    /// the invitation ("environ 120 participants") or pass `--attendees`.
    ///
    /// ## Reference
    /// Guide §1 (table), §4 (table, "Nombre de participants < 100").
    pub struct ZoomSmallMeeting {
        code: "VL104",
        name: "zoom-small-meeting",
        severity: Warning,
        summary: ("Zoom pour moins de 100 personnes", "Zoom for fewer than 100 people"),
        guide: "§1, §4",
        fixable: false,
        doc_fr: r#"
## Ce que fait la règle
Signale une réunion Zoom non sensible dont l'audience est connue exactement
et inférieure au seuil de Zoom (100 personnes par défaut).

## Pourquoi est-ce un problème ?
Le guide réserve Zoom « pour les visio réunissant plus de 100 personnes »
(§1). En dessous de 100 participants, le tableau de choix du §4 ne propose
que « BBB, Rendez-vous Renater », que les données soient sensibles ou non :
les outils préconisés suffisent, sans confier les métadonnées à un opérateur
en cloud public.

## Exemple
```text
ORGANIZER:mailto:chef@labo-exemple.fr
ATTENDEE:mailto:a@labo-exemple.fr      (12 personnes en tout)
LOCATION:https://cnrs.zoom.us/j/91234567890?pwd=...
```

## À la place
Rendez-vous de RENATER (jusqu'à 30 personnes) ou BigBlueButton (jusqu'à
150). Si l'audience est en réalité plus large (liste, séminaire public),
indiquez-la dans l'invitation (« environ 120 participants ») ou passez
`--attendees`.

## Référence
Guide §1 (tableau), §4 (tableau, « Nombre de participants < 100 »).
"#,
    }
}

impl Rule for ZoomSmallMeeting {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        if cx.level != Level::NonSensitive || !cx.attendance.exact {
            return;
        }
        let Some(count) = cx.attendance.count else { return };
        let threshold = cx.policy.data.thresholds.zoom_min_audience;
        if count >= threshold {
            return;
        }
        for meeting in cx.analysis.meetings.iter().filter(|m| cx.is_zoom(m)) {
            let tools = cx.recommended_tools(Some(count));
            let message = match cx.lang {
                Lang::Fr => format!(
                    "Zoom pour {count} {} : le guide réserve Zoom aux réunions de plus de {threshold} personnes",
                    if count == 1 { "personne" } else { "personnes" }
                ),
                Lang::En => format!(
                    "Zoom for {count} {}: the guide keeps Zoom for meetings of more than {threshold} people",
                    if count == 1 { "person" } else { "people" }
                ),
            };
            let help = if cx.invitee {
                cx.invitee_help(&tools)
            } else {
                match cx.lang {
                    Lang::Fr => format!("utilisez {tools}"),
                    Lang::En => format!("use {tools}"),
                }
            };
            out.push(
                Finding::new(&Self::INFO, meeting.first().orig.clone(), message, help)
                    .with_fingerprint(meeting.key.clone()),
            );
        }
    }
}
