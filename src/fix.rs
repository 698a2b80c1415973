//! `--fix`: rewriting published files in place, atomically, changing only
//! the bytes of the credentials removed (SPEC §5).

use std::collections::HashSet;
use std::io::Write;
use std::path::Path;

use crate::model::{Edit, FileReport, FixedReport};

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
///
/// A diagnostic's fix is applied whole or not at all. Fixes are taken in
/// the order of their first edit; one that overlaps an edit already applied
/// is skipped (the same credential reported by two rules: the first one
/// wins), except that an edit identical to one already applied counts as
/// applied. Only the fixes applied are returned.
pub fn fixed_content(bytes: &[u8], report: &FileReport, unsafe_fixes: bool) -> Option<(Vec<u8>, Vec<FixedReport>)> {
    let len = bytes.len() as u64;
    let mut candidates: Vec<(usize, Vec<&Edit>)> = report
        .diagnostics
        .iter()
        .enumerate()
        .filter(|(_, d)| !d.edits.is_empty() && (d.fixable || (unsafe_fixes && d.unsafe_fix)))
        .map(|(i, d)| {
            let mut edits: Vec<&Edit> = d.edits.iter().collect();
            edits.sort_by_key(|e| (e.start, e.end));
            edits.dedup();
            (i, edits)
        })
        .collect();
    candidates.sort_by_key(|(i, edits)| (edits[0].start, edits[0].end, *i));
    // A page that is not UTF-8 (an old Latin-1 page) gets its replacement
    // text in its own charset.
    let latin1 = std::str::from_utf8(bytes).is_err();
    let mut applied: HashSet<(u64, u64, &str)> = HashSet::new();
    let mut out = Vec::with_capacity(bytes.len());
    let mut pos = 0u64;
    let mut fixed = Vec::new();
    fn key(e: &Edit) -> (u64, u64, &str) {
        (e.start, e.end, e.replacement.as_str())
    }
    for (i, edits) in candidates {
        // The edits this fix still needs, in order, each after the last
        // byte already rewritten and within the file.
        let new: Vec<&Edit> = edits.iter().copied().filter(|e| !applied.contains(&key(e))).collect();
        let mut at = pos;
        let fits = new.iter().all(|e| {
            let ok = at <= e.start && e.start <= e.end && e.end <= len;
            at = e.end;
            ok
        });
        if !fits {
            continue;
        }
        for e in new {
            out.extend_from_slice(&bytes[pos as usize..e.start as usize]);
            if latin1 {
                let (encoded, _, _) = encoding_rs::WINDOWS_1252.encode(&e.replacement);
                out.extend_from_slice(&encoded);
            } else {
                out.extend_from_slice(e.replacement.as_bytes());
            }
            pos = e.end;
            applied.insert(key(e));
        }
        fixed.push(i);
    }
    out.extend_from_slice(&bytes[pos as usize..]);
    if fixed.is_empty() || out == bytes {
        return None;
    }
    fixed.sort_unstable();
    let fixed = fixed
        .into_iter()
        .map(|i| {
            let d = &report.diagnostics[i];
            FixedReport {
                code: d.code,
                line: d.line,
                column: d.column,
            }
        })
        .collect();
    Some((out, fixed))
}

/// Writes `content` to `path` via a temporary file in the same folder and a
/// rename, keeping the file's permissions. When `path` is a symbolic link,
/// the file it leads to is written and the link is kept.
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
    // Through a symbolic link, the file it points to is rewritten: the link
    // stays a link (renaming over it would replace it with a file).
    let resolved;
    let path = if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        resolved = std::fs::canonicalize(path)?;
        resolved.as_path()
    } else {
        path
    };
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

    fn diagnostic(code: &'static str, line: usize, edits: &[(u64, u64, &str)]) -> crate::model::Diagnostic {
        crate::model::Diagnostic {
            code,
            name: "x",
            severity: crate::rules::Severity::Error,
            line,
            column: 1,
            end_line: line,
            end_column: 2,
            message: String::new(),
            help: String::new(),
            fixable: true,
            bytes: (0, 0),
            snippet: None,
            edits: edits
                .iter()
                .map(|&(start, end, r)| Edit {
                    start,
                    end,
                    replacement: r.to_owned(),
                })
                .collect(),
            unsafe_fix: false,
            fingerprint: String::new(),
        }
    }

    fn report(diagnostics: Vec<crate::model::Diagnostic>) -> FileReport {
        FileReport {
            path: "page.md".to_owned(),
            format: crate::input::Format::Markdown,
            published: true,
            invitations: Vec::new(),
            diagnostics,
            fixed: Vec::new(),
            warnings: Vec::new(),
        }
    }

    fn codes(fixed: &[FixedReport]) -> Vec<&str> {
        fixed.iter().map(|f| f.code).collect()
    }

    #[test]
    fn only_the_fixes_applied_are_reported() {
        let bytes = b"0123456789abcdef";
        // VL302 and VL303 overlap: the first one (by position) is applied,
        // the other is not and is not reported as fixed.
        let r = report(vec![
            diagnostic("VL303", 1, &[(4, 10, "")]),
            diagnostic("VL302", 1, &[(2, 6, "**")]),
        ]);
        let (out, fixed) = fixed_content(bytes, &r, false).unwrap();
        assert_eq!(out, b"01**6789abcdef");
        assert_eq!(codes(&fixed), ["VL302"]);

        // The same edit from two rules: both are fixed by it.
        let r = report(vec![
            diagnostic("VL302", 1, &[(2, 6, "")]),
            diagnostic("VL303", 1, &[(2, 6, "")]),
        ]);
        let (out, fixed) = fixed_content(bytes, &r, false).unwrap();
        assert_eq!(out, b"016789abcdef");
        assert_eq!(codes(&fixed), ["VL302", "VL303"]);

        // A fix is applied whole or not at all: VL303 comes first (its
        // first edit is earlier) and both its edits apply; VL302 overlaps
        // the second one and is skipped.
        let r = report(vec![
            diagnostic("VL302", 1, &[(8, 12, "")]),
            diagnostic("VL303", 1, &[(0, 2, ""), (10, 14, "")]),
        ]);
        let (out, fixed) = fixed_content(bytes, &r, false).unwrap();
        assert_eq!(out, b"23456789ef");
        assert_eq!(codes(&fixed), ["VL303"]);
        // A fix whose edits are already applied (by an identical edit) and
        // one more: the rest of it applies.
        let r = report(vec![
            diagnostic("VL302", 1, &[(2, 4, "")]),
            diagnostic("VL303", 1, &[(2, 4, ""), (8, 9, "")]),
        ]);
        let (out, fixed) = fixed_content(bytes, &r, false).unwrap();
        assert_eq!(out, b"0145679abcdef");
        assert_eq!(codes(&fixed), ["VL302", "VL303"]);

        // An edit past the end of the file is not applied nor reported.
        let r = report(vec![diagnostic("VL302", 1, &[(10, 99, "")])]);
        assert!(fixed_content(bytes, &r, false).is_none());
    }

    #[cfg(unix)]
    #[test]
    fn a_write_through_a_symbolic_link_keeps_the_link() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("shared")).unwrap();
        let target = dir.path().join("shared/page.md");
        std::fs::write(&target, "old").unwrap();
        let link = dir.path().join("page.md");
        std::os::unix::fs::symlink("shared/page.md", &link).unwrap();
        write_atomically(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_link(&link).unwrap(), Path::new("shared/page.md"));
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        let left = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(left, 2, "no temporary file left");
    }
}
