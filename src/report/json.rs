use std::io::{self, BufRead, Seek, Write};

use super::{FileHeader, Sink, json_records};
use crate::model::{Diagnostic, FixedReport, InvitationReport, Summary};

/// Diagnostics of the current file are kept in memory up to this size, then
/// spilled to a temporary file (they follow the invitations in the schema).
const SPILL_AT: usize = 8 * 1024 * 1024;

/// The JSON document of SPEC §6, one array element per line.
pub struct JsonSink<'w> {
    out: Box<dyn Write + Send + 'w>,
    files: usize,
    invitations: usize,
    diagnostics: Vec<u8>,
    spill: Option<std::fs::File>,
    diagnostic_count: usize,
    /// An invitation serialized, then written at once: serde_json writes a
    /// few bytes at a time, and each write to `out` is a dynamic call.
    scratch: Vec<u8>,
}

impl<'w> JsonSink<'w> {
    pub fn new(out: Box<dyn Write + Send + 'w>) -> JsonSink<'w> {
        JsonSink {
            out,
            files: 0,
            invitations: 0,
            diagnostics: Vec::new(),
            spill: None,
            diagnostic_count: 0,
            scratch: Vec::new(),
        }
    }

    fn flush_diagnostics(&mut self) -> io::Result<()> {
        if self.spill.is_none() {
            self.spill = Some(tempfile::tempfile()?);
        }
        let spill = self.spill.as_mut().expect("just set");
        spill.write_all(&self.diagnostics)?;
        self.diagnostics.clear();
        Ok(())
    }
}

impl Sink for JsonSink<'_> {
    fn start_file(&mut self, file: &FileHeader<'_>) -> io::Result<()> {
        let head = if self.files == 0 {
            "{\"version\": 1, \"files\": [\n"
        } else {
            ",\n"
        };
        self.files += 1;
        self.invitations = 0;
        self.diagnostic_count = 0;
        write!(
            self.out,
            "{head}{{\"path\": {}, \"format\": {}, \"published\": {}, \"invitations\": [",
            serde_json::to_string(file.path)?,
            serde_json::to_string(&file.format)?,
            file.published
        )
    }

    fn invitation(&mut self, _file: &FileHeader<'_>, invitation: &InvitationReport) -> io::Result<()> {
        self.scratch.clear();
        self.scratch
            .extend_from_slice(if self.invitations == 0 { b"\n" } else { b",\n" });
        self.invitations += 1;
        json_records::invitation(&mut self.scratch, invitation);
        self.out.write_all(&self.scratch)
    }

    fn diagnostic(&mut self, _file: &FileHeader<'_>, diagnostic: &Diagnostic) -> io::Result<()> {
        if self.diagnostic_count > 0 {
            self.diagnostics.extend_from_slice(b",\n");
        } else {
            self.diagnostics.push(b'\n');
        }
        self.diagnostic_count += 1;
        json_records::diagnostic(&mut self.diagnostics, diagnostic);
        if self.diagnostics.len() > SPILL_AT {
            self.flush_diagnostics()?;
        }
        Ok(())
    }

    fn end_file(&mut self, _file: &FileHeader<'_>, fixed: &[FixedReport]) -> io::Result<()> {
        let close = if self.invitations > 0 { "\n]" } else { "]" };
        write!(self.out, "{close}, \"diagnostics\": [")?;
        if let Some(mut spill) = self.spill.take() {
            spill.write_all(&self.diagnostics)?;
            self.diagnostics.clear();
            spill.rewind()?;
            let mut reader = io::BufReader::new(spill);
            loop {
                let chunk = reader.fill_buf()?;
                if chunk.is_empty() {
                    break;
                }
                self.out.write_all(chunk)?;
                let n = chunk.len();
                reader.consume(n);
            }
        } else {
            self.out.write_all(&self.diagnostics)?;
            self.diagnostics.clear();
        }
        self.out
            .write_all(if self.diagnostic_count > 0 { b"\n]" } else { b"]" })?;
        if !fixed.is_empty() {
            write!(self.out, ", \"fixed\": {}", serde_json::to_string(fixed)?)?;
        }
        self.out.write_all(b"}")
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        if self.files == 0 {
            self.out.write_all(b"{\"version\": 1, \"files\": [")?;
        } else {
            self.out.write_all(b"\n")?;
        }
        writeln!(self.out, "], \"summary\": {}}}", serde_json::to_string(summary)?)?;
        self.out.flush()
    }
}
