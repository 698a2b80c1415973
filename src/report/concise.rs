use std::io::{self, Write};

use crate::model::Report;

/// One line per finding.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for file in &report.files {
        for d in &file.diagnostics {
            writeln!(
                out,
                "{}:{}:{}: {}[{}] {}",
                file.path,
                d.line,
                d.column,
                d.severity.name(),
                d.code,
                d.message
            )?;
        }
    }
    Ok(())
}
