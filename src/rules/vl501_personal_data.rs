use super::{Context, Finding, Rule, RuleInfo, declare_rule};
use crate::extract::sensitivity::Signal;
use crate::i18n::Lang;

declare_rule! {
    /// ## What it does
    /// Flags a personal identifier written in the invitation itself: a valid
    /// French social security number (NIR, checked with its mod-97 key,
    /// Corsica `2A`/`2B` included), or another national identifier next to
    /// its name ("numéro de passeport : ...", "numéro fiscal : ..."). The
    /// value is never printed, in any output format, unless `--show-secrets`.
    ///
    /// ## Why is this bad?
    /// The social security number is among the sensitive personal data the
    /// guide lists (§0, "A savoir", after GDPR articles 9 and 10), and the
    /// Zoom rules ask "de ne fournir aucune donnée à caractère personnel à
    /// « Zoom »" (§5). An invitation travels to every attendee's mailbox and
    /// calendar, and often to the tool's servers.
    ///
    /// ## Example
    /// ```text
    /// DESCRIPTION:Dossier de Mme X, NIR 2 84 05 2A 123 456 xx
    /// ```
    ///
    /// ## Use instead
    /// Remove the identifier from the invitation; share the file through a
    /// channel fit for personal data, on a need-to-know basis. Ask the DPD
    /// (dpd-demandes@cnrs.fr) if in doubt.
    ///
    /// ## Reference
    /// Guide §0 ("A savoir"), §5 ("aucune donnée à caractère personnel").
    pub struct PersonalData {
        code: "VL501",
        name: "personal-data",
        severity: Error,
        summary: ("Identifiant personnel dans l'invitation", "Personal identifier in the invitation"),
        guide: "§0, §5",
        fixable: false,
        doc_fr: r#"
## Ce que fait la règle
Signale un identifiant personnel écrit dans l'invitation même : un numéro de
sécurité sociale (NIR) valide, vérifié avec sa clé modulo 97 (Corse `2A`/`2B`
comprise), ou un autre identifiant national à côté de son nom (« numéro de
passeport : ... », « numéro fiscal : ... »). La valeur n'est jamais affichée,
quel que soit le format de sortie, sauf avec `--show-secrets`.

## Pourquoi est-ce un problème ?
Le numéro de sécurité sociale fait partie des données personnelles sensibles
que cite le guide (§0, « A savoir », d'après les articles 9 et 10 du RGPD), et
les règles Zoom demandent « de ne fournir aucune donnée à caractère personnel
à « Zoom » » (§5). Une invitation part dans la messagerie et l'agenda de
chaque participant, et souvent sur les serveurs de l'outil.

## Exemple
```text
DESCRIPTION:Dossier de Mme X, NIR 2 84 05 2A 123 456 xx
```

## À la place
Retirez l'identifiant de l'invitation ; partagez le dossier par un canal
adapté aux données personnelles, aux seules personnes qui en ont besoin. En
cas de doute, interrogez la DPD (dpd-demandes@cnrs.fr).

## Référence
Guide §0 (« A savoir »), §5 (« aucune donnée à caractère personnel »).
"#,
    }
}

impl Rule for PersonalData {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let dpd = cx.policy.data.contacts.get("dpd").cloned().unwrap_or_default();
        let identifiers = &cx.analysis.sensitivity.identifiers;
        for (index, (range, signal)) in identifiers.iter().enumerate() {
            // Never the value in a fingerprint, even hashed: a NIR is short
            // enough to be found back from its hash.
            let alike = identifiers[..index].iter().filter(|(_, s)| s == signal).count();
            let (message, kind) = match (cx.lang, signal) {
                (Lang::Fr, Signal::Nir) => (
                    "numéro de sécurité sociale (NIR) écrit dans l'invitation".to_owned(),
                    "nir",
                ),
                (Lang::En, Signal::Nir) => (
                    "French social security number (NIR) written in the invitation".to_owned(),
                    "nir",
                ),
                (Lang::Fr, _) => ("identifiant national écrit dans l'invitation".to_owned(), "identifier"),
                (Lang::En, _) => ("national identifier written in the invitation".to_owned(), "identifier"),
            };
            let help = match cx.lang {
                Lang::Fr => format!(
                    "retirez-le de l'invitation et partagez le dossier par un canal adapté ; en cas de doute : {dpd}"
                ),
                Lang::En => format!(
                    "take it out of the invitation and share the file through a suitable channel; if in doubt: {dpd}"
                ),
            };
            out.push(
                Finding::new(&Self::INFO, range.clone(), message, help).with_fingerprint(format!("{kind}:{alike}")),
            );
        }
    }
}
