//! Output formats (SPEC §6). Every one of them prints only what the report
//! holds, and the report holds no secret unless `--show-secrets`.

use std::io::{self, Write};

use crate::i18n::Lang;
use crate::model::Report;

mod concise;
mod github;
mod json;
mod sarif;
mod statistics;
mod text;

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Text,
    Concise,
    Json,
    Sarif,
    Github,
}

/// Options of the human-readable formats.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub lang: Lang,
    pub color: bool,
    pub show_meetings: bool,
    pub statistics: bool,
}

pub fn write(report: &Report, format: OutputFormat, options: Options, out: &mut dyn Write) -> io::Result<()> {
    match format {
        OutputFormat::Text => {
            text::write(report, options, out)?;
            if options.statistics {
                statistics::write(report, options, out)?;
            }
            Ok(())
        }
        OutputFormat::Concise => {
            concise::write(report, out)?;
            if options.statistics {
                statistics::write(report, options, out)?;
            }
            Ok(())
        }
        OutputFormat::Json => json::write(report, out),
        OutputFormat::Sarif => sarif::write(report, options.lang, out),
        OutputFormat::Github => github::write(report, out),
    }
}

/// A stable 64-bit FNV-1a hash, for fingerprints that must not change
/// between runs or versions of Rust.
pub fn stable_hash(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in part.as_bytes().iter().chain(std::iter::once(&0u8)) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}
