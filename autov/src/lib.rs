//! autov: machine-checked refinement verification of C system software.
//!
//! See `ARCHITECTURE.md` at the repository root for the map of this crate.

pub mod cache;
pub mod cli;
pub mod code;
pub mod coq;
pub mod export;
pub mod ir;
pub mod ir2coq;
pub mod load;
pub mod lowspec;
pub mod smt;
pub mod spec;
pub mod structure;

pub use autov_macros::{helper, layer, spec, SpecType};
pub use spec::{forall, Map};
