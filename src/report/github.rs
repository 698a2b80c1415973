use std::io::{self, Write};

use super::{FileHeader, Sink, printable};
use crate::model::{Diagnostic, FixedReport, InvitationReport, Summary};
use crate::rules::Severity;

/// GitHub Actions workflow commands: annotations on the pull request.
pub struct GithubSink<'w> {
    out: Box<dyn Write + Send + 'w>,
}

impl<'w> GithubSink<'w> {
    pub fn new(out: Box<dyn Write + Send + 'w>) -> GithubSink<'w> {
        GithubSink { out }
    }
}

impl Sink for GithubSink<'_> {
    fn start_file(&mut self, _file: &FileHeader<'_>) -> io::Result<()> {
        Ok(())
    }

    fn invitation(&mut self, _file: &FileHeader<'_>, _invitation: &InvitationReport) -> io::Result<()> {
        Ok(())
    }

    fn diagnostic(&mut self, file: &FileHeader<'_>, d: &Diagnostic) -> io::Result<()> {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        writeln!(
            self.out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(file.path),
            d.line,
            d.column,
            d.end_line,
            d.end_column,
            escape_property(&format!("{} {}", d.code, d.name)),
            escape_data(&format!("{} — {}", d.message, d.help)),
        )
    }

    fn end_file(&mut self, _file: &FileHeader<'_>, _fixed: &[FixedReport]) -> io::Result<()> {
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        self.out.flush()
    }
}

/// Workflow command data: `%`, CR and LF encoded as GitHub reads them,
/// other control characters shown as `\u{1b}` (the log is a terminal too).
fn escape_data(s: &str) -> String {
    let s = s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    printable(&s).into_owned()
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_workflow_command_syntax() {
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(escape_data("x\ny"), "x%0Ay");
        assert_eq!(escape_data("a\u{1b}[2Jb\u{9b}c"), "a\\u{1b}[2Jb\\u{9b}c");
    }
}
