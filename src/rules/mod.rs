//! The rule catalogue (SPEC §4).
//!
//! Each rule is a unit in its own file: a stable code, a kebab-case name, a
//! default severity, a doc (the doc comment, printed by `visiolint explain`,
//! and its French version), and a check that turns an analysed invitation
//! into findings. Adding a rule means one file plus a line in [`RULES`].

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::extract::{Analysis, Attendance, Level, Meeting};
use crate::i18n::{Lang, Text};
use crate::input::Invitation;
use crate::policy::{Platform, Policy};
use crate::source::Unit;

mod fixes;
mod vl101_zoom_sensitive;
mod vl102_unrecommended_platform;
mod vl103_cloud_sensitive;
mod vl104_zoom_small_meeting;
mod vl105_zoom_other_instance;
mod vl106_classified_information;
mod vl201_capacity_exceeded;
mod vl202_no_suitable_tool;
mod vl203_attendance_unknown;
mod vl301_missing_password;
mod vl302_published_access_code;
mod vl303_host_link_shared;
mod vl401_recording_consent;
mod vl402_chat_recording;
mod vl403_desktop_client;
mod vl501_personal_data;
pub mod vl901_invalid_input;

/// Severity of a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// What every rule declares about itself.
#[derive(Debug, Clone, Copy)]
pub struct RuleInfo {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    /// One line, for `visiolint rules`.
    pub summary: Text,
    /// Sections of the guide the rule comes from.
    pub guide: &'static str,
    /// The rule's doc comment (English).
    pub doc_en: &'static str,
    /// The same doc in French.
    pub doc_fr: &'static str,
    pub fixable: bool,
}

impl RuleInfo {
    /// The doc in `lang`, without the one space rustdoc leaves at the start
    /// of each line.
    pub fn doc(&self, lang: Lang) -> String {
        let raw = lang.pick(self.doc_fr, self.doc_en);
        raw.lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_owned()
    }
}

/// Declares a rule struct whose doc comment becomes its English doc.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident {
            code: $code:literal,
            name: $rname:literal,
            severity: $sev:ident,
            summary: ($fr:literal, $en:literal),
            guide: $guide:literal,
            fixable: $fixable:literal,
            doc_fr: $doc_fr:literal $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub struct $name;

        impl $name {
            pub const INFO: $crate::rules::RuleInfo = $crate::rules::RuleInfo {
                code: $code,
                name: $rname,
                severity: $crate::rules::Severity::$sev,
                summary: $crate::i18n::Text::new($fr, $en),
                guide: $guide,
                doc_en: concat!($($doc, "\n"),*),
                doc_fr: $doc_fr,
                fixable: $fixable,
            };
        }
    };
}
pub(crate) use declare_rule;

/// A rule: its info and its check.
pub trait Rule: Sync {
    fn info(&self) -> &'static RuleInfo;
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>);
}

/// Every rule, in code order.
pub static RULES: &[&dyn Rule] = &[
    &vl101_zoom_sensitive::ZoomSensitive,
    &vl102_unrecommended_platform::UnrecommendedPlatform,
    &vl103_cloud_sensitive::CloudSensitive,
    &vl104_zoom_small_meeting::ZoomSmallMeeting,
    &vl105_zoom_other_instance::ZoomOtherInstance,
    &vl106_classified_information::ClassifiedInformation,
    &vl201_capacity_exceeded::CapacityExceeded,
    &vl202_no_suitable_tool::NoSuitableTool,
    &vl203_attendance_unknown::AttendanceUnknown,
    &vl301_missing_password::MissingPassword,
    &vl302_published_access_code::PublishedAccessCode,
    &vl303_host_link_shared::HostLinkShared,
    &vl401_recording_consent::RecordingConsent,
    &vl402_chat_recording::ChatRecording,
    &vl403_desktop_client::DesktopClient,
    &vl501_personal_data::PersonalData,
    &vl901_invalid_input::InvalidInput,
];

/// Finds a rule by code (`VL101`, case-insensitive) or name (`zoom-sensitive`).
pub fn find(code_or_name: &str) -> Option<&'static dyn Rule> {
    let key = code_or_name.trim();
    RULES
        .iter()
        .copied()
        .find(|r| r.info().code.eq_ignore_ascii_case(key) || r.info().name.eq_ignore_ascii_case(key))
}

/// What a rule sees of one invitation.
pub struct Context<'a> {
    pub policy: &'a Policy,
    pub unit: &'a Unit<'a>,
    pub lang: Lang,
    pub invitation: &'a Invitation,
    pub analysis: &'a Analysis,
    /// The content is published (SPEC §5).
    pub published: bool,
    /// The user (config `me`) is invited, not the organizer: the help
    /// follows the guide's "Situation 2".
    pub invitee: bool,
    /// Effective sensitivity (after `--sensitivity`).
    pub level: Level,
    /// Effective attendance (after `--attendees`).
    pub attendance: Attendance,
}

impl<'a> Context<'a> {
    /// A fingerprint for credential `index` that survives edits elsewhere in
    /// the file and never holds its value: the meeting, the kind, the label
    /// as written (`Code secret :`, `pwd=`), and how many credentials alike
    /// come before it.
    pub fn credential_fingerprint(&self, index: usize) -> String {
        let credentials = &self.analysis.credentials;
        let label = |c: &crate::extract::Credential| {
            let label = c.written.replacen(c.written_value.as_str(), "", 1);
            crate::extract::sensitivity::normalize(&label)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        };
        let this = &credentials[index];
        let (key, kind, text) = (this.meeting, this.kind, label(this));
        let alike = credentials[..index]
            .iter()
            .filter(|c| c.meeting == key && c.kind == kind && label(c) == text)
            .count();
        let meeting = key.map_or("none", |m| self.analysis.meetings[m].key.as_str());
        format!("{meeting}:{}:{text}:{alike}", kind.name())
    }

    pub fn platform(&self, meeting: &Meeting) -> Option<&'a Platform> {
        meeting.platform.map(|i| &self.policy.platforms[i])
    }

    pub fn platform_name(&self, meeting: &Meeting) -> String {
        self.platform(meeting).map_or_else(
            || self.lang.pick("service inconnu", "unknown service").to_owned(),
            |p| p.name.clone(),
        )
    }

    pub fn is_zoom(&self, meeting: &Meeting) -> bool {
        meeting.platform_id(self.policy) == "zoom"
    }

    pub fn pick(&self, fr: &'a str, en: &'a str) -> &'a str {
        self.lang.pick(fr, en)
    }

    /// The fields that may hold something of a phrase list (see
    /// `extract::triggers`): the others need no search.
    pub fn fields_with(&self, kind: u16) -> impl Iterator<Item = &'a crate::input::Field> + '_ {
        let triggered = &self.analysis.triggered;
        self.invitation
            .fields
            .iter()
            .enumerate()
            .filter(move |(i, _)| crate::extract::Triggered::of_field(triggered, *i).has(kind))
            .map(|(_, f)| f)
    }

    pub fn line(&self, offset: usize) -> usize {
        self.unit.pos(offset).line
    }

    /// "'brevet' in SUMMARY, line 12" for the first sensitivity reason.
    pub fn sensitivity_evidence(&self) -> String {
        let strongest = self
            .analysis
            .sensitivity
            .reasons
            .iter()
            .find(|r| r.level == self.analysis.sensitivity.level);
        match strongest.or(self.analysis.sensitivity.reasons.first()) {
            Some(r) => {
                let line = self.line(r.offset);
                match self.lang {
                    Lang::Fr => format!("« {} » dans {}, ligne {line}", r.text, r.field),
                    Lang::En => format!("'{}' in {}, line {line}", r.text, r.field),
                }
            }
            None => self
                .pick("niveau imposé par --sensitivity", "level forced by --sensitivity")
                .to_owned(),
        }
    }

    /// The tools the guide allows for this meeting: the recommended ones
    /// that hold `audience` people (largest first, as the guide lists them),
    /// and the institution's Zoom for a non-sensitive audience of 100 or
    /// more.
    pub fn recommended_tools(&self, audience: Option<u32>) -> String {
        let recommended = &self.policy.recommended;
        let holding = recommended
            .tools
            .iter()
            .filter(|(capacity, _)| match (capacity, audience) {
                (Some(cap), Some(n)) => n <= *cap,
                _ => true,
            });
        let zoom_min = self.policy.data.thresholds.zoom_min_audience;
        let zoom = (self.level == Level::NonSensitive && audience.is_some_and(|n| n >= zoom_min))
            .then_some(recommended.zoom.as_str());
        let separator = self.pick(" ou ", " or ");
        let mut names = String::new();
        let mut count = 0;
        for name in holding.map(|(_, label)| label.as_str()).chain(zoom) {
            if count > 0 {
                names.push_str(separator);
            }
            names.push_str(name);
            count += 1;
        }
        if count == 0 {
            let n = audience.map_or_else(String::new, |n| format!(" {n}"));
            return match self.lang {
                Lang::Fr => format!("aucun outil préconisé n'accueille{n} personnes : scindez la réunion"),
                Lang::En => format!("no recommended tool holds{n} people: split the meeting"),
            };
        }
        names
    }

    /// The guide's "Situation 2" advice, for invitees.
    pub fn invitee_help(&self, tools: &str) -> String {
        match self.lang {
            Lang::Fr => format!(
                "vous êtes invité·e : analysez la sensibilité des échanges et proposez à l'organisateur un autre outil ({tools}) — guide §4, situation 2"
            ),
            Lang::En => format!(
                "you are an invitee: assess how sensitive the exchanges are and suggest another tool to the organizer ({tools}) — guide §4, situation 2"
            ),
        }
    }
}

/// A finding before positions are resolved.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: &'static RuleInfo,
    /// When the rule's default severity does not apply to this finding.
    pub severity: Option<Severity>,
    /// Range in the unit's original bytes.
    pub range: Range<usize>,
    pub message: String,
    pub help: String,
    /// Replacements (unit byte ranges) that fix it.
    pub edits: Vec<(Range<usize>, String)>,
    /// The edits change meaning (`--unsafe-fixes` only).
    pub unsafe_edits: bool,
    /// Content-based identity without any secret (rule code is added later).
    pub fingerprint: String,
}

impl Finding {
    pub fn new(rule: &'static RuleInfo, range: Range<usize>, message: String, help: String) -> Finding {
        Finding {
            rule,
            severity: None,
            range,
            message,
            help,
            edits: Vec::new(),
            unsafe_edits: false,
            fingerprint: String::new(),
        }
    }

    pub fn with_fingerprint(mut self, fingerprint: impl Into<String>) -> Finding {
        self.fingerprint = fingerprint.into();
        self
    }
}

/// Runs every rule on one invitation.
pub fn check_invitation(cx: &Context<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for rule in RULES {
        rule.check(cx, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_documented() {
        let mut codes = std::collections::HashSet::new();
        let mut names = std::collections::HashSet::new();
        for rule in RULES {
            let info = rule.info();
            assert!(codes.insert(info.code), "duplicate {}", info.code);
            assert!(names.insert(info.name), "duplicate {}", info.name);
            for lang in [Lang::En, Lang::Fr] {
                let doc = info.doc(lang);
                for heading in match lang {
                    Lang::En => [
                        "## What it does",
                        "## Why is this bad?",
                        "## Example",
                        "## Use instead",
                        "## Reference",
                    ],
                    Lang::Fr => [
                        "## Ce que fait la règle",
                        "## Pourquoi est-ce un problème ?",
                        "## Exemple",
                        "## À la place",
                        "## Référence",
                    ],
                } {
                    assert!(doc.contains(heading), "{} ({lang:?}) lacks {heading}", info.code);
                }
            }
        }
        assert_eq!(find("vl101").unwrap().info().name, "zoom-sensitive");
        assert_eq!(find("published-access-code").unwrap().info().code, "VL302");
    }
}
