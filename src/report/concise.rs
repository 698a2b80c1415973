use std::io::{self, Write};

use super::{FileHeader, Options, Sink, printable, statistics};
use crate::model::{Diagnostic, FixedReport, InvitationReport, Summary};

/// One line per finding.
pub struct ConciseSink<'w> {
    options: Options,
    out: Box<dyn Write + Send + 'w>,
}

impl<'w> ConciseSink<'w> {
    pub fn new(options: Options, out: Box<dyn Write + Send + 'w>) -> ConciseSink<'w> {
        ConciseSink { options, out }
    }
}

impl Sink for ConciseSink<'_> {
    fn start_file(&mut self, _file: &FileHeader<'_>) -> io::Result<()> {
        Ok(())
    }

    fn invitation(&mut self, _file: &FileHeader<'_>, _invitation: &InvitationReport) -> io::Result<()> {
        Ok(())
    }

    fn diagnostic(&mut self, file: &FileHeader<'_>, d: &Diagnostic) -> io::Result<()> {
        writeln!(
            self.out,
            "{}:{}:{}: {}[{}] {}",
            printable(file.path),
            d.line,
            d.column,
            d.severity.name(),
            d.code,
            printable(&d.message)
        )
    }

    fn end_file(&mut self, _file: &FileHeader<'_>, _fixed: &[FixedReport]) -> io::Result<()> {
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        if self.options.statistics {
            statistics::write(summary, self.options, &mut self.out)?;
        }
        self.out.flush()
    }
}
