//! Symbolic maps: `Map::new`, `get` and `set` over the per-scalar Z3 arrays of a [`SymMap`].

use super::sort::{from_leaves, leaves, Scalar};
use super::symval::{canon, Fill, SymMap, SymVal};
use super::Unsupported;
use crate::spec::{Span, Ty, TypeEnv};
use z3::ast::{lambda_const, Array, Bool, Dynamic, BV};

/// The Z3 key of a key value (an integer or a boolean).
fn key_of(key: &SymVal, span: &Span) -> Result<Dynamic, Unsupported> {
    match key {
        SymVal::Int(_, bv) => Ok(Dynamic::from_ast(bv)),
        SymVal::Bool(b) => Ok(Dynamic::from_ast(b)),
        _ => Err(Unsupported::new(
            "map key that is not an integer or bool".into(),
            span,
        )),
    }
}

/// `Map::new(default)` for a `Map<key, value>`.
pub(crate) fn new_map(
    key: &Ty,
    value: &Ty,
    default: &SymVal,
    span: &Span,
) -> Result<SymVal, Unsupported> {
    let domain = Scalar::of_key(key, span)?.sort();
    let default = canon(default);
    let mut scalars = Vec::new();
    leaves(&default, span, &mut scalars)?;
    let table = scalars
        .iter()
        .map(|s| Array::const_array(&domain, s))
        .collect();
    Ok(SymVal::Map(Box::new(SymMap {
        key: key.clone(),
        value: value.clone(),
        default,
        table,
        raw: Vec::new(),
        fills: Vec::new(),
    })))
}

/// `map.get(key)`.
pub(crate) fn map_get(
    map: &SymVal,
    key: &SymVal,
    types: &TypeEnv,
    span: &Span,
) -> Result<SymVal, Unsupported> {
    let m = as_map(map);
    let k = key_of(key, span)?;
    let mut scalars = m.table.iter().map(|a| a.select(&k));
    from_leaves(&m.value, types, span, &mut scalars)
}

/// The map `map` with `key` set to `value`.
pub(crate) fn map_set(
    map: &SymVal,
    key: &SymVal,
    value: &SymVal,
    span: &Span,
) -> Result<SymVal, Unsupported> {
    let m = as_map(map);
    let k = key_of(key, span)?;
    let mut scalars = Vec::new();
    leaves(&canon(value), span, &mut scalars)?;
    let table = m
        .table
        .iter()
        .zip(&scalars)
        .map(|(a, s)| a.store(&k, s))
        .collect();
    Ok(SymVal::Map(Box::new(SymMap {
        table,
        ..(*m).clone()
    })))
}

/// The map `map` with keys `start + (j << shift)`, `j < count`, set to `value` (`shift`
/// modulo 64): a lambda over the key, which holds `value` where the key's distance from
/// `start` (modulo 2^64) has its low `shift` bits clear and is below `count << shift`.
pub(crate) fn map_fill(
    map: &SymVal,
    [start, count, shift]: [&SymVal; 3],
    value: &SymVal,
    span: &Span,
) -> Result<SymVal, Unsupported> {
    let m = as_map(map);
    let bv = |v: &SymVal| match v {
        SymVal::Int(_, bv) => Ok(bv.clone()),
        _ => Err(Unsupported::new("`fill` of a non-integer".into(), span)),
    };
    let (start, count, shift) = (bv(start)?, bv(count)?, bv(shift)?);
    let fill = Fill {
        start: start.clone(),
        count: count.clone(),
        shift: shift.clone(),
        under: m.table.clone(),
    };
    let key = BV::fresh_const("fill_key", 64);
    let offset = key.bvsub(&start);
    let shift = shift.bvand(&BV::from_u64(63, 64));
    let one = BV::from_u64(1, 64);
    let low = one.bvshl(&shift).bvsub(&one);
    let hit = Bool::and(&[
        offset.bvand(&low).eq(&BV::from_u64(0, 64)),
        offset.bvlshr(&shift).bvult(&count),
    ]);
    let mut scalars = Vec::new();
    leaves(&canon(value), span, &mut scalars)?;
    let table = m
        .table
        .iter()
        .zip(&scalars)
        .map(|(a, s)| {
            let body = hit.ite(s, &a.select(&key));
            lambda_const(&[&key], &body)
        })
        .collect();
    let mut filled = (*m).clone();
    filled.table = table;
    filled.fills.push(fill);
    Ok(SymVal::Map(Box::new(filled)))
}

fn as_map(v: &SymVal) -> &SymMap {
    match v {
        SymVal::Map(m) => m,
        v => unreachable!("map operation on {v:?}"),
    }
}

/// The constraint that input map `m` is its default except at `n` keys (fresh constants): what
/// makes a model's input map a `MapValue`, which has finitely many entries.
pub(crate) fn finitely_many_entries(
    m: &SymMap,
    n: usize,
    span: &Span,
) -> Result<Bool, Unsupported> {
    let key = Scalar::of_key(&m.key, span)?;
    let keys: Vec<Dynamic> = (0..n)
        .map(|_| Dynamic::fresh_const("entry_key", &key.sort()))
        .collect();
    let mut defaults = Vec::new();
    leaves(&m.default, span, &mut defaults)?;
    let eqs: Vec<Bool> = m
        .raw
        .iter()
        .zip(&defaults)
        .map(|(a, d)| {
            let base = Array::const_array(&key.sort(), d);
            let filled = keys.iter().fold(base, |acc, k| {
                acc.store(k, &Dynamic::fresh_const("entry", &Scalar::of(d).sort()))
            });
            a.eq(&filled)
        })
        .collect();
    Ok(Bool::and(&eqs))
}
