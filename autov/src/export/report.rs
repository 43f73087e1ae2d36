//! What an export wrote: files with their status and size, lemmas with their status, and the
//! proofs marked `Admitted` with their reasons.

use super::writer::FileStatus;
use serde::Serialize;
use std::collections::BTreeMap;

/// One file of the export.
#[derive(Debug, Clone, Serialize)]
pub struct FileEntry {
    /// The path relative to the export directory.
    pub path: String,
    /// What kind of file it is (`low-spec`, `code-proof`, `library`, ...).
    pub kind: &'static str,
    /// Whether it was written or already up to date.
    pub status: FileStatus,
    /// Its number of lines.
    pub lines: usize,
}

/// One lemma or theorem the export states.
#[derive(Debug, Clone, Serialize)]
pub struct Lemma {
    /// Its Coq name.
    pub name: String,
    /// The layer it belongs to.
    pub layer: String,
    /// The file that states it.
    pub file: String,
    /// `None` when its proof is generated; otherwise why it is a marked `Admitted`.
    pub admitted: Option<String>,
}

/// The report of one export.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// Every file of the export, in path order.
    pub files: Vec<FileEntry>,
    /// Files of the previous export that were removed.
    pub removed: Vec<String>,
    /// Every lemma, in file order.
    pub lemmas: Vec<Lemma>,
    /// Assumptions of the development (the trusted base and modelling choices).
    pub assumptions: Vec<String>,
    /// Wall time of the export, in seconds.
    pub seconds: f64,
}

impl Report {
    /// Files written (new or changed).
    pub fn written(&self) -> usize {
        self.files
            .iter()
            .filter(|f| f.status == FileStatus::Written)
            .count()
    }

    /// Files already up to date.
    pub fn unchanged(&self) -> usize {
        self.files.len() - self.written()
    }

    /// The lemmas whose proof is a marked `Admitted`.
    pub fn admitted(&self) -> impl Iterator<Item = &Lemma> {
        self.lemmas.iter().filter(|l| l.admitted.is_some())
    }

    /// Lemmas and marked `Admitted` per layer, in layer order of first appearance.
    pub fn by_layer(&self) -> Vec<(String, usize, usize)> {
        let mut out: Vec<(String, usize, usize)> = Vec::new();
        for l in &self.lemmas {
            let n = usize::from(l.admitted.is_some());
            match out.iter_mut().find(|(name, _, _)| *name == l.layer) {
                Some(entry) => {
                    entry.1 += 1;
                    entry.2 += n;
                }
                None => out.push((l.layer.clone(), 1, n)),
            }
        }
        out
    }

    /// Files and lines per kind of file.
    pub fn lines_by_kind(&self) -> BTreeMap<&'static str, (usize, usize)> {
        let mut out = BTreeMap::new();
        for f in &self.files {
            let e = out.entry(f.kind).or_insert((0, 0));
            e.0 += 1;
            e.1 += f.lines;
        }
        out
    }

    /// The one-line summary.
    pub fn summary(&self) -> String {
        let admitted = self.admitted().count();
        let per_layer: Vec<String> = self
            .by_layer()
            .into_iter()
            .filter(|(_, _, n)| *n > 0)
            .map(|(l, _, n)| format!("{l} {n}"))
            .collect();
        format!(
            "export-coq: {} files ({} written, {} unchanged, {} removed), {} lemmas ({} proved, {admitted} marked Admitted{}) in {:.2} s",
            self.files.len(),
            self.written(),
            self.unchanged(),
            self.removed.len(),
            self.lemmas.len(),
            self.lemmas.len() - admitted,
            if per_layer.is_empty() {
                String::new()
            } else {
                format!(": {}", per_layer.join(", "))
            },
            self.seconds
        )
    }

    /// The report as JSON, with the per-layer and per-kind totals.
    pub fn to_json(&self) -> serde_json::Value {
        let by_layer: serde_json::Map<String, serde_json::Value> = self
            .by_layer()
            .into_iter()
            .map(|(l, lemmas, admitted)| {
                (
                    l,
                    serde_json::json!({ "lemmas": lemmas, "admitted": admitted }),
                )
            })
            .collect();
        let by_kind: serde_json::Map<String, serde_json::Value> = self
            .lines_by_kind()
            .into_iter()
            .map(|(k, (files, lines))| {
                (
                    k.to_string(),
                    serde_json::json!({ "files": files, "lines": lines }),
                )
            })
            .collect();
        serde_json::json!({
            "files_written": self.written(),
            "files_unchanged": self.unchanged(),
            "admitted": self.admitted().count(),
            "by_layer": by_layer,
            "lines_by_kind": by_kind,
            "report": self,
        })
    }
}
