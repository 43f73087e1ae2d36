//! Symbolic values: the Z3 image of a [`Value`], one Z3 term per scalar.
//!
//! Integers are bit-vectors of their type's width, `bool` is `Bool`, tuples, structs and arrays
//! are their components, `Option` is `(is_some, payload)`, an enum is a tag bit-vector plus the
//! fields of every variant, and a map is its default plus one Z3 array per scalar of the value
//! type (see [`SymMap`]).
//!
//! Values need not be *canonical* (zero in the payload of a `None` and in the fields of the
//! variants an enum is not): equality ([`sem_eq`]) ignores the parts that do not matter. Only the
//! arrays of a map hold canonical values ([`canon`] is applied where a value is stored), so that
//! array equality is value equality (see [`SymMap`]). Merging a `None` with a `Some` keeps the
//! `Some`'s payload as it is, so a state threaded through calls that may fail stays the same
//! terms rather than becoming one `ite` per scalar.

use super::sort::{int_const, is_variant, tag_const, Leaf, Scalar};
use super::Unsupported;
use crate::spec::{IntTy, Span, Ty, TypeDef, TypeEnv, Value};
use std::rc::Rc;
use z3::ast::{Array, Ast, Bool, Dynamic, BV};

/// A symbolic value of a spec type.
#[derive(Debug, Clone)]
pub(crate) enum SymVal {
    /// An integer of the given type.
    Int(IntTy, BV),
    /// A boolean.
    Bool(Bool),
    /// A tuple (shared: cloning a value never copies its parts).
    Tuple(Rc<[SymVal]>),
    /// A struct, fields in declaration order.
    Struct {
        /// The struct's name.
        name: String,
        /// The fields (shared).
        fields: Rc<[(String, SymVal)]>,
    },
    /// An enum: the tag selects the variant; `variants[i]` are the fields of variant `i`.
    Enum {
        /// The enum's name.
        name: String,
        /// The variant index (values at or above the last index mean the last variant).
        tag: BV,
        /// The fields of every variant.
        variants: Vec<Vec<SymVal>>,
    },
    /// An option.
    Option {
        /// Whether it is `Some`.
        is_some: Bool,
        /// The value inside when it is.
        payload: Box<SymVal>,
    },
    /// A fixed-size array of at most `table::SMALL_ARRAY` elements, element by element.
    Array(Rc<[SymVal]>),
    /// A larger fixed-size array: one Z3 array per scalar of the element type (see `table`).
    Table {
        /// The number of elements.
        len: u64,
        /// An element (zero), giving the shape the scalars are rebuilt into.
        elem: Box<SymVal>,
        /// One Z3 array per scalar of the element, indexed by a 64-bit index.
        table: Vec<Array>,
    },
    /// A total map.
    Map(Box<SymMap>),
}

/// A symbolic `Map<K, V>`: its default and, for each scalar of `V` in the order of
/// [`super::sort::leaves`], a Z3 array from the key to that scalar.
///
/// Two maps are equal when their defaults are equal and their arrays are equal as Z3 arrays
/// (extensionally). That is `MapValue` equality because the arrays only ever hold canonical
/// values: the encoder stores canonical values, and an input map's arrays are the canonical view
/// of free arrays (see [`super::sort::fresh`]).
#[derive(Debug, Clone)]
pub(crate) struct SymMap {
    /// The key type (an integer type or `bool`).
    pub key: Ty,
    /// The value type.
    pub value: Ty,
    /// The value at keys that were never set.
    pub default: SymVal,
    /// One array per scalar of the value type.
    pub table: Vec<Array>,
    /// The free arrays of the input maps this map was built from (for an input map whose value
    /// type has an `Option` or enum inside, `table` is their canonical view, a `lambda`). A model
    /// interprets these as chains of stores, whose keys are the map's entries.
    pub raw: Vec<Array>,
    /// The `fill`s this map was built with: a model's value of a filled array is a `lambda`,
    /// whose keys are read from here.
    pub fills: Vec<Fill>,
}

/// A `fill` of a map: the keys `start + (j << shift)`, `j < count`, of arrays `under`.
#[derive(Debug, Clone)]
pub(crate) struct Fill {
    /// The first key.
    pub start: BV,
    /// How many keys.
    pub count: BV,
    /// log2 of their distance.
    pub shift: BV,
    /// The map's arrays before the fill.
    pub under: Vec<Array>,
}

impl SymVal {
    /// A boolean constant.
    pub fn bool(b: bool) -> SymVal {
        SymVal::Bool(Bool::from_bool(b))
    }

    /// `Some(v)`.
    pub fn some(v: SymVal) -> SymVal {
        SymVal::Option {
            is_some: Bool::from_bool(true),
            payload: Box::new(v),
        }
    }

    /// The integer inside, if this is an integer.
    pub fn as_int(&self) -> Option<(IntTy, &BV)> {
        match self {
            SymVal::Int(t, bv) => Some((*t, bv)),
            _ => None,
        }
    }

    /// The boolean inside, if this is a boolean.
    pub fn as_bool(&self) -> Option<&Bool> {
        match self {
            SymVal::Bool(b) => Some(b),
            _ => None,
        }
    }
}

/// `if c { a } else { b }` for two values of the same type.
///
/// Parts that are the same term on both sides are shared rather than wrapped in an `ite`, so
/// merging two states that differ in one field costs one `ite`.
pub(crate) fn ite(c: &Bool, a: &SymVal, b: &SymVal) -> SymVal {
    if shared(a, b) {
        return a.clone();
    }
    match (a, b) {
        (SymVal::Int(t, x), SymVal::Int(_, y)) => SymVal::Int(*t, pick(c, x, y)),
        (SymVal::Bool(x), SymVal::Bool(y)) => SymVal::Bool(pick(c, x, y)),
        (SymVal::Tuple(xs), SymVal::Tuple(ys)) => SymVal::Tuple(ite_all(c, xs, ys).into()),
        (SymVal::Array(xs), SymVal::Array(ys)) => SymVal::Array(ite_all(c, xs, ys).into()),
        (SymVal::Struct { name, fields: xs }, SymVal::Struct { fields: ys, .. }) => {
            SymVal::Struct {
                name: name.clone(),
                fields: xs
                    .iter()
                    .zip(ys.iter())
                    .map(|((n, x), (_, y))| (n.clone(), ite(c, x, y)))
                    .collect(),
            }
        }
        (
            SymVal::Enum {
                name,
                tag: t1,
                variants: v1,
            },
            SymVal::Enum {
                tag: t2,
                variants: v2,
                ..
            },
        ) => SymVal::Enum {
            name: name.clone(),
            tag: pick(c, t1, t2),
            variants: v1.iter().zip(v2).map(|(x, y)| ite_all(c, x, y)).collect(),
        },
        (
            SymVal::Option {
                is_some: s1,
                payload: p1,
            },
            SymVal::Option {
                is_some: s2,
                payload: p2,
            },
        ) => SymVal::Option {
            is_some: pick(c, s1, s2),
            payload: Box::new(match (s1.as_bool(), s2.as_bool()) {
                (Some(false), _) => (**p2).clone(),
                (_, Some(false)) => (**p1).clone(),
                _ => ite(c, p1, p2),
            }),
        },
        (
            SymVal::Table {
                len,
                elem,
                table: t1,
            },
            SymVal::Table { table: t2, .. },
        ) => SymVal::Table {
            len: *len,
            elem: elem.clone(),
            table: t1.iter().zip(t2).map(|(x, y)| pick(c, x, y)).collect(),
        },
        (SymVal::Map(m1), SymVal::Map(m2)) => SymVal::Map(Box::new(SymMap {
            key: m1.key.clone(),
            value: m1.value.clone(),
            default: ite(c, &m1.default, &m2.default),
            table: m1
                .table
                .iter()
                .zip(&m2.table)
                .map(|(x, y)| pick(c, x, y))
                .collect(),
            raw: m1.raw.iter().chain(&m2.raw).cloned().collect(),
            fills: m1.fills.iter().chain(&m2.fills).cloned().collect(),
        })),
        (a, b) => unreachable!("ite of values of different types: {a:?} / {b:?}"),
    }
}

/// `x == y`, or `true` when both are the same term (large unchanged states compare cheaply).
fn same<T: Ast + PartialEq + Clone>(x: &T, y: &T) -> Bool {
    if x == y {
        Bool::from_bool(true)
    } else {
        Ast::eq(x, y.clone())
    }
}

/// `ite(c, x, y)`, or `x` when both are the same term.
fn pick<T: Ast + Clone + PartialEq>(c: &Bool, x: &T, y: &T) -> T {
    if x == y {
        x.clone()
    } else {
        c.ite(x, y)
    }
}

fn ite_all(c: &Bool, xs: &[SymVal], ys: &[SymVal]) -> Vec<SymVal> {
    xs.iter().zip(ys).map(|(x, y)| ite(c, x, y)).collect()
}

/// Whether `a` and `b` are the very same value: the same shared parts, or the same terms. Cheap,
/// and what keeps an untouched state from being walked scalar by scalar.
fn shared(a: &SymVal, b: &SymVal) -> bool {
    match (a, b) {
        (SymVal::Tuple(x), SymVal::Tuple(y)) | (SymVal::Array(x), SymVal::Array(y)) => {
            Rc::ptr_eq(x, y)
        }
        (SymVal::Struct { fields: x, .. }, SymVal::Struct { fields: y, .. }) => Rc::ptr_eq(x, y),
        (SymVal::Int(_, x), SymVal::Int(_, y)) => x == y,
        (SymVal::Bool(x), SymVal::Bool(y)) => x == y,
        _ => false,
    }
}

/// Whether two values of the same type are equal with Rust's (`Value`'s) meaning.
pub(crate) fn sem_eq(a: &SymVal, b: &SymVal) -> Bool {
    eq_with(a, b, &|x, y| same(x, y))
}

/// [`sem_eq`], but each pair of arrays of maps built by `fill` compared at one fresh key of its
/// own (other maps' arrays compared whole, which Z3 does well): an equality
/// that only a goal may state, whose negation is asserted (there the two mean the same, the
/// key standing for the point where the arrays differ). It spares Z3 the extensional
/// equality of arrays built by `lambda` (a `fill`), which it decides by quantifier
/// instantiation, slowly.
pub(crate) fn goal_eq(a: &SymVal, b: &SymVal) -> Bool {
    eq_with(a, b, &|x, y| {
        if x == y {
            return Bool::from_bool(true);
        }
        let key = Dynamic::fresh_const("differs_at", &x.get_sort().array_domain().unwrap());
        same(&x.select(&key), &y.select(&key))
    })
}

/// Equality of two values of the same type, maps' arrays compared by `arrays`.
fn eq_with(a: &SymVal, b: &SymVal, arrays: &dyn Fn(&Array, &Array) -> Bool) -> Bool {
    let all = |xs: &[SymVal], ys: &[SymVal]| {
        let eqs: Vec<Bool> = xs
            .iter()
            .zip(ys)
            .map(|(x, y)| eq_with(x, y, arrays))
            .collect();
        Bool::and(&eqs)
    };
    if shared(a, b) {
        return Bool::from_bool(true);
    }
    match (a, b) {
        (SymVal::Int(_, x), SymVal::Int(_, y)) => same(x, y),
        (SymVal::Bool(x), SymVal::Bool(y)) => same(x, y),
        (SymVal::Tuple(xs), SymVal::Tuple(ys)) | (SymVal::Array(xs), SymVal::Array(ys)) => {
            all(xs, ys)
        }
        (SymVal::Struct { fields: xs, .. }, SymVal::Struct { fields: ys, .. }) => {
            let eqs: Vec<Bool> = xs
                .iter()
                .zip(ys.iter())
                .map(|((_, x), (_, y))| eq_with(x, y, arrays))
                .collect();
            Bool::and(&eqs)
        }
        (
            SymVal::Enum {
                tag: t1,
                variants: v1,
                ..
            },
            SymVal::Enum {
                tag: t2,
                variants: v2,
                ..
            },
        ) => {
            let n = v1.len();
            let cases: Vec<Bool> = (0..n)
                .map(|i| {
                    Bool::and(&[
                        is_variant(t1, i, n),
                        is_variant(t2, i, n),
                        all(&v1[i], &v2[i]),
                    ])
                })
                .collect();
            Bool::or(&cases)
        }
        (
            SymVal::Option {
                is_some: s1,
                payload: p1,
            },
            SymVal::Option {
                is_some: s2,
                payload: p2,
            },
        ) => {
            let both_none = Bool::and(&[s1.not(), s2.not()]);
            Bool::or(&[both_none, Bool::and(&[s1, s2, &eq_with(p1, p2, arrays)])])
        }
        (a @ SymVal::Table { .. }, b @ SymVal::Table { .. }) => super::table::equal(a, b),
        (SymVal::Map(m1), SymVal::Map(m2)) => {
            let mut eqs = vec![eq_with(&m1.default, &m2.default, arrays)];
            let filled = !m1.fills.is_empty() || !m2.fills.is_empty();
            eqs.extend(m1.table.iter().zip(&m2.table).map(|(x, y)| match filled {
                true => arrays(x, y),
                false => same(x, y),
            }));
            Bool::and(&eqs)
        }
        (a, b) => unreachable!("equality of values of different types: {a:?} / {b:?}"),
    }
}

/// The constraint that input `input` is the canonical value `value`, part by part; an input map's
/// free arrays are equated with `value`'s arrays (stating it of the canonical view would ask Z3
/// to reason about `lambda`s extensionally).
pub(crate) fn pinned(input: &SymVal, value: &SymVal) -> Bool {
    let all = |xs: &[SymVal], ys: &[SymVal]| {
        Bool::and(
            &xs.iter()
                .zip(ys.iter())
                .map(|(x, y)| pinned(x, y))
                .collect::<Vec<_>>(),
        )
    };
    match (input, value) {
        (SymVal::Int(_, x), SymVal::Int(_, y)) => x.eq(y),
        (SymVal::Bool(x), SymVal::Bool(y)) => x.eq(y),
        (SymVal::Tuple(xs), SymVal::Tuple(ys)) | (SymVal::Array(xs), SymVal::Array(ys)) => {
            all(xs, ys)
        }
        (SymVal::Struct { fields: xs, .. }, SymVal::Struct { fields: ys, .. }) => Bool::and(
            &xs.iter()
                .zip(ys.iter())
                .map(|((_, x), (_, y))| pinned(x, y))
                .collect::<Vec<_>>(),
        ),
        (
            SymVal::Enum {
                tag: t1,
                variants: v1,
                ..
            },
            SymVal::Enum {
                tag: t2,
                variants: v2,
                ..
            },
        ) => {
            let mut eqs = vec![t1.eq(t2)];
            eqs.extend(v1.iter().zip(v2).map(|(x, y)| all(x, y)));
            Bool::and(&eqs)
        }
        (
            SymVal::Option {
                is_some: s1,
                payload: p1,
            },
            SymVal::Option {
                is_some: s2,
                payload: p2,
            },
        ) => Bool::and(&[s1.eq(s2), pinned(p1, p2)]),
        (SymVal::Table { table: t1, .. }, SymVal::Table { table: t2, .. }) => {
            Bool::and(&t1.iter().zip(t2).map(|(x, y)| x.eq(y)).collect::<Vec<_>>())
        }
        (SymVal::Map(m1), SymVal::Map(m2)) => {
            let mut eqs = vec![pinned(&m1.default, &m2.default)];
            eqs.extend(m1.raw.iter().zip(&m2.table).map(|(x, y)| x.eq(y)));
            Bool::and(&eqs)
        }
        (a, b) => unreachable!("pinning values of different types: {a:?} / {b:?}"),
    }
}

/// The canonical form of `v`: zero in the payload of a `None` and in the variants an enum is not,
/// the tag clamped to the last variant. What maps store, so that array equality is value equality.
pub(crate) fn canon(v: &SymVal) -> SymVal {
    match v {
        SymVal::Int(..) | SymVal::Bool(_) | SymVal::Map(_) | SymVal::Table { .. } => v.clone(),
        SymVal::Tuple(xs) => SymVal::Tuple(xs.iter().map(canon).collect()),
        SymVal::Array(xs) => SymVal::Array(xs.iter().map(canon).collect()),
        SymVal::Struct { name, fields } => SymVal::Struct {
            name: name.clone(),
            fields: fields.iter().map(|(n, x)| (n.clone(), canon(x))).collect(),
        },
        SymVal::Option { is_some, payload } => SymVal::Option {
            is_some: is_some.clone(),
            payload: Box::new(ite(is_some, &canon(payload), &zero_like(payload))),
        },
        SymVal::Enum {
            name,
            tag,
            variants,
        } => {
            let n = variants.len();
            let last = tag_const(n - 1, n);
            let clamped = tag.bvuge(&last).ite(&last, tag);
            let variants = variants
                .iter()
                .enumerate()
                .map(|(i, fs)| {
                    let on = is_variant(tag, i, n);
                    fs.iter()
                        .map(|f| ite(&on, &canon(f), &zero_like(f)))
                        .collect()
                })
                .collect();
            SymVal::Enum {
                name: name.clone(),
                tag: clamped,
                variants,
            }
        }
    }
}

/// The value of the same shape as `v` with every scalar zero (`false`, tag 0, `None`).
fn zero_like(v: &SymVal) -> SymVal {
    match v {
        SymVal::Int(t, _) => SymVal::Int(*t, int_const(*t, 0)),
        SymVal::Bool(_) => SymVal::bool(false),
        SymVal::Tuple(xs) => SymVal::Tuple(xs.iter().map(zero_like).collect()),
        SymVal::Array(xs) => SymVal::Array(xs.iter().map(zero_like).collect()),
        SymVal::Table { len, elem, table } => SymVal::Table {
            len: *len,
            elem: elem.clone(),
            table: table
                .iter()
                .map(|a| zero_array(a, &Ty::Int(IntTy::U64)))
                .collect(),
        },
        SymVal::Struct { name, fields } => SymVal::Struct {
            name: name.clone(),
            fields: fields
                .iter()
                .map(|(n, x)| (n.clone(), zero_like(x)))
                .collect(),
        },
        SymVal::Option { payload, .. } => SymVal::Option {
            is_some: Bool::from_bool(false),
            payload: Box::new(zero_like(payload)),
        },
        SymVal::Enum { name, variants, .. } => SymVal::Enum {
            name: name.clone(),
            tag: tag_const(0, variants.len()),
            variants: variants
                .iter()
                .map(|fs| fs.iter().map(zero_like).collect())
                .collect(),
        },
        SymVal::Map(m) => SymVal::Map(Box::new(SymMap {
            key: m.key.clone(),
            value: m.value.clone(),
            default: zero_like(&m.default),
            table: m.table.iter().map(|a| zero_array(a, &m.key)).collect(),
            raw: Vec::new(),
            fills: Vec::new(),
        })),
    }
}

/// The constant array of zeros of the sort of `a` (a table of a map with keys of type `key`).
fn zero_array(a: &Array, key: &Ty) -> Array {
    let k = match key {
        Ty::Bool => Scalar::Bool,
        t => Scalar::Bits(t.as_int().map_or(64, |t| t.bits())),
    };
    let v = Scalar::of(&a.select(&k.zero()));
    Leaf::Array(k, v).zero().as_array().expect("array")
}

/// The canonical zero value of `ty`: what `None`'s payload holds.
///
/// Zeros are remembered per thread until [`forget_zeros`]: a spec whose result holds a large
/// state builds the same zero at every `None`.
pub(crate) fn zero(ty: &Ty, types: &TypeEnv, span: &Span) -> Result<SymVal, Unsupported> {
    if let Some(z) = ZEROS.with(|z| z.borrow().get(ty).cloned()) {
        return Ok(z);
    }
    let z = super::sort::fresh_with(ty, types, span, "zero", &mut |_, leaf| leaf.zero())?;
    ZEROS.with(|zs| zs.borrow_mut().insert(ty.clone(), z.clone()));
    Ok(z)
}

thread_local! {
    /// The zeros built since the last [`forget_zeros`], by type.
    static ZEROS: std::cell::RefCell<std::collections::HashMap<Ty, SymVal>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// Forgets the remembered zeros (a query starts with this: the types it names are its own).
pub(crate) fn forget_zeros() {
    ZEROS.with(|z| z.borrow_mut().clear());
}

/// The symbolic image of the concrete value `v` of type `ty`.
pub(crate) fn from_value(
    v: &Value,
    ty: &Ty,
    types: &TypeEnv,
    span: &Span,
) -> Result<SymVal, Unsupported> {
    let bad = || Unsupported::new(format!("value {v} of type {ty}"), span);
    match (v, ty) {
        (Value::Int(i), Ty::Int(_)) => Ok(SymVal::Int(i.ty, int_const(i.ty, i.value))),
        (Value::Bool(b), Ty::Bool) => Ok(SymVal::bool(*b)),
        (Value::Tuple(vs), Ty::Tuple(ts)) => {
            Ok(SymVal::Tuple(from_values(vs, ts, types, span)?.into()))
        }
        (Value::Array(vs), Ty::Array(t, _)) => {
            let ts = vec![(**t).clone(); vs.len()];
            let elems = from_values(vs, &ts, types, span)?;
            match vs.len() as u64 > super::table::SMALL_ARRAY {
                true => super::table::from_elements(&elems, span),
                false => Ok(SymVal::Array(elems.into())),
            }
        }
        (Value::Option(None), Ty::Option(_)) => zero(ty, types, span),
        (Value::Option(Some(x)), Ty::Option(t)) => Ok(SymVal::some(from_value(x, t, types, span)?)),
        (Value::Map(m), Ty::Map(k, vt)) => {
            let empty =
                super::map::new_map(k, vt, &from_value(&m.default, vt, types, span)?, span)?;
            m.entries.iter().try_fold(empty, |acc, (key, x)| {
                let key = from_value(key, k, types, span)?;
                super::map::map_set(&acc, &key, &from_value(x, vt, types, span)?, span)
            })
        }
        (Value::Struct { fields, .. }, Ty::Named(n)) => {
            let decl = types.struct_fields(n).ok_or_else(bad)?;
            let mut out = Vec::new();
            for (fname, fty) in decl {
                let x = fields.iter().find(|(f, _)| f == fname).ok_or_else(bad)?;
                out.push((fname.clone(), from_value(&x.1, fty, types, span)?));
            }
            Ok(SymVal::Struct {
                name: n.clone(),
                fields: out.into(),
            })
        }
        (
            Value::Enum {
                variant, fields, ..
            },
            Ty::Named(n),
        ) => {
            let Some(TypeDef::Enum { variants, .. }) = types.get(n) else {
                return Err(bad());
            };
            let idx = variants
                .iter()
                .position(|w| &w.name == variant)
                .ok_or_else(bad)?;
            let mut vs = Vec::new();
            for (i, w) in variants.iter().enumerate() {
                vs.push(match i == idx {
                    true => from_values(fields, &w.fields, types, span)?,
                    false => w
                        .fields
                        .iter()
                        .map(|t| zero(t, types, span))
                        .collect::<Result<_, _>>()?,
                });
            }
            Ok(SymVal::Enum {
                name: n.clone(),
                tag: tag_const(idx, variants.len()),
                variants: vs,
            })
        }
        _ => Err(bad()),
    }
}

fn from_values(
    vs: &[Value],
    ts: &[Ty],
    types: &TypeEnv,
    span: &Span,
) -> Result<Vec<SymVal>, Unsupported> {
    vs.iter()
        .zip(ts)
        .map(|(v, t)| from_value(v, t, types, span))
        .collect()
}
