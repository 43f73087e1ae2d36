//! Poison (DESIGN §4.1 as the Coq semantics reads it): a violated `nuw`/`nsw`/`exact` flag or a
//! shift by the width or more gives a *poison* value, not undefined behaviour. Poison flows
//! through arithmetic, comparisons, casts, `select` and copies; branching on it, a memory access
//! through or of it, passing it to a call or returning it is stuck (`rely!`), as in the Coq
//! semantics. clang's `-O1` code computes such values speculatively and discards them with a
//! `select`, so treating them as errors would reject correct code.
//!
//! A value that may be poison is a spec variable with a `bool` companion that is true when it
//! is poison (`Local::Poisonable`); values that cannot be poison carry nothing.

use super::build::Builder;
use crate::ir::{ArithFlags, BinOp as IrOp, CastOp};
use crate::spec::{Arm, BinOp, Expr, ExprKind, IntMethod, IntTy, Pat};

/// `lhs op rhs` on `uN` operands (signed view `s`): the value, which never faults except for
/// division by zero and `MIN / -1` (immediate undefined behaviour in LLVM too), and the
/// condition under which it is poison, if it can be.
pub(super) fn binary(
    b: &Builder,
    op: IrOp,
    flags: ArithFlags,
    u: IntTy,
    s: IntTy,
    lhs: Expr,
    rhs: Expr,
) -> (Expr, Option<Expr>) {
    let width = b.int(i128::from(u.bits()), u);
    let signed = |op: BinOp, l: Expr, r: Expr| b.cast(b.bin(op, b.cast(l, s), b.cast(r, s)), u);
    let overflow = |checked: IntMethod, wrapping: IntMethod, l: Expr, r: Expr| {
        let nuw = flags
            .nuw
            .then(|| is_none(b, b.method(checked, l.clone(), r.clone())));
        let nsw = flags.nsw.then(|| {
            is_none(
                b,
                b.method(checked, b.cast(l.clone(), s), b.cast(r.clone(), s)),
            )
        });
        (b.method(wrapping, l, r), or(b, nuw, nsw))
    };
    let shift = |value: Expr, extra: Option<Expr>, amount: Expr| {
        // A constant amount below the width needs no guard: only the flags can make poison.
        if matches!(amount.kind, ExprKind::Int { value, .. } if (0..i128::from(u.bits())).contains(&value))
        {
            return (value, extra);
        }
        let in_range = b.bin(BinOp::Lt, amount.clone(), width.clone());
        let poison = b.bin(BinOp::Ge, amount, width.clone());
        let poison = match extra {
            Some(e) => b.bin(BinOp::Or, poison, e),
            None => poison,
        };
        (b.if_(in_range, value, b.int(0, u)), Some(poison))
    };
    match op {
        IrOp::Add => overflow(IntMethod::CheckedAdd, IntMethod::WrappingAdd, lhs, rhs),
        IrOp::Sub => overflow(IntMethod::CheckedSub, IntMethod::WrappingSub, lhs, rhs),
        IrOp::Mul => overflow(IntMethod::CheckedMul, IntMethod::WrappingMul, lhs, rhs),
        IrOp::UDiv => (
            b.bin(BinOp::Div, lhs.clone(), rhs.clone()),
            flags
                .exact
                .then(|| b.bin(BinOp::Ne, b.bin(BinOp::Rem, lhs, rhs), b.int(0, u))),
        ),
        IrOp::SDiv => {
            let inexact = flags.exact.then(|| {
                b.bin(
                    BinOp::Ne,
                    signed(BinOp::Rem, lhs.clone(), rhs.clone()),
                    b.int(0, u),
                )
            });
            (signed(BinOp::Div, lhs, rhs), inexact)
        }
        IrOp::URem => (b.bin(BinOp::Rem, lhs, rhs), None),
        IrOp::SRem => (signed(BinOp::Rem, lhs, rhs), None),
        IrOp::And => (b.bin(BinOp::BitAnd, lhs, rhs), None),
        IrOp::Or => {
            let overlap = flags.disjoint.then(|| {
                b.bin(
                    BinOp::Ne,
                    b.bin(BinOp::BitAnd, lhs.clone(), rhs.clone()),
                    b.int(0, u),
                )
            });
            (b.bin(BinOp::BitOr, lhs, rhs), overlap)
        }
        IrOp::Xor => (b.bin(BinOp::BitXor, lhs, rhs), None),
        IrOp::Shl => {
            let shifted = b.bin(BinOp::Shl, lhs.clone(), rhs.clone());
            let nuw = flags.nuw.then(|| {
                b.bin(
                    BinOp::Ne,
                    b.bin(BinOp::Shr, shifted.clone(), rhs.clone()),
                    lhs.clone(),
                )
            });
            let nsw = flags.nsw.then(|| {
                let back = b.bin(BinOp::Shr, b.cast(shifted.clone(), s), rhs.clone());
                b.bin(BinOp::Ne, back, b.cast(lhs.clone(), s))
            });
            shift(shifted, or(b, nuw, nsw), rhs)
        }
        IrOp::LShr => {
            let shifted = b.bin(BinOp::Shr, lhs.clone(), rhs.clone());
            let exact = flags.exact.then(|| {
                b.bin(
                    BinOp::Ne,
                    b.bin(BinOp::Shl, shifted.clone(), rhs.clone()),
                    lhs.clone(),
                )
            });
            shift(shifted, exact, rhs)
        }
        IrOp::AShr => {
            let shifted = b.cast(b.bin(BinOp::Shr, b.cast(lhs.clone(), s), rhs.clone()), u);
            let exact = flags.exact.then(|| {
                b.bin(
                    BinOp::Ne,
                    b.bin(BinOp::Shl, shifted.clone(), rhs.clone()),
                    lhs.clone(),
                )
            });
            shift(shifted, exact, rhs)
        }
    }
}

/// When a flagged `trunc` or `zext` of `arg` (a `uN` of `from` bits, or a `bool` for `i1`) to
/// `to` bits is poison: `trunc nuw` drops a set bit, `trunc nsw` drops bits that are not copies
/// of the new sign bit, `zext nneg` extends a negative value. `Some(None)` when it cannot be;
/// `None` when a width is not supported.
pub(super) fn cast(
    b: &Builder,
    op: CastOp,
    flags: ArithFlags,
    (from, to): (u32, u32),
    arg: Expr,
) -> Option<Option<Expr>> {
    if from == 1 {
        // `zext nneg i1 true` extends -1.
        return Some((op == CastOp::ZExt && flags.nneg).then_some(arg));
    }
    let u = super::ops::unsigned_of(from)?;
    let ne = |x: Expr, y: Expr| b.bin(BinOp::Ne, x, y);
    let high = |bits: u32| b.bin(BinOp::Shr, arg.clone(), b.int(i128::from(bits), u));
    Some(match op {
        CastOp::ZExt if flags.nneg => Some(ne(high(from - 1), b.int(0, u))),
        CastOp::Trunc => {
            let nuw = flags.nuw.then(|| ne(high(to), b.int(0, u)));
            let nsw = match flags.nsw {
                // The value again from its low `to` bits, sign-extended.
                true => {
                    let low = super::ops::int_cast(b, CastOp::Trunc, from, to, arg.clone())?;
                    let back = super::ops::int_cast(b, CastOp::SExt, to, from, low)?;
                    Some(ne(back, arg.clone()))
                }
                false => None,
            };
            or(b, nuw, nsw)
        }
        _ => None,
    })
}

/// Whether an `Option` is `None`.
fn is_none(b: &Builder, e: Expr) -> Expr {
    b.mk(ExprKind::Match {
        scrut: Box::new(e),
        arms: vec![
            Arm {
                pat: Pat::None,
                body: b.bool(true),
            },
            Arm {
                pat: Pat::Wild,
                body: b.bool(false),
            },
        ],
    })
}

/// `a || b` of optional conditions.
pub(super) fn or(b: &Builder, x: Option<Expr>, y: Option<Expr>) -> Option<Expr> {
    match (x, y) {
        (Some(x), Some(y)) => Some(b.bin(BinOp::Or, x, y)),
        (x, y) => x.or(y),
    }
}
