use super::{Context, Finding, Rule, RuleInfo, Severity, declare_rule};
use crate::extract::Level;
use crate::i18n::Lang;
use crate::policy::ToolStatus;

declare_rule! {
    /// ## What it does
    /// Flags a meeting on a service that is neither one of the tools the CNRS
    /// recommends (BigBlueButton, RENATER Rendez-vous, RENAvisio) nor the
    /// institution's Zoom: Microsoft Teams, Google Meet, Webex, GoTo Meeting,
    /// Whereby, Discord, Skype, Slack, public Jitsi and the like. French state
    /// services (`webconf.numerique.gouv.fr`, ...) and tools the institution
    /// has not assessed (Nextcloud Talk, Tixeo, a tool the configuration took
    /// off the recommended list) get an info only. When the meeting is
    /// sensitive, `VL103` applies instead.
    ///
    /// ## Why is this bad?
    /// "Pour ce qui concerne les services de mise en relation en temps réel
    /// offerts en cloud public (Zoom, MS Teams, GotoMeeting, Whereby,
    /// Discord...), ces services présentent tous des risques inhérents à leur
    /// mode de mise à disposition et à la territorialité du droit associé aux
    /// sociétés émettrices" (guide §2): foreign authorities' access to data,
    /// storage outside adequate countries, resale of metadata.
    ///
    /// ## Example
    /// ```text
    /// Join with Google Meet: https://meet.google.com/abc-defg-hij
    /// ```
    ///
    /// ## Use instead
    /// BigBlueButton, Rendez-vous or RENAvisio, whose contracts the CNRS has
    /// checked (§2). If you are invited, the guide lets you suggest another
    /// tool to the organizer (§4, situation 2).
    ///
    /// ## Reference
    /// Guide §2, §4.
    pub struct UnrecommendedPlatform {
        code: "VL102",
        name: "unrecommended-platform",
        severity: Warning,
        summary: ("Outil de visioconférence non préconisé", "Videoconference tool not recommended"),
        guide: "§2, §4",
        fixable: false,
        doc_fr: r#"
## Ce que fait la règle
Signale une réunion sur un service qui n'est ni un des outils préconisés par
le CNRS (BigBlueButton, Rendez-vous de RENATER, RENAvisio) ni l'instance Zoom
de l'établissement : Microsoft Teams, Google Meet, Webex, GoTo Meeting,
Whereby, Discord, Skype, Slack, Jitsi public, etc. Les services de l'État
(`webconf.numerique.gouv.fr`, ...) et les outils que l'établissement n'a pas
évalués (Nextcloud Talk, Tixeo, outil retiré de la liste des outils préconisés
par la configuration) ne donnent qu'une information. Si la
réunion est sensible, c'est `VL103` qui s'applique.

## Pourquoi est-ce un problème ?
« Pour ce qui concerne les services de mise en relation en temps réel offerts
en cloud public (Zoom, MS Teams, GotoMeeting, Whereby, Discord...), ces
services présentent tous des risques inhérents à leur mode de mise à
disposition et à la territorialité du droit associé aux sociétés émettrices »
(guide §2) : accès des États aux données, stockage hors de pays au niveau de
protection adéquat, commerce des métadonnées.

## Exemple
```text
Participer avec Google Meet : https://meet.google.com/abc-defg-hij
```

## À la place
BigBlueButton, Rendez-vous ou RENAvisio, dont le CNRS a vérifié les
dispositions contractuelles (§2). Invité·e, vous pouvez proposer un autre
outil à l'organisateur (§4, situation 2).

## Référence
Guide §2, §4.
"#,
    }
}

impl Rule for UnrecommendedPlatform {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        if cx.level >= Level::Sensitive {
            return;
        }
        for meeting in &cx.analysis.meetings {
            let Some(platform) = cx.platform(meeting) else { continue };
            if platform.id == "zoom" {
                continue;
            }
            let severity = match platform.status {
                ToolStatus::PublicCloud => Severity::Warning,
                ToolStatus::State | ToolStatus::Unknown => Severity::Info,
                ToolStatus::Recommended | ToolStatus::Restricted => continue,
            };
            let tools = cx.recommended_tools(cx.attendance.count);
            let message = match (cx.lang, platform.status) {
                (Lang::Fr, ToolStatus::State) => format!(
                    "{} est un service de l'État, pas un des outils préconisés par le CNRS",
                    platform.name
                ),
                (Lang::En, ToolStatus::State) => format!(
                    "{} is a French state service, not one of the tools the CNRS recommends",
                    platform.name
                ),
                (Lang::Fr, ToolStatus::Unknown) => format!(
                    "{} n'est pas un des outils préconisés par le CNRS, et ses conditions n'ont pas été évaluées",
                    platform.name
                ),
                (Lang::En, ToolStatus::Unknown) => format!(
                    "{} is not one of the tools the CNRS recommends, and its terms have not been assessed",
                    platform.name
                ),
                (Lang::Fr, _) => format!(
                    "{} est un service en cloud public non préconisé par le CNRS",
                    platform.name
                ),
                (Lang::En, _) => format!(
                    "{} is a public-cloud service the CNRS does not recommend",
                    platform.name
                ),
            };
            let help = if cx.invitee {
                cx.invitee_help(&tools)
            } else {
                match cx.lang {
                    Lang::Fr => {
                        format!("préférez {tools}, dont le CNRS a vérifié les conditions d'utilisation (guide §2)")
                    }
                    Lang::En => format!("prefer {tools}, whose terms the CNRS has checked (guide §2)"),
                }
            };
            let mut finding = Finding::new(&Self::INFO, meeting.first().orig.clone(), message, help)
                .with_fingerprint(meeting.key.clone());
            if severity != Self::INFO.severity {
                finding.severity = Some(severity);
            }
            out.push(finding);
        }
    }
}
