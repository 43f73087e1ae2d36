//! `autov ir2coq --report DIR`: convert every IR file under a directory and count.
//!
//! Counting rule (the reference tool's, `corpus/README.md`): a function counts as converted
//! when it is a declaration or when its body converts; it fails otherwise. A file that cannot
//! be loaded fails all the `define`s it contains.

use super::{coq_module_name, structure_file, write_library};
use crate::{code, coq, ir};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// What to do besides counting.
#[derive(Debug, Clone, Default)]
pub struct ReportOptions {
    /// Also compile every file's Coq output with coqc and count the successes.
    pub compile: bool,
    /// Show a progress bar on stderr (only drawn when it is a terminal).
    pub progress: bool,
}

/// Counts for one top-level folder, or for all.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct FolderCounts {
    /// IR files found.
    pub files: usize,
    /// Files that could not be loaded.
    pub files_failed: usize,
    /// Defined functions (`define`).
    pub defined: usize,
    /// Declared functions (`declare`).
    pub declarations: usize,
    /// Functions converted (declarations plus defined functions whose body converts).
    pub converted: usize,
    /// Defined functions that failed.
    pub failed: usize,
    /// Converted functions that contain an instruction autov does not model
    /// (represented as an explicit `unsupported` instruction whose semantics is stuck).
    pub converted_with_unsupported: usize,
    /// Files whose Coq output compiled with coqc (only with `--compile`).
    pub coq_compiled: Option<usize>,
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The directory converted.
    pub root: PathBuf,
    /// Counts per top-level folder.
    pub folders: BTreeMap<String, FolderCounts>,
    /// Counts over everything.
    pub total: FolderCounts,
    /// Failure reasons (without locations and numbers), with how many functions each.
    pub reasons: BTreeMap<String, usize>,
    /// Up to 3 examples per reason: `file: function: full reason`.
    pub examples: BTreeMap<String, Vec<String>>,
    /// Wall time in seconds.
    pub wall_seconds: f64,
    /// Defined functions per second of wall time.
    pub functions_per_second: f64,
}

/// The outcome for one file.
struct FileResult {
    folder: String,
    counts: FolderCounts,
    failures: Vec<(String, String)>,
}

/// The stack of each converting thread.
const WORKER_STACK_BYTES: usize = 256 << 20;

/// Converts every `.ll`/`.bc` file under `root` and reports.
pub fn run_report(root: &Path, opts: &ReportOptions) -> std::io::Result<Report> {
    let start = Instant::now();
    let files = ir_files(root)?;
    let bar = progress_bar(files.len(), opts.progress);
    let lib_dir = if opts.compile {
        Some(compiled_library()?)
    } else {
        None
    };
    // Loading and printing recurse over the IR's nesting: the workers get big stacks.
    let pool = rayon::ThreadPoolBuilder::new()
        .stack_size(WORKER_STACK_BYTES)
        .build()
        .map_err(std::io::Error::other)?;
    let results: Vec<FileResult> = pool.install(|| {
        files
            .par_iter()
            .map(|f| {
                let r = convert_one(root, f, lib_dir.as_ref().map(|d| d.path()));
                bar.inc(1);
                r
            })
            .collect()
    });
    bar.finish_and_clear();
    let wall = start.elapsed().as_secs_f64();
    Ok(summarise(root, results, wall))
}

fn progress_bar(len: usize, show: bool) -> ProgressBar {
    if !show {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}") {
        bar.set_style(style);
    }
    bar
}

fn summarise(root: &Path, results: Vec<FileResult>, wall: f64) -> Report {
    let mut folders: BTreeMap<String, FolderCounts> = BTreeMap::new();
    let mut total = FolderCounts::default();
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    let mut examples: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in results {
        add(folders.entry(r.folder.clone()).or_default(), &r.counts);
        add(&mut total, &r.counts);
        for (function, reason) in r.failures {
            let key = reason_group(&reason);
            *reasons.entry(key.clone()).or_default() += 1;
            let ex = examples.entry(key).or_default();
            if ex.len() < 3 {
                ex.push(format!("{}: {function}: {reason}", r.folder));
            }
        }
    }
    let functions_per_second = if wall > 0.0 {
        total.defined as f64 / wall
    } else {
        0.0
    };
    Report {
        root: root.to_path_buf(),
        folders,
        total,
        reasons,
        examples,
        wall_seconds: wall,
        functions_per_second,
    }
}

/// The kind of a failure reason, for grouping: the reason without its location prefix
/// (`@f, block %b: `), its details after a further `:`, and its numbers.
fn reason_group(reason: &str) -> String {
    let text = match reason.strip_prefix('@') {
        Some(_) => reason.split_once(": ").map_or(reason, |(_, rest)| rest),
        None => reason,
    };
    let kind = text.split(':').next().unwrap_or(text).trim();
    let mut out = String::with_capacity(kind.len());
    for c in kind.chars() {
        if c.is_ascii_digit() {
            if !out.ends_with('N') {
                out.push('N');
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn add(into: &mut FolderCounts, c: &FolderCounts) {
    into.files += c.files;
    into.files_failed += c.files_failed;
    into.defined += c.defined;
    into.declarations += c.declarations;
    into.converted += c.converted;
    into.failed += c.failed;
    into.converted_with_unsupported += c.converted_with_unsupported;
    if let Some(n) = c.coq_compiled {
        into.coq_compiled = Some(into.coq_compiled.unwrap_or(0) + n);
    }
}

/// Every IR file under `root`, sorted.
fn ir_files(root: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "ll" || e == "bc") {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

fn top_folder(root: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(root).unwrap_or(file);
    let mut parts = rel.components();
    match (parts.next(), parts.next()) {
        (Some(first), Some(_)) => first.as_os_str().to_string_lossy().into_owned(),
        _ => ".".to_string(),
    }
}

fn convert_one(root: &Path, file: &Path, lib_dir: Option<&Path>) -> FileResult {
    let folder = top_folder(root, file);
    let mut counts = FolderCounts {
        files: 1,
        ..Default::default()
    };
    let module = match structure_file(file) {
        Ok(m) => m,
        Err(e) => {
            counts.files_failed = 1;
            counts.defined = count_defines(file);
            counts.failed = counts.defined;
            let failures = vec![(
                format!("<{} functions>", counts.defined),
                format!("load: {e}"),
            )];
            return FileResult {
                folder,
                counts,
                failures,
            };
        }
    };
    let failures = tally(&module, &mut counts);
    let text = coq::print_module(&module, &coq_module_name(file));
    if let Some(lib) = lib_dir {
        counts.coq_compiled = Some(usize::from(compiles(lib, &coq_module_name(file), &text)));
    }
    FileResult {
        folder,
        counts,
        failures,
    }
}

fn tally(module: &code::Module, counts: &mut FolderCounts) -> Vec<(String, String)> {
    counts.defined = module.functions.len();
    counts.declarations = module.ir.declarations.len();
    let mut failures = Vec::new();
    for (f, ir_f) in module.functions.iter().zip(&module.ir.functions) {
        match f {
            code::FunctionResult::Ok(_) => {
                counts.converted += 1;
                counts.converted_with_unsupported += usize::from(has_unsupported(ir_f));
            }
            code::FunctionResult::Failed { name, reason } => {
                counts.failed += 1;
                failures.push((name.clone(), reason.clone()));
            }
        }
    }
    counts.converted += counts.declarations;
    failures
}

fn has_unsupported(f: &ir::Function) -> bool {
    f.blocks
        .iter()
        .flat_map(|b| &b.instrs)
        .any(|i| matches!(i.kind, ir::InstrKind::Unsupported { .. }))
}

/// The number of `define` lines of a text IR file (for files that fail to load).
fn count_defines(file: &Path) -> usize {
    std::fs::read_to_string(file)
        .map(|t| t.lines().filter(|l| l.starts_with("define ")).count())
        .unwrap_or(0)
}

/// Compiles the Coq library once, into a temporary directory.
fn compiled_library() -> std::io::Result<tempfile::TempDir> {
    let dir = tempfile::tempdir()?;
    write_library(dir.path()).map_err(std::io::Error::other)?;
    let lib = dir.path().join("Autov");
    for (name, _) in coq::library_files() {
        let status = Command::new("coqc")
            .current_dir(dir.path())
            .args(["-Q", "Autov", "Autov"])
            .arg(lib.join(name))
            .status()?;
        if !status.success() {
            return Err(std::io::Error::other(format!(
                "coqc failed on the library file {name}"
            )));
        }
    }
    Ok(dir)
}

/// Whether a module's Coq text compiles against the compiled library in `lib`.
fn compiles(lib: &Path, coq_name: &str, text: &str) -> bool {
    let Ok(dir) = tempfile::tempdir() else {
        return false;
    };
    let file = dir.path().join(format!("{coq_name}.v"));
    if std::fs::write(&file, text).is_err() {
        return false;
    }
    Command::new("coqc")
        .args(["-Q"])
        .arg(lib.join("Autov"))
        .args(["Autov", "-Q"])
        .arg(dir.path())
        .arg("Code")
        .arg(&file)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}
