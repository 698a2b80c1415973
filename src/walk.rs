//! From command-line paths to the files to check.

use std::path::{Path, PathBuf};

use crate::i18n::Lang;
use crate::input::Format;

/// Where an input comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Stdin,
    File(PathBuf),
}

/// One file to check.
#[derive(Debug, Clone)]
pub struct Input {
    pub source: Source,
    /// As the user will read it in reports.
    pub display: String,
}

/// A path that could not be walked; the run goes on and ends with exit 2.
#[derive(Debug, Clone)]
pub struct WalkError {
    pub path: String,
    pub message: String,
}

/// Expands the command-line paths: files as given (always checked), `-` for
/// stdin, directories walked recursively in name order, honouring
/// `.gitignore`, `.ignore` and hidden files like ripgrep, keeping the files
/// whose extension or content is a format visiolint reads. `excluded` says
/// whether a walked file is excluded by configuration.
pub fn collect(paths: &[PathBuf], excluded: &dyn Fn(&Path) -> bool, lang: Lang) -> (Vec<Input>, Vec<WalkError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input {
                source: Source::Stdin,
                display: "-".to_owned(),
            });
            continue;
        }
        let metadata = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                errors.push(WalkError {
                    path: path.display().to_string(),
                    message: io_message(&e, lang),
                });
                continue;
            }
        };
        if !metadata.is_dir() {
            inputs.push(Input {
                source: Source::File(path.clone()),
                display: display(path),
            });
            continue;
        }
        // Symbolic links are followed (a lab's site often links shared
        // folders); a loop they make is reported, not walked forever.
        let walker = ignore::WalkBuilder::new(path)
            .require_git(false)
            .follow_links(true)
            .sort_by_file_name(|a, b| a.cmp(b))
            .build();
        for entry in walker {
            match entry {
                Ok(entry) => {
                    if !entry.file_type().is_some_and(|t| t.is_file()) {
                        continue;
                    }
                    let p = entry.path();
                    if is_config_file(p) || excluded(p) || !worth_reading(p) {
                        continue;
                    }
                    inputs.push(Input {
                        source: Source::File(p.to_path_buf()),
                        display: display(p),
                    });
                }
                Err(e) => errors.push(walk_error(path, &e, lang)),
            }
        }
    }
    (inputs, errors)
}

/// A walking error as a user can act on it: which path, and what.
fn walk_error(root: &Path, e: &ignore::Error, lang: Lang) -> WalkError {
    fn inner(e: &ignore::Error, lang: Lang) -> (Option<String>, String) {
        match e {
            ignore::Error::WithPath { path, err } => {
                let (_, message) = inner(err, lang);
                (Some(path.display().to_string()), message)
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => inner(err, lang),
            ignore::Error::Loop { ancestor, child } => (
                Some(child.display().to_string()),
                match lang {
                    Lang::Fr => format!("boucle de liens symboliques vers {} (non suivie)", ancestor.display()),
                    Lang::En => format!("symbolic link loop back to {} (not followed)", ancestor.display()),
                },
            ),
            ignore::Error::Io(io) => (None, io_message(io, lang)),
            other => (None, other.to_string()),
        }
    }
    let (path, message) = inner(e, lang);
    WalkError {
        path: path.unwrap_or_else(|| root.display().to_string()),
        message,
    }
}

fn is_config_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| crate::config::FILE_NAMES.contains(&n))
}

/// In a directory, a file is read when its extension names a format, or,
/// without one, when its first bytes look like a calendar, a message, a
/// mailbox or a page (the extension-less mbox files of mail clients).
fn worth_reading(path: &Path) -> bool {
    if Format::from_extension(path).is_some() {
        return true;
    }
    if path.extension().is_some() {
        return false;
    }
    let mut head = [0u8; 4096];
    let n = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .unwrap_or(0);
    Format::sniff(&head[..n]).is_some()
}

fn display(path: &Path) -> String {
    let s = path.to_string_lossy();
    s.strip_prefix("./").unwrap_or(&s).to_owned()
}

/// An I/O error as a user can act on it.
/// (The system's own text for the rarer errors is in the system's language.)
pub fn io_message(e: &std::io::Error, lang: Lang) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => lang
            .pick("fichier ou dossier introuvable", "no such file or directory")
            .to_owned(),
        std::io::ErrorKind::PermissionDenied => lang.pick("permission refusée", "permission denied").to_owned(),
        _ => e.to_string(),
    }
}
