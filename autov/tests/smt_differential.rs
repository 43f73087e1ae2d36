//! Differential test of the Z3 encoding against the concrete evaluator: for random arguments,
//! the outcome the solver computes with the symbolic inputs fixed to the arguments
//! (`smt::solve_outcome`) equals `Program::call`'s (same value, `None`, or same spec error at the
//! same place), across all integer types, operators, casts, shifts, division, maps, enums,
//! arrays, loops and recursion.

// Casts to the same type are kept on purpose: they are part of what is tested.
#![allow(clippy::unnecessary_cast, clippy::type_complexity)]

use autov::smt::{solve_outcome, Outcome, Settings};
use autov::spec::{EvalError, FnDef, IntTy, MapValue, Program, Ty, TypeDef, TypeEnv, Value};
use autov::{layer, rely, Map, SpecType};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

/// A small enum.
#[derive(Debug, Clone, Copy, PartialEq, SpecType)]
pub enum Shape {
    /// No payload.
    Empty,
    /// One payload.
    Line(u16),
    /// Two payloads.
    Rect(i8, bool),
}

/// A struct with an array, an option and a map.
#[derive(Debug, Clone, PartialEq, SpecType)]
pub struct Bag {
    /// Three shapes.
    pub shapes: [Shape; 3],
    /// A maybe-number.
    pub best: Option<u32>,
    /// A table.
    pub table: Map<u8, Shape>,
}

#[layer(name = "Differential", state = Bag)]
pub mod dx {
    use super::*;

    /// Every operator and method on `u8`, chosen by `op`.
    #[spec]
    pub fn ops_u8(op: u8, a: u8, b: u8, s: u32) -> Option<u8> {
        let r = match op {
            0 => a + b,
            1 => a - b,
            2 => a * b,
            3 => a / b,
            4 => a % b,
            5 => a << s,
            6 => a >> s,
            7 => a << (b as u8),
            8 => a >> (b as i64),
            9 => a & b,
            10 => a | b,
            11 => a ^ b,
            12 => !a,
            14 => !b,
            15 => a.wrapping_add(b),
            16 => a.wrapping_sub(b),
            17 => a.wrapping_mul(b),
            18 => a.checked_add(b)?,
            19 => a.checked_sub(b)?,
            20 => a.checked_mul(b)?,
            21 => a.checked_div(b)?,
            22 => a.saturating_add(b),
            23 => a.saturating_sub(b),
            24 => a.saturating_mul(b),
            25 => a.min(b),
            26 => a.max(b),
            27 => (a < b) as u8,
            28 => (a <= b) as u8 + (a > b) as u8 * 2 + (a >= b) as u8 * 4,
            _ => return None,
        };
        Some(r)
    }

    /// `u8` cast to every integer type.
    #[spec]
    pub fn casts_u8(a: u8) -> Option<((u8, u16, u32, u64, usize), (i8, i16, i32, i64))> {
        Some((
            (a as u8, a as u16, a as u32, a as u64, a as usize),
            (a as i8, a as i16, a as i32, a as i64),
        ))
    }

    /// Every operator and method on `u16`, chosen by `op`.
    #[spec]
    pub fn ops_u16(op: u8, a: u16, b: u16, s: u32) -> Option<u16> {
        let r = match op {
            0 => a + b,
            1 => a - b,
            2 => a * b,
            3 => a / b,
            4 => a % b,
            5 => a << s,
            6 => a >> s,
            7 => a << (b as u8),
            8 => a >> (b as i64),
            9 => a & b,
            10 => a | b,
            11 => a ^ b,
            12 => !a,
            14 => !b,
            15 => a.wrapping_add(b),
            16 => a.wrapping_sub(b),
            17 => a.wrapping_mul(b),
            18 => a.checked_add(b)?,
            19 => a.checked_sub(b)?,
            20 => a.checked_mul(b)?,
            21 => a.checked_div(b)?,
            22 => a.saturating_add(b),
            23 => a.saturating_sub(b),
            24 => a.saturating_mul(b),
            25 => a.min(b),
            26 => a.max(b),
            27 => (a < b) as u16,
            28 => (a <= b) as u16 + (a > b) as u16 * 2 + (a >= b) as u16 * 4,
            _ => return None,
        };
        Some(r)
    }

    /// `u16` cast to every integer type.
    #[spec]
    pub fn casts_u16(a: u16) -> Option<((u8, u16, u32, u64, usize), (i8, i16, i32, i64))> {
        Some((
            (a as u8, a as u16, a as u32, a as u64, a as usize),
            (a as i8, a as i16, a as i32, a as i64),
        ))
    }

    /// Every operator and method on `u32`, chosen by `op`.
    #[spec]
    pub fn ops_u32(op: u8, a: u32, b: u32, s: u32) -> Option<u32> {
        let r = match op {
            0 => a + b,
            1 => a - b,
            2 => a * b,
            3 => a / b,
            4 => a % b,
            5 => a << s,
            6 => a >> s,
            7 => a << (b as u8),
            8 => a >> (b as i64),
            9 => a & b,
            10 => a | b,
            11 => a ^ b,
            12 => !a,
            14 => !b,
            15 => a.wrapping_add(b),
            16 => a.wrapping_sub(b),
            17 => a.wrapping_mul(b),
            18 => a.checked_add(b)?,
            19 => a.checked_sub(b)?,
            20 => a.checked_mul(b)?,
            21 => a.checked_div(b)?,
            22 => a.saturating_add(b),
            23 => a.saturating_sub(b),
            24 => a.saturating_mul(b),
            25 => a.min(b),
            26 => a.max(b),
            27 => (a < b) as u32,
            28 => (a <= b) as u32 + (a > b) as u32 * 2 + (a >= b) as u32 * 4,
            _ => return None,
        };
        Some(r)
    }

    /// `u32` cast to every integer type.
    #[spec]
    pub fn casts_u32(a: u32) -> Option<((u8, u16, u32, u64, usize), (i8, i16, i32, i64))> {
        Some((
            (a as u8, a as u16, a as u32, a as u64, a as usize),
            (a as i8, a as i16, a as i32, a as i64),
        ))
    }

    /// Every operator and method on `u64`, chosen by `op`.
    #[spec]
    pub fn ops_u64(op: u8, a: u64, b: u64, s: u32) -> Option<u64> {
        let r = match op {
            0 => a + b,
            1 => a - b,
            2 => a * b,
            3 => a / b,
            4 => a % b,
            5 => a << s,
            6 => a >> s,
            7 => a << (b as u8),
            8 => a >> (b as i64),
            9 => a & b,
            10 => a | b,
            11 => a ^ b,
            12 => !a,
            14 => !b,
            15 => a.wrapping_add(b),
            16 => a.wrapping_sub(b),
            17 => a.wrapping_mul(b),
            18 => a.checked_add(b)?,
            19 => a.checked_sub(b)?,
            20 => a.checked_mul(b)?,
            21 => a.checked_div(b)?,
            22 => a.saturating_add(b),
            23 => a.saturating_sub(b),
            24 => a.saturating_mul(b),
            25 => a.min(b),
            26 => a.max(b),
            27 => (a < b) as u64,
            28 => (a <= b) as u64 + (a > b) as u64 * 2 + (a >= b) as u64 * 4,
            _ => return None,
        };
        Some(r)
    }

    /// `u64` cast to every integer type.
    #[spec]
    pub fn casts_u64(a: u64) -> Option<((u8, u16, u32, u64, usize), (i8, i16, i32, i64))> {
        Some((
            (a as u8, a as u16, a as u32, a as u64, a as usize),
            (a as i8, a as i16, a as i32, a as i64),
        ))
    }

    /// Every operator and method on `usize`, chosen by `op`.
    #[spec]
    pub fn ops_usize(op: u8, a: usize, b: usize, s: u32) -> Option<usize> {
        let r = match op {
            0 => a + b,
            1 => a - b,
            2 => a * b,
            3 => a / b,
            4 => a % b,
            5 => a << s,
            6 => a >> s,
            7 => a << (b as u8),
            8 => a >> (b as i64),
            9 => a & b,
            10 => a | b,
            11 => a ^ b,
            12 => !a,
            14 => !b,
            15 => a.wrapping_add(b),
            16 => a.wrapping_sub(b),
            17 => a.wrapping_mul(b),
            18 => a.checked_add(b)?,
            19 => a.checked_sub(b)?,
            20 => a.checked_mul(b)?,
            21 => a.checked_div(b)?,
            22 => a.saturating_add(b),
            23 => a.saturating_sub(b),
            24 => a.saturating_mul(b),
            25 => a.min(b),
            26 => a.max(b),
            27 => (a < b) as usize,
            28 => (a <= b) as usize + (a > b) as usize * 2 + (a >= b) as usize * 4,
            _ => return None,
        };
        Some(r)
    }

    /// `usize` cast to every integer type.
    #[spec]
    pub fn casts_usize(a: usize) -> Option<((u8, u16, u32, u64, usize), (i8, i16, i32, i64))> {
        Some((
            (a as u8, a as u16, a as u32, a as u64, a as usize),
            (a as i8, a as i16, a as i32, a as i64),
        ))
    }

    /// Every operator and method on `i8`, chosen by `op`.
    #[spec]
    pub fn ops_i8(op: u8, a: i8, b: i8, s: u32) -> Option<i8> {
        let r = match op {
            0 => a + b,
            1 => a - b,
            2 => a * b,
            3 => a / b,
            4 => a % b,
            5 => a << s,
            6 => a >> s,
            7 => a << (b as u8),
            8 => a >> (b as i64),
            9 => a & b,
            10 => a | b,
            11 => a ^ b,
            12 => !a,
            14 => -a,
            15 => a.wrapping_add(b),
            16 => a.wrapping_sub(b),
            17 => a.wrapping_mul(b),
            18 => a.checked_add(b)?,
            19 => a.checked_sub(b)?,
            20 => a.checked_mul(b)?,
            21 => a.checked_div(b)?,
            22 => a.saturating_add(b),
            23 => a.saturating_sub(b),
            24 => a.saturating_mul(b),
            25 => a.min(b),
            26 => a.max(b),
            27 => (a < b) as i8,
            28 => (a <= b) as i8 + (a > b) as i8 * 2 + (a >= b) as i8 * 4,
            _ => return None,
        };
        Some(r)
    }

    /// `i8` cast to every integer type.
    #[spec]
    pub fn casts_i8(a: i8) -> Option<((u8, u16, u32, u64, usize), (i8, i16, i32, i64))> {
        Some((
            (a as u8, a as u16, a as u32, a as u64, a as usize),
            (a as i8, a as i16, a as i32, a as i64),
        ))
    }

    /// Every operator and method on `i16`, chosen by `op`.
    #[spec]
    pub fn ops_i16(op: u8, a: i16, b: i16, s: u32) -> Option<i16> {
        let r = match op {
            0 => a + b,
            1 => a - b,
            2 => a * b,
            3 => a / b,
            4 => a % b,
            5 => a << s,
            6 => a >> s,
            7 => a << (b as u8),
            8 => a >> (b as i64),
            9 => a & b,
            10 => a | b,
            11 => a ^ b,
            12 => !a,
            14 => -a,
            15 => a.wrapping_add(b),
            16 => a.wrapping_sub(b),
            17 => a.wrapping_mul(b),
            18 => a.checked_add(b)?,
            19 => a.checked_sub(b)?,
            20 => a.checked_mul(b)?,
            21 => a.checked_div(b)?,
            22 => a.saturating_add(b),
            23 => a.saturating_sub(b),
            24 => a.saturating_mul(b),
            25 => a.min(b),
            26 => a.max(b),
            27 => (a < b) as i16,
            28 => (a <= b) as i16 + (a > b) as i16 * 2 + (a >= b) as i16 * 4,
            _ => return None,
        };
        Some(r)
    }

    /// `i16` cast to every integer type.
    #[spec]
    pub fn casts_i16(a: i16) -> Option<((u8, u16, u32, u64, usize), (i8, i16, i32, i64))> {
        Some((
            (a as u8, a as u16, a as u32, a as u64, a as usize),
            (a as i8, a as i16, a as i32, a as i64),
        ))
    }

    /// Every operator and method on `i32`, chosen by `op`.
    #[spec]
    pub fn ops_i32(op: u8, a: i32, b: i32, s: u32) -> Option<i32> {
        let r = match op {
            0 => a + b,
            1 => a - b,
            2 => a * b,
            3 => a / b,
            4 => a % b,
            5 => a << s,
            6 => a >> s,
            7 => a << (b as u8),
            8 => a >> (b as i64),
            9 => a & b,
            10 => a | b,
            11 => a ^ b,
            12 => !a,
            14 => -a,
            15 => a.wrapping_add(b),
            16 => a.wrapping_sub(b),
            17 => a.wrapping_mul(b),
            18 => a.checked_add(b)?,
            19 => a.checked_sub(b)?,
            20 => a.checked_mul(b)?,
            21 => a.checked_div(b)?,
            22 => a.saturating_add(b),
            23 => a.saturating_sub(b),
            24 => a.saturating_mul(b),
            25 => a.min(b),
            26 => a.max(b),
            27 => (a < b) as i32,
            28 => (a <= b) as i32 + (a > b) as i32 * 2 + (a >= b) as i32 * 4,
            _ => return None,
        };
        Some(r)
    }

    /// `i32` cast to every integer type.
    #[spec]
    pub fn casts_i32(a: i32) -> Option<((u8, u16, u32, u64, usize), (i8, i16, i32, i64))> {
        Some((
            (a as u8, a as u16, a as u32, a as u64, a as usize),
            (a as i8, a as i16, a as i32, a as i64),
        ))
    }

    /// Every operator and method on `i64`, chosen by `op`.
    #[spec]
    pub fn ops_i64(op: u8, a: i64, b: i64, s: u32) -> Option<i64> {
        let r = match op {
            0 => a + b,
            1 => a - b,
            2 => a * b,
            3 => a / b,
            4 => a % b,
            5 => a << s,
            6 => a >> s,
            7 => a << (b as u8),
            8 => a >> (b as i64),
            9 => a & b,
            10 => a | b,
            11 => a ^ b,
            12 => !a,
            14 => -a,
            15 => a.wrapping_add(b),
            16 => a.wrapping_sub(b),
            17 => a.wrapping_mul(b),
            18 => a.checked_add(b)?,
            19 => a.checked_sub(b)?,
            20 => a.checked_mul(b)?,
            21 => a.checked_div(b)?,
            22 => a.saturating_add(b),
            23 => a.saturating_sub(b),
            24 => a.saturating_mul(b),
            25 => a.min(b),
            26 => a.max(b),
            27 => (a < b) as i64,
            28 => (a <= b) as i64 + (a > b) as i64 * 2 + (a >= b) as i64 * 4,
            _ => return None,
        };
        Some(r)
    }

    /// `i64` cast to every integer type.
    #[spec]
    pub fn casts_i64(a: i64) -> Option<((u8, u16, u32, u64, usize), (i8, i16, i32, i64))> {
        Some((
            (a as u8, a as u16, a as u32, a as u64, a as usize),
            (a as i8, a as i16, a as i32, a as i64),
        ))
    }

    /// `bool` operators and `bool as` casts.
    #[spec]
    pub fn bools(a: bool, b: bool) -> Option<((bool, bool, bool, bool, bool), (u8, i64))> {
        Some((
            (a & b, a | b, a ^ b, a && !b, a || b),
            (a as u8, (a == b) as i64),
        ))
    }

    /// Map operations on `u8` keys: set, get, equality (extensional, with defaults).
    #[spec]
    pub fn maps(
        m: Map<u8, u16>,
        n: Map<u8, u16>,
        k: u8,
        v: u16,
    ) -> Option<(u16, u16, bool, bool, Map<u8, u16>)> {
        let mut m2 = m.clone();
        m2.set(k, v);
        let before = m.get(k);
        let after = m2.get(k);
        Some((before, after, m2 == n, m == n, m2))
    }

    /// Maps with `bool` keys built from scratch; equal contents with different defaults.
    #[spec]
    pub fn bool_maps(a: u8, b: u8, d: u8) -> Option<(bool, u8, Map<bool, u8>)> {
        let mut m: Map<bool, u8> = Map::new(d);
        m.set(true, a);
        m.set(false, b);
        let n: Map<bool, u8> = Map::new(a);
        Some((m == n, m.get(a > b), m))
    }

    /// Enum construction, matching and equality; options.
    #[spec]
    pub fn shapes(s: Shape, t: Shape, o: Option<u32>) -> Option<(u32, bool, Shape)> {
        let w = match s {
            Shape::Empty => 0u32,
            Shape::Line(n) => n as u32,
            Shape::Rect(x, true) => (x as u32).wrapping_mul(3),
            Shape::Rect(_, false) => o?,
        };
        let u = match (t, o) {
            (Shape::Rect(x, true), _) | (Shape::Rect(x, false), None) => Shape::Line(x as u16),
            (Shape::Empty, Some(7)) => Shape::Empty,
            _ => Shape::Rect(-1, w > 5),
        };
        Some((w, s == t, u))
    }

    /// Struct, array and map state: indexing (out of bounds is a spec error), updates, options.
    #[spec]
    pub fn bag_update(i: usize, k: u8, st: &Bag) -> Option<(Shape, Bag)> {
        let mut b = st.clone();
        let old = b.shapes[i];
        b.shapes[(i + 1) % 3] = b.table.get(k);
        b.table.set(k, old);
        b.best = match b.best {
            Some(x) => x.checked_add(1),
            None => Some(7),
        };
        Some((old, b))
    }

    /// A loop with constant bounds over the array and a loop with a small symbolic bound.
    #[spec]
    pub fn loops(n: u8, st: &Bag) -> Option<(u32, u32)> {
        rely!(n < 6);
        let mut lines = 0u32;
        for i in 0..3usize {
            if st.shapes[i] != Shape::Empty {
                lines += 1;
            }
        }
        let mut tri = 0u32;
        for j in 0..n {
            tri += j as u32;
        }
        Some((lines, tri))
    }

    /// A large array (encoded as Z3 arrays): read, write, compare, repeat.
    #[spec]
    pub fn big(a: [u16; 100], i: usize, v: u16) -> Option<(u16, bool, [u16; 100])> {
        let mut b = a;
        b[i] = v;
        let c = [v; 100];
        Some((b[i % 100], b == a || c == b, b))
    }

    /// Recursion with a measure.
    #[spec(measure = n)]
    pub fn fact(n: u64) -> Option<u64> {
        rely!(n < 6);
        if n == 0 {
            return Some(1);
        }
        let r = fact(n - 1)?;
        Some(n * r)
    }

    /// Negative literals, signed division and remainder, arithmetic shift of negatives.
    #[spec]
    pub fn signed_mix(a: i16, b: i8) -> Option<(i16, i16, i16, i32)> {
        let c = (b as i16) - 100;
        Some((a / c, a % c, a >> 3u8, (a as i32) * -70000))
    }
}

/// Integers biased toward small values and the ends of the range, where specs branch.
fn int_values(t: IntTy) -> BoxedStrategy<Value> {
    let (min, max) = (t.min_value(), t.max_value());
    let edges = vec![min, max, max - 1, min + 1, 0, 1, (-1i128).max(min)];
    prop_oneof![
        3 => (0i128..6).prop_map(move |v| Value::int(t, v)),
        2 => proptest::sample::select(edges).prop_map(move |v| Value::int(t, v)),
        3 => (min..=max).prop_map(move |v| Value::int(t, v)),
    ]
    .boxed()
}

fn values(ty: &Ty, env: &TypeEnv) -> BoxedStrategy<Value> {
    match ty {
        Ty::Int(t) => int_values(*t),
        Ty::Bool => any::<bool>().prop_map(Value::Bool).boxed(),
        Ty::Tuple(ts) => ts
            .iter()
            .map(|t| values(t, env))
            .collect::<Vec<_>>()
            .prop_map(Value::Tuple)
            .boxed(),
        Ty::Option(t) => {
            prop_oneof![1 => Just(Value::none()), 3 => values(t, env).prop_map(Value::some)].boxed()
        }
        Ty::Array(t, n) => proptest::collection::vec(values(t, env), *n as usize)
            .prop_map(Value::Array)
            .boxed(),
        Ty::Map(k, v) => {
            let entries = proptest::collection::vec((values(k, env), values(v, env)), 0..4);
            (values(v, env), entries)
                .prop_map(|(d, es)| {
                    Value::Map(
                        es.into_iter()
                            .fold(MapValue::new(d), |m, (k, v)| m.set(k, v)),
                    )
                })
                .boxed()
        }
        Ty::Named(n) => named_values(env.get(n).expect("declared type"), env),
    }
}

fn named_values(def: &TypeDef, env: &TypeEnv) -> BoxedStrategy<Value> {
    match def.clone() {
        TypeDef::Struct { name, fields } => {
            let parts: Vec<_> = fields.iter().map(|(_, t)| values(t, env)).collect();
            let names: Vec<String> = fields.into_iter().map(|(n, _)| n).collect();
            parts
                .prop_map(move |vs| Value::Struct {
                    name: name.clone(),
                    fields: names.iter().cloned().zip(vs).collect(),
                })
                .boxed()
        }
        TypeDef::Enum { name, variants } => {
            let arms: Vec<BoxedStrategy<Value>> = variants
                .into_iter()
                .map(|v| {
                    let (name, variant) = (name.clone(), v.name.clone());
                    let parts: Vec<_> = v.fields.iter().map(|t| values(t, env)).collect();
                    parts
                        .prop_map(move |fields| Value::Enum {
                            name: name.clone(),
                            variant: variant.clone(),
                            fields,
                        })
                        .boxed()
                })
                .collect();
            proptest::strategy::Union::new(arms).boxed()
        }
    }
}

/// Arguments for `f`: `op` picks an operator, `s` is a shift amount around the widths.
fn arguments(f: &FnDef, env: &TypeEnv) -> Vec<BoxedStrategy<Value>> {
    let pick = |p: &autov::spec::Param| match (p.name.as_str(), &p.ty) {
        ("op", &Ty::Int(t)) => (0i128..30).prop_map(move |v| Value::int(t, v)).boxed(),
        ("s", &Ty::Int(t)) => (0i128..70).prop_map(move |v| Value::int(t, v)).boxed(),
        (_, t) => values(t, env),
    };
    f.params.iter().map(pick).collect()
}

/// What the concrete evaluator gives, as an [`Outcome`].
fn evaluated(program: &Program, f: &FnDef, args: &[Value]) -> Outcome {
    match program.call(&f.name, args.to_vec()) {
        Ok(v) => Outcome::Value(v),
        Err(EvalError::Fault { fault, span }) => Outcome::Error {
            error: fault.describe().into(),
            span,
        },
        Err(e) => panic!("{}: {e}", f.name),
    }
}

/// The solver's outcome of `f` on `args` must be the evaluator's.
fn check(program: &Program, f: &FnDef, args: Vec<Value>) -> Result<(), TestCaseError> {
    let want = evaluated(program, f, &args);
    match solve_outcome(program, f, &args, &Settings::default()) {
        Ok(got) => prop_assert_eq!(got, want, "{} on {:?}", f.name, args),
        Err(v) => {
            return Err(TestCaseError::fail(format!(
                "{} on {args:?}: {v:?}",
                f.name
            )))
        }
    }
    Ok(())
}

#[test]
fn solver_and_evaluator_agree_on_random_inputs() {
    let program = Program::from_layer(dx::layer).unwrap_or_else(|e| panic!("{e}"));
    assert!(program.fns.len() >= 25, "{} functions", program.fns.len());
    for f in program.fns.values() {
        let cases = if f.name.starts_with("ops_") { 100 } else { 40 };
        let mut runner = TestRunner::new(Config {
            cases,
            ..Config::default()
        });
        if let Err(e) = runner.run(&arguments(f, &program.types), |args| {
            check(&program, f, args)
        }) {
            panic!("{}: {e}", f.name);
        }
    }
}
