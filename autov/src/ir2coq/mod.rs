//! `autov ir2coq`: an LLVM IR file as a ready-to-build Coq project, and the corpus report.
//!
//! A project directory holds the Coq library (`Autov/*.v`, logical path `Autov`), the module as
//! Coq terms (`code/<Name>.v`, logical path `Code`), a `_CoqProject` and a `Makefile` (which
//! calls `coq_makefile`), so that
//! `make -C DIR` compiles it. The directory is written beside its final place and renamed
//! into place only when complete, so a failure never leaves a half-written project.

mod report;

pub use report::{run_report, FolderCounts, Report, ReportOptions};

use crate::{code, coq, load, structure};
use std::fs;
use std::path::{Path, PathBuf};

/// The marker file that identifies a directory written by `ir2coq` (so it may be replaced).
const MARKER: &str = ".autov-ir2coq";

/// Why `ir2coq` could not write a project.
#[derive(Debug, thiserror::Error)]
pub enum Ir2CoqError {
    /// The input could not be loaded.
    #[error(transparent)]
    Load(#[from] load::LoadError),
    /// The output directory exists and was not written by `ir2coq`.
    #[error("{0}: exists and was not written by `autov ir2coq`; choose another output directory or remove it")]
    ForeignOutput(PathBuf),
    /// Writing the output failed.
    #[error("{path}: cannot write: {source}")]
    Io {
        /// The path being written.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// What `convert_file` produced.
#[derive(Debug)]
pub struct Converted {
    /// The Coq module's name (the `.v` file's stem).
    pub coq_name: String,
    /// Functions structured.
    pub converted: usize,
    /// Functions that failed, with their reasons.
    pub failed: Vec<(String, String)>,
}

/// Loads and structures an IR file.
pub fn structure_file(input: &Path) -> Result<code::Module, load::LoadError> {
    Ok(structure::structure_module(load::load_path(input)?))
}

/// The Coq module name for an input file: its stem, made a valid Coq identifier.
pub fn coq_module_name(input: &Path) -> String {
    let stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut name: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name.insert_str(0, "M_");
    }
    name
}

/// Converts `input` into a Coq project in `out_dir`.
pub fn convert_file(input: &Path, out_dir: &Path) -> Result<Converted, Ir2CoqError> {
    let module = structure_file(input)?;
    let coq_name = coq_module_name(input);
    let text = coq::print_module(&module, &coq_name);
    let staging = staging_dir(out_dir)?;
    write_project(&staging, &coq_name, &text)?;
    replace_dir(&staging, out_dir)?;
    let failed: Vec<(String, String)> = module
        .functions
        .iter()
        .filter_map(|f| match f {
            code::FunctionResult::Failed { name, reason } => Some((name.clone(), reason.clone())),
            code::FunctionResult::Ok(_) => None,
        })
        .collect();
    Ok(Converted {
        coq_name,
        converted: module.functions.len() - failed.len(),
        failed,
    })
}

/// Writes the library, the module, `_CoqProject` and `Makefile` into `dir`.
pub fn write_project(dir: &Path, coq_name: &str, module_text: &str) -> Result<(), Ir2CoqError> {
    let mut files = write_library(dir)?;
    mkdir(&dir.join("code"))?;
    write(&dir.join("code").join(format!("{coq_name}.v")), module_text)?;
    files.push(format!("code/{coq_name}.v"));
    let project = format!("-Q Autov Autov\n-Q code Code\n{}\n", files.join("\n"));
    write(&dir.join("_CoqProject"), &project)?;
    write(&dir.join("Makefile"), MAKEFILE)?;
    write(&dir.join(MARKER), "written by autov ir2coq\n")
}

/// Writes the Coq library into `dir/Autov`; returns the files relative to `dir`.
pub fn write_library(dir: &Path) -> Result<Vec<String>, Ir2CoqError> {
    let lib = dir.join("Autov");
    mkdir(&lib)?;
    let mut files = Vec::new();
    for (name, text) in coq::library_files() {
        write(&lib.join(name), text)?;
        files.push(format!("Autov/{name}"));
    }
    Ok(files)
}

const MAKEFILE: &str = "\
# Builds this Coq project with coqc (through coq_makefile).
all: CoqMakefile
\t$(MAKE) -f CoqMakefile
CoqMakefile: _CoqProject
\tcoq_makefile -f _CoqProject -o CoqMakefile
clean: CoqMakefile
\t$(MAKE) -f CoqMakefile clean
.PHONY: all clean
";

fn staging_dir(out_dir: &Path) -> Result<PathBuf, Ir2CoqError> {
    if out_dir.exists() && !out_dir.join(MARKER).exists() && !is_empty_dir(out_dir) {
        return Err(Ir2CoqError::ForeignOutput(out_dir.to_path_buf()));
    }
    let parent = match out_dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    mkdir(&parent)?;
    let staging = tempfile::Builder::new()
        .prefix(".ir2coq-")
        .tempdir_in(&parent)
        .map_err(|source| Ir2CoqError::Io {
            path: parent.clone(),
            source,
        })?;
    Ok(staging.keep())
}

fn is_empty_dir(dir: &Path) -> bool {
    fs::read_dir(dir)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false)
}

fn replace_dir(staging: &Path, out_dir: &Path) -> Result<(), Ir2CoqError> {
    if out_dir.exists() {
        fs::remove_dir_all(out_dir).map_err(|source| Ir2CoqError::Io {
            path: out_dir.to_path_buf(),
            source,
        })?;
    }
    fs::rename(staging, out_dir).map_err(|source| {
        let _ = fs::remove_dir_all(staging);
        Ir2CoqError::Io {
            path: out_dir.to_path_buf(),
            source,
        }
    })
}

fn mkdir(dir: &Path) -> Result<(), Ir2CoqError> {
    fs::create_dir_all(dir).map_err(|source| Ir2CoqError::Io {
        path: dir.to_path_buf(),
        source,
    })
}

fn write(path: &Path, text: &str) -> Result<(), Ir2CoqError> {
    fs::write(path, text).map_err(|source| Ir2CoqError::Io {
        path: path.to_path_buf(),
        source,
    })
}
