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
