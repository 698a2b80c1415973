//! A `check` run over many inputs: configurations, files, parallel work,
//! progress, one report written as it goes, and the exit status.

use std::collections::HashMap;
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::check::{self, BatchOutput, FileMeta, Settings};
use crate::cli::{CheckArgs, ColorChoice, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, error, warning};
use crate::config::{self, Config};
use crate::fix;
use crate::i18n::Lang;
use crate::input::{Format, ProblemKind};
use crate::model::{Diagnostic, FileReport, Summary};
use crate::policy::Policy;
use crate::report::{self, FileHeader, Sink};
use crate::rules::Severity;
use crate::walk::{self, Source};

/// Files up to this size are checked whole, several at a time.
const SMALL_FILE: u64 = 1024 * 1024;
/// A group of small files checked in parallel holds at most this many.
const GROUP_FILES: usize = 64;

/// A configuration and the settings built from it with the command line.
struct Entry {
    config: Config,
    settings: Settings,
    max_file_size: u64,
}

/// Configurations found so far, by file (`None`: no file, or `--isolated`).
struct Configs<'a> {
    args: &'a CheckArgs,
    lang: Lang,
    loaded: HashMap<Option<PathBuf>, Arc<Entry>>,
}

impl Configs<'_> {
    fn for_path(&mut self, near: &Path) -> Result<Arc<Entry>, String> {
        let args = self.args;
        let key = if args.config.is_some() || args.isolated {
            None
        } else {
            config::discover(near)
        };
        if let Some(found) = self.loaded.get(&key) {
            return Ok(found.clone());
        }
        let config = match (&args.config, &key) {
            (Some(path), _) => Config::load(path).map_err(|e| e.localized(self.lang))?,
            (None, Some(path)) if !args.isolated => Config::load(path).map_err(|e| e.localized(self.lang))?,
            _ => Config::empty(PathBuf::from(".")),
        };
        let settings = settings_for(&config, args, self.lang)?;
        let max_file_size = config.file.limits.max_file_size;
        let entry = Arc::new(Entry {
            config,
            settings,
            max_file_size,
        });
        self.loaded.insert(key, entry.clone());
        Ok(entry)
    }
}

/// Settings for one configuration, with the command line on top.
fn settings_for(config: &Config, args: &CheckArgs, lang: Lang) -> Result<Settings, String> {
    let policy = Policy::compile(config.policy_data()).map_err(|e| e.to_string())?;
    let mut settings = Settings::new(policy, lang);
    settings.show_secrets = args.show_secrets;
    settings.snippets = args.format == report::OutputFormat::Text;
    settings.published = if args.public {
        Some(true)
    } else if args.private {
        Some(false)
    } else {
        None
    };
    settings.public_globs = config.public_globs();
    settings.sensitivity = args.sensitivity.map(|s| s.level());
    settings.attendees = args.attendees;
    settings.limits = config.file.limits.input();
    settings.me = config.file.me.iter().map(|m| crate::input::address_key(m)).collect();
    let mut rules = config.rule_selection();
    if let Some(select) = &args.select {
        rules.select = Some(select.clone());
        rules.extend_select.clear();
    }
    rules.ignore.extend(args.ignore.iter().cloned());
    settings.rules = rules;
    Ok(settings)
}

/// One input, ready to be checked.
struct Job {
    source: Source,
    display: String,
    entry: Arc<Entry>,
    /// The path rules and globs see (relative to the configuration).
    relative: Option<PathBuf>,
    size: u64,
    /// Stdin's content, read up front.
    bytes: Option<Vec<u8>>,
}

/// What happened to one file, for the report.
enum Outcome {
    Report(FileReport),
    Failed(String),
}

/// Accumulates the summary and the worst severity while results pass by.
struct Tally {
    summary: Summary,
    worst: Option<Severity>,
    failed: bool,
}

impl Tally {
    fn diagnostic(&mut self, d: &Diagnostic) {
        self.summary.add_diagnostic(d);
        self.worst = self.worst.max(Some(d.severity));
    }
}

pub fn run(args: &CheckArgs) -> i32 {
    let lang = args.lang.resolve();
    for selector in args.select.iter().flatten().chain(&args.ignore) {
        if !crate::selection::is_known(selector) {
            error(&crate::selection::unknown_rule_error(selector, "", lang));
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
    // An existing report file, as the system names it (to compare with inputs).
    let report_file = args.output_file.as_deref().and_then(|p| std::fs::canonicalize(p).ok());
    // The report must not overwrite a file the user asked to check.
    if let Some(report) = &report_file
        && let Some(input) = paths
            .iter()
            .find(|p| std::fs::canonicalize(p).is_ok_and(|c| &c == report))
    {
        error(&match lang {
            Lang::Fr => format!("-o {} écraserait un fichier à vérifier", input.display()),
            Lang::En => format!("-o {} would overwrite a file to check", input.display()),
        });
        return EXIT_ERROR;
    }
    if let Some(threads) = args.threads {
        // Only the first call in a process takes effect; tests run one
        // process per command.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .build_global();
    }
    let threads = rayon::current_num_threads();

    let mut configs = Configs {
        args,
        lang,
        loaded: HashMap::new(),
    };
    // Exclusion globs come from the configuration of each walked root.
    let mut roots: Vec<(PathBuf, Arc<Entry>)> = Vec::new();
    for path in paths.iter().filter(|p| p.as_os_str() != "-" && p.is_dir()) {
        match configs.for_path(path) {
            Ok(entry) => roots.push((path.clone(), entry)),
            Err(e) => {
                error(&e);
                return EXIT_ERROR;
            }
        }
    }
    let excluded = |p: &Path| {
        roots.iter().any(|(root, entry)| {
            p.starts_with(root)
                && entry
                    .config
                    .exclude_globs()
                    .is_some_and(|g| g.is_match(entry.config.relative(p)) || g.is_match(p))
        })
    };
    let (inputs, walk_errors) = walk::collect(&paths, &excluded, lang);
    let mut tally = Tally {
        summary: Summary::default(),
        worst: None,
        failed: false,
    };
    for e in &walk_errors {
        error(&format!("{}: {}", e.path, e.message));
        tally.failed = true;
    }

    let mut jobs = Vec::with_capacity(inputs.len());
    for input in inputs {
        let (near, relative_source, size, bytes) = match &input.source {
            Source::Stdin => {
                let mut buf = Vec::new();
                if let Err(e) = std::io::stdin().read_to_end(&mut buf) {
                    error(&match lang {
                        Lang::Fr => format!("impossible de lire l'entrée standard : {e}"),
                        Lang::En => format!("cannot read stdin: {e}"),
                    });
                    tally.failed = true;
                    continue;
                }
                let name = args.stdin_filename.clone();
                let near = name.clone().unwrap_or_else(|| PathBuf::from("."));
                (near, name, buf.len() as u64, Some(buf))
            }
            Source::File(path) => {
                let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
                (path.clone(), Some(path.clone()), size, None)
            }
        };
        let entry = match configs.for_path(&near) {
            Ok(e) => e,
            Err(e) => {
                error(&e);
                return EXIT_ERROR;
            }
        };
        let display = match (&input.source, &args.stdin_filename) {
            (Source::Stdin, Some(name)) => name.display().to_string(),
            _ => input.display.clone(),
        };
        let relative = relative_source.map(|p| entry.config.relative(&p));
        jobs.push(Job {
            source: input.source,
            display,
            entry,
            relative,
            size,
            bytes,
        });
    }

    // A report written among the checked files is not checked (an earlier
    // run's would be read while it is rewritten).
    if let Some(report) = &report_file {
        jobs.retain(|job| match &job.source {
            Source::File(path) => std::fs::canonicalize(path).ok().as_ref() != Some(report),
            Source::Stdin => true,
        });
    }
    // Created before any work: a report that cannot be written is known at once.
    let output: Box<dyn std::io::Write + Send> = match &args.output_file {
        Some(path) => match std::fs::File::create(path) {
            Ok(file) => Box::new(file),
            Err(e) => {
                let (path, why) = (path.display(), walk::io_message(&e, lang));
                error(&match lang {
                    Lang::Fr => format!("impossible d'écrire le rapport dans {path} : {why}"),
                    Lang::En => format!("cannot write the report to {path}: {why}"),
                });
                return EXIT_ERROR;
            }
        },
        None => Box::new(std::io::stdout()),
    };
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            args.output_file.is_none() && std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let options = report::Options {
        lang,
        color,
        show_meetings: args.show_meetings,
        statistics: args.statistics,
    };
    let out = std::io::BufWriter::with_capacity(1 << 16, output);
    let mut sink = report::sink(args.format, options, Box::new(out));
    let progress = progress_bar(args, &jobs, lang);

    let mut written = Ok(());
    let mut i = 0;
    while i < jobs.len() && written.is_ok() {
        let job = &jobs[i];
        if job.size > SMALL_FILE && job.bytes.is_none() && !(args.fix && will_be_published(job)) {
            written = stream_job(job, args, threads, sink.as_mut(), &mut tally, &progress);
            i += 1;
            continue;
        }
        // A group of small files, checked in parallel, reported in order.
        let mut end = i;
        while end < jobs.len() && end - i < GROUP_FILES && (jobs[end].size <= SMALL_FILE || jobs[end].bytes.is_some()) {
            end += 1;
        }
        let end = end.max(i + 1);
        let outcomes: Vec<Outcome> = jobs[i..end].par_iter().map(|job| whole_job(job, args)).collect();
        for (job, outcome) in jobs[i..end].iter().zip(outcomes) {
            match outcome {
                Outcome::Report(file) => {
                    progress.suspend(|| file.warnings.iter().for_each(|w| warning(w)));
                    if written.is_ok() {
                        written = emit_file(sink.as_mut(), &file, &mut tally);
                    }
                }
                Outcome::Failed(message) => {
                    progress.suspend(|| error(&format!("{}: {message}", job.display)));
                    tally.failed = true;
                }
            }
            progress.inc(job.size);
        }
        i = end;
    }
    progress.finish_and_clear();
    if written.is_ok() {
        written = sink.finish(&tally.summary);
    }
    if let Err(e) = written
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        error(&match lang {
            Lang::Fr => format!("impossible d'écrire le rapport : {e}"),
            Lang::En => format!("cannot write the report: {e}"),
        });
        return EXIT_ERROR;
    }
    if tally.failed {
        return EXIT_ERROR;
    }
    let fail_on = args.fail_on.severity();
    if !args.exit_zero && tally.worst.is_some_and(|w| w >= fail_on) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

fn will_be_published(job: &Job) -> bool {
    let format = Format::from_extension(job.relative.as_deref().unwrap_or(Path::new(""))).unwrap_or(Format::Text);
    job.entry.settings.is_published(format, job.relative.as_deref())
}

fn format_of(job: &Job, args: &CheckArgs, head: &[u8]) -> Format {
    match (&job.source, &args.stdin_format) {
        (Source::Stdin, Some(f)) => *f,
        (Source::Stdin, None) => Format::detect(args.stdin_filename.as_deref(), head),
        (Source::File(path), _) => Format::detect(Some(path), head),
    }
}

/// A file over the size limit: reported, not read.
fn oversized(job: &Job, format: Format) -> FileReport {
    let settings = &job.entry.settings;
    let kind = ProblemKind::LimitExceeded {
        limit: "max-file-size",
        value: job.entry.max_file_size,
    };
    FileReport {
        path: job.display.clone(),
        format,
        published: settings.is_published(format, job.relative.as_deref()),
        invitations: Vec::new(),
        diagnostics: crate::check::file_problem(kind, 1, settings, job.relative.as_deref())
            .into_iter()
            .collect(),
        fixed: Vec::new(),
        warnings: Vec::new(),
    }
}

/// Checks a file held whole in memory (and fixes it with `--fix`).
fn whole_job(job: &Job, args: &CheckArgs) -> Outcome {
    let settings = &job.entry.settings;
    let owned;
    let bytes: &[u8] = match (&job.bytes, &job.source) {
        (Some(b), _) => b,
        (None, Source::File(path)) => {
            if job.size > job.entry.max_file_size {
                let head = read_head(path);
                return Outcome::Report(oversized(job, format_of(job, args, &head)));
            }
            match std::fs::read(path) {
                Ok(b) => {
                    owned = b;
                    &owned
                }
                Err(e) => return Outcome::Failed(walk::io_message(&e, settings.lang)),
            }
        }
        (None, Source::Stdin) => &[],
    };
    let format = format_of(job, args, bytes);
    let mut report = check::check_file(&job.display, job.relative.as_deref(), bytes, format, settings);
    if args.fix
        && report.published
        && let Source::File(path) = &job.source
    {
        match fix::apply(path, bytes, &report, args.unsafe_fixes) {
            Ok(Some((fixed_bytes, fixed))) => {
                report = check::check_file(&job.display, job.relative.as_deref(), &fixed_bytes, format, settings);
                report.fixed = fixed;
            }
            Ok(None) => {}
            Err(e) => {
                return Outcome::Failed(match settings.lang {
                    Lang::Fr => format!("correction impossible : {e}"),
                    Lang::En => format!("cannot fix: {e}"),
                });
            }
        }
    }
    Outcome::Report(report)
}

fn read_head(path: &Path) -> Vec<u8> {
    let mut head = vec![0u8; 4096];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .unwrap_or(0);
    head.truncate(n);
    head
}

/// Streams a large file: batches checked in parallel, reported in order.
fn stream_job(
    job: &Job,
    args: &CheckArgs,
    threads: usize,
    sink: &mut (dyn Sink + Send),
    tally: &mut Tally,
    progress: &ProgressBar,
) -> std::io::Result<()> {
    let Source::File(path) = &job.source else {
        return Ok(());
    };
    let settings = &job.entry.settings;
    let head = read_head(path);
    let format = format_of(job, args, &head);
    if job.size > job.entry.max_file_size {
        return emit_file(sink, &oversized(job, format), tally);
    }
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            progress.suspend(|| error(&format!("{}: {}", job.display, walk::io_message(&e, settings.lang))));
            tally.failed = true;
            return Ok(());
        }
    };
    let meta = FileMeta {
        display: &job.display,
        path: job.relative.as_deref(),
        format,
        published: settings.is_published(format, job.relative.as_deref()),
    };
    let header = FileHeader {
        path: &job.display,
        format,
        published: meta.published,
    };
    sink.start_file(&header)?;
    tally.summary.files += 1;
    let mut written = Ok(());
    let mut invitations = 0usize;
    let mut warnings = check::CodeWarnings::default();
    // The chunker reads in blocks of its own: no buffered reader between.
    let result = check::check_reader(file, &meta, settings, threads, &mut |mut out: BatchOutput| {
        progress.inc(out.bytes);
        warnings.add(&mut out);
        invitations += out.invitations.len();
        progress.set_message(format!("· {} · {invitations} invitations", job.display));
        if written.is_err() {
            return;
        }
        written = emit_batch(sink, &header, &out, tally);
    });
    written?;
    progress.suspend(|| {
        for w in warnings.messages(&job.display, settings.lang) {
            warning(&w);
        }
    });
    if let Err(e) = result {
        progress.suspend(|| error(&format!("{}: {}", job.display, walk::io_message(&e, settings.lang))));
        tally.failed = true;
    }
    sink.end_file(&header, &[])
}

fn emit_batch(
    sink: &mut dyn Sink,
    header: &FileHeader<'_>,
    out: &BatchOutput,
    tally: &mut Tally,
) -> std::io::Result<()> {
    for invitation in &out.invitations {
        tally.summary.add_invitation(invitation);
        sink.invitation(header, invitation)?;
    }
    for diagnostic in &out.diagnostics {
        tally.diagnostic(diagnostic);
        sink.diagnostic(header, diagnostic)?;
    }
    Ok(())
}

fn emit_file(sink: &mut dyn Sink, file: &FileReport, tally: &mut Tally) -> std::io::Result<()> {
    tally.summary.add_file(file);
    tally.worst = tally.worst.max(file.diagnostics.iter().map(|d| d.severity).max());
    report::replay(sink, file)
}

/// A progress bar on stderr, for long runs a person watches: stderr is a
/// terminal, `--no-progress` is not given, and there is enough to read.
fn progress_bar(args: &CheckArgs, jobs: &[Job], lang: Lang) -> ProgressBar {
    let total: u64 = jobs.iter().map(|j| j.size).sum();
    let wanted = !args.no_progress && std::io::stderr().is_terminal() && total >= 16 * 1024 * 1024;
    if !wanted {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr_with_hz(8));
    let template = match lang {
        Lang::Fr => {
            "{spinner} {elapsed_precise} [{bar:30}] {bytes}/{total_bytes} · {bytes_per_sec} · reste {eta} {msg}"
        }
        Lang::En => "{spinner} {elapsed_precise} [{bar:30}] {bytes}/{total_bytes} · {bytes_per_sec} · ETA {eta} {msg}",
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(format!("· {} {}", jobs.len(), lang.pick("fichier(s)", "file(s)")));
    bar.enable_steady_tick(Duration::from_millis(125));
    bar
}
