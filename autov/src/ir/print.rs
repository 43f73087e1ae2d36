//! LLVM-like text form of `crate::ir`, for debugging dumps and snapshot tests.
//!
//! The output reads like LLVM assembly but is not meant to be parsed back: inline asm is shown
//! with its template, unsupported constructs with their recorded text.

use super::*;
use std::fmt::{self, Display, Formatter, Write};

/// Prints a module in an LLVM-like syntax.
pub fn print_module(m: &Module) -> String {
    let mut out = String::new();
    writeln!(out, "; module {}", m.name).unwrap();
    for s in &m.structs {
        writeln!(out, "{}", StructDisplay(s)).unwrap();
    }
    for g in &m.globals {
        let kind = if g.is_const { "constant" } else { "global" };
        match &g.init {
            Some(c) => writeln!(out, "@{} = {kind} {} {}", g.name, g.ty, c).unwrap(),
            None => writeln!(out, "@{} = external {kind} {}", g.name, g.ty).unwrap(),
        }
    }
    for a in &m.aliases {
        writeln!(out, "@{} = alias {}", a.name, a.aliasee).unwrap();
    }
    for d in &m.declarations {
        let params: Vec<String> = d.param_tys.iter().map(|t| t.to_string()).collect();
        writeln!(
            out,
            "declare {} @{}({})",
            d.ret_ty,
            d.name,
            params.join(", ")
        )
        .unwrap();
    }
    for f in &m.functions {
        out.push_str(&print_function(f));
    }
    out
}

/// Prints one function (its CFG) in an LLVM-like syntax.
pub fn print_function(f: &Function) -> String {
    let mut out = String::new();
    let params: Vec<String> = f
        .params
        .iter()
        .map(|p| format!("{} %{}", p.ty, p.name))
        .collect();
    writeln!(
        out,
        "\ndefine {} @{}({}) {{",
        f.ret_ty,
        f.name,
        params.join(", ")
    )
    .unwrap();
    for b in &f.blocks {
        writeln!(out, "{}:", b.name).unwrap();
        for i in &b.instrs {
            writeln!(out, "  {i}").unwrap();
        }
        writeln!(out, "  {}", b.term).unwrap();
    }
    out.push_str("}\n");
    out
}

struct StructDisplay<'a>(&'a StructType);

impl Display for StructDisplay<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let s = self.0;
        if s.opaque {
            return write!(f, "%{} = type opaque", s.name);
        }
        let fields: Vec<String> = s
            .fields
            .iter()
            .map(|x| format!("{} @{}", x.ty, x.offset))
            .collect();
        let (open, close) = if s.packed {
            ("<{ ", " }>")
        } else {
            ("{ ", " }")
        };
        write!(
            f,
            "%{} = type {open}{}{close} ; size {}, align {}",
            s.name,
            fields.join(", "),
            s.size,
            s.align
        )
    }
}

impl Display for Type {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Type::Void => write!(f, "void"),
            Type::Int(n) => write!(f, "i{n}"),
            Type::Float(k) => write!(f, "{k}"),
            Type::Ptr => write!(f, "ptr"),
            Type::Array(t, n) => write!(f, "[{n} x {t}]"),
            Type::Vector(t, n) => write!(f, "<{n} x {t}>"),
            Type::Named(n) => write!(f, "%{n}"),
            Type::Struct { fields, packed } => {
                let fs: Vec<String> = fields.iter().map(|t| t.to_string()).collect();
                if *packed {
                    write!(f, "<{{ {} }}>", fs.join(", "))
                } else {
                    write!(f, "{{ {} }}", fs.join(", "))
                }
            }
            Type::Function {
                ret,
                params,
                var_arg,
            } => {
                let mut ps: Vec<String> = params.iter().map(|t| t.to_string()).collect();
                if *var_arg {
                    ps.push("...".into());
                }
                write!(f, "{ret} ({})", ps.join(", "))
            }
            Type::Other(s) => write!(f, "{s}"),
        }
    }
}

impl Display for FloatKind {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FloatKind::Half => "half",
            FloatKind::BFloat => "bfloat",
            FloatKind::Single => "float",
            FloatKind::Double => "double",
            FloatKind::Quad => "fp128",
            FloatKind::X86Fp80 => "x86_fp80",
            FloatKind::PpcFp128 => "ppc_fp128",
        })
    }
}

impl Display for Value {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Value::Local(n) => write!(f, "%{n}"),
            Value::Const(c) => write!(f, "{c}"),
            Value::Metadata => write!(f, "metadata"),
        }
    }
}

fn list<T: Display>(items: &[T]) -> String {
    items
        .iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

impl Display for Constant {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Constant::Int { bits: 1, value } => write!(f, "{}", *value != 0),
            Constant::Int { value, .. } => write!(f, "{value}"),
            Constant::Float {
                kind,
                bits: Some(b),
            } => write!(f, "{kind} 0x{b:X}"),
            Constant::Float { kind, bits: None } => write!(f, "{kind} <constant>"),
            Constant::Null => write!(f, "null"),
            Constant::Undef(_) => write!(f, "undef"),
            Constant::Poison(_) => write!(f, "poison"),
            Constant::AggregateZero(_) => write!(f, "zeroinitializer"),
            Constant::Struct { fields, .. } => write!(f, "{{ {} }}", list(fields)),
            Constant::Array { elems, .. } => write!(f, "[{}]", list(elems)),
            Constant::Vector(elems) => write!(f, "<{}>", list(elems)),
            Constant::GlobalRef(n) => write!(f, "@{n}"),
            Constant::Expr(e) => write!(f, "{e}"),
            Constant::Unsupported(text) => write!(f, "<unsupported constant: {text}>"),
        }
    }
}

impl Display for ConstExpr {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            ConstExpr::Binary { op, lhs, rhs } => write!(f, "{op} ({lhs}, {rhs})"),
            ConstExpr::ICmp { pred, lhs, rhs } => write!(f, "icmp {pred} ({lhs}, {rhs})"),
            ConstExpr::Cast { op, value, to } => write!(f, "{op} ({value} to {to})"),
            ConstExpr::Gep {
                source_ty,
                base,
                indices,
                inbounds,
            } => {
                let ib = if *inbounds { "inbounds " } else { "" };
                write!(
                    f,
                    "getelementptr {ib}({source_ty}, {base}, {})",
                    list(indices)
                )
            }
            ConstExpr::Select {
                cond,
                then_val,
                else_val,
            } => {
                write!(f, "select ({cond}, {then_val}, {else_val})")
            }
        }
    }
}

impl Display for Instr {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if let Some(d) = &self.dest {
            write!(f, "%{d} = ")?;
        }
        write!(f, "{}", self.kind)?;
        if let Some(loc) = &self.loc {
            write!(f, " ; line {}", loc.line)?;
        }
        Ok(())
    }
}

impl Display for InstrKind {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        use InstrKind as K;
        match self {
            K::Binary {
                op,
                ty,
                lhs,
                rhs,
                flags,
            } => write!(f, "{op}{flags} {ty} {lhs}, {rhs}"),
            K::FBinary { op, ty, lhs, rhs } => write!(f, "{op} {ty} {lhs}, {rhs}"),
            K::FNeg { ty, value } => write!(f, "fneg {ty} {value}"),
            K::ICmp { pred, ty, lhs, rhs } => write!(f, "icmp {pred} {ty} {lhs}, {rhs}"),
            K::FCmp { pred, ty, lhs, rhs } => write!(f, "fcmp {pred} {ty} {lhs}, {rhs}"),
            K::Cast {
                op,
                value,
                from,
                to,
                flags,
            } => write!(f, "{op}{flags} {from} {value} to {to}"),
            K::Select {
                cond,
                ty,
                then_val,
                else_val,
            } => {
                write!(f, "select {cond}, {ty} {then_val}, {ty} {else_val}")
            }
            K::Alloca { ty, count, align } => write!(f, "alloca {ty}, {count}, align {align}"),
            K::Load {
                ty,
                ptr,
                align,
                volatile,
                ordering,
            } => {
                write!(
                    f,
                    "load{}{} {ty}, ptr {ptr}, align {align}",
                    atomic(ordering),
                    vol(*volatile)
                )
            }
            K::Store {
                ty,
                value,
                ptr,
                align,
                volatile,
                ordering,
            } => write!(
                f,
                "store{}{} {ty} {value}, ptr {ptr}, align {align}",
                atomic(ordering),
                vol(*volatile)
            ),
            K::Gep {
                source_ty,
                base,
                indices,
                inbounds,
            } => {
                let ib = if *inbounds { " inbounds" } else { "" };
                write!(
                    f,
                    "getelementptr{ib} {source_ty}, ptr {base}, {}",
                    list(indices)
                )
            }
            K::Call {
                callee,
                ret_ty,
                args,
            } => {
                let args: Vec<String> = args.iter().map(|(t, v)| format!("{t} {v}")).collect();
                write!(f, "call {ret_ty} {callee}({})", args.join(", "))
            }
            K::Phi { ty, incoming } => {
                let inc: Vec<String> = incoming
                    .iter()
                    .map(|(v, b)| format!("[ {v}, %{b} ]"))
                    .collect();
                write!(f, "phi {ty} {}", inc.join(", "))
            }
            K::ExtractValue {
                agg,
                agg_ty,
                indices,
            } => {
                write!(f, "extractvalue {agg_ty} {agg}, {}", list(indices))
            }
            K::InsertValue {
                agg,
                agg_ty,
                elem,
                indices,
            } => {
                write!(f, "insertvalue {agg_ty} {agg}, {elem}, {}", list(indices))
            }
            K::ExtractElement {
                vector,
                vec_ty,
                index,
            } => {
                write!(f, "extractelement {vec_ty} {vector}, {index}")
            }
            K::InsertElement {
                vector,
                vec_ty,
                elem,
                index,
            } => {
                write!(f, "insertelement {vec_ty} {vector}, {elem}, {index}")
            }
            K::ShuffleVector { a, b, vec_ty, mask } => {
                let m: Vec<String> = mask
                    .iter()
                    .map(|l| l.map_or("poison".into(), |i| i.to_string()))
                    .collect();
                write!(
                    f,
                    "shufflevector {vec_ty} {a}, {vec_ty} {b}, <{}>",
                    m.join(", ")
                )
            }
            K::Freeze { ty, value } => write!(f, "freeze {ty} {value}"),
            K::CmpXchg {
                ptr,
                ty,
                expected,
                replacement,
                success,
                failure,
                weak,
                volatile,
            } => write!(
                f,
                "cmpxchg{}{} ptr {ptr}, {ty} {expected}, {ty} {replacement} {success} {failure}",
                if *weak { " weak" } else { "" },
                vol(*volatile)
            ),
            K::AtomicRmw {
                op,
                ptr,
                ty,
                value,
                ordering,
                volatile,
            } => {
                write!(
                    f,
                    "atomicrmw{} {op} ptr {ptr}, {ty} {value} {ordering}",
                    vol(*volatile)
                )
            }
            K::Fence { ordering } => write!(f, "fence {ordering}"),
            K::Unsupported { opcode, text } => write!(f, "<unsupported {opcode}: {text}>"),
        }
    }
}

fn atomic(o: &Option<AtomicOrdering>) -> String {
    o.map_or(String::new(), |o| format!(" atomic({o})"))
}

fn vol(v: bool) -> &'static str {
    if v {
        " volatile"
    } else {
        ""
    }
}

impl Display for Callee {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Callee::Direct(n) => write!(f, "@{n}"),
            Callee::Indirect(v) => write!(f, "{v}"),
            Callee::Asm(a) => write!(f, "asm {:?}, {:?}", a.template, a.constraints),
        }
    }
}

impl Display for ArithFlags {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        for (on, name) in [
            (self.nuw, " nuw"),
            (self.nsw, " nsw"),
            (self.exact, " exact"),
            (self.disjoint, " disjoint"),
            (self.nneg, " nneg"),
        ] {
            if on {
                f.write_str(name)?;
            }
        }
        Ok(())
    }
}

impl Display for Terminator {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Terminator::Ret(None) => write!(f, "ret void"),
            Terminator::Ret(Some((t, v))) => write!(f, "ret {t} {v}"),
            Terminator::Br(d) => write!(f, "br label %{d}"),
            Terminator::CondBr {
                cond,
                then_dest,
                else_dest,
            } => {
                write!(f, "br i1 {cond}, label %{then_dest}, label %{else_dest}")
            }
            Terminator::Switch {
                ty,
                value,
                default,
                cases,
            } => {
                write!(f, "switch {ty} {value}, label %{default} [")?;
                for (v, d) in cases {
                    write!(f, " {ty} {v}, label %{d}")?;
                }
                write!(f, " ]")
            }
            Terminator::Unreachable => write!(f, "unreachable"),
            Terminator::Unsupported { opcode, .. } => {
                write!(f, "<unsupported terminator {opcode}>")
            }
        }
    }
}

macro_rules! display_by_name {
    ($ty:ty { $($variant:pat => $name:expr),* $(,)? }) => {
        impl Display for $ty {
            fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
                f.write_str(match self { $($variant => $name),* })
            }
        }
    };
}

display_by_name!(BinOp {
    BinOp::Add => "add", BinOp::Sub => "sub", BinOp::Mul => "mul", BinOp::UDiv => "udiv",
    BinOp::SDiv => "sdiv", BinOp::URem => "urem", BinOp::SRem => "srem", BinOp::And => "and",
    BinOp::Or => "or", BinOp::Xor => "xor", BinOp::Shl => "shl", BinOp::LShr => "lshr",
    BinOp::AShr => "ashr",
});
display_by_name!(FloatOp {
    FloatOp::FAdd => "fadd", FloatOp::FSub => "fsub", FloatOp::FMul => "fmul",
    FloatOp::FDiv => "fdiv", FloatOp::FRem => "frem",
});
display_by_name!(IntPredicate {
    IntPredicate::Eq => "eq", IntPredicate::Ne => "ne", IntPredicate::Ugt => "ugt",
    IntPredicate::Uge => "uge", IntPredicate::Ult => "ult", IntPredicate::Ule => "ule",
    IntPredicate::Sgt => "sgt", IntPredicate::Sge => "sge", IntPredicate::Slt => "slt",
    IntPredicate::Sle => "sle",
});
display_by_name!(CastOp {
    CastOp::Trunc => "trunc", CastOp::ZExt => "zext", CastOp::SExt => "sext",
    CastOp::PtrToInt => "ptrtoint", CastOp::IntToPtr => "inttoptr", CastOp::BitCast => "bitcast",
    CastOp::AddrSpaceCast => "addrspacecast", CastOp::FPTrunc => "fptrunc",
    CastOp::FPExt => "fpext", CastOp::FPToUI => "fptoui", CastOp::FPToSI => "fptosi",
    CastOp::UIToFP => "uitofp", CastOp::SIToFP => "sitofp",
});
display_by_name!(AtomicOrdering {
    AtomicOrdering::Unordered => "unordered", AtomicOrdering::Monotonic => "monotonic",
    AtomicOrdering::Acquire => "acquire", AtomicOrdering::Release => "release",
    AtomicOrdering::AcqRel => "acq_rel", AtomicOrdering::SeqCst => "seq_cst",
});
display_by_name!(RmwOp {
    RmwOp::Xchg => "xchg", RmwOp::Add => "add", RmwOp::Sub => "sub", RmwOp::And => "and",
    RmwOp::Nand => "nand", RmwOp::Or => "or", RmwOp::Xor => "xor", RmwOp::Max => "max",
    RmwOp::Min => "min", RmwOp::UMax => "umax", RmwOp::UMin => "umin", RmwOp::Other(n) => n,
});
