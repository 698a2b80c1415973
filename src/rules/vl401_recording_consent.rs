use super::{Context, Finding, Rule, RuleInfo, declare_rule};
use crate::extract::Triggered;
use crate::extract::phrases::negated;
use crate::i18n::Lang;

declare_rule! {
    /// ## What it does
    /// Flags an invitation to a videoconference that announces a recording
    /// ("la séance sera enregistrée", "this session will be recorded",
    /// "rediffusion") without any mention of consent, authorisation or an
    /// opt-out ("consentement", "autorisation", "droit à l'image", "if you do
    /// not wish to be recorded"...).
    ///
    /// ## Why is this bad?
    /// "Il est interdit d'enregistrer les réunions à l'insu des participants.
    /// Si un enregistrement est nécessaire, vous devez informer les
    /// participants de la finalité et de l'usage (ex : rediffusion pour un
    /// autre public) et obtenir leur autorisation au préalable via un
    /// formulaire de droit à l'image/ à la voix" (guide §5).
    ///
    /// ## Example
    /// ```text
    /// Le séminaire sera enregistré et mis en ligne.
    /// ```
    ///
    /// ## Use instead
    /// Say why and how the recording will be used, and collect each
    /// participant's authorisation beforehand ("formulaire de droit à l'image
    /// et à la voix"), or give a way to opt out.
    ///
    /// ## Reference
    /// Guide §5 ("interdit d'enregistrer les réunions à l'insu des participants").
    pub struct RecordingConsent {
        code: "VL401",
        name: "recording-consent",
        severity: Warning,
        summary: ("Enregistrement annoncé sans consentement", "Recording announced without consent"),
        guide: "§5",
        fixable: false,
        doc_fr: r#"
## Ce que fait la règle
Signale une invitation à une visioconférence qui annonce un enregistrement
(« la séance sera enregistrée », « this session will be recorded »,
« rediffusion ») sans mentionner de consentement, d'autorisation ou de moyen
de s'y opposer (« consentement », « autorisation », « droit à l'image », « si
vous ne souhaitez pas être enregistré »...).

## Pourquoi est-ce un problème ?
« Il est interdit d'enregistrer les réunions à l'insu des participants. Si un
enregistrement est nécessaire, vous devez informer les participants de la
finalité et de l'usage (ex : rediffusion pour un autre public) et obtenir
leur autorisation au préalable via un formulaire de droit à l'image/ à la
voix » (guide §5).

## Exemple
```text
Le séminaire sera enregistré et mis en ligne.
```

## À la place
Indiquez la finalité et l'usage de l'enregistrement et recueillez
l'autorisation de chacun au préalable (« formulaire de droit à l'image et à
la voix »), ou donnez un moyen de s'y opposer.

## Référence
Guide §5 (« interdit d'enregistrer les réunions à l'insu des participants »).
"#,
    }
}

impl Rule for RecordingConsent {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        if cx.analysis.meetings.is_empty() {
            return;
        }
        let phrases = &cx.policy.announcements;
        let Some((field, range)) = cx.fields_with(Triggered::RECORDING).find_map(|f| {
            let text = f.text.as_str();
            phrases
                .recording
                .find_iter(text)
                .find(|r| {
                    // Saving the chat is VL402's business, not a recording.
                    !phrases.chat.find_iter(text).any(|c| c.start < r.end && r.start < c.end)
                        && !negated(text, r.clone(), &phrases.negations)
                })
                .map(|r| (f, r))
        }) else {
            return;
        };
        if cx
            .fields_with(Triggered::CONSENT)
            .any(|f| phrases.consent.is_match(f.text.as_str()))
        {
            return;
        }
        let words = field.text.as_str()[range.clone()]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let message = match cx.lang {
            Lang::Fr => format!("enregistrement annoncé (« {words} ») sans mention du consentement des participants"),
            Lang::En => format!("recording announced ('{words}') without any mention of the participants' consent"),
        };
        let help = cx
            .pick(
                "indiquez la finalité de l'enregistrement et recueillez l'autorisation de chacun au préalable (formulaire de droit à l'image et à la voix) — guide §5",
                "state what the recording is for and collect everyone's authorisation beforehand (image and voice release form) — guide §5",
            )
            .to_owned();
        let orig = field.text.orig_range(range);
        out.push(
            Finding::new(&Self::INFO, orig, message, help)
                .with_fingerprint(crate::extract::sensitivity::normalize(&words)),
        );
    }
}
