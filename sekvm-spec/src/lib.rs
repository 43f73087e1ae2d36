//! sekvm-spec: the layer specifications of sekvm-hyp, written in autov's Rust DSL.
//!
//! [`state`] is the abstract state, [`bottom`] the trusted specs of the hardware primitives,
//! [`specs`] the specs written for the layers above, and [`harness`] the refinement obligations
//! that `cargo test -p sekvm-spec` checks, one test per function (`Layer::function`).

pub mod bottom;
pub mod harness;
pub mod specs;
pub mod state;
