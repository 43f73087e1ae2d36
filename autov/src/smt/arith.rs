//! Bit-precise integer operations with Rust's meaning (DESIGN §4.1, §4.2), as in
//! `spec::int`: the value of each operation and the conditions under which Rust panics.
//!
//! Overflow of `+ -` is decided exactly by comparisons and signs at the type's width, of `*` by
//! computing in twice the width and checking that the result survives truncation.

use super::sort::int_const;
use super::symval::SymVal;
use crate::spec::{BinOp, Fault, IntMethod, IntTy, UnOp};
use z3::ast::{Bool, BV};

/// An operation's value and the conditions, in evaluation order, under which it panics.
pub(crate) struct Checked {
    /// The value (meaningful when no fault condition holds).
    pub value: BV,
    /// Each fault condition with the fault it is.
    pub faults: Vec<(Bool, Fault)>,
}

fn ext(t: IntTy, a: &BV, by: u32) -> BV {
    if t.signed() {
        a.sign_ext(by)
    } else {
        a.zero_ext(by)
    }
}

/// Whether `wide` (the exact result, `by` bits wider than `t`) lies in `t`'s range.
fn fits(t: IntTy, wide: &BV, by: u32) -> Bool {
    let narrow = wide.extract(t.bits() - 1, 0);
    ext(t, &narrow, by).eq(wide)
}

/// The exact result of `+ - *` in a wider bit-vector, with the number of extra bits.
fn exact(op: BinOp, t: IntTy, a: &BV, b: &BV) -> (BV, u32) {
    let by = if op == BinOp::Mul { t.bits() } else { 1 };
    let (x, y) = (ext(t, a, by), ext(t, b, by));
    let wide = match op {
        BinOp::Add => x.bvadd(&y),
        BinOp::Sub => x.bvsub(&y),
        _ => x.bvmul(&y),
    };
    (wide, by)
}

/// `a op b` with overflow: the wrapped result and whether it overflowed. The result is the
/// plain operation at `t`'s width (the same term as the wrapping operation's, so that checked
/// and wrapping arithmetic on the two sides of a refinement meet syntactically). Overflow of
/// `+` and `-` is decided by comparisons and signs at `t`'s width (cheap for the solver, where
/// a wider subtraction is not); of `*` by the exact product in twice the width.
fn overflowing(op: BinOp, t: IntTy, a: &BV, b: &BV) -> (BV, Bool) {
    let value = match op {
        BinOp::Add => a.bvadd(b),
        BinOp::Sub => a.bvsub(b),
        _ => a.bvmul(b),
    };
    let overflow = match (op, t.signed()) {
        (BinOp::Add, false) => value.bvult(a),
        (BinOp::Sub, false) => a.bvult(b),
        (BinOp::Add, true) => {
            let neg = |x: &BV| x.bvslt(&int_const(t, 0));
            Bool::and(&[&neg(a).eq(neg(b)), &neg(&value).eq(neg(a)).not()])
        }
        (BinOp::Sub, true) => {
            let neg = |x: &BV| x.bvslt(&int_const(t, 0));
            Bool::and(&[&neg(a).eq(neg(b)).not(), &neg(&value).eq(neg(a)).not()])
        }
        _ => {
            let (wide, by) = exact(op, t, a, b);
            fits(t, &wide, by).not()
        }
    };
    (value, overflow)
}

fn lt(t: IntTy, a: &BV, b: &BV) -> Bool {
    if t.signed() {
        a.bvslt(b)
    } else {
        a.bvult(b)
    }
}

/// The faults of `/` and `%`: division by zero, then `MIN / -1`.
fn division_faults(t: IntTy, a: &BV, b: &BV) -> Vec<(Bool, Fault)> {
    let mut faults = vec![(b.eq(int_const(t, 0)), Fault::DivisionByZero)];
    if t.signed() {
        let min_by_minus_one =
            Bool::and(&[a.eq(int_const(t, t.min_value())), b.eq(int_const(t, -1))]);
        faults.push((min_by_minus_one, Fault::Overflow));
    }
    faults
}

fn divide(t: IntTy, a: &BV, b: &BV, rem: bool) -> BV {
    match (t.signed(), rem) {
        (true, false) => a.bvsdiv(b),
        (true, true) => a.bvsrem(b),
        (false, false) => a.bvudiv(b),
        (false, true) => a.bvurem(b),
    }
}

/// The shift amount `b` (of any integer type) as a bit-vector of `t`'s width, and the condition
/// that it is negative or not below the width.
fn shift_amount(t: IntTy, (bt, b): (IntTy, &BV)) -> (BV, Bool) {
    let width = int_const(bt, t.bits() as i128);
    let out = match bt.signed() {
        true => Bool::or(&[b.bvslt(int_const(bt, 0)), b.bvsge(&width)]),
        false => b.bvuge(&width),
    };
    let amount = match bt.bits().cmp(&t.bits()) {
        std::cmp::Ordering::Less => b.zero_ext(t.bits() - bt.bits()),
        std::cmp::Ordering::Equal => b.clone(),
        std::cmp::Ordering::Greater => b.extract(t.bits() - 1, 0),
    };
    (amount, out)
}

/// An arithmetic or bitwise operator on integers of type `t` (`b` may have another type for
/// shifts).
pub(crate) fn binary(op: BinOp, t: IntTy, a: &BV, b: (IntTy, &BV)) -> Checked {
    let checked = |value, faults| Checked { value, faults };
    match op {
        BinOp::Add | BinOp::Sub | BinOp::Mul => {
            let (value, overflow) = overflowing(op, t, a, b.1);
            checked(value, vec![(overflow, Fault::Overflow)])
        }
        BinOp::Div | BinOp::Rem => checked(
            divide(t, a, b.1, op == BinOp::Rem),
            division_faults(t, a, b.1),
        ),
        BinOp::Shl | BinOp::Shr => {
            let (n, out) = shift_amount(t, b);
            let value = match (op, t.signed()) {
                (BinOp::Shl, _) => a.bvshl(&n),
                (_, true) => a.bvashr(&n),
                (_, false) => a.bvlshr(&n),
            };
            checked(value, vec![(out, Fault::ShiftOverflow)])
        }
        BinOp::BitAnd => checked(a.bvand(b.1), Vec::new()),
        BinOp::BitOr => checked(a.bvor(b.1), Vec::new()),
        BinOp::BitXor => checked(a.bvxor(b.1), Vec::new()),
        _ => unreachable!("{op:?} is not an arithmetic operator"),
    }
}

/// A comparison of two integers of type `t`.
pub(crate) fn compare(op: BinOp, t: IntTy, a: &BV, b: &BV) -> Bool {
    match op {
        BinOp::Eq => a.eq(b),
        BinOp::Ne => a.eq(b).not(),
        BinOp::Lt => lt(t, a, b),
        BinOp::Le => lt(t, b, a).not(),
        BinOp::Gt => lt(t, b, a),
        BinOp::Ge => lt(t, a, b).not(),
        _ => unreachable!("{op:?} is not a comparison"),
    }
}

/// A unary operator on an integer of type `t`.
pub(crate) fn unary(op: UnOp, t: IntTy, a: &BV) -> Checked {
    match op {
        UnOp::Not => Checked {
            value: a.bvnot(),
            faults: Vec::new(),
        },
        UnOp::Neg => {
            let bad = match t.signed() {
                true => a.eq(int_const(t, t.min_value())),
                false => a.eq(int_const(t, 0)).not(),
            };
            Checked {
                value: a.bvneg(),
                faults: vec![(bad, Fault::Overflow)],
            }
        }
    }
}

/// `max` when `positive`, else `min` of `t`.
fn bound(t: IntTy, positive: &Bool) -> BV {
    positive.ite(&int_const(t, t.max_value()), &int_const(t, t.min_value()))
}

fn saturating(op: BinOp, t: IntTy, a: &BV, b: &BV) -> BV {
    let (value, overflow) = overflowing(op, t, a, b);
    let zero = int_const(t, 0);
    let positive = match op {
        BinOp::Add => b.bvsge(&zero),
        BinOp::Sub => b.bvslt(&zero),
        _ => a.bvslt(&zero).eq(b.bvslt(&zero)),
    };
    let positive = if t.signed() {
        positive
    } else {
        Bool::from_bool(op != BinOp::Sub)
    };
    overflow.ite(&bound(t, &positive), &value)
}

fn checked_method(op: BinOp, t: IntTy, a: &BV, b: &BV) -> SymVal {
    let r = binary(op, t, a, (t, b));
    let any: Vec<&Bool> = r.faults.iter().map(|(c, _)| c).collect();
    let ok = Bool::or(&any).not();
    let payload = ok.ite(&r.value, &int_const(t, 0));
    SymVal::Option {
        is_some: ok,
        payload: Box::new(SymVal::Int(t, payload)),
    }
}

/// An integer method on `a` and `b` of type `t`.
pub(crate) fn method(m: IntMethod, t: IntTy, a: &BV, b: &BV) -> SymVal {
    let int = |v: BV| SymVal::Int(t, v);
    match m {
        IntMethod::WrappingAdd => int(a.bvadd(b)),
        IntMethod::WrappingSub => int(a.bvsub(b)),
        IntMethod::WrappingMul => int(a.bvmul(b)),
        IntMethod::CheckedAdd => checked_method(BinOp::Add, t, a, b),
        IntMethod::CheckedSub => checked_method(BinOp::Sub, t, a, b),
        IntMethod::CheckedMul => checked_method(BinOp::Mul, t, a, b),
        IntMethod::CheckedDiv => checked_method(BinOp::Div, t, a, b),
        IntMethod::SaturatingAdd => int(saturating(BinOp::Add, t, a, b)),
        IntMethod::SaturatingSub => int(saturating(BinOp::Sub, t, a, b)),
        IntMethod::SaturatingMul => int(saturating(BinOp::Mul, t, a, b)),
        IntMethod::Min => int(lt(t, a, b).ite(a, b)),
        IntMethod::Max => int(lt(t, a, b).ite(b, a)),
    }
}

/// `a as to` for `a` of type `from`: sign or zero extension by `from`'s signedness, or
/// truncation; never a fault.
pub(crate) fn cast(from: IntTy, a: &BV, to: IntTy) -> BV {
    match from.bits().cmp(&to.bits()) {
        std::cmp::Ordering::Less => ext(from, a, to.bits() - from.bits()),
        std::cmp::Ordering::Equal => a.clone(),
        std::cmp::Ordering::Greater => a.extract(to.bits() - 1, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use z3::ast::Ast;

    /// What Rust computes for `a op b` on `u8`, `None` where it panics.
    fn native_u8(op: BinOp, a: u8, b: u8) -> Option<i128> {
        let r = match op {
            BinOp::Add => a.checked_add(b),
            BinOp::Sub => a.checked_sub(b),
            BinOp::Mul => a.checked_mul(b),
            BinOp::Div => a.checked_div(b),
            BinOp::Rem => a.checked_rem(b),
            BinOp::Shl => a.checked_shl(b as u32),
            _ => a.checked_shr(b as u32),
        };
        r.map(i128::from)
    }

    /// The same on `i8`.
    fn native_i8(op: BinOp, a: i8, b: i8) -> Option<i128> {
        let shift = u32::try_from(b).ok();
        let r = match op {
            BinOp::Add => a.checked_add(b),
            BinOp::Sub => a.checked_sub(b),
            BinOp::Mul => a.checked_mul(b),
            BinOp::Div => a.checked_div(b),
            BinOp::Rem => a.checked_rem(b),
            BinOp::Shl => shift.and_then(|s| a.checked_shl(s)),
            _ => shift.and_then(|s| a.checked_shr(s)),
        };
        r.map(i128::from)
    }

    /// The encoding of `a op b` evaluated on constants: the value, `None` if a fault holds.
    fn encoded(op: BinOp, t: IntTy, a: i128, b: i128) -> Option<i128> {
        let r = binary(op, t, &int_const(t, a), (t, &int_const(t, b)));
        if r.faults
            .iter()
            .any(|(c, _)| c.simplify().as_bool().expect("constant"))
        {
            return None;
        }
        super::super::unroll::numeral(t, &r.value)
    }

    fn check(t: IntTy, values: &[i128], native: impl Fn(BinOp, i128, i128) -> Option<i128>) {
        let ops = [
            BinOp::Add,
            BinOp::Sub,
            BinOp::Mul,
            BinOp::Div,
            BinOp::Rem,
            BinOp::Shl,
            BinOp::Shr,
        ];
        for op in ops {
            for &a in values {
                for &b in values {
                    assert_eq!(
                        encoded(op, t, a, b),
                        native(op, a, b),
                        "{a} {} {b} on {}",
                        op.token(),
                        t.name()
                    );
                }
            }
        }
    }

    #[test]
    fn eight_bit_operators_agree_with_rust() {
        let unsigned = [0, 1, 2, 7, 8, 9, 100, 127, 128, 200, 254, 255];
        check(IntTy::U8, &unsigned, |op, a, b| {
            native_u8(op, a as u8, b as u8)
        });
        let signed = [-128, -127, -100, -9, -8, -1, 0, 1, 2, 7, 8, 9, 100, 127];
        check(IntTy::I8, &signed, |op, a, b| {
            native_i8(op, a as i8, b as i8)
        });
    }

    #[test]
    fn casts_extend_by_the_source_signedness() {
        let cases = [
            (IntTy::I8, -1, IntTy::U64, u64::MAX as i128),
            (IntTy::U8, 255, IntTy::I64, 255),
            (IntTy::I32, -2, IntTy::I16, -2),
            (IntTy::U64, 0x1ff, IntTy::I8, -1),
            (IntTy::U16, 40000, IntTy::I16, 40000 - 65536),
        ];
        for (from, v, to, want) in cases {
            assert_eq!(
                super::super::unroll::numeral(to, &cast(from, &int_const(from, v), to)),
                Some(want),
                "{v} as {}",
                to.name()
            );
        }
    }
}
