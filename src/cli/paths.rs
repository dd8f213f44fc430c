//! Output paths, checked before any work: every command lists what it reads
//! and what it will write, and [`check_outputs`] refuses (a usage error,
//! exit 2, nothing written) an output that is not usable as what it must be
//! (a folder for `--out`, a file for `--csv`) or that is, or would
//! overwrite, one of the inputs. Paths are compared canonicalised (symbolic
//! links, `..` and relative paths resolved); an output that does not exist
//! yet is resolved through its nearest existing ancestor.

use std::path::{Component, Path, PathBuf};

use anyhow::anyhow;

use super::failure::Failure;

/// The files `tandem plan` and `tandem replan` write into `--out`.
pub(super) const PLAN_FILES: &[&str] = &[
    "schedule.csv",
    "goals.csv",
    "summary.json",
    "report.html",
    "schedule.mmd",
    "diff.csv",
    "schedule.xml",
    "forecast.csv",
];

/// The files `tandem forecast` writes into `--out`.
pub(super) const FORECAST_FILES: &[&str] = &["forecast.csv", "summary.json"];

/// The files `tandem import` writes into `--out`.
pub(super) const IMPORT_FILES: &[&str] = &tandem::input::mspdi::FILES;

/// The files `tandem solve` writes into `--out`.
pub(super) const PSPLIB_FILES: &[&str] = &["schedule.csv", "summary.json", "report.html"];

/// The files of a plan folder (FORMAT.md), as read by `tandem plan`.
pub(super) const PLAN_INPUTS: &[&str] = &[
    "project.csv",
    "workdays.csv",
    "teams.csv",
    "calendar.csv",
    "goals.csv",
    "tasks.csv",
];

/// One place a command writes to.
#[derive(Clone, Copy, Debug)]
pub(super) enum Output<'a> {
    /// A folder (created if missing) and the names of the files written into it.
    Folder {
        /// The flag that named it, e.g. `--out`.
        flag: &'static str,
        /// The folder.
        path: &'a Path,
        /// File names written into it.
        files: &'a [&'a str],
    },
    /// A single file.
    File {
        /// The flag that named it, e.g. `--csv`.
        flag: &'static str,
        /// The file.
        path: &'a Path,
    },
}

/// Refuses outputs that cannot be written as asked or would overwrite an
/// input (every input path given; those that do not exist are skipped).
pub(super) fn check_outputs(outputs: &[Output<'_>], inputs: &[PathBuf]) -> Result<(), Failure> {
    let inputs: Vec<(PathBuf, &PathBuf)> = inputs
        .iter()
        .filter_map(|p| Some((p.canonicalize().ok()?, p)))
        .collect();
    for output in outputs {
        let (flag, path, files) = match *output {
            Output::Folder { flag, path, files } => {
                usable(flag, path, true)?;
                let files = files.iter().map(|f| path.join(f)).collect();
                (flag, path, files)
            }
            Output::File { flag, path } => {
                usable(flag, path, false)?;
                (flag, path, vec![path.to_path_buf()])
            }
        };
        for file in files {
            let target = resolve(&file);
            if let Some((_, input)) = inputs.iter().find(|(c, _)| Some(c) == target.as_ref()) {
                return Err(Failure::Usage(anyhow!(
                    "{flag} {} would overwrite the input file {}; write the outputs somewhere else",
                    path.display(),
                    input.display()
                )));
            }
        }
    }
    Ok(())
}

/// Whether `path` can be (or become) a folder (`folder`) or a file.
fn usable(flag: &str, path: &Path, folder: bool) -> Result<(), Failure> {
    let shown = path.display();
    let fail = |what: &str| Err(Failure::Usage(anyhow!("{flag} {shown} {what}")));
    if path.symlink_metadata().is_err() {
        // created when writing, inside its nearest existing ancestor
        let ancestor = path
            .ancestors()
            .skip(1)
            .find(|a| a.symlink_metadata().is_ok());
        return match ancestor {
            Some(a) if !a.as_os_str().is_empty() && !a.is_dir() => fail(&format!(
                "cannot be created: {} is not a directory",
                a.display()
            )),
            _ => Ok(()),
        };
    }
    let Ok(meta) = path.metadata() else {
        return fail("is a symbolic link to nothing (a dangling link)");
    };
    match (folder, meta.is_dir()) {
        (true, false) => fail("is not a directory"),
        (false, true) => fail("is a directory, not a file"),
        (false, false) if !meta.is_file() => fail("is not a regular file"),
        _ => Ok(()),
    }
}

/// The canonical path `path` has or would have: its nearest existing
/// ancestor canonicalised, with the rest appended. `None` if even that
/// cannot be resolved. Below the existing ancestor nothing is a link, so
/// `..` there is resolved by dropping the previous name.
fn resolve(path: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(path).ok()?;
    let mut rest = Vec::new();
    let mut base = absolute.as_path();
    loop {
        if let Ok(canonical) = base.canonicalize() {
            let mut out = canonical;
            for part in rest.iter().rev() {
                match part {
                    Component::ParentDir => {
                        out.pop();
                    }
                    Component::Normal(name) => out.push(name),
                    _ => {}
                }
            }
            return Some(out);
        }
        rest.push(base.components().next_back()?);
        base = base.parent()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_outputs_resolve_through_their_existing_ancestor() {
        let dir = std::env::temp_dir().join(format!("tandem-paths-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("a")).unwrap();
        let canonical = dir.canonicalize().unwrap();
        assert_eq!(
            resolve(&dir.join("a/../b/c.csv")),
            Some(canonical.join("b/c.csv"))
        );
        assert_eq!(resolve(&dir.join("a")), Some(canonical.join("a")));
        assert_eq!(
            resolve(&dir.join("new/../a/x.csv")),
            Some(canonical.join("a/x.csv"))
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
