use super::{Context, Finding, Rule, RuleInfo, declare_rule};
use crate::i18n::Lang;

declare_rule! {
    /// ## What it does
    /// Flags a meeting whose audience is above the capacity of its tool:
    /// BigBlueButton 150, RENATER Rendez-vous 30, RENAvisio 20 (the policy's
    /// `capacity` values). An inexact audience counts when even its lower
    /// bound is above the capacity.
    ///
    /// ## Why is this bad?
    /// The guide's table gives each tool its capacity: BBB "Jusqu'à 150
    /// utilisateurs", Rendez-vous "Jusqu'à 30 utilisateurs", Renavisio "20
    /// connexions simultanées" (§1). Past it, people cannot join or the
    /// meeting degrades for everyone.
    ///
    /// ## Example
    /// ```text
    /// LOCATION:https://rendez-vous.renater.fr/ConseilDeLabo
    /// (45 attendees)
    /// ```
    ///
    /// ## Use instead
    /// A tool that holds the audience: BigBlueButton up to 150; above, for
    /// non-sensitive data only, the institution's Zoom (§4 table).
    ///
    /// ## Reference
    /// Guide §1 (table), §4 (table).
    pub struct CapacityExceeded {
        code: "VL201",
        name: "capacity-exceeded",
        severity: Error,
        summary: ("Audience supérieure à la capacité de l'outil", "Audience above the tool's capacity"),
        guide: "§1, §4",
        fixable: false,
        doc_fr: r#"
## Ce que fait la règle
Signale une réunion dont l'audience dépasse la capacité de son outil :
BigBlueButton 150, Rendez-vous de RENATER 30, RENAvisio 20 (valeurs
`capacity` de la politique). Une audience inexacte compte quand même sa
borne basse dépasse la capacité.

## Pourquoi est-ce un problème ?
Le tableau du guide donne la capacité de chaque outil : BBB « Jusqu'à 150
utilisateurs », Rendez-vous « Jusqu'à 30 utilisateurs », Renavisio « 20
connexions simultanées » (§1). Au-delà, des participants ne peuvent pas se
connecter ou la réunion se dégrade pour tous.

## Exemple
```text
LOCATION:https://rendez-vous.renater.fr/ConseilDeLabo
(45 participants)
```

## À la place
Un outil qui accueille l'audience : BigBlueButton jusqu'à 150 ; au-delà, et
pour des données non sensibles seulement, le Zoom de l'établissement
(tableau du §4).

## Référence
Guide §1 (tableau), §4 (tableau).
"#,
    }
}

impl Rule for CapacityExceeded {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(count) = cx.attendance.count else { return };
        for meeting in &cx.analysis.meetings {
            let Some(platform) = cx.platform(meeting) else { continue };
            let Some(capacity) = platform.capacity else { continue };
            if count <= capacity {
                continue;
            }
            let bound = if cx.attendance.exact {
                ""
            } else {
                cx.pick("au moins ", "at least ")
            };
            let message = match cx.lang {
                Lang::Fr => format!(
                    "{} accueille {capacity} personnes au plus ; cette réunion en réunit {bound}{count}",
                    platform.name
                ),
                Lang::En => format!(
                    "{} holds at most {capacity} people; this meeting gathers {bound}{count}",
                    platform.name
                ),
            };
            let tools = cx.recommended_tools(Some(count));
            let help = if cx.invitee {
                cx.invitee_help(&tools)
            } else {
                match cx.lang {
                    Lang::Fr => format!("choisissez un outil à la mesure de l'audience : {tools}"),
                    Lang::En => format!("choose a tool that holds the audience: {tools}"),
                }
            };
            out.push(
                Finding::new(&Self::INFO, meeting.first().orig.clone(), message, help)
                    .with_fingerprint(meeting.key.clone()),
            );
        }
    }
}
