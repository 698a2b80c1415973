use super::{Context, Finding, Rule, RuleInfo, declare_rule};
use crate::extract::phrases::collapse_whitespace;
use crate::i18n::Lang;

declare_rule! {
    /// ## What it does
    /// Flags a Zoom meeting whose invitation announces that the chat will be
    /// saved, recorded or archived ("le tchat sera enregistré", "the chat
    /// will be saved", "chat transcript"). A phrase negated in its clause
    /// ("l'enregistrement du tchat est interdit") announces nothing; a
    /// contrast ("mais", "but") starts a new clause.
    ///
    /// ## Why is this bad?
    /// On the CNRS Zoom, "L'enregistrement des conversations (tchat) est
    /// interdit" (guide §5): it is one of the four reminders of the secured
    /// configuration of the service.
    ///
    /// ## Example
    /// ```text
    /// Participer à la réunion Zoom : https://cnrs.zoom.us/j/91234567890
    /// Le tchat sera enregistré pour le compte rendu.
    /// ```
    ///
    /// ## Use instead
    /// Do not save the chat; take minutes another way (a shared document, a
    /// note-taker).
    ///
    /// ## Reference
    /// Guide §5 ("L'enregistrement des conversations (tchat) est interdit").
    pub struct ChatRecording {
        code: "VL402",
        name: "chat-recording",
        severity: Error,
        summary: ("Enregistrement du tchat Zoom", "Zoom chat saved"),
        guide: "§5",
        fixable: false,
        doc_fr: r#"
## Ce que fait la règle
Signale une réunion Zoom dont l'invitation annonce que le tchat sera
enregistré, sauvegardé ou archivé (« le tchat sera enregistré », « the chat
will be saved », « chat transcript »). Une expression niée dans sa
proposition (« l'enregistrement du tchat est interdit ») n'annonce rien ;
une opposition (« mais », « but ») ouvre une nouvelle proposition.

## Pourquoi est-ce un problème ?
Sur le Zoom du CNRS, « L'enregistrement des conversations (tchat) est
interdit » (guide §5) : c'est l'un des quatre rappels de la configuration
sécurisée du service.

## Exemple
```text
Participer à la réunion Zoom : https://cnrs.zoom.us/j/91234567890
Le tchat sera enregistré pour le compte rendu.
```

## À la place
N'enregistrez pas le tchat ; prenez des notes autrement (document partagé,
secrétaire de séance).

## Référence
Guide §5 (« L'enregistrement des conversations (tchat) est interdit »).
"#,
    }
}

impl Rule for ChatRecording {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        if !cx.analysis.meetings.iter().any(|m| cx.is_zoom(m)) {
            return;
        }
        let chat = &cx.policy.announcements.chat;
        let Some((field, range)) = cx.fields_with(crate::extract::Triggered::CHAT).find_map(|f| {
            chat.find_affirmative(
                f.text.as_str(),
                &cx.policy.announcements.negations,
                &cx.policy.announcements.contrasts,
            )
            .map(|r| (f, r))
        }) else {
            return;
        };
        let words = collapse_whitespace(&field.text.as_str()[range.clone()]);
        let message = match cx.lang {
            Lang::Fr => format!(
                "enregistrement du tchat Zoom annoncé (« {words} ») : il est interdit sur le Zoom de l'établissement"
            ),
            Lang::En => format!("Zoom chat saving announced ('{words}'): it is forbidden on the institution's Zoom"),
        };
        let help = cx
            .pick(
                "n'enregistrez pas le tchat ; prenez des notes dans un document partagé — guide §5",
                "do not save the chat; take notes in a shared document — guide §5",
            )
            .to_owned();
        let orig = field.text.orig_range(range);
        out.push(
            Finding::new(&Self::INFO, orig, message, help)
                .with_fingerprint(crate::extract::sensitivity::normalize(&words)),
        );
    }
}
