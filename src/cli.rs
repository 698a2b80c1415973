//! The command line (SPEC §1).

use std::collections::HashMap;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::check::{self, Settings};
use crate::config::{self, Config, ConfigError};
use crate::extract::Level;
use crate::fix;
use crate::i18n::Lang;
use crate::input::Format;
use crate::model::{Report, Summary};
use crate::policy::Policy;
use crate::report::{self, OutputFormat};
use crate::rules::{RULES, Severity};
use crate::walk::{self, Source};

/// Exit statuses (SPEC §1).
pub const EXIT_OK: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_ERROR: i32 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "visiolint",
    version,
    about = "Checks meeting invitations against the institution's videoconferencing policy (CNRS guide by default).",
    long_about = None,
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check invitations, mailboxes and web pages (the default command).
    Check(CheckArgs),
    /// List every rule: code, name, default severity, summary.
    Rules(LangArgs),
    /// Explain a rule: what it does, why (guide section), example, fix.
    Explain {
        /// A rule code (VL302) or name (published-access-code).
        rule: String,
        #[command(flatten)]
        lang: LangArgs,
    },
    /// Print the effective policy (built-in defaults merged with configuration).
    Policy {
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Ignore configuration files.
        #[arg(long)]
        isolated: bool,
    },
}

#[derive(Debug, Args)]
pub struct LangArgs {
    /// Language of messages (default: from LC_ALL, LC_MESSAGES, LANG).
    #[arg(long, value_parser = ["fr", "en"])]
    pub lang: Option<String>,
}

impl LangArgs {
    fn resolve(&self) -> Lang {
        self.lang
            .as_deref()
            .and_then(Lang::parse)
            .unwrap_or_else(Lang::from_env)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files, directories (recursive, honours .gitignore) or '-' for stdin.
    #[arg(value_name = "PATHS")]
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: OutputFormat,
    #[command(flatten)]
    pub lang: LangArgs,
    /// Use this configuration file instead of discovering one.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Ignore configuration files.
    #[arg(long)]
    pub isolated: bool,
    /// Treat every input as published content.
    #[arg(long, conflicts_with = "private")]
    pub public: bool,
    /// Treat no input as published content.
    #[arg(long)]
    pub private: bool,
    /// Force the sensitivity level.
    #[arg(long, value_parser = ["non-sensitive", "sensitive", "restricted"])]
    pub sensitivity: Option<String>,
    /// Force the audience size.
    #[arg(long, value_name = "N")]
    pub attendees: Option<u32>,
    /// Only these rules (codes, prefixes such as VL3, names, or ALL).
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub select: Option<Vec<String>>,
    /// Never these rules.
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub ignore: Vec<String>,
    /// Lowest severity that makes the exit status 1.
    #[arg(long, value_parser = ["error", "warning", "info"], default_value = "error")]
    pub fail_on: String,
    /// Exit 0 even with findings.
    #[arg(long)]
    pub exit_zero: bool,
    /// Print passcodes, URL credentials and identifiers (never in CI logs).
    #[arg(long)]
    pub show_secrets: bool,
    /// Format of stdin.
    #[arg(long, value_parser = ["ics", "eml", "mbox", "html", "markdown", "text"])]
    pub stdin_format: Option<String>,
    /// Name stdin's content as this path (format, configuration, public globs).
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
    /// Remove meeting credentials from published files, in place.
    #[arg(long)]
    pub fix: bool,
    /// With --fix, also replace passcodes written in text.
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print a summary table.
    #[arg(long)]
    pub statistics: bool,
    /// No progress bar.
    #[arg(long)]
    pub no_progress: bool,
    /// List the invitations and meetings found (text format).
    #[arg(long)]
    pub show_meetings: bool,
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
}

/// Runs the command line; returns the exit status.
pub fn run(args: Vec<String>) -> i32 {
    let args = with_default_command(args);
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { EXIT_ERROR } else { EXIT_OK };
        }
    };
    match cli.command {
        Command::Check(args) => run_check(args),
        Command::Rules(lang) => run_rules(lang.resolve()),
        Command::Explain { rule, lang } => run_explain(&rule, lang.resolve()),
        Command::Policy { config, isolated } => run_policy(config, isolated),
    }
}

/// `visiolint invitation.ics` means `visiolint check invitation.ics`.
fn with_default_command(mut args: Vec<String>) -> Vec<String> {
    const COMMANDS: [&str; 9] = [
        "check",
        "rules",
        "explain",
        "policy",
        "help",
        "--help",
        "-h",
        "--version",
        "-V",
    ];
    match args.get(1) {
        Some(first) if COMMANDS.contains(&first.as_str()) => {}
        _ => args.insert(1.min(args.len()), "check".to_owned()),
    }
    args
}

fn error(message: &str) {
    eprintln!("visiolint: error: {message}");
}

fn run_rules(lang: Lang) -> i32 {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "{:<7} {:<25} {:<8} {}",
        "code",
        lang.pick("nom", "name"),
        lang.pick("gravité", "severity"),
        lang.pick("résumé", "summary")
    );
    for rule in RULES {
        let info = rule.info();
        let fix = if info.fixable {
            lang.pick(" (corrigeable)", " (fixable)")
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "{:<7} {:<25} {:<8} {}{fix}",
            info.code,
            info.name,
            info.severity.name(),
            info.summary.get(lang)
        );
    }
    EXIT_OK
}

fn run_explain(rule: &str, lang: Lang) -> i32 {
    let Some(rule) = crate::rules::find(rule) else {
        error(&format!("unknown rule `{rule}`; `visiolint rules` lists them"));
        return EXIT_ERROR;
    };
    let info = rule.info();
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "# {} {}\n", info.code, info.name);
    let _ = writeln!(
        out,
        "{}: {} · {}: {}{}\n",
        lang.pick("Gravité", "Severity"),
        info.severity.name(),
        lang.pick("Guide", "Guide"),
        info.guide,
        if info.fixable {
            lang.pick(" · corrigeable avec --fix", " · fixable with --fix")
        } else {
            ""
        }
    );
    let _ = writeln!(out, "{}", info.doc(lang));
    EXIT_OK
}

fn run_policy(config: Option<PathBuf>, isolated: bool) -> i32 {
    let cwd = PathBuf::from(".");
    let config = match load_config(config.as_deref(), isolated, &cwd) {
        Ok(c) => c,
        Err(e) => {
            error(&e.to_string());
            return EXIT_ERROR;
        }
    };
    let data = config.policy_data();
    match toml::to_string_pretty(&data) {
        Ok(text) => {
            if let Some(path) = &config.path {
                println!("# configuration: {}", path.display());
            }
            print!("{text}");
            EXIT_OK
        }
        Err(e) => {
            error(&e.to_string());
            EXIT_ERROR
        }
    }
}

fn load_config(explicit: Option<&Path>, isolated: bool, near: &Path) -> Result<Config, ConfigError> {
    if let Some(path) = explicit {
        return Config::load(path);
    }
    if isolated {
        return Ok(Config::empty(PathBuf::from(".")));
    }
    match config::discover(near) {
        Some(path) => Config::load(&path),
        None => Ok(Config::empty(PathBuf::from("."))),
    }
}

/// Settings for one configuration, with the command line on top.
fn settings_for(config: &Config, args: &CheckArgs, lang: Lang) -> Result<Settings, String> {
    let policy = Policy::compile(config.policy_data()).map_err(|e| e.to_string())?;
    let mut settings = Settings::new(policy, lang);
    settings.show_secrets = args.show_secrets;
    settings.published = if args.public {
        Some(true)
    } else if args.private {
        Some(false)
    } else {
        None
    };
    settings.public_globs = config.public_globs();
    settings.sensitivity = args.sensitivity.as_deref().and_then(Level::parse);
    settings.attendees = args.attendees;
    settings.me = config.file.me.iter().map(|m| m.trim().to_lowercase()).collect();
    let mut rules = config.rule_selection();
    if let Some(select) = &args.select {
        rules.select = Some(select.clone());
        rules.extend_select.clear();
    }
    rules.ignore.extend(args.ignore.iter().cloned());
    settings.rules = rules;
    Ok(settings)
}

fn run_check(args: CheckArgs) -> i32 {
    let lang = args.lang.resolve();
    for selector in args.select.iter().flatten().chain(&args.ignore) {
        if !crate::selection::is_known(selector) {
            error(&format!("unknown rule `{selector}`; `visiolint rules` lists them"));
            return EXIT_ERROR;
        }
    }
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    if paths.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        error("'-' (stdin) can be given only once");
        return EXIT_ERROR;
    }

    // One configuration per folder tree; loaded once each.
    let mut configs: HashMap<Option<PathBuf>, Arc<(Config, Settings)>> = HashMap::new();
    let mut resolve = |near: &Path| -> Result<Arc<(Config, Settings)>, String> {
        let key = if args.config.is_some() || args.isolated {
            None
        } else {
            config::discover(near)
        };
        if let Some(found) = configs.get(&key) {
            return Ok(found.clone());
        }
        let config = match (&args.config, args.isolated, &key) {
            (Some(path), _, _) => Config::load(path).map_err(|e| e.to_string())?,
            (None, true, _) | (None, false, None) => Config::empty(PathBuf::from(".")),
            (None, false, Some(path)) => Config::load(path).map_err(|e| e.to_string())?,
        };
        let settings = settings_for(&config, &args, lang)?;
        let entry = Arc::new((config, settings));
        configs.insert(key, entry.clone());
        Ok(entry)
    };

    let mut operational_error = false;
    // Exclusion globs come from the configuration of each walked root.
    let mut excludes: Vec<(PathBuf, Arc<(Config, Settings)>)> = Vec::new();
    for path in &paths {
        if path.as_os_str() == "-" || !path.is_dir() {
            continue;
        }
        match resolve(path) {
            Ok(c) => excludes.push((path.clone(), c)),
            Err(e) => {
                error(&e);
                return EXIT_ERROR;
            }
        }
    }
    let excluded = |p: &Path| {
        excludes.iter().any(|(root, c)| {
            p.starts_with(root)
                && c.0
                    .exclude_globs()
                    .is_some_and(|g| g.is_match(c.0.relative(p)) || g.is_match(p))
        })
    };
    let (inputs, walk_errors) = walk::collect(&paths, &excluded);
    for e in &walk_errors {
        error(&format!("{}: {}", e.path, e.message));
        operational_error = true;
    }

    let mut files = Vec::new();
    for input in inputs {
        let (bytes, path_for_rules): (Vec<u8>, Option<PathBuf>) = match &input.source {
            Source::Stdin => {
                let mut buf = Vec::new();
                if let Err(e) = std::io::stdin().read_to_end(&mut buf) {
                    error(&format!("cannot read stdin: {e}"));
                    operational_error = true;
                    continue;
                }
                (buf, args.stdin_filename.clone())
            }
            Source::File(path) => match std::fs::read(path) {
                Ok(b) => (b, Some(path.clone())),
                Err(e) => {
                    error(&format!("{}: {}", input.display, walk::io_message(&e)));
                    operational_error = true;
                    continue;
                }
            },
        };
        let near = path_for_rules.clone().unwrap_or_else(|| PathBuf::from("."));
        let entry = match resolve(&near) {
            Ok(e) => e,
            Err(e) => {
                error(&e);
                return EXIT_ERROR;
            }
        };
        let (config, settings) = (&entry.0, &entry.1);
        let format = match (&input.source, &args.stdin_format) {
            (Source::Stdin, Some(f)) => Format::ALL.into_iter().find(|x| x.name() == f).unwrap_or(Format::Text),
            _ => Format::detect(path_for_rules.as_deref(), &bytes),
        };
        let display = match (&input.source, &args.stdin_filename) {
            (Source::Stdin, Some(name)) => name.display().to_string(),
            _ => input.display.clone(),
        };
        let relative = path_for_rules.as_deref().map(|p| config.relative(p).to_path_buf());
        let mut report = check::check_file(&display, relative.as_deref(), &bytes, format, settings);
        if args.fix
            && report.published
            && let Source::File(path) = &input.source
        {
            match fix::apply(path, &bytes, &report, args.unsafe_fixes) {
                Ok(Some((fixed_bytes, fixed))) => {
                    let mut again = check::check_file(&display, relative.as_deref(), &fixed_bytes, format, settings);
                    again.fixed = fixed;
                    report = again;
                }
                Ok(None) => {}
                Err(e) => {
                    error(&format!("{}: cannot fix: {e}", input.display));
                    operational_error = true;
                }
            }
        }
        files.push(report);
    }

    let mut summary = Summary::default();
    for f in &files {
        summary.add_file(f);
    }
    let report = Report {
        version: 1,
        files,
        summary,
    };
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let options = report::Options {
        lang,
        color,
        show_meetings: args.show_meetings,
        statistics: args.statistics,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if let Err(e) = report::write(&report, args.format, options, &mut out).and_then(|()| out.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        error(&format!("cannot write the report: {e}"));
        return EXIT_ERROR;
    }
    if operational_error {
        return EXIT_ERROR;
    }
    let fail_on = Severity::parse(&args.fail_on).unwrap_or(Severity::Error);
    let failing = report
        .files
        .iter()
        .flat_map(|f| &f.diagnostics)
        .any(|d| d.severity >= fail_on);
    if failing && !args.exit_zero {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_is_the_default_command() {
        let args = |v: &[&str]| with_default_command(v.iter().map(|s| s.to_string()).collect());
        assert_eq!(args(&["visiolint", "a.ics"])[1], "check");
        assert_eq!(args(&["visiolint", "--format", "json", "a.ics"])[1], "check");
        assert_eq!(args(&["visiolint", "rules"])[1], "rules");
        assert_eq!(args(&["visiolint"])[1], "check");
    }
}
