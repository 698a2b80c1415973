use std::ops::Range;

use super::{Context, Finding, Rule, RuleInfo, declare_rule};
use crate::extract::Triggered;
use crate::extract::phrases::{collapse_whitespace, words_after, words_before};
use crate::i18n::Lang;
use crate::policy::Announcements;

declare_rule! {
    /// ## What it does
    /// Flags an invitation to a videoconference that announces a recording
    /// ("la séance sera enregistrée", "this session will be recorded",
    /// "rediffusion") without any mention of consent, authorisation or an
    /// opt-out ("consentement", "formulaire d'autorisation", "droit à
    /// l'image", "if you do not wish to be recorded"...). A recording phrase
    /// with a negation just before it ("pas d'enregistrement de la séance",
    /// "no recording of the meeting") or a prohibition just after it
    /// ("l'enregistrement de la séance est interdit") announces nothing.
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
de s'y opposer (« consentement », « formulaire d'autorisation », « droit à
l'image », « si vous ne souhaitez pas être enregistré »...). Une expression
précédée de près d'une négation (« pas d'enregistrement de la séance », « no
recording of the meeting ») ou suivie d'une interdiction
(« l'enregistrement de la séance est interdit ») n'annonce rien.

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
        let Some((field, range)) = cx
            .fields_with(Triggered::RECORDING)
            .find_map(|f| announced_recording(f.text.as_str(), phrases).map(|r| (f, r)))
        else {
            return;
        };
        if cx
            .fields_with(Triggered::CONSENT)
            .any(|f| phrases.consent.is_match(f.text.as_str()))
        {
            return;
        }
        let words = collapse_whitespace(&field.text.as_str()[range.clone()]);
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

/// Words before a recording phrase where a negation governs it.
const NEGATION_WORDS: usize = 4;
/// Words after a recording phrase where a prohibition governs it.
const PROHIBITION_WORDS: usize = 3;

/// The first recording phrase of `text` that announces a recording: not
/// part of a chat phrase (saving the chat is VL402's business), no
/// negation in the few words before it, no prohibition in the few words
/// after it. Linear: the chat phrases are found once, each recording phrase
/// looks at a bounded window.
fn announced_recording(text: &str, phrases: &Announcements) -> Option<Range<usize>> {
    let mut chat: Option<Vec<Range<usize>>> = None;
    let mut next_chat = 0;
    phrases.recording.find_iter(text).find(|r| {
        // Both lists are sorted and their ranges disjoint: one pass.
        let chat = chat.get_or_insert_with(|| phrases.chat.find_iter(text).collect());
        while chat.get(next_chat).is_some_and(|c| c.end <= r.start) {
            next_chat += 1;
        }
        if chat.get(next_chat).is_some_and(|c| c.start < r.end) {
            return false;
        }
        let before = words_before(text, r.start, NEGATION_WORDS)..r.start;
        let after = r.end..words_after(text, r.end, PROHIBITION_WORDS);
        phrases.recording_negations.find_in(text, before).is_none()
            && phrases.recording_prohibitions.find_in(text, after).is_none()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Policy;

    fn announced(text: &str) -> Option<String> {
        let policy = Policy::builtin();
        announced_recording(text, &policy.announcements).map(|r| text[r].to_owned())
    }

    #[test]
    fn a_negation_counts_only_right_before_the_phrase() {
        assert_eq!(
            announced("La séance sera enregistrée et mise en ligne sans délai.").as_deref(),
            Some("sera enregistrée")
        );
        assert_eq!(
            announced("Pas de panique : la séance sera enregistrée.").as_deref(),
            Some("sera enregistrée")
        );
        for text in [
            "Il n'y aura pas d'enregistrement de la séance.",
            "Sans enregistrement vidéo ni audio.",
            "No recording of the meeting will be made.",
            "We will not make a recording of the session.",
            "L'enregistrement de la séance est strictement interdit.",
            "Recording of the meeting is not allowed.",
            "This meeting will not be recorded.",
            "la réunion ne sera pas enregistrée",
        ] {
            assert_eq!(announced(text), None, "{text}");
        }
    }

    #[test]
    fn chat_phrases_are_not_recordings() {
        assert_eq!(announced("Le tchat sera enregistré."), None);
        assert_eq!(
            announced("Le tchat sera enregistré. La séance sera enregistrée.").as_deref(),
            Some("sera enregistrée")
        );
    }

    /// Every recording phrase negated, no sentence end: each phrase looks at
    /// a bounded window, the chat phrases are found once (this took minutes
    /// when each phrase rescanned the text).
    #[test]
    fn many_negated_phrases_cost_a_window_each() {
        let text = "la séance sera enregistrée sans ".repeat(20_000);
        assert!(announced_recording(&text, &Policy::builtin().announcements).is_some());
        let phrases = &Policy::builtin().announcements;
        let middle = text.floor_char_boundary(text.len() / 2);
        assert!(middle - words_before(&text, middle, NEGATION_WORDS) <= 80);
        assert!(words_after(&text, middle, PROHIBITION_WORDS) - middle <= 80);
        assert_eq!(announced(&text[..64]).as_deref(), Some("sera enregistrée"));
        let negated = "sans la séance sera enregistrée ".repeat(20_000);
        assert_eq!(announced_recording(&negated, phrases), None);
    }
}
