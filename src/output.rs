//! Output files: written atomically (a temporary file in the same folder, then a rename),
//! so a reader never sees a partial file and a failed run leaves the previous one intact.

use std::io::Write;
use std::path::Path;

/// Write `contents` to `path` atomically.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |w| w.write_all(contents), |_| true)
}

/// Stream output into a temporary file beside `path` and, if `keep` says so once `write`
/// is done, give it its final permissions and rename it over `path`. Otherwise (or on any
/// error) the temporary file is removed and `path` is left as it was.
pub fn write_atomic_with<T>(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<T>,
    keep: impl FnOnce(&T) -> bool,
) -> std::io::Result<T> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let tmp = tempfile::Builder::new()
        .prefix(".rulecard-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    let mut writer = std::io::BufWriter::new(tmp.as_file());
    let result = write(&mut writer)?;
    writer.flush()?;
    drop(writer);
    if keep(&result) {
        tmp.as_file().sync_all()?;
        set_final_permissions(tmp.as_file(), path)?;
        tmp.persist(path).map_err(|e| e.error)?;
    }
    Ok(result)
}

/// Stream output to standard output. A reader that closes the pipe early (`| head`) ends
/// the output quietly; any other write error is returned.
pub fn write_stdout(
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Give the temporary file the permissions the result should have: those of the file it
/// replaces, else an ordinary readable file (temporary files are created owner-only).
fn set_final_permissions(tmp: &std::fs::File, path: &Path) -> std::io::Result<()> {
    match std::fs::metadata(path) {
        Ok(old) => tmp.set_permissions(old.permissions()),
        Err(_) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                tmp.set_permissions(std::fs::Permissions::from_mode(0o644))
            }
            #[cfg(not(unix))]
            {
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.json");
        std::fs::write(&target, "old").unwrap();
        write_atomic(&target, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_readable_and_replaced_files_keep_their_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let fresh = dir.path().join("fresh.txt");
        write_atomic(&fresh, b"x").unwrap();
        assert_eq!(
            std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o777,
            0o644
        );
        let kept = dir.path().join("kept.txt");
        std::fs::write(&kept, "old").unwrap();
        std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&kept, b"new").unwrap();
        assert_eq!(
            std::fs::metadata(&kept).unwrap().permissions().mode() & 0o777,
            0o640
        );
    }

    #[test]
    fn fails_cleanly_into_a_missing_folder() {
        let dir = tempfile::tempdir().unwrap();
        assert!(write_atomic(&dir.path().join("no/such/out.json"), b"x").is_err());
    }
}
