//! sekvm-spec: the layer specifications of sekvm-hyp, written in autov's Rust DSL.
//!
//! So far: the abstract state of the lower layers ([`state`]) and the trusted specs of the
//! hardware primitives ([`bottom`]). The other layers' specs and the refinement harness come
//! with the refinement-checking work.

pub mod bottom;
pub mod state;
