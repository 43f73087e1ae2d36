//! Types of spec terms: bit-precise integers, `bool`, tuples, options, arrays, maps and the
//! named structs and enums that state types declare.

use std::collections::BTreeMap;
use std::fmt;

/// A Rust integer type. Values of it are bit-precise (DESIGN §4.1); `usize` is 64 bits wide,
/// as on the verified target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IntTy {
    /// `u8`
    U8,
    /// `u16`
    U16,
    /// `u32`
    U32,
    /// `u64`
    U64,
    /// `usize` (64 bits)
    Usize,
    /// `i8`
    I8,
    /// `i16`
    I16,
    /// `i32`
    I32,
    /// `i64`
    I64,
}

impl IntTy {
    /// The width in bits.
    pub fn bits(self) -> u32 {
        match self {
            IntTy::U8 | IntTy::I8 => 8,
            IntTy::U16 | IntTy::I16 => 16,
            IntTy::U32 | IntTy::I32 => 32,
            IntTy::U64 | IntTy::Usize | IntTy::I64 => 64,
        }
    }

    /// Whether values are two's-complement signed.
    pub fn signed(self) -> bool {
        matches!(self, IntTy::I8 | IntTy::I16 | IntTy::I32 | IntTy::I64)
    }

    /// The smallest value.
    pub fn min_value(self) -> i128 {
        if self.signed() {
            -(1i128 << (self.bits() - 1))
        } else {
            0
        }
    }

    /// The largest value.
    pub fn max_value(self) -> i128 {
        if self.signed() {
            (1i128 << (self.bits() - 1)) - 1
        } else {
            (1i128 << self.bits()) - 1
        }
    }

    /// The Rust name, e.g. `u64`.
    pub fn name(self) -> &'static str {
        match self {
            IntTy::U8 => "u8",
            IntTy::U16 => "u16",
            IntTy::U32 => "u32",
            IntTy::U64 => "u64",
            IntTy::Usize => "usize",
            IntTy::I8 => "i8",
            IntTy::I16 => "i16",
            IntTy::I32 => "i32",
            IntTy::I64 => "i64",
        }
    }
}

/// The type of a spec term.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Ty {
    /// A bit-precise integer.
    Int(IntTy),
    /// `bool`.
    Bool,
    /// A tuple; the empty tuple is `()`.
    Tuple(Vec<Ty>),
    /// `Option<T>`.
    Option(Box<Ty>),
    /// `[T; N]`.
    Array(Box<Ty>, u64),
    /// `autov::Map<K, V>`: a total map with a default value.
    Map(Box<Ty>, Box<Ty>),
    /// A struct or enum declared in the [`TypeEnv`].
    Named(String),
}

impl Ty {
    /// The unit type `()`.
    pub fn unit() -> Ty {
        Ty::Tuple(Vec::new())
    }

    /// The type the checker gives an expression that always leaves the function (`return e`, or
    /// an `if`/`match` all of whose branches do): it fits any expected type.
    pub fn never() -> Ty {
        Ty::Named("!".into())
    }

    /// `Option<t>`.
    pub fn option(t: Ty) -> Ty {
        Ty::Option(Box::new(t))
    }

    /// The integer type, if this is one.
    pub fn as_int(&self) -> Option<IntTy> {
        match self {
            Ty::Int(t) => Some(*t),
            _ => None,
        }
    }
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ty::Int(t) => f.write_str(t.name()),
            Ty::Bool => f.write_str("bool"),
            Ty::Tuple(ts) if ts.len() == 1 => write!(f, "({},)", ts[0]),
            Ty::Tuple(ts) => {
                f.write_str("(")?;
                for (i, t) in ts.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{t}")?;
                }
                f.write_str(")")
            }
            Ty::Option(t) => write!(f, "Option<{t}>"),
            Ty::Array(t, n) => write!(f, "[{t}; {n}]"),
            Ty::Map(k, v) => write!(f, "Map<{k}, {v}>"),
            Ty::Named(n) => f.write_str(n),
        }
    }
}

/// The definition of a named type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeDef {
    /// A struct with named fields.
    Struct {
        /// The type's name.
        name: String,
        /// Fields in declaration order.
        fields: Vec<(String, Ty)>,
    },
    /// An enum whose variants are unit or tuple variants.
    Enum {
        /// The type's name.
        name: String,
        /// Variants in declaration order.
        variants: Vec<Variant>,
    },
}

/// A variant of an enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// The variant's name.
    pub name: String,
    /// The types of its positional fields (empty for a unit variant).
    pub fields: Vec<Ty>,
}

impl TypeDef {
    /// The type's name.
    pub fn name(&self) -> &str {
        match self {
            TypeDef::Struct { name, .. } | TypeDef::Enum { name, .. } => name,
        }
    }

    /// The named types this definition mentions directly.
    pub fn mentions(&self) -> Vec<String> {
        let mut out = Vec::new();
        let tys: Vec<&Ty> = match self {
            TypeDef::Struct { fields, .. } => fields.iter().map(|(_, t)| t).collect(),
            TypeDef::Enum { variants, .. } => variants.iter().flat_map(|v| &v.fields).collect(),
        };
        for t in tys {
            named_in(t, &mut out);
        }
        out
    }
}

fn named_in(t: &Ty, out: &mut Vec<String>) {
    match t {
        Ty::Int(_) | Ty::Bool => {}
        Ty::Tuple(ts) => ts.iter().for_each(|t| named_in(t, out)),
        Ty::Option(t) | Ty::Array(t, _) => named_in(t, out),
        Ty::Map(k, v) => {
            named_in(k, out);
            named_in(v, out);
        }
        Ty::Named(n) => out.push(n.clone()),
    }
}

/// The named types known to a program, by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TypeEnv {
    defs: BTreeMap<String, TypeDef>,
}

impl TypeEnv {
    /// Adds a definition; returns false (and changes nothing) if the name was already declared.
    pub fn declare(&mut self, def: TypeDef) -> bool {
        if self.defs.contains_key(def.name()) {
            return false;
        }
        self.defs.insert(def.name().to_string(), def);
        true
    }

    /// The definition of `name`.
    pub fn get(&self, name: &str) -> Option<&TypeDef> {
        self.defs.get(name)
    }

    /// The fields of struct `name`.
    pub fn struct_fields(&self, name: &str) -> Option<&[(String, Ty)]> {
        match self.defs.get(name)? {
            TypeDef::Struct { fields, .. } => Some(fields),
            TypeDef::Enum { .. } => None,
        }
    }

    /// The variant `variant` of enum `name`.
    pub fn variant(&self, name: &str, variant: &str) -> Option<&Variant> {
        match self.defs.get(name)? {
            TypeDef::Enum { variants, .. } => variants.iter().find(|v| v.name == variant),
            TypeDef::Struct { .. } => None,
        }
    }

    /// All definitions, each after the definitions it mentions (the order Coq needs).
    pub fn in_dependency_order(&self) -> Vec<&TypeDef> {
        let mut out: Vec<&TypeDef> = Vec::new();
        let mut done = std::collections::BTreeSet::new();
        for name in self.defs.keys() {
            self.visit(name, &mut done, &mut out);
        }
        out
    }

    fn visit<'a>(
        &'a self,
        name: &str,
        done: &mut std::collections::BTreeSet<String>,
        out: &mut Vec<&'a TypeDef>,
    ) {
        let Some(def) = self.defs.get(name) else {
            return;
        };
        if !done.insert(name.to_string()) {
            return;
        }
        for m in def.mentions() {
            self.visit(&m, done, out);
        }
        out.push(def);
    }
}
