//! autov: machine-checked refinement verification of C system software.
//!
//! See `ARCHITECTURE.md` at the repository root for the map of this crate.

pub mod cli;
pub mod code;
pub mod ir;
pub mod load;
