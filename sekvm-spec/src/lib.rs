//! sekvm-spec: the layer specifications of sekvm-hyp, written in autov's Rust DSL.
//!
//! So far: the abstract state of the lower layers ([`state`]). The layers' specs and the
//! refinement harness come with the refinement-checking work.

pub mod state;
