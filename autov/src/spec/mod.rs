//! The spec language: the terms `#[spec]` produces from Rust specs, their types, a type checker,
//! an evaluator with Rust's meaning, and printers (Rust-like text and Coq).
//!
//! # Writing a layer
//!
//! ```text
//! #[derive(Clone, PartialEq, autov::SpecType)]
//! pub struct PageDb { pub pages: [Page; 4], pub quota: autov::Map<u32, u16>, pub base: u64 }
//!
//! #[autov::layer(name = "PageManager", below = super::store, state = PageDb,
//!                derived(clear_page), refines = same_layout,
//!                memory(page_db[0, 8] => base))]
//! pub mod manager {
//!     use super::*;
//!     #[spec]
//!     pub fn owner_of(addr: u64, st: &PageDb) -> Option<Owner> {
//!         let idx = page_index(addr, st)?;      // a spec of the layer below
//!         rely!(idx != INVALID);                // None when false
//!         get_owner(idx, st)
//!     }
//! }
//! ```
//!
//! # Signature convention (how state is passed)
//!
//! - `fn f(args.., st: &State) -> Option<R>`: reads the state ([`StateUse::Reads`]);
//! - `fn f(args.., st: &State) -> Option<(R, State)>`: changes it ([`StateUse::Updates`], `R` may
//!   be `()`);
//! - `fn f(args..) -> Option<R>`: does not use it ([`StateUse::Ignores`]);
//! - `#[helper] fn h(args..) -> T`: a pure helper of any return type.
//!
//! The state parameter comes last, by reference; [`LayerDef::state_use`] checks this and
//! [`Program::from_layer`] rejects specs that break it. `None` means stuck / not allowed.
//!
//! # The language
//!
//! `let` (with `let mut` and assignments to fields, tuple elements and array elements, `+=` and
//! friends, and `map.set(k, v);`, all turned into functional updates); `if`/`else`, `if let`;
//! `match` on enums, integers, `bool`, options and tuples (no guards); `return`; `?` on `Option`;
//! `rely!(cond);`; `for i in a..b` over `let mut` variables (no `return`/`?`/`rely!` inside);
//! recursion with `#[spec(measure = e)]`; integer and boolean operators, `as` between integer
//! types, `wrapping_*`, `checked_*`, `saturating_*`, `min`, `max`; struct literals with `..base`,
//! enum variants written `Enum::Variant`, fixed-size arrays, `autov::Map` (`Map::new`, `get`,
//! `set`), tuples, `clone()` (the identity), references and `*` (transparent); calls of specs and
//! helpers by name; `autov::forall(|x: u64| cond)` over an integer type (decided by the checker,
//! not runnable natively over types wider than 16 bits; no `return`/`?` inside);
//! `SCREAMING_CASE` paths are Rust constants, whose values are taken when the
//! term is built. Anything else is a compile error at its tokens.
//!
//! # Meaning
//!
//! Spec semantics are Rust semantics (DESIGN §4.2). What a Rust debug build panics on is a spec
//! error ([`EvalError::Fault`]), distinct from `None`: overflow of `+ - *`, `/` and `%` by zero or
//! of `MIN` by `-1`, `-MIN`, a shift by a negative amount or by at least the width (bits shifted
//! out of `<<` are lost, as in Rust), an array index out of bounds. The native Rust function
//! panics in exactly those cases when built with overflow checks (the test profile); a release
//! build without them wraps instead, so run specs natively in test builds only.
//!
//! Integer literals take their type from their context, as in Rust, including a `let` bound only
//! to literals, which takes the type of its first use that fixes one; where Rust would infer the
//! type from a later use that does not (`let mut n = 0; n += 1; ... Some(n)`), write the suffix
//! or an annotation (`0u64`), and annotate `Map::new` with its type. A `for` loop over literal
//! bounds gives its counter the type of its uses (`xs[i]` makes it `usize`).
//!
//! # What the macros generate
//!
//! Next to each `fn f`, kept unchanged, `#[spec]`/`#[helper]` emit a module `f` (so that
//! importing `f` imports it too) with `fn __autov_term() -> FnDef`: the term (spans are
//! file:line:col of the Rust source), the functions it calls as [`FnRef`]s (resolved lazily, so
//! recursion is fine), the declarations of the types it mentions, and a native runner
//! ([`NativeFn`]) that calls `f` on [`Value`]s. `#[layer]` adds `fn layer()
//! -> LayerDef`. [`Program::from_layer`] collects a stack of layers and everything they call,
//! type checks every term (filling in [`Expr::ty`]) and evaluates ([`Program::call`]) or prints
//! them ([`print_fn`], [`print_coq`]).
//!
//! # Coq
//!
//! [`print_coq`] writes `DataTypes.v` (Records with `T_f` projections and `T_set_f` setters,
//! Inductives with `T_V` constructors, `T_eqb` equalities, constants) and one `Layer_<Name>.v`
//! per layer over `Autov.SpecLib` (`autov/coq/SpecLib.v`): integers are `Z` with explicit
//! types, a spec is `outcome T` (`Returns v` or `Fails`, the spec error), a body is a term of the
//! `step` monad (`Next`, `Exit` for `return`/`?`/`rely!`, `Fault`), arrays are lists and maps are
//! functions from `Z` (map keys must be integers), a recursive spec is a `Fixpoint` on fuel
//! `measure + 1`.

mod ast;
mod check;
mod convert;
mod coq;
mod eval;
mod forall;
mod int;
mod layer;
mod map;
pub mod measure;
mod print;
#[cfg(test)]
mod testing;
mod ty;
mod value;

pub use ast::{
    Arm, BinOp, DeclareTypes, Expr, ExprKind, FnDef, FnKind, FnRef, IntMethod, NativeFn, Param,
    Pat, Proj, Span, UnOp,
};
pub use check::{check_fn, CheckError, Signature};
pub use convert::{const_of, ConvertError, SpecType};
pub use coq::{
    coq_ty, coq_value, function as coq_function, ident as coq_ident, ity as coq_ity,
    print_program as print_coq, CoqError,
};
pub use eval::{call_traced, call_within, Branch, EvalError};
pub use forall::{forall, Quantified};
pub use int::Fault;
pub use layer::{LayerDef, MemoryMapping, Program, ProgramError, StateUse};
pub use map::Map;
pub(crate) use map::{fill_keys, FILL_LIMIT};
pub use print::{pattern as print_pattern, print_expr, print_fn};
pub use ty::{IntTy, Ty, TypeDef, TypeEnv, Variant};
pub use value::{Int, MapValue, Value};

/// `rely!(cond);` in a spec: the spec returns `None` (not allowed) when `cond` is false.
#[macro_export]
macro_rules! rely {
    ($cond:expr) => {
        if !($cond) {
            return ::core::option::Option::None;
        }
    };
}
