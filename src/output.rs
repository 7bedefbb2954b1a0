//! Output files: written atomically (a temporary file in the same folder, then a rename),
//! so a reader never sees a partial file and a failed run leaves the previous one intact.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Temporary files being written, so an interrupted run can remove them (see
/// [`remove_pending`]).
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Remove every temporary file still being written. Called from the SIGINT/SIGTERM handler
/// before the process exits, so an interrupted `-o` leaves nothing behind.
pub fn remove_pending() {
    if let Ok(pending) = PENDING.lock() {
        for p in pending.iter() {
            if p.is_dir() {
                let _ = std::fs::remove_dir_all(p);
            } else {
                let _ = std::fs::remove_file(p);
            }
        }
    }
}

fn track(path: &Path) {
    if let Ok(mut pending) = PENDING.lock() {
        pending.push(path.to_path_buf());
    }
}

fn untrack(path: &Path) {
    if let Ok(mut pending) = PENDING.lock() {
        pending.retain(|p| p != path);
    }
}

/// Write `contents` to `path` atomically.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |w| w.write_all(contents), |_| true)
}

/// Where output for `path` really goes: a symlink is followed to its target (the link is
/// kept, the target replaced), and anything that is not a regular file (`/dev/null`, a FIFO,
/// a terminal) is written in place, never replaced by a regular file.
enum Target {
    /// A regular file, or a name not yet taken: written atomically.
    File(PathBuf),
    /// A device, a FIFO or a socket: written through, as it is.
    Special(PathBuf),
}

fn target(path: &Path) -> std::io::Result<Target> {
    let link = std::fs::symlink_metadata(path).ok();
    let real = match &link {
        Some(m) if m.file_type().is_symlink() => std::fs::canonicalize(path)?,
        _ => path.to_path_buf(),
    };
    Ok(match std::fs::metadata(&real) {
        Ok(m) if !m.is_file() && !m.is_dir() => Target::Special(real),
        _ => Target::File(real),
    })
}

/// Stream output into a temporary file beside `path` and, if `keep` says so once `write`
/// is done, give it its final permissions and rename it over `path`. Otherwise (or on any
/// error) the temporary file is removed and `path` is left as it was. A `path` that is a
/// device or a FIFO is written in place; a symlink is followed to its target.
pub fn write_atomic_with<T>(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<T>,
    keep: impl FnOnce(&T) -> bool,
) -> std::io::Result<T> {
    let path = match target(path)? {
        Target::Special(p) => {
            let file = std::fs::OpenOptions::new().write(true).open(&p)?;
            let mut writer = std::io::BufWriter::new(file);
            let result = write(&mut writer)?;
            writer.flush()?;
            return Ok(result);
        }
        Target::File(p) => p,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let tmp = tempfile::Builder::new()
        .prefix(".rulecard-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    track(tmp.path());
    let done = (|| {
        let mut writer = std::io::BufWriter::new(tmp.as_file());
        let result = write(&mut writer)?;
        writer.flush()?;
        drop(writer);
        Ok(result)
    })();
    let tmp_path = tmp.path().to_path_buf();
    let outcome = match done {
        Ok(result) if keep(&result) => tmp
            .as_file()
            .sync_all()
            .and_then(|()| set_final_permissions(tmp.as_file(), &path))
            .and_then(|()| tmp.persist(&path).map(|_| ()).map_err(|e| e.error))
            .map(|()| result),
        other => other,
    };
    untrack(&tmp_path);
    outcome
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

    #[cfg(unix)]
    #[test]
    fn a_symlink_is_followed_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.json");
        std::fs::write(&real, "old").unwrap();
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            2,
            "no temporary left"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_written_in_place_not_replaced() {
        // /dev/null stays a character device: nothing is renamed over it.
        write_atomic(Path::new("/dev/null"), b"x").unwrap();
        use std::os::unix::fs::FileTypeExt;
        assert!(
            std::fs::metadata("/dev/null")
                .unwrap()
                .file_type()
                .is_char_device()
        );
    }

    #[test]
    fn fails_cleanly_into_a_missing_folder() {
        let dir = tempfile::tempdir().unwrap();
        assert!(write_atomic(&dir.path().join("no/such/out.json"), b"x").is_err());
    }
}

/// The file that marks a folder as written by [`write_folder`], so a later run may replace it.
pub const FOLDER_MARK: &str = ".rulecard-site";

/// Why a folder of output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum FolderError {
    /// The folder exists, holds files, and was not written by rulecard: it is not replaced.
    #[error("{0}: the folder exists and was not written by rulecard (no {FOLDER_MARK} file)")]
    Foreign(PathBuf),
    /// The path exists and is not a folder.
    #[error("{0}: exists and is not a folder")]
    NotAFolder(PathBuf),
    /// A file name that would leave the folder (absolute, or with `..`).
    #[error("{0}: a page path must stay inside the folder")]
    Escapes(String),
    /// Reading or writing failed.
    #[error("{path}: {error}")]
    Io {
        /// The path that failed.
        path: PathBuf,
        /// The error.
        error: std::io::Error,
    },
}

/// Write `files` (relative path, contents) as the folder `dir`, all or nothing: into a hidden
/// folder beside it, then renamed into place. An existing `dir` is replaced only when it is
/// empty or was written by this function (it holds [`FOLDER_MARK`]); otherwise nothing is
/// written. On any error the previous folder is left as it was.
pub fn write_folder(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<(), FolderError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |error| FolderError::Io { path, error }
    };
    match std::fs::symlink_metadata(dir) {
        Ok(m) if m.is_dir() => {
            let mut entries = std::fs::read_dir(dir).map_err(io(dir))?;
            let empty = entries.next().is_none();
            if !empty && !dir.join(FOLDER_MARK).is_file() {
                return Err(FolderError::Foreign(dir.to_path_buf()));
            }
        }
        Ok(_) => return Err(FolderError::NotAFolder(dir.to_path_buf())),
        Err(_) => {}
    }
    for (rel, _) in files {
        let p = Path::new(rel);
        let inside = p
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !inside || rel.is_empty() {
            return Err(FolderError::Escapes(rel.clone()));
        }
    }
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let tmp = tempfile::Builder::new()
        .prefix(".rulecard-site-")
        .tempdir_in(parent)
        .map_err(io(parent))?;
    track(tmp.path());
    let written = (|| {
        std::fs::write(tmp.path().join(FOLDER_MARK), b"").map_err(io(tmp.path()))?;
        for (rel, contents) in files {
            let path = tmp.path().join(rel);
            if let Some(d) = path.parent() {
                std::fs::create_dir_all(d).map_err(io(d))?;
            }
            std::fs::write(&path, contents).map_err(io(&path))?;
        }
        // Ordinary permissions for a published folder (a temporary folder is 0700).
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mut dirs = vec![tmp.path().to_path_buf()];
            while let Some(d) = dirs.pop() {
                std::fs::set_permissions(&d, std::fs::Permissions::from_mode(0o755))
                    .map_err(io(&d))?;
                for e in std::fs::read_dir(&d).map_err(io(&d))?.flatten() {
                    if e.path().is_dir() {
                        dirs.push(e.path());
                    }
                }
            }
        }
        // Swap: the old folder aside, the new one in, the old one removed.
        let old = parent.join(format!(".rulecard-site-old-{}", std::process::id()));
        let had_old = dir.exists();
        if had_old {
            std::fs::rename(dir, &old).map_err(io(dir))?;
        }
        let tmp_path = tmp.path().to_path_buf();
        if let Err(error) = std::fs::rename(&tmp_path, dir) {
            if had_old {
                let _ = std::fs::rename(&old, dir);
            }
            return Err(FolderError::Io {
                path: dir.to_path_buf(),
                error,
            });
        }
        if had_old {
            let _ = std::fs::remove_dir_all(&old);
        }
        Ok(())
    })();
    untrack(tmp.path());
    // Renamed into place: nothing left to clean; otherwise the TempDir removes itself.
    if written.is_ok() {
        let _ = tmp.keep();
    }
    written
}
