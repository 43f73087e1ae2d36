//! `for i in start..end` loops: run exactly when the bounds are constants, unrolled up to
//! [`Settings::unroll`] iterations (then cut, see [`super::encode`]) when they are symbolic.

use super::encode::Encoder;
use super::sort::int_const;
use super::symval::SymVal;
use super::{Settings, Unsupported};
use crate::spec::{Expr, IntTy, Span};
use z3::ast::{Ast, Bool, BV};

type Flow = Option<(SymVal, Bool)>;

/// The value of `bv` (of type `t`) if it simplifies to a numeral.
pub(crate) fn numeral(t: IntTy, bv: &BV) -> Option<i128> {
    let raw = bv.simplify().as_u64()? as i128;
    let bits = t.bits();
    Some(if t.signed() && raw >= 1i128 << (bits - 1) {
        raw - (1i128 << bits)
    } else {
        raw
    })
}

/// The loop `for var in start..end { body }` over the carried variables, starting from `state`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn for_range(
    enc: &mut Encoder<'_>,
    (var, carried, body): (&str, &[String], &Expr),
    (start, end): (&SymVal, &SymVal),
    state: Vec<SymVal>,
    env: &mut Vec<(String, SymVal)>,
    pc: &Bool,
    span: &Span,
) -> Result<Flow, Unsupported> {
    let bad = || Unsupported::new("a loop with non-integer bounds".into(), span);
    let ((t, s), (_, n)) = (
        start.as_int().ok_or_else(bad)?,
        end.as_int().ok_or_else(bad)?,
    );
    match (numeral(t, s), numeral(t, n)) {
        (Some(a), Some(b)) => exact(enc, (var, carried, body), t, (a, b), state, env, pc, span),
        _ => unrolled(enc, (var, carried, body), (t, s, n), state, env, pc, span),
    }
}

#[allow(clippy::too_many_arguments)]
fn exact(
    enc: &mut Encoder<'_>,
    (var, carried, body): (&str, &[String], &Expr),
    t: IntTy,
    (a, b): (i128, i128),
    mut state: Vec<SymVal>,
    env: &mut Vec<(String, SymVal)>,
    pc: &Bool,
    span: &Span,
) -> Result<Flow, Unsupported> {
    let Settings { max_iterations, .. } = *enc.settings();
    if b - a > max_iterations as i128 {
        return Err(Unsupported::new(
            format!(
                "a loop of {} iterations (more than {max_iterations})",
                b - a
            ),
            span,
        ));
    }
    let mut pc = pc.clone();
    for i in a..b {
        let counter = SymVal::Int(t, int_const(t, i));
        match enc.iteration((var, carried), counter, state, body, env, &pc)? {
            Some((s, p)) => (state, pc) = (s, p),
            None => return Ok(None),
        }
    }
    Ok(Some((SymVal::Tuple(state.into()), pc)))
}

#[allow(clippy::too_many_arguments)]
fn unrolled(
    enc: &mut Encoder<'_>,
    (var, carried, body): (&str, &[String], &Expr),
    (t, s, n): (IntTy, &BV, &BV),
    mut state: Vec<SymVal>,
    env: &mut Vec<(String, SymVal)>,
    pc: &Bool,
    span: &Span,
) -> Result<Flow, Unsupported> {
    let lt = |a: &BV, b: &BV| if t.signed() { a.bvslt(b) } else { a.bvult(b) };
    let mut alive = pc.clone();
    let mut exits: Vec<(Bool, Vec<SymVal>)> = Vec::new();
    for k in 0..enc.settings().unroll {
        let i = s.bvadd(int_const(t, k as i128));
        let go_on = lt(&i, n);
        exits.push((Bool::and(&[&alive, &go_on.not()]), state.clone()));
        match enc.iteration(
            (var, carried),
            SymVal::Int(t, i),
            state.clone(),
            body,
            env,
            &Bool::and(&[&alive, &go_on]),
        )? {
            Some((next, p)) => (state, alive) = (next, p),
            None => return Ok(merge(exits)),
        }
    }
    let i = s.bvadd(int_const(t, enc.settings().unroll as i128));
    enc.cut(Bool::and(&[&alive, &lt(&i, n)]), span);
    exits.push((Bool::and(&[&alive, &lt(&i, n).not()]), state));
    Ok(merge(exits))
}

/// The loop's value: the state of the exit taken (the exits exclude each other).
fn merge(exits: Vec<(Bool, Vec<SymVal>)>) -> Flow {
    exits.into_iter().fold(None, |acc, (c, st)| match acc {
        None => Some((SymVal::Tuple(st.into()), c)),
        Some((v, p)) => Some((
            super::symval::ite(&c, &SymVal::Tuple(st.into()), &v),
            Bool::or(&[&p, &c]),
        )),
    })
}
