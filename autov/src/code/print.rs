//! Text form of structured code, for debugging dumps and snapshot tests.
//!
//! Control flow reads like Rust (`'L3: loop { ... }`, `break 'L3;`, `if %c { ... } else { ... }`,
//! `(%x, %y) := (%y, %x);` for parallel copies); instructions read like LLVM.

use super::{Copy, Function, FunctionResult, Module, Stmt};
use crate::ir::{AtomicOrdering, Callee, ConstExpr, Constant, Instr, InstrKind, Type, Value};
use std::fmt::Write;

/// Prints a structured module: every function, or the reason it failed.
pub fn print_module(m: &Module) -> String {
    let mut out = format!("; module {}\n", m.ir.name);
    for f in &m.functions {
        out.push('\n');
        match f {
            FunctionResult::Ok(f) => out.push_str(&print_function(f)),
            FunctionResult::Failed { name, reason } => {
                let _ = writeln!(out, "; @{name}: not structured: {reason}");
            }
        }
    }
    out
}

/// Prints one structured function.
pub fn print_function(f: &Function) -> String {
    let params: Vec<String> = f
        .params
        .iter()
        .map(|p| format!("{} %{}", &p.ty.to_string(), p.name))
        .collect();
    let mut out = format!(
        "fn @{}({}) -> {} {{\n",
        f.name,
        params.join(", "),
        &f.ret_ty.to_string()
    );
    stmts(&mut out, &f.body, 1);
    out.push_str("}\n");
    out
}

fn stmts(out: &mut String, body: &[Stmt], depth: usize) {
    for s in body {
        stmt(out, s, depth);
    }
}

fn line(out: &mut String, depth: usize, text: &str) {
    for _ in 0..depth {
        out.push_str("    ");
    }
    out.push_str(text);
    out.push('\n');
}

fn stmt(out: &mut String, s: &Stmt, depth: usize) {
    match s {
        Stmt::Instr(i) => line(out, depth, &format!("{};", instr(i))),
        Stmt::Copies(copies) => line(out, depth, &format!("{};", copies_text(copies))),
        Stmt::If {
            cond,
            then_body,
            else_body,
            ..
        } => {
            if then_body.is_empty() && !else_body.is_empty() {
                line(out, depth, &format!("if {} {{}} else {{", value(cond)));
            } else {
                line(out, depth, &format!("if {} {{", value(cond)));
                stmts(out, then_body, depth + 1);
                if !else_body.is_empty() {
                    line(out, depth, "} else {");
                }
            }
            stmts(out, else_body, depth + 1);
            line(out, depth, "}");
        }
        Stmt::Switch {
            ty: t,
            value: v,
            arms,
            default,
            ..
        } => {
            line(out, depth, &format!("switch {} {} {{", t, value(v)));
            for arm in arms {
                let values: Vec<String> = arm.values.iter().map(u128::to_string).collect();
                line(out, depth + 1, &format!("{} => {{", values.join(" | ")));
                stmts(out, &arm.body, depth + 2);
                line(out, depth + 1, "}");
            }
            line(out, depth + 1, "default => {");
            stmts(out, default, depth + 2);
            line(out, depth + 1, "}");
            line(out, depth, "}");
        }
        Stmt::Block { label, body } => {
            line(out, depth, &format!("'L{label}: {{"));
            stmts(out, body, depth + 1);
            line(out, depth, "}");
        }
        Stmt::Loop { label, body } => {
            line(out, depth, &format!("'L{label}: loop {{"));
            stmts(out, body, depth + 1);
            line(out, depth, "}");
        }
        Stmt::Break(label) => line(out, depth, &format!("break 'L{label};")),
        Stmt::Continue(label) => line(out, depth, &format!("continue 'L{label};")),
        Stmt::Return { value: None, .. } => line(out, depth, "return;"),
        Stmt::Return {
            value: Some((t, v)),
            ..
        } => line(out, depth, &format!("return {};", typed(t, v))),
        Stmt::Unreachable { .. } => line(out, depth, "unreachable;"),
    }
}

/// `%x := %y` for one copy, `(%x, %y) := (%y, %x)` for several.
fn copies_text(copies: &[Copy]) -> String {
    let dests: Vec<String> = copies.iter().map(|c| format!("%{}", c.dest)).collect();
    let values: Vec<String> = copies.iter().map(|c| value(&c.value)).collect();
    if copies.len() == 1 {
        format!("{} := {}", dests[0], values[0])
    } else {
        format!("({}) := ({})", dests.join(", "), values.join(", "))
    }
}

/// An instruction in LLVM syntax, with its destination.
fn instr(i: &Instr) -> String {
    let body = instr_kind(&i.kind);
    match &i.dest {
        Some(d) => format!("%{d} = {body}"),
        None => body,
    }
}

fn instr_kind(k: &InstrKind) -> String {
    use InstrKind as K;
    match k {
        K::Binary {
            op,
            ty: t,
            lhs,
            rhs,
            flags,
        } => {
            format!("{op}{flags} {}, {}", typed(t, lhs), value(rhs))
        }
        K::FBinary {
            op,
            ty: t,
            lhs,
            rhs,
        } => format!("{} {}, {}", op, typed(t, lhs), value(rhs)),
        K::FNeg { ty: t, value: v } => format!("fneg {}", typed(t, v)),
        K::ICmp {
            pred,
            ty: t,
            lhs,
            rhs,
        } => {
            format!("icmp {} {}, {}", pred, typed(t, lhs), value(rhs))
        }
        K::FCmp {
            pred,
            ty: t,
            lhs,
            rhs,
        } => format!("fcmp {pred} {}, {}", typed(t, lhs), value(rhs)),
        K::Cast {
            op,
            value: v,
            from,
            to,
            flags,
        } => format!("{op}{flags} {} to {to}", typed(from, v)),
        K::Select {
            cond,
            ty: t,
            then_val,
            else_val,
        } => {
            format!(
                "select {}, {}, {}",
                value(cond),
                typed(t, then_val),
                typed(t, else_val)
            )
        }
        K::Alloca {
            ty: t,
            count,
            align,
        } => {
            let single = matches!(count, Value::Const(Constant::Int { value: 1, .. }));
            let count = if single {
                String::new()
            } else {
                format!(", {}", value(count))
            };
            format!("alloca {}{count}, align {align}", t)
        }
        K::Load {
            ty: t,
            ptr,
            align,
            volatile,
            ordering,
        } => format!(
            "load{}{} {}, ptr {}{}, align {align}",
            atomic(ordering),
            flag(*volatile, " volatile"),
            t,
            value(ptr),
            order_suffix(ordering)
        ),
        K::Store {
            ty: t,
            value: v,
            ptr,
            align,
            volatile,
            ordering,
        } => format!(
            "store{}{} {}, ptr {}{}, align {align}",
            atomic(ordering),
            flag(*volatile, " volatile"),
            typed(t, v),
            value(ptr),
            order_suffix(ordering)
        ),
        K::Gep {
            source_ty,
            base,
            indices,
            inbounds,
        } => format!(
            "getelementptr{} {}, ptr {}{}",
            flag(*inbounds, " inbounds"),
            source_ty,
            value(base),
            list_suffix(indices.iter().map(value))
        ),
        K::Call {
            callee,
            ret_ty,
            args,
        } => {
            let args: Vec<String> = args.iter().map(|(t, v)| typed(t, v)).collect();
            format!(
                "call {} {}({})",
                ret_ty,
                callee_text(callee),
                args.join(", ")
            )
        }
        K::Phi { ty: t, incoming } => {
            let inc: Vec<String> = incoming
                .iter()
                .map(|(v, b)| format!("[ {}, %{b} ]", value(v)))
                .collect();
            format!("phi {} {}", t, inc.join(", "))
        }
        K::ExtractValue {
            agg,
            agg_ty,
            indices,
        } => {
            format!(
                "extractvalue {}{}",
                typed(agg_ty, agg),
                list_suffix(indices.iter().map(u32::to_string))
            )
        }
        K::InsertValue {
            agg,
            agg_ty,
            elem,
            indices,
        } => format!(
            "insertvalue {}, {}{}",
            typed(agg_ty, agg),
            value(elem),
            list_suffix(indices.iter().map(u32::to_string))
        ),
        K::ExtractElement {
            vector,
            vec_ty,
            index,
        } => {
            format!("extractelement {}, {}", typed(vec_ty, vector), value(index))
        }
        K::InsertElement {
            vector,
            vec_ty,
            elem,
            index,
        } => {
            format!(
                "insertelement {}, {}, {}",
                typed(vec_ty, vector),
                value(elem),
                value(index)
            )
        }
        K::ShuffleVector { a, b, vec_ty, mask } => {
            let mask: Vec<String> = mask
                .iter()
                .map(|m| m.map_or_else(|| "undef".to_string(), |i| i.to_string()))
                .collect();
            format!(
                "shufflevector {}, {}, <{}>",
                typed(vec_ty, a),
                value(b),
                mask.join(", ")
            )
        }
        K::Freeze { ty: t, value: v } => format!("freeze {}", typed(t, v)),
        K::CmpXchg {
            ptr,
            ty: t,
            expected,
            replacement,
            success,
            failure,
            weak,
            volatile,
        } => format!(
            "cmpxchg{}{} ptr {}, {}, {} {} {}",
            flag(*weak, " weak"),
            flag(*volatile, " volatile"),
            value(ptr),
            typed(t, expected),
            typed(t, replacement),
            success,
            failure
        ),
        K::AtomicRmw {
            op,
            ptr,
            ty: t,
            value: v,
            ordering,
            volatile,
        } => format!(
            "atomicrmw{} {} ptr {}, {} {}",
            flag(*volatile, " volatile"),
            op,
            value(ptr),
            typed(t, v),
            ordering
        ),
        K::Fence { ordering } => format!("fence {}", ordering),
        K::Unsupported { opcode, text } if text.is_empty() => opcode.clone(),
        K::Unsupported { text, .. } => text.clone(),
    }
}

fn flag(on: bool, text: &str) -> &str {
    if on {
        text
    } else {
        ""
    }
}

fn list_suffix(items: impl Iterator<Item = String>) -> String {
    items.map(|i| format!(", {i}")).collect()
}

fn atomic(ordering: &Option<AtomicOrdering>) -> &'static str {
    flag(ordering.is_some(), " atomic")
}

fn order_suffix(ordering: &Option<AtomicOrdering>) -> String {
    ordering.map(|o| format!(" {}", o)).unwrap_or_default()
}

fn callee_text(c: &Callee) -> String {
    match c {
        Callee::Direct(name) => format!("@{name}"),
        Callee::Indirect(v) => value(v),
        Callee::Asm(asm) => format!(
            "asm{} {:?}, {:?}",
            flag(asm.side_effects, " sideeffect"),
            asm.template,
            asm.constraints
        ),
    }
}

fn typed(t: &Type, v: &Value) -> String {
    format!("{} {}", t, value(v))
}

fn value(v: &Value) -> String {
    match v {
        Value::Local(name) => format!("%{name}"),
        Value::Const(c) => constant(c),
        Value::Metadata => "metadata".to_string(),
    }
}

fn constant(c: &Constant) -> String {
    match c {
        Constant::Int { bits: 1, value } => (*value != 0).to_string(),
        Constant::Int { bits, value } => signed(*bits, *value).to_string(),
        Constant::Float { bits: Some(b), .. } => format!("0x{b:X}"),
        Constant::Float { kind, bits: None } => format!("<{} constant>", kind),
        Constant::Null => "null".to_string(),
        Constant::Undef(_) => "undef".to_string(),
        Constant::Poison(_) => "poison".to_string(),
        Constant::AggregateZero(_) => "zeroinitializer".to_string(),
        Constant::Struct { fields, .. } => format!("{{ {} }}", constants(fields)),
        Constant::Array { elems, .. } => format!("[{}]", constants(elems)),
        Constant::Vector(elems) => format!("<{}>", constants(elems)),
        Constant::GlobalRef(name) => format!("@{name}"),
        Constant::Expr(e) => const_expr(e),
        Constant::Unsupported(text) => text.clone(),
    }
}

/// The value of an integer's bits read as two's complement, as LLVM prints integers.
fn signed(bits: u32, value: u128) -> i128 {
    if bits == 0 || bits >= 128 {
        return value as i128;
    }
    let shift = 128 - bits;
    ((value << shift) as i128) >> shift
}

fn constants(cs: &[Constant]) -> String {
    cs.iter().map(constant).collect::<Vec<_>>().join(", ")
}

fn const_expr(e: &ConstExpr) -> String {
    match e {
        ConstExpr::Binary { op, lhs, rhs } => {
            format!("{} ({}, {})", op, constant(lhs), constant(rhs))
        }
        ConstExpr::ICmp { pred, lhs, rhs } => {
            format!("icmp {} ({}, {})", pred, constant(lhs), constant(rhs))
        }
        ConstExpr::Cast { op, value: v, to } => {
            format!("{} ({} to {})", op, constant(v), to)
        }
        ConstExpr::Gep {
            source_ty,
            base,
            indices,
            inbounds,
        } => format!(
            "getelementptr{} ({}, {}{})",
            flag(*inbounds, " inbounds"),
            source_ty,
            constant(base),
            list_suffix(indices.iter().map(constant))
        ),
        ConstExpr::Select {
            cond,
            then_val,
            else_val,
        } => format!(
            "select ({}, {}, {})",
            constant(cond),
            constant(then_val),
            constant(else_val)
        ),
    }
}
