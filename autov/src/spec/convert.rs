//! Conversion between Rust values and spec [`Value`]s, and the type of a Rust type as a [`Ty`].
//!
//! Implemented here for integers, `bool`, tuples, `Option`, arrays and [`Map`]; state types get it
//! from `#[derive(SpecType)]`.

use super::map::Map;
use super::ty::{IntTy, Ty, TypeEnv};
use super::value::{Int, MapValue, Value};
use std::fmt;

/// A value that did not have the shape of the Rust type it was converted to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConvertError {
    /// The Rust type expected.
    pub expected: String,
    /// The value found.
    pub found: String,
}

impl fmt::Display for ConvertError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "expected a value of type {}, found {}",
            self.expected, self.found
        )
    }
}

impl std::error::Error for ConvertError {}

impl ConvertError {
    /// The error for `found` not being a `T`.
    pub fn new<T: SpecType>(found: &Value) -> ConvertError {
        ConvertError {
            expected: T::ty().to_string(),
            found: found.to_string(),
        }
    }
}

/// A Rust type that specs can use: its spec type and conversions of its values.
pub trait SpecType: Sized {
    /// The spec type.
    fn ty() -> Ty;
    /// Declares the named types this type mentions (itself included) in `env`.
    fn declare(env: &mut TypeEnv);
    /// The value as a spec value.
    fn to_value(&self) -> Value;
    /// The Rust value of a spec value.
    fn from_value(v: &Value) -> Result<Self, ConvertError>;
}

/// The term of a Rust constant: its type and value (used by the code `#[spec]` generates).
pub fn const_of<T: SpecType>(value: &T) -> (Ty, Value) {
    (T::ty(), value.to_value())
}

macro_rules! int_spec_type {
    ($($t:ty => $it:ident),*) => {$(
        impl SpecType for $t {
            fn ty() -> Ty {
                Ty::Int(IntTy::$it)
            }
            fn declare(_: &mut TypeEnv) {}
            fn to_value(&self) -> Value {
                Value::Int(Int { ty: IntTy::$it, value: *self as i128 })
            }
            fn from_value(v: &Value) -> Result<Self, ConvertError> {
                match v {
                    Value::Int(Int { ty: IntTy::$it, value }) => {
                        <$t>::try_from(*value).map_err(|_| ConvertError::new::<$t>(v))
                    }
                    _ => Err(ConvertError::new::<$t>(v)),
                }
            }
        }
    )*};
}

int_spec_type!(u8 => U8, u16 => U16, u32 => U32, u64 => U64, usize => Usize,
               i8 => I8, i16 => I16, i32 => I32, i64 => I64);

impl SpecType for bool {
    fn ty() -> Ty {
        Ty::Bool
    }
    fn declare(_: &mut TypeEnv) {}
    fn to_value(&self) -> Value {
        Value::Bool(*self)
    }
    fn from_value(v: &Value) -> Result<Self, ConvertError> {
        match v {
            Value::Bool(b) => Ok(*b),
            _ => Err(ConvertError::new::<bool>(v)),
        }
    }
}

impl<T: SpecType> SpecType for Option<T> {
    fn ty() -> Ty {
        Ty::option(T::ty())
    }
    fn declare(env: &mut TypeEnv) {
        T::declare(env)
    }
    fn to_value(&self) -> Value {
        Value::Option(self.as_ref().map(|x| Box::new(x.to_value())))
    }
    fn from_value(v: &Value) -> Result<Self, ConvertError> {
        match v {
            Value::Option(None) => Ok(None),
            Value::Option(Some(x)) => Ok(Some(T::from_value(x)?)),
            _ => Err(ConvertError::new::<Self>(v)),
        }
    }
}

impl<T: SpecType, const N: usize> SpecType for [T; N] {
    fn ty() -> Ty {
        Ty::Array(Box::new(T::ty()), N as u64)
    }
    fn declare(env: &mut TypeEnv) {
        T::declare(env)
    }
    fn to_value(&self) -> Value {
        Value::Array(self.iter().map(T::to_value).collect())
    }
    fn from_value(v: &Value) -> Result<Self, ConvertError> {
        let Value::Array(vs) = v else {
            return Err(ConvertError::new::<Self>(v));
        };
        let elems = vs
            .iter()
            .map(T::from_value)
            .collect::<Result<Vec<T>, _>>()?;
        elems.try_into().map_err(|_| ConvertError::new::<Self>(v))
    }
}

impl<K, V> SpecType for Map<K, V>
where
    K: SpecType + Ord + Clone,
    V: SpecType + Clone + PartialEq,
{
    fn ty() -> Ty {
        Ty::Map(Box::new(K::ty()), Box::new(V::ty()))
    }
    fn declare(env: &mut TypeEnv) {
        K::declare(env);
        V::declare(env);
    }
    fn to_value(&self) -> Value {
        let mut m = MapValue::new(self.default_value().to_value());
        for (k, v) in self.entries() {
            m = m.set(k.to_value(), v.to_value());
        }
        Value::Map(m)
    }
    fn from_value(v: &Value) -> Result<Self, ConvertError> {
        let Value::Map(m) = v else {
            return Err(ConvertError::new::<Self>(v));
        };
        let mut out = Map::new(V::from_value(&m.default)?);
        for (k, x) in &m.entries {
            out.set(K::from_value(k)?, V::from_value(x)?);
        }
        Ok(out)
    }
}

impl SpecType for () {
    fn ty() -> Ty {
        Ty::unit()
    }
    fn declare(_: &mut TypeEnv) {}
    fn to_value(&self) -> Value {
        Value::unit()
    }
    fn from_value(v: &Value) -> Result<Self, ConvertError> {
        match v {
            Value::Tuple(vs) if vs.is_empty() => Ok(()),
            _ => Err(ConvertError::new::<()>(v)),
        }
    }
}

macro_rules! tuple_spec_type {
    ($($t:ident $i:tt),*) => {
        impl<$($t: SpecType),*> SpecType for ($($t,)*) {
            fn ty() -> Ty {
                Ty::Tuple(vec![$($t::ty()),*])
            }
            fn declare(env: &mut TypeEnv) {
                $($t::declare(env);)*
            }
            fn to_value(&self) -> Value {
                Value::Tuple(vec![$(self.$i.to_value()),*])
            }
            fn from_value(v: &Value) -> Result<Self, ConvertError> {
                match v {
                    Value::Tuple(vs) if vs.len() == [$($i),*].len() => {
                        Ok(($($t::from_value(&vs[$i])?,)*))
                    }
                    _ => Err(ConvertError::new::<Self>(v)),
                }
            }
        }
    };
}

tuple_spec_type!(A 0);
tuple_spec_type!(A 0, B 1);
tuple_spec_type!(A 0, B 1, C 2);
tuple_spec_type!(A 0, B 1, C 2, D 3);
tuple_spec_type!(A 0, B 1, C 2, D 3, E 4);
tuple_spec_type!(A 0, B 1, C 2, D 3, E 4, F 5);
tuple_spec_type!(A 0, B 1, C 2, D 3, E 4, F 5, G 6);
tuple_spec_type!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);
tuple_spec_type!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8);
tuple_spec_type!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9);
tuple_spec_type!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10);
tuple_spec_type!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11);

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip<T: SpecType + PartialEq + fmt::Debug>(x: T) {
        assert_eq!(T::from_value(&x.to_value()), Ok(x));
    }

    #[test]
    fn values_round_trip() {
        round_trip(-5i8);
        round_trip(u64::MAX);
        round_trip((1u8, true, Some([2u16, 3])));
        let mut m: Map<u32, Option<i64>> = Map::new(None);
        m.set(9, Some(-1));
        round_trip(m);
        assert_eq!(
            u8::from_value(&Value::Bool(true)).unwrap_err().to_string(),
            "expected a value of type u8, found true"
        );
    }
}
