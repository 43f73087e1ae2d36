//! Memory through a structural interpretation (DESIGN §4.4).
//!
//! A layer that lets its code read and write global memory declares, for each C global, the
//! place of the abstract state it stands for (`el2_data` is `st.el2`). The correspondence is
//! structural and checked here against the C layout: a C struct is a Rust struct with the same
//! number of fields, taken in order; a C array `[N x T]` is a Rust array `[T'; N]` or a
//! `Map<K, T'>`; an `iN` is a `uN`/`iN` of the same width (or `bool` for `i8`).
//!
//! A pointer is a global and a byte offset `c + Σ eᵢ·sᵢ` (a constant plus index terms). An
//! access is resolved by walking the global's C type: an array level consumes the index terms
//! whose scale is a multiple of its stride, a struct level the constant part that falls in one
//! field. Anything that does not decompose exactly is an error, never a guess.

use super::build::Builder;
use crate::ir::{self, Type};
use crate::spec::{BinOp, Expr, ExprKind, IntTy, Proj, Ty, TypeEnv};
use std::collections::HashMap;

/// The declared places of C globals: global name → field path from the state.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MemoryInterp {
    /// `(global, field path)` pairs.
    pub globals: Vec<(String, Vec<String>)>,
}

/// A pointer value known at translation time.
#[derive(Debug, Clone)]
pub(super) struct Ptr {
    /// The global pointed into.
    pub global: String,
    /// The byte offset.
    pub offset: Offset,
    /// Poison flags of the indices it was computed from: accessing it requires them false.
    pub poison: Vec<Expr>,
}

/// A byte offset `konst + Σ term.0 · term.1`, the terms being `u64` spec expressions.
#[derive(Debug, Clone, Default)]
pub(super) struct Offset {
    pub konst: i128,
    pub terms: Vec<(Expr, u64)>,
}

/// A GEP index: a constant (signed, as GEP reads it) or a `u64` spec expression.
pub(super) enum Index {
    Const(i128),
    Dyn(Expr),
}

impl Offset {
    /// Adds `index · scale`, folding constants.
    pub fn add_scaled(&mut self, index: Index, scale: u64) {
        match index {
            Index::Const(c) => self.konst += c * i128::from(scale),
            Index::Dyn(e) => self.terms.push((e, scale)),
        }
    }
}

/// A step of a path through the Rust state type.
enum RustStep {
    /// A struct field by name.
    Field(String),
    /// An array element (a `usize` index).
    Index(Expr),
    /// A map entry (a key of the map's key type).
    MapKey(Expr),
}

/// A resolved access: the path from the state, the Rust type found there, and the conditions
/// (index bounds of arrays kept as maps) under which the C access is defined.
struct Place {
    steps: Vec<RustStep>,
    ty: Ty,
    bounds: Vec<Expr>,
}

/// An access as a term and the conditions under which it is defined; outside them the C code
/// has undefined behaviour, which the low spec makes stuck (`rely!`), as the Coq semantics does.
pub(super) struct Access {
    /// The value read, or the state after the write.
    pub value: Expr,
    /// Conditions that must hold first.
    pub bounds: Vec<Expr>,
}

/// Resolves memory accesses against the module's layout and the state type.
pub(super) struct Memory<'a> {
    types: &'a TypeEnv,
    state: Ty,
    places: HashMap<&'a str, &'a [String]>,
    globals: HashMap<&'a str, &'a ir::Global>,
    structs: HashMap<&'a str, &'a ir::StructType>,
}

impl<'a> Memory<'a> {
    pub fn new(
        module: &'a ir::Module,
        types: &'a TypeEnv,
        state: Ty,
        interp: &'a MemoryInterp,
    ) -> Self {
        Memory {
            types,
            state,
            places: interp
                .globals
                .iter()
                .map(|(g, p)| (g.as_str(), p.as_slice()))
                .collect(),
            globals: module
                .globals
                .iter()
                .map(|g| (g.name.as_str(), g))
                .collect(),
            structs: module
                .structs
                .iter()
                .map(|s| (s.name.as_str(), s))
                .collect(),
        }
    }

    /// Size in bytes of a C type (named structs from the module's layouts).
    pub fn size_of(&self, ty: &Type) -> Result<u64, String> {
        Ok(match ty {
            Type::Int(bits) => u64::from(bits.div_ceil(8)).next_power_of_two(),
            Type::Ptr => 8,
            Type::Array(e, n) | Type::Vector(e, n) => self.size_of(e)? * n,
            Type::Named(n) => self.struct_def(n)?.size,
            other => return Err(format!("no layout for type {other}")),
        })
    }

    fn struct_def(&self, name: &str) -> Result<&'a ir::StructType, String> {
        self.structs
            .get(name)
            .copied()
            .ok_or_else(|| format!("unknown struct type %{name}"))
    }

    /// The byte offset and type of field `k` of a struct type.
    pub fn field(&self, ty: &Type, k: usize) -> Result<(u64, Type), String> {
        match ty {
            Type::Named(n) => {
                let f = self
                    .struct_def(n)?
                    .fields
                    .get(k)
                    .ok_or(format!("%{n} has no field {k}"))?;
                Ok((f.offset, f.ty.clone()))
            }
            other => Err(format!("field {k} of non-struct type {other}")),
        }
    }

    /// The state value at `ptr`, read as the C integer type `iN` (`bits`); a `uN` expression.
    /// A read-only global that is not in the interpretation (a lookup table) is read from its
    /// initialiser.
    pub fn load(&self, b: &Builder, st: Expr, ptr: &Ptr, bits: u32) -> Result<Access, String> {
        if !self.places.contains_key(ptr.global.as_str()) {
            if let Some(g) = self.globals.get(ptr.global.as_str()).filter(|g| g.is_const) {
                return Ok(Access {
                    value: constant_table(b, g, &ptr.offset, bits)?,
                    bounds: vec![],
                });
            }
        }
        let place = self.resolve(b, ptr, bits)?;
        let mut e = st;
        for step in place.steps {
            e = b.mk(match step {
                RustStep::Field(name) => ExprKind::Field {
                    base: Box::new(e),
                    name,
                },
                RustStep::Index(i) => ExprKind::Index {
                    base: Box::new(e),
                    index: Box::new(i),
                },
                RustStep::MapKey(k) => ExprKind::MapGet {
                    map: Box::new(e),
                    key: Box::new(k),
                },
            });
        }
        Ok(Access {
            value: from_field(b, e, &place.ty, bits),
            bounds: place.bounds,
        })
    }

    /// The state after writing the `uN` value `value` at `ptr`.
    pub fn store(
        &self,
        b: &Builder,
        st: Expr,
        ptr: &Ptr,
        bits: u32,
        value: Expr,
    ) -> Result<Access, String> {
        let place = self.resolve(b, ptr, bits)?;
        let value = to_field(b, value, &place.ty, bits);
        Ok(Access {
            value: update(b, st, place.steps, value),
            bounds: place.bounds,
        })
    }

    fn resolve(&self, b: &Builder, ptr: &Ptr, bits: u32) -> Result<Place, String> {
        let root = self.places.get(ptr.global.as_str()).ok_or_else(|| {
            format!(
                "@{} is not in the layer's memory interpretation",
                ptr.global
            )
        })?;
        let c_ty = &self
            .globals
            .get(ptr.global.as_str())
            .ok_or(format!("unknown global @{}", ptr.global))?
            .ty;
        let mut ty = self.state.clone();
        let mut steps = Vec::new();
        for name in root.iter() {
            ty = self.field_ty(&ty, name)?;
            steps.push(RustStep::Field(name.clone()));
        }
        let mut offset = ptr.offset.clone();
        let mut c_ty = c_ty.clone();
        let mut bounds = Vec::new();
        loop {
            if offset.konst == 0 && offset.terms.is_empty() && c_ty == Type::Int(bits) {
                return scalar_matches(&ty, bits)
                    .then_some(Place {
                        steps,
                        ty: ty.clone(),
                        bounds,
                    })
                    .ok_or_else(|| {
                        format!(
                            "@{}: C type i{bits} does not match the state's type {ty}",
                            ptr.global
                        )
                    });
            }
            let (step, next_c, next_rust) =
                self.descend(b, &c_ty, &ty, &mut offset, &mut bounds)?;
            steps.push(step);
            c_ty = next_c;
            ty = next_rust;
        }
    }

    /// One level down the C type and the Rust type together, consuming part of `offset`; an
    /// array kept as a map adds its bounds to `bounds` (a Rust array checks its own).
    fn descend(
        &self,
        b: &Builder,
        c_ty: &Type,
        ty: &Ty,
        offset: &mut Offset,
        bounds: &mut Vec<Expr>,
    ) -> Result<(RustStep, Type, Ty), String> {
        match c_ty {
            Type::Array(elem, n) => {
                let stride = self.size_of(elem)?;
                let index = take_index(b, offset, stride)?;
                let step = match ty {
                    Ty::Array(t, m) if m == n => {
                        (RustStep::Index(b.cast(index, IntTy::Usize)), (**t).clone())
                    }
                    Ty::Map(k, v) => match k.as_int() {
                        Some(kt) => {
                            bounds.push(b.bin(
                                BinOp::Lt,
                                index.clone(),
                                b.int((*n).into(), IntTy::U64),
                            ));
                            (RustStep::MapKey(b.cast(index, kt)), (**v).clone())
                        }
                        None => return Err(format!("map key type {k} is not an integer")),
                    },
                    other => {
                        return Err(format!(
                            "C array [{n} x {elem}] does not match the state's type {other}"
                        ))
                    }
                };
                Ok((step.0, (**elem).clone(), step.1))
            }
            Type::Named(n) => {
                // The field holding the constant part; index terms, if any, must then be
                // consumed by that field's array levels.
                let def = self.struct_def(n)?;
                let k = def
                    .fields
                    .iter()
                    .rposition(|f| i128::from(f.offset) <= offset.konst)
                    .ok_or(format!("offset {} before the start of %{n}", offset.konst))?;
                offset.konst -= i128::from(def.fields[k].offset);
                let (name, field_ty) = self.nth_field(ty, k, n)?;
                Ok((RustStep::Field(name), def.fields[k].ty.clone(), field_ty))
            }
            other => Err(format!(
                "an access at offset {} into {other} does not fit its layout",
                offset.konst
            )),
        }
    }

    fn field_ty(&self, ty: &Ty, name: &str) -> Result<Ty, String> {
        let fields = self.struct_fields(ty)?;
        fields
            .iter()
            .find(|(f, _)| f == name)
            .map(|(_, t)| t.clone())
            .ok_or(format!("{ty} has no field `{name}`"))
    }

    fn nth_field(&self, ty: &Ty, k: usize, c_name: &str) -> Result<(String, Ty), String> {
        let fields = self.struct_fields(ty)?;
        fields
            .get(k)
            .cloned()
            .ok_or(format!("C struct %{c_name} has more fields than {ty}"))
    }

    fn struct_fields(&self, ty: &Ty) -> Result<&'a [(String, Ty)], String> {
        match ty {
            Ty::Named(n) => self
                .types
                .struct_fields(n)
                .ok_or(format!("{n} is not a struct")),
            other => Err(format!("{other} is not a struct")),
        }
    }
}

/// The array index an offset selects at an array level of stride `stride`: the index terms
/// scaled by a multiple of the stride, plus the whole strides of the constant part; the other
/// terms stay in `offset` for the levels below.
fn take_index(b: &Builder, offset: &mut Offset, stride: u64) -> Result<Expr, String> {
    let stride_i = i128::from(stride);
    let whole = offset.konst.div_euclid(stride_i);
    offset.konst = offset.konst.rem_euclid(stride_i);
    let mut index: Option<Expr> = None;
    let mut rest = Vec::new();
    for (e, scale) in offset.terms.drain(..) {
        if scale % stride != 0 {
            rest.push((e, scale));
            continue;
        }
        let factor = scale / stride;
        let term = if factor == 1 {
            e
        } else {
            b.method(
                crate::spec::IntMethod::WrappingMul,
                e,
                b.int(factor.into(), IntTy::U64),
            )
        };
        index = Some(match index {
            None => term,
            Some(acc) => b.method(crate::spec::IntMethod::WrappingAdd, acc, term),
        });
    }
    // Terms of smaller scales index deeper levels. Any decomposition whose indices are all in
    // bounds names the same bytes, and every level checks its bounds, so this choice is exact.
    offset.terms = rest;
    let whole_e = b.int(whole, IntTy::U64);
    Ok(match index {
        None if whole >= 0 => whole_e,
        None => return Err(format!("a negative constant index {whole}")),
        Some(i) if whole == 0 => i,
        Some(i) => b.method(
            crate::spec::IntMethod::WrappingAdd,
            i,
            b.int(whole.rem_euclid(1 << 64), IntTy::U64),
        ),
    })
}

/// A load from a constant global of integers (`[N x iB]` or `iB`), as its initialiser's values:
/// a constant, or an array literal indexed by the offset's index term.
fn constant_table(b: &Builder, g: &ir::Global, offset: &Offset, bits: u32) -> Result<Expr, String> {
    let u = super::ops::unsigned_of(bits).ok_or(format!("a {bits}-bit load"))?;
    let elems: Vec<u128> = match &g.init {
        Some(ir::Constant::Array { elems, .. }) => elems
            .iter()
            .map(|c| match c {
                ir::Constant::Int { bits: eb, value } if *eb == bits => Ok(*value),
                other => Err(format!("@{}: element {other} is not an i{bits}", g.name)),
            })
            .collect::<Result<_, _>>()?,
        Some(ir::Constant::Int { bits: eb, value }) if *eb == bits => vec![*value],
        _ => {
            return Err(format!(
                "@{} is not in the layer's memory interpretation",
                g.name
            ))
        }
    };
    let stride = i128::from(bits / 8);
    if offset.konst % stride != 0 {
        return Err(format!(
            "@{}: an unaligned read at offset {}",
            g.name, offset.konst
        ));
    }
    let first = usize::try_from(offset.konst / stride)
        .map_err(|_| format!("@{}: negative offset", g.name))?;
    match offset.terms.as_slice() {
        [] => elems
            .get(first)
            .map(|v| b.int(*v as i128, u))
            .ok_or(format!("@{}: read past its end", g.name)),
        [(index, scale)] if *scale == (bits / 8) as u64 && first == 0 => {
            let table = b.mk(ExprKind::Array(
                elems.iter().map(|v| b.int(*v as i128, u)).collect(),
            ));
            Ok(b.mk(ExprKind::Index {
                base: Box::new(table),
                index: Box::new(b.cast(index.clone(), IntTy::Usize)),
            }))
        }
        _ => Err(format!(
            "@{}: an indexed read that is not one element of the table",
            g.name
        )),
    }
}

/// Whether a state field of type `ty` can hold a C `iN`.
fn scalar_matches(ty: &Ty, bits: u32) -> bool {
    match ty {
        Ty::Int(t) => t.bits() == bits,
        Ty::Bool => bits == 8,
        _ => false,
    }
}

/// A state field's value as the `uN` the C code sees.
fn from_field(b: &Builder, e: Expr, ty: &Ty, bits: u32) -> Expr {
    let u = super::ops::unsigned_of(bits).expect("access widths are checked by the caller");
    match ty {
        Ty::Int(t) if *t == u => e,
        _ => b.cast(e, u),
    }
}

/// A C `uN` value as the state field's type.
fn to_field(b: &Builder, e: Expr, ty: &Ty, bits: u32) -> Expr {
    match ty {
        Ty::Bool => b.bin(
            BinOp::Ne,
            e,
            b.int(0, super::ops::unsigned_of(bits).expect("checked")),
        ),
        Ty::Int(t) if Some(*t) == super::ops::unsigned_of(bits) => e,
        Ty::Int(t) => b.cast(e, *t),
        _ => e,
    }
}

/// `base` with the place `steps` set to `value`; map entries become `MapSet`s.
fn update(b: &Builder, base: Expr, mut steps: Vec<RustStep>, value: Expr) -> Expr {
    let Some(split) = steps.iter().position(|s| matches!(s, RustStep::MapKey(_))) else {
        let path = steps.into_iter().map(proj).collect();
        return b.mk(ExprKind::Update {
            base: Box::new(base),
            path,
            value: Box::new(value),
        });
    };
    let after = steps.split_off(split + 1);
    let Some(RustStep::MapKey(key)) = steps.pop() else {
        unreachable!("split at a map step")
    };
    let prefix: Vec<Proj> = steps.into_iter().map(proj).collect();
    let map = get_path(b, base.clone(), &prefix);
    let entry = b.mk(ExprKind::MapGet {
        map: Box::new(map.clone()),
        key: Box::new(key.clone()),
    });
    let new_entry = if after.is_empty() {
        value
    } else {
        update(b, entry, after, value)
    };
    let new_map = b.mk(ExprKind::MapSet {
        map: Box::new(map),
        key: Box::new(key),
        value: Box::new(new_entry),
    });
    if prefix.is_empty() {
        return new_map;
    }
    b.mk(ExprKind::Update {
        base: Box::new(base),
        path: prefix,
        value: Box::new(new_map),
    })
}

fn proj(s: RustStep) -> Proj {
    match s {
        RustStep::Field(n) => Proj::Field(n),
        RustStep::Index(e) => Proj::Index(e),
        RustStep::MapKey(_) => unreachable!("map steps are split off before"),
    }
}

fn get_path(b: &Builder, base: Expr, path: &[Proj]) -> Expr {
    path.iter().fold(base, |e, p| {
        b.mk(match p {
            Proj::Field(n) => ExprKind::Field {
                base: Box::new(e),
                name: n.clone(),
            },
            Proj::Index(i) => ExprKind::Index {
                base: Box::new(e),
                index: Box::new(i.clone()),
            },
            Proj::TupleField(k) => ExprKind::TupleField {
                base: Box::new(e),
                index: *k,
            },
        })
    })
}
