//! The SMT module: the only part of autov that talks to Z3.
//!
//! It evaluates spec terms ([`crate::spec::Expr`]) symbolically into Z3 terms, poses the proof
//! obligations of DESIGN §4 and answers each with a [`Verdict`]; a failure comes with a
//! [`Counterexample`] of concrete [`crate::spec::Value`]s that has been replayed with the
//! concrete evaluator.
//!
//! # Queries
//!
//! - [`check_refinement`]`(program, high, low, relation, settings)`: DESIGN §4.3. For all
//!   arguments and states `h`, `l` with `R(h, l)`: if `high(args, h) = Some(r, h')` then
//!   `low(args, l) = Some(r, l')` with `R(h', l')`. `R` is equality when `relation` is `None`,
//!   otherwise a helper `fn rel(h: &H, l: &L) -> bool`. A spec error in the low spec where the
//!   high spec has a value is a failure (it is undefined behaviour in the C code).
//! - [`check_no_fault`]`(program, f, settings)`: `f` never reaches a spec error (overflow,
//!   division by zero, bad shift, index out of bounds, non-decreasing measure) on any input.
//! - [`solve_outcome`]`(program, f, args, settings)`: the outcome of `f` on concrete arguments as
//!   the solver computes it (the differential test of the encoding against `spec::eval`).
//!
//! # Calling it
//!
//! ```text
//! let program = Program::from_layer(my_layer::layer)?;          // type checked terms
//! let low: FnDef = /* the code's low spec, type checked, same term language */;
//! let rel = program.fns.get("same_layout");                    // None: equality of states
//! match smt::check_refinement(&program, &program.fns["f"], &low, rel, &Settings::default()) {
//!     Verdict::Verified => {}
//!     Verdict::Failed(cx) => panic!("{cx}"),                    // inputs, both outcomes, spans
//!     v => panic!("{v:?}"),                                     // Unknown / Unsupported
//! }
//! ```
//!
//! `high`, `low` and `relation` must be type checked (as [`crate::spec::Program`] does); they
//! need not be in `program` (the replay adds them to a copy), but every function they call must
//! be, except themselves (recursion). Queries are independent: run them on any threads.
//!
//! # Encoding
//!
//! Bit-precise (DESIGN §4.1): an integer is a bit-vector of its type's width and signedness picks
//! the operation (`bvslt`/`bvult`, `bvsdiv`/`bvudiv`, `bvashr`/`bvlshr`, sign/zero extension in
//! `as`). `bool` is `Bool`; tuples, structs and arrays of up to 64 elements are their components,
//! a larger array is one Z3 array per scalar of its element type (equality: `forall i < len`);
//! `Option` is
//! `(is_some, payload)`; an enum is a tag plus every variant's fields; `Map<K, V>` (integer or bool
//! keys) is its default plus one Z3 array per scalar of `V`; two maps are equal when their defaults
//! and arrays are (extensional equality, as `MapValue`'s). A model may give an input map's arrays a
//! value off the default at infinitely many keys, which no `MapValue` has; such a model is
//! replaced by one with at most 16 entries per input map (re-solving), or the answer is `Unknown`.
//!
//! The evaluator mirrors `spec::eval` step by step under a path condition: spec errors are
//! collected with the condition under which they happen, `return`, `?` on `None` and a false
//! `rely!` leave the function, branches are merged with `ite`. Calls are inlined (the callee's
//! body is its semantics). Recursion is unrolled up to [`Settings::unroll`] active calls of a
//! function and `for` loops with symbolic bounds up to as many iterations; a query that can
//! reach beyond that bound answers `Unknown` (never `Verified`), since no induction is done here.
//! `for` loops with constant bounds run exactly, and so does a *forced* recursion (up to
//! [`Settings::max_iterations`] calls): one that no activation reaches inside a branch on a
//! symbolic condition or after returning a value inside one, such as the loop function of a C
//! loop with constant bounds. Branches whose condition folds to a constant are not forked.
//! Unrolling recurses on the native stack: run queries on a thread with a large stack (the
//! sekvm harness uses 512 MiB).
//!
//! Anything outside the encoding gives [`Verdict::Unsupported`] with the construct and its span,
//! never an approximation.
//!
//! # Solver
//!
//! Each query builds a fresh solver in the thread's Z3 context (z3 0.18's thread-local context),
//! so queries can run in parallel threads; the timeout is per query ([`Settings::timeout`]).

mod arith;
mod encode;
mod map;
mod model;
mod quantify;
mod query;
mod replay;
mod show;
mod sort;
mod symval;
mod table;
mod unroll;

pub use query::{
    check_no_fault, check_no_fault_with, check_refinement, check_refinement_with, solve_outcome,
    Verdict,
};
pub use replay::{Counterexample, LowSide, Outcome, PathStep};

use crate::spec::Span;
use std::time::Duration;

/// Functions a refinement query does not look into: a call of an *opaque* function (below the
/// top activation of either side) gives a fresh result, and two calls of functions of the same
/// class with equal arguments give equal results. Proving a refinement for every such function
/// proves it for the real ones, so abstraction is sound; it can only make a query fail where the
/// real functions would not (such a counterexample is replayed concretely and reported as
/// `Unknown` unless the real runs show the failure too).
///
/// This is how loops are checked by induction: the loop function's recursive call and the loop
/// spec's own recursive call are one class, and [`Abstraction::measure`] names the loop spec,
/// whose measure must decrease from the top activation to every opaque call. A caller of the
/// loop is then checked with the loop function and the loop spec as one opaque class.
///
/// A loop spec in closed form (one that does not call itself) is used through
/// [`Abstraction::replaced`] instead: in the induction step the loop function's recursive call
/// is a call of the loop spec (the hypothesis, on arguments of smaller measure), and a caller of
/// the loop sees the loop spec in the loop function's place. Where the loop spec fails (a
/// `rely!`), the call fails, which only makes a check harder: the loop check proves the loop
/// function refines the spec, so wherever the spec is defined the two agree.
#[derive(Debug, Clone, Default)]
pub struct Abstraction {
    /// Opaque functions by name, each with its class.
    pub opaque: std::collections::BTreeMap<String, String>,
    /// Functions whose calls below the top activation are calls of another function (a loop
    /// function, of its closed-form loop spec), by name.
    pub replaced: std::collections::BTreeMap<String, String>,
    /// The spec whose measure (over its parameters, bound by position) must decrease from the
    /// top activation to every opaque call: the induction hypothesis may only be used on
    /// smaller arguments.
    pub measure: Option<crate::spec::FnDef>,
}

impl Abstraction {
    /// Loop function `low` abstracted by its loop spec `spec`: one opaque class with it when
    /// `spec` recurses, replaced by it when `spec` is in closed form.
    pub fn add_loop(&mut self, spec: &crate::spec::FnDef, low: &str) {
        if spec.calls_itself() {
            self.opaque.insert(spec.name.clone(), spec.name.clone());
            self.opaque.insert(low.to_string(), spec.name.clone());
        } else {
            self.replaced.insert(low.to_string(), spec.name.clone());
        }
    }

    /// Whether nothing is abstracted.
    pub fn is_empty(&self) -> bool {
        self.opaque.is_empty() && self.replaced.is_empty() && self.measure.is_none()
    }
}

/// Limits of a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// The solver's time limit per query.
    pub timeout: Duration,
    /// How many times a recursive function may be active at once, and how many iterations of a
    /// `for` loop with symbolic bounds are unrolled; beyond it the query answers `Unknown`.
    pub unroll: u32,
    /// The most iterations of a `for` loop with constant bounds that are encoded.
    pub max_iterations: u64,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            timeout: Duration::from_secs(10),
            unroll: 8,
            max_iterations: 4096,
        }
    }
}

/// A construct the encoding does not handle, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unsupported {
    /// What it is.
    pub construct: String,
    /// Where.
    pub span: Span,
}

impl Unsupported {
    /// `construct` at `span`.
    pub fn new(construct: String, span: &Span) -> Unsupported {
        Unsupported {
            construct,
            span: span.clone(),
        }
    }
}
