use super::{Context, Finding, Rule, RuleInfo, declare_rule};
use crate::i18n::Lang;

declare_rule! {
    /// ## What it does
    /// Flags a meeting on a capacity-limited tool (BigBlueButton, Rendez-vous,
    /// RENAvisio) when the audience is not known exactly (a mailing list, a
    /// `CUTYPE=GROUP` attendee, a public announcement) and its known lower
    /// bound is already above 80% of the capacity (`near_capacity_ratio`).
    ///
    /// ## Why is this bad?
    /// The capacities of §1 ("Jusqu'à 30 utilisateurs" for Rendez-vous, ...)
    /// are hard limits. With a list among the guests, the real audience may
    /// well be above them; visiolint cannot tell, so it asks you to check.
    ///
    /// ## Example
    /// ```text
    /// ATTENDEE;CUTYPE=GROUP:mailto:equipe-astro@listes.labo-exemple.fr
    /// (+ 26 people)  LOCATION:https://rendez-vous.renater.fr/ReunionAstro
    /// ```
    ///
    /// ## Use instead
    /// Check how many people the list reaches; pass `--attendees N` or state
    /// the audience in the invitation; pick a larger tool if needed.
    ///
    /// ## Reference
    /// Guide §1 (table).
    pub struct AttendanceUnknown {
        code: "VL203",
        name: "attendance-unknown",
        severity: Info,
        summary: ("Audience inexacte proche de la capacité de l'outil", "Inexact audience near the tool's capacity"),
        guide: "§1",
        fixable: false,
        doc_fr: r#"
## Ce que fait la règle
Signale une réunion sur un outil à capacité limitée (BigBlueButton,
Rendez-vous, RENAvisio) quand l'audience n'est pas connue exactement (liste
de diffusion, participant `CUTYPE=GROUP`, annonce publique) et que sa borne
basse dépasse déjà 80 % de la capacité (`near_capacity_ratio`).

## Pourquoi est-ce un problème ?
Les capacités du §1 (« Jusqu'à 30 utilisateurs » pour Rendez-vous, ...) sont
des limites dures. Avec une liste parmi les invités, l'audience réelle peut
les dépasser ; visiolint ne peut pas le savoir et vous demande de vérifier.

## Exemple
```text
ATTENDEE;CUTYPE=GROUP:mailto:equipe-astro@listes.labo-exemple.fr
(+ 26 personnes)  LOCATION:https://rendez-vous.renater.fr/ReunionAstro
```

## À la place
Vérifiez combien de personnes la liste atteint ; passez `--attendees N` ou
indiquez l'audience dans l'invitation ; choisissez un outil plus grand si
besoin.

## Référence
Guide §1 (tableau).
"#,
    }
}

impl Rule for AttendanceUnknown {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        if cx.attendance.exact {
            return;
        }
        let Some(count) = cx.attendance.count else { return };
        let ratio = cx.policy.data.thresholds.near_capacity_ratio;
        for meeting in &cx.analysis.meetings {
            let Some(platform) = cx.platform(meeting) else { continue };
            let Some(capacity) = platform.capacity else { continue };
            // Above capacity, VL201 already says it for sure.
            if f64::from(count) <= f64::from(capacity) * ratio || count > capacity {
                continue;
            }
            let message = match cx.lang {
                Lang::Fr => format!(
                    "audience inexacte (au moins {count} personnes, dont une liste ou un groupe) pour {}, limité à {capacity}",
                    platform.name
                ),
                Lang::En => format!(
                    "inexact audience (at least {count} people, including a list or group) for {}, limited to {capacity}",
                    platform.name
                ),
            };
            let help = cx
                .pick(
                    "vérifiez combien de personnes la liste atteint, indiquez l'audience (« environ N participants ») ou passez --attendees N",
                    "check how many people the list reaches, state the audience (\"about N participants\") or pass --attendees N",
                )
                .to_owned();
            out.push(
                Finding::new(&Self::INFO, meeting.first().orig.clone(), message, help)
                    .with_fingerprint(meeting.key.clone()),
            );
        }
    }
}
