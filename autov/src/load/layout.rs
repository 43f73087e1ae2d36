//! Sizes, alignments and field offsets of types under a module's data layout.

use crate::ir::{Field, FloatKind, StructType, Type};
use llvm_ir::module::Alignments;
use std::collections::HashMap;

/// Computes type sizes and alignments for one module; caches named structs.
pub(super) struct Layout<'m> {
    alignments: &'m Alignments,
    ptr_bytes: u64,
    ptr_align: u64,
    /// Named struct bodies, as autov types (`None` for opaque structs).
    bodies: HashMap<String, Option<(Vec<Type>, bool)>>,
    /// Computed (size, align) of named structs.
    cache: HashMap<String, (u64, u64)>,
}

impl<'m> Layout<'m> {
    /// A layout for the given alignments and named struct bodies.
    pub(super) fn new(
        alignments: &'m Alignments,
        bodies: HashMap<String, Option<(Vec<Type>, bool)>>,
    ) -> Self {
        let ptr = alignments.ptr_alignment(0);
        Layout {
            alignments,
            ptr_bytes: u64::from(ptr.size / 8).max(1),
            ptr_align: u64::from(ptr.alignment.abi / 8).max(1),
            bodies,
            cache: HashMap::new(),
        }
    }

    /// Every named struct with its fields' offsets, sorted by name.
    pub(super) fn struct_types(&mut self) -> Vec<StructType> {
        let mut names: Vec<String> = self.bodies.keys().cloned().collect();
        names.sort();
        names.into_iter().map(|n| self.struct_type(&n)).collect()
    }

    fn struct_type(&mut self, name: &str) -> StructType {
        match self.bodies.get(name).cloned().flatten() {
            None => StructType {
                name: name.to_string(),
                fields: vec![],
                size: 0,
                align: 1,
                packed: false,
                opaque: true,
            },
            Some((tys, packed)) => {
                let (offsets, size, align) = self.fields_layout(&tys, packed);
                let fields = tys
                    .into_iter()
                    .zip(offsets)
                    .map(|(ty, offset)| Field { ty, offset })
                    .collect();
                StructType {
                    name: name.to_string(),
                    fields,
                    size,
                    align,
                    packed,
                    opaque: false,
                }
            }
        }
    }

    /// Field offsets, total alloc size and alignment of a struct body.
    fn fields_layout(&mut self, tys: &[Type], packed: bool) -> (Vec<u64>, u64, u64) {
        let mut offset = 0u64;
        let mut max_align = 1u64;
        let mut offsets = Vec::with_capacity(tys.len());
        for ty in tys {
            let (size, align) = self.size_align(ty);
            let align = if packed { 1 } else { align };
            offset = align_to(offset, align);
            offsets.push(offset);
            offset += size;
            max_align = max_align.max(align);
        }
        (offsets, align_to(offset, max_align), max_align)
    }

    /// The alloc size and ABI alignment of a type, in bytes.
    pub(super) fn size_align(&mut self, ty: &Type) -> (u64, u64) {
        match ty {
            Type::Void | Type::Function { .. } | Type::Other(_) => (0, 1),
            Type::Int(bits) => {
                let align = u64::from(self.alignments.int_alignment(*bits).abi / 8).max(1);
                (align_to(u64::from(bits.div_ceil(8)), align), align)
            }
            Type::Ptr => (self.ptr_bytes, self.ptr_align),
            Type::Float(k) => float_size_align(*k),
            Type::Array(elem, n) => {
                let (size, align) = self.size_align(elem);
                (size.saturating_mul(*n), align)
            }
            Type::Vector(elem, n) => {
                let (size, _) = self.size_align(elem);
                let bytes = size.saturating_mul(*n);
                let bits = u32::try_from(bytes * 8).unwrap_or(u32::MAX);
                let align = u64::from(self.alignments.vec_alignment(bits).abi / 8).max(1);
                (align_to(bytes, align), align)
            }
            Type::Struct { fields, packed } => {
                let (_, size, align) = self.fields_layout(fields, *packed);
                (size, align)
            }
            Type::Named(name) => self.named_size_align(name),
        }
    }

    fn named_size_align(&mut self, name: &str) -> (u64, u64) {
        if let Some(sa) = self.cache.get(name) {
            return *sa;
        }
        // Guard against (invalid) recursive struct bodies while computing.
        self.cache.insert(name.to_string(), (0, 1));
        let sa = match self.bodies.get(name).cloned().flatten() {
            None => (0, 1),
            Some((tys, packed)) => {
                let (_, size, align) = self.fields_layout(&tys, packed);
                (size, align)
            }
        };
        self.cache.insert(name.to_string(), sa);
        sa
    }
}

fn float_size_align(k: FloatKind) -> (u64, u64) {
    match k {
        FloatKind::Half | FloatKind::BFloat => (2, 2),
        FloatKind::Single => (4, 4),
        FloatKind::Double => (8, 8),
        FloatKind::Quad | FloatKind::X86Fp80 | FloatKind::PpcFp128 => (16, 16),
    }
}

fn align_to(n: u64, align: u64) -> u64 {
    n.div_ceil(align.max(1)) * align.max(1)
}
