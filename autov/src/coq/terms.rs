//! Coq terms for `autov::ir` types, constants, operands and instructions
//! (the constructors of `Autov.Syntax`).

use super::names::push_string;
use crate::ir::{
    ArithFlags, AtomicOrdering, BinOp, Callee, CastOp, ConstExpr, Constant, FloatKind, FloatOp,
    InstrKind, IntPredicate, RmwOp, Type, Value,
};
use std::fmt::Write;

/// Appends `items` as a Coq list, each printed by `item`.
pub fn push_list<T>(out: &mut String, items: &[T], mut item: impl FnMut(&mut String, &T)) {
    out.push('[');
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        item(out, x);
    }
    out.push(']');
}

/// Appends a type.
pub fn push_type(out: &mut String, t: &Type) {
    match t {
        Type::Void => out.push_str("TVoid"),
        Type::Int(w) => {
            let _ = write!(out, "(TInt {w})");
        }
        Type::Float(k) => {
            let _ = write!(out, "(TFloat {})", float_kind(*k));
        }
        Type::Ptr => out.push_str("TPtr"),
        Type::Array(e, n) | Type::Vector(e, n) => {
            out.push_str(if matches!(t, Type::Array(..)) {
                "(TArray "
            } else {
                "(TVector "
            });
            push_type(out, e);
            let _ = write!(out, " {n})");
        }
        Type::Named(s) => {
            out.push_str("(TNamed ");
            push_string(out, s);
            out.push(')');
        }
        Type::Struct { fields, packed } => {
            let _ = write!(out, "(TStruct {packed} ");
            push_list(out, fields, push_type);
            out.push(')');
        }
        Type::Function {
            ret,
            params,
            var_arg,
        } => {
            out.push_str("(TFunc ");
            push_type(out, ret);
            out.push(' ');
            push_list(out, params, push_type);
            let _ = write!(out, " {var_arg})");
        }
        Type::Other(s) => {
            out.push_str("(TOther ");
            push_string(out, s);
            out.push(')');
        }
    }
}

fn float_kind(k: FloatKind) -> &'static str {
    match k {
        FloatKind::Half => "FHalf",
        FloatKind::BFloat => "FBFloat",
        FloatKind::Single => "FSingle",
        FloatKind::Double => "FDouble",
        FloatKind::Quad => "FQuad",
        FloatKind::X86Fp80 => "FX86Fp80",
        FloatKind::PpcFp128 => "FPpcFp128",
    }
}

fn binop(op: BinOp) -> &'static str {
    match op {
        BinOp::Add => "OAdd",
        BinOp::Sub => "OSub",
        BinOp::Mul => "OMul",
        BinOp::UDiv => "OUDiv",
        BinOp::SDiv => "OSDiv",
        BinOp::URem => "OURem",
        BinOp::SRem => "OSRem",
        BinOp::And => "OAnd",
        BinOp::Or => "OOr",
        BinOp::Xor => "OXor",
        BinOp::Shl => "OShl",
        BinOp::LShr => "OLShr",
        BinOp::AShr => "OAShr",
    }
}

fn float_op(op: FloatOp) -> &'static str {
    match op {
        FloatOp::FAdd => "FAdd",
        FloatOp::FSub => "FSub",
        FloatOp::FMul => "FMul",
        FloatOp::FDiv => "FDiv",
        FloatOp::FRem => "FRem",
    }
}

fn pred(p: IntPredicate) -> &'static str {
    match p {
        IntPredicate::Eq => "Ceq",
        IntPredicate::Ne => "Cne",
        IntPredicate::Ugt => "Cugt",
        IntPredicate::Uge => "Cuge",
        IntPredicate::Ult => "Cult",
        IntPredicate::Ule => "Cule",
        IntPredicate::Sgt => "Csgt",
        IntPredicate::Sge => "Csge",
        IntPredicate::Slt => "Cslt",
        IntPredicate::Sle => "Csle",
    }
}

fn cast_op(op: CastOp) -> &'static str {
    match op {
        CastOp::Trunc => "KTrunc",
        CastOp::ZExt => "KZExt",
        CastOp::SExt => "KSExt",
        CastOp::PtrToInt => "KPtrToInt",
        CastOp::IntToPtr => "KIntToPtr",
        CastOp::BitCast => "KBitCast",
        CastOp::AddrSpaceCast => "KAddrSpaceCast",
        CastOp::FPTrunc => "KFPTrunc",
        CastOp::FPExt => "KFPExt",
        CastOp::FPToUI => "KFPToUI",
        CastOp::FPToSI => "KFPToSI",
        CastOp::UIToFP => "KUIToFP",
        CastOp::SIToFP => "KSIToFP",
    }
}

fn ordering(o: AtomicOrdering) -> &'static str {
    match o {
        AtomicOrdering::Unordered => "Unordered",
        AtomicOrdering::Monotonic => "Monotonic",
        AtomicOrdering::Acquire => "Acquire",
        AtomicOrdering::Release => "Release",
        AtomicOrdering::AcqRel => "AcqRel",
        AtomicOrdering::SeqCst => "SeqCst",
    }
}

fn push_rmw(out: &mut String, op: RmwOp) {
    let name = match op {
        RmwOp::Xchg => "RXchg",
        RmwOp::Add => "RAdd",
        RmwOp::Sub => "RSub",
        RmwOp::And => "RAnd",
        RmwOp::Nand => "RNand",
        RmwOp::Or => "ROr",
        RmwOp::Xor => "RXor",
        RmwOp::Max => "RMax",
        RmwOp::Min => "RMin",
        RmwOp::UMax => "RUMax",
        RmwOp::UMin => "RUMin",
        RmwOp::Other(s) => {
            out.push_str("(RmwOther ");
            push_string(out, s);
            out.push(')');
            return;
        }
    };
    out.push_str(name);
}

/// Appends a constant.
pub fn push_const(out: &mut String, c: &Constant) {
    match c {
        Constant::Int { bits, value } => {
            let _ = write!(out, "(CInt {bits} {value})");
        }
        Constant::Float { kind, bits } => {
            let _ = match bits {
                Some(b) => write!(out, "(CFloat {} (Some {b}))", float_kind(*kind)),
                None => write!(out, "(CFloat {} None)", float_kind(*kind)),
            };
        }
        Constant::Null => out.push_str("CNull"),
        Constant::Undef(t) => push_typed(out, "CUndef", t),
        Constant::Poison(t) => push_typed(out, "CPoison", t),
        Constant::AggregateZero(t) => push_typed(out, "CZero", t),
        Constant::Struct { ty, fields } => {
            out.push_str("(CStruct ");
            push_type(out, ty);
            out.push(' ');
            push_list(out, fields, push_const);
            out.push(')');
        }
        Constant::Array { elem_ty, elems } => {
            out.push_str("(CArray ");
            push_type(out, elem_ty);
            out.push(' ');
            push_list(out, elems, push_const);
            out.push(')');
        }
        Constant::Vector(elems) => {
            out.push_str("(CVector ");
            push_list(out, elems, push_const);
            out.push(')');
        }
        Constant::GlobalRef(g) => {
            out.push_str("(CGlobal ");
            push_string(out, g);
            out.push(')');
        }
        Constant::Expr(e) => push_const_expr(out, e),
        Constant::Unsupported(s) => {
            out.push_str("(CUnsupported ");
            push_string(out, s);
            out.push(')');
        }
    }
}

fn push_typed(out: &mut String, ctor: &str, t: &Type) {
    let _ = write!(out, "({ctor} ");
    push_type(out, t);
    out.push(')');
}

fn push_const_expr(out: &mut String, e: &ConstExpr) {
    match e {
        ConstExpr::Binary { op, lhs, rhs } => {
            let _ = write!(out, "(CBin {} ", binop(*op));
            push_const(out, lhs);
            out.push(' ');
            push_const(out, rhs);
        }
        ConstExpr::ICmp { pred: p, lhs, rhs } => {
            let _ = write!(out, "(CICmp {} ", pred(*p));
            push_const(out, lhs);
            out.push(' ');
            push_const(out, rhs);
        }
        ConstExpr::Cast { op, value, to } => {
            let _ = write!(out, "(CCast {} ", cast_op(*op));
            push_const(out, value);
            out.push(' ');
            push_type(out, to);
        }
        ConstExpr::Gep {
            source_ty,
            base,
            indices,
            inbounds,
        } => {
            out.push_str("(CGep ");
            push_type(out, source_ty);
            out.push(' ');
            push_const(out, base);
            out.push(' ');
            push_list(out, indices, push_const);
            let _ = write!(out, " {inbounds}");
        }
        ConstExpr::Select {
            cond,
            then_val,
            else_val,
        } => {
            out.push_str("(CSelect ");
            push_const(out, cond);
            out.push(' ');
            push_const(out, then_val);
            out.push(' ');
            push_const(out, else_val);
        }
    }
    out.push(')');
}

/// Appends an operand.
pub fn push_value(out: &mut String, v: &Value) {
    match v {
        Value::Local(x) => {
            out.push_str("(Loc ");
            push_string(out, x);
            out.push(')');
        }
        Value::Const(c) => {
            out.push_str("(Cst ");
            push_const(out, c);
            out.push(')');
        }
        Value::Metadata => out.push_str("Meta"),
    }
}

/// Appends `(t, v)`.
pub fn push_typed_value(out: &mut String, (t, v): &(Type, Value)) {
    out.push('(');
    push_type(out, t);
    out.push_str(", ");
    push_value(out, v);
    out.push(')');
}

/// Appends the pieces of a constructor application separated by spaces: each piece is a
/// closure that prints one argument.
macro_rules! app {
    ($out:expr, $ctor:expr $(, $arg:expr)*) => {{
        let out: &mut String = $out;
        out.push('(');
        out.push_str($ctor);
        $( out.push(' '); ($arg)(&mut *out); )*
        out.push(')');
    }};
}

fn ty(t: &Type) -> impl Fn(&mut String) + '_ {
    move |o| push_type(o, t)
}

fn val(v: &Value) -> impl Fn(&mut String) + '_ {
    move |o| push_value(o, v)
}

fn lit(s: impl std::fmt::Display) -> impl Fn(&mut String) {
    move |o| {
        let _ = write!(o, "{s}");
    }
}

fn opt_ordering(o: Option<AtomicOrdering>) -> String {
    match o {
        Some(o) => format!("(Some {})", ordering(o)),
        None => "None".to_string(),
    }
}

fn indices(ix: &[u32]) -> impl Fn(&mut String) + '_ {
    move |o| {
        push_list(o, ix, |o, i| {
            let _ = write!(o, "{i}");
        })
    }
}

/// The Coq `aflags` of an instruction's poison-generating flags.
fn aflags(f: &ArithFlags) -> String {
    match (f.nsw, f.nuw, f.exact, f.disjoint, f.nneg) {
        (false, false, false, false, false) => "nofl".to_string(),
        (s, u, e, d, n) => format!("(Fl {s} {u} {e} {d} {n})"),
    }
}

/// Appends an instruction kind. PHI nodes never reach the printer (the structurer turned
/// them into copies); one that does is printed as an unsupported instruction.
pub fn push_instr(out: &mut String, k: &InstrKind) {
    match k {
        InstrKind::Binary {
            op,
            ty: t,
            lhs,
            rhs,
            flags,
        } => {
            let fl = aflags(flags);
            app!(
                out,
                "IBinary",
                lit(binop(*op)),
                ty(t),
                val(lhs),
                val(rhs),
                lit(fl)
            )
        }
        InstrKind::FBinary {
            op,
            ty: t,
            lhs,
            rhs,
        } => {
            app!(
                out,
                "IFBinary",
                lit(float_op(*op)),
                ty(t),
                val(lhs),
                val(rhs)
            )
        }
        InstrKind::FNeg { ty: t, value } => app!(out, "IFNeg", ty(t), val(value)),
        InstrKind::ICmp {
            pred: p,
            ty: t,
            lhs,
            rhs,
        } => {
            app!(out, "IICmp", lit(pred(*p)), ty(t), val(lhs), val(rhs))
        }
        InstrKind::FCmp {
            pred: p,
            ty: t,
            lhs,
            rhs,
        } => {
            app!(
                out,
                "IFCmp",
                |o: &mut String| push_string(o, p),
                ty(t),
                val(lhs),
                val(rhs)
            )
        }
        InstrKind::Cast {
            op,
            value,
            from,
            to,
            flags,
        } => {
            let fl = aflags(flags);
            app!(
                out,
                "ICast",
                lit(cast_op(*op)),
                val(value),
                ty(from),
                ty(to),
                lit(fl)
            )
        }
        InstrKind::Select {
            cond,
            ty: t,
            then_val,
            else_val,
        } => {
            app!(
                out,
                "ISelect",
                val(cond),
                ty(t),
                val(then_val),
                val(else_val)
            )
        }
        InstrKind::Alloca {
            ty: t,
            count,
            align,
        } => {
            app!(out, "IAlloca", ty(t), val(count), lit(align))
        }
        InstrKind::Load {
            ty: t,
            ptr,
            align,
            volatile,
            ordering: o,
        } => app!(
            out,
            "ILoad",
            ty(t),
            val(ptr),
            lit(align),
            lit(volatile),
            lit(opt_ordering(*o))
        ),
        InstrKind::Store {
            ty: t,
            value,
            ptr,
            align,
            volatile,
            ordering: o,
        } => app!(
            out,
            "IStore",
            ty(t),
            val(value),
            val(ptr),
            lit(align),
            lit(volatile),
            lit(opt_ordering(*o))
        ),
        InstrKind::Gep {
            source_ty,
            base,
            indices: ix,
            inbounds,
        } => app!(
            out,
            "IGep",
            ty(source_ty),
            val(base),
            |o: &mut String| push_list(o, ix, push_value),
            lit(inbounds)
        ),
        InstrKind::Call {
            callee,
            ret_ty,
            args,
        } => app!(
            out,
            "ICall",
            |o: &mut String| push_callee(o, callee),
            ty(ret_ty),
            |o: &mut String| push_list(o, args, push_typed_value)
        ),
        InstrKind::Phi { .. } => {
            app!(
                out,
                "IUnsupported",
                lit("\"phi\""),
                lit("\"phi outside a copy\"")
            )
        }
        InstrKind::ExtractValue {
            agg,
            agg_ty,
            indices: ix,
        } => {
            app!(out, "IExtractValue", val(agg), ty(agg_ty), indices(ix))
        }
        InstrKind::InsertValue {
            agg,
            agg_ty,
            elem,
            indices: ix,
        } => {
            app!(
                out,
                "IInsertValue",
                val(agg),
                ty(agg_ty),
                val(elem),
                indices(ix)
            )
        }
        InstrKind::ExtractElement {
            vector,
            vec_ty,
            index,
        } => {
            app!(out, "IExtractElement", val(vector), ty(vec_ty), val(index))
        }
        InstrKind::InsertElement {
            vector,
            vec_ty,
            elem,
            index,
        } => {
            app!(
                out,
                "IInsertElement",
                val(vector),
                ty(vec_ty),
                val(elem),
                val(index)
            )
        }
        InstrKind::ShuffleVector { a, b, vec_ty, mask } => app!(
            out,
            "IShuffleVector",
            val(a),
            val(b),
            ty(vec_ty),
            |o: &mut String| push_list(o, mask, |o, m| {
                let _ = match m {
                    Some(i) => write!(o, "Some {i}"),
                    None => write!(o, "None"),
                };
            })
        ),
        InstrKind::Freeze { ty: t, value } => app!(out, "IFreeze", ty(t), val(value)),
        InstrKind::CmpXchg {
            ptr,
            ty: t,
            expected,
            replacement,
            success,
            failure,
            weak,
            volatile,
        } => app!(
            out,
            "ICmpXchg",
            val(ptr),
            ty(t),
            val(expected),
            val(replacement),
            lit(ordering(*success)),
            lit(ordering(*failure)),
            lit(weak),
            lit(volatile)
        ),
        InstrKind::AtomicRmw {
            op,
            ptr,
            ty: t,
            value,
            ordering: o,
            volatile,
        } => app!(
            out,
            "IAtomicRmw",
            |out: &mut String| push_rmw(out, *op),
            val(ptr),
            ty(t),
            val(value),
            lit(ordering(*o)),
            lit(volatile)
        ),
        InstrKind::Fence { ordering: o } => app!(out, "IFence", lit(ordering(*o))),
        InstrKind::Unsupported { opcode, text } => app!(
            out,
            "IUnsupported",
            |o: &mut String| push_string(o, opcode),
            |o: &mut String| push_string(o, text)
        ),
    }
}

fn push_callee(out: &mut String, c: &Callee) {
    match c {
        Callee::Direct(f) => {
            out.push_str("(Direct ");
            push_string(out, f);
            out.push(')');
        }
        Callee::Indirect(v) => {
            out.push_str("(Indirect ");
            push_value(out, v);
            out.push(')');
        }
        Callee::Asm(asm) => {
            out.push_str("(Asm ");
            push_string(out, &asm.template);
            out.push(' ');
            push_string(out, &asm.constraints);
            let _ = write!(out, " {})", asm.side_effects);
        }
    }
}
