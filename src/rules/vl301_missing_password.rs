use super::{Context, Finding, Rule, RuleInfo, declare_rule};
use crate::i18n::Lang;

declare_rule! {
    /// ## What it does
    /// Flags a Zoom meeting (or a meeting on any platform listed in the
    /// policy's `require_password`) that has no passcode at all: no `pwd=` in
    /// its link and no "Passcode / Code secret / Mot de passe" line.
    /// Registration links (`/webinar/register/`) and published pages, which
    /// must not show the passcode (see `VL302`), are not checked.
    ///
    /// ## Why is this bad?
    /// "Toute réunion doit avoir une salle d'attente et un mot de passe
    /// d'accès" (guide §5). Without a passcode, anyone who sees or guesses the
    /// meeting number can join ("zoombombing").
    ///
    /// ## Example
    /// ```text
    /// Participer à la réunion Zoom
    /// https://cnrs.zoom.us/j/91234567890
    /// ```
    ///
    /// ## Use instead
    /// Turn on the passcode in the meeting's settings and send the link that
    /// embeds it (`...?pwd=...`) or the "Code secret" line to the attendees.
    ///
    /// ## Reference
    /// Guide §5 ("mot de passe d'accès").
    pub struct MissingPassword {
        code: "VL301",
        name: "missing-password",
        severity: Error,
        summary: ("Réunion Zoom sans mot de passe", "Zoom meeting without a passcode"),
        guide: "§5",
        fixable: false,
        doc_fr: r#"
## Ce que fait la règle
Signale une réunion Zoom (ou sur toute plateforme listée dans
`require_password`) sans aucun code secret : ni `pwd=` dans le lien, ni ligne
« Code secret / Mot de passe / Passcode ». Les liens d'inscription
(`/webinar/register/`) et les pages publiées, qui ne doivent pas montrer le
code (voir `VL302`), ne sont pas vérifiés.

## Pourquoi est-ce un problème ?
« Toute réunion doit avoir une salle d'attente et un mot de passe d'accès »
(guide §5). Sans code, quiconque voit ou devine le numéro de réunion peut
entrer (« zoombombing »).

## Exemple
```text
Participer à la réunion Zoom
https://cnrs.zoom.us/j/91234567890
```

## À la place
Activez le code secret dans les paramètres de la réunion et envoyez aux
participants le lien qui l'intègre (`...?pwd=...`) ou la ligne « Code
secret ».

## Référence
Guide §5 (« mot de passe d'accès »).
"#,
    }
}

impl Rule for MissingPassword {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        if cx.published {
            return;
        }
        for meeting in &cx.analysis.meetings {
            let platform = meeting.platform_id(cx.policy);
            if !cx.policy.requires_password(platform) || meeting.has_password(cx.analysis) {
                continue;
            }
            let registration = meeting.occurrences.iter().all(|o| o.url.path().contains("/register"));
            if registration {
                continue;
            }
            let name = cx.platform_name(meeting);
            let id = meeting.meeting_id.as_deref().unwrap_or("?");
            let message = match cx.lang {
                Lang::Fr => format!("réunion {name} {id} sans mot de passe d'accès"),
                Lang::En => format!("{name} meeting {id} has no passcode"),
            };
            let help = if cx.invitee {
                cx.pick(
                    "demandez à l'organisateur d'activer le code secret et la salle d'attente (guide §5)",
                    "ask the organizer to turn on the passcode and the waiting room (guide §5)",
                )
                .to_owned()
            } else {
                cx.pick(
                    "activez le code secret et la salle d'attente, puis renvoyez l'invitation (lien avec ?pwd= ou ligne « Code secret ») — guide §5",
                    "turn on the passcode and the waiting room, then resend the invitation (link with ?pwd= or a \"Passcode\" line) — guide §5",
                )
                .to_owned()
            };
            out.push(
                Finding::new(&Self::INFO, meeting.first().orig.clone(), message, help)
                    .with_fingerprint(meeting.key.clone()),
            );
        }
    }
}
