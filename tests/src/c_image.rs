//! Spec values as the bytes of the C objects they mirror, laid out by the struct layouts of
//! an IR module (`autov::ir::StructType`): how a counterexample's state is loaded into the
//! native build's globals, and how a state the native code left is compared with a spec's.
//!
//! The mapping is structural and positional: a struct value's fields are the C struct's fields
//! in order, an array or a `Map` from index to element is a C array (map keys outside the
//! array are not representable and are left out), an integer or a `bool` is a little-endian
//! integer of the C width.

use autov::ir::{Module, Type};
use autov::spec::Value;

/// The size in bytes of `ty` under `module`'s layouts.
pub fn size_of(module: &Module, ty: &Type) -> Result<u64, String> {
    match ty {
        Type::Int(bits) => Ok(u64::from(bits.div_ceil(8))),
        Type::Array(elem, n) => Ok(size_of(module, elem)? * n),
        Type::Named(name) => Ok(struct_def(module, name)?.size),
        other => Err(format!("no byte image for type {other:?}")),
    }
}

/// The type of global `name` in `module`.
pub fn global_type(module: &Module, name: &str) -> Result<Type, String> {
    module
        .globals
        .iter()
        .find(|g| g.name == name)
        .map(|g| g.ty.clone())
        .ok_or_else(|| format!("no global `{name}` in the module"))
}

/// Writes `value`, of C type `ty`, into `out` (exactly `size_of(ty)` bytes).
pub fn write(module: &Module, ty: &Type, value: &Value, out: &mut [u8]) -> Result<(), String> {
    match (ty, value) {
        (Type::Int(_), Value::Int(i)) => {
            let bytes = i.value.to_le_bytes();
            let n = out.len();
            out.copy_from_slice(&bytes[..n]);
            Ok(())
        }
        (Type::Int(_), Value::Bool(b)) => {
            out.fill(0);
            out[0] = u8::from(*b);
            Ok(())
        }
        (Type::Array(elem, n), Value::Array(items)) if items.len() as u64 == *n => {
            let size = size_of(module, elem)? as usize;
            for (item, chunk) in items.iter().zip(out.chunks_mut(size)) {
                write(module, elem, item, chunk)?;
            }
            Ok(())
        }
        (Type::Array(elem, n), Value::Map(map)) => {
            let size = size_of(module, elem)? as usize;
            for chunk in out.chunks_mut(size) {
                write(module, elem, &map.default, chunk)?;
            }
            for (key, item) in &map.entries {
                match key {
                    Value::Int(k) if (0..i128::from(*n)).contains(&k.value) => {
                        let at = k.value as usize * size;
                        write(module, elem, item, &mut out[at..at + size])?;
                    }
                    _ => {}
                }
            }
            Ok(())
        }
        (Type::Named(name), Value::Struct { fields, .. }) => {
            let def = struct_def(module, name)?;
            if def.fields.len() != fields.len() {
                return Err(format!(
                    "`{name}` has {} fields, the value {}",
                    def.fields.len(),
                    fields.len()
                ));
            }
            for (field, (_, v)) in def.fields.iter().zip(fields) {
                let at = field.offset as usize;
                let size = size_of(module, &field.ty)? as usize;
                write(module, &field.ty, v, &mut out[at..at + size])?;
            }
            Ok(())
        }
        (ty, value) => Err(format!("value {value} does not fit C type {ty:?}")),
    }
}

/// The bytes of `value` as C global `global` of `module`.
pub fn image(module: &Module, global: &str, value: &Value) -> Result<Vec<u8>, String> {
    let ty = global_type(module, global)?;
    let mut out = vec![0u8; size_of(module, &ty)? as usize];
    write(module, &ty, value, &mut out)?;
    Ok(out)
}

fn struct_def<'m>(module: &'m Module, name: &str) -> Result<&'m autov::ir::StructType, String> {
    module
        .structs
        .iter()
        .find(|s| s.name == name)
        .ok_or_else(|| format!("no struct type `{name}`"))
}
