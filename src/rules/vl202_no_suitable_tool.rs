use super::vl101_zoom_sensitive::level_fr;
use super::{Context, Finding, Rule, RuleInfo, declare_rule};
use crate::extract::Level;
use crate::i18n::Lang;

declare_rule! {
    /// ## What it does
    /// Flags a sensitive or restricted meeting whose audience is above 150
    /// people (`sensitive_max_audience`): no tool the guide allows for
    /// sensitive data can hold it.
    ///
    /// ## Why is this bad?
    /// For "Données sensibles et très sensibles" with "Nombre de participants
    /// ≥100" the guide's table names a single tool, "BBB" (§4), which holds
    /// "Jusqu'à 150 utilisateurs" (§1). Zoom, the only larger option, is
    /// "exclusivement pour les données non sensibles". Above 150, the meeting
    /// as planned cannot comply.
    ///
    /// ## Example
    /// ```text
    /// SUMMARY:Restitution données de santé - 300 participants
    /// ```
    ///
    /// ## Use instead
    /// Reduce the audience (several sessions, a smaller group for the
    /// sensitive part), or remove the sensitive content from the large
    /// meeting. Ask the RSSI or DPD if in doubt.
    ///
    /// ## Reference
    /// Guide §1 (table), §4 (table).
    pub struct NoSuitableTool {
        code: "VL202",
        name: "no-suitable-tool",
        severity: Error,
        summary: ("Aucun outil adapté : sensible et plus de 150 personnes", "No suitable tool: sensitive and over 150 people"),
        guide: "§1, §4",
        fixable: false,
        doc_fr: r#"
## Ce que fait la règle
Signale une réunion sensible ou à diffusion restreinte dont l'audience
dépasse 150 personnes (`sensitive_max_audience`) : aucun outil autorisé pour
des données sensibles ne peut l'accueillir.

## Pourquoi est-ce un problème ?
Pour les « Données sensibles et très sensibles » avec un « Nombre de
participants ≥100 », le tableau du guide ne cite qu'un outil, « BBB » (§4),
qui accueille « Jusqu'à 150 utilisateurs » (§1). Zoom, seule option plus
grande, est « exclusivement pour les données non sensibles ». Au-delà de
150, la réunion telle que prévue ne peut pas être conforme.

## Exemple
```text
SUMMARY:Restitution données de santé - 300 participants
```

## À la place
Réduisez l'audience (plusieurs sessions, un groupe restreint pour la partie
sensible) ou retirez le contenu sensible de la grande réunion. En cas de
doute, interrogez le RSSI ou la DPD.

## Référence
Guide §1 (tableau), §4 (tableau).
"#,
    }
}

impl Rule for NoSuitableTool {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        if cx.level < Level::Sensitive || cx.analysis.meetings.is_empty() {
            return;
        }
        let Some(count) = cx.attendance.count else { return };
        let max = cx.policy.data.thresholds.sensitive_max_audience;
        if count <= max {
            return;
        }
        let evidence = cx.sensitivity_evidence();
        let message = match cx.lang {
            Lang::Fr => format!(
                "réunion {} ({evidence}) pour {count} personnes : aucun outil préconisé n'accueille plus de {max} personnes",
                level_fr(cx.level)
            ),
            Lang::En => format!(
                "{} meeting ({evidence}) for {count} people: no recommended tool holds more than {max}",
                cx.level.name()
            ),
        };
        let dpd = cx.policy.data.contacts.get("dpd").cloned().unwrap_or_default();
        let rssi = cx.policy.data.contacts.get("rssi").cloned().unwrap_or_default();
        let tools = cx.recommended_tools(Some(max));
        let help = match cx.lang {
            Lang::Fr => format!(
                "réduisez l'audience à {max} personnes ({tools}) ou retirez le contenu sensible ; en cas de doute : {rssi}, {dpd}"
            ),
            Lang::En => format!(
                "reduce the audience to {max} people ({tools}) or take the sensitive content out; if in doubt: {rssi}, {dpd}"
            ),
        };
        let meeting = &cx.analysis.meetings[0];
        out.push(
            Finding::new(&Self::INFO, meeting.first().orig.clone(), message, help)
                .with_fingerprint(meeting.key.clone()),
        );
    }
}
