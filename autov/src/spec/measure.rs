//! Measures inferred for recursive specs that have none: the counted-loop shape.
//!
//! A recursive call that passes parameter `i` as `i + 1` (or `i.wrapping_add(1)`) and
//! parameter `n` unchanged suggests `n.wrapping_sub(i)`, and a constant `N` that the body
//! compares `i` (or `i + 1`) with suggests `N.wrapping_sub(i)`; one that passes `i - 1` (or
//! `i.wrapping_sub(1)`) suggests `i`. The candidates are only suggestions: whoever uses one
//! must still check that it decreases (the induction check does).

use super::{BinOp, Expr, ExprKind, FnDef, IntMethod, Ty};

/// How a recursive call passes a parameter on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Same,
    Up,
    Down,
    Other,
}

/// Candidate measures of `f`, untyped (type check them with `f` before use), most likely
/// first. Empty when `f` has a measure or does not call itself.
pub fn candidates(f: &FnDef) -> Vec<Expr> {
    if f.measure.is_some() {
        return Vec::new();
    }
    let steps = steps(f);
    if steps.is_empty() {
        return Vec::new();
    }
    let int_params: Vec<(usize, &str)> = f
        .params
        .iter()
        .enumerate()
        .filter(|(_, p)| matches!(p.ty, Ty::Int(_)))
        .map(|(i, p)| (i, p.name.as_str()))
        .collect();
    let all = |k: usize, s: Step| steps.iter().all(|call| call[k] == s);
    let var = |n: &str| Expr::new(ExprKind::Var(n.to_string()), f.span.clone());
    let mut out = Vec::new();
    for &(i, up) in &int_params {
        if all(i, Step::Up) {
            for &(j, bound) in &int_params {
                if j != i && all(j, Step::Same) && f.params[i].ty == f.params[j].ty {
                    out.push(distance(var(bound), var(up)));
                }
            }
            for bound in constant_bounds(f, up) {
                out.push(distance(bound, var(up)));
            }
        }
        if all(i, Step::Down) {
            out.push(var(up));
        }
    }
    out
}

/// `bound.wrapping_sub(i)`: how far counter `i` is from `bound`.
fn distance(bound: Expr, i: Expr) -> Expr {
    let span = i.span.clone();
    Expr::new(
        ExprKind::IntMethod {
            method: IntMethod::WrappingSub,
            recv: Box::new(bound),
            arg: Box::new(i),
        },
        span,
    )
}

/// The integer constants (literals and named constants) that `f`'s body compares parameter
/// `i` or `i + 1` with, each once, in order of appearance.
fn constant_bounds(f: &FnDef, i: &str) -> Vec<Expr> {
    let counter = |e: &Expr| match &e.kind {
        ExprKind::Var(v) => v == i,
        ExprKind::Binary {
            op: BinOp::Add,
            lhs,
            rhs,
        } => {
            matches!(&lhs.kind, ExprKind::Var(v) if v == i)
                && matches!(&rhs.kind, ExprKind::Int { value: 1, .. })
        }
        _ => false,
    };
    let constant = |e: &Expr| {
        matches!(&e.kind, ExprKind::Int { .. })
            || matches!(&e.kind, ExprKind::Const { ty: Ty::Int(_), .. })
    };
    let mut out: Vec<Expr> = Vec::new();
    f.walk(&mut |e| {
        if let ExprKind::Binary { op, lhs, rhs } = &e.kind {
            let bound = match (counter(lhs), counter(rhs)) {
                (true, false) => rhs,
                (false, true) => lhs,
                _ => return,
            };
            if op.is_comparison() && constant(bound) && !out.iter().any(|b| b.kind == bound.kind) {
                out.push((**bound).clone());
            }
        }
    });
    out
}

/// For each call of `f` by itself, how each parameter is passed.
fn steps(f: &FnDef) -> Vec<Vec<Step>> {
    let mut out = Vec::new();
    f.walk(&mut |e| {
        if let ExprKind::Call { func, args } = &e.kind {
            if *func == f.name && args.len() == f.params.len() {
                let call = args
                    .iter()
                    .zip(&f.params)
                    .map(|(a, p)| step(a, &p.name))
                    .collect();
                out.push(call);
            }
        }
    });
    out
}

fn step(arg: &Expr, param: &str) -> Step {
    let is_param = |e: &Expr| matches!(&e.kind, ExprKind::Var(v) if v == param);
    let is_one = |e: &Expr| matches!(&e.kind, ExprKind::Int { value: 1, .. });
    match &arg.kind {
        _ if is_param(arg) => Step::Same,
        ExprKind::Binary { op, lhs, rhs } if is_param(lhs) && is_one(rhs) => match op {
            BinOp::Add => Step::Up,
            BinOp::Sub => Step::Down,
            _ => Step::Other,
        },
        ExprKind::IntMethod { method, recv, arg } if is_param(recv) && is_one(arg) => {
            match method {
                IntMethod::WrappingAdd => Step::Up,
                IntMethod::WrappingSub => Step::Down,
                _ => Step::Other,
            }
        }
        _ => Step::Other,
    }
}
