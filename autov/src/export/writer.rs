//! The incremental writer of an export directory.
//!
//! A directory the exporter owns holds a manifest (`.autov-export`): its first line says whether
//! the last export completed, the others list the files it wrote. A file is rewritten only when
//! its bytes change (through a temporary file renamed over it, so a file is never half
//! written), files of the previous export that are no longer produced are removed, and a
//! non-empty directory without a manifest is never touched. While an export runs the manifest
//! says `incomplete` and lists the old and the new files, so an interrupted export is visible
//! and its files are still cleaned up by the next one.

use super::ExportError;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The manifest file that marks a directory written by the exporter.
pub const MANIFEST: &str = ".autov-export";
const COMPLETE: &str = "complete";
const INCOMPLETE: &str = "incomplete";

/// What writing one file did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileStatus {
    /// The file did not exist or its bytes changed.
    Written,
    /// The file already held these bytes.
    Unchanged,
}

/// Writes files into an export directory, each only if its bytes change.
pub struct Writer {
    root: PathBuf,
    previous: BTreeSet<String>,
}

impl Writer {
    /// Opens `root` for an export that will write `files` (paths relative to `root`): refuses
    /// a non-empty directory the exporter did not write, and marks the directory incomplete.
    pub fn open(root: &Path, files: &BTreeSet<String>) -> Result<Writer, ExportError> {
        let previous = read_manifest(root)?;
        mkdir(root)?;
        let all: BTreeSet<String> = previous.union(files).cloned().collect();
        write_manifest(root, INCOMPLETE, &all)?;
        Ok(Writer {
            root: root.to_path_buf(),
            previous,
        })
    }

    /// Writes `text` to `rel` unless the file already holds it.
    pub fn write(&self, rel: &str, text: &str) -> Result<FileStatus, ExportError> {
        let path = self.root.join(rel);
        if fs::read(&path).is_ok_and(|old| old == text.as_bytes()) {
            return Ok(FileStatus::Unchanged);
        }
        if let Some(dir) = path.parent() {
            mkdir(dir)?;
        }
        let tmp = path.with_extension("autov-tmp");
        fs::write(&tmp, text).map_err(|e| io(&tmp, e))?;
        fs::rename(&tmp, &path).map_err(|e| io(&path, e))?;
        Ok(FileStatus::Written)
    }

    /// Removes the files of the previous export that `files` no longer holds (and the
    /// directories that become empty), then marks the export complete. Returns the removed
    /// files.
    pub fn finish(self, files: &BTreeSet<String>) -> Result<Vec<String>, ExportError> {
        let stale: Vec<String> = self.previous.difference(files).cloned().collect();
        for rel in &stale {
            let path = self.root.join(rel);
            if path.exists() {
                fs::remove_file(&path).map_err(|e| io(&path, e))?;
            }
            remove_build_products(&path);
            remove_empty_parents(&self.root, &path);
        }
        write_manifest(&self.root, COMPLETE, files)?;
        Ok(stale)
    }
}

/// The files the previous export listed; none for a missing or empty directory.
fn read_manifest(root: &Path) -> Result<BTreeSet<String>, ExportError> {
    let manifest = root.join(MANIFEST);
    match fs::read_to_string(&manifest) {
        Ok(text) => {
            let mut lines = text.lines();
            match lines.next() {
                Some(COMPLETE | INCOMPLETE) => Ok(lines.map(str::to_string).collect()),
                _ => Err(ExportError::ForeignOutput(root.to_path_buf())),
            }
        }
        Err(_) if !root.exists() || is_empty_dir(root) => Ok(BTreeSet::new()),
        Err(_) => Err(ExportError::ForeignOutput(root.to_path_buf())),
    }
}

fn write_manifest(root: &Path, state: &str, files: &BTreeSet<String>) -> Result<(), ExportError> {
    let mut text = format!("{state}\n");
    for f in files {
        text.push_str(f);
        text.push('\n');
    }
    let path = root.join(MANIFEST);
    let tmp = root.join(format!("{MANIFEST}.tmp"));
    fs::write(&tmp, text).map_err(|e| io(&tmp, e))?;
    fs::rename(&tmp, &path).map_err(|e| io(&path, e))
}

/// Removes what coqc built from a removed `.v` file, so that no stale module stays loadable.
fn remove_build_products(file: &Path) {
    let (Some(dir), Some(stem)) = (file.parent(), file.file_stem()) else {
        return;
    };
    let stem = stem.to_string_lossy();
    for name in [
        format!("{stem}.vo"),
        format!("{stem}.vok"),
        format!("{stem}.vos"),
        format!("{stem}.glob"),
        format!(".{stem}.aux"),
    ] {
        let _ = fs::remove_file(dir.join(name));
    }
}

fn remove_empty_parents(root: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == root || !is_empty_dir(d) || fs::remove_dir(d).is_err() {
            return;
        }
        dir = d.parent();
    }
}

fn is_empty_dir(dir: &Path) -> bool {
    fs::read_dir(dir).is_ok_and(|mut d| d.next().is_none())
}

fn mkdir(dir: &Path) -> Result<(), ExportError> {
    fs::create_dir_all(dir).map_err(|e| io(dir, e))
}

fn io(path: &Path, source: std::io::Error) -> ExportError {
    ExportError::Io {
        path: path.to_path_buf(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(files: &[&str]) -> BTreeSet<String> {
        files.iter().map(|f| f.to_string()).collect()
    }

    #[test]
    fn rewrites_only_changed_files_and_removes_stale_ones() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("out");
        let both = set(&["A.v", "d/B.v"]);
        let w = Writer::open(&root, &both).unwrap();
        assert_eq!(w.write("A.v", "a").unwrap(), FileStatus::Written);
        assert_eq!(w.write("d/B.v", "b").unwrap(), FileStatus::Written);
        assert!(w.finish(&both).unwrap().is_empty());

        let only_a = set(&["A.v"]);
        let w = Writer::open(&root, &only_a).unwrap();
        assert_eq!(w.write("A.v", "a").unwrap(), FileStatus::Unchanged);
        assert_eq!(w.finish(&only_a).unwrap(), vec!["d/B.v".to_string()]);
        assert!(!root.join("d").exists(), "the emptied directory is removed");
        let manifest = fs::read_to_string(root.join(MANIFEST)).unwrap();
        assert_eq!(manifest, "complete\nA.v\n");
    }

    #[test]
    fn an_interrupted_export_is_marked_and_cleaned_up_next_time() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("out");
        let w = Writer::open(&root, &set(&["A.v"])).unwrap();
        w.write("A.v", "a").unwrap();
        drop(w);
        let manifest = fs::read_to_string(root.join(MANIFEST)).unwrap();
        assert!(manifest.starts_with("incomplete\n"));
        let w = Writer::open(&root, &set(&[])).unwrap();
        assert_eq!(w.finish(&set(&[])).unwrap(), vec!["A.v".to_string()]);
    }

    #[test]
    fn refuses_a_directory_it_did_not_write() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
        let err = Writer::open(tmp.path(), &set(&["A.v"])).err().unwrap();
        assert!(matches!(err, ExportError::ForeignOutput(_)));
        assert!(!tmp.path().join(MANIFEST).exists());
    }
}
