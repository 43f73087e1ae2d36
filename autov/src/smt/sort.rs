//! From spec types to Z3: the scalars a type is made of, fresh symbolic values of a type, and the
//! flattening of a value into its scalars (how maps store structured values).

use super::symval::{canon, SymMap, SymVal};
use super::table::SMALL_ARRAY;
use super::Unsupported;
use crate::spec::{IntTy, Span, Ty, TypeDef, TypeEnv};
use z3::ast::{lambda_const, Array, Bool, Dynamic, BV};
use z3::Sort;

/// The sort of one scalar: a bit-vector of some width or a boolean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scalar {
    /// A bit-vector of this many bits.
    Bits(u32),
    /// A boolean.
    Bool,
}

impl Scalar {
    /// The Z3 sort.
    pub fn sort(self) -> Sort {
        match self {
            Scalar::Bits(n) => Sort::bitvector(n),
            Scalar::Bool => Sort::bool(),
        }
    }

    /// The scalar of an integer or `bool` type (what a map key may be).
    pub fn of_key(ty: &Ty, span: &Span) -> Result<Scalar, Unsupported> {
        match ty {
            Ty::Int(t) => Ok(Scalar::Bits(t.bits())),
            Ty::Bool => Ok(Scalar::Bool),
            t => Err(Unsupported::new(
                format!("map key of type `{t}` (only integer and bool keys are encoded)"),
                span,
            )),
        }
    }
}

/// The bit-vector of `ty`'s width holding `value` (which lies in `ty`'s range).
pub(crate) fn int_const(ty: IntTy, value: i128) -> BV {
    let bits = (value as u128 & ((1u128 << ty.bits()) - 1)) as u64;
    BV::from_u64(bits, ty.bits())
}

/// The width of the tag of an enum with `n` variants.
fn tag_bits(n: usize) -> u32 {
    (usize::BITS - n.saturating_sub(1).leading_zeros()).max(1)
}

/// The tag of variant `i` of an enum with `n` variants.
pub(crate) fn tag_const(i: usize, n: usize) -> BV {
    BV::from_u64(i as u64, tag_bits(n))
}

/// Whether `tag` selects variant `i` of `n`: tags at or above `n - 1` all mean the last variant,
/// so that every bit pattern of an input is a valid enum value.
pub(crate) fn is_variant(tag: &BV, i: usize, n: usize) -> Bool {
    if i + 1 == n {
        tag.bvuge(tag_const(i, n))
    } else {
        tag.eq(tag_const(i, n))
    }
}

/// What a scalar of a value is encoded as: a scalar, or (inside a map) an array of scalars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Leaf {
    /// A bit-vector or boolean.
    Scalar(Scalar),
    /// An array from the key scalar to the value scalar.
    Array(Scalar, Scalar),
}

impl Scalar {
    /// Zero (`false` for a boolean).
    pub fn zero(self) -> Dynamic {
        match self {
            Scalar::Bits(n) => Dynamic::from_ast(&BV::from_u64(0, n)),
            Scalar::Bool => Dynamic::from_ast(&Bool::from_bool(false)),
        }
    }

    /// The scalar sort of `d`.
    pub fn of(d: &Dynamic) -> Scalar {
        match d.as_bv() {
            Some(bv) => Scalar::Bits(bv.get_size()),
            None => Scalar::Bool,
        }
    }
}

impl Leaf {
    /// The Z3 sort.
    pub fn sort(self) -> Sort {
        match self {
            Leaf::Scalar(s) => s.sort(),
            Leaf::Array(k, v) => Sort::array(&k.sort(), &v.sort()),
        }
    }

    /// Zero, or the constant array of zeros.
    pub fn zero(self) -> Dynamic {
        match self {
            Leaf::Scalar(s) => s.zero(),
            Leaf::Array(k, v) => Dynamic::from_ast(&Array::const_array(&k.sort(), &v.zero())),
        }
    }
}

/// Builds a value of `ty` whose scalars come from `mk(name, leaf)`; a map's arrays are asked for
/// as [`Leaf::Array`]. `name` is the path of the scalar (`st.pages.2.owner.tag`).
pub(crate) fn fresh_with(
    ty: &Ty,
    types: &TypeEnv,
    span: &Span,
    name: &str,
    mk: &mut dyn FnMut(&str, Leaf) -> Dynamic,
) -> Result<SymVal, Unsupported> {
    let sub = |s: &dyn std::fmt::Display| format!("{name}.{s}");
    Ok(match ty {
        Ty::Int(t) => SymVal::Int(
            *t,
            mk(name, Leaf::Scalar(Scalar::Bits(t.bits())))
                .as_bv()
                .expect("bv"),
        ),
        Ty::Bool => SymVal::Bool(
            mk(name, Leaf::Scalar(Scalar::Bool))
                .as_bool()
                .expect("bool"),
        ),
        Ty::Tuple(ts) => SymVal::Tuple(
            ts.iter()
                .enumerate()
                .map(|(i, t)| fresh_with(t, types, span, &sub(&i), mk))
                .collect::<Result<_, _>>()?,
        ),
        Ty::Array(t, n) if *n > SMALL_ARRAY => {
            let elem = fresh_with(t, types, span, name, &mut |_, l| l.zero())?;
            let mut scalars = Vec::new();
            leaves(&elem, span, &mut scalars)?;
            let table = scalars
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    mk(
                        &sub(&format!("elem.{i}")),
                        Leaf::Array(Scalar::Bits(64), Scalar::of(s)),
                    )
                    .as_array()
                    .expect("array")
                })
                .collect();
            SymVal::Table {
                len: *n,
                elem: Box::new(elem),
                table,
            }
        }
        Ty::Array(t, n) => SymVal::Array(
            (0..*n)
                .map(|i| fresh_with(t, types, span, &sub(&i), mk))
                .collect::<Result<_, _>>()?,
        ),
        Ty::Option(t) => SymVal::Option {
            is_some: mk(&sub(&"is_some"), Leaf::Scalar(Scalar::Bool))
                .as_bool()
                .expect("bool"),
            payload: Box::new(fresh_with(t, types, span, &sub(&"some"), mk)?),
        },
        Ty::Map(k, v) => {
            let key = Scalar::of_key(k, span)?;
            let default = fresh_with(v, types, span, &sub(&"default"), mk)?;
            let mut scalars = Vec::new();
            scalars_of(v, types, span, &mut scalars)?;
            let table: Vec<Array> = scalars
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    mk(&sub(&i), Leaf::Array(key, *s))
                        .as_array()
                        .expect("array")
                })
                .collect();
            SymVal::Map(Box::new(SymMap {
                key: (**k).clone(),
                value: (**v).clone(),
                default,
                raw: table.clone(),
                table,
                fills: Vec::new(),
            }))
        }
        Ty::Named(n) => fresh_named(n, types, span, name, mk)?,
    })
}

fn fresh_named(
    n: &str,
    types: &TypeEnv,
    span: &Span,
    name: &str,
    mk: &mut dyn FnMut(&str, Leaf) -> Dynamic,
) -> Result<SymVal, Unsupported> {
    match types.get(n) {
        Some(TypeDef::Struct { fields, .. }) => Ok(SymVal::Struct {
            name: n.to_string(),
            fields: fields
                .iter()
                .map(|(f, t)| {
                    Ok((
                        f.clone(),
                        fresh_with(t, types, span, &format!("{name}.{f}"), mk)?,
                    ))
                })
                .collect::<Result<_, Unsupported>>()?,
        }),
        Some(TypeDef::Enum { variants, .. }) => {
            let tag = mk(
                &format!("{name}.tag"),
                Leaf::Scalar(Scalar::Bits(tag_bits(variants.len()))),
            );
            let mut vs = Vec::new();
            for v in variants {
                let fs = v.fields.iter().enumerate();
                vs.push(
                    fs.map(|(i, t)| {
                        fresh_with(t, types, span, &format!("{name}.{}.{i}", v.name), mk)
                    })
                    .collect::<Result<_, _>>()?,
                );
            }
            Ok(SymVal::Enum {
                name: n.to_string(),
                tag: tag.as_bv().expect("bv"),
                variants: vs,
            })
        }
        None => Err(Unsupported::new(format!("undeclared type `{n}`"), span)),
    }
}

/// A fresh symbolic input of type `ty` named after `name`.
///
/// Inside an input map, the free arrays may hold junk where values are not canonical (the payload
/// of a `None`, the fields of the variants an enum is not); the map's arrays are then their
/// canonical view, `lambda k. canon(free[k])`, so that array equality is value equality.
pub(crate) fn fresh(
    ty: &Ty,
    types: &TypeEnv,
    span: &Span,
    name: &str,
) -> Result<SymVal, Unsupported> {
    let v = fresh_with(ty, types, span, name, &mut |n, l| {
        Dynamic::fresh_const(n, &l.sort())
    })?;
    canonical_maps(v, types, span)
}

/// `v` with the arrays of every map inside replaced by their canonical view where needed.
fn canonical_maps(v: SymVal, types: &TypeEnv, span: &Span) -> Result<SymVal, Unsupported> {
    let all = |xs: &[SymVal]| {
        xs.iter()
            .map(|x| canonical_maps(x.clone(), types, span))
            .collect::<Result<Vec<_>, _>>()
    };
    Ok(match v {
        SymVal::Int(..) | SymVal::Bool(_) | SymVal::Table { .. } => v,
        SymVal::Tuple(xs) => SymVal::Tuple(all(&xs)?.into()),
        SymVal::Array(xs) => SymVal::Array(all(&xs)?.into()),
        SymVal::Struct { name, fields } => {
            let (names, xs): (Vec<String>, Vec<SymVal>) = fields.iter().cloned().unzip();
            SymVal::Struct {
                name,
                fields: names.into_iter().zip(all(&xs)?).collect(),
            }
        }
        SymVal::Option { is_some, payload } => SymVal::Option {
            is_some,
            payload: Box::new(canonical_maps(*payload, types, span)?),
        },
        SymVal::Enum {
            name,
            tag,
            variants,
        } => SymVal::Enum {
            name,
            tag,
            variants: variants
                .iter()
                .map(|fs| all(fs))
                .collect::<Result<_, _>>()?,
        },
        SymVal::Map(m) if has_junk(&m.default) => {
            SymVal::Map(Box::new(canonical_view(*m, types, span)?))
        }
        SymVal::Map(_) => v,
    })
}

/// Whether values shaped like `v` can hold parts that do not matter (see [`canon`]).
fn has_junk(v: &SymVal) -> bool {
    match v {
        SymVal::Int(..) | SymVal::Bool(_) | SymVal::Map(_) | SymVal::Table { .. } => false,
        SymVal::Option { .. } | SymVal::Enum { .. } => true,
        SymVal::Tuple(xs) | SymVal::Array(xs) => xs.iter().any(has_junk),
        SymVal::Struct { fields, .. } => fields.iter().any(|(_, x)| has_junk(x)),
    }
}

fn canonical_view(m: SymMap, types: &TypeEnv, span: &Span) -> Result<SymMap, Unsupported> {
    let k = Dynamic::fresh_const("key", &Scalar::of_key(&m.key, span)?.sort());
    let mut at_k = m.raw.iter().map(|a| a.select(&k));
    let value = from_leaves(&m.value, types, span, &mut at_k)?;
    let mut scalars = Vec::new();
    leaves(&canon(&value), span, &mut scalars)?;
    let table = scalars.iter().map(|s| lambda_const(&[&k], s)).collect();
    Ok(SymMap { table, ..m })
}

/// The scalars of a value of `ty`, in the order of [`leaves`]. A map inside is not encoded.
pub(crate) fn scalars_of(
    ty: &Ty,
    types: &TypeEnv,
    span: &Span,
    out: &mut Vec<Scalar>,
) -> Result<(), Unsupported> {
    let v = fresh_with(ty, types, span, "probe", &mut |_, l| l.zero())?;
    let mut ls = Vec::new();
    leaves(&v, span, &mut ls)?;
    out.extend(ls.iter().map(Scalar::of));
    Ok(())
}

/// Appends the scalars of `v` (tags before fields, `is_some` before the payload).
pub(crate) fn leaves(v: &SymVal, span: &Span, out: &mut Vec<Dynamic>) -> Result<(), Unsupported> {
    match v {
        SymVal::Int(_, bv) => out.push(Dynamic::from_ast(bv)),
        SymVal::Bool(b) => out.push(Dynamic::from_ast(b)),
        SymVal::Tuple(xs) | SymVal::Array(xs) => xs.iter().try_for_each(|x| leaves(x, span, out))?,
        SymVal::Struct { fields, .. } => fields.iter().try_for_each(|(_, x)| leaves(x, span, out))?,
        SymVal::Option { is_some, payload } => {
            out.push(Dynamic::from_ast(is_some));
            leaves(payload, span, out)?;
        }
        SymVal::Enum { tag, variants, .. } => {
            out.push(Dynamic::from_ast(tag));
            variants.iter().flatten().try_for_each(|x| leaves(x, span, out))?;
        }
        SymVal::Map(_) => return Err(Unsupported::new("a map inside the value of a map".into(), span)),
        SymVal::Table { .. } => {
            return Err(Unsupported::new(format!("an array of more than {SMALL_ARRAY} elements inside a map or an array of that size"), span))
        }
    }
    Ok(())
}

/// The value shaped like `template` whose scalars are taken from `scalars` (the inverse of
/// [`leaves`]).
pub(crate) fn rebuild(template: &SymVal, scalars: &mut dyn Iterator<Item = Dynamic>) -> SymVal {
    let mut next = || scalars.next().expect("one scalar per leaf");
    rebuild_with(template, &mut next)
}

fn rebuild_with(t: &SymVal, next: &mut dyn FnMut() -> Dynamic) -> SymVal {
    let all = |xs: &[SymVal], next: &mut dyn FnMut() -> Dynamic| -> Vec<SymVal> {
        xs.iter().map(|x| rebuild_with(x, next)).collect()
    };
    match t {
        SymVal::Int(ty, _) => SymVal::Int(*ty, next().as_bv().expect("bv")),
        SymVal::Bool(_) => SymVal::Bool(next().as_bool().expect("bool")),
        SymVal::Tuple(xs) => SymVal::Tuple(all(xs, next).into()),
        SymVal::Array(xs) => SymVal::Array(all(xs, next).into()),
        SymVal::Struct { name, fields } => SymVal::Struct {
            name: name.clone(),
            fields: fields
                .iter()
                .map(|(n, x)| (n.clone(), rebuild_with(x, next)))
                .collect(),
        },
        SymVal::Option { payload, .. } => {
            let is_some = next().as_bool().expect("bool");
            SymVal::Option {
                is_some,
                payload: Box::new(rebuild_with(payload, next)),
            }
        }
        SymVal::Enum { name, variants, .. } => {
            let tag = next().as_bv().expect("bv");
            SymVal::Enum {
                name: name.clone(),
                tag,
                variants: variants.iter().map(|fs| all(fs, next)).collect(),
            }
        }
        SymVal::Map(_) | SymVal::Table { .. } => {
            unreachable!("leaves rejects maps and large arrays")
        }
    }
}

/// The value of type `ty` whose scalars are taken from `scalars` (the inverse of [`leaves`]).
pub(crate) fn from_leaves(
    ty: &Ty,
    types: &TypeEnv,
    span: &Span,
    scalars: &mut dyn Iterator<Item = Dynamic>,
) -> Result<SymVal, Unsupported> {
    fresh_with(ty, types, span, "leaf", &mut |_, _| {
        scalars.next().expect("one scalar per leaf")
    })
}
