use std::io::{self, Write};

use super::{FileHeader, Options, Sink, escaped, is_unprintable, printable, statistics};
use crate::i18n::Lang;
use crate::model::{Diagnostic, FixedReport, InvitationReport, Summary};
use crate::rules::Severity;

struct Style {
    on: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    }

    fn severity(&self, severity: Severity, text: &str) -> String {
        let code = match severity {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;36",
        };
        self.paint(code, text)
    }

    fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }

    fn dim(&self, s: &str) -> String {
        self.paint("2", s)
    }
}

fn severity_word(lang: Lang, severity: Severity) -> &'static str {
    match (lang, severity) {
        (Lang::Fr, Severity::Error) => "erreur",
        (Lang::Fr, Severity::Warning) => "avertissement",
        (Lang::Fr, Severity::Info) => "info",
        (Lang::En, s) => s.name(),
    }
}

/// rustc/ruff style diagnostics, then a summary line.
pub struct TextSink<'w> {
    options: Options,
    style: Style,
    out: Box<dyn Write + Send + 'w>,
}

impl<'w> TextSink<'w> {
    pub fn new(options: Options, out: Box<dyn Write + Send + 'w>) -> TextSink<'w> {
        TextSink {
            options,
            style: Style { on: options.color },
            out,
        }
    }
}

impl Sink for TextSink<'_> {
    fn start_file(&mut self, file: &FileHeader<'_>) -> io::Result<()> {
        if self.options.show_meetings {
            writeln!(self.out, "{}", self.style.bold(&printable(file.path)))?;
        }
        Ok(())
    }

    fn invitation(&mut self, _file: &FileHeader<'_>, invitation: &InvitationReport) -> io::Result<()> {
        if self.options.show_meetings {
            write_invitation(invitation, self.options.lang, &self.style, &mut self.out)?;
        }
        Ok(())
    }

    fn diagnostic(&mut self, file: &FileHeader<'_>, d: &Diagnostic) -> io::Result<()> {
        write_diagnostic(file.path, d, self.options.lang, &self.style, &mut self.out)
    }

    fn end_file(&mut self, _file: &FileHeader<'_>, _fixed: &[FixedReport]) -> io::Result<()> {
        if self.options.show_meetings {
            writeln!(self.out)?;
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        write_summary(summary, self.options.lang, &self.style, &mut self.out)?;
        if self.options.statistics {
            statistics::write(summary, self.options, &mut self.out)?;
        }
        self.out.flush()
    }
}

fn write_diagnostic(path: &str, d: &Diagnostic, lang: Lang, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "{}: {} {}",
        style.bold(&format!("{}:{}:{}", printable(path), d.line, d.column)),
        style.severity(
            d.severity,
            &format!("{}[{} {}]", severity_word(lang, d.severity), d.code, d.name)
        ),
        printable(&d.message)
    )?;
    if let Some(snippet) = &d.snippet {
        let number = d.line.to_string();
        let pad = " ".repeat(number.len());
        let (text, marker_pad, width) = marked_line(&snippet.text, snippet.start_column, snippet.end_column);
        writeln!(out, "{pad} {}", style.dim("|"))?;
        writeln!(out, "{} {} {text}", style.dim(&number), style.dim("|"))?;
        let marker = format!("{marker_pad}{}", "^".repeat(width));
        writeln!(out, "{pad} {} {}", style.dim("|"), style.severity(d.severity, &marker))?;
        write!(out, "{pad} = ")?;
    }
    let help = lang.pick("aide", "help");
    let fix = if d.fixable {
        lang.pick(" [corrigeable : --fix]", " [fixable: --fix]")
    } else {
        ""
    };
    writeln!(out, "{}: {}{fix}", style.bold(help), printable(&d.help))?;
    writeln!(out)
}

/// A source line made printable, the padding that puts a marker under
/// the characters `start_column..end_column` (1-based, end exclusive) of the
/// original, and the marker's width. An escaped control character takes
/// the width of its escape; a tab stays a tab in the padding too.
fn marked_line(line: &str, start_column: usize, end_column: usize) -> (String, String, usize) {
    let start_column = start_column.max(1);
    let mut pad = String::new();
    let (mut start, mut end) = (None, None);
    let mut width = 0;
    let mut count = 0;
    for (i, c) in line.chars().enumerate() {
        let column = i + 1;
        if column == start_column {
            start = Some(width);
        }
        if column == end_column {
            end = Some(width);
        }
        // An escape is ASCII: its width is its length.
        let w = if is_unprintable(c) { escaped(c).len() } else { 1 };
        if start.is_none() {
            if c == '\t' {
                pad.push('\t');
            } else {
                pad.extend(std::iter::repeat_n(' ', w));
            }
        }
        width += w;
        count = column;
    }
    // Marks at or past the end of the line (the padding has the whole
    // line's width then).
    let beyond = |column: usize| column.saturating_sub(count + 1);
    let start = start.unwrap_or_else(|| {
        pad.extend(std::iter::repeat_n(' ', beyond(start_column)));
        width + beyond(start_column)
    });
    let end = end.unwrap_or_else(|| width + beyond(end_column));
    (printable(line).into_owned(), pad, end.saturating_sub(start).max(1))
}

fn write_invitation(inv: &InvitationReport, lang: Lang, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    let title = printable(
        inv.summary
            .as_deref()
            .unwrap_or(lang.pick("(sans titre)", "(untitled)")),
    );
    let audience = match (inv.attendance.count, inv.attendance.exact, lang) {
        (Some(n), true, Lang::Fr) => format!("{n} personnes"),
        (Some(n), false, Lang::Fr) => format!("au moins {n} personnes"),
        (Some(n), true, Lang::En) => format!("{n} people"),
        (Some(n), false, Lang::En) => format!("at least {n} people"),
        (None, _, Lang::Fr) => "audience inconnue".to_owned(),
        (None, _, Lang::En) => "audience unknown".to_owned(),
    };
    writeln!(
        out,
        "  {} {title} — {audience}, {}",
        style.dim(&format!("{}:", inv.line)),
        inv.sensitivity.level.name()
    )?;
    for m in &inv.meetings {
        let password = match (m.has_password, lang) {
            (true, Lang::Fr) => "avec mot de passe",
            (false, Lang::Fr) => "sans mot de passe",
            (true, Lang::En) => "passcode",
            (false, Lang::En) => "no passcode",
        };
        let kinds: Vec<&str> = m.credentials.iter().map(|c| c.kind.name()).collect();
        let kinds = if kinds.is_empty() {
            String::new()
        } else {
            format!(" ({})", kinds.join(", "))
        };
        writeln!(
            out,
            "    {} {} {} {} — {password}{kinds}",
            style.dim(&format!("{}:{}", m.line, m.column)),
            style.bold(&printable(&m.platform)),
            printable(&m.host),
            printable(m.meeting_id.as_deref().unwrap_or("-")),
        )?;
    }
    Ok(())
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn write_summary(s: &Summary, lang: Lang, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    let scope = match lang {
        Lang::Fr => format!(
            "{} ({}, {})",
            plural(s.files, "fichier", "fichiers"),
            plural(s.invitations, "invitation", "invitations"),
            plural(s.meetings, "réunion", "réunions")
        ),
        Lang::En => format!(
            "{} ({}, {})",
            plural(s.files, "file", "files"),
            plural(s.invitations, "invitation", "invitations"),
            plural(s.meetings, "meeting", "meetings")
        ),
    };
    if s.errors + s.warnings + s.infos == 0 {
        let line = match lang {
            Lang::Fr => format!("Aucun problème : {scope}."),
            Lang::En => format!("All checks passed: {scope}."),
        };
        return writeln!(out, "{}", style.paint("1;32", &line));
    }
    let counts = match lang {
        Lang::Fr => format!(
            "{}, {}, {}",
            plural(s.errors, "erreur", "erreurs"),
            plural(s.warnings, "avertissement", "avertissements"),
            plural(s.infos, "info", "infos")
        ),
        Lang::En => format!(
            "{}, {}, {}",
            plural(s.errors, "error", "errors"),
            plural(s.warnings, "warning", "warnings"),
            plural(s.infos, "info", "infos")
        ),
    };
    let line = match lang {
        Lang::Fr => format!("{counts} dans {scope}."),
        Lang::En => format!("Found {counts} in {scope}."),
    };
    writeln!(out, "{}", style.bold(&line))?;
    if s.fixed > 0 {
        let fixed = match lang {
            Lang::Fr => format!("{} corrigé(s).", s.fixed),
            Lang::En => format!("{} fixed.", plural(s.fixed, "finding", "findings")),
        };
        writeln!(out, "{fixed}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_and_the_marker_follows() {
        // `https` at columns 13..18 of the original line.
        let line = "a\u{1b}[31mb\tc\rd https://x";
        let (text, pad, width) = marked_line(line, 13, 18);
        assert_eq!(text, "a\\u{1b}[31mb\tc\\u{d}d https://x");
        assert_eq!(&text[pad.len()..pad.len() + width], "https");
        assert!(pad.contains('\t'), "a tab in the line is a tab in the padding");
        // A marked control character is marked whole.
        let (text, pad, width) = marked_line("ab\u{9b}c", 3, 4);
        assert_eq!(&text[pad.len()..pad.len() + width], "\\u{9b}");
        // Marks at and past the end of the line, and odd columns.
        assert_eq!(marked_line("abc", 4, 4), ("abc".to_owned(), "   ".to_owned(), 1));
        assert_eq!(marked_line("abc", 2, 9).2, 7);
        assert_eq!(marked_line("abc", 0, 0).1, "");
        assert_eq!(marked_line("", 1, 1), (String::new(), String::new(), 1));
    }
}
