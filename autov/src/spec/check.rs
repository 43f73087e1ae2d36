//! The type checker of spec terms: infers the type of every expression (integer literals take
//! the type their context gives, as in Rust) and records it in [`Expr::ty`].

use super::ast::{BinOp, Expr, ExprKind, FnDef, FnKind, Pat, Proj, Span, UnOp};
use super::ty::{IntTy, Ty, TypeDef, TypeEnv};
use std::collections::BTreeMap;
use std::fmt;

/// A type error in a term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckError {
    /// Where.
    pub span: Span,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for CheckError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.span, self.message)
    }
}

impl std::error::Error for CheckError {}

/// The signature of a callable function: parameter types and return type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// Parameter types.
    pub params: Vec<Ty>,
    /// Return type.
    pub ret: Ty,
}

impl Signature {
    /// The signature of `f`.
    pub fn of(f: &FnDef) -> Signature {
        Signature {
            params: f.params.iter().map(|p| p.ty.clone()).collect(),
            ret: f.ret.clone(),
        }
    }
}

type Result<T> = std::result::Result<T, CheckError>;

/// Type checks `f` against the named types `types` and the signatures `fns` of the functions it
/// may call, filling in the types of its expressions.
pub fn check_fn(
    types: &TypeEnv,
    fns: &BTreeMap<String, Signature>,
    f: &mut FnDef,
) -> std::result::Result<(), CheckError> {
    if f.kind != FnKind::Helper && !matches!(f.ret, Ty::Option(_)) {
        return Err(error(
            &f.span,
            format!("spec `{}` must return an Option", f.name),
        ));
    }
    let mut cx = Checker {
        types,
        fns,
        ret: f.ret.clone(),
        scope: Vec::new(),
        pending: Vec::new(),
    };
    for p in &f.params {
        cx.scope.push((p.name.clone(), p.ty.clone()));
    }
    if let Some(m) = &mut f.measure {
        cx.expect(m, &Ty::Int(IntTy::U64))?;
    }
    match &mut f.body {
        Some(body) => cx.expect(body, &f.ret),
        None => Ok(()),
    }
}

fn error(span: &Span, message: String) -> CheckError {
    CheckError {
        span: span.clone(),
        message,
    }
}

struct Checker<'a> {
    types: &'a TypeEnv,
    fns: &'a BTreeMap<String, Signature>,
    ret: Ty,
    scope: Vec<(String, Ty)>,
    /// Types of `let`-bound unsuffixed literals, fixed by their first use (see [`pending_ty`]).
    pending: Vec<Option<IntTy>>,
}

/// The placeholder type of the `k`-th `let` whose value is only unsuffixed literals.
fn pending_ty(k: usize) -> Ty {
    Ty::Named(format!("{{integer}}{k}"))
}

fn pending_index(t: &Ty) -> Option<usize> {
    match t {
        Ty::Named(n) => n.strip_prefix("{integer}")?.parse().ok(),
        _ => None,
    }
}

/// Whether every value `e` can yield is an unsuffixed integer literal (Rust infers its type
/// from later uses).
fn literal_like(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::If {
            then_branch,
            else_branch,
            ..
        } => literal_like(then_branch) && literal_like(else_branch),
        ExprKind::Match { arms, .. } => arms.iter().all(|a| literal_like(&a.body)),
        ExprKind::Let { body, .. } | ExprKind::Rely { body, .. } => literal_like(body),
        _ => is_literal(e),
    }
}

impl Checker<'_> {
    fn expect(&mut self, e: &mut Expr, want: &Ty) -> Result<()> {
        let got = self.infer(e, Some(want))?;
        if got != *want && got != Ty::never() {
            return Err(error(&e.span, format!("expected `{want}`, found `{got}`")));
        }
        Ok(())
    }

    fn infer(&mut self, e: &mut Expr, want: Option<&Ty>) -> Result<Ty> {
        let t = self.infer_kind(&mut e.kind, &e.span, want)?;
        e.ty = Some(t.clone());
        Ok(t)
    }

    fn infer_int(&mut self, e: &mut Expr, want: Option<&Ty>) -> Result<IntTy> {
        let span = e.span.clone();
        match self.infer(e, want)? {
            Ty::Int(t) => Ok(t),
            t => Err(error(&span, format!("expected an integer, found `{t}`"))),
        }
    }

    fn lookup(&self, name: &str, span: &Span) -> Result<Ty> {
        let found = self.scope.iter().rev().find(|(n, _)| n == name);
        found
            .map(|(_, t)| t.clone())
            .ok_or_else(|| error(span, format!("unbound variable `{name}`")))
    }

    fn scoped<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        let depth = self.scope.len();
        let r = f(self);
        self.scope.truncate(depth);
        r
    }

    fn returns_option(&self, span: &Span, what: &str) -> Result<()> {
        match self.ret {
            Ty::Option(_) => Ok(()),
            _ => Err(error(
                span,
                format!("{what} needs a function that returns an Option"),
            )),
        }
    }

    fn infer_kind(&mut self, k: &mut ExprKind, span: &Span, want: Option<&Ty>) -> Result<Ty> {
        match k {
            ExprKind::Int { value, ty } => self.literal(*value, ty, span, want),
            ExprKind::Bool(_) => Ok(Ty::Bool),
            ExprKind::Var(n) => {
                let t = self.lookup(n, span)?;
                let Some(k) = pending_index(&t) else {
                    return Ok(t);
                };
                let fixed = self.pending[k]
                    .or(want.and_then(Ty::as_int))
                    .unwrap_or(IntTy::I32);
                self.pending[k] = Some(fixed);
                Ok(Ty::Int(fixed))
            }
            ExprKind::Const { ty, .. } => Ok(ty.clone()),
            ExprKind::Unary { op, arg } => self.unary(*op, arg, want),
            ExprKind::Binary { op, lhs, rhs } => self.binary(*op, lhs, rhs, want),
            ExprKind::IntMethod { method, recv, arg } => {
                let t = self.int_pair(recv, arg, want.filter(|_| !method.is_checked()))?;
                Ok(if method.is_checked() {
                    Ty::option(Ty::Int(t))
                } else {
                    Ty::Int(t)
                })
            }
            ExprKind::Cast { arg, to } => match self.infer(arg, None)? {
                Ty::Int(_) | Ty::Bool => Ok(Ty::Int(*to)),
                t => Err(error(span, format!("cannot cast `{t}` to `{}`", to.name()))),
            },
            ExprKind::Tuple(es) => {
                let wants = match want {
                    Some(Ty::Tuple(ts)) if ts.len() == es.len() => ts.iter().map(Some).collect(),
                    _ => vec![None; es.len()],
                };
                let ts = es.iter_mut().zip(wants).map(|(e, w)| self.infer(e, w));
                Ok(Ty::Tuple(ts.collect::<Result<_>>()?))
            }
            ExprKind::TupleField { base, index } => match self.infer(base, None)? {
                Ty::Tuple(ts) if *index < ts.len() => Ok(ts[*index].clone()),
                t => Err(error(span, format!("`{t}` has no element {index}"))),
            },
            ExprKind::Struct { name, fields, base } => self.struct_lit(name, fields, base, span),
            ExprKind::Field { base, name } => {
                let t = self.infer(base, None)?;
                self.field_ty(&t, name, span)
            }
            ExprKind::Variant {
                enum_name,
                variant,
                args,
            } => {
                let v = self
                    .types
                    .variant(enum_name, variant)
                    .ok_or_else(|| error(span, format!("no variant `{enum_name}::{variant}`")))?;
                if v.fields.len() != args.len() {
                    return Err(error(
                        span,
                        format!("`{enum_name}::{variant}` takes {} fields", v.fields.len()),
                    ));
                }
                for (a, t) in args.iter_mut().zip(v.fields.clone()) {
                    self.expect(a, &t)?;
                }
                Ok(Ty::Named(enum_name.clone()))
            }
            ExprKind::Some(e) => {
                let inner = match want {
                    Some(Ty::Option(t)) => Some(&**t),
                    _ => None,
                };
                Ok(Ty::option(self.infer(e, inner)?))
            }
            ExprKind::None => match want {
                Some(t @ Ty::Option(_)) => Ok(t.clone()),
                _ => Err(error(span, "cannot infer the type of `None` here".into())),
            },
            ExprKind::Array(es) => self.array(es, span, want),
            ExprKind::ArrayRepeat { elem, len } => {
                let w = match want {
                    Some(Ty::Array(t, _)) => Some(&**t),
                    _ => None,
                };
                Ok(Ty::Array(Box::new(self.infer(elem, w)?), *len))
            }
            ExprKind::Index { base, index } => {
                self.expect(index, &Ty::Int(IntTy::Usize))?;
                match self.infer(base, None)? {
                    Ty::Array(t, _) => Ok(*t),
                    t => Err(error(span, format!("cannot index into `{t}`"))),
                }
            }
            ExprKind::MapNew(default) => match want {
                Some(t @ Ty::Map(_, v)) => {
                    self.expect(default, v)?;
                    Ok(t.clone())
                }
                _ => Err(error(
                    span,
                    "cannot infer the key type of `Map::new` here".into(),
                )),
            },
            ExprKind::MapGet { map, key } => {
                let (k, v) = self.map_ty(map)?;
                self.expect(key, &k)?;
                Ok(v)
            }
            ExprKind::MapSet { map, key, value } => {
                let (k, v) = self.map_ty(map)?;
                self.expect(key, &k)?;
                self.expect(value, &v)?;
                Ok(Ty::Map(Box::new(k), Box::new(v)))
            }
            ExprKind::MapFill {
                map,
                start,
                count,
                shift,
                value,
            } => {
                let (k, v) = self.map_ty(map)?;
                let u64_ty = Ty::Int(IntTy::U64);
                if k != u64_ty {
                    return Err(error(
                        span,
                        format!("`fill` needs a map with `u64` keys, not `{k}` keys"),
                    ));
                }
                for arg in [start, count, shift] {
                    self.expect(arg, &u64_ty)?;
                }
                self.expect(value, &v)?;
                Ok(Ty::Map(Box::new(k), Box::new(v)))
            }
            ExprKind::Update { base, path, value } => {
                let t = self.infer(base, None)?;
                let place = self.place_ty(&t, path, span)?;
                self.expect(value, &place)?;
                Ok(t)
            }
            ExprKind::Let {
                pat,
                ty,
                value,
                body,
            } => {
                if ty.is_none() && literal_like(value) {
                    return self.let_literal(pat, value, body, span, want);
                }
                let t = match ty {
                    Some(t) => {
                        self.expect(value, t)?;
                        t.clone()
                    }
                    None => self.infer(value, None)?,
                };
                self.scoped(|cx| {
                    cx.bind(pat, &t, span)?;
                    cx.infer(body, want)
                })
            }
            ExprKind::Rely { cond, body } => {
                self.returns_option(span, "`rely!`")?;
                self.expect(cond, &Ty::Bool)?;
                self.infer(body, want)
            }
            ExprKind::If {
                cond,
                then_branch,
                else_branch,
            } => {
                self.expect(cond, &Ty::Bool)?;
                self.branches(
                    vec![(None, &mut **then_branch), (None, &mut **else_branch)],
                    span,
                    want,
                )
            }
            ExprKind::Match { scrut, arms } => {
                let t = self.infer(scrut, None)?;
                let arms = arms
                    .iter_mut()
                    .map(|a| (Some((&a.pat, &t)), &mut a.body))
                    .collect();
                self.branches(arms, span, want)
            }
            ExprKind::Call { func, args } => self.call(func, args, span),
            ExprKind::Return(e) => {
                let ret = self.ret.clone();
                self.expect(e, &ret)?;
                Ok(Ty::never())
            }
            ExprKind::Try(e) => {
                self.returns_option(span, "`?`")?;
                match self.infer(e, None)? {
                    Ty::Option(t) => Ok(*t),
                    t => Err(error(span, format!("`?` needs an Option, found `{t}`"))),
                }
            }
            ExprKind::Forall { var, ty, body } => {
                let mut leaves = None;
                body.walk(&mut |e| {
                    if matches!(
                        e.kind,
                        ExprKind::Return(_) | ExprKind::Try(_) | ExprKind::Rely { .. }
                    ) {
                        leaves.get_or_insert(e.span.clone());
                    }
                });
                if let Some(at) = leaves {
                    return Err(error(
                        &at,
                        "no `return`, `?` or `rely!` inside `forall`".into(),
                    ));
                }
                self.scoped(|cx| {
                    cx.scope.push((var.clone(), Ty::Int(*ty)));
                    cx.expect(body, &Ty::Bool)
                })?;
                Ok(Ty::Bool)
            }
            ExprKind::ForRange {
                var,
                start,
                end,
                carried,
                body,
            } => {
                let tys = carried
                    .iter()
                    .map(|c| self.lookup(c, span))
                    .collect::<Result<Vec<_>>>()?;
                let tuple = Ty::Tuple(tys);
                // With literal bounds the counter takes its type from its uses, as in Rust.
                let literal_bounds = self.is_flexible(start) && self.is_flexible(end);
                let counter = if literal_bounds {
                    self.pending.push(None);
                    pending_ty(self.pending.len() - 1)
                } else {
                    Ty::Int(self.int_pair(start, end, None)?)
                };
                self.scoped(|cx| {
                    cx.scope.push((var.clone(), counter.clone()));
                    cx.expect(body, &tuple)
                })?;
                if let Some(k) = pending_index(&counter) {
                    let fixed = Ty::Int(self.pending[k].unwrap_or(IntTy::I32));
                    self.expect(start, &fixed)?;
                    self.expect(end, &fixed)?;
                }
                Ok(tuple)
            }
        }
    }

    /// `let x = <literals>; body`: `x` takes the type of its first use that fixes one.
    fn let_literal(
        &mut self,
        pat: &Pat,
        value: &mut Expr,
        body: &mut Expr,
        span: &Span,
        want: Option<&Ty>,
    ) -> Result<Ty> {
        let k = self.pending.len();
        self.pending.push(None);
        let t = self.scoped(|cx| {
            cx.bind(pat, &pending_ty(k), span)?;
            cx.infer(body, want)
        })?;
        let fixed = self.pending[k].unwrap_or(IntTy::I32);
        self.expect(value, &Ty::Int(fixed))?;
        Ok(t)
    }

    fn literal(
        &self,
        value: i128,
        ty: &mut Option<IntTy>,
        span: &Span,
        want: Option<&Ty>,
    ) -> Result<Ty> {
        let t = ty.or(want.and_then(Ty::as_int)).unwrap_or(IntTy::I32);
        if value < t.min_value() || value > t.max_value() {
            return Err(error(
                span,
                format!("literal {value} does not fit in `{}`", t.name()),
            ));
        }
        *ty = Some(t);
        Ok(Ty::Int(t))
    }

    fn unary(&mut self, op: UnOp, arg: &mut Expr, want: Option<&Ty>) -> Result<Ty> {
        let t = self.infer(arg, want)?;
        match (op, &t) {
            (UnOp::Not, Ty::Bool | Ty::Int(_)) => Ok(t),
            (UnOp::Neg, Ty::Int(i)) if i.signed() => Ok(t),
            _ => Err(error(&arg.span, format!("cannot apply `{op:?}` to `{t}`"))),
        }
    }

    /// Two operands of one integer type; an unsuffixed literal takes the other operand's type.
    fn int_pair(&mut self, a: &mut Expr, b: &mut Expr, want: Option<&Ty>) -> Result<IntTy> {
        if self.is_flexible(a) && !self.is_flexible(b) {
            let t = self.infer_int(b, want)?;
            self.expect(a, &Ty::Int(t))?;
            return Ok(t);
        }
        let t = self.infer_int(a, want)?;
        self.expect(b, &Ty::Int(t))?;
        Ok(t)
    }

    fn same_pair(&mut self, a: &mut Expr, b: &mut Expr, want: Option<&Ty>) -> Result<Ty> {
        let (first, second) = if self.is_flexible(a) { (b, a) } else { (a, b) };
        let t = self.infer(first, want)?;
        self.expect(second, &t)?;
        Ok(t)
    }

    /// Whether `e` is an unsuffixed literal or a variable bound to one whose type is not fixed
    /// yet: its type should come from the other operand.
    fn is_flexible(&self, e: &Expr) -> bool {
        match &e.kind {
            ExprKind::Var(n) => {
                let t = self
                    .scope
                    .iter()
                    .rev()
                    .find(|(x, _)| x == n)
                    .map(|(_, t)| t);
                t.and_then(pending_index)
                    .is_some_and(|k| self.pending[k].is_none())
            }
            _ => is_literal(e),
        }
    }

    fn binary(
        &mut self,
        op: BinOp,
        lhs: &mut Expr,
        rhs: &mut Expr,
        want: Option<&Ty>,
    ) -> Result<Ty> {
        match op {
            BinOp::And | BinOp::Or => {
                self.expect(lhs, &Ty::Bool)?;
                self.expect(rhs, &Ty::Bool)?;
                Ok(Ty::Bool)
            }
            BinOp::Shl | BinOp::Shr => {
                let t = self.infer_int(lhs, want)?;
                self.infer_int(rhs, None)?;
                Ok(Ty::Int(t))
            }
            BinOp::Eq | BinOp::Ne => {
                self.same_pair(lhs, rhs, None)?;
                Ok(Ty::Bool)
            }
            BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                self.int_pair(lhs, rhs, None)?;
                Ok(Ty::Bool)
            }
            BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor => match self.same_pair(lhs, rhs, want)? {
                t @ (Ty::Bool | Ty::Int(_)) => Ok(t),
                t => Err(error(
                    &lhs.span,
                    format!("cannot apply `{}` to `{t}`", op.token()),
                )),
            },
            _ => Ok(Ty::Int(self.int_pair(lhs, rhs, want)?)),
        }
    }

    fn struct_lit(
        &mut self,
        name: &str,
        fields: &mut [(String, Expr)],
        base: &mut Option<Box<Expr>>,
        span: &Span,
    ) -> Result<Ty> {
        let decl = self
            .types
            .struct_fields(name)
            .ok_or_else(|| error(span, format!("no struct `{name}`")))?;
        let decl = decl.to_vec();
        for (f, e) in fields.iter_mut() {
            let t = decl.iter().find(|(n, _)| n == f).map(|(_, t)| t.clone());
            let t =
                t.ok_or_else(|| error(&e.span, format!("struct `{name}` has no field `{f}`")))?;
            self.expect(e, &t)?;
        }
        // Values of a struct list its fields in declaration order; so does the checked literal
        // (Rust evaluates the written order, which only decides which of two faults is shown).
        fields.sort_by_key(|(f, _)| decl.iter().position(|(n, _)| n == f));
        let ty = Ty::Named(name.to_string());
        match base {
            Some(b) => self.expect(b, &ty)?,
            None if fields.len() != decl.len() => {
                return Err(error(span, format!("struct `{name}` needs all its fields")))
            }
            None => {}
        }
        Ok(ty)
    }

    fn field_ty(&self, t: &Ty, name: &str, span: &Span) -> Result<Ty> {
        let fields = match t {
            Ty::Named(s) => self.types.struct_fields(s),
            _ => None,
        };
        let found = fields.and_then(|fs| fs.iter().find(|(n, _)| n == name));
        found
            .map(|(_, t)| t.clone())
            .ok_or_else(|| error(span, format!("`{t}` has no field `{name}`")))
    }

    fn array(&mut self, es: &mut [Expr], span: &Span, want: Option<&Ty>) -> Result<Ty> {
        let mut elem = match want {
            Some(Ty::Array(t, _)) => Some((**t).clone()),
            _ => None,
        };
        for e in es.iter_mut() {
            let t = self.infer(e, elem.as_ref())?;
            elem.get_or_insert(t);
        }
        let elem =
            elem.ok_or_else(|| error(span, "cannot infer the type of an empty array".into()))?;
        Ok(Ty::Array(Box::new(elem), es.len() as u64))
    }

    fn map_ty(&mut self, map: &mut Expr) -> Result<(Ty, Ty)> {
        match self.infer(map, None)? {
            Ty::Map(k, v) => Ok((*k, *v)),
            t => Err(error(&map.span, format!("expected a Map, found `{t}`"))),
        }
    }

    fn place_ty(&mut self, t: &Ty, path: &mut [Proj], span: &Span) -> Result<Ty> {
        let mut t = t.clone();
        for p in path.iter_mut() {
            t = match (p, &t) {
                (Proj::Field(f), _) => self.field_ty(&t, f, span)?,
                (Proj::TupleField(i), Ty::Tuple(ts)) if *i < ts.len() => ts[*i].clone(),
                (Proj::Index(ix), Ty::Array(elem, _)) => {
                    let elem = (**elem).clone();
                    self.expect(ix, &Ty::Int(IntTy::Usize))?;
                    elem
                }
                (_, _) => return Err(error(span, format!("cannot assign into `{t}` this way"))),
            };
        }
        Ok(t)
    }

    fn branches(
        &mut self,
        arms: Vec<(Option<(&Pat, &Ty)>, &mut Expr)>,
        span: &Span,
        want: Option<&Ty>,
    ) -> Result<Ty> {
        let mut result: Option<Ty> = want.cloned();
        let mut order: Vec<_> = arms.into_iter().collect();
        // Arms that are a bare `None` need an expected type: check them last.
        order.sort_by_key(|(_, body)| matches!(body.kind, ExprKind::None));
        for (pat, body) in order {
            let t = self.scoped(|cx| {
                if let Some((p, t)) = pat {
                    cx.bind(p, t, span)?;
                }
                cx.infer(body, result.as_ref())
            })?;
            match &result {
                _ if t == Ty::never() => {}
                Some(r) if *r != t => {
                    return Err(error(&body.span, format!("expected `{r}`, found `{t}`")))
                }
                _ => result = Some(t),
            }
        }
        Ok(result.unwrap_or_else(Ty::never))
    }

    fn call(&mut self, func: &str, args: &mut [Expr], span: &Span) -> Result<Ty> {
        let sig = self
            .fns
            .get(func)
            .ok_or_else(|| error(span, format!("unknown function `{func}`")))?;
        let sig = sig.clone();
        if sig.params.len() != args.len() {
            return Err(error(
                span,
                format!("`{func}` takes {} arguments", sig.params.len()),
            ));
        }
        for (a, t) in args.iter_mut().zip(&sig.params) {
            self.expect(a, t)?;
        }
        Ok(sig.ret)
    }

    fn bind(&mut self, pat: &Pat, t: &Ty, span: &Span) -> Result<()> {
        let mismatch = || error(span, format!("pattern `{pat:?}` does not match type `{t}`"));
        match (pat, t) {
            (Pat::Wild, _) => {}
            (Pat::Bind(n), _) => self.scope.push((n.clone(), t.clone())),
            (Pat::Int(v), Ty::Int(i)) if i.min_value() <= *v && *v <= i.max_value() => {}
            (Pat::Bool(_), Ty::Bool) | (Pat::None, Ty::Option(_)) => {}
            (Pat::Tuple(ps), Ty::Tuple(ts)) if ps.len() == ts.len() => {
                for (p, t) in ps.iter().zip(ts) {
                    self.bind(p, t, span)?;
                }
            }
            (Pat::Some(p), Ty::Option(t)) => self.bind(p, t, span)?,
            (
                Pat::Variant {
                    enum_name,
                    variant,
                    args,
                },
                Ty::Named(n),
            ) if n == enum_name => {
                let v = self
                    .types
                    .variant(enum_name, variant)
                    .ok_or_else(mismatch)?;
                if v.fields.len() != args.len() {
                    return Err(mismatch());
                }
                for (p, t) in args.iter().zip(v.fields.clone()) {
                    self.bind(p, &t, span)?;
                }
            }
            (Pat::Or(ps), _) => {
                for p in ps.iter().skip(1) {
                    self.scoped(|cx| cx.bind(p, t, span))?;
                }
                if let Some(p) = ps.first() {
                    self.bind(p, t, span)?;
                }
            }
            _ => return Err(mismatch()),
        }
        Ok(())
    }
}

fn is_literal(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Int { ty: None, .. } => true,
        ExprKind::Unary { op: UnOp::Neg, arg } => is_literal(arg),
        _ => false,
    }
}

/// Checks that every type a definition mentions is declared.
pub fn check_type_env(env: &TypeEnv) -> std::result::Result<(), String> {
    for def in env.in_dependency_order() {
        for m in def.mentions() {
            if env.get(&m).is_none() {
                return Err(format!(
                    "type `{}` mentions undeclared type `{m}`",
                    def.name()
                ));
            }
        }
        if let TypeDef::Enum { variants, name } = def {
            if variants.is_empty() {
                return Err(format!("enum `{name}` has no variants"));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::ast::{BinOp, ExprKind, UnOp};
    use super::super::testing::*;
    use super::super::ty::{IntTy, Ty};
    use super::*;

    /// Checks a spec `f(x: u8) -> ret` with `body`: `Ok` with the type of the body's literal-free
    /// result, or the error message.
    fn check(ret: Ty, body: Expr, expected: std::result::Result<&str, &str>) {
        let got = checked(vec![spec("f", &["x"], ret, body)])
            .map(|fns| fns["f"].body.as_ref().unwrap().checked_ty().to_string());
        assert_eq!(got.as_deref().map_err(String::as_str), expected);
    }

    #[test]
    fn literals_take_their_type_from_context() {
        check(
            u8_option(),
            some(bin(BinOp::Add, int(1), var("x"))),
            Ok("Option<u8>"),
        );
        check(
            u8_option(),
            some(int(300)),
            Err("literal 300 does not fit in `u8`"),
        );
        let later_use = let_in("k", int(2), some(bin(BinOp::Mul, var("x"), var("k"))));
        check(u8_option(), later_use, Ok("Option<u8>"));
        let first_operand = let_in("k", int(2), some(bin(BinOp::Sub, var("k"), var("x"))));
        check(u8_option(), first_operand, Ok("Option<u8>"));
    }

    #[test]
    fn rejects_ill_typed_terms() {
        let neg = e(ExprKind::Unary {
            op: UnOp::Neg,
            arg: Box::new(var("x")),
        });
        check(u8_option(), some(neg), Err("cannot apply `Neg` to `u8`"));
        check(u8_option(), some(var("y")), Err("unbound variable `y`"));
        check(
            Ty::Int(IntTy::U8),
            e(ExprKind::Try(Box::new(some(var("x"))))),
            Err("`?` needs a function that returns an Option"),
        );
        check(
            Ty::Int(IntTy::U8),
            e(ExprKind::None),
            Err("cannot infer the type of `None` here"),
        );
        check(
            u8_option(),
            some(bin(BinOp::Lt, var("x"), int(1))),
            Err("expected `Option<u8>`, found `Option<bool>`"),
        );
        check(
            u8_option(),
            call_expr("g", vec![]),
            Err("unknown function `g`"),
        );
    }
}
