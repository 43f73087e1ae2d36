//! sekvm-spec: the layer specifications of sekvm-hyp, written in autov's Rust DSL.
//!
//! Filled by the refinement-checking issue.
