//! Procedural macros of autov: `#[layer]`, `#[spec]` and the derives that state types need.
//!
//! The DSL issue fills this crate; until then it exports nothing.
