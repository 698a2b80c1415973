use super::{Context, Finding, Rule, RuleInfo, declare_rule, fixes};
use crate::extract::CredentialKind;
use crate::i18n::Lang;

declare_rule! {
    /// ## What it does
    /// Flags a link that grants host or moderator rights: a Zoom start link
    /// (`/s/<id>`) or a `zak=` host token, a BigBlueButton API join link with
    /// `role=MODERATOR` or the default moderator password, a
    /// `/meeting/signin/moderateur/` link, a Whereby host room URL
    /// (`?roomKey=`). In any content, published or not.
    ///
    /// ## Why is this bad?
    /// Whoever holds the link runs the meeting: admits people from the waiting
    /// room, shares screens, records, removes the organizer. The guide asks to
    /// "Vérifier régulièrement la liste des présents/connectés à la réunion"
    /// (§3) and to keep the secured settings of the meeting (§5); a shared
    /// host link defeats both.
    ///
    /// ## Example
    /// ```text
    /// Lien pour les participants : https://cnrs.zoom.us/s/91234567890?zak=eyJ...
    /// ```
    ///
    /// ## Use instead
    /// Send the participant link (`/j/<id>` for Zoom, the room link without
    /// `roomKey` for Whereby, the attendee join link for BBB). Give host rights
    /// in the tool itself (co-host, moderator) to named people.
    ///
    /// ## Reference
    /// Guide §3 ("Réflexe"), §5.
    pub struct HostLinkShared {
        code: "VL303",
        name: "host-link-shared",
        severity: Error,
        summary: ("Lien donnant les droits d'hôte ou de modérateur", "Link granting host or moderator rights"),
        guide: "§3, §5",
        fixable: true,
        doc_fr: r#"
## Ce que fait la règle
Signale un lien qui donne les droits d'hôte ou de modérateur : lien de
démarrage Zoom (`/s/<id>`) ou jeton d'hôte `zak=`, lien d'API BigBlueButton
avec `role=MODERATOR` ou le mot de passe modérateur par défaut, lien
`/meeting/signin/moderateur/`, URL d'hôte Whereby (`?roomKey=`). Dans tout
contenu, publié ou non.

## Pourquoi est-ce un problème ?
Qui détient le lien dirige la réunion : admet depuis la salle d'attente,
partage l'écran, enregistre, exclut l'organisateur. Le guide demande de
« Vérifier régulièrement la liste des présents/connectés à la réunion » (§3)
et de garder les paramètres sécurisés de la réunion (§5) ; un lien d'hôte
partagé annule les deux.

## Exemple
```text
Lien pour les participants : https://cnrs.zoom.us/s/91234567890?zak=eyJ...
```

## À la place
Envoyez le lien participant (`/j/<id>` pour Zoom, le lien de salle sans
`roomKey` pour Whereby, le lien participant pour BBB). Donnez les droits
d'hôte dans l'outil lui-même (co-animateur, modérateur) à des personnes
nommées.

## Référence
Guide §3 (« Réflexe »), §5.
"#,
    }
}

impl Rule for HostLinkShared {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (index, credential) in cx.analysis.credentials.iter().enumerate() {
            let in_url = credential.url_param.is_some();
            let host_token = credential.kind == CredentialKind::HostKey && in_url;
            if credential.kind != CredentialKind::HostLink && !host_token {
                continue;
            }
            let meeting = credential.meeting.map(|m| &cx.analysis.meetings[m]);
            let platform = meeting.map_or_else(String::new, |m| cx.platform_name(m));
            let message = match (cx.lang, host_token) {
                (Lang::Fr, true) => format!(
                    "lien {platform} avec un jeton d'hôte (`{}=****`) : il donne le contrôle de la réunion",
                    credential.url_param.as_deref().unwrap_or("zak")
                ),
                (Lang::En, true) => format!(
                    "{platform} link with a host token (`{}=****`): it hands over control of the meeting",
                    credential.url_param.as_deref().unwrap_or("zak")
                ),
                (Lang::Fr, false) => {
                    format!("lien {platform} d'hôte ou de modérateur : il donne le contrôle de la réunion")
                }
                (Lang::En, false) => format!("{platform} host or moderator link: it hands over control of the meeting"),
            };
            let help = cx
                .pick(
                    "envoyez le lien participant (Zoom : /j/<id>) et donnez les droits d'hôte dans l'outil à des personnes nommées",
                    "send the participant link (Zoom: /j/<id>) and grant host rights in the tool to named people",
                )
                .to_owned();
            let mut finding = Finding::new(&Self::INFO, credential.orig.clone(), message, help)
                .with_fingerprint(cx.credential_fingerprint(index));
            // The participant link of the same meeting: no host token, and
            // Zoom's /j/ instead of /s/.
            if host_token {
                finding.edits.extend(fixes::remove_param(cx.unit.bytes, credential));
            }
            if meeting.is_some_and(|m| cx.is_zoom(m))
                && let Some(link) = &credential.link
            {
                finding.edits.extend(fixes::start_to_join(cx.unit.bytes, link.clone()));
            }
            out.push(finding);
        }
    }
}
