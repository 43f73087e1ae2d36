//! Builders of terms for the unit tests of this module (the macros cannot be used inside autov).

use super::ast::{BinOp, Expr, ExprKind, FnDef, FnKind, Param, Pat, Span};
use super::ty::{IntTy, Ty, TypeEnv};
use std::collections::BTreeMap;

/// An expression of `kind` with a generated span.
pub fn e(kind: ExprKind) -> Expr {
    Expr::new(kind, Span::generated())
}

/// An unsuffixed integer literal.
pub fn int(value: i128) -> Expr {
    e(ExprKind::Int { value, ty: None })
}

/// A variable.
pub fn var(name: &str) -> Expr {
    e(ExprKind::Var(name.into()))
}

/// A binary operation.
pub fn bin(op: BinOp, lhs: Expr, rhs: Expr) -> Expr {
    e(ExprKind::Binary {
        op,
        lhs: Box::new(lhs),
        rhs: Box::new(rhs),
    })
}

/// `Some(x)`.
pub fn some(x: Expr) -> Expr {
    e(ExprKind::Some(Box::new(x)))
}

/// `let name = value; body`.
pub fn let_in(name: &str, value: Expr, body: Expr) -> Expr {
    e(ExprKind::Let {
        pat: Pat::Bind(name.into()),
        ty: None,
        value: Box::new(value),
        body: Box::new(body),
    })
}

/// A call of `func`.
pub fn call_expr(func: &str, args: Vec<Expr>) -> Expr {
    e(ExprKind::Call {
        func: func.into(),
        args,
    })
}

/// A spec `name(params) -> ret` with `body`; every parameter is a `u8`.
pub fn spec(name: &str, params: &[&str], ret: Ty, body: Expr) -> FnDef {
    FnDef {
        name: name.into(),
        kind: if matches!(ret, Ty::Option(_)) {
            FnKind::Spec
        } else {
            FnKind::Helper
        },
        params: params
            .iter()
            .map(|p| Param {
                name: (*p).into(),
                ty: Ty::Int(IntTy::U8),
                by_ref: false,
            })
            .collect(),
        ret,
        body: Some(body),
        measure: None,
        span: Span::generated(),
        callees: Vec::new(),
        types: Vec::new(),
        native: None,
    }
}

/// Type checks `fns` together.
pub fn checked(fns: Vec<FnDef>) -> Result<BTreeMap<String, FnDef>, String> {
    let sigs: BTreeMap<_, _> = fns
        .iter()
        .map(|f| (f.name.clone(), super::check::Signature::of(f)))
        .collect();
    let mut out = BTreeMap::new();
    for mut f in fns {
        super::check::check_fn(&TypeEnv::default(), &sigs, &mut f).map_err(|e| e.message)?;
        out.insert(f.name.clone(), f);
    }
    Ok(out)
}

/// `Option<u8>`.
pub fn u8_option() -> Ty {
    Ty::option(Ty::Int(IntTy::U8))
}
