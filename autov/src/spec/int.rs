//! Bit-precise integer arithmetic with Rust's meaning: the evaluator's integer operations.
//!
//! Operations that panic in a Rust debug build (overflow of `+ - *`, division by zero, shifts by
//! at least the width, negation of the minimum) return a [`Fault`].

use super::ast::{BinOp, IntMethod, UnOp};
use super::ty::IntTy;
use super::value::{Int, Value};

/// Why an operation has no value: what a Rust debug build panics on (a spec error).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Arithmetic overflow (`+ - *`, `/` and `%` of `MIN` by `-1`, `-MIN`).
    Overflow,
    /// Division or remainder by zero.
    DivisionByZero,
    /// A shift by a negative amount or by at least the width.
    ShiftOverflow,
    /// An array index out of bounds.
    IndexOutOfBounds,
}

impl Fault {
    /// A short description.
    pub fn describe(self) -> &'static str {
        match self {
            Fault::Overflow => "arithmetic overflow",
            Fault::DivisionByZero => "division by zero",
            Fault::ShiftOverflow => "shift amount not below the width",
            Fault::IndexOutOfBounds => "index out of bounds",
        }
    }
}

/// `v` reduced modulo `2^bits` into `ty`'s range (two's complement for signed types).
pub fn wrap(ty: IntTy, v: i128) -> i128 {
    let bits = ty.bits();
    let modulus = 1i128 << bits;
    let low = v.rem_euclid(modulus);
    if ty.signed() && low > ty.max_value() {
        low - modulus
    } else {
        low
    }
}

fn in_range(ty: IntTy, v: Option<i128>) -> Result<Int, Fault> {
    match v {
        Some(v) if ty.min_value() <= v && v <= ty.max_value() => Ok(Int { ty, value: v }),
        _ => Err(Fault::Overflow),
    }
}

fn shift_amount(ty: IntTy, amount: Int) -> Result<u32, Fault> {
    if amount.value < 0 || amount.value >= ty.bits() as i128 {
        return Err(Fault::ShiftOverflow);
    }
    Ok(amount.value as u32)
}

fn divide(a: Int, b: Int, rem: bool) -> Result<Int, Fault> {
    if b.value == 0 {
        return Err(Fault::DivisionByZero);
    }
    // Rust's `/` truncates toward zero, as i128's does; `%` overflows exactly when `/` does.
    let quotient = in_range(a.ty, Some(a.value / b.value))?;
    if rem {
        return Ok(Int {
            ty: a.ty,
            value: a.value % b.value,
        });
    }
    Ok(quotient)
}

/// An arithmetic or bitwise operator on two integers of the same type (for shifts, `b` may be of
/// any integer type).
pub fn arith(op: BinOp, a: Int, b: Int) -> Result<Int, Fault> {
    let ty = a.ty;
    match op {
        BinOp::Add => in_range(ty, a.value.checked_add(b.value)),
        BinOp::Sub => in_range(ty, a.value.checked_sub(b.value)),
        BinOp::Mul => in_range(ty, a.value.checked_mul(b.value)),
        BinOp::Div => divide(a, b, false),
        BinOp::Rem => divide(a, b, true),
        BinOp::Shl => Ok(Int {
            ty,
            value: wrap(ty, a.value << shift_amount(ty, b)?),
        }),
        BinOp::Shr => Ok(Int {
            ty,
            value: a.value >> shift_amount(ty, b)?,
        }),
        BinOp::BitAnd => Ok(Int {
            ty,
            value: a.value & b.value,
        }),
        BinOp::BitOr => Ok(Int {
            ty,
            value: a.value | b.value,
        }),
        BinOp::BitXor => Ok(Int {
            ty,
            value: a.value ^ b.value,
        }),
        _ => unreachable!("{op:?} is not an arithmetic operator"),
    }
}

/// A comparison of two integers of the same type.
pub fn compare(op: BinOp, a: Int, b: Int) -> bool {
    match op {
        BinOp::Eq => a.value == b.value,
        BinOp::Ne => a.value != b.value,
        BinOp::Lt => a.value < b.value,
        BinOp::Le => a.value <= b.value,
        BinOp::Gt => a.value > b.value,
        BinOp::Ge => a.value >= b.value,
        _ => unreachable!("{op:?} is not a comparison"),
    }
}

/// A unary operator on an integer.
pub fn unary(op: UnOp, a: Int) -> Result<Int, Fault> {
    match op {
        UnOp::Neg => in_range(a.ty, Some(-a.value)),
        UnOp::Not => Ok(Int {
            ty: a.ty,
            value: wrap(a.ty, !a.value),
        }),
    }
}

fn wrapped(ty: IntTy, v: Option<i128>, exact: impl FnOnce() -> i128) -> Int {
    Int {
        ty,
        value: wrap(ty, v.unwrap_or_else(exact)),
    }
}

fn saturated(ty: IntTy, v: Option<i128>, positive: bool) -> Int {
    let value = match v {
        Some(v) => v.clamp(ty.min_value(), ty.max_value()),
        None if positive => ty.max_value(),
        None => ty.min_value(),
    };
    Int { ty, value }
}

fn checked(r: Result<Int, Fault>) -> Value {
    match r {
        Ok(i) => Value::some(Value::Int(i)),
        Err(_) => Value::none(),
    }
}

/// An integer method applied to `recv` and `arg` (both of the same type).
pub fn method(m: IntMethod, recv: Int, arg: Int) -> Value {
    let (ty, a, b) = (recv.ty, recv.value, arg.value);
    let same_sign = (a < 0) == (b < 0);
    let int = |i: Int| Value::Int(i);
    match m {
        IntMethod::WrappingAdd => int(wrapped(ty, a.checked_add(b), || a.wrapping_add(b))),
        IntMethod::WrappingSub => int(wrapped(ty, a.checked_sub(b), || a.wrapping_sub(b))),
        IntMethod::WrappingMul => int(wrapped(ty, a.checked_mul(b), || a.wrapping_mul(b))),
        IntMethod::CheckedAdd => checked(arith(BinOp::Add, recv, arg)),
        IntMethod::CheckedSub => checked(arith(BinOp::Sub, recv, arg)),
        IntMethod::CheckedMul => checked(arith(BinOp::Mul, recv, arg)),
        IntMethod::CheckedDiv => checked(arith(BinOp::Div, recv, arg)),
        IntMethod::SaturatingAdd => int(saturated(ty, a.checked_add(b), b >= 0)),
        IntMethod::SaturatingSub => int(saturated(ty, a.checked_sub(b), b < 0)),
        IntMethod::SaturatingMul => int(saturated(ty, a.checked_mul(b), same_sign)),
        IntMethod::Min => int(Int {
            ty,
            value: a.min(b),
        }),
        IntMethod::Max => int(Int {
            ty,
            value: a.max(b),
        }),
    }
}

/// `a as to`.
pub fn cast(a: Int, to: IntTy) -> Int {
    Int {
        ty: to,
        value: wrap(to, a.value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(ty: IntTy, value: i128) -> Int {
        Int { ty, value }
    }

    fn check(result: Result<Int, Fault>, expected: Result<i128, Fault>) {
        assert_eq!(result.map(|i| i.value), expected);
    }

    #[test]
    fn arithmetic_faults_where_rust_panics() {
        use IntTy::*;
        check(
            arith(BinOp::Add, int(U64, u64::MAX as i128), int(U64, 1)),
            Err(Fault::Overflow),
        );
        check(
            arith(BinOp::Sub, int(U8, 0), int(U8, 1)),
            Err(Fault::Overflow),
        );
        check(
            arith(BinOp::Mul, int(I8, -128), int(I8, -1)),
            Err(Fault::Overflow),
        );
        check(arith(BinOp::Div, int(I32, -7), int(I32, 2)), Ok(-3));
        check(arith(BinOp::Rem, int(I32, -7), int(I32, 2)), Ok(-1));
        check(
            arith(BinOp::Div, int(U32, 1), int(U32, 0)),
            Err(Fault::DivisionByZero),
        );
        check(
            arith(BinOp::Div, int(I64, i64::MIN as i128), int(I64, -1)),
            Err(Fault::Overflow),
        );
        check(
            arith(BinOp::Rem, int(I8, -128), int(I8, -1)),
            Err(Fault::Overflow),
        );
        check(arith(BinOp::Shl, int(U8, 255), int(U32, 1)), Ok(254));
        check(
            arith(BinOp::Shl, int(U8, 1), int(U32, 8)),
            Err(Fault::ShiftOverflow),
        );
        check(arith(BinOp::Shr, int(I8, -128), int(U8, 7)), Ok(-1));
        check(arith(BinOp::BitAnd, int(I8, -1), int(I8, 5)), Ok(5));
        check(unary(UnOp::Not, int(U8, 0)), Ok(255));
        check(unary(UnOp::Not, int(I8, 0)), Ok(-1));
        check(
            unary(UnOp::Neg, int(I16, i16::MIN as i128)),
            Err(Fault::Overflow),
        );
    }

    #[test]
    fn methods_and_casts_agree_with_rust() {
        use IntTy::*;
        let v = |ty, x| Value::Int(int(ty, x));
        assert_eq!(
            method(IntMethod::WrappingAdd, int(U8, 200), int(U8, 100)),
            v(U8, 44)
        );
        assert_eq!(
            method(
                IntMethod::WrappingMul,
                int(U64, u64::MAX as i128),
                int(U64, u64::MAX as i128)
            ),
            v(U64, 1)
        );
        assert_eq!(
            method(IntMethod::SaturatingSub, int(I8, -100), int(I8, 100)),
            v(I8, -128)
        );
        assert_eq!(
            method(IntMethod::SaturatingMul, int(I8, -100), int(I8, 2)),
            v(I8, -128)
        );
        assert_eq!(
            method(IntMethod::CheckedAdd, int(U8, 255), int(U8, 1)),
            Value::none()
        );
        assert_eq!(cast(int(I32, -1), U64).value, u64::MAX as i128);
        assert_eq!(cast(int(U64, 0x1ff), I8).value, -1);
    }
}
