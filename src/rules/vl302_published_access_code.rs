use super::{Context, Finding, Rule, RuleInfo, declare_rule, fixes};
use crate::extract::{Credential, CredentialKind};
use crate::i18n::Lang;

declare_rule! {
    /// ## What it does
    /// In published content (HTML, Markdown, reStructuredText, AsciiDoc,
    /// `--public`, or paths matching the `public` globs), flags everything that
    /// lets a stranger join a meeting: a password in a meeting URL (`pwd=`,
    /// Teams `p=`, `password=`, `pin=`, `tk=`), a passcode, password, code
    /// secret or code d'accès line, a dial-in PIN, a host key. Links, `href`
    /// attributes, HTML comments, front matter and code blocks are all read:
    /// that is exactly where codes hide.
    ///
    /// ## Why is this bad?
    /// "Réflexe : Ne pas publier sur les réseaux sociaux ou les sites web
    /// publics des unités les codes d'accès aux réunions organisées par
    /// l'unité" (guide §3). A published passcode is a published meeting:
    /// search engines index it and anyone can join.
    ///
    /// ## Example
    /// ```html
    /// <a href="https://cnrs.zoom.us/j/91234567890?pwd=Tq8x...">Séminaire</a>
    /// <p>Code secret : 605318</p>
    /// ```
    ///
    /// ## Use instead
    /// Publish the link without its credentials
    /// (`https://cnrs.zoom.us/j/91234567890`) and send the passcode to
    /// registered participants only. `visiolint check --fix` removes the
    /// credential parameters from links; `--unsafe-fixes` also replaces
    /// passcodes in text with the configured placeholder ("communiqué sur
    /// inscription").
    ///
    /// ## Reference
    /// Guide §3 ("Réflexe").
    pub struct PublishedAccessCode {
        code: "VL302",
        name: "published-access-code",
        severity: Error,
        summary: ("Code d'accès à une réunion publié", "Meeting access code published"),
        guide: "§3",
        fixable: true,
        doc_fr: r#"
## Ce que fait la règle
Dans un contenu publié (HTML, Markdown, reStructuredText, AsciiDoc,
`--public`, ou chemins des motifs `public`), signale tout ce qui permet à un
inconnu d'entrer dans une réunion : un mot de passe dans une URL de réunion
(`pwd=`, `p=` de Teams, `password=`, `pin=`, `tk=`), une ligne « code secret »,
« mot de passe », « code d'accès », un code PIN téléphonique, une clé d'hôte.
Liens, attributs `href`, commentaires HTML, en-têtes (front matter) et blocs
de code sont tous lus : c'est là que les codes se cachent.

## Pourquoi est-ce un problème ?
« Réflexe : Ne pas publier sur les réseaux sociaux ou les sites web publics
des unités les codes d'accès aux réunions organisées par l'unité » (guide
§3). Un code publié, c'est une réunion publiée : les moteurs de recherche
l'indexent et n'importe qui peut entrer.

## Exemple
```html
<a href="https://cnrs.zoom.us/j/91234567890?pwd=Tq8x...">Séminaire</a>
<p>Code secret : 605318</p>
```

## À la place
Publiez le lien sans ses identifiants (`https://cnrs.zoom.us/j/91234567890`)
et envoyez le code aux seuls inscrits. `visiolint check --fix` retire les
paramètres d'identification des liens ; `--unsafe-fixes` remplace aussi les
codes écrits dans le texte par le texte configuré (« communiqué sur
inscription »).

## Référence
Guide §3 (« Réflexe »).
"#,
    }
}

impl Rule for PublishedAccessCode {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        if !cx.published {
            return;
        }
        for (index, credential) in cx.analysis.credentials.iter().enumerate() {
            // Host links and host tokens in URLs are VL303's.
            let host_token = credential.kind == CredentialKind::HostKey && credential.url_param.is_some();
            if credential.masked || credential.kind == CredentialKind::HostLink || host_token {
                continue;
            }
            let meeting = credential.meeting.map(|m| &cx.analysis.meetings[m]);
            let platform = meeting.map(|m| cx.platform_name(m));
            let what = describe(cx.lang, credential, platform.as_deref());
            let message = match cx.lang {
                Lang::Fr => format!("{what} publié dans une page publique"),
                Lang::En => format!("{what} published in a public page"),
            };
            let placeholder = &cx.policy.data.placeholder;
            let (help, edits, unsafe_edits) = match &credential.url_param {
                Some(param) => {
                    let edits = fixes::remove_param(cx.unit.bytes, credential)
                        .into_iter()
                        .collect::<Vec<_>>();
                    let help = match cx.lang {
                        Lang::Fr => format!(
                            "publiez le lien sans `{param}=` et n'envoyez le code qu'aux inscrits (visiolint check --fix)"
                        ),
                        Lang::En => format!(
                            "publish the link without `{param}=` and send the code to registered people only (visiolint check --fix)"
                        ),
                    };
                    (help, edits, false)
                }
                None => {
                    let edits = fixes::replace_value(cx.unit.bytes, credential, placeholder)
                        .into_iter()
                        .collect();
                    let help = match cx.lang {
                        Lang::Fr => format!(
                            "retirez le code de la page ; écrivez par exemple « {placeholder} » (visiolint check --fix --unsafe-fixes)"
                        ),
                        Lang::En => format!(
                            "take the code out of the page; write e.g. \"{placeholder}\" instead (visiolint check --fix --unsafe-fixes)"
                        ),
                    };
                    (help, edits, true)
                }
            };
            let mut finding = Finding::new(&Self::INFO, credential.orig.clone(), message, help)
                .with_fingerprint(cx.credential_fingerprint(index));
            finding.edits = edits;
            finding.unsafe_edits = unsafe_edits;
            out.push(finding);
        }
    }
}

fn describe(lang: Lang, credential: &Credential, platform: Option<&str>) -> String {
    let of = |fr: &str, en: &str| match (lang, platform) {
        (Lang::Fr, Some(p)) => format!("{fr} de la réunion {p}"),
        (Lang::En, Some(p)) => format!("{p} {en}"),
        (Lang::Fr, None) => fr.to_owned(),
        (Lang::En, None) => en.to_owned(),
    };
    match credential.kind {
        CredentialKind::UrlPassword => {
            let param = credential.url_param.as_deref().unwrap_or("pwd");
            match (lang, platform) {
                (Lang::Fr, Some(p)) => format!("lien {p} avec son mot de passe (`{param}=****`)"),
                (Lang::En, Some(p)) => format!("{p} link with its password (`{param}=****`)"),
                (Lang::Fr, None) => format!("lien avec son mot de passe (`{param}=****`)"),
                (Lang::En, None) => format!("link with its password (`{param}=****`)"),
            }
        }
        CredentialKind::Passcode => of("code d'accès", "passcode"),
        CredentialKind::DialInPin => of("code PIN téléphonique", "dial-in PIN"),
        CredentialKind::HostKey => of("clé d'hôte", "host key"),
        CredentialKind::UrlToken => of("jeton d'inscription (`tk=`)", "registration token (`tk=`)"),
        CredentialKind::HostLink => of("lien d'hôte", "host link"),
    }
}
