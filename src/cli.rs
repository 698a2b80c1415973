//! The command line (SPEC §1).

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::config::{self, Config, ConfigError};
use crate::extract::Level;
use crate::i18n::Lang;
use crate::input::Format;
use crate::report::OutputFormat;
use crate::rules::{RULES, Severity};

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
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
}

impl LangArgs {
    pub fn resolve(&self) -> Lang {
        match self.lang {
            Some(LangArg::Fr) => Lang::Fr,
            Some(LangArg::En) => Lang::En,
            None => Lang::from_env(),
        }
    }
}

/// `--lang`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Fr,
    En,
}

/// `--fail-on`: the lowest severity that makes the exit status 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
}

impl FailOn {
    pub fn severity(self) -> Severity {
        match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        }
    }
}

/// `--sensitivity`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SensitivityArg {
    NonSensitive,
    Sensitive,
    Restricted,
}

impl SensitivityArg {
    pub fn level(self) -> Level {
        match self {
            SensitivityArg::NonSensitive => Level::NonSensitive,
            SensitivityArg::Sensitive => Level::Sensitive,
            SensitivityArg::Restricted => Level::Restricted,
        }
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
    #[arg(long, value_enum)]
    pub sensitivity: Option<SensitivityArg>,
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
    #[arg(long, value_enum, default_value = "error")]
    pub fail_on: FailOn,
    /// Exit 0 even with findings.
    #[arg(long)]
    pub exit_zero: bool,
    /// Print passcodes, URL credentials and identifiers (never in CI logs).
    #[arg(long)]
    pub show_secrets: bool,
    /// Format of stdin.
    #[arg(long, value_enum)]
    pub stdin_format: Option<Format>,
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
    /// Write the report to FILE instead of stdout (warnings and errors stay on stderr).
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output_file: Option<PathBuf>,
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

/// Runs the command line (the program's arguments, file names as the
/// system gives them, UTF-8 or not); returns the exit status.
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString>,
{
    let args = with_default_command(args.into_iter().map(Into::into).collect());
    let cli = match Cli::try_parse_from(args) {
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
///
/// The first argument that is neither an option nor an option's value
/// decides: a command name (`rules`, `explain`, `policy`, `check`, `help`)
/// runs that command, with the options written before it moved after it
/// (`visiolint --lang fr rules` is `visiolint rules --lang fr`); anything
/// else is a path for `check`. Which options take a value is read from
/// `check`'s own definition.
fn with_default_command(mut args: Vec<OsString>) -> Vec<OsString> {
    const COMMANDS: [&str; 5] = ["check", "rules", "explain", "policy", "help"];
    const TOP_LEVEL: [&str; 4] = ["--help", "-h", "--version", "-V"];
    if args.len() < 2 {
        args.push("check".into());
        return args;
    }
    if args[1].to_str().is_some_and(|a| TOP_LEVEL.contains(&a)) {
        return args;
    }
    let mut cli = Cli::command();
    cli.build();
    let check = cli.find_subcommand("check");
    let takes_value = |option: &str| {
        check.is_some_and(|c| {
            c.get_arguments()
                .any(|a| a.get_long() == Some(option) && a.get_action().takes_values())
        })
    };
    let mut i = 1;
    while i < args.len() {
        let bytes = args[i].as_encoded_bytes();
        if bytes == b"--" || !bytes.starts_with(b"-") || bytes == b"-" {
            break;
        }
        // `--config FILE`: the next argument is a value, not a command.
        if let Some(long) = args[i].to_str().and_then(|a| a.strip_prefix("--"))
            && !long.contains('=')
            && takes_value(long)
        {
            i += 1;
        }
        i += 1;
    }
    let command = args.get(i).and_then(|a| a.to_str()).filter(|a| COMMANDS.contains(a));
    match command {
        Some(_) => {
            let name = args.remove(i);
            args.insert(1, name);
        }
        None => args.insert(1, "check".into()),
    }
    args
}

/// An error on stderr. Paths and names in it come from the disk or the
/// command line: control characters are escaped.
pub(crate) fn error(message: &str) {
    eprintln!("visiolint: error: {}", crate::report::printable(message));
}

/// A warning on stderr, escaped like [`error`].
pub(crate) fn warning(message: &str) {
    eprintln!("visiolint: warning: {}", crate::report::printable(message));
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
        error(&crate::selection::unknown_rule_error(rule, "", lang));
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

    fn args(v: &[&str]) -> Vec<String> {
        with_default_command(v.iter().map(OsString::from).collect())
            .into_iter()
            .map(|a| a.into_string().unwrap())
            .collect()
    }

    #[test]
    fn check_is_the_default_command() {
        assert_eq!(args(&["visiolint", "a.ics"])[1], "check");
        assert_eq!(args(&["visiolint", "--format", "json", "a.ics"])[1], "check");
        assert_eq!(args(&["visiolint", "rules"])[1], "rules");
        assert_eq!(args(&["visiolint"])[1], "check");
        assert_eq!(args(&["visiolint", "--help"])[1], "--help");
        assert_eq!(args(&["visiolint", "-", "rules"])[1..], ["check", "-", "rules"]);
        assert_eq!(args(&["visiolint", "--", "rules"])[1..], ["check", "--", "rules"]);
    }

    #[test]
    fn a_command_after_options_is_still_the_command() {
        assert_eq!(
            args(&["visiolint", "--lang", "fr", "rules"])[1..],
            ["rules", "--lang", "fr"]
        );
        assert_eq!(
            args(&["visiolint", "--lang=en", "explain", "VL302"])[1..],
            ["explain", "--lang=en", "VL302"]
        );
        assert_eq!(
            args(&["visiolint", "--isolated", "policy"])[1..],
            ["policy", "--isolated"]
        );
        // An option's value is not a command: a configuration file named
        // `rules`, a path after it.
        assert_eq!(
            args(&["visiolint", "--config", "rules", "a.ics"])[1..],
            ["check", "--config", "rules", "a.ics"]
        );
        assert_eq!(
            args(&["visiolint", "--isolated", "a.ics", "rules"])[1..],
            ["check", "--isolated", "a.ics", "rules"]
        );
    }

    #[test]
    fn bad_values_are_usage_errors() {
        for bad in [
            &["visiolint", "check", "--fail-on", "loud", "a.ics"][..],
            &["visiolint", "check", "--sensitivity", "secret", "a.ics"],
            &["visiolint", "check", "--stdin-format", "pdf", "-"],
            &["visiolint", "rules", "--lang", "de"],
        ] {
            let e = Cli::try_parse_from(bad).unwrap_err();
            assert!(e.use_stderr(), "{bad:?}");
        }
        let cli = Cli::try_parse_from([
            "visiolint",
            "check",
            "--fail-on",
            "warning",
            "--sensitivity",
            "non-sensitive",
            "--stdin-format",
            "markdown",
        ])
        .unwrap();
        let Command::Check(check) = cli.command else { panic!() };
        assert_eq!(check.fail_on.severity(), Severity::Warning);
        assert_eq!(check.sensitivity.map(SensitivityArg::level), Some(Level::NonSensitive));
        assert_eq!(check.stdin_format, Some(Format::Markdown));
    }
}
