//! Loading LLVM IR (`.ll` text or `.bc` bitcode) into autov's model, `crate::ir`.
//!
//! This module is the only one that touches `llvm-ir` and `llvm-sys`. Reading goes:
//! 1. `llvm-ir` (LLVM 19) parses the file;
//! 2. if LLVM 19's text parser rejects it (old IR with constant expressions LLVM 19 removed),
//!    `llvm-as-14` converts it to bitcode in a temporary file, which LLVM 19 reads;
//! 3. the module is converted to `crate::ir`; if it contains inline assembly or constant GEPs,
//!    an LLVM-C side pass (`side_pass`) supplies what `llvm-ir` does not expose.

mod convert;
mod layout;
mod side_pass;

use crate::ir;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Why a file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// LLVM could not parse the file.
    #[error("{path}: not valid LLVM IR: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// LLVM's message (for old IR, also what `llvm-as-14` said).
        message: String,
    },
    /// The file is old IR that needs `llvm-as-14`, which is not installed.
    #[error("{path}: LLVM 19 cannot read this IR ({message}); reading old IR needs `llvm-as-14` (package llvm-14): run `bash scripts/setup.sh`")]
    MissingLlvmAs14 {
        /// The file.
        path: PathBuf,
        /// LLVM 19's message.
        message: String,
    },
    /// The LLVM reader failed unexpectedly (a panic inside `llvm-ir`).
    #[error("{path}: the LLVM IR reader failed: {message}")]
    Reader {
        /// The file.
        path: PathBuf,
        /// What it said.
        message: String,
    },
}

/// Loads an LLVM IR file (`.ll` or `.bc`).
pub fn load_path(path: &Path) -> Result<ir::Module, LoadError> {
    if let Err(source) = std::fs::metadata(path) {
        return Err(LoadError::Io {
            path: path.to_path_buf(),
            source,
        });
    }
    let is_bitcode = path.extension().is_some_and(|e| e == "bc");
    if is_bitcode {
        side_pass::validate_bitcode(path).map_err(|message| LoadError::Parse {
            path: path.to_path_buf(),
            message,
        })?;
    }
    match parse(path, is_bitcode) {
        Ok(m) => convert(path, &m),
        Err(message) if is_bitcode => Err(LoadError::Parse {
            path: path.to_path_buf(),
            message,
        }),
        Err(message) => load_through_llvm_as_14(path, message),
    }
}

/// Parses with `llvm-ir`, turning a panic inside it into an error.
fn parse(path: &Path, bitcode: bool) -> Result<llvm_ir::Module, String> {
    let result = std::panic::catch_unwind(|| {
        if bitcode {
            llvm_ir::Module::from_bc_path(path)
        } else {
            llvm_ir::Module::from_ir_path(path)
        }
    });
    match result {
        Ok(r) => r.map_err(|m| m.trim().to_string()),
        Err(panic) => Err(format!("llvm-ir panicked: {}", panic_message(&panic))),
    }
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "unknown panic".to_string())
}

/// Old IR: convert the text to bitcode with `llvm-as-14` and read that.
fn load_through_llvm_as_14(path: &Path, llvm19_message: String) -> Result<ir::Module, LoadError> {
    let dir = tempfile::tempdir().map_err(|source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let bc = dir.path().join("module.bc");
    let output = match Command::new("llvm-as-14")
        .arg(path)
        .arg("-o")
        .arg(&bc)
        .output()
    {
        Ok(o) => o,
        Err(_) => {
            return Err(LoadError::MissingLlvmAs14 {
                path: path.to_path_buf(),
                message: llvm19_message,
            })
        }
    };
    if !output.status.success() {
        let as14 = String::from_utf8_lossy(&output.stderr).trim().to_string();
        return Err(LoadError::Parse {
            path: path.to_path_buf(),
            message: format!("{llvm19_message} (llvm-as-14: {as14})"),
        });
    }
    match parse(&bc, true) {
        Ok(m) => convert(&bc, &m).map(|mut m| {
            m.name = module_name_for(path, m.name);
            m
        }),
        Err(message) => Err(LoadError::Parse {
            path: path.to_path_buf(),
            message,
        }),
    }
}

fn module_name_for(path: &Path, name: String) -> String {
    if name.is_empty() || name.ends_with("module.bc") {
        path.display().to_string()
    } else {
        name
    }
}

/// Converts to `crate::ir`, running the side pass when the module needs it: for a fact the
/// conversion missed, or for flags `llvm-ir` does not read.
fn convert(path: &Path, m: &llvm_ir::Module) -> Result<ir::Module, LoadError> {
    let (module, needs_side) = convert::convert_module(m, &Default::default());
    if !needs_side && !may_carry_unread_flags(path) {
        return Ok(module);
    }
    let facts = side_pass::collect(path).map_err(|message| LoadError::Parse {
        path: path.to_path_buf(),
        message,
    })?;
    Ok(convert::convert_module(m, &facts).0)
}

/// Whether the file may hold LLVM 19's `or disjoint`, `zext nneg` or `trunc nuw`/`nsw`, which
/// only the side pass reads: bitcode always may; text when it has one of the words.
fn may_carry_unread_flags(path: &Path) -> bool {
    if path.extension().is_some_and(|e| e == "bc") {
        return true;
    }
    // A file that cannot be read again is read by the side pass, which reports the error.
    let Ok(text) = std::fs::read(path) else {
        return true;
    };
    let has = |word: &[u8]| text.windows(word.len()).any(|w| w == word);
    [&b" disjoint "[..], b" nneg ", b"trunc nuw ", b"trunc nsw "]
        .iter()
        .any(|w| has(w))
}
