//! `--fix`: rewriting published files in place, atomically, changing only
//! the bytes of the credentials removed (SPEC §5).

use std::io::Write;
use std::path::Path;

use crate::model::{FileReport, FixedReport};

/// Applies the fixes of `report` to `bytes` (the content of `path`) and
/// writes the result over `path` through a temporary file in the same folder
/// and a rename: a failure at any point leaves the original untouched.
/// Returns the new content and what was fixed, or `None` if nothing was.
pub fn apply(
    path: &Path,
    bytes: &[u8],
    report: &FileReport,
    unsafe_fixes: bool,
) -> std::io::Result<Option<(Vec<u8>, Vec<FixedReport>)>> {
    let Some((fixed_bytes, fixed)) = fixed_content(bytes, report, unsafe_fixes) else {
        return Ok(None);
    };
    write_atomically(path, &fixed_bytes)?;
    Ok(Some((fixed_bytes, fixed)))
}

/// The content with the fixes applied, without touching the disk.
pub fn fixed_content(bytes: &[u8], report: &FileReport, unsafe_fixes: bool) -> Option<(Vec<u8>, Vec<FixedReport>)> {
    let mut edits = Vec::new();
    let mut fixed = Vec::new();
    for d in &report.diagnostics {
        if d.edits.is_empty() || !(d.fixable || (unsafe_fixes && d.unsafe_fix)) {
            continue;
        }
        edits.extend(d.edits.iter().cloned());
        fixed.push(FixedReport {
            code: d.code,
            line: d.line,
            column: d.column,
        });
    }
    if edits.is_empty() {
        return None;
    }
    edits.sort_by_key(|e| (e.start, e.end));
    edits.dedup();
    // A page that is not UTF-8 (an old Latin-1 page) gets its replacement
    // text in its own charset.
    let latin1 = std::str::from_utf8(bytes).is_err();
    let mut out = Vec::with_capacity(bytes.len());
    let mut pos = 0u64;
    for edit in edits {
        // Overlapping edits (the same credential reported by two rules):
        // the first one wins.
        if edit.start < pos || edit.end as usize > bytes.len() {
            continue;
        }
        out.extend_from_slice(&bytes[pos as usize..edit.start as usize]);
        if latin1 {
            let (encoded, _, _) = encoding_rs::WINDOWS_1252.encode(&edit.replacement);
            out.extend_from_slice(&encoded);
        } else {
            out.extend_from_slice(edit.replacement.as_bytes());
        }
        pos = edit.end;
    }
    out.extend_from_slice(&bytes[pos as usize..]);
    if out == bytes {
        return None;
    }
    Some((out, fixed))
}

/// Writes `content` to `path` via a temporary file in the same folder and a
/// rename, keeping the file's permissions.
pub fn write_atomically(path: &Path, content: &[u8]) -> std::io::Result<()> {
    write_atomically_with(path, content, |file, content| file.write_all(content))
}

/// [`write_atomically`], with the writing of the temporary file given (so
/// that a failure in the middle can be tested): whatever fails, the
/// original is untouched and no temporary file is left.
fn write_atomically_with(
    path: &Path,
    content: &[u8],
    write: impl FnOnce(&mut std::fs::File, &[u8]) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new().prefix(".visiolint-fix-").tempfile_in(dir)?;
    write(tmp.as_file_mut(), content)?;
    tmp.as_file().sync_all()?;
    if let Ok(metadata) = std::fs::metadata(path) {
        tmp.as_file().set_permissions(metadata.permissions())?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_while_writing_leaves_the_original_intact() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("page.md");
        std::fs::write(&page, "Zoom : https://cnrs.zoom.us/j/9?pwd=secret\n").unwrap();
        let result = write_atomically_with(&page, b"Zoom : https://cnrs.zoom.us/j/9\n", |file, content| {
            file.write_all(&content[..10])?;
            Err(std::io::Error::other("disk full"))
        });
        assert!(result.is_err());
        assert_eq!(
            std::fs::read_to_string(&page).unwrap(),
            "Zoom : https://cnrs.zoom.us/j/9?pwd=secret\n"
        );
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left.len(), 1, "no temporary file left: {left:?}");
    }

    #[test]
    fn a_write_replaces_the_file_and_keeps_its_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("page.md");
        std::fs::write(&page, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&page, std::fs::Permissions::from_mode(0o640)).unwrap();
        }
        write_atomically(&page, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&page).unwrap(), "new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&page).unwrap().permissions().mode() & 0o777, 0o640);
        }
    }
}
