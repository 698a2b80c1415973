use super::{Context, Finding, Rule, RuleInfo, declare_rule};
use crate::extract::Level;
use crate::i18n::Lang;

declare_rule! {
    /// ## What it does
    /// Flags a videoconference whose invitation carries a classification
    /// marking, "Diffusion Restreinte" or a national-defence classification
    /// ("secret défense", "confidentiel défense"), whatever the tool.
    ///
    /// ## Why is this bad?
    /// No general-purpose videoconference tool is approved for classified
    /// information. Zoom "ne doit pas être utilisé pour des échanges relevant
    /// du secret de la défense nationale ou de la classification « Diffusion
    /// Restreinte »" (§5), and in a ZRR unit exchanges need "des outils
    /// sécurisés [...] validés par le CNRS" (§3). Such meetings need means
    /// approved for the classification level: ask the Fonctionnaire Sécurité
    /// et Défense.
    ///
    /// ## Example
    /// ```text
    /// SUMMARY:Revue projet X - Diffusion Restreinte
    /// LOCATION:https://bbb.univ-exemple.fr/b/abc-def-ghi
    /// ```
    ///
    /// ## Use instead
    /// Contact the FSD of the CNRS (fsd@cnrs.fr) before the meeting, and use
    /// only the means approved for that classification.
    ///
    /// ## Reference
    /// Guide §3 (ZRR), §5 (Zoom rules, contacts).
    pub struct ClassifiedInformation {
        code: "VL106",
        name: "classified-information",
        severity: Warning,
        summary: ("Information classifiée en visioconférence", "Classified information over videoconference"),
        guide: "§3, §5",
        fixable: false,
        doc_fr: r#"
## Ce que fait la règle
Signale une visioconférence dont l'invitation porte un marquage de
classification, « Diffusion Restreinte » ou une classification de défense
(« secret défense », « confidentiel défense »), quel que soit l'outil.

## Pourquoi est-ce un problème ?
Aucun outil de visioconférence généraliste n'est homologué pour les
informations classifiées. Zoom « ne doit pas être utilisé pour des échanges
relevant du secret de la défense nationale ou de la classification
« Diffusion Restreinte » » (§5), et en ZRR les échanges exigent « des outils
sécurisés [...] validés par le CNRS » (§3). Ces réunions demandent des moyens
homologués pour le niveau de classification : interrogez le Fonctionnaire
Sécurité et Défense.

## Exemple
```text
SUMMARY:Revue projet X - Diffusion Restreinte
LOCATION:https://bbb.univ-exemple.fr/b/abc-def-ghi
```

## À la place
Contactez le FSD du CNRS (fsd@cnrs.fr) avant la réunion et n'utilisez que
les moyens homologués pour cette classification.

## Référence
Guide §3 (ZRR), §5 (règles Zoom, contacts).
"#,
    }
}

impl Rule for ClassifiedInformation {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        if cx.level < Level::Restricted || cx.analysis.meetings.is_empty() {
            return;
        }
        let markings = &cx.policy.announcements.classified;
        let Some(reason) = cx
            .analysis
            .sensitivity
            .reasons
            .iter()
            .find(|r| markings.is_match(&r.text))
        else {
            return;
        };
        let fsd = cx.policy.data.contacts.get("fsd").cloned().unwrap_or_default();
        let line = cx.line(reason.offset);
        let message = match cx.lang {
            Lang::Fr => format!(
                "réunion marquée « {} » ({}, ligne {line}) : aucun outil de visioconférence courant n'est homologué pour ces échanges",
                reason.text, reason.field
            ),
            Lang::En => format!(
                "meeting marked '{}' ({}, line {line}): no ordinary videoconference tool is approved for such exchanges",
                reason.text, reason.field
            ),
        };
        let help = match cx.lang {
            Lang::Fr => format!(
                "contactez le Fonctionnaire Sécurité et Défense ({fsd}) et utilisez uniquement des moyens homologués"
            ),
            Lang::En => format!("contact the Security and Defence Officer ({fsd}) and use approved means only"),
        };
        let meeting = &cx.analysis.meetings[0];
        out.push(
            Finding::new(&Self::INFO, meeting.first().orig.clone(), message, help)
                .with_fingerprint(meeting.key.clone()),
        );
    }
}
