//! Values of spec terms, as the evaluator computes them and as Rust values convert to them.

use super::ty::IntTy;
use std::collections::BTreeMap;
use std::fmt;

/// A bit-precise integer: its type and its mathematical value, which lies in the type's range
/// (unsigned values are non-negative, signed values may be negative).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Int {
    /// The integer type.
    pub ty: IntTy,
    /// The value, within `ty.min_value()..=ty.max_value()`.
    pub value: i128,
}

/// A value of a spec term.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Value {
    /// An integer.
    Int(Int),
    /// A boolean.
    Bool(bool),
    /// A tuple (the empty tuple is `()`).
    Tuple(Vec<Value>),
    /// `Some(v)` or `None`.
    Option(Option<Box<Value>>),
    /// A fixed-size array.
    Array(Vec<Value>),
    /// A total map.
    Map(MapValue),
    /// A struct value, fields in declaration order.
    Struct {
        /// The struct's name.
        name: String,
        /// The fields and their values.
        fields: Vec<(String, Value)>,
    },
    /// An enum value.
    Enum {
        /// The enum's name.
        name: String,
        /// The variant's name.
        variant: String,
        /// The variant's positional fields.
        fields: Vec<Value>,
    },
}

/// A total map: `default` everywhere except at the keys of `entries`. No entry equals the
/// default, so two maps are equal exactly when they map every key to the same value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MapValue {
    /// The value at every key without an entry.
    pub default: Box<Value>,
    /// The keys whose value differs from the default.
    pub entries: BTreeMap<Value, Value>,
}

impl MapValue {
    /// The map that is `default` everywhere.
    pub fn new(default: Value) -> MapValue {
        MapValue {
            default: Box::new(default),
            entries: BTreeMap::new(),
        }
    }

    /// The value at `key`.
    pub fn get(&self, key: &Value) -> Value {
        self.entries.get(key).unwrap_or(&self.default).clone()
    }

    /// The map with `key` set to `value`.
    pub fn set(mut self, key: Value, value: Value) -> MapValue {
        if value == *self.default {
            self.entries.remove(&key);
        } else {
            self.entries.insert(key, value);
        }
        self
    }
}

impl Value {
    /// An integer value; `value` must lie in `ty`'s range.
    pub fn int(ty: IntTy, value: i128) -> Value {
        debug_assert!(ty.min_value() <= value && value <= ty.max_value());
        Value::Int(Int { ty, value })
    }

    /// `()`.
    pub fn unit() -> Value {
        Value::Tuple(Vec::new())
    }

    /// `Some(v)`.
    pub fn some(v: Value) -> Value {
        Value::Option(Some(Box::new(v)))
    }

    /// `None`.
    pub fn none() -> Value {
        Value::Option(None)
    }

    /// The field `name` of a struct value.
    pub fn field(&self, name: &str) -> Option<&Value> {
        match self {
            Value::Struct { fields, .. } => fields.iter().find(|(n, _)| n == name).map(|(_, v)| v),
            _ => None,
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Int(i) => write!(f, "{}{}", i.value, i.ty.name()),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Tuple(vs) => {
                write!(f, "(")?;
                write_list(f, vs)?;
                if vs.len() == 1 {
                    write!(f, ",")?;
                }
                write!(f, ")")
            }
            Value::Option(None) => write!(f, "None"),
            Value::Option(Some(v)) => write!(f, "Some({v})"),
            Value::Array(vs) => {
                write!(f, "[")?;
                write_list(f, vs)?;
                write!(f, "]")
            }
            Value::Map(m) => {
                write!(f, "Map {{ default: {}", m.default)?;
                for (k, v) in &m.entries {
                    write!(f, ", {k} => {v}")?;
                }
                write!(f, " }}")
            }
            Value::Struct { name, fields } => {
                write!(f, "{name} {{ ")?;
                for (i, (n, v)) in fields.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{n}: {v}")?;
                }
                write!(f, " }}")
            }
            Value::Enum {
                name,
                variant,
                fields,
            } if fields.is_empty() => {
                write!(f, "{name}::{variant}")
            }
            Value::Enum {
                name,
                variant,
                fields,
            } => {
                write!(f, "{name}::{variant}(")?;
                write_list(f, fields)?;
                write!(f, ")")
            }
        }
    }
}

fn write_list(f: &mut fmt::Formatter<'_>, vs: &[Value]) -> fmt::Result {
    for (i, v) in vs.iter().enumerate() {
        if i > 0 {
            write!(f, ", ")?;
        }
        write!(f, "{v}")?;
    }
    Ok(())
}
