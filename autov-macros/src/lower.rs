//! Lowering of a spec body (a subset of Rust) to the code that builds its `autov::spec::Expr`.
//!
//! Statements become nested `Let`s; an assignment to a `let mut` variable rebinds it to a
//! functional update; an `if`, `match` or `for` statement that assigns variables declared before
//! it yields their new values as a tuple, which the statement rebinds.

use crate::errors::Errors;
use crate::names::{
    is_camel_name, is_const_name, last_segment, path_text, span_of, string, term_fn_path,
};
use crate::pat::{enum_of, Binding};
use crate::types;
use proc_macro2::{Span, TokenStream};
use quote::quote;
use std::collections::BTreeSet;
use syn::spanned::Spanned;
use syn::visit::Visit;

/// The state of lowering one function body.
#[derive(Default)]
pub struct Lower {
    /// Errors found so far.
    pub errors: Errors,
    /// The functions called, by name, with the `FnRef` expression of each.
    pub callees: Vec<(String, TokenStream)>,
    /// Type declarations (`fn(&mut TypeEnv)` expressions) of named types the body mentions.
    pub types: Vec<TokenStream>,
    scope: Vec<Binding>,
    loop_depth: usize,
}

/// An assigned place: the `let mut` variable and the projections into it.
type Place = (String, Vec<TokenStream>);

/// What a statement sequence yields when it has no tail expression, or always (`Carry`).
enum End {
    /// The value of the tail expression, `()` without one.
    Value,
    /// The tuple of these variables' current values (the tail expression is a statement).
    Carry(Vec<String>),
}

fn mk(kind: TokenStream, span: Span) -> TokenStream {
    let sp = span_of(span);
    quote!(::autov::spec::Expr::new(::autov::spec::ExprKind::#kind, #sp))
}

fn var(name: &str, span: Span) -> TokenStream {
    let n = string(name);
    mk(quote!(Var(#n)), span)
}

fn unit(span: Span) -> TokenStream {
    mk(quote!(Tuple(::std::vec::Vec::new())), span)
}

fn bind_pat(name: &str) -> TokenStream {
    let n = string(name);
    quote!(::autov::spec::Pat::Bind(#n))
}

fn let_in(pat: TokenStream, value: TokenStream, body: TokenStream, span: Span) -> TokenStream {
    mk(
        quote!(Let { pat: #pat, ty: None, value: ::std::boxed::Box::new(#value), body: ::std::boxed::Box::new(#body) }),
        span,
    )
}

/// The pattern and tail tuple of the carried variables `vars`.
fn carried_pat(vars: &[String]) -> TokenStream {
    if vars.is_empty() {
        return quote!(::autov::spec::Pat::Wild);
    }
    let ps = vars.iter().map(|v| bind_pat(v));
    quote!(::autov::spec::Pat::Tuple(vec![#(#ps),*]))
}

fn carried_tuple(vars: &[String], span: Span) -> TokenStream {
    let vs = vars.iter().map(|v| var(v, span));
    mk(quote!(Tuple(vec![#(#vs),*])), span)
}

impl Lower {
    /// Lowering in a scope where `params` are bound.
    pub fn new(params: Vec<Binding>) -> Lower {
        Lower {
            scope: params,
            ..Lower::default()
        }
    }

    fn error(&mut self, span: Span, message: &str) -> TokenStream {
        self.errors.at(span, message);
        unit(span)
    }

    fn is_local(&self, name: &str) -> bool {
        self.scope.iter().any(|b| b.name == name)
    }

    fn with_bindings<T>(&mut self, bound: Vec<Binding>, f: impl FnOnce(&mut Lower) -> T) -> T {
        let depth = self.scope.len();
        self.scope.extend(bound);
        let r = f(self);
        self.scope.truncate(depth);
        r
    }

    /// The term of a function body.
    pub fn body(&mut self, block: &syn::Block) -> TokenStream {
        self.stmts(&block.stmts, &End::Value, block.span())
    }

    fn stmts(&mut self, stmts: &[syn::Stmt], end: &End, span: Span) -> TokenStream {
        let Some((first, rest)) = stmts.split_first() else {
            return match end {
                End::Value => unit(span),
                End::Carry(vars) => carried_tuple(vars, span),
            };
        };
        match first {
            syn::Stmt::Local(local) => self.local(local, rest, end, span),
            syn::Stmt::Macro(m) => self.macro_stmt(&m.mac, rest, end, span),
            syn::Stmt::Expr(e, None) if rest.is_empty() && matches!(end, End::Value) => {
                self.expr(e)
            }
            syn::Stmt::Expr(e, _) => self.statement(e, rest, end, span),
            syn::Stmt::Item(item) => {
                self.errors.at(
                    item.span(),
                    "items inside a spec are not supported: define them outside the function",
                );
                self.stmts(rest, end, span)
            }
        }
    }

    fn local(
        &mut self,
        local: &syn::Local,
        rest: &[syn::Stmt],
        end: &End,
        span: Span,
    ) -> TokenStream {
        let Some(init) = &local.init else {
            return self.error(
                local.span(),
                "declare variables with a value: `let x = ...;`",
            );
        };
        if let Some((else_token, _)) = &init.diverge {
            self.errors.at(
                else_token.span(),
                "`let ... else` is not supported: use `match` or `?`",
            );
        }
        let value = self.expr(&init.expr);
        let ty = match &local.pat {
            syn::Pat::Type(t) => {
                types::check(&t.ty, &mut self.errors);
                Some(types::term(&t.ty))
            }
            _ => None,
        };
        let ty = types::optional(ty);
        let mut bound = Vec::new();
        let pat = self.pat(&local.pat, &mut bound);
        let body = self.with_bindings(bound, |cx| cx.stmts(rest, end, span));
        mk(
            quote!(Let { pat: #pat, ty: #ty, value: ::std::boxed::Box::new(#value), body: ::std::boxed::Box::new(#body) }),
            local.span(),
        )
    }

    fn macro_stmt(
        &mut self,
        mac: &syn::Macro,
        rest: &[syn::Stmt],
        end: &End,
        span: Span,
    ) -> TokenStream {
        if last_segment(&mac.path) != "rely" {
            return self.error(
                mac.span(),
                "macros are not part of the spec language (only `rely!(cond);`)",
            );
        }
        if self.loop_depth > 0 {
            self.errors.at(
                mac.span(),
                "`rely!` inside a `for` loop is not supported: check the condition before the loop",
            );
        }
        let cond = match mac.parse_body::<syn::Expr>() {
            Ok(c) => self.expr(&c),
            Err(e) => {
                self.errors.push(e);
                unit(span)
            }
        };
        let body = self.stmts(rest, end, span);
        mk(
            quote!(Rely { cond: ::std::boxed::Box::new(#cond), body: ::std::boxed::Box::new(#body) }),
            mac.span(),
        )
    }

    /// A statement `e;` (or an `if`/`match`/`for` without `;`) followed by `rest`.
    fn statement(
        &mut self,
        e: &syn::Expr,
        rest: &[syn::Stmt],
        end: &End,
        span: Span,
    ) -> TokenStream {
        match e {
            syn::Expr::Assign(a) => self.assign(&a.left, None, &a.right, rest, end, span),
            syn::Expr::Binary(b) => match compound_op(&b.op) {
                Some(op) => self.assign(&b.left, Some(op), &b.right, rest, end, span),
                None => self.discard(e, rest, end, span),
            },
            syn::Expr::MethodCall(m) if m.method == "set" || m.method == "fill" => {
                self.map_update(m, rest, end, span)
            }
            syn::Expr::Macro(m) => self.macro_stmt(&m.mac, rest, end, span),
            syn::Expr::ForLoop(f) => self.for_loop(f, rest, end, span),
            syn::Expr::If(_) | syn::Expr::Match(_) | syn::Expr::Block(_) => {
                let vars = self.assigned_outer(e);
                let value = self.branching(e, &End::Carry(vars.clone()));
                let body = self.stmts(rest, end, span);
                let_in(carried_pat(&vars), value, body, e.span())
            }
            syn::Expr::Return(_) if !rest.is_empty() => {
                self.error(rest[0].span(), "unreachable code after `return`: remove it")
            }
            _ => self.discard(e, rest, end, span),
        }
    }

    fn discard(&mut self, e: &syn::Expr, rest: &[syn::Stmt], end: &End, span: Span) -> TokenStream {
        let value = self.expr(e);
        if rest.is_empty() && matches!(e, syn::Expr::Return(_)) {
            return value;
        }
        let body = self.stmts(rest, end, span);
        let_in(quote!(::autov::spec::Pat::Wild), value, body, e.span())
    }

    /// The `let mut` variable and the projections of an assigned place `x.f[i].0`.
    fn place(&mut self, e: &syn::Expr) -> Option<Place> {
        match e {
            syn::Expr::Path(p) if p.path.get_ident().is_some() => {
                let name = p.path.segments[0].ident.to_string();
                match self.scope.iter().rev().find(|b| b.name == name) {
                    Some(b) if b.mutable => Some((name, Vec::new())),
                    _ => {
                        self.errors
                            .at(e.span(), "assign only to `let mut` variables of the spec");
                        None
                    }
                }
            }
            syn::Expr::Field(f) => {
                let (root, mut path) = self.place(&f.base)?;
                path.push(match &f.member {
                    syn::Member::Named(n) => {
                        let n = string(&n.to_string());
                        quote!(::autov::spec::Proj::Field(#n))
                    }
                    syn::Member::Unnamed(i) => {
                        let i = i.index as usize;
                        quote!(::autov::spec::Proj::TupleField(#i))
                    }
                });
                Some((root, path))
            }
            syn::Expr::Index(i) => {
                let (root, mut path) = self.place(&i.expr)?;
                let ix = self.expr(&i.index);
                path.push(quote!(::autov::spec::Proj::Index(#ix)));
                Some((root, path))
            }
            syn::Expr::Paren(p) => self.place(&p.expr),
            _ => {
                self.errors.at(
                    e.span(),
                    "assign to a variable, a field, a tuple element or an array element",
                );
                None
            }
        }
    }

    /// `root = root with path = new` (the place `place`, written at `at`) followed by `rest`.
    fn rebind(
        &mut self,
        place: Place,
        new: TokenStream,
        at: Span,
        rest: &[syn::Stmt],
        end: &End,
        span: Span,
    ) -> TokenStream {
        let (root, path) = place;
        let value = if path.is_empty() {
            new
        } else {
            let base = var(&root, at);
            mk(
                quote!(Update { base: ::std::boxed::Box::new(#base), path: vec![#(#path),*], value: ::std::boxed::Box::new(#new) }),
                at,
            )
        };
        let body = self.stmts(rest, end, span);
        let_in(bind_pat(&root), value, body, at)
    }

    fn assign(
        &mut self,
        left: &syn::Expr,
        op: Option<TokenStream>,
        right: &syn::Expr,
        rest: &[syn::Stmt],
        end: &End,
        span: Span,
    ) -> TokenStream {
        let Some((root, path)) = self.place(left) else {
            return unit(span);
        };
        let mut new = self.expr(right);
        if let Some(op) = op {
            let old = self.expr(left);
            new = mk(
                quote!(Binary { op: ::autov::spec::BinOp::#op, lhs: ::std::boxed::Box::new(#old), rhs: ::std::boxed::Box::new(#new) }),
                right.span(),
            );
        }
        self.rebind((root, path), new, left.span(), rest, end, span)
    }

    /// `map.set(k, v);` or `map.fill(k, n, s, v);` on a `let mut` place: the place rebound to
    /// the updated map (a `MapSet` or `MapFill`).
    fn map_update(
        &mut self,
        m: &syn::ExprMethodCall,
        rest: &[syn::Stmt],
        end: &End,
        span: Span,
    ) -> TokenStream {
        let (variant, fields, usage): (_, &[&str], _) = if m.method == "set" {
            (
                quote!(MapSet),
                &["key", "value"],
                "`set` takes a key and a value: `map.set(k, v);`",
            )
        } else {
            (
                quote!(MapFill),
                &["start", "count", "shift", "value"],
                "`fill` takes a first key, a count, a shift and a value: `map.fill(k, n, s, v);`",
            )
        };
        if m.args.len() != fields.len() {
            return self.error(m.span(), usage);
        }
        let Some((root, path)) = self.place(&m.receiver) else {
            return unit(span);
        };
        let map = self.expr(&m.receiver);
        let mut args = Vec::new();
        for (field, arg) in fields.iter().zip(&m.args) {
            let (field, arg) = (quote::format_ident!("{field}"), self.expr(arg));
            args.push(quote!(#field: ::std::boxed::Box::new(#arg)));
        }
        let new = mk(
            quote!(#variant { map: ::std::boxed::Box::new(#map), #(#args),* }),
            m.span(),
        );
        self.rebind((root, path), new, m.span(), rest, end, span)
    }

    /// The `let mut` variables declared before `e` that `e` assigns.
    fn assigned_outer(&self, e: &syn::Expr) -> Vec<String> {
        let mut finder = AssignedRoots::default();
        finder.visit_expr(e);
        finder
            .roots
            .into_iter()
            .filter(|n| self.scope.iter().any(|b| &b.name == n && b.mutable))
            .collect()
    }

    /// An `if`, `match` or block whose branches end as `end` says.
    fn branching(&mut self, e: &syn::Expr, end: &End) -> TokenStream {
        match e {
            syn::Expr::If(i) => self.if_expr(i, end),
            syn::Expr::Match(m) => self.match_expr(m, end),
            syn::Expr::Block(b) if b.label.is_none() => self.stmts(&b.block.stmts, end, b.span()),
            _ if matches!(end, End::Value) => self.expr(e),
            _ => {
                let stmt = syn::Stmt::Expr(e.clone(), Some(Default::default()));
                self.stmts(&[stmt], end, e.span())
            }
        }
    }

    fn branch_block(&mut self, b: &syn::Block, end: &End) -> TokenStream {
        self.stmts(&b.stmts, end, b.span())
    }

    fn if_expr(&mut self, i: &syn::ExprIf, end: &End) -> TokenStream {
        let then_branch = |cx: &mut Lower| cx.branch_block(&i.then_branch, end);
        let else_branch = |cx: &mut Lower| match &i.else_branch {
            Some((_, e)) => cx.branching(e, end),
            None => match end {
                End::Value => unit(i.span()),
                End::Carry(vars) => carried_tuple(vars, i.span()),
            },
        };
        if let syn::Expr::Let(l) = &*i.cond {
            let scrut = self.expr(&l.expr);
            let mut bound = Vec::new();
            let pat = self.pat(&l.pat, &mut bound);
            let then_b = self.with_bindings(bound, then_branch);
            let else_b = else_branch(self);
            let arms = quote!(vec![
                ::autov::spec::Arm { pat: #pat, body: #then_b },
                ::autov::spec::Arm { pat: ::autov::spec::Pat::Wild, body: #else_b },
            ]);
            return mk(
                quote!(Match { scrut: ::std::boxed::Box::new(#scrut), arms: #arms }),
                i.span(),
            );
        }
        let cond = self.expr(&i.cond);
        let (t, e) = (then_branch(self), else_branch(self));
        mk(
            quote!(If { cond: ::std::boxed::Box::new(#cond), then_branch: ::std::boxed::Box::new(#t), else_branch: ::std::boxed::Box::new(#e) }),
            i.span(),
        )
    }

    fn match_expr(&mut self, m: &syn::ExprMatch, end: &End) -> TokenStream {
        let scrut = self.expr(&m.expr);
        let arms: Vec<TokenStream> = m
            .arms
            .iter()
            .map(|arm| {
                if let Some((if_token, _)) = &arm.guard {
                    self.errors.at(
                        if_token.span(),
                        "match guards are not supported: put an `if` inside the arm",
                    );
                }
                let mut bound = Vec::new();
                let pat = self.pat(&arm.pat, &mut bound);
                let body = self.with_bindings(bound, |cx| cx.branching(&arm.body, end));
                quote!(::autov::spec::Arm { pat: #pat, body: #body })
            })
            .collect();
        mk(
            quote!(Match { scrut: ::std::boxed::Box::new(#scrut), arms: vec![#(#arms),*] }),
            m.span(),
        )
    }

    fn for_loop(
        &mut self,
        f: &syn::ExprForLoop,
        rest: &[syn::Stmt],
        end: &End,
        span: Span,
    ) -> TokenStream {
        if let Some(label) = &f.label {
            self.errors
                .at(label.span(), "loop labels are not supported");
        }
        let syn::Expr::Range(range) = &*f.expr else {
            return self.error(
                f.expr.span(),
                "loop over a range `a..b` only; for other iteration use recursion with a measure",
            );
        };
        let (Some(start), Some(limit), syn::RangeLimits::HalfOpen(_)) =
            (&range.start, &range.end, &range.limits)
        else {
            return self.error(
                range.span(),
                "loop over a half-open range `a..b` with both bounds",
            );
        };
        let syn::Pat::Ident(counter) = &*f.pat else {
            return self.error(f.pat.span(), "name the loop counter: `for i in a..b`");
        };
        let vars = self.assigned_outer(&syn::Expr::ForLoop(f.clone()));
        let (start, limit) = (self.expr(start), self.expr(limit));
        let name = counter.ident.to_string();
        self.loop_depth += 1;
        let body = self.with_bindings(
            vec![Binding {
                name: name.clone(),
                mutable: false,
            }],
            |cx| cx.branch_block(&f.body, &End::Carry(vars.clone())),
        );
        self.loop_depth -= 1;
        let (n, carried) = (string(&name), vars.iter().map(|v| string(v)));
        let value = mk(
            quote!(ForRange { var: #n, start: ::std::boxed::Box::new(#start), end: ::std::boxed::Box::new(#limit), carried: vec![#(#carried),*], body: ::std::boxed::Box::new(#body) }),
            f.span(),
        );
        let after = self.stmts(rest, end, span);
        let_in(carried_pat(&vars), value, after, f.span())
    }

    /// The term of an expression.
    pub fn expr(&mut self, e: &syn::Expr) -> TokenStream {
        let span = e.span();
        match e {
            syn::Expr::Lit(l) => self.lit(&l.lit, false),
            syn::Expr::Path(p) => self.path_expr(&p.path, span),
            syn::Expr::Unary(u) => self.unary(u),
            syn::Expr::Binary(b) => self.binary(b),
            syn::Expr::Paren(p) => self.expr(&p.expr),
            syn::Expr::Group(g) => self.expr(&g.expr),
            syn::Expr::Reference(r) if r.mutability.is_some() => self.error(
                span,
                "specs do not mutate through references: take `&State` and return the new state",
            ),
            syn::Expr::Reference(r) => self.expr(&r.expr),
            syn::Expr::Cast(c) => self.cast(c),
            syn::Expr::MethodCall(m) => self.method_call(m),
            syn::Expr::Call(c) => self.call(c),
            syn::Expr::If(_) | syn::Expr::Match(_) | syn::Expr::Block(_) => self.value_branching(e),
            syn::Expr::Tuple(t) => {
                let es: Vec<_> = t.elems.iter().map(|x| self.expr(x)).collect();
                mk(quote!(Tuple(vec![#(#es),*])), span)
            }
            syn::Expr::Field(f) => self.field(f),
            syn::Expr::Index(i) => {
                let (base, index) = (self.expr(&i.expr), self.expr(&i.index));
                mk(
                    quote!(Index { base: ::std::boxed::Box::new(#base), index: ::std::boxed::Box::new(#index) }),
                    span,
                )
            }
            syn::Expr::Struct(s) => self.struct_lit(s),
            syn::Expr::Array(a) => {
                let es: Vec<_> = a.elems.iter().map(|x| self.expr(x)).collect();
                mk(quote!(Array(vec![#(#es),*])), span)
            }
            syn::Expr::Repeat(r) => {
                let elem = self.expr(&r.expr);
                let len = &r.len;
                mk(
                    quote!(ArrayRepeat { elem: ::std::boxed::Box::new(#elem), len: (#len) as u64 }),
                    span,
                )
            }
            syn::Expr::Return(r) => self.return_expr(r),
            syn::Expr::Try(t) => {
                if self.loop_depth > 0 {
                    self.errors.at(
                        t.question_token.span(),
                        "`?` inside a `for` loop is not supported: use recursion with a measure",
                    );
                }
                let x = self.expr(&t.expr);
                mk(quote!(Try(::std::boxed::Box::new(#x))), span)
            }
            _ => self.error(span, unsupported_expr(e)),
        }
    }

    fn value_branching(&mut self, e: &syn::Expr) -> TokenStream {
        let assigned = self.assigned_outer(e);
        if let Some(v) = assigned.first() {
            let message = format!(
                "this expression assigns `{v}`, declared outside it: write it as a statement (`if .. {{ {v} = ..; }}`) and read `{v}` afterwards"
            );
            self.errors.at(e.span(), message);
        }
        if let syn::Expr::Block(b) = e {
            if b.label.is_some() {
                return self.error(e.span(), "labelled blocks are not supported");
            }
        }
        self.branching(e, &End::Value)
    }

    fn lit(&mut self, lit: &syn::Lit, negative: bool) -> TokenStream {
        match lit {
            syn::Lit::Int(i) => {
                let ty = match i.suffix() {
                    "" => None,
                    s => match int_ty(s) {
                        Some(t) => Some(t),
                        None => return self.error(
                            i.span(),
                            "this integer suffix is not supported: use u8..u64, usize or i8..i64",
                        ),
                    },
                };
                let value = match i.base10_parse::<i128>() {
                    Ok(v) if negative => -v,
                    Ok(v) => v,
                    Err(e) => {
                        self.errors.push(e);
                        0
                    }
                };
                let ty = types::optional(ty.map(|t| quote!(::autov::spec::IntTy::#t)));
                mk(quote!(Int { value: #value, ty: #ty }), i.span())
            }
            syn::Lit::Bool(b) => {
                let v = b.value;
                mk(quote!(Bool(#v)), b.span())
            }
            syn::Lit::Float(_) => self.error(
                lit.span(),
                "floating point is not supported in specs: use integers",
            ),
            _ => self.error(
                lit.span(),
                "only integer and boolean literals are supported in specs",
            ),
        }
    }

    fn path_expr(&mut self, path: &syn::Path, span: Span) -> TokenStream {
        let name = last_segment(path);
        if path.get_ident().is_some() {
            if self.is_local(&name) {
                return var(&name, span);
            }
            if name == "None" {
                return mk(quote!(None), span);
            }
            if !is_const_name(&name) {
                let message = if is_camel_name(&name) {
                    "write the enum variant with its enum, `Enum::Variant`"
                } else {
                    "unknown variable: specs read their parameters, `let` variables and `CONSTANTS`"
                };
                return self.error(span, message);
            }
        }
        if is_const_name(&name) {
            let text = string(&path_text(path));
            let sp = span_of(span);
            return quote!({
                let (ty, value) = ::autov::spec::const_of(&#path);
                ::autov::spec::Expr::new(::autov::spec::ExprKind::Const { name: #text, ty, value }, #sp)
            });
        }
        self.variant(path, Vec::new(), span)
    }

    fn variant(&mut self, path: &syn::Path, args: Vec<TokenStream>, span: Span) -> TokenStream {
        let Some(enum_path) = enum_of(path) else {
            return self.error(
                span,
                "write the enum variant with its enum, `Enum::Variant`",
            );
        };
        self.types
            .push(types::declare(&types::from_path(&enum_path)));
        let (e, v) = (
            string(&last_segment(&enum_path)),
            string(&last_segment(path)),
        );
        mk(
            quote!(Variant { enum_name: #e, variant: #v, args: vec![#(#args),*] }),
            span,
        )
    }

    fn unary(&mut self, u: &syn::ExprUnary) -> TokenStream {
        match (&u.op, &*u.expr) {
            (syn::UnOp::Neg(_), syn::Expr::Lit(l)) => self.lit(&l.lit, true),
            (syn::UnOp::Deref(_), x) => self.expr(x),
            (syn::UnOp::Neg(_), x) => {
                let x = self.expr(x);
                mk(
                    quote!(Unary { op: ::autov::spec::UnOp::Neg, arg: ::std::boxed::Box::new(#x) }),
                    u.span(),
                )
            }
            (syn::UnOp::Not(_), x) => {
                let x = self.expr(x);
                mk(
                    quote!(Unary { op: ::autov::spec::UnOp::Not, arg: ::std::boxed::Box::new(#x) }),
                    u.span(),
                )
            }
            _ => self.error(u.span(), "this operator is not supported in specs"),
        }
    }

    fn binary(&mut self, b: &syn::ExprBinary) -> TokenStream {
        let Some(op) = bin_op(&b.op) else {
            let message = if compound_op(&b.op).is_some() {
                "compound assignment is a statement: write `x += e;` on its own"
            } else {
                "this operator is not supported in specs"
            };
            return self.error(b.op.span(), message);
        };
        let (l, r) = (self.expr(&b.left), self.expr(&b.right));
        mk(
            quote!(Binary { op: ::autov::spec::BinOp::#op, lhs: ::std::boxed::Box::new(#l), rhs: ::std::boxed::Box::new(#r) }),
            b.op.span(),
        )
    }

    fn cast(&mut self, c: &syn::ExprCast) -> TokenStream {
        let target = match &*c.ty {
            syn::Type::Path(p) => p.path.get_ident().and_then(|i| int_ty(&i.to_string())),
            _ => None,
        };
        let Some(to) = target else {
            return self.error(
                c.ty.span(),
                "`as` converts to an integer type only (u8..u64, usize, i8..i64)",
            );
        };
        let x = self.expr(&c.expr);
        mk(
            quote!(Cast { arg: ::std::boxed::Box::new(#x), to: ::autov::spec::IntTy::#to }),
            c.as_token.span(),
        )
    }

    fn method_call(&mut self, m: &syn::ExprMethodCall) -> TokenStream {
        let name = m.method.to_string();
        let span = m.method.span();
        let args: Vec<&syn::Expr> = m.args.iter().collect();
        match (name.as_str(), args.as_slice()) {
            ("clone", []) => self.expr(&m.receiver),
            ("get", [key]) => {
                let (map, key) = (self.expr(&m.receiver), self.expr(key));
                mk(quote!(MapGet { map: ::std::boxed::Box::new(#map), key: ::std::boxed::Box::new(#key) }), span)
            }
            ("set", _) => self.error(span, "`map.set(k, v);` is a statement on a `let mut` map: write it on its own"),
            ("fill", _) => self.error(span, "`map.fill(k, n, s, v);` is a statement on a `let mut` map: write it on its own"),
            ("is_some" | "is_none", []) => self.option_test(&m.receiver, name == "is_some", span),
            (_, [arg]) if int_method(&name).is_some() => {
                let method = int_method(&name);
                let (recv, arg) = (self.expr(&m.receiver), self.expr(arg));
                mk(quote!(IntMethod { method: ::autov::spec::IntMethod::#method, recv: ::std::boxed::Box::new(#recv), arg: ::std::boxed::Box::new(#arg) }), span)
            }
            _ => self.error(
                span,
                "this method is not part of the spec language: use wrapping_*/checked_*/saturating_*, min, max, \
                 Map::get, clone, is_some, is_none, or a #[helper] function",
            ),
        }
    }

    /// `x.is_some()` as `match x { Some(_) => true, _ => false }`.
    fn option_test(&mut self, x: &syn::Expr, some: bool, span: Span) -> TokenStream {
        let x = self.expr(x);
        let (yes, no) = (
            mk(quote!(Bool(#some)), span),
            mk(quote!(Bool(!#some)), span),
        );
        let arms = quote!(vec![
            ::autov::spec::Arm { pat: ::autov::spec::Pat::Some(::std::boxed::Box::new(::autov::spec::Pat::Wild)), body: #yes },
            ::autov::spec::Arm { pat: ::autov::spec::Pat::Wild, body: #no },
        ]);
        mk(
            quote!(Match { scrut: ::std::boxed::Box::new(#x), arms: #arms }),
            span,
        )
    }

    fn call(&mut self, c: &syn::ExprCall) -> TokenStream {
        let syn::Expr::Path(f) = &*c.func else {
            return self.error(
                c.func.span(),
                "call functions by name: specs have no closures or function values",
            );
        };
        let path = &f.path;
        let name = last_segment(path);
        if name == "forall" {
            return self.forall(c);
        }
        let args: Vec<TokenStream> = c.args.iter().map(|a| self.expr(a)).collect();
        let span = c.span();
        match (name.as_str(), args.as_slice()) {
            ("Some", [a]) => return mk(quote!(Some(::std::boxed::Box::new(#a))), span),
            ("new", [d])
                if path.segments.len() >= 2
                    && last_segment(&enum_of(path).unwrap_or(path.clone())) == "Map" =>
            {
                return mk(quote!(MapNew(::std::boxed::Box::new(#d))), span);
            }
            _ => {}
        }
        if is_camel_name(&name) {
            return self.variant(path, args, span);
        }
        if path.segments.iter().any(|s| !s.arguments.is_empty()) {
            return self.error(
                path.span(),
                "specs are not generic: call the function without type arguments",
            );
        }
        if !self.callees.iter().any(|(n, _)| *n == name) {
            let target = term_fn_path(path);
            let n = name.clone();
            self.callees.push((
                name.clone(),
                quote!(::autov::spec::FnRef { name: #n, def: #target }),
            ));
        }
        let n = string(&name);
        mk(quote!(Call { func: #n, args: vec![#(#args),*] }), span)
    }

    /// `forall(|x: T| body)`, with `T` an integer type.
    fn forall(&mut self, c: &syn::ExprCall) -> TokenStream {
        const SHAPE: &str = "write a quantifier as `autov::forall(|x: u64| condition)`";
        let (Some(syn::Expr::Closure(cl)), 1) = (c.args.first(), c.args.len()) else {
            return self.error(c.span(), SHAPE);
        };
        let param = match cl.inputs.iter().collect::<Vec<_>>().as_slice() {
            [syn::Pat::Type(t)] => t.clone(),
            _ => return self.error(cl.span(), SHAPE),
        };
        let syn::Pat::Ident(var) = &*param.pat else {
            return self.error(param.pat.span(), SHAPE);
        };
        let ty = match &*param.ty {
            syn::Type::Path(p) => int_ty(&last_segment(&p.path)),
            _ => None,
        };
        let Some(ty) = ty else {
            return self.error(param.ty.span(), "a quantified variable has an integer type");
        };
        let name = var.ident.to_string();
        let body = self.with_bindings(
            vec![Binding {
                name: name.clone(),
                mutable: false,
            }],
            |cx| cx.expr(&cl.body),
        );
        let n = string(&name);
        mk(
            quote!(Forall { var: #n, ty: ::autov::spec::IntTy::#ty, body: ::std::boxed::Box::new(#body) }),
            c.span(),
        )
    }

    fn field(&mut self, f: &syn::ExprField) -> TokenStream {
        let base = self.expr(&f.base);
        match &f.member {
            syn::Member::Named(n) => {
                let n = string(&n.to_string());
                mk(
                    quote!(Field { base: ::std::boxed::Box::new(#base), name: #n }),
                    f.member.span(),
                )
            }
            syn::Member::Unnamed(i) => {
                let i = i.index as usize;
                mk(
                    quote!(TupleField { base: ::std::boxed::Box::new(#base), index: #i }),
                    f.member.span(),
                )
            }
        }
    }

    fn struct_lit(&mut self, s: &syn::ExprStruct) -> TokenStream {
        if s.path.is_ident("Self") {
            return self.error(s.path.span(), "name the struct instead of `Self`");
        }
        self.types.push(types::declare(&types::from_path(&s.path)));
        let fields: Vec<TokenStream> = s
            .fields
            .iter()
            .map(|fv| {
                let name = match &fv.member {
                    syn::Member::Named(n) => n.to_string(),
                    syn::Member::Unnamed(i) => i.index.to_string(),
                };
                let (n, v) = (string(&name), self.expr(&fv.expr));
                quote!((#n, #v))
            })
            .collect();
        let base = types::optional(s.rest.as_ref().map(|r| {
            let r = self.expr(r);
            quote!(::std::boxed::Box::new(#r))
        }));
        let name = string(&last_segment(&s.path));
        mk(
            quote!(Struct { name: #name, fields: vec![#(#fields),*], base: #base }),
            s.span(),
        )
    }

    fn return_expr(&mut self, r: &syn::ExprReturn) -> TokenStream {
        if self.loop_depth > 0 {
            self.errors.at(
                r.span(),
                "`return` inside a `for` loop is not supported: use recursion with a measure",
            );
        }
        let x = match &r.expr {
            Some(x) => self.expr(x),
            None => unit(r.span()),
        };
        mk(quote!(Return(::std::boxed::Box::new(#x))), r.span())
    }
}

/// Finds the root variables of the places an expression assigns.
#[derive(Default)]
struct AssignedRoots {
    roots: BTreeSet<String>,
}

fn root_of(e: &syn::Expr) -> Option<String> {
    match e {
        syn::Expr::Path(p) => p.path.get_ident().map(|i| i.to_string()),
        syn::Expr::Field(f) => root_of(&f.base),
        syn::Expr::Index(i) => root_of(&i.expr),
        syn::Expr::Paren(p) => root_of(&p.expr),
        _ => None,
    }
}

impl<'ast> Visit<'ast> for AssignedRoots {
    fn visit_expr_assign(&mut self, a: &'ast syn::ExprAssign) {
        self.roots.extend(root_of(&a.left));
        syn::visit::visit_expr_assign(self, a);
    }

    fn visit_expr_binary(&mut self, b: &'ast syn::ExprBinary) {
        if compound_op(&b.op).is_some() {
            self.roots.extend(root_of(&b.left));
        }
        syn::visit::visit_expr_binary(self, b);
    }

    fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
        if m.method == "set" || m.method == "fill" {
            self.roots.extend(root_of(&m.receiver));
        }
        syn::visit::visit_expr_method_call(self, m);
    }
}

fn int_ty(name: &str) -> Option<syn::Ident> {
    let variant = match name {
        "u8" => "U8",
        "u16" => "U16",
        "u32" => "U32",
        "u64" => "U64",
        "usize" => "Usize",
        "i8" => "I8",
        "i16" => "I16",
        "i32" => "I32",
        "i64" => "I64",
        _ => return None,
    };
    Some(syn::Ident::new(variant, Span::call_site()))
}

fn int_method(name: &str) -> Option<syn::Ident> {
    let variant = match name {
        "wrapping_add" => "WrappingAdd",
        "wrapping_sub" => "WrappingSub",
        "wrapping_mul" => "WrappingMul",
        "checked_add" => "CheckedAdd",
        "checked_sub" => "CheckedSub",
        "checked_mul" => "CheckedMul",
        "checked_div" => "CheckedDiv",
        "saturating_add" => "SaturatingAdd",
        "saturating_sub" => "SaturatingSub",
        "saturating_mul" => "SaturatingMul",
        "min" => "Min",
        "max" => "Max",
        _ => return None,
    };
    Some(syn::Ident::new(variant, Span::call_site()))
}

fn bin_op(op: &syn::BinOp) -> Option<syn::Ident> {
    use syn::BinOp as B;
    let name = match op {
        B::Add(_) => "Add",
        B::Sub(_) => "Sub",
        B::Mul(_) => "Mul",
        B::Div(_) => "Div",
        B::Rem(_) => "Rem",
        B::Shl(_) => "Shl",
        B::Shr(_) => "Shr",
        B::BitAnd(_) => "BitAnd",
        B::BitOr(_) => "BitOr",
        B::BitXor(_) => "BitXor",
        B::And(_) => "And",
        B::Or(_) => "Or",
        B::Eq(_) => "Eq",
        B::Ne(_) => "Ne",
        B::Lt(_) => "Lt",
        B::Le(_) => "Le",
        B::Gt(_) => "Gt",
        B::Ge(_) => "Ge",
        _ => return None,
    };
    Some(syn::Ident::new(name, Span::call_site()))
}

/// The operator of a compound assignment `x op= e`.
fn compound_op(op: &syn::BinOp) -> Option<TokenStream> {
    use syn::BinOp as B;
    let name = match op {
        B::AddAssign(_) => "Add",
        B::SubAssign(_) => "Sub",
        B::MulAssign(_) => "Mul",
        B::DivAssign(_) => "Div",
        B::RemAssign(_) => "Rem",
        B::ShlAssign(_) => "Shl",
        B::ShrAssign(_) => "Shr",
        B::BitAndAssign(_) => "BitAnd",
        B::BitOrAssign(_) => "BitOr",
        B::BitXorAssign(_) => "BitXor",
        _ => return None,
    };
    let id = syn::Ident::new(name, Span::call_site());
    Some(quote!(#id))
}

/// What to write instead of an expression outside the DSL.
fn unsupported_expr(e: &syn::Expr) -> &'static str {
    match e {
        syn::Expr::Closure(_) => "closures are not supported in specs: write a #[helper] function",
        syn::Expr::While(_) | syn::Expr::Loop(_) => {
            "unbounded loops are not supported: use `for i in a..b` or recursion with #[spec(measure = ..)]"
        }
        syn::Expr::ForLoop(_) => "a `for` loop is a statement: use it on its own and read the variables it assigns",
        syn::Expr::Break(_) | syn::Expr::Continue(_) => "`break` and `continue` are not supported: use recursion with a measure",
        syn::Expr::Unsafe(_) => "`unsafe` is not allowed in specs",
        syn::Expr::Async(_) | syn::Expr::Await(_) => "async code is not allowed in specs",
        syn::Expr::Range(_) => "ranges are only supported as the bounds of a `for` loop",
        syn::Expr::Assign(_) => "assignment is a statement: write `x = e;` on its own",
        syn::Expr::Let(_) => "`let` conditions are only supported as `if let PAT = e { .. } else { .. }`",
        syn::Expr::Macro(_) => "macros are not part of the spec language (only `rely!(cond);` as a statement)",
        syn::Expr::Lit(_) => "only integer and boolean literals are supported in specs",
        _ => "this expression is not part of the spec language",
    }
}
