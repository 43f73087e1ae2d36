//! The symbolic evaluator: runs a spec term on symbolic arguments, mirroring `spec::eval` step by
//! step (same evaluation order, so the same error wins when several could happen).
//!
//! Evaluation carries a *path condition* `pc`: the condition under which control reaches the
//! expression. An expression yields its value together with the (stronger) condition under which
//! it completes normally, or nothing if it never does. Leaving paths are collected instead:
//! spec errors (what Rust panics on) as [`ErrorSite`]s with the condition under which they happen,
//! `return`s, `?` on `None` and failed `rely!`s in the enclosing frame, which merges them into
//! the call's value. Branches are evaluated both ways and merged with `ite`.
//!
//! Calls are inlined: the callee's body is the semantics. Recursion is unrolled: a function may
//! be active at most [`Settings::unroll`] times on the stack; deeper calls are *cut*, as are
//! iterations of a `for` loop with symbolic bounds beyond the same bound. A cut is recorded with
//! its condition; a query that can reach one answers `Unknown` (never `Verified`). `for` loops
//! whose bounds are constants run exactly, up to [`Settings::max_iterations`] iterations.

use super::arith;
use super::map::{map_fill, map_get, map_set, new_map};
use super::quantify::{forall_id, Quantifiers};
use super::sort::{int_const, is_variant, tag_const};
use super::symval::{ite, sem_eq, zero, SymVal};
use super::table;
use super::{Abstraction, Settings, Unsupported};
use crate::spec::{
    BinOp, Expr, ExprKind, Fault, FnDef, IntTy, Pat, Program, Proj, Span, Ty, TypeDef, TypeEnv,
    UnOp,
};
use std::collections::BTreeMap;
use std::rc::Rc;
use z3::ast::{forall_const, Ast, Bool, BV};

/// A spec error: what Rust panics on, or what the concrete evaluator rejects while running.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SpecError {
    /// Overflow, division by zero, bad shift, index out of bounds.
    Fault(Fault),
    /// A recursive call does not decrease the measure.
    MeasureNotDecreasing,
    /// No arm of a `match` matches.
    NoMatchingArm,
}

impl SpecError {
    /// A short description.
    pub fn describe(self) -> &'static str {
        match self {
            SpecError::Fault(f) => f.describe(),
            SpecError::MeasureNotDecreasing => "recursive call does not decrease the measure",
            SpecError::NoMatchingArm => "no match arm matches",
        }
    }
}

/// Where and under which condition a spec error happens.
#[derive(Debug, Clone)]
pub(crate) struct ErrorSite {
    /// The condition (over the inputs) under which evaluation reaches the error.
    pub cond: Bool,
    /// Which error.
    pub error: SpecError,
    /// Where.
    pub span: Span,
}

/// A symbolic run of a function.
pub(crate) struct Run {
    /// The result, meaningful when no error and no cut happens.
    pub value: SymVal,
    /// The spec errors the run can reach.
    pub errors: Vec<ErrorSite>,
    /// Where unrolling stopped, with the condition under which it did.
    pub cuts: Vec<(Bool, Span)>,
    /// The calls of opaque functions (see [`Abstraction`]).
    pub opaque: Vec<OpaqueCall>,
    /// The induction measure at the top activation, if there is one.
    pub measure: Option<z3::ast::BV>,
}

/// A call of an opaque function: its result is a fresh value, tied to other calls of the same
/// class only by "equal arguments give equal results".
pub(crate) struct OpaqueCall {
    /// The class of the function called.
    pub class: String,
    /// The path condition of the call.
    pub pc: Bool,
    /// The arguments.
    pub args: Vec<SymVal>,
    /// The (fresh) result.
    pub result: SymVal,
}

impl Run {
    /// Whether the run reaches a spec error.
    pub fn faults(&self) -> Bool {
        let cs: Vec<&Bool> = self.errors.iter().map(|e| &e.cond).collect();
        Bool::or(&cs)
    }
}

/// Runs `f` on `args`; calls resolve to `f` itself (by name) or to `program`'s functions.
pub(crate) fn run(
    program: &Program,
    f: &FnDef,
    args: Vec<SymVal>,
    settings: &Settings,
) -> Result<Run, Unsupported> {
    run_with(program, f, args, settings, (&Abstraction::default(), &[]))
}

/// Runs `f` on `args` with the functions of `abstraction` opaque below the top activation. An
/// opaque call takes the result of a call in `prior` (of an earlier run of the same query) when
/// the two have equal arguments wherever both happen: the same value, rather than a fresh one
/// tied to it by congruence, keeps what follows small.
pub(crate) fn run_with(
    program: &Program,
    f: &FnDef,
    args: Vec<SymVal>,
    settings: &Settings,
    (abstraction, prior): (&Abstraction, &[OpaqueCall]),
) -> Result<Run, Unsupported> {
    let context = (abstraction, prior, Quantifiers::Solver);
    run_quantified(program, f, args, settings, context).map(|(r, _)| r)
}

/// Runs relation `f` on `args` with its `forall`s handled as `quantifiers` says; returns the
/// run and the quantifier state (the Skolem constants it made).
pub(crate) fn run_relation(
    program: &Program,
    f: &FnDef,
    args: Vec<SymVal>,
    settings: &Settings,
    quantifiers: Quantifiers,
) -> Result<(Run, Quantifiers), Unsupported> {
    let context = (&Abstraction::default(), &[][..], quantifiers);
    run_quantified(program, f, args, settings, context)
}

fn run_quantified(
    program: &Program,
    f: &FnDef,
    args: Vec<SymVal>,
    settings: &Settings,
    (abstraction, prior, quantifiers): (&Abstraction, &[OpaqueCall], Quantifiers),
) -> Result<(Run, Quantifiers), Unsupported> {
    let mut enc = Encoder {
        types: &program.types,
        fns: &program.fns,
        root: f,
        settings,
        errors: Vec::new(),
        cuts: Vec::new(),
        frames: Vec::new(),
        abstraction,
        prior,
        root_measure: None,
        opaque: Vec::new(),
        quantifiers,
        depth: 0,
    };
    let flow = enc.call(f, args, &Bool::from_bool(true), &f.span)?;
    let value = match flow {
        Some((v, _)) => v,
        None => zero(&f.ret, &program.types, &f.span)?,
    };
    let run = Run {
        value,
        errors: enc.errors,
        cuts: enc.cuts,
        opaque: enc.opaque,
        measure: enc.root_measure,
    };
    Ok((run, enc.quantifiers))
}

/// A value and the condition under which the expression completes normally with it; `None` if
/// it never does.
type Flow = Option<(SymVal, Bool)>;
type Res<T> = Result<T, Unsupported>;
type Env = Vec<(String, SymVal)>;

/// Unwraps a normal completion or propagates "never completes".
macro_rules! go {
    ($e:expr) => {
        match $e? {
            Some(x) => x,
            None => return Ok(None),
        }
    };
}

struct Frame {
    name: String,
    measure: Option<z3::ast::BV>,
    ret: Ty,
    returns: Vec<(Bool, SymVal)>,
    /// How many branches on a symbolic condition enclose the point this activation is at.
    forks: u32,
    /// Whether this activation has returned a value inside such a branch: from there on, whether
    /// it gets further depends on its inputs.
    decided: bool,
}

pub(crate) struct Encoder<'a> {
    types: &'a TypeEnv,
    fns: &'a BTreeMap<String, FnDef>,
    root: &'a FnDef,
    settings: &'a Settings,
    errors: Vec<ErrorSite>,
    cuts: Vec<(Bool, Span)>,
    frames: Vec<Frame>,
    abstraction: &'a Abstraction,
    prior: &'a [OpaqueCall],
    /// The induction measure at the top activation (see [`Abstraction::measure`]).
    root_measure: Option<z3::ast::BV>,
    opaque: Vec<OpaqueCall>,
    /// How `forall`s become formulas.
    quantifiers: Quantifiers,
    /// How many `forall` bodies enclose the point of evaluation.
    depth: usize,
}

/// `a && b`, folded when either side is a constant (so that a path a constant condition rules
/// out is recognisably false, see [`infeasible`]).
fn and(a: &Bool, b: &Bool) -> Bool {
    match (a.as_bool(), b.as_bool()) {
        (Some(false), _) | (_, Some(true)) => a.clone(),
        (_, Some(false)) | (Some(true), _) => b.clone(),
        _ => Bool::and(&[a, b]),
    }
}

fn ty_of(e: &Expr) -> Res<&Ty> {
    e.ty.as_ref()
        .ok_or_else(|| Unsupported::new("an expression that was not type checked".into(), &e.span))
}

/// Joins the flows of two exclusive branches, the first taken when `c` holds.
fn join(c: &Bool, t: Flow, f: Flow) -> Flow {
    match (t, f) {
        (None, x) | (x, None) => x,
        (Some((v1, p1)), Some((v2, p2))) => Some((ite(c, &v1, &v2), Bool::or(&[p1, p2]))),
    }
}

impl<'a> Encoder<'a> {
    /// Records that `error` happens when `cond` holds on path `pc`; the path continues without it.
    fn error(&mut self, pc: &Bool, cond: &Bool, error: SpecError, span: &Span) -> Bool {
        self.errors.push(ErrorSite {
            cond: and(pc, cond),
            error,
            span: span.clone(),
        });
        and(pc, &cond.not())
    }

    fn leave(&mut self, pc: Bool, value: SymVal) {
        self.frames
            .last_mut()
            .expect("inside a function")
            .returns
            .push((pc, value));
    }

    fn none_of_ret(&self, span: &Span) -> Res<SymVal> {
        zero(
            &self.frames.last().expect("inside a function").ret,
            self.types,
            span,
        )
    }

    fn lookup(&self, name: &str, span: &Span) -> Res<&'a FnDef> {
        if name == self.root.name {
            return Ok(self.root);
        }
        self.fns
            .get(name)
            .ok_or_else(|| Unsupported::new(format!("call of unknown function `{name}`"), span))
    }

    fn call(&mut self, f: &FnDef, args: Vec<SymVal>, pc: &Bool, span: &Span) -> Res<Flow> {
        if infeasible(pc) {
            return Ok(None);
        }
        let top = self.frames.is_empty();
        if let Some(class) = self.abstraction.opaque.get(&f.name).filter(|_| !top) {
            return self.opaque_call(f, class.clone(), args, pc, span);
        }
        if let Some(spec) = self.abstraction.replaced.get(&f.name).filter(|_| !top) {
            let spec = self.lookup(spec, span)?;
            let pc = go!(self.hypothesis_applies(&args, pc, span));
            return self.call(spec, args, &pc, span);
        }
        let mut pc = pc.clone();
        if let (true, Some(spec)) = (top, &self.abstraction.measure) {
            let (m, p) = go!(self.measure_at(spec, &args, &pc, span));
            (self.root_measure, pc) = (Some(m), p);
        }
        let pc = &pc;
        let active = self.frames.iter().filter(|fr| fr.name == f.name).count();
        if active >= self.settings.unroll as usize && !self.forced(&f.name, active) {
            self.cuts.push((pc.clone(), span.clone()));
            return Ok(None);
        }
        let Some(body) = &f.body else {
            return Err(Unsupported::new(
                format!(
                    "call of `{}`, whose spec is derived from its code and not built yet",
                    f.name
                ),
                span,
            ));
        };
        let mut env: Env = f.params.iter().map(|p| p.name.clone()).zip(args).collect();
        let mut pc = pc.clone();
        let measure = match &f.measure {
            Some(m) => {
                let (v, p) = go!(self.eval(m, &mut env, &pc));
                pc = p;
                v.as_int().map(|(_, bv)| bv.clone())
            }
            None => None,
        };
        let caller = self
            .frames
            .iter()
            .rev()
            .find(|fr| fr.name == f.name)
            .and_then(|fr| fr.measure.clone());
        if let (Some(new), Some(old)) = (&measure, caller) {
            pc = self.error(&pc, &new.bvuge(&old), SpecError::MeasureNotDecreasing, span);
        }
        self.frames.push(Frame {
            name: f.name.clone(),
            measure,
            ret: f.ret.clone(),
            returns: Vec::new(),
            forks: 0,
            decided: false,
        });
        let normal = self.eval(body, &mut env, &pc);
        let frame = self.frames.pop().expect("frame pushed above");
        Ok(frame
            .returns
            .into_iter()
            .fold(normal?, |acc, (c, v)| join(&c.clone(), Some((v, c)), acc)))
    }

    /// Evaluates `e` on path `pc`: scalars and operators here, the rest in [`Self::data`].
    fn eval(&mut self, e: &Expr, env: &mut Env, pc: &Bool) -> Res<Flow> {
        let span = &e.span;
        let done = |v: SymVal| Ok(Some((v, pc.clone())));
        match &e.kind {
            ExprKind::Int { value, ty } => match ty {
                Some(t) => done(SymVal::Int(*t, int_const(*t, *value))),
                None => Err(Unsupported::new("an untyped integer literal".into(), span)),
            },
            ExprKind::Bool(b) => done(SymVal::bool(*b)),
            ExprKind::Var(n) => match env.iter().rev().find(|(x, _)| x == n) {
                Some((_, v)) => done(v.clone()),
                None => Err(Unsupported::new(format!("unbound variable `{n}`"), span)),
            },
            ExprKind::Const { value, ty, .. } => {
                done(super::symval::from_value(value, ty, self.types, span)?)
            }
            ExprKind::Unary { op, arg } => self.unary(*op, arg, env, pc, span),
            ExprKind::Binary { op, lhs, rhs } => self.binary(*op, lhs, rhs, env, pc, span),
            ExprKind::IntMethod { method, recv, arg } => {
                let (a, pc) = go!(self.eval(recv, env, pc));
                let (b, pc) = go!(self.eval(arg, env, &pc));
                let ((t, a), (_, b)) = (int_of(&a, span)?, int_of(&b, span)?);
                Ok(Some((arith::method(*method, t, a, b), pc)))
            }
            ExprKind::Cast { arg, to } => {
                let (v, pc) = go!(self.eval(arg, env, pc));
                let bv = match &v {
                    SymVal::Int(t, a) => arith::cast(*t, a, *to),
                    SymVal::Bool(b) => b.ite(&int_const(*to, 1), &int_const(*to, 0)),
                    _ => return Err(Unsupported::new("a cast of a non-scalar".into(), span)),
                };
                Ok(Some((SymVal::Int(*to, bv), pc)))
            }
            _ => self.data(e, env, pc),
        }
    }

    /// Tuples, structs, enums, options, arrays, maps and updates.
    fn data(&mut self, e: &Expr, env: &mut Env, pc: &Bool) -> Res<Flow> {
        let span = &e.span;
        let done = |v: SymVal| Ok(Some((v, pc.clone())));
        match &e.kind {
            ExprKind::Tuple(es) => self
                .eval_all(es, env, pc)
                .map(|f| f.map(|(vs, pc)| (SymVal::Tuple(vs.into()), pc))),
            ExprKind::TupleField { base, index } => {
                let (v, pc) = go!(self.eval(base, env, pc));
                match v {
                    SymVal::Tuple(vs) if *index < vs.len() => Ok(Some((vs[*index].clone(), pc))),
                    _ => Err(Unsupported::new(
                        format!("element {index} of a non-tuple"),
                        span,
                    )),
                }
            }
            ExprKind::Struct { name, fields, base } => {
                self.struct_lit(name, fields, base.as_deref(), env, pc, span)
            }
            ExprKind::Field { base, name } => {
                let (v, pc) = go!(self.eval(base, env, pc));
                Ok(Some((field(&v, name, span)?.clone(), pc)))
            }
            ExprKind::Variant {
                enum_name,
                variant,
                args,
            } => self.variant(enum_name, variant, args, env, pc, span),
            ExprKind::Some(x) => {
                let (v, pc) = go!(self.eval(x, env, pc));
                Ok(Some((SymVal::some(v), pc)))
            }
            ExprKind::None => done(zero(ty_of(e)?, self.types, span)?),
            ExprKind::Array(es) => {
                let (vs, pc) = go!(self.eval_all(es, env, pc));
                match vs.len() as u64 > table::SMALL_ARRAY {
                    true => Ok(Some((table::from_elements(&vs, span)?, pc))),
                    false => Ok(Some((SymVal::Array(vs.into()), pc))),
                }
            }
            ExprKind::ArrayRepeat { elem, len } => {
                let (v, pc) = go!(self.eval(elem, env, pc));
                match *len > table::SMALL_ARRAY {
                    true => Ok(Some((table::repeat(&v, *len, span)?, pc))),
                    false => Ok(Some((SymVal::Array(vec![v; *len as usize].into()), pc))),
                }
            }
            ExprKind::Index { base, index } => {
                let (a, pc) = go!(self.eval(base, env, pc));
                let (i, pc) = go!(self.eval(index, env, &pc));
                self.index(&a, &i, ty_of(e)?, &pc, span)
            }
            ExprKind::MapNew(d) => {
                let (v, pc) = go!(self.eval(d, env, pc));
                let Ty::Map(k, vt) = ty_of(e)? else {
                    return Err(Unsupported::new(
                        "`Map::new` of a non-map type".into(),
                        span,
                    ));
                };
                Ok(Some((new_map(k, vt, &v, span)?, pc)))
            }
            ExprKind::MapGet { map, key } => {
                let (m, pc) = go!(self.eval(map, env, pc));
                let (k, pc) = go!(self.eval(key, env, &pc));
                Ok(Some((map_get(&m, &k, self.types, span)?, pc)))
            }
            ExprKind::MapSet { map, key, value } => {
                let (m, pc) = go!(self.eval(map, env, pc));
                let (k, pc) = go!(self.eval(key, env, &pc));
                let (v, pc) = go!(self.eval(value, env, &pc));
                Ok(Some((map_set(&m, &k, &v, span)?, pc)))
            }
            ExprKind::MapFill {
                map,
                start,
                count,
                shift,
                value,
            } => {
                let (m, pc) = go!(self.eval(map, env, pc));
                let (s, pc) = go!(self.eval(start, env, &pc));
                let (n, pc) = go!(self.eval(count, env, &pc));
                let (sh, pc) = go!(self.eval(shift, env, &pc));
                let (v, pc) = go!(self.eval(value, env, &pc));
                Ok(Some((map_fill(&m, [&s, &n, &sh], &v, span)?, pc)))
            }
            ExprKind::Update { base, path, value } => {
                let (new, pc) = go!(self.eval(value, env, pc));
                let (old, pc) = go!(self.eval(base, env, &pc));
                self.update(old, path, new, env, &pc, span)
            }
            _ => self.control(e, env, pc),
        }
    }

    /// Bindings, branches, calls and the ways of leaving a function.
    fn control(&mut self, e: &Expr, env: &mut Env, pc: &Bool) -> Res<Flow> {
        let span = &e.span;
        match &e.kind {
            ExprKind::Let {
                pat, value, body, ..
            } => {
                let (v, pc) = go!(self.eval(value, env, pc));
                let depth = env.len();
                let mut binds = Vec::new();
                self.pattern(pat, &v, &mut binds, span)?;
                env.extend(binds);
                let r = self.eval(body, env, &pc);
                env.truncate(depth);
                r
            }
            ExprKind::Rely { cond, body } => {
                let (c, pc) = go!(self.eval(cond, env, pc));
                let c = bool_of(&c, span)?.simplify();
                let none = self.none_of_ret(span)?;
                self.leave(and(&pc, &c.not()), none);
                let pc = and(&pc, &c);
                if infeasible(&pc) {
                    return Ok(None);
                }
                self.eval(body, env, &pc)
            }
            ExprKind::If {
                cond,
                then_branch,
                else_branch,
            } => {
                let (c, pc) = go!(self.eval(cond, env, pc));
                let c = bool_of(&c, span)?.clone();
                match c.simplify().as_bool() {
                    Some(true) => return self.eval(then_branch, env, &pc),
                    Some(false) => return self.eval(else_branch, env, &pc),
                    None => {}
                }
                self.fork(1);
                let t = self.eval(then_branch, env, &and(&pc, &c));
                let f = self.eval(else_branch, env, &and(&pc, &c.not()));
                self.fork(-1);
                Ok(join(&c, t?, f?))
            }
            ExprKind::Match { scrut, arms } => {
                let (v, pc) = go!(self.eval(scrut, env, pc));
                self.match_arms(&v, arms, env, &pc, span)
            }
            ExprKind::Call { func, args } => {
                let (vs, pc) = go!(self.eval_all(args, env, pc));
                let f = self.lookup(func, span)?;
                self.call(f, vs, &pc, span)
            }
            ExprKind::Return(x) => {
                let (v, pc) = go!(self.eval(x, env, pc));
                if let Some(fr) = self.frames.last_mut() {
                    fr.decided |= fr.forks > 0;
                }
                self.leave(pc, v);
                Ok(None)
            }
            ExprKind::Try(x) => {
                let (v, pc) = go!(self.eval(x, env, pc));
                let SymVal::Option { is_some, payload } = v else {
                    return Err(Unsupported::new("`?` on a non-option".into(), span));
                };
                let none = self.none_of_ret(span)?;
                self.leave(and(&pc, &is_some.not()), none);
                Ok(Some((*payload, and(&pc, &is_some))))
            }
            ExprKind::ForRange {
                var,
                start,
                end,
                carried,
                body,
            } => {
                let (s, pc) = go!(self.eval(start, env, pc));
                let (n, pc) = go!(self.eval(end, env, &pc));
                let mut state = Vec::new();
                for c in carried {
                    state.push(
                        env.iter()
                            .rev()
                            .find(|(x, _)| x == c)
                            .map(|(_, v)| v.clone())
                            .ok_or_else(|| {
                                Unsupported::new(format!("unbound variable `{c}`"), span)
                            })?,
                    );
                }
                super::unroll::for_range(
                    self,
                    (var, carried, body),
                    (&s, &n),
                    state,
                    env,
                    &pc,
                    span,
                )
            }
            ExprKind::Forall { var, ty, body } => {
                let holds = self.forall(var, *ty, body, env)?;
                Ok(Some((SymVal::Bool(holds), pc.clone())))
            }
            _ => Err(Unsupported::new(
                format!("the expression `{}`", crate::spec::print_expr(e)),
                span,
            )),
        }
    }

    /// `forall` as a formula, as [`Quantifiers`] says: its body at a Skolem constant, its
    /// instances at given terms together with the quantifier, or the quantifier alone.
    fn forall(&mut self, var: &str, ty: IntTy, body: &Expr, env: &mut Env) -> Res<Bool> {
        let id = forall_id(var, body);
        if let Some(k) = self.quantifiers.skolem(&id, self.depth, ty) {
            return self.forall_body(var, ty, &k, body, env);
        }
        if let (true, Some((terms, quantified))) = (
            self.quantifiers.is_positive(&id),
            self.quantifiers.instances(ty),
        ) {
            let mut instances = terms
                .iter()
                .map(|t| self.forall_body(var, ty, t, body, env))
                .collect::<Res<Vec<Bool>>>()?;
            if quantified {
                instances.push(self.quantified(var, ty, body, env)?);
            }
            return Ok(Bool::and(&instances));
        }
        self.quantified(var, ty, body, env)
    }

    /// `forall` as a Z3 quantifier over a fresh bound constant.
    fn quantified(&mut self, var: &str, ty: IntTy, body: &Expr, env: &mut Env) -> Res<Bool> {
        let x = BV::fresh_const(&format!("forall_{var}"), ty.bits());
        let holds = self.forall_body(var, ty, &x, body, env)?;
        Ok(forall_const(&[&x], &[], &holds))
    }

    /// Whether the body of a `forall` holds at `x`, a formula over `x`. A spec error in the
    /// body makes it false there, as one in a relation does. Nothing the body produces may
    /// escape: an unrolling cut, an opaque call or a large-array definition inside it (whose
    /// conditions would mention `x`) is unsupported.
    fn forall_body(
        &mut self,
        var: &str,
        ty: IntTy,
        x: &BV,
        body: &Expr,
        env: &mut Env,
    ) -> Res<Bool> {
        let (errors, cuts, opaque) = (self.errors.len(), self.cuts.len(), self.opaque.len());
        let outer = table::take_definitions();
        env.push((var.to_string(), SymVal::Int(ty, x.clone())));
        self.depth += 1;
        let flow = self.eval(body, env, &Bool::from_bool(true));
        self.depth -= 1;
        env.pop();
        let inner = table::take_definitions();
        table::restore_definitions(outer);
        let flow = flow?;
        if self.cuts.len() > cuts || self.opaque.len() > opaque || !inner.is_empty() {
            return Err(Unsupported::new(
                "a recursion, an opaque call or a large-array equality inside `forall`".into(),
                &body.span,
            ));
        }
        let faults: Vec<Bool> = self.errors.drain(errors..).map(|e| e.cond).collect();
        let completes = match flow {
            Some((v, p)) => Bool::and(&[&p, bool_of(&v, &body.span)?]),
            None => Bool::from_bool(false),
        };
        let fault = Bool::or(&faults.iter().collect::<Vec<_>>());
        Ok(Bool::and(&[&completes, &fault.not()]))
    }

    fn eval_all(
        &mut self,
        es: &[Expr],
        env: &mut Env,
        pc: &Bool,
    ) -> Res<Option<(Vec<SymVal>, Bool)>> {
        let mut pc = pc.clone();
        let mut out = Vec::new();
        for e in es {
            let (v, p) = go!(self.eval(e, env, &pc));
            out.push(v);
            pc = p;
        }
        Ok(Some((out, pc)))
    }

    fn unary(&mut self, op: UnOp, arg: &Expr, env: &mut Env, pc: &Bool, span: &Span) -> Res<Flow> {
        let (v, pc) = go!(self.eval(arg, env, pc));
        match (&v, op) {
            (SymVal::Bool(b), UnOp::Not) => Ok(Some((SymVal::Bool(b.not()), pc))),
            (SymVal::Int(t, a), op) => {
                let r = arith::unary(op, *t, a);
                Ok(Some((
                    SymVal::Int(*t, r.value.clone()),
                    self.faults(&pc, r, span),
                )))
            }
            _ => Err(Unsupported::new(
                "a unary operator on a non-scalar".into(),
                span,
            )),
        }
    }

    /// Records the faults of an integer operation in order; the path after it.
    fn faults(&mut self, pc: &Bool, r: arith::Checked, span: &Span) -> Bool {
        r.faults.into_iter().fold(pc.clone(), |pc, (c, f)| {
            self.error(&pc, &c, SpecError::Fault(f), span)
        })
    }

    fn binary(
        &mut self,
        op: BinOp,
        lhs: &Expr,
        rhs: &Expr,
        env: &mut Env,
        pc: &Bool,
        span: &Span,
    ) -> Res<Flow> {
        let (a, pc) = go!(self.eval(lhs, env, pc));
        if matches!(op, BinOp::And | BinOp::Or) {
            let a = bool_of(&a, span)?.clone();
            let takes_rhs = if op == BinOp::And { a.clone() } else { a.not() };
            let r = self.eval(rhs, env, &and(&pc, &takes_rhs))?;
            let skip = Some((SymVal::Bool(a), and(&pc, &takes_rhs.not())));
            return Ok(join(&takes_rhs, r, skip));
        }
        let (b, pc) = go!(self.eval(rhs, env, &pc));
        let value = match (op, &a, &b) {
            (BinOp::Eq, a, b) => SymVal::Bool(sem_eq(a, b)),
            (BinOp::Ne, a, b) => SymVal::Bool(sem_eq(a, b).not()),
            (BinOp::BitAnd, SymVal::Bool(x), SymVal::Bool(y)) => SymVal::Bool(and(x, y)),
            (BinOp::BitOr, SymVal::Bool(x), SymVal::Bool(y)) => SymVal::Bool(Bool::or(&[x, y])),
            (BinOp::BitXor, SymVal::Bool(x), SymVal::Bool(y)) => SymVal::Bool(x.xor(y)),
            (op, SymVal::Int(t, x), SymVal::Int(_, y)) if op.is_comparison() => {
                SymVal::Bool(arith::compare(op, *t, x, y))
            }
            (op, SymVal::Int(t, x), SymVal::Int(bt, y)) => {
                let r = arith::binary(op, *t, x, (*bt, y));
                let v = SymVal::Int(*t, r.value.clone());
                return Ok(Some((v, self.faults(&pc, r, span))));
            }
            _ => {
                return Err(Unsupported::new(
                    format!("operator `{}` on these operands", op.token()),
                    span,
                ))
            }
        };
        Ok(Some((value, pc)))
    }

    fn struct_lit(
        &mut self,
        name: &str,
        fields: &[(String, Expr)],
        base: Option<&Expr>,
        env: &mut Env,
        pc: &Bool,
        span: &Span,
    ) -> Res<Flow> {
        let exprs: Vec<Expr> = fields.iter().map(|(_, e)| e.clone()).collect();
        let (given, pc) = go!(self.eval_all(&exprs, env, pc));
        let given: Vec<(String, SymVal)> =
            fields.iter().map(|(f, _)| f.clone()).zip(given).collect();
        let (mut v, pc) = match base {
            Some(b) => go!(self.eval(b, env, &pc)),
            None => (zero(&Ty::Named(name.to_string()), self.types, span)?, pc),
        };
        for (f, x) in given {
            *field_mut(&mut v, &f, span)? = x;
        }
        Ok(Some((v, pc)))
    }

    fn variant(
        &mut self,
        enum_name: &str,
        variant: &str,
        args: &[Expr],
        env: &mut Env,
        pc: &Bool,
        span: &Span,
    ) -> Res<Flow> {
        let (vs, pc) = go!(self.eval_all(args, env, pc));
        let mut v = zero(&Ty::Named(enum_name.to_string()), self.types, span)?;
        let i = self.variant_index(enum_name, variant, span)?;
        if let SymVal::Enum { tag, variants, .. } = &mut v {
            *tag = tag_const(i, variants.len());
            variants[i] = vs;
        }
        Ok(Some((v, pc)))
    }

    fn variant_index(&self, enum_name: &str, variant: &str, span: &Span) -> Res<usize> {
        match self.types.get(enum_name) {
            Some(TypeDef::Enum { variants, .. }) => variants.iter().position(|v| v.name == variant),
            _ => None,
        }
        .ok_or_else(|| Unsupported::new(format!("unknown variant `{enum_name}::{variant}`"), span))
    }

    /// `a[i]`: a fault when `i` is out of bounds.
    fn index(&mut self, a: &SymVal, i: &SymVal, elem_ty: &Ty, pc: &Bool, span: &Span) -> Res<Flow> {
        if let (SymVal::Table { len, .. }, Some((t, i))) = (a, i.as_int()) {
            let pc = self.error(
                pc,
                &i.bvuge(int_const(t, *len as i128)),
                SpecError::Fault(Fault::IndexOutOfBounds),
                span,
            );
            return Ok(Some((table::get(a, i), pc)));
        }
        let (SymVal::Array(xs), Some((t, i))) = (a, i.as_int()) else {
            return Err(Unsupported::new("indexing a non-array".into(), span));
        };
        let len = int_const(t, (xs.len() as i128).min(t.max_value()));
        let pc = self.error(
            pc,
            &i.bvuge(&len),
            SpecError::Fault(Fault::IndexOutOfBounds),
            span,
        );
        let last = match xs.last() {
            Some(x) => x.clone(),
            None => zero(elem_ty, self.types, span)?,
        };
        let v = xs
            .iter()
            .enumerate()
            .rev()
            .skip(1)
            .fold(last, |acc, (j, x)| {
                ite(&i.eq(int_const(t, j as i128)), x, &acc)
            });
        Ok(Some((v, pc)))
    }

    fn update(
        &mut self,
        old: SymVal,
        path: &[Proj],
        new: SymVal,
        env: &mut Env,
        pc: &Bool,
        span: &Span,
    ) -> Res<Flow> {
        let Some((first, rest)) = path.split_first() else {
            return Ok(Some((new, pc.clone())));
        };
        match first {
            Proj::Field(f) => {
                let inner = field(&old, f, span)?.clone();
                let (inner, pc) = go!(self.update(inner, rest, new, env, pc, span));
                let mut old = old;
                *field_mut(&mut old, f, span)? = inner;
                Ok(Some((old, pc)))
            }
            Proj::TupleField(i) => match old {
                SymVal::Tuple(vs) if *i < vs.len() => {
                    let (inner, pc) = go!(self.update(vs[*i].clone(), rest, new, env, pc, span));
                    let mut vs = vs.to_vec();
                    vs[*i] = inner;
                    Ok(Some((SymVal::Tuple(vs.into()), pc)))
                }
                _ => Err(Unsupported::new(
                    format!("assignment to element {i} of a non-tuple"),
                    span,
                )),
            },
            Proj::Index(ix) => {
                let (i, pc) = go!(self.eval(ix, env, pc));
                if matches!(&old, SymVal::Array(xs) if xs.is_empty()) {
                    self.error(
                        &pc,
                        &Bool::from_bool(true),
                        SpecError::Fault(Fault::IndexOutOfBounds),
                        &ix.span,
                    );
                    return Ok(None);
                }
                let elem_ty = Ty::unit();
                let (inner, pc) = go!(self.index(&old, &i, &elem_ty, &pc, &ix.span));
                let (inner, pc) = go!(self.update(inner, rest, new, env, &pc, span));
                if let (SymVal::Table { .. }, Some((_, i))) = (&old, i.as_int()) {
                    return Ok(Some((table::set(&old, i, &inner, span)?, pc)));
                }
                let (SymVal::Array(xs), Some((t, i))) = (old, i.as_int()) else {
                    unreachable!("checked by index")
                };
                let xs = xs
                    .iter()
                    .enumerate()
                    .map(|(j, x)| ite(&i.eq(int_const(t, j as i128)), &inner, x))
                    .collect();
                Ok(Some((SymVal::Array(xs), pc)))
            }
        }
    }

    fn match_arms(
        &mut self,
        v: &SymVal,
        arms: &[crate::spec::Arm],
        env: &mut Env,
        pc: &Bool,
        span: &Span,
    ) -> Res<Flow> {
        let mut taken = Vec::new();
        let mut earlier = Bool::from_bool(false);
        for arm in arms {
            let mut binds = Vec::new();
            let m = self.pattern(&arm.pat, v, &mut binds, span)?;
            taken.push((and(&m, &earlier.not()), binds));
            earlier = Bool::or(&[&earlier, &m]);
        }
        self.error(pc, &earlier.not(), SpecError::NoMatchingArm, span);
        let mut acc: Flow = None;
        for (arm, (c, binds)) in arms.iter().zip(taken).rev() {
            let depth = env.len();
            env.extend(binds);
            self.fork(1);
            let r = self.eval(&arm.body, env, &and(pc, &c));
            self.fork(-1);
            env.truncate(depth);
            acc = join(&c, r?, acc);
        }
        Ok(acc)
    }

    /// The condition under which `v` matches `pat`, pushing the bindings (meaningful when it does).
    fn pattern(&self, pat: &Pat, v: &SymVal, binds: &mut Env, span: &Span) -> Res<Bool> {
        let t = Bool::from_bool(true);
        Ok(match (pat, v) {
            (Pat::Wild, _) => t,
            (Pat::Bind(n), v) => {
                binds.push((n.clone(), v.clone()));
                t
            }
            (Pat::Int(x), SymVal::Int(ty, bv)) => bv.eq(int_const(*ty, *x)),
            (Pat::Bool(x), SymVal::Bool(b)) => b.eq(Bool::from_bool(*x)),
            (Pat::None, SymVal::Option { is_some, .. }) => is_some.not(),
            (Pat::Some(p), SymVal::Option { is_some, payload }) => {
                and(is_some, &self.pattern(p, payload, binds, span)?)
            }
            (Pat::Tuple(ps), SymVal::Tuple(vs)) if ps.len() == vs.len() => {
                self.patterns(ps, vs, binds, span)?
            }
            (
                Pat::Variant {
                    enum_name,
                    variant,
                    args,
                },
                SymVal::Enum { tag, variants, .. },
            ) => {
                let i = self.variant_index(enum_name, variant, span)?;
                and(
                    &is_variant(tag, i, variants.len()),
                    &self.patterns(args, &variants[i], binds, span)?,
                )
            }
            (Pat::Or(ps), v) => self.or_pattern(ps, v, binds, span)?,
            _ => {
                return Err(Unsupported::new(
                    format!("pattern {pat:?} on this value"),
                    span,
                ))
            }
        })
    }

    fn patterns(&self, ps: &[Pat], vs: &[SymVal], binds: &mut Env, span: &Span) -> Res<Bool> {
        let cs = ps
            .iter()
            .zip(vs)
            .map(|(p, v)| self.pattern(p, v, binds, span))
            .collect::<Res<Vec<_>>>()?;
        Ok(Bool::and(&cs))
    }

    /// `p | q | ..`: the bindings of the first alternative that matches.
    fn or_pattern(&self, ps: &[Pat], v: &SymVal, binds: &mut Env, span: &Span) -> Res<Bool> {
        let mut alts = Vec::new();
        for p in ps {
            let mut b = Vec::new();
            let c = self.pattern(p, v, &mut b, span)?;
            alts.push((c, b));
        }
        let Some((_, first)) = alts.first() else {
            return Ok(Bool::from_bool(false));
        };
        for (name, _) in first.clone() {
            let value_in = |b: &Env| b.iter().find(|(n, _)| *n == name).map(|(_, x)| x.clone());
            let mut merged = value_in(&alts.last().expect("nonempty").1).ok_or_else(|| {
                Unsupported::new(
                    format!("or-pattern alternatives binding different names ({name})"),
                    span,
                )
            })?;
            for (c, b) in alts.iter().rev().skip(1) {
                let x = value_in(b).ok_or_else(|| {
                    Unsupported::new(
                        format!("or-pattern alternatives binding different names ({name})"),
                        span,
                    )
                })?;
                merged = ite(c, &x, &merged);
            }
            binds.push((name, merged));
        }
        let cs: Vec<&Bool> = alts.iter().map(|(c, _)| c).collect();
        Ok(Bool::or(&cs))
    }

    /// Runs one iteration body with the counter and carried values bound (for `unroll`).
    pub(crate) fn iteration(
        &mut self,
        names: (&str, &[String]),
        counter: SymVal,
        state: Vec<SymVal>,
        body: &Expr,
        env: &mut Env,
        pc: &Bool,
    ) -> Res<Option<(Vec<SymVal>, Bool)>> {
        let depth = env.len();
        env.push((names.0.to_string(), counter));
        env.extend(names.1.iter().cloned().zip(state));
        let r = self.eval(body, env, pc);
        env.truncate(depth);
        match r? {
            Some((SymVal::Tuple(vs), pc)) => Ok(Some((vs.to_vec(), pc))),
            Some(_) => Err(Unsupported::new(
                "a loop body that does not yield its carried values".into(),
                &body.span,
            )),
            None => Ok(None),
        }
    }

    /// A call of an opaque function: a fresh result, recorded; under induction the measure
    /// must have decreased since the top activation.
    fn opaque_call(
        &mut self,
        f: &FnDef,
        class: String,
        args: Vec<SymVal>,
        pc: &Bool,
        span: &Span,
    ) -> Res<Flow> {
        let pc = go!(self.hypothesis_applies(&args, pc, span));
        let result = match self.same_call(&class, &args, &pc) {
            Some(r) => r,
            None => {
                let name = format!("{}#{}", f.name, self.opaque.len());
                super::sort::fresh(&f.ret, self.types, span, &name)?
            }
        };
        self.opaque.push(OpaqueCall {
            class,
            pc: pc.clone(),
            args,
            result: result.clone(),
        });
        Ok(Some((result, pc)))
    }

    /// `pc`, narrowed under induction to where the measure on `args` is below the top
    /// activation's (elsewhere a `MeasureNotDecreasing` error): where the induction hypothesis
    /// may stand for a call.
    fn hypothesis_applies(&mut self, args: &[SymVal], pc: &Bool, span: &Span) -> Res<Option<Bool>> {
        let Some(spec) = &self.abstraction.measure else {
            return Ok(Some(pc.clone()));
        };
        let (new, p) = go!(self.measure_at(spec, args, pc, span));
        let old = self
            .root_measure
            .clone()
            .expect("set at the top activation");
        Ok(Some(self.error(
            &p,
            &new.bvuge(&old),
            SpecError::MeasureNotDecreasing,
            span,
        )))
    }

    /// The result of a prior call of `class` whose arguments equal `args` wherever both calls
    /// happen (a solver check, cut short by a small time limit).
    fn same_call(&self, class: &str, args: &[SymVal], pc: &Bool) -> Option<SymVal> {
        self.prior.iter().find_map(|p| {
            let equal: Vec<Bool> = p.args.iter().zip(args).map(|(x, y)| sem_eq(x, y)).collect();
            let differ = Bool::and(&[pc, &p.pc, &Bool::and(&equal).not()]);
            (p.class == class && super::query::unsatisfiable(&differ)).then(|| p.result.clone())
        })
    }

    /// `spec`'s measure on `args` (bound to `spec`'s parameters by position).
    fn measure_at(
        &mut self,
        spec: &FnDef,
        args: &[SymVal],
        pc: &Bool,
        span: &Span,
    ) -> Res<Option<(z3::ast::BV, Bool)>> {
        let Some(m) = &spec.measure else {
            return Err(Unsupported::new(
                format!("induction over `{}`, which has no measure", spec.name),
                span,
            ));
        };
        let mut env: Env = spec
            .params
            .iter()
            .map(|p| p.name.clone())
            .zip(args.iter().cloned())
            .collect();
        let (v, pc) = go!(self.eval(m, &mut env, pc));
        match v.as_int() {
            Some((_, bv)) => Ok(Some((bv.clone(), pc))),
            None => Err(Unsupported::new(
                "a measure that is not an integer".into(),
                span,
            )),
        }
    }

    /// Enters (`1`) or leaves (`-1`) the branches of a symbolic condition in the current
    /// activation.
    fn fork(&mut self, step: i32) {
        if let Some(fr) = self.frames.last_mut() {
            fr.forks = fr.forks.saturating_add_signed(step);
        }
    }

    /// Whether a recursive call of `name`, active `active` times, happens on every path that
    /// reached its first activation, failures aside: no activation of it is inside a branch on
    /// a symbolic condition or has returned a value inside one. Such a recursion runs a fixed
    /// number of times (a loop with constant bounds), so it is unrolled further than
    /// [`Settings::unroll`], up to [`Settings::max_iterations`], without multiplying paths.
    fn forced(&self, name: &str, active: usize) -> bool {
        (active as u64) < self.settings.max_iterations
            && self
                .frames
                .iter()
                .filter(|fr| fr.name == name)
                .all(|fr| fr.forks == 0 && !fr.decided)
    }

    /// Records that unrolling stopped on path `pc`.
    pub(crate) fn cut(&mut self, pc: Bool, span: &Span) {
        self.cuts.push((pc, span.clone()));
    }

    /// The unrolling settings.
    pub(crate) fn settings(&self) -> &Settings {
        self.settings
    }
}

fn int_of<'v>(v: &'v SymVal, span: &Span) -> Res<(crate::spec::IntTy, &'v z3::ast::BV)> {
    v.as_int()
        .ok_or_else(|| Unsupported::new("an integer operation on a non-integer".into(), span))
}

fn bool_of<'v>(v: &'v SymVal, span: &Span) -> Res<&'v Bool> {
    v.as_bool()
        .ok_or_else(|| Unsupported::new("a condition that is not a bool".into(), span))
}

fn field<'v>(v: &'v SymVal, name: &str, span: &Span) -> Res<&'v SymVal> {
    match v {
        SymVal::Struct { fields, .. } => fields.iter().find(|(n, _)| n == name).map(|(_, x)| x),
        _ => None,
    }
    .ok_or_else(|| Unsupported::new(format!("field `{name}` of a value without it"), span))
}

fn field_mut<'v>(v: &'v mut SymVal, name: &str, span: &Span) -> Res<&'v mut SymVal> {
    match v {
        SymVal::Struct { fields, .. } => Rc::make_mut(fields)
            .iter_mut()
            .find(|(n, _)| n == name)
            .map(|(_, x)| x),
        _ => None,
    }
    .ok_or_else(|| Unsupported::new(format!("field `{name}` of a value without it"), span))
}

/// Whether path condition `pc` is false as it stands (a branch that constant folding rules out).
fn infeasible(pc: &Bool) -> bool {
    pc.as_bool() == Some(false)
}
