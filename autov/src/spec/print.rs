//! Rust-like text of spec terms, for reports and snapshot tests.

use super::ast::{Arm, Expr, ExprKind, FnDef, Pat, Proj};
use super::ty::Ty;

/// The text of a function definition.
pub fn print_fn(f: &FnDef) -> String {
    let params: Vec<String> = f
        .params
        .iter()
        .map(|p| format!("{}: {}{}", p.name, if p.by_ref { "&" } else { "" }, p.ty))
        .collect();
    let mut out = format!("fn {}({}) -> {} ", f.name, params.join(", "), f.ret);
    if let Some(m) = &f.measure {
        out.push_str(&format!("decreasing {} ", print_expr(m)));
    }
    match &f.body {
        Some(body) => out.push_str(&block(body, 0)),
        None => out.push_str("= derived from code;"),
    }
    out
}

/// The text of an expression.
pub fn print_expr(e: &Expr) -> String {
    expr(e, 0)
}

fn pad(depth: usize) -> String {
    "    ".repeat(depth)
}

/// `{ statements; tail }` with the block's contents at `depth + 1`.
fn block(e: &Expr, depth: usize) -> String {
    let mut out = String::from("{\n");
    let inner = pad(depth + 1);
    let mut cur = e;
    loop {
        match &cur.kind {
            ExprKind::Let {
                pat,
                ty,
                value,
                body,
            } => {
                out.push_str(&format!(
                    "{inner}{}\n",
                    statement(pat, ty.as_ref(), value, depth + 1)
                ));
                cur = body;
            }
            ExprKind::Rely { cond, body } => {
                out.push_str(&format!("{inner}rely!({});\n", expr(cond, depth + 1)));
                cur = body;
            }
            _ => break,
        }
    }
    out.push_str(&format!(
        "{inner}{}\n{}}}",
        expr(cur, depth + 1),
        pad(depth)
    ));
    out
}

fn statement(pat: &Pat, ty: Option<&Ty>, value: &Expr, depth: usize) -> String {
    match (&value.kind, pat) {
        (ExprKind::Update { base, path, value }, Pat::Bind(x)) if is_var(base, x) => {
            format!("{x}{} = {};", place(path, depth), expr(value, depth))
        }
        (ExprKind::MapSet { map, key, value }, Pat::Bind(x)) if is_var(map, x) => {
            format!("{x}.set({}, {});", expr(key, depth), expr(value, depth))
        }
        (
            ExprKind::MapFill {
                map,
                start,
                count,
                shift,
                value,
            },
            Pat::Bind(x),
        ) if is_var(map, x) => format!(
            "{x}.fill({}, {}, {}, {});",
            expr(start, depth),
            expr(count, depth),
            expr(shift, depth),
            expr(value, depth)
        ),
        (
            ExprKind::ForRange {
                var,
                start,
                end,
                carried,
                body,
            },
            _,
        ) => format!(
            "let {} = for {var} in {}..{} carrying ({}) {};",
            pattern(pat),
            operand(start, depth),
            operand(end, depth),
            carried.join(", "),
            block(body, depth)
        ),
        (_, Pat::Wild) => format!("{};", expr(value, depth)),
        _ => {
            let ann = ty.map(|t| format!(": {t}")).unwrap_or_default();
            format!("let {}{ann} = {};", pattern(pat), expr(value, depth))
        }
    }
}

fn is_var(e: &Expr, name: &str) -> bool {
    matches!(&e.kind, ExprKind::Var(n) if n == name)
}

fn place(path: &[Proj], depth: usize) -> String {
    path.iter()
        .map(|p| match p {
            Proj::Field(f) => format!(".{f}"),
            Proj::TupleField(i) => format!(".{i}"),
            Proj::Index(e) => format!("[{}]", expr(e, depth)),
        })
        .collect()
}

fn list(es: &[Expr], depth: usize) -> String {
    es.iter()
        .map(|e| expr(e, depth))
        .collect::<Vec<_>>()
        .join(", ")
}

/// An operand of an operator, parenthesised unless atomic.
fn operand(e: &Expr, depth: usize) -> String {
    match &e.kind {
        ExprKind::Binary { .. } | ExprKind::Cast { .. } | ExprKind::Unary { .. } => {
            format!("({})", expr(e, depth))
        }
        _ => expr(e, depth),
    }
}

fn expr(e: &Expr, depth: usize) -> String {
    match &e.kind {
        ExprKind::Int { value, .. } => value.to_string(),
        ExprKind::Bool(b) => b.to_string(),
        ExprKind::Var(n) | ExprKind::Const { name: n, .. } => n.clone(),
        ExprKind::Unary { op, arg } => {
            let sym = if matches!(op, super::ast::UnOp::Neg) {
                "-"
            } else {
                "!"
            };
            format!("{sym}{}", operand(arg, depth))
        }
        ExprKind::Binary { op, lhs, rhs } => {
            format!(
                "{} {} {}",
                operand(lhs, depth),
                op.token(),
                operand(rhs, depth)
            )
        }
        ExprKind::IntMethod { method, recv, arg } => {
            format!(
                "{}.{}({})",
                operand(recv, depth),
                method.name(),
                expr(arg, depth)
            )
        }
        ExprKind::Cast { arg, to } => format!("{} as {}", operand(arg, depth), to.name()),
        ExprKind::Tuple(es) if es.len() == 1 => format!("({},)", expr(&es[0], depth)),
        ExprKind::Tuple(es) => format!("({})", list(es, depth)),
        ExprKind::TupleField { base, index } => format!("{}.{index}", operand(base, depth)),
        ExprKind::Struct { name, fields, base } => {
            let mut parts: Vec<String> = fields
                .iter()
                .map(|(f, v)| format!("{f}: {}", expr(v, depth)))
                .collect();
            parts.extend(base.iter().map(|b| format!("..{}", expr(b, depth))));
            format!("{name} {{ {} }}", parts.join(", "))
        }
        ExprKind::Field { base, name } => format!("{}.{name}", operand(base, depth)),
        ExprKind::Variant {
            enum_name,
            variant,
            args,
        } if args.is_empty() => format!("{enum_name}::{variant}"),
        ExprKind::Variant {
            enum_name,
            variant,
            args,
        } => format!("{enum_name}::{variant}({})", list(args, depth)),
        ExprKind::Some(x) => format!("Some({})", expr(x, depth)),
        ExprKind::None => "None".into(),
        ExprKind::Array(es) => format!("[{}]", list(es, depth)),
        ExprKind::ArrayRepeat { elem, len } => format!("[{}; {len}]", expr(elem, depth)),
        ExprKind::Index { base, index } => {
            format!("{}[{}]", operand(base, depth), expr(index, depth))
        }
        ExprKind::MapNew(d) => format!("Map::new({})", expr(d, depth)),
        ExprKind::Forall { var, ty, body } => {
            format!("forall(|{var}: {}| {})", ty.name(), expr(body, depth))
        }
        ExprKind::MapGet { map, key } => {
            format!("{}.get({})", operand(map, depth), expr(key, depth))
        }
        ExprKind::MapSet { map, key, value } => {
            format!(
                "{}.with({}, {})",
                operand(map, depth),
                expr(key, depth),
                expr(value, depth)
            )
        }
        ExprKind::MapFill {
            map,
            start,
            count,
            shift,
            value,
        } => format!(
            "{}.filled({}, {}, {}, {})",
            operand(map, depth),
            expr(start, depth),
            expr(count, depth),
            expr(shift, depth),
            expr(value, depth)
        ),
        ExprKind::Update { base, path, value } => {
            format!(
                "{} with {} = {}",
                operand(base, depth),
                place(path, depth),
                expr(value, depth)
            )
        }
        ExprKind::Let { .. } | ExprKind::Rely { .. } | ExprKind::ForRange { .. } => block(e, depth),
        ExprKind::If {
            cond,
            then_branch,
            else_branch,
        } => format!(
            "if {} {} else {}",
            expr(cond, depth),
            block(then_branch, depth),
            block(else_branch, depth)
        ),
        ExprKind::Match { scrut, arms } => match_expr(scrut, arms, depth),
        ExprKind::Call { func, args } => format!("{func}({})", list(args, depth)),
        ExprKind::Return(x) => format!("return {}", expr(x, depth)),
        ExprKind::Try(x) => format!("{}?", operand(x, depth)),
    }
}

fn match_expr(scrut: &Expr, arms: &[Arm], depth: usize) -> String {
    let mut out = format!("match {} {{\n", expr(scrut, depth));
    for a in arms {
        out.push_str(&format!(
            "{}{} => {},\n",
            pad(depth + 1),
            pattern(&a.pat),
            expr(&a.body, depth + 1)
        ));
    }
    out.push_str(&format!("{}}}", pad(depth)));
    out
}

/// The text of a pattern.
pub fn pattern(p: &Pat) -> String {
    let list = |ps: &[Pat]| ps.iter().map(pattern).collect::<Vec<_>>().join(", ");
    match p {
        Pat::Wild => "_".into(),
        Pat::Bind(n) => n.clone(),
        Pat::Int(v) => v.to_string(),
        Pat::Bool(b) => b.to_string(),
        Pat::Tuple(ps) if ps.len() == 1 => format!("({},)", pattern(&ps[0])),
        Pat::Tuple(ps) => format!("({})", list(ps)),
        Pat::Some(p) => format!("Some({})", pattern(p)),
        Pat::None => "None".into(),
        Pat::Variant {
            enum_name,
            variant,
            args,
        } if args.is_empty() => format!("{enum_name}::{variant}"),
        Pat::Variant {
            enum_name,
            variant,
            args,
        } => format!("{enum_name}::{variant}({})", list(args)),
        Pat::Or(ps) => ps.iter().map(pattern).collect::<Vec<_>>().join(" | "),
    }
}
