use super::vl101_zoom_sensitive::level_fr;
use super::{Context, Finding, Rule, RuleInfo, declare_rule};
use crate::extract::Level;
use crate::i18n::Lang;
use crate::policy::ToolStatus;

declare_rule! {
    /// ## What it does
    /// Flags a meeting on a public-cloud service other than Zoom (Teams, Meet,
    /// Webex, GoTo, Whereby, Discord, Skype, Slack, public Jitsi, ...), or on a
    /// tool the institution has not assessed (a self-hosted Nextcloud Talk, an
    /// unknown conference service, a tool the configuration took off the
    /// recommended list), when its invitation is about sensitive or restricted
    /// data.
    ///
    /// ## Why is this bad?
    /// Public-cloud services are subject to "réglementations permettant aux
    /// Etats un accès aux données des utilisateurs" (guide §2), and "le niveau
    /// de confidentialité et la nature des échanges forment un critère du
    /// choix de l'outil à utiliser" (§3). In a ZRR unit, exchanges must use
    /// "des outils sécurisés (chiffrés de bout en bout et non soumis à des
    /// réglementations extra nationales) validés par le CNRS" (§3).
    ///
    /// ## Example
    /// ```text
    /// SUMMARY:Données de santé - cohorte 2026
    /// X-MICROSOFT-SKYPETEAMSMEETINGURL:https://teams.microsoft.com/l/meetup-join/...
    /// ```
    ///
    /// ## Use instead
    /// BigBlueButton (up to 150), Rendez-vous (up to 30) or RENAvisio (20
    /// connections); for ZRR or classified exchanges, the secure tools
    /// approved by the CNRS.
    ///
    /// ## Reference
    /// Guide §2, §3, §4 (table, "Données sensibles et très sensibles").
    pub struct CloudSensitive {
        code: "VL103",
        name: "cloud-sensitive",
        severity: Error,
        summary: ("Service en cloud public pour des données sensibles", "Public-cloud service used for sensitive data"),
        guide: "§2, §3, §4",
        fixable: false,
        doc_fr: r#"
## Ce que fait la règle
Signale une réunion sur un service en cloud public autre que Zoom (Teams,
Meet, Webex, GoTo, Whereby, Discord, Skype, Slack, Jitsi public, ...), ou sur
un outil que l'établissement n'a pas évalué (Nextcloud Talk auto-hébergé,
service de conférence inconnu, outil retiré de la liste des outils préconisés
par la configuration), quand son invitation porte sur des données sensibles
ou à diffusion restreinte.

## Pourquoi est-ce un problème ?
Les services en cloud public sont soumis à des « réglementations permettant
aux Etats un accès aux données des utilisateurs » (guide §2), et « le niveau
de confidentialité et la nature des échanges forment un critère du choix de
l'outil à utiliser » (§3). En ZRR, les échanges doivent utiliser « des outils
sécurisés (chiffrés de bout en bout et non soumis à des réglementations extra
nationales) validés par le CNRS » (§3).

## Exemple
```text
SUMMARY:Données de santé - cohorte 2026
X-MICROSOFT-SKYPETEAMSMEETINGURL:https://teams.microsoft.com/l/meetup-join/...
```

## À la place
BigBlueButton (jusqu'à 150), Rendez-vous (jusqu'à 30) ou RENAvisio (20
connexions) ; pour la ZRR ou les informations classifiées, les outils
sécurisés validés par le CNRS.

## Référence
Guide §2, §3, §4 (tableau, « Données sensibles et très sensibles »).
"#,
    }
}

impl Rule for CloudSensitive {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        if cx.level < Level::Sensitive {
            return;
        }
        for meeting in &cx.analysis.meetings {
            // Zoom is VL101's; the recommended tools and the state's are
            // fine; everything else, assessed or not, is not.
            let (name, status) = match cx.platform(meeting) {
                Some(p) if p.id == "zoom" => continue,
                Some(p) => (p.name.clone(), p.status),
                None => (cx.platform_name(meeting), ToolStatus::Unknown),
            };
            let kind = match (status, cx.lang) {
                (ToolStatus::PublicCloud, Lang::Fr) => "cloud public",
                (ToolStatus::PublicCloud, Lang::En) => "public cloud",
                (ToolStatus::Unknown, Lang::Fr) => "outil non évalué par l'établissement",
                (ToolStatus::Unknown, Lang::En) => "a tool the institution has not assessed",
                _ => continue,
            };
            let evidence = cx.sensitivity_evidence();
            let message = match cx.lang {
                Lang::Fr => format!(
                    "{name} ({kind}) utilisé pour une réunion {} : {evidence}",
                    level_fr(cx.level)
                ),
                Lang::En => format!(
                    "{name} ({kind}) used for a meeting marked {}: {evidence}",
                    cx.level.name()
                ),
            };
            let tools = cx.recommended_tools(cx.attendance.count);
            let help = if cx.invitee {
                cx.invitee_help(&tools)
            } else {
                match cx.lang {
                    Lang::Fr => format!("utilisez {tools} ; pour la ZRR, un outil sécurisé validé par le CNRS"),
                    Lang::En => format!("use {tools}; for ZRR exchanges, a secure tool approved by the CNRS"),
                }
            };
            out.push(
                Finding::new(&Self::INFO, meeting.first().orig.clone(), message, help)
                    .with_fingerprint(meeting.key.clone()),
            );
        }
    }
}
