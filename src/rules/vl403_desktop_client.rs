use super::{Context, Finding, Rule, RuleInfo, declare_rule};
use crate::extract::phrases::collapse_whitespace;
use crate::i18n::Lang;

declare_rule! {
    /// ## What it does
    /// Flags a link or an instruction that forces the installed client: a
    /// `zoommtg://` or `msteams:` link, or text such as "installez le client
    /// Zoom" / "download the Zoom app". An instruction negated in its clause
    /// ("pas besoin d'installer le client") is none; a contrast ("mais",
    /// "but") starts a new clause.
    ///
    /// ## Why is this bad?
    /// "La solution du navigateur web est toujours à privilégier car elle
    /// présente moins de risques d'intrusion sur le poste de travail. Le
    /// logiciel dédié peut présenter des vulnérabilités parfois critiques qui
    /// peuvent compromettre totalement votre poste" (guide §1).
    ///
    /// ## Example
    /// ```text
    /// Installez le client Zoom puis cliquez : zoommtg://zoom.us/join?confno=91234567890
    /// ```
    ///
    /// ## Use instead
    /// Give the web link (`https://cnrs.zoom.us/j/<id>`, `https://teams.microsoft.com/...`)
    /// and let people join from their browser. Only end-to-end encrypted Zoom
    /// meetings need the client (§1, "NOTA").
    ///
    /// ## Reference
    /// Guide §1 ("navigateur web [...] à privilégier").
    pub struct DesktopClient {
        code: "VL403",
        name: "desktop-client",
        severity: Warning,
        summary: ("Client lourd imposé au lieu du navigateur", "Desktop client forced instead of the browser"),
        guide: "§1",
        fixable: false,
        doc_fr: r#"
## Ce que fait la règle
Signale un lien ou une consigne qui impose le logiciel installé : lien
`zoommtg://` ou `msteams:`, ou texte comme « installez le client Zoom » /
« download the Zoom app ». Une consigne niée dans sa proposition (« pas
besoin d'installer le client ») n'en est pas une ; une opposition (« mais »,
« but ») ouvre une nouvelle proposition.

## Pourquoi est-ce un problème ?
« La solution du navigateur web est toujours à privilégier car elle présente
moins de risques d'intrusion sur le poste de travail. Le logiciel dédié peut
présenter des vulnérabilités parfois critiques qui peuvent compromettre
totalement votre poste » (guide §1).

## Exemple
```text
Installez le client Zoom puis cliquez : zoommtg://zoom.us/join?confno=91234567890
```

## À la place
Donnez le lien web (`https://cnrs.zoom.us/j/<id>`,
`https://teams.microsoft.com/...`) et laissez chacun rejoindre depuis son
navigateur. Seules les réunions Zoom chiffrées de bout en bout exigent le
client (§1, « NOTA »).

## Référence
Guide §1 (« navigateur web [...] à privilégier »).
"#,
    }
}

impl Rule for DesktopClient {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let schemes = &cx.policy.data.announcements.desktop_schemes;
        let help = cx
            .pick(
                "donnez le lien web (https://...) : le navigateur présente moins de risques que le logiciel installé — guide §1",
                "give the web link (https://...): the browser is less risky than the installed software — guide §1",
            )
            .to_owned();
        for meeting in &cx.analysis.meetings {
            for occurrence in &meeting.occurrences {
                let scheme = occurrence.url.scheme();
                if !schemes.iter().any(|s| s.eq_ignore_ascii_case(scheme)) {
                    continue;
                }
                let message = match cx.lang {
                    Lang::Fr => format!("lien `{scheme}:` qui ouvre le logiciel installé au lieu du navigateur"),
                    Lang::En => format!("`{scheme}:` link that opens the installed software instead of the browser"),
                };
                out.push(
                    Finding::new(&Self::INFO, occurrence.orig.clone(), message, help.clone())
                        .with_fingerprint(format!("{}:{scheme}", meeting.key)),
                );
            }
        }
        if cx.analysis.meetings.is_empty() {
            return;
        }
        let phrases = &cx.policy.announcements.desktop_client;
        if let Some((field, range)) = cx.fields_with(crate::extract::Triggered::DESKTOP).find_map(|f| {
            phrases
                .find_affirmative(
                    f.text.as_str(),
                    &cx.policy.announcements.negations,
                    &cx.policy.announcements.contrasts,
                )
                .map(|r| (f, r))
        }) {
            let words = collapse_whitespace(&field.text.as_str()[range.clone()]);
            let message = match cx.lang {
                Lang::Fr => format!("consigne d'installer le logiciel (« {words} ») alors que le navigateur suffit"),
                Lang::En => format!("instruction to install the software ('{words}') where the browser would do"),
            };
            out.push(
                Finding::new(&Self::INFO, field.text.orig_range(range), message, help)
                    .with_fingerprint(crate::extract::sensitivity::normalize(&words)),
            );
        }
    }
}
