//! The policy as data: the guide's tools, capacities, thresholds and hosts.
//!
//! The built-in policy (`policy/cnrs.toml`) mirrors the CNRS guide; the
//! `[policy]` section of a configuration file overrides it.

use std::collections::BTreeMap;
use std::fmt;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::extract::links::BareHosts;
use crate::extract::phrases::PhraseSet;
use crate::extract::sensitivity::Lexicon;
use crate::extract::triggers::{Triggered, Triggers};

/// The built-in policy file.
pub const BUILTIN: &str = include_str!("../policy/cnrs.toml");

/// What the guide says of a tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ToolStatus {
    /// BBB, Rendez-vous, RENAvisio: any data (§1, §2).
    Recommended,
    /// The institution's Zoom: non-sensitive data, 100+ people (§1).
    Restricted,
    /// Services offered in the public cloud (§2).
    PublicCloud,
    /// French state services.
    State,
    /// Not assessed.
    Unknown,
}

impl fmt::Display for ToolStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ToolStatus::Recommended => "recommended",
            ToolStatus::Restricted => "restricted",
            ToolStatus::PublicCloud => "public-cloud",
            ToolStatus::State => "state",
            ToolStatus::Unknown => "unknown",
        })
    }
}

/// The policy file as written.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyData {
    pub institution: String,
    pub guide: String,
    pub zoom_instances: Vec<String>,
    pub require_password: Vec<String>,
    pub bbb_hosts: Vec<String>,
    pub placeholder: String,
    pub thresholds: Thresholds,
    pub contacts: BTreeMap<String, String>,
    pub platforms: Vec<PlatformData>,
    pub sensitivity: SensitivityData,
    pub classified: ClassifiedData,
    pub announcements: AnnouncementsData,
}

/// VL106: markings of classified information.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ClassifiedData {
    pub markings: Vec<String>,
}

/// VL401-VL403: phrases that announce a recording, consent, a saved chat,
/// the desktop client.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AnnouncementsData {
    pub recording: Vec<String>,
    pub consent: Vec<String>,
    pub chat: Vec<String>,
    pub desktop_client: Vec<String>,
    pub desktop_schemes: Vec<String>,
    pub negations: Vec<String>,
    /// VL402, VL403: words that start a new clause, where `negations` of
    /// the clause before no longer count.
    pub contrasts: Vec<String>,
    /// VL401: negations in the few words before a recording phrase.
    pub recording_negations: Vec<String>,
    /// VL401: prohibitions in the few words after a recording phrase.
    pub recording_prohibitions: Vec<String>,
}

/// The phrase sets of [`AnnouncementsData`] and [`ClassifiedData`], compiled.
#[derive(Debug, Clone)]
pub struct Announcements {
    pub recording: PhraseSet,
    pub consent: PhraseSet,
    pub chat: PhraseSet,
    pub desktop_client: PhraseSet,
    pub classified: PhraseSet,
    pub negations: PhraseSet,
    pub contrasts: PhraseSet,
    pub recording_negations: PhraseSet,
    pub recording_prohibitions: PhraseSet,
}

/// The sensitivity lexicon (SPEC §3).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SensitivityData {
    pub restricted: Vec<String>,
    pub sensitive: Vec<String>,
    pub ignore: Vec<String>,
    pub disclaimer_markers: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    pub zoom_min_audience: u32,
    pub sensitive_max_audience: u32,
    pub near_capacity_ratio: f64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PlatformData {
    pub id: String,
    pub name: String,
    pub status: ToolStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<u32>,
    #[serde(default)]
    pub hosts: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub host_labels: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schemes: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paths: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub any_host_paths: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub id_patterns: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude_paths: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub host_paths: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mentions: Vec<String>,
}

/// A platform ready for matching.
#[derive(Debug, Clone)]
pub struct Platform {
    pub id: String,
    pub name: String,
    pub status: ToolStatus,
    pub capacity: Option<u32>,
    pub hosts: Vec<String>,
    pub host_labels: Vec<String>,
    pub schemes: Vec<String>,
    pub paths: Vec<Regex>,
    pub any_host_paths: Vec<Regex>,
    pub id_patterns: Vec<Regex>,
    pub exclude_paths: Vec<Regex>,
    pub host_paths: Vec<Regex>,
    /// Words that name the service in text.
    pub mentions: PhraseSet,
}

/// The effective policy, compiled.
#[derive(Debug, Clone)]
pub struct Policy {
    pub data: PolicyData,
    pub platforms: Vec<Platform>,
    /// Bare `host/path` mentions of every known meeting host.
    pub bare_hosts: BareHosts,
    /// Every platform's `mentions` at once: a text none of them may occur
    /// in is not searched platform by platform.
    pub any_mention: PhraseSet,
    pub lexicon: Lexicon,
    pub announcements: Announcements,
    /// One pass that tells which of the lists above a text may hold.
    pub triggers: Triggers,
    /// The names the rules' advice lists, formatted once.
    pub recommended: RecommendedTools,
}

/// The tools the rules recommend, as their advice names them.
#[derive(Debug, Clone)]
pub struct RecommendedTools {
    /// Each recommended platform's capacity and "Name (≤ capacity)",
    /// largest first (as the guide lists them).
    pub tools: Vec<(Option<u32>, String)>,
    /// "Zoom (instances)".
    pub zoom: String,
}

impl RecommendedTools {
    fn new(platforms: &[Platform], zoom_instances: &[String]) -> RecommendedTools {
        let mut recommended: Vec<&Platform> = platforms
            .iter()
            .filter(|p| p.status == ToolStatus::Recommended)
            .collect();
        recommended.sort_by_key(|p| std::cmp::Reverse(p.capacity.unwrap_or(u32::MAX)));
        RecommendedTools {
            tools: recommended
                .iter()
                .map(|p| {
                    let label = match p.capacity {
                        Some(cap) => format!("{} (≤ {cap})", p.name),
                        None => p.name.clone(),
                    };
                    (p.capacity, label)
                })
                .collect(),
            zoom: format!("Zoom ({})", zoom_instances.join(", ")),
        }
    }
}

/// What [`Policy::compile_rest`] builds: the policy but its data and lexicon.
struct Rest {
    platforms: Vec<Platform>,
    bare_hosts: BareHosts,
    any_mention: PhraseSet,
    announcements: Announcements,
    triggers: Triggers,
}

/// An error in policy data (built-in or from configuration).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyError(pub String);

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PolicyError {}

impl PolicyData {
    pub fn builtin() -> PolicyData {
        toml::from_str(BUILTIN).expect("the built-in policy is valid")
    }
}

fn compile(patterns: &[String], what: &str, platform: &str) -> Result<Vec<Regex>, PolicyError> {
    patterns
        .iter()
        .map(|p| {
            Regex::new(p).map_err(|e| PolicyError(format!("platform `{platform}`: invalid {what} pattern `{p}`: {e}")))
        })
        .collect()
}

impl Policy {
    pub fn builtin() -> Policy {
        Policy::compile(PolicyData::builtin()).expect("the built-in policy compiles")
    }

    pub fn compile(data: PolicyData) -> Result<Policy, PolicyError> {
        // The sensitivity lexicon is most of a start (it holds the user's
        // phrases, so it is compiled here, where its errors stop the run):
        // on one core, while the platforms' patterns and the trigger
        // automaton are built on the other. The other phrase sets are
        // compiled on first use (`PhraseSet`).
        let sens = &data.sensitivity;
        let (lexicon, rest) = rayon::join(
            || {
                Lexicon::new(
                    &sens.restricted,
                    &sens.sensitive,
                    &sens.ignore,
                    &sens.disclaimer_markers,
                )
                .map_err(|e| PolicyError(format!("sensitivity keywords: {e}")))
            },
            || Policy::compile_rest(&data),
        );
        let lexicon = lexicon?;
        let Rest {
            platforms,
            bare_hosts,
            any_mention,
            announcements,
            triggers,
        } = rest?;
        let recommended = RecommendedTools::new(&platforms, &data.zoom_instances);
        Ok(Policy {
            data,
            platforms,
            bare_hosts,
            any_mention,
            lexicon,
            announcements,
            triggers,
            recommended,
        })
    }

    /// Everything of [`Policy::compile`] but the lexicon.
    fn compile_rest(data: &PolicyData) -> Result<Rest, PolicyError> {
        let mut platforms = Vec::with_capacity(data.platforms.len());
        for p in &data.platforms {
            let mut hosts: Vec<String> = p.hosts.iter().map(|h| h.trim().to_ascii_lowercase()).collect();
            if p.id == "bbb" {
                hosts.extend(data.bbb_hosts.iter().map(|h| h.trim().to_ascii_lowercase()));
            }
            platforms.push(Platform {
                id: p.id.clone(),
                name: p.name.clone(),
                status: p.status,
                capacity: p.capacity,
                hosts,
                host_labels: p.host_labels.iter().map(|h| h.to_ascii_lowercase()).collect(),
                schemes: p.schemes.iter().map(|s| s.to_ascii_lowercase()).collect(),
                paths: compile(&p.paths, "path", &p.id)?,
                any_host_paths: compile(&p.any_host_paths, "any_host_paths", &p.id)?,
                id_patterns: compile(&p.id_patterns, "id", &p.id)?,
                exclude_paths: compile(&p.exclude_paths, "exclude_paths", &p.id)?,
                host_paths: compile(&p.host_paths, "host_paths", &p.id)?,
                mentions: PhraseSet::new(&p.mentions),
            });
        }
        let bare_hosts = BareHosts::new(
            platforms
                .iter()
                .flat_map(|p| p.hosts.iter())
                .chain(data.zoom_instances.iter())
                .map(String::as_str),
        );
        let all_mentions: Vec<String> = data.platforms.iter().flat_map(|p| p.mentions.iter().cloned()).collect();
        let any_mention = PhraseSet::new(&all_mentions);
        let sens = &data.sensitivity;
        let a = &data.announcements;
        let announcements = Announcements {
            recording: PhraseSet::new(&a.recording),
            consent: PhraseSet::new(&a.consent),
            chat: PhraseSet::new(&a.chat),
            desktop_client: PhraseSet::new(&a.desktop_client),
            classified: PhraseSet::new(&data.classified.markings),
            negations: PhraseSet::new(&a.negations),
            contrasts: PhraseSet::new(&a.contrasts),
            recording_negations: PhraseSet::new(&a.recording_negations),
            recording_prohibitions: PhraseSet::new(&a.recording_prohibitions),
        };
        let lexicon_phrases: Vec<String> = sens.restricted.iter().chain(&sens.sensitive).cloned().collect();
        let triggers = Triggers::new(&[
            (Triggered::LEXICON, &lexicon_phrases),
            (Triggered::RECORDING, &a.recording),
            (Triggered::CONSENT, &a.consent),
            (Triggered::CHAT, &a.chat),
            (Triggered::DESKTOP, &a.desktop_client),
        ]);
        Ok(Rest {
            platforms,
            bare_hosts,
            any_mention,
            announcements,
            triggers,
        })
    }

    pub fn platform(&self, id: &str) -> Option<&Platform> {
        self.platforms.iter().find(|p| p.id == id)
    }

    /// Whether a Zoom host is one of the institution's instances.
    pub fn is_institution_zoom(&self, host: &str) -> bool {
        self.data
            .zoom_instances
            .iter()
            .any(|i| host_matches(host, &i.to_ascii_lowercase()))
    }

    pub fn requires_password(&self, platform: &str) -> bool {
        self.data.require_password.iter().any(|p| p == platform)
    }
}

/// `host` is `domain` or a subdomain of it.
pub fn host_matches(host: &str, domain: &str) -> bool {
    host == domain
        || (host.len() > domain.len()
            && host.ends_with(domain)
            && host.as_bytes()[host.len() - domain.len() - 1] == b'.')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Phrase sets compile on first use: every set of the built-in policy
    /// must compile (a failure would otherwise come in the middle of a run).
    #[test]
    fn every_phrase_set_of_the_builtin_policy_compiles() {
        let policy = Policy::builtin();
        let a = &policy.announcements;
        let sets = [
            &a.recording,
            &a.consent,
            &a.chat,
            &a.desktop_client,
            &a.classified,
            &a.negations,
            &a.contrasts,
            &a.recording_negations,
            &a.recording_prohibitions,
            &policy.any_mention,
        ]
        .into_iter()
        .chain(policy.platforms.iter().map(|p| &p.mentions));
        for set in sets {
            set.compile().expect("a built-in phrase set compiles");
        }
        assert!(a.chat.find("Le tchat sera enregistré.").is_some());
    }

    #[test]
    fn builtin_policy_loads_and_mirrors_the_guide() {
        let policy = Policy::builtin();
        assert_eq!(policy.platform("bbb").unwrap().capacity, Some(150));
        assert_eq!(policy.platform("rendez-vous").unwrap().capacity, Some(30));
        assert_eq!(policy.platform("renavisio").unwrap().capacity, Some(20));
        assert_eq!(policy.data.thresholds.zoom_min_audience, 100);
        assert!(policy.is_institution_zoom("cnrs.zoom.us"));
        assert!(!policy.is_institution_zoom("us02web.zoom.us"));
    }

    #[test]
    fn host_matching_respects_label_boundaries() {
        assert!(host_matches("us02web.zoom.us", "zoom.us"));
        assert!(host_matches("zoom.us", "zoom.us"));
        assert!(!host_matches("notzoom.us", "zoom.us"));
    }
}
