//! sekvm-hyp: the hypervisor core that autov verifies, as C sources built to LLVM IR and natively.
//!
//! The C code lives in `c/`, one file per layer (see `README.md` for the layer table).
//! `build.rs` compiles every layer plus `c/arch/aarch64.c` to one LLVM IR module for
//! verification ([`IR_PATH`]), and every layer plus the host simulation `c/arch/host_sim.c`
//! into a native static library, reachable through [`ffi`]. [`machine`] wraps the native
//! build for tests: one simulated machine, serialised by a global lock.

#![warn(missing_docs)]

pub mod consts;
pub mod ffi;
pub mod machine;

/// Path of the linked LLVM IR of the whole hypervisor core (aarch64, clang-19 `-O1 -g`).
pub const IR_PATH: &str = concat!(env!("OUT_DIR"), "/sekvm.ll");

/// Directory holding the C sources (`hw.h`, the layer files and `arch/`).
pub const C_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/c");

/// A layer of the hypervisor: its name and the C file that holds its functions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layer {
    /// The layer's name (`Accessors`, `PageIndex`, ...).
    pub name: &'static str,
    /// The file in [`C_DIR`] (`hw.h` for the Bottom).
    pub file: &'static str,
}

/// The layers, bottom first, as the README's layer table (which `tests/layers.rs` checks
/// against the code) lists them.
pub fn layers() -> Vec<Layer> {
    let readme = include_str!("../README.md");
    let table = readme
        .split("<!-- layers:begin -->")
        .nth(1)
        .and_then(|rest| rest.split("<!-- layers:end -->").next())
        .expect("README.md has a layer table");
    table
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line
                .trim()
                .trim_matches('|')
                .split('|')
                .map(str::trim)
                .collect();
            match cells.as_slice() {
                [number, name, file] if number.parse::<u32>().is_ok() => Some(Layer { name, file }),
                _ => None,
            }
        })
        .collect()
}
