//! The meaning of integer instructions as spec terms (DESIGN §4.1).
//!
//! An LLVM `iN` is a spec `uN` (N = 8, 16, 32, 64) and `i1` is `bool`. Plain `add`/`sub`/`mul`
//! wrap (`wrapping_*`); `nuw` is Rust's unsigned `+` (a spec error, i.e. undefined behaviour in the
//! code, on overflow); `nsw` is Rust's `+` on the signed view; signed operations and
//! comparisons go through `as iN`. Division by zero, `INT_MIN / -1` and shifts by the width or
//! more are faults in both LLVM (undefined behaviour or poison) and Rust.

use super::build::Builder;
use crate::ir::{ArithFlags, BinOp as IrOp, CastOp, IntPredicate};
use crate::spec::{BinOp, Expr, IntMethod, IntTy};

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

/// `lhs op rhs` on `iN` operands of unsigned spec type `u`, signed view `s`.
pub(super) fn binary(
    b: &Builder,
    op: IrOp,
    flags: ArithFlags,
    u: IntTy,
    s: IntTy,
    lhs: Expr,
    rhs: Expr,
) -> Expr {
    let signed = |op: BinOp, l: Expr, r: Expr| b.cast(b.bin(op, b.cast(l, s), b.cast(r, s)), u);
    match op {
        IrOp::Add => overflow_checked(b, BinOp::Add, IntMethod::WrappingAdd, flags, s, lhs, rhs),
        IrOp::Sub => overflow_checked(b, BinOp::Sub, IntMethod::WrappingSub, flags, s, lhs, rhs),
        IrOp::Mul => overflow_checked(b, BinOp::Mul, IntMethod::WrappingMul, flags, s, lhs, rhs),
        IrOp::UDiv => b.bin(BinOp::Div, lhs, rhs),
        IrOp::URem => b.bin(BinOp::Rem, lhs, rhs),
        IrOp::SDiv => signed(BinOp::Div, lhs, rhs),
        IrOp::SRem => signed(BinOp::Rem, lhs, rhs),
        IrOp::And => b.bin(BinOp::BitAnd, lhs, rhs),
        IrOp::Or => b.bin(BinOp::BitOr, lhs, rhs),
        IrOp::Xor => b.bin(BinOp::BitXor, lhs, rhs),
        IrOp::Shl => b.bin(BinOp::Shl, lhs, rhs),
        IrOp::LShr => b.bin(BinOp::Shr, lhs, rhs),
        IrOp::AShr => b.cast(b.bin(BinOp::Shr, b.cast(lhs, s), rhs), u),
    }
}

/// `add`/`sub`/`mul` with their `nuw`/`nsw` flags: wrapping without flags; with a flag, the
/// operation that faults exactly when the flag is violated.
fn overflow_checked(
    b: &Builder,
    op: BinOp,
    wrapping: IntMethod,
    flags: ArithFlags,
    s: IntTy,
    lhs: Expr,
    rhs: Expr,
) -> Expr {
    let result = if flags.nuw {
        b.bin(op, lhs.clone(), rhs.clone())
    } else {
        b.method(wrapping, lhs.clone(), rhs.clone())
    };
    if !flags.nsw {
        return result;
    }
    let signed_check = b.bin(op, b.cast(lhs, s), b.cast(rhs, s));
    b.let_(crate::spec::Pat::Wild, None, signed_check, result)
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
