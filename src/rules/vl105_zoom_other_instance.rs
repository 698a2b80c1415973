use super::{Context, Finding, Rule, RuleInfo, declare_rule};
use crate::i18n::Lang;

declare_rule! {
    /// ## What it does
    /// Flags a Zoom link that is not on the institution's Zoom instance
    /// (`cnrs.zoom.us` by default; configurable with `[policy]
    /// zoom_instances`): a personal account on `zoom.us`, `us02web.zoom.us`,
    /// another organisation's vanity domain.
    ///
    /// ## Why is this bad?
    /// The guide allows "Zoom (instance CNRS)" (§1). That instance "a été
    /// paramétré pour atteindre le meilleur niveau possible de sécurité dans
    /// l'accès aux conférences. Certains paramètres sont verrouillés au niveau
    /// central" (§5): waiting room, passcode, no chat saving, central
    /// authentication (Janus). A personal or foreign account has none of these
    /// guarantees.
    ///
    /// ## Example
    /// ```text
    /// https://us02web.zoom.us/j/81234567890?pwd=...
    /// ```
    ///
    /// ## Use instead
    /// Create the meeting from your CNRS Zoom account (`cnrs.zoom.us`), or use
    /// a recommended tool. If you are invited to someone else's Zoom, assess
    /// the sensitivity of the exchanges (§4, situation 2).
    ///
    /// ## Reference
    /// Guide §1 ("Zoom (instance CNRS)"), §5.
    pub struct ZoomOtherInstance {
        code: "VL105",
        name: "zoom-other-instance",
        severity: Warning,
        summary: ("Zoom hors de l'instance de l'établissement", "Zoom outside the institution's instance"),
        guide: "§1, §5",
        fixable: false,
        doc_fr: r#"
## Ce que fait la règle
Signale un lien Zoom qui n'est pas sur l'instance Zoom de l'établissement
(`cnrs.zoom.us` par défaut ; réglable par `[policy] zoom_instances`) : compte
personnel sur `zoom.us`, `us02web.zoom.us`, domaine d'une autre organisation.

## Pourquoi est-ce un problème ?
Le guide autorise « Zoom (instance CNRS) » (§1). Cette instance « a été
paramétré[e] pour atteindre le meilleur niveau possible de sécurité dans
l'accès aux conférences. Certains paramètres sont verrouillés au niveau
central » (§5) : salle d'attente, mot de passe, pas d'enregistrement du tchat,
authentification centralisée (Janus). Un compte personnel ou étranger n'offre
aucune de ces garanties.

## Exemple
```text
https://us02web.zoom.us/j/81234567890?pwd=...
```

## À la place
Créez la réunion depuis votre compte Zoom CNRS (`cnrs.zoom.us`), ou utilisez
un outil préconisé. Invité·e au Zoom de quelqu'un d'autre, analysez la
sensibilité des échanges (§4, situation 2).

## Référence
Guide §1 (« Zoom (instance CNRS) »), §5.
"#,
    }
}

impl Rule for ZoomOtherInstance {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for meeting in cx.analysis.meetings.iter().filter(|m| cx.is_zoom(m)) {
            // A desktop link (`zoommtg://zoom.us/...`) names no instance.
            let Some(web) = meeting.occurrences.iter().find(|o| o.is_web()) else {
                continue;
            };
            if cx.policy.is_institution_zoom(&meeting.host) {
                continue;
            }
            let instances = cx.policy.data.zoom_instances.join(", ");
            let message = match cx.lang {
                Lang::Fr => format!(
                    "lien Zoom sur `{}`, hors de l'instance de l'établissement ({instances})",
                    meeting.host
                ),
                Lang::En => format!(
                    "Zoom link on `{}`, not the institution's instance ({instances})",
                    meeting.host
                ),
            };
            let help = if cx.invitee {
                cx.invitee_help(&cx.recommended_tools(cx.attendance.count))
            } else {
                match cx.lang {
                    Lang::Fr => format!(
                        "créez la réunion depuis votre compte {instances}, paramétré et verrouillé par l'établissement (guide §5)"
                    ),
                    Lang::En => format!(
                        "create the meeting from your {instances} account, configured and locked by the institution (guide §5)"
                    ),
                }
            };
            out.push(Finding::new(&Self::INFO, web.orig.clone(), message, help).with_fingerprint(meeting.key.clone()));
        }
    }
}
