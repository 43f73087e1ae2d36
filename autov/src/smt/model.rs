//! Counterexamples: reading symbolic values back as [`Value`]s from a Z3 model.

use super::map::map_get;
use super::sort::is_variant;
use super::symval::{Fill, SymMap, SymVal};
use super::unroll::numeral;
use crate::spec::{fill_keys, Int, IntTy, MapValue, Span, Ty, TypeDef, TypeEnv, Value};
use z3::ast::{Ast, Bool, Dynamic, BV};
use z3::{DeclKind, Model};

/// Whether `b` holds in `model`.
pub(crate) fn holds(model: &Model, b: &Bool) -> bool {
    model
        .eval(b, true)
        .and_then(|x| x.as_bool())
        .unwrap_or(false)
}

fn int_value(model: &Model, t: IntTy, bv: &BV) -> Value {
    let v = model
        .eval(bv, true)
        .and_then(|x| numeral(t, &x))
        .unwrap_or(0);
    Value::Int(Int { ty: t, value: v })
}

/// The concrete value of `v` in `model`.
pub(crate) fn value_of(model: &Model, v: &SymVal, types: &TypeEnv) -> Value {
    match v {
        SymVal::Int(t, bv) => int_value(model, *t, bv),
        SymVal::Bool(b) => Value::Bool(holds(model, b)),
        SymVal::Tuple(xs) => Value::Tuple(xs.iter().map(|x| value_of(model, x, types)).collect()),
        SymVal::Array(xs) => Value::Array(xs.iter().map(|x| value_of(model, x, types)).collect()),
        SymVal::Table { len, .. } => Value::Array(
            (0..*len)
                .map(|i| value_of(model, &super::table::get(v, &BV::from_u64(i, 64)), types))
                .collect(),
        ),
        SymVal::Struct { name, fields } => Value::Struct {
            name: name.clone(),
            fields: fields
                .iter()
                .map(|(n, x)| (n.clone(), value_of(model, x, types)))
                .collect(),
        },
        SymVal::Option { is_some, payload } => match holds(model, is_some) {
            true => Value::some(value_of(model, payload, types)),
            false => Value::none(),
        },
        SymVal::Enum {
            name,
            tag,
            variants,
        } => {
            let n = variants.len();
            let i = (0..n)
                .find(|i| holds(model, &is_variant(tag, *i, n)))
                .unwrap_or(n - 1);
            let variant = match types.get(name) {
                Some(TypeDef::Enum { variants, .. }) => variants[i].name.clone(),
                _ => format!("#{i}"),
            };
            Value::Enum {
                name: name.clone(),
                variant,
                fields: variants[i]
                    .iter()
                    .map(|x| value_of(model, x, types))
                    .collect(),
            }
        }
        SymVal::Map(m) => Value::Map(map_value(model, m, types)),
    }
}

/// A map's value: its default, and its value at every key the model's arrays mention.
fn map_value(model: &Model, m: &SymMap, types: &TypeEnv) -> MapValue {
    let default = value_of(model, &m.default, types);
    let mut keys: Vec<Dynamic> = Vec::new();
    let under = m.fills.iter().flat_map(|f| &f.under);
    for a in m.table.iter().chain(&m.raw).chain(under) {
        if let Some(x) = model.eval(a, true) {
            stored_keys(&Dynamic::from_ast(&x), &mut keys);
        }
    }
    for f in &m.fills {
        filled_keys(model, f, &mut keys);
    }
    let span = Span::generated();
    let mut out = MapValue::new(default);
    for k in keys {
        let key = match (&m.key, k.as_bv(), k.as_bool()) {
            (Ty::Int(t), Some(bv), _) => int_value(model, *t, &bv),
            (_, _, Some(b)) => Value::Bool(holds(model, &b)),
            _ => continue,
        };
        let sym_key = match &key {
            Value::Int(i) => SymVal::Int(i.ty, k.as_bv().expect("bv key")),
            _ => SymVal::Bool(k.as_bool().expect("bool key")),
        };
        if let Ok(x) = map_get(&SymVal::Map(Box::new(m.clone())), &sym_key, types, &span) {
            out = out.set(key, value_of(model, &x, types));
        }
    }
    out
}

/// The keys a model gives `fill` `f`, when they are few enough to list (`spec::fill_keys`).
fn filled_keys(model: &Model, f: &Fill, out: &mut Vec<Dynamic>) {
    let num = |bv: &BV| model.eval(bv, true).and_then(|x| x.as_u64());
    let (Some(start), Some(count), Some(shift)) = (num(&f.start), num(&f.count), num(&f.shift))
    else {
        return;
    };
    if let Some(keys) = fill_keys(start, count, shift) {
        out.extend(keys.map(|k| Dynamic::from_ast(&BV::from_u64(k, 64))));
    }
}

/// The keys of the `store`s in a model's array value (`store(store(const(d), k1, v1), k2, v2)`).
fn stored_keys(a: &Dynamic, out: &mut Vec<Dynamic>) {
    if !a.is_app() {
        return;
    }
    let kind = a.decl().kind();
    if kind == DeclKind::STORE {
        let cs = a.children();
        out.push(cs[1].clone());
        stored_keys(&cs[0], out);
    } else if kind == DeclKind::ITE {
        a.children()
            .iter()
            .skip(1)
            .for_each(|c| stored_keys(c, out));
    }
}

/// The maps inside an input value.
pub(crate) fn maps_in<'v>(v: &'v SymVal, out: &mut Vec<&'v SymMap>) {
    match v {
        SymVal::Int(..) | SymVal::Bool(_) | SymVal::Table { .. } => {}
        SymVal::Tuple(xs) | SymVal::Array(xs) => xs.iter().for_each(|x| maps_in(x, out)),
        SymVal::Struct { fields, .. } => fields.iter().for_each(|(_, x)| maps_in(x, out)),
        SymVal::Option { payload, .. } => maps_in(payload, out),
        SymVal::Enum { variants, .. } => variants.iter().flatten().for_each(|x| maps_in(x, out)),
        SymVal::Map(m) => out.push(m),
    }
}

/// Whether the model gives input map `m` finitely many entries: each free array is a chain of
/// stores over the constant array of the default's scalar. The number of stored keys when it does.
pub(crate) fn finite_entries(model: &Model, m: &SymMap) -> Option<usize> {
    let mut defaults = Vec::new();
    super::sort::leaves(&m.default, &Span::generated(), &mut defaults).ok()?;
    let mut most = 0;
    for (a, d) in m.raw.iter().zip(&defaults) {
        let mut x = Dynamic::from_ast(&model.eval(a, true)?);
        let mut keys = 0;
        while x.is_app() && x.decl().kind() == DeclKind::STORE {
            x = x.children()[0].clone();
            keys += 1;
        }
        if !x.is_app()
            || x.decl().kind() != DeclKind::CONST_ARRAY
            || !holds(model, &x.children()[0].eq(d))
        {
            return None;
        }
        most = most.max(keys);
    }
    Some(most)
}
