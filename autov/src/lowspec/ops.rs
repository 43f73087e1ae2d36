//! The meaning of integer instructions as spec terms (DESIGN §4.1).
//!
//! An LLVM `iN` is a spec `uN` (N = 8, 16, 32, 64) and `i1` is `bool`; signed comparisons and
//! extensions go through `as iN`. Arithmetic with its poison conditions is in `poison`.

use super::build::Builder;
use crate::ir::{CastOp, IntPredicate};
use crate::spec::{BinOp, Expr, IntTy};

/// The unsigned spec type of an `iN`, for the widths specs have.
pub(super) fn unsigned_of(bits: u32) -> Option<IntTy> {
    match bits {
        8 => Some(IntTy::U8),
        16 => Some(IntTy::U16),
        32 => Some(IntTy::U32),
        64 => Some(IntTy::U64),
        _ => None,
    }
}

/// The signed spec type of an `iN`.
pub(super) fn signed_of(bits: u32) -> Option<IntTy> {
    match bits {
        8 => Some(IntTy::I8),
        16 => Some(IntTy::I16),
        32 => Some(IntTy::I32),
        64 => Some(IntTy::I64),
        _ => None,
    }
}

/// `icmp pred lhs rhs`.
pub(super) fn compare(
    b: &Builder,
    pred: IntPredicate,
    s: Option<IntTy>,
    lhs: Expr,
    rhs: Expr,
) -> Expr {
    use IntPredicate as P;
    let op = match pred {
        P::Eq => BinOp::Eq,
        P::Ne => BinOp::Ne,
        P::Ult | P::Slt => BinOp::Lt,
        P::Ule | P::Sle => BinOp::Le,
        P::Ugt | P::Sgt => BinOp::Gt,
        P::Uge | P::Sge => BinOp::Ge,
    };
    match (pred, s) {
        (P::Slt | P::Sle | P::Sgt | P::Sge, Some(s)) => b.bin(op, b.cast(lhs, s), b.cast(rhs, s)),
        _ => b.bin(op, lhs, rhs),
    }
}

/// An integer cast between widths (`None` when a width has no spec type).
pub(super) fn int_cast(b: &Builder, op: CastOp, from: u32, to: u32, arg: Expr) -> Option<Expr> {
    match (op, from, to) {
        (CastOp::ZExt, 1, _) => Some(b.cast(arg, unsigned_of(to)?)),
        (CastOp::SExt, 1, _) => {
            let u = unsigned_of(to)?;
            Some(b.if_(arg, b.int(u.max_value(), u), b.int(0, u)))
        }
        (CastOp::Trunc, _, 1) => {
            let u = unsigned_of(from)?;
            Some(b.bin(
                BinOp::Ne,
                b.bin(BinOp::BitAnd, arg, b.int(1, u)),
                b.int(0, u),
            ))
        }
        (CastOp::ZExt | CastOp::Trunc, _, _) => Some(b.cast(arg, unsigned_of(to)?)),
        (CastOp::SExt, _, _) => Some(b.cast(
            b.cast(b.cast(arg, signed_of(from)?), signed_of(to)?),
            unsigned_of(to)?,
        )),
        _ => None,
    }
}
