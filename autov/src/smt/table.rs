//! Large fixed-size arrays (more than [`SMALL_ARRAY`] elements) as Z3 arrays: one Z3 array per
//! scalar of the element type, indexed by a 64-bit index (only indices below the length mean
//! anything). Small arrays are their elements (`SymVal::Array`).
//!
//! Equality of two large arrays is the conjunction of the elements' equalities up to 65536
//! elements (quantifier-free, so a model evaluates it). Beyond, it is a fresh boolean `e` defined
//! by `e <=> forall i < len. a[i] == b[i]`; the definitions are collected per thread
//! ([`take_definitions`]) and asserted with every query. Z3 may answer `unknown` on those, and a
//! model may leave `e` unconstrained when the goal does not mention it; a wrong value read from
//! the model then shows up as a counterexample that does not replay (`Unknown`).

use super::sort::{leaves, rebuild, Scalar};
use super::symval::{sem_eq, SymVal};
use super::Unsupported;
use crate::spec::Span;
use z3::ast::{forall_const, Array, Ast, Bool, BV};

/// Arrays with at most this many elements are encoded element by element.
pub(crate) const SMALL_ARRAY: u64 = 64;

/// The array of `len` copies of `elem` (also what `[elem; len]` is).
pub(crate) fn repeat(elem: &SymVal, len: u64, span: &Span) -> Result<SymVal, Unsupported> {
    let mut scalars = Vec::new();
    leaves(elem, span, &mut scalars)?;
    let index = Scalar::Bits(64).sort();
    let table = scalars
        .iter()
        .map(|s| Array::const_array(&index, s))
        .collect();
    Ok(SymVal::Table {
        len,
        elem: Box::new(elem.clone()),
        table,
    })
}

/// The array of the elements `vs` (at least one), element type shaped like `vs[0]`.
pub(crate) fn from_elements(vs: &[SymVal], span: &Span) -> Result<SymVal, Unsupported> {
    let first = vs
        .first()
        .ok_or_else(|| Unsupported::new("an empty large array".into(), span))?;
    let base = repeat(first, vs.len() as u64, span)?;
    vs.iter().enumerate().skip(1).try_fold(base, |acc, (i, v)| {
        set(&acc, &BV::from_u64(i as u64, 64), v, span)
    })
}

/// `a[i]` for an index below the length.
pub(crate) fn get(a: &SymVal, i: &BV) -> SymVal {
    let SymVal::Table { elem, table, .. } = a else {
        unreachable!("get on {a:?}")
    };
    rebuild(elem, &mut table.iter().map(|t| t.select(i)))
}

/// `a` with element `i` (below the length) replaced by `v`.
pub(crate) fn set(a: &SymVal, i: &BV, v: &SymVal, span: &Span) -> Result<SymVal, Unsupported> {
    let SymVal::Table { len, elem, table } = a else {
        unreachable!("set on {a:?}")
    };
    let mut scalars = Vec::new();
    leaves(v, span, &mut scalars)?;
    let table = table
        .iter()
        .zip(&scalars)
        .map(|(t, s)| t.store(i, s))
        .collect();
    Ok(SymVal::Table {
        len: *len,
        elem: elem.clone(),
        table,
    })
}

/// Arrays up to this length compare element by element; longer ones with a quantifier.
const ELEMENTWISE: u64 = 1 << 16;

/// Whether two large arrays of the same type are equal below their length.
pub(crate) fn equal(a: &SymVal, b: &SymVal) -> Bool {
    let (SymVal::Table { len, table: ta, .. }, SymVal::Table { table: tb, .. }) = (a, b) else {
        unreachable!("equal on {a:?}")
    };
    if ta.iter().zip(tb).all(|(x, y)| x == y) {
        return Bool::from_bool(true);
    }
    if *len <= ELEMENTWISE {
        let at = |j: u64| BV::from_u64(j, 64);
        return Bool::and(
            &(0..*len)
                .map(|j| sem_eq(&get(a, &at(j)), &get(b, &at(j))))
                .collect::<Vec<_>>(),
        );
    }
    let i = BV::fresh_const("index", 64);
    let body = i
        .bvult(BV::from_u64(*len, 64))
        .implies(sem_eq(&get(a, &i), &get(b, &i)));
    let e = Bool::fresh_const("arrays_equal");
    let def = e.iff(forall_const(&[&i as &dyn Ast], &[], &body));
    DEFINITIONS.with(|d| d.borrow_mut().push(def));
    e
}

thread_local! {
    /// Definitions made while encoding the current query on this thread.
    static DEFINITIONS: std::cell::RefCell<Vec<Bool>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The definitions made on this thread since the last call (a query starts by discarding them).
pub(crate) fn take_definitions() -> Vec<Bool> {
    DEFINITIONS.with(|d| std::mem::take(&mut *d.borrow_mut()))
}

/// Puts back definitions taken by [`take_definitions`] (a query that solves twice).
pub(crate) fn restore_definitions(defs: Vec<Bool>) {
    DEFINITIONS.with(|d| d.borrow_mut().extend(defs));
}
