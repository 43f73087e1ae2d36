//! The Coq side of autov: the Coq library (`autov/coq/*.v`, logical path `Autov`) and the
//! printer that turns structured modules into Coq terms of its syntax.
//!
//! The library defines the IR syntax (`Syntax`), bit-precise integers (`Int`), values and
//! layout (`Values`), byte memory (`Mem`), the layer interface (`Layer`), evaluation
//! (`Eval`), the big-step semantics with its executable interpreter and soundness lemma
//! (`Sem`), determinism over functional primitives (`Determinism`), the concrete memory layer (`MemLayer`) and non-vacuity checks (`Sanity`).
//! Each `.v` file opens with a comment that states its design decisions.

mod names;
mod print;
mod terms;

#[cfg(test)]
mod tests;

pub use names::function_ident;
pub use print::print_module;

/// The library's `.v` files as (file name, contents), in dependency order. They belong in a
/// directory mapped to the logical path `Autov` (`-Q <dir> Autov`).
pub fn library_files() -> &'static [(&'static str, &'static str)] {
    LIBRARY
}

/// The library's files for specs, as (file name, contents), in dependency order: `SpecLib.v`
/// (what printed specs use), `Refine.v` (specs as layers, refinement between code and
/// specs), `RefTac.v` (the tactic of generated refinement proofs) and `CodeTac.v` (the tactic
/// of generated code proofs). They come after [`library_files`] in the same directory; `ir2coq` does not need them.
pub fn spec_library_files() -> &'static [(&'static str, &'static str)] {
    SPEC_LIBRARY
}

const SPEC_LIBRARY: &[(&str, &str)] = &[
    ("SpecLib.v", include_str!("../../coq/SpecLib.v")),
    ("Refine.v", include_str!("../../coq/Refine.v")),
    ("RefTac.v", include_str!("../../coq/RefTac.v")),
    ("CodeTac.v", include_str!("../../coq/CodeTac.v")),
];

const LIBRARY: &[(&str, &str)] = &[
    ("Int.v", include_str!("../../coq/Int.v")),
    ("Syntax.v", include_str!("../../coq/Syntax.v")),
    ("Values.v", include_str!("../../coq/Values.v")),
    ("Mem.v", include_str!("../../coq/Mem.v")),
    ("Layer.v", include_str!("../../coq/Layer.v")),
    ("Eval.v", include_str!("../../coq/Eval.v")),
    ("Sem.v", include_str!("../../coq/Sem.v")),
    ("Determinism.v", include_str!("../../coq/Determinism.v")),
    ("MemLayer.v", include_str!("../../coq/MemLayer.v")),
    ("Sanity.v", include_str!("../../coq/Sanity.v")),
];
