//! Configuration files (SPEC §7): `visiolint.toml` or `.visiolint.toml`,
//! found by walking up from each checked path, or given with `--config`.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::policy::{PolicyData, ToolStatus};
use crate::rules::Severity;
use crate::selection::{RuleSelection, is_known};

pub const FILE_NAMES: [&str; 2] = ["visiolint.toml", ".visiolint.toml"];

/// A configuration file as written.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    /// The user's addresses: when they are invited rather than organizing,
    /// the help follows the guide's "Situation 2".
    #[serde(default)]
    pub me: Vec<String>,
    pub placeholder: Option<String>,
    #[serde(default)]
    pub policy: PolicyConfig,
    #[serde(default)]
    pub sensitivity: SensitivityConfig,
    #[serde(default)]
    pub rules: RulesConfig,
    #[serde(default)]
    pub files: FilesConfig,
    #[serde(default)]
    pub limits: LimitsConfig,
}

/// Keys are kebab-case (`zoom-instances`); the snake_case spelling
/// (`zoom_instances`, the one `visiolint policy` prints) is accepted too.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PolicyConfig {
    pub institution: Option<String>,
    #[serde(alias = "zoom_instances")]
    pub zoom_instances: Option<Vec<String>>,
    /// Added to the built-in BigBlueButton hosts.
    #[serde(default, alias = "bbb_hosts")]
    pub bbb_hosts: Vec<String>,
    /// Extra hosts per platform: `jitsi = ["jitsi.univ-exemple.fr"]`.
    #[serde(default, alias = "platform_hosts")]
    pub platform_hosts: BTreeMap<String, Vec<String>>,
    /// Capacity per platform: `bbb = 200`.
    #[serde(default)]
    pub capacities: BTreeMap<String, u32>,
    /// Platforms the institution recommends (replaces the built-in list).
    pub recommended: Option<Vec<String>>,
    #[serde(alias = "require_password")]
    pub require_password: Option<Vec<String>>,
    #[serde(alias = "zoom_min_audience")]
    pub zoom_min_audience: Option<u32>,
    #[serde(alias = "sensitive_max_audience")]
    pub sensitive_max_audience: Option<u32>,
    #[serde(alias = "near_capacity_ratio")]
    pub near_capacity_ratio: Option<f64>,
    #[serde(default)]
    pub contacts: BTreeMap<String, String>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SensitivityConfig {
    #[serde(default)]
    pub sensitive: Vec<String>,
    #[serde(default)]
    pub restricted: Vec<String>,
    /// Phrases that are never sensitive here.
    #[serde(default)]
    pub ignore: Vec<String>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RulesConfig {
    pub select: Option<Vec<String>>,
    #[serde(default, alias = "extend_select")]
    pub extend_select: Vec<String>,
    #[serde(default)]
    pub ignore: Vec<String>,
    /// `VL102 = "info"`.
    #[serde(default)]
    pub severity: BTreeMap<String, Severity>,
    /// `"archives/**" = ["VL302"]`, relative to the configuration file.
    #[serde(default, alias = "per_path_ignores")]
    pub per_path_ignores: BTreeMap<String, Vec<String>>,
    /// `"uid-123@labo.fr" = ["VL104"]`.
    #[serde(default, alias = "per_uid_ignores")]
    pub per_uid_ignores: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FilesConfig {
    /// Paths that are published content, relative to the configuration file.
    #[serde(default)]
    pub public: Vec<String>,
    /// Paths never checked when walking directories.
    #[serde(default)]
    pub exclude: Vec<String>,
}

/// Limits on hostile input (see docs/robustness.md). Exceeding one is a
/// `VL901` finding that names it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct LimitsConfig {
    /// Files larger than this are not read (bytes).
    #[serde(alias = "max_file_size")]
    pub max_file_size: u64,
    /// Calendar lines are read up to this many bytes.
    #[serde(alias = "max_line_length")]
    pub max_line_length: usize,
    /// MIME parts read per message.
    #[serde(alias = "max_mime_parts")]
    pub max_mime_parts: usize,
    /// Nesting depth of MIME parts.
    #[serde(alias = "max_mime_depth")]
    pub max_mime_depth: usize,
    /// Links read per invitation.
    #[serde(alias = "max_links")]
    pub max_links: usize,
}

impl Default for LimitsConfig {
    fn default() -> Self {
        let input = crate::input::Limits::default();
        LimitsConfig {
            max_file_size: 16 * 1024 * 1024 * 1024,
            max_line_length: input.max_line_length,
            max_mime_parts: input.max_mime_parts,
            max_mime_depth: input.max_mime_depth,
            max_links: input.max_links,
        }
    }
}

impl LimitsConfig {
    pub fn input(&self) -> crate::input::Limits {
        crate::input::Limits {
            max_line_length: self.max_line_length.max(1),
            max_mime_parts: self.max_mime_parts,
            max_mime_depth: self.max_mime_depth,
            max_links: self.max_links,
        }
    }
}

/// A configuration error: the file, and what is wrong, with its line.
#[derive(Debug, Clone)]
pub struct ConfigError {
    pub path: PathBuf,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid configuration {}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for ConfigError {}

impl ConfigError {
    /// The error in `lang` (what is wrong comes from the TOML reader and
    /// the key names, in English either way).
    pub fn localized(&self, lang: crate::i18n::Lang) -> String {
        match lang {
            crate::i18n::Lang::Fr => format!("configuration invalide {} : {}", self.path.display(), self.message),
            crate::i18n::Lang::En => self.to_string(),
        }
    }
}

/// A loaded configuration and the folder its relative paths start from.
#[derive(Debug, Clone)]
pub struct Config {
    pub path: Option<PathBuf>,
    pub root: PathBuf,
    pub file: ConfigFile,
}

impl Config {
    pub fn empty(root: PathBuf) -> Config {
        Config {
            path: None,
            root,
            file: ConfigFile::default(),
        }
    }

    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let err = |message: String| ConfigError {
            path: path.to_owned(),
            message,
        };
        let text = std::fs::read_to_string(path).map_err(|e| err(format!("cannot read it: {e}")))?;
        let file: ConfigFile = toml::from_str(&text).map_err(|e| err(describe_toml_error(&text, &e)))?;
        let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let config = Config {
            path: Some(path.to_owned()),
            root,
            file,
        };
        config.validate(&text).map_err(err)?;
        Ok(config)
    }

    /// Checks what serde cannot: rule selectors, platform names, globs.
    fn validate(&self, text: &str) -> Result<(), String> {
        let line_of = |needle: &str| {
            text.lines()
                .position(|l| l.contains(needle))
                .map_or(String::new(), |i| format!(" (line {})", i + 1))
        };
        let rules = &self.file.rules;
        let selectors = rules
            .select
            .iter()
            .flatten()
            .chain(&rules.extend_select)
            .chain(&rules.ignore)
            .chain(rules.severity.keys())
            .chain(rules.per_path_ignores.values().flatten())
            .chain(rules.per_uid_ignores.values().flatten());
        for s in selectors {
            if !is_known(s) {
                return Err(crate::selection::unknown_rule_error(
                    s,
                    &line_of(s),
                    crate::i18n::Lang::En,
                ));
            }
        }
        let builtin = PolicyData::builtin();
        let known_platform = |id: &str| builtin.platforms.iter().any(|p| p.id == id);
        let p = &self.file.policy;
        for id in p
            .platform_hosts
            .keys()
            .chain(p.capacities.keys())
            .chain(p.recommended.iter().flatten())
            .chain(p.require_password.iter().flatten())
        {
            if !known_platform(id) {
                return Err(format!(
                    "unknown platform `{id}`{}; `visiolint policy` lists them",
                    line_of(id)
                ));
            }
        }
        if let Some(r) = p.near_capacity_ratio
            && !(0.0..=1.0).contains(&r)
        {
            let line = match line_of("near-capacity-ratio") {
                l if l.is_empty() => line_of("near_capacity_ratio"),
                l => l,
            };
            return Err(format!("near-capacity-ratio must be between 0 and 1{line}"));
        }
        for glob in self
            .file
            .files
            .public
            .iter()
            .chain(&self.file.files.exclude)
            .chain(rules.per_path_ignores.keys())
        {
            Glob::new(glob).map_err(|e| format!("invalid glob `{glob}`{}: {e}", line_of(glob)))?;
        }
        Ok(())
    }

    /// The built-in policy with this configuration's overrides.
    pub fn policy_data(&self) -> PolicyData {
        let mut data = PolicyData::builtin();
        let p = &self.file.policy;
        if let Some(v) = &p.institution {
            data.institution = v.clone();
        }
        if let Some(v) = &p.zoom_instances {
            data.zoom_instances = v.clone();
        }
        data.bbb_hosts.extend(p.bbb_hosts.iter().cloned());
        if let Some(v) = &p.require_password {
            data.require_password = v.clone();
        }
        if let Some(v) = p.zoom_min_audience {
            data.thresholds.zoom_min_audience = v;
        }
        if let Some(v) = p.sensitive_max_audience {
            data.thresholds.sensitive_max_audience = v;
        }
        if let Some(v) = p.near_capacity_ratio {
            data.thresholds.near_capacity_ratio = v;
        }
        data.contacts.extend(p.contacts.clone());
        for platform in &mut data.platforms {
            if let Some(hosts) = p.platform_hosts.get(&platform.id) {
                platform.hosts.extend(hosts.iter().cloned());
            }
            if let Some(&capacity) = p.capacities.get(&platform.id) {
                platform.capacity = Some(capacity);
            }
            if let Some(recommended) = &p.recommended {
                let listed = recommended.contains(&platform.id);
                if listed {
                    platform.status = ToolStatus::Recommended;
                } else if platform.status == ToolStatus::Recommended {
                    platform.status = ToolStatus::Unknown;
                }
            }
        }
        // Hosts added to a platform must be found before the built-in
        // self-hosted heuristics of others: move those platforms first.
        if !p.platform_hosts.is_empty() {
            data.platforms.sort_by_key(|pl| !p.platform_hosts.contains_key(&pl.id));
        }
        if let Some(v) = &self.file.placeholder {
            data.placeholder = v.clone();
        }
        let s = &self.file.sensitivity;
        data.sensitivity.sensitive.extend(s.sensitive.iter().cloned());
        data.sensitivity.restricted.extend(s.restricted.iter().cloned());
        data.sensitivity.ignore.extend(s.ignore.iter().cloned());
        data
    }

    fn globs(&self, patterns: &[String]) -> Option<GlobSet> {
        if patterns.is_empty() {
            return None;
        }
        let mut builder = GlobSetBuilder::new();
        for p in patterns {
            if let Ok(g) = Glob::new(p) {
                builder.add(g);
            }
        }
        builder.build().ok()
    }

    pub fn public_globs(&self) -> Option<GlobSet> {
        self.globs(&self.file.files.public)
    }

    pub fn exclude_globs(&self) -> Option<GlobSet> {
        self.globs(&self.file.files.exclude)
    }

    pub fn rule_selection(&self) -> RuleSelection {
        let r = &self.file.rules;
        RuleSelection {
            select: r.select.clone(),
            extend_select: r.extend_select.clone(),
            ignore: r.ignore.clone(),
            severity: r.severity.clone(),
            per_path: r
                .per_path_ignores
                .iter()
                .filter_map(|(glob, codes)| Some((Glob::new(glob).ok()?.compile_matcher(), codes.clone())))
                .collect(),
            // `<uid>` and `uid` are the same invitation: their lists merge.
            per_uid: r.per_uid_ignores.iter().fold(HashMap::new(), |mut map, (uid, codes)| {
                map.entry(uid.trim_matches(['<', '>']).to_owned())
                    .or_insert_with(Vec::new)
                    .extend(codes.iter().cloned());
                map
            }),
        }
    }

    /// `path` relative to this configuration's folder, for glob matching:
    /// globs are written from there, whatever folder visiolint runs in.
    pub fn relative(&self, path: &Path) -> PathBuf {
        let root = std::fs::canonicalize(&self.root).unwrap_or_else(|_| self.root.clone());
        let absolute = std::fs::canonicalize(path).ok().or_else(|| {
            // A name given to stdin may not exist: its folder does.
            let parent = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            Some(std::fs::canonicalize(parent).ok()?.join(path.file_name()?))
        });
        if let Some(relative) = absolute.as_deref().and_then(|a| a.strip_prefix(&root).ok()) {
            return relative.to_path_buf();
        }
        path.strip_prefix("./").unwrap_or(path).to_path_buf()
    }
}

/// The configuration file that applies to `path`: the nearest one in its
/// folder or a parent folder.
pub fn discover(path: &Path) -> Option<PathBuf> {
    let start = if path.is_dir() {
        path.to_path_buf()
    } else {
        path.parent()?.to_path_buf()
    };
    let start = if start.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        start
    };
    let start = std::fs::canonicalize(&start).unwrap_or(start);
    for dir in start.ancestors() {
        for name in FILE_NAMES {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

/// "unknown field `foo`, expected ..." with the line where it stands.
fn describe_toml_error(text: &str, e: &toml::de::Error) -> String {
    let message = e.message().trim().to_owned();
    match e.span() {
        Some(span) => {
            let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            format!("line {line}: {message}")
        }
        None => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Config, ConfigError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("visiolint.toml");
        std::fs::write(&path, text).unwrap();
        Config::load(&path)
    }

    #[test]
    fn unknown_keys_name_the_key_and_the_line() {
        let e = load("me = []\n\n[policy]\nzoom_instance = [\"x\"]\n").unwrap_err();
        assert!(e.message.contains("zoom_instance"), "{}", e.message);
        assert!(e.message.contains("line 4"), "{}", e.message);
    }

    #[test]
    fn bad_values_and_unknown_rules_are_errors() {
        assert!(load("[rules]\nseverity = { VL102 = \"loud\" }\n").is_err());
        let e = load("[rules]\nignore = [\"VL999\"]\n").unwrap_err();
        assert!(
            e.message.contains("VL999") && e.message.contains("line 2"),
            "{}",
            e.message
        );
        assert!(load("[policy.capacities]\nteamz = 3\n").is_err());
    }

    #[test]
    fn overrides_reach_the_policy() {
        let c = load("[policy]\nbbb_hosts = [\"visio.labo.fr\"]\n[policy.capacities]\nbbb = 200\n[sensitivity]\nrestricted = [\"Projet Orion\"]\n").unwrap();
        let data = c.policy_data();
        assert!(data.bbb_hosts.contains(&"visio.labo.fr".to_owned()));
        assert_eq!(
            data.platforms.iter().find(|p| p.id == "bbb").unwrap().capacity,
            Some(200)
        );
        assert!(data.sensitivity.restricted.contains(&"Projet Orion".to_owned()));
    }

    /// The ```toml block after `heading` in a Markdown file of the project.
    fn toml_example(file: &str, heading: &str) -> String {
        let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(file)).unwrap();
        let after = &text[text.find(heading).unwrap_or_else(|| panic!("{heading} in {file}"))..];
        let block = &after[after.find("```toml\n").unwrap() + 8..];
        block[..block.find("```").unwrap()].to_owned()
    }

    #[test]
    fn every_key_accepts_kebab_and_snake_case() {
        let kebab = "[policy]\nzoom-instances = [\"zoom.labo.fr\"]\nbbb-hosts = [\"visio.labo.fr\"]\nrequire-password = [\"zoom\", \"bbb\"]\nzoom-min-audience = 50\nsensitive-max-audience = 90\nnear-capacity-ratio = 0.5\n[policy.platform-hosts]\njitsi = [\"jitsi.labo.fr\"]\n[rules]\nextend-select = [\"VL1\"]\n[rules.per-path-ignores]\n\"a/**\" = [\"VL302\"]\n[rules.per-uid-ignores]\n\"u@x\" = [\"VL104\"]\n[limits]\nmax-file-size = 10\nmax-line-length = 11\nmax-mime-parts = 12\nmax-mime-depth = 13\nmax-links = 14\n";
        let snake = kebab
            .lines()
            .map(|l| match l.split_once(" = ") {
                Some((k, v)) if !k.starts_with('"') => format!("{} = {v}\n", k.replace('-', "_")),
                _ => format!(
                    "{}\n",
                    l.replace("platform-hosts", "platform_hosts")
                        .replace("per-path-ignores", "per_path_ignores")
                        .replace("per-uid-ignores", "per_uid_ignores")
                ),
            })
            .collect::<String>();
        assert!(
            snake.contains("zoom_instances") && snake.contains("[rules.per_uid_ignores]"),
            "{snake}"
        );
        for text in [kebab, snake.as_str()] {
            let c = load(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
            let data = c.policy_data();
            assert_eq!(data.zoom_instances, ["zoom.labo.fr"]);
            assert!(data.bbb_hosts.contains(&"visio.labo.fr".to_owned()));
            assert_eq!(data.require_password, ["zoom", "bbb"]);
            assert_eq!(data.thresholds.zoom_min_audience, 50);
            assert_eq!(data.thresholds.sensitive_max_audience, 90);
            assert_eq!(data.thresholds.near_capacity_ratio, 0.5);
            let jitsi = data.platforms.iter().find(|p| p.id == "jitsi").unwrap();
            assert!(jitsi.hosts.contains(&"jitsi.labo.fr".to_owned()));
            let r = &c.file.rules;
            assert_eq!(r.extend_select, ["VL1"]);
            assert_eq!(r.per_path_ignores.len(), 1);
            assert_eq!(r.per_uid_ignores.len(), 1);
            let l = &c.file.limits;
            assert_eq!(
                (
                    l.max_file_size,
                    l.max_line_length,
                    l.max_mime_parts,
                    l.max_mime_depth,
                    l.max_links
                ),
                (10, 11, 12, 13, 14)
            );
        }
        // Both spellings of one key at once is a mistake.
        let e = load("[policy]\nbbb-hosts = []\nbbb_hosts = []\n").unwrap_err();
        assert!(e.message.contains("duplicate field `bbb-hosts`"), "{}", e.message);
        let e = load("[policy]\nnear-capacity-ratio = 2.0\n").unwrap_err();
        assert!(e.message.contains("line 2"), "{}", e.message);
    }

    #[test]
    fn the_documented_examples_load() {
        for (file, heading) in [
            ("README.md", "## Configuration"),
            ("docs/configuration.md", "# Configuration"),
        ] {
            let text = toml_example(file, heading);
            load(&text).unwrap_or_else(|e| panic!("{file}: {e}\n{text}"));
        }
        let website = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/website/visiolint.toml");
        Config::load(&website).unwrap();
    }
}
