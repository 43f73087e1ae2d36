//! How a relation's `forall`s reach the solver. In a refinement query the relation is assumed
//! of the old states (the premise) and must hold of the new ones (the goal, negated). A
//! `forall` in a *positive* position of the relation (under `&&`, `||`, branches and calls, not
//! under `!` nor inside a condition or a let-bound value) can be handled without solver
//! quantifiers:
//!
//! - in the goal it becomes its body at a fresh constant (Skolemization of the negated goal);
//!   `forall`s that are only conjoined share one constant per nesting depth and type, since an
//!   existential distributes over the disjunction that the negated conjunction is;
//! - in the premise it becomes the conjunction of its body's instances at those constants and at
//!   the query's integer arguments. Fewer instances make a weaker premise, so a proof stays
//!   sound. A model of the weaker premise is checked: the relation is decided on its concrete
//!   old states (Skolemized, which is exact), and where it fails, the failing points join the
//!   instances and the query is solved again; a model whose states are related is a real
//!   counterexample. After a few rounds the quantifiers themselves join the premise.
//!
//! Every other `forall` is a Z3 quantifier.

use crate::spec::{BinOp, Expr, ExprKind, FnDef, IntTy, Program, UnOp};
use std::collections::BTreeMap;
use z3::ast::BV;

/// A `forall` of the program: where its body is, and its variable.
pub(crate) type ForallId = (String, String);

/// The identity of the `forall` with body `body` over `var`.
pub(crate) fn forall_id(var: &str, body: &Expr) -> ForallId {
    (body.span.to_string(), var.to_string())
}

/// Where a term sits relative to the relation's result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Polarity {
    /// Its truth makes the result true; `shared` when only conjunctions lie between them.
    Positive { shared: bool },
    /// Its falsity makes the result true.
    Negative,
    /// Either, or used as data.
    Mixed,
}

use Polarity::{Mixed, Negative, Positive};

fn flip(p: Polarity) -> Polarity {
    match p {
        Positive { .. } => Negative,
        Negative => Positive { shared: false },
        Mixed => Mixed,
    }
}

/// `inner`, a position inside a function, seen from a call of it at `outer`.
fn compose(outer: Polarity, inner: Polarity) -> Polarity {
    match (outer, inner) {
        (Positive { shared: a }, Positive { shared: b }) => Positive { shared: a && b },
        (Positive { .. }, x) => x,
        (Negative, x) => flip(x),
        (Mixed, _) => Mixed,
    }
}

fn meet(a: Polarity, b: Polarity) -> Polarity {
    match (a, b) {
        (Positive { shared: x }, Positive { shared: y }) => Positive { shared: x && y },
        (x, y) if x == y => x,
        _ => Mixed,
    }
}

/// The `forall`s and calls of one function body, each with its polarity in the body.
#[derive(Default)]
struct Occurrences {
    foralls: Vec<(ForallId, Polarity)>,
    calls: Vec<(String, Polarity)>,
}

fn visit(e: &Expr, p: Polarity, out: &mut Occurrences) {
    let root = Positive { shared: true };
    match &e.kind {
        ExprKind::Forall { var, body, .. } => {
            out.foralls.push((forall_id(var, body), p));
            visit(body, p, out);
        }
        ExprKind::Unary { op: UnOp::Not, arg } => visit(arg, flip(p), out),
        ExprKind::Binary {
            op: op @ (BinOp::And | BinOp::Or),
            lhs,
            rhs,
        } => {
            let q = match (op, p) {
                (BinOp::Or, Positive { .. }) => Positive { shared: false },
                _ => p,
            };
            visit(lhs, q, out);
            visit(rhs, q, out);
        }
        ExprKind::If {
            cond,
            then_branch,
            else_branch,
        } => {
            visit(cond, Mixed, out);
            visit(then_branch, p, out);
            visit(else_branch, p, out);
        }
        ExprKind::Let { value, body, .. } => {
            visit(value, Mixed, out);
            visit(body, p, out);
        }
        ExprKind::Rely { cond, body } => {
            visit(cond, Mixed, out);
            visit(body, p, out);
        }
        ExprKind::Match { scrut, arms } => {
            visit(scrut, Mixed, out);
            arms.iter().for_each(|a| visit(&a.body, p, out));
        }
        ExprKind::Call { func, args } => {
            args.iter().for_each(|a| visit(a, Mixed, out));
            out.calls.push((func.clone(), p));
        }
        ExprKind::Return(x) => visit(x, root, out),
        _ => e.children().into_iter().for_each(|c| visit(c, Mixed, out)),
    }
}

/// The `forall`s in positive positions of `root`'s result (following calls), each with whether
/// it may share its Skolem constant.
pub(crate) fn positive_foralls(program: &Program, root: &FnDef) -> BTreeMap<ForallId, bool> {
    let occurrences = |f: &FnDef| {
        let mut out = Occurrences::default();
        if let Some(body) = &f.body {
            visit(body, Positive { shared: true }, &mut out);
        }
        out
    };
    let mut of_fn: BTreeMap<String, Polarity> = BTreeMap::new();
    of_fn.insert(root.name.clone(), Positive { shared: true });
    let mut bodies: BTreeMap<String, Occurrences> = BTreeMap::new();
    loop {
        let mut next = of_fn.clone();
        for (name, pol) in &of_fn {
            let f = if *name == root.name {
                Some(root)
            } else {
                program.fns.get(name)
            };
            let Some(f) = f else { continue };
            let occ = bodies.entry(name.clone()).or_insert_with(|| occurrences(f));
            for (callee, p) in &occ.calls {
                let seen = compose(*pol, *p);
                let merged = next.get(callee).map_or(seen, |q| meet(*q, seen));
                next.insert(callee.clone(), merged);
            }
        }
        if next == of_fn {
            break;
        }
        of_fn = next;
    }
    let mut out: BTreeMap<ForallId, Polarity> = BTreeMap::new();
    for (name, occ) in &bodies {
        for (id, p) in &occ.foralls {
            let seen = compose(of_fn[name], *p);
            let merged = out.get(id).map_or(seen, |q| meet(*q, seen));
            out.insert(id.clone(), merged);
        }
    }
    out.into_iter()
        .filter_map(|(id, p)| match p {
            Positive { shared } => Some((id, shared)),
            _ => None,
        })
        .collect()
}

/// How the encoder turns `forall`s into formulas.
#[derive(Default)]
pub(crate) enum Quantifiers {
    /// Z3 quantifiers.
    #[default]
    Solver,
    /// The relation as a goal: positive `forall`s become their bodies at Skolem constants.
    Skolemize {
        /// The positive `forall`s, with whether each may share its constant.
        positive: BTreeMap<ForallId, bool>,
        /// The shared constants, by nesting depth and type.
        shared: BTreeMap<(usize, IntTy), BV>,
        /// Every constant made, with its type.
        made: Vec<(IntTy, BV)>,
    },
    /// The relation as a premise: positive `forall`s become their instances at `terms`, and
    /// stay quantifiers too when `quantified`.
    Instantiate {
        /// The positive `forall`s.
        positive: BTreeMap<ForallId, bool>,
        /// The terms to instantiate at, with their types.
        terms: Vec<(IntTy, BV)>,
        /// Whether the quantifier stays beside its instances.
        quantified: bool,
    },
}

impl Quantifiers {
    /// Whether `id` is handled without a solver quantifier.
    pub(crate) fn is_positive(&self, id: &ForallId) -> bool {
        match self {
            Quantifiers::Solver => false,
            Quantifiers::Skolemize { positive, .. } | Quantifiers::Instantiate { positive, .. } => {
                positive.contains_key(id)
            }
        }
    }

    /// The Skolem constant for `id` at nesting `depth` (only in [`Quantifiers::Skolemize`]).
    pub(crate) fn skolem(&mut self, id: &ForallId, depth: usize, ty: IntTy) -> Option<BV> {
        let Quantifiers::Skolemize {
            positive,
            shared,
            made,
        } = self
        else {
            return None;
        };
        let fresh = || BV::fresh_const(&format!("skolem_{}", id.1), ty.bits());
        let k = match positive.get(id) {
            Some(true) => shared.entry((depth, ty)).or_insert_with(fresh).clone(),
            Some(false) => fresh(),
            None => return None,
        };
        if !made.iter().any(|(_, m)| *m == k) {
            made.push((ty, k.clone()));
        }
        Some(k)
    }

    /// The terms of type `ty` to instantiate at, and whether the quantifier stays (only in
    /// [`Quantifiers::Instantiate`]).
    pub(crate) fn instances(&self, ty: IntTy) -> Option<(Vec<BV>, bool)> {
        match self {
            Quantifiers::Instantiate {
                terms, quantified, ..
            } => Some((
                terms
                    .iter()
                    .filter(|(t, _)| *t == ty)
                    .map(|(_, b)| b.clone())
                    .collect(),
                *quantified,
            )),
            _ => None,
        }
    }
}
