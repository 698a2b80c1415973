use super::{Context, Finding, Rule, RuleInfo, declare_rule};
use crate::extract::Level;

declare_rule! {
    /// ## What it does
    /// Flags a Zoom meeting whose invitation is about sensitive or restricted
    /// data: a keyword such as "brevet", "données de santé" or "ZRR", an
    /// iCalendar `CLASS:CONFIDENTIAL`, a mail `Sensitivity` header, a
    /// confidential MSIP label, or a social security number.
    ///
    /// ## Why is this bad?
    /// The CNRS allows its Zoom instance "exclusivement pour les données non
    /// sensibles" (guide §1). Zoom is a public-cloud service subject to foreign
    /// law (§2), is excluded for ZRR exchanges ("Zoom est ici exclu", §3), and
    /// "ne doit pas être utilisé pour des échanges [...] dont la divulgation
    /// pourrait mettre en cause l'image ou la responsabilité de l'établissement"
    /// (§5).
    ///
    /// ## Example
    /// ```text
    /// SUMMARY:Point brevet - projet Alpha
    /// LOCATION:https://cnrs.zoom.us/j/91234567890?pwd=...
    /// ```
    ///
    /// ## Use instead
    /// Hold it on BigBlueButton (up to 150 people), RENATER Rendez-vous (up to
    /// 30) or RENAvisio (20 connections). For ZRR or classified exchanges, use
    /// only the secure tools approved by the CNRS. If you are an invitee,
    /// suggest another tool to the organizer (§4, situation 2).
    ///
    /// ## Reference
    /// Guide §1 (table), §3 (ZRR), §5 (Zoom account rules).
    pub struct ZoomSensitive {
        code: "VL101",
        name: "zoom-sensitive",
        severity: Error,
        summary: ("Zoom utilisé pour des données sensibles", "Zoom used for sensitive data"),
        guide: "§1, §3, §5",
        fixable: false,
        doc_fr: r#"
## Ce que fait la règle
Signale une réunion Zoom dont l'invitation porte sur des données sensibles ou
à diffusion restreinte : un mot-clé comme « brevet », « données de santé » ou
« ZRR », un `CLASS:CONFIDENTIAL` iCalendar, un en-tête de courriel
`Sensitivity`, une étiquette MSIP confidentielle ou un numéro de sécurité
sociale.

## Pourquoi est-ce un problème ?
Le CNRS réserve son instance Zoom « exclusivement pour les données non
sensibles » (guide §1). Zoom est un service en cloud public soumis à un droit
étranger (§2), il est exclu pour les échanges ZRR (« Zoom est ici exclu »,
§3) et « ne doit pas être utilisé pour des échanges [...] dont la divulgation
pourrait mettre en cause l'image ou la responsabilité de l'établissement »
(§5).

## Exemple
```text
SUMMARY:Point brevet - projet Alpha
LOCATION:https://cnrs.zoom.us/j/91234567890?pwd=...
```

## À la place
Tenez la réunion sur BigBlueButton (jusqu'à 150 personnes), Rendez-vous de
RENATER (jusqu'à 30) ou RENAvisio (20 connexions). Pour la ZRR ou les
informations classifiées, seuls les outils sécurisés validés par le CNRS
conviennent. Si vous êtes invité·e, proposez un autre outil à
l'organisateur (§4, situation 2).

## Référence
Guide §1 (tableau), §3 (ZRR), §5 (règles du compte Zoom).
"#,
    }
}

impl Rule for ZoomSensitive {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        if cx.level < Level::Sensitive {
            return;
        }
        for meeting in cx.analysis.meetings.iter().filter(|m| cx.is_zoom(m)) {
            let evidence = cx.sensitivity_evidence();
            let message = match cx.lang {
                crate::i18n::Lang::Fr => format!("Zoom utilisé pour une réunion {} : {evidence}", level_fr(cx.level)),
                crate::i18n::Lang::En => format!("Zoom used for a meeting marked {}: {evidence}", cx.level.name()),
            };
            let tools = cx.recommended_tools(cx.attendance.count);
            let help = if cx.invitee {
                cx.invitee_help(&tools)
            } else if cx.level == Level::Restricted {
                cx.pick(
                    "Zoom est exclu pour la ZRR et les informations classifiées : utilisez un outil sécurisé validé par le CNRS (chiffré de bout en bout, non soumis à une réglementation extra-nationale)",
                    "Zoom is excluded for ZRR and classified exchanges: use a secure tool approved by the CNRS (end-to-end encrypted, not subject to foreign law)",
                )
                .to_owned()
            } else {
                match cx.lang {
                    crate::i18n::Lang::Fr => format!("utilisez {tools} : Zoom est réservé aux données non sensibles"),
                    crate::i18n::Lang::En => format!("use {tools}: Zoom is for non-sensitive data only"),
                }
            };
            out.push(
                Finding::new(&Self::INFO, meeting.first().orig.clone(), message, help)
                    .with_fingerprint(meeting.key.clone()),
            );
        }
    }
}

pub(super) fn level_fr(level: Level) -> &'static str {
    match level {
        Level::NonSensitive => "non sensible",
        Level::Sensitive => "sensible",
        Level::Restricted => "à diffusion restreinte",
    }
}
