//! Conversion of an `llvm-ir` module into autov's own model (`crate::ir`).

use super::layout::Layout;
use super::side_pass::{ConstKey, SideFacts};
use crate::ir::{self, *};
use llvm_ir as L;
use llvm_ir::types::NamedStructDef;
use std::collections::HashMap;
use std::sync::Arc;

/// Converts a whole module. `side` holds what the LLVM-C side pass found; the flag returned is
/// whether the conversion needed a fact that `side` did not have (then run the side pass and
/// convert again).
pub(super) fn convert_module(m: &L::Module, side: &SideFacts) -> (ir::Module, bool) {
    let mut cx = Converter {
        side,
        files: HashMap::new(),
        missed_side_fact: false,
    };
    let bodies = named_struct_bodies(m, &mut cx);
    let structs = Layout::new(&m.data_layout.alignments, bodies).struct_types();
    let module = ir::Module {
        name: if m.source_file_name.is_empty() {
            m.name.clone()
        } else {
            m.source_file_name.clone()
        },
        data_layout: m.data_layout.layout_str.clone(),
        target_triple: m.target_triple.clone(),
        structs,
        globals: m.global_vars.iter().map(|g| cx.global(g)).collect(),
        functions: m.functions.iter().map(|f| cx.function(f)).collect(),
        declarations: m
            .func_declarations
            .iter()
            .map(|d| cx.declaration(d))
            .collect(),
        aliases: m
            .global_aliases
            .iter()
            .map(|a| Alias {
                name: name_str(&a.name),
                aliasee: cx.constant(&a.aliasee),
            })
            .collect(),
    };
    (module, cx.missed_side_fact)
}

fn named_struct_bodies(
    m: &L::Module,
    cx: &mut Converter,
) -> HashMap<String, Option<(Vec<Type>, bool)>> {
    m.types
        .all_struct_names()
        .map(|name| {
            let body = match m.types.named_struct_def(name) {
                Some(NamedStructDef::Defined(t)) => match t.as_ref() {
                    L::Type::StructType {
                        element_types,
                        is_packed,
                    } => Some((element_types.iter().map(|e| cx.ty(e)).collect(), *is_packed)),
                    _ => None,
                },
                _ => None,
            };
            (name.clone(), body)
        })
        .collect()
}

/// The text of a local or global name, without its sigil.
pub(super) fn name_str(n: &L::Name) -> String {
    match n {
        L::Name::Name(s) => s.to_string(),
        L::Name::Number(k) => k.to_string(),
    }
}

/// The type recorded for an external global, whose stored type `llvm-ir` does not expose.
const EXTERNAL_GLOBAL_TYPE: &str = "external";

struct Converter<'a> {
    side: &'a SideFacts,
    /// Interned source file names.
    files: HashMap<String, Arc<str>>,
    /// Set when a lookup in `side` found nothing.
    missed_side_fact: bool,
}

impl Converter<'_> {
    fn ty(&mut self, t: &L::TypeRef) -> Type {
        use L::Type as T;
        match t.as_ref() {
            T::VoidType => Type::Void,
            T::IntegerType { bits } => Type::Int(*bits),
            T::PointerType { .. } => Type::Ptr,
            T::FPType(fp) => Type::Float(float_kind(*fp)),
            T::FuncType {
                result_type,
                param_types,
                is_var_arg,
            } => Type::Function {
                ret: Box::new(self.ty(result_type)),
                params: param_types.iter().map(|p| self.ty(p)).collect(),
                var_arg: *is_var_arg,
            },
            T::VectorType {
                element_type,
                num_elements,
                scalable: false,
            } => Type::Vector(Box::new(self.ty(element_type)), *num_elements as u64),
            T::ArrayType {
                element_type,
                num_elements,
            } => Type::Array(Box::new(self.ty(element_type)), *num_elements as u64),
            T::StructType {
                element_types,
                is_packed,
            } => Type::Struct {
                fields: element_types.iter().map(|e| self.ty(e)).collect(),
                packed: *is_packed,
            },
            T::NamedStructType { name } => Type::Named(name.clone()),
            other => Type::Other(other.to_string()),
        }
    }

    fn loc(&mut self, d: &Option<L::DebugLoc>) -> Option<SourceLoc> {
        let d = d.as_ref()?;
        let file = match &d.directory {
            Some(dir) if !dir.is_empty() && !d.filename.starts_with('/') => {
                format!("{}/{}", dir, d.filename)
            }
            _ => d.filename.clone(),
        };
        let file = self
            .files
            .entry(file)
            .or_insert_with_key(|k| Arc::from(k.as_str()))
            .clone();
        Some(SourceLoc {
            file,
            line: d.line,
            col: d.col.unwrap_or(0),
        })
    }

    fn global(&mut self, g: &L::module::GlobalVariable) -> Global {
        // `llvm-ir` gives only the global's pointer type; the stored type is the initialiser's.
        let ty = match &g.initializer {
            Some(c) => self.const_type(c),
            None => Type::Other(EXTERNAL_GLOBAL_TYPE.to_string()),
        };
        Global {
            name: name_str(&g.name),
            ty,
            init: g.initializer.as_ref().map(|c| self.constant(c)),
            is_const: g.is_constant,
            align: g.alignment,
        }
    }

    fn declaration(&mut self, d: &L::function::FunctionDeclaration) -> Declaration {
        Declaration {
            name: d.name.clone(),
            ret_ty: self.ty(&d.return_type),
            param_tys: d.parameters.iter().map(|p| self.ty(&p.ty)).collect(),
            var_arg: d.is_var_arg,
        }
    }

    fn function(&mut self, f: &L::Function) -> Function {
        let blocks = f
            .basic_blocks
            .iter()
            .enumerate()
            .map(|(bi, b)| self.block(&f.name, bi, b))
            .collect();
        Function {
            name: f.name.clone(),
            ret_ty: self.ty(&f.return_type),
            params: f
                .parameters
                .iter()
                .map(|p| Param {
                    name: name_str(&p.name),
                    ty: self.ty(&p.ty),
                })
                .collect(),
            var_arg: f.is_var_arg,
            blocks,
            loc: self.loc(&f.debugloc),
        }
    }

    fn block(&mut self, fname: &str, bi: usize, b: &L::BasicBlock) -> Block {
        let instrs = b
            .instrs
            .iter()
            .enumerate()
            .map(|(ii, i)| self.instr(fname, bi, ii, i))
            .collect();
        let (term, term_loc) = self.terminator(&b.term);
        Block {
            name: name_str(&b.name),
            instrs,
            term,
            term_loc,
        }
    }

    fn value(&mut self, op: &L::Operand) -> Value {
        match op {
            L::Operand::LocalOperand { name, .. } => Value::Local(name_str(name)),
            L::Operand::ConstantOperand(c) => Value::Const(self.constant(c)),
            L::Operand::MetadataOperand => Value::Metadata,
        }
    }

    fn typed(&mut self, op: &L::Operand) -> (Type, Value) {
        let ty = match op {
            L::Operand::LocalOperand { ty, .. } => self.ty(ty),
            L::Operand::ConstantOperand(c) => self.const_type(c),
            L::Operand::MetadataOperand => Type::Other("metadata".into()),
        };
        (ty, self.value(op))
    }

    /// The type of a constant operand, as far as the instruction needs it.
    fn const_type(&mut self, c: &L::ConstantRef) -> Type {
        use L::Constant as C;
        match c.as_ref() {
            C::Int { bits, .. } => Type::Int(*bits),
            C::Float(f) => Type::Float(float_const_kind(f)),
            C::Null(t) | C::AggregateZero(t) | C::Undef(t) | C::Poison(t) => self.ty(t),
            C::Array {
                element_type,
                elements,
            } => Type::Array(Box::new(self.ty(element_type)), elements.len() as u64),
            C::Struct { name: Some(n), .. } => Type::Named(n.clone()),
            C::Struct {
                name: None,
                values,
                is_packed,
            } => Type::Struct {
                fields: values.iter().map(|v| self.const_type(v)).collect(),
                packed: *is_packed,
            },
            C::Vector(elems) => match elems.first() {
                Some(e) => Type::Vector(Box::new(self.const_type(e)), elems.len() as u64),
                None => Type::Other("empty vector".into()),
            },
            C::Trunc(t) => self.ty(&t.to_type),
            C::PtrToInt(t) => self.ty(&t.to_type),
            C::Add(a) => self.const_type(&a.operand0),
            C::Sub(a) => self.const_type(&a.operand0),
            C::Mul(a) => self.const_type(&a.operand0),
            C::Xor(a) => self.const_type(&a.operand0),
            _ => Type::Ptr,
        }
    }

    pub(super) fn constant(&mut self, c: &L::ConstantRef) -> Constant {
        use L::Constant as C;
        match c.as_ref() {
            C::Int { bits, value } => Constant::Int {
                bits: *bits,
                value: u128::from(*value),
            },
            C::Float(f) => float_constant(f),
            C::Null(_) => Constant::Null,
            C::AggregateZero(t) => Constant::AggregateZero(self.ty(t)),
            C::Undef(t) => Constant::Undef(self.ty(t)),
            C::Poison(t) => Constant::Poison(self.ty(t)),
            C::Struct { .. } => Constant::Struct {
                ty: self.const_type(c),
                fields: match c.as_ref() {
                    C::Struct { values, .. } => values.iter().map(|v| self.constant(v)).collect(),
                    _ => unreachable!("matched a struct constant above"),
                },
            },
            C::Array {
                element_type,
                elements,
            } => Constant::Array {
                elem_ty: self.ty(element_type),
                elems: elements.iter().map(|e| self.constant(e)).collect(),
            },
            C::Vector(elems) => Constant::Vector(elems.iter().map(|e| self.constant(e)).collect()),
            C::GlobalReference { name, .. } => Constant::GlobalRef(name_str(name)),
            C::Add(a) => self.const_binary(BinOp::Add, &a.operand0, &a.operand1),
            C::Sub(a) => self.const_binary(BinOp::Sub, &a.operand0, &a.operand1),
            C::Mul(a) => self.const_binary(BinOp::Mul, &a.operand0, &a.operand1),
            C::Xor(a) => self.const_binary(BinOp::Xor, &a.operand0, &a.operand1),
            C::GetElementPtr(g) => self.const_gep(c, g),
            C::Trunc(t) => self.const_cast(CastOp::Trunc, &t.operand, &t.to_type),
            C::PtrToInt(t) => self.const_cast(CastOp::PtrToInt, &t.operand, &t.to_type),
            C::IntToPtr(t) => self.const_cast(CastOp::IntToPtr, &t.operand, &t.to_type),
            C::BitCast(t) => self.const_cast(CastOp::BitCast, &t.operand, &t.to_type),
            C::AddrSpaceCast(t) => self.const_cast(CastOp::AddrSpaceCast, &t.operand, &t.to_type),
            other => Constant::Unsupported(other.to_string()),
        }
    }

    fn const_binary(&mut self, op: BinOp, a: &L::ConstantRef, b: &L::ConstantRef) -> Constant {
        let (lhs, rhs) = (self.constant(a), self.constant(b));
        Constant::Expr(Box::new(ConstExpr::Binary { op, lhs, rhs }))
    }

    fn const_cast(&mut self, op: CastOp, v: &L::ConstantRef, to: &L::TypeRef) -> Constant {
        let (value, to) = (self.constant(v), self.ty(to));
        Constant::Expr(Box::new(ConstExpr::Cast { op, value, to }))
    }

    fn const_gep(&mut self, c: &L::ConstantRef, g: &L::constant::GetElementPtr) -> Constant {
        let key = const_key(c);
        let Some(Some(source_ty)) = self.side.gep_types.get(&key).cloned() else {
            self.missed_side_fact |= !self.side.gep_types.contains_key(&key);
            return Constant::Unsupported(format!(
                "constant getelementptr whose source element type is unknown or ambiguous: {c}"
            ));
        };
        Constant::Expr(Box::new(ConstExpr::Gep {
            source_ty,
            base: self.constant(&g.address),
            indices: g.indices.iter().map(|i| self.constant(i)).collect(),
            inbounds: g.in_bounds,
        }))
    }
}

/// The canonical key of a constant, as the side pass computes it from LLVM-C.
pub(super) fn const_key(c: &L::ConstantRef) -> ConstKey {
    use L::Constant as C;
    let expr = |name: &str, ops: &[&L::ConstantRef]| {
        let keys: Vec<String> = ops.iter().map(|o| const_key(o)).collect();
        format!("{}({})", name, keys.join(","))
    };
    match c.as_ref() {
        C::GlobalReference { name, .. } => match name {
            L::Name::Name(s) => format!("@{s}"),
            L::Name::Number(_) => "@".to_string(),
        },
        C::Int { bits, value } => format!("i{bits}:{value}"),
        C::Null(_) => "null".to_string(),
        C::GetElementPtr(g) => {
            let ops: Vec<&L::ConstantRef> = std::iter::once(&g.address).chain(&g.indices).collect();
            expr("gep", &ops)
        }
        C::BitCast(t) => expr("bitcast", &[&t.operand]),
        C::PtrToInt(t) => expr("ptrtoint", &[&t.operand]),
        C::IntToPtr(t) => expr("inttoptr", &[&t.operand]),
        C::AddrSpaceCast(t) => expr("addrspacecast", &[&t.operand]),
        C::Trunc(t) => expr("trunc", &[&t.operand]),
        C::Add(a) => expr("add", &[&a.operand0, &a.operand1]),
        C::Sub(a) => expr("sub", &[&a.operand0, &a.operand1]),
        C::Mul(a) => expr("mul", &[&a.operand0, &a.operand1]),
        C::Xor(a) => expr("xor", &[&a.operand0, &a.operand1]),
        _ => "?".to_string(),
    }
}

fn float_kind(fp: L::types::FPType) -> FloatKind {
    use L::types::FPType as F;
    match fp {
        F::Half => FloatKind::Half,
        F::BFloat => FloatKind::BFloat,
        F::Single => FloatKind::Single,
        F::Double => FloatKind::Double,
        F::FP128 => FloatKind::Quad,
        F::X86_FP80 => FloatKind::X86Fp80,
        F::PPC_FP128 => FloatKind::PpcFp128,
    }
}

fn float_const_kind(f: &L::constant::Float) -> FloatKind {
    use L::constant::Float as F;
    match f {
        F::Half => FloatKind::Half,
        F::BFloat => FloatKind::BFloat,
        F::Single(_) => FloatKind::Single,
        F::Double(_) => FloatKind::Double,
        F::Quadruple => FloatKind::Quad,
        F::X86_FP80 => FloatKind::X86Fp80,
        F::PPC_FP128 => FloatKind::PpcFp128,
    }
}

fn float_constant(f: &L::constant::Float) -> Constant {
    use L::constant::Float as F;
    let bits = match f {
        F::Single(x) => Some(u64::from(x.to_bits())),
        F::Double(x) => Some(x.to_bits()),
        _ => None,
    };
    Constant::Float {
        kind: float_const_kind(f),
        bits,
    }
}

mod instr;
