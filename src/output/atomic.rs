//! Atomic file replacement: write a temporary file in the destination's
//! directory, flush it to disk, then rename it over the destination.
//!
//! A reader sees either the old file or the complete new one, never a
//! partial write. [`write_files`] stages every file first and renames only
//! once all of them are safely on disk, so a failure while writing (a full
//! disk, a permission problem) leaves the destination folder as it was; only
//! a failing rename, after every file is complete, can leave some files
//! replaced and others not. No temporary file is ever left behind.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::OutputError;

/// Distinguishes temporary files of concurrent writers within one process.
static COUNTER: AtomicU64 = AtomicU64::new(0);

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes `bytes` to `path` atomically, creating the parent folder if missing.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let dir = std::env::temp_dir().join(format!("tandem-doc-atomic-{}", std::process::id()));
/// let path = dir.join("hello.txt");
/// tandem::output::write_atomic(&path, b"hello")?;
/// tandem::output::write_atomic(&path, b"world")?; // replaces the file as a whole
/// assert_eq!(std::fs::read_to_string(&path)?, "world");
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok(()) }
/// ```
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let parent = parent_of(path);
    fs::create_dir_all(&parent).map_err(io(&parent))?;
    let staged = stage(path, bytes)?;
    commit(vec![staged])?;
    sync_dir(&parent);
    Ok(())
}

/// Writes every `(file name, contents)` pair into `dir` (created if missing):
/// all files are staged and synced first, then renamed into place.
pub fn write_files(dir: &Path, files: &[(&str, Vec<u8>)]) -> Result<(), OutputError> {
    fs::create_dir_all(dir).map_err(io(dir))?;
    let mut staged = Vec::with_capacity(files.len());
    for (name, bytes) in files {
        match stage(&dir.join(name), bytes) {
            Ok(s) => staged.push(s),
            Err(e) => {
                discard(&staged);
                return Err(e);
            }
        }
    }
    commit(staged)?;
    sync_dir(dir);
    Ok(())
}

/// A complete temporary file waiting to be renamed to `dest`.
struct Staged {
    tmp: PathBuf,
    dest: PathBuf,
}

fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Writes and syncs a new temporary file next to `dest`.
fn stage(dest: &Path, bytes: &[u8]) -> Result<Staged, OutputError> {
    let name = dest
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let tmp = parent_of(dest).join(format!(".{name}.{}.{n}.tmp", std::process::id()));
    let result = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .and_then(|mut f| {
            f.write_all(bytes)?;
            f.sync_all()
        });
    match result {
        Ok(()) => Ok(Staged {
            tmp,
            dest: dest.to_path_buf(),
        }),
        Err(source) => {
            let _ = fs::remove_file(&tmp);
            Err(OutputError::Io {
                path: dest.to_path_buf(),
                source,
            })
        }
    }
}

/// Renames staged files into place; on failure removes the temporaries left.
fn commit(staged: Vec<Staged>) -> Result<(), OutputError> {
    for (i, s) in staged.iter().enumerate() {
        if let Err(source) = fs::rename(&s.tmp, &s.dest) {
            discard(&staged[i..]);
            return Err(OutputError::Io {
                path: s.dest.clone(),
                source,
            });
        }
    }
    Ok(())
}

fn discard(staged: &[Staged]) {
    for s in staged {
        let _ = fs::remove_file(&s.tmp);
    }
}

/// Makes the renames durable where the platform allows syncing a folder
/// (best effort: some systems cannot open folders as files).
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("tandem-output-test-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn replaces_and_leaves_no_temporaries() {
        let root = scratch("atomic");
        let dir = root.join("nested").join("out");
        let path = dir.join("a.txt");
        write_atomic(&path, b"first").unwrap();
        write_atomic(&path, b"second").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "second");
        write_files(&dir, &[("a.txt", b"x".to_vec()), ("b.txt", b"y".to_vec())]).unwrap();
        assert_eq!(names(&dir), vec!["a.txt", "b.txt"]);
        assert_eq!(fs::read_to_string(dir.join("a.txt")).unwrap(), "x");
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn failed_rename_leaves_no_temporaries() {
        let dir = scratch("atomic-fail");
        write_files(&dir, &[("a.txt", b"old".to_vec())]).unwrap();
        // a folder named like the second file makes its rename fail
        fs::create_dir(dir.join("b.txt")).unwrap();
        fs::write(dir.join("b.txt").join("keep"), b"k").unwrap();
        let err = write_files(
            &dir,
            &[("a.txt", b"new".to_vec()), ("b.txt", b"new".to_vec())],
        );
        assert!(matches!(err, Err(OutputError::Io { .. })));
        let left = names(&dir);
        assert!(left.iter().all(|n| !n.ends_with(".tmp")), "{left:?}");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn out_dir_that_is_a_file_is_an_error() {
        let dir = scratch("atomic-file");
        fs::create_dir_all(&dir).unwrap();
        let file = dir.join("plain");
        fs::write(&file, b"").unwrap();
        let err = write_files(&file, &[("a.txt", b"x".to_vec())]).unwrap_err();
        assert!(err.to_string().contains("plain"), "{err}");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_io_error_names_its_cause_once_in_the_chain() {
        // regression (issue 14 D): the OS error was printed twice
        let dir = scratch("chain");
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("file"), "x").unwrap();
        let err = write_atomic(&dir.join("file/out.csv"), b"y").unwrap_err();
        let mut chain = vec![err.to_string()];
        let mut source = std::error::Error::source(&err);
        while let Some(e) = source {
            chain.push(e.to_string());
            source = e.source();
        }
        let text = chain.join(": ");
        assert_eq!(text.matches("os error").count(), 1, "{text}");
        fs::remove_dir_all(&dir).unwrap();
    }
}
