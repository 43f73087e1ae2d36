//! Small constructors of spec terms, so the translator reads as the terms it builds.

use crate::spec::{BinOp, Expr, ExprKind, IntMethod, IntTy, Pat, Span, Ty};

/// Builds terms that all carry one span.
#[derive(Clone)]
pub(super) struct Builder {
    /// The span given to every term built.
    pub span: Span,
}

impl Builder {
    pub fn mk(&self, kind: ExprKind) -> Expr {
        Expr::new(kind, self.span.clone())
    }

    pub fn int(&self, value: i128, ty: IntTy) -> Expr {
        self.mk(ExprKind::Int {
            value,
            ty: Some(ty),
        })
    }

    pub fn bool(&self, b: bool) -> Expr {
        self.mk(ExprKind::Bool(b))
    }

    pub fn var(&self, name: &str) -> Expr {
        self.mk(ExprKind::Var(name.to_string()))
    }

    pub fn bin(&self, op: BinOp, lhs: Expr, rhs: Expr) -> Expr {
        self.mk(ExprKind::Binary {
            op,
            lhs: Box::new(lhs),
            rhs: Box::new(rhs),
        })
    }

    pub fn method(&self, method: IntMethod, recv: Expr, arg: Expr) -> Expr {
        self.mk(ExprKind::IntMethod {
            method,
            recv: Box::new(recv),
            arg: Box::new(arg),
        })
    }

    pub fn cast(&self, arg: Expr, to: IntTy) -> Expr {
        self.mk(ExprKind::Cast {
            arg: Box::new(arg),
            to,
        })
    }

    pub fn if_(&self, cond: Expr, then_branch: Expr, else_branch: Expr) -> Expr {
        self.mk(ExprKind::If {
            cond: Box::new(cond),
            then_branch: Box::new(then_branch),
            else_branch: Box::new(else_branch),
        })
    }

    pub fn let_(&self, pat: Pat, ty: Option<Ty>, value: Expr, body: Expr) -> Expr {
        self.mk(ExprKind::Let {
            pat,
            ty,
            value: Box::new(value),
            body: Box::new(body),
        })
    }

    pub fn tuple(&self, items: Vec<Expr>) -> Expr {
        self.mk(ExprKind::Tuple(items))
    }

    pub fn some(&self, e: Expr) -> Expr {
        self.mk(ExprKind::Some(Box::new(e)))
    }

    pub fn try_(&self, e: Expr) -> Expr {
        self.mk(ExprKind::Try(Box::new(e)))
    }

    pub fn call(&self, func: &str, args: Vec<Expr>) -> Expr {
        self.mk(ExprKind::Call {
            func: func.to_string(),
            args,
        })
    }
}
