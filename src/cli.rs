//! The command line (SPEC §1).

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::{self, Config, ConfigError};
use crate::i18n::Lang;
use crate::report::OutputFormat;
use crate::rules::RULES;

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
    Check(Box<CheckArgs>),
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
    pub fn resolve(&self) -> Lang {
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
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
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
        Command::Check(args) => crate::session::run(&args),
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
