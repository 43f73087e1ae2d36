//! Loops: each structured `Loop` becomes a recursive *loop function* (DESIGN §4.6).
//!
//! The loop function of `'L` in `f` is `f_low_loopL(vars.., st) -> Option<(u32, R, vars.., State)>`
//! over every scalar local live at the loop or defined in it. One call runs iterations until
//! control leaves the loop; the first component says how (an [`Exit`] code), the second is the
//! returned value when it was a `return`, the rest are the locals and the state at that point.
//! `continue 'L` and falling off the end of the body are the recursive call. At the call site
//! the code is dispatched to the continuation of each way out.
//!
//! Loop functions carry no termination measure yet: the evaluator runs them as long as the C
//! loop runs, and the refinement of a function with a loop is not checked by induction yet.

use super::build::Builder;
use super::flow::{Env, Frame, Local, Lowerer, STATE};
use super::low_spec_name;
use crate::code::{Label, Stmt};
use crate::ir::{InstrKind, Type, Value};
use crate::spec::{BinOp, Expr, FnDef, FnKind, IntTy, Param, Pat, Ty};
use std::collections::{BTreeSet, HashMap};

/// The loop function being translated.
#[derive(Clone)]
pub(super) struct LoopCtx {
    /// The loop's label.
    pub label: Label,
    /// The loop function's name.
    pub name: String,
    /// The carried locals: (IR name, spec name, type).
    pub vars: Vec<(String, String, Ty)>,
    /// Whether the loop may change the state; a loop that only reads it does not return it.
    pub writes_state: bool,
}

/// How control leaves a loop function.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Exit {
    /// `break` out of the loop itself: continue after it.
    BreakSelf,
    /// `return` from the C function.
    Return,
    /// `break` to an enclosing block or loop.
    Break(Label),
    /// `continue` of an enclosing loop.
    Continue(Label),
}

impl Exit {
    fn code(self) -> i128 {
        match self {
            Exit::BreakSelf => 0,
            Exit::Return => 1,
            Exit::Break(l) => 2 + 2 * i128::from(l),
            Exit::Continue(l) => 3 + 2 * i128::from(l),
        }
    }
}

impl<'a> Lowerer<'a> {
    /// `'label: loop { body }` followed by the continuation `frames`.
    pub(super) fn loop_(
        &mut self,
        env: Env,
        label: Label,
        body: &'a [Stmt],
        frames: Vec<Frame<'a>>,
    ) -> Result<Expr, super::LowerError> {
        let ctx = self.loop_ctx_for(&env, label, body)?;
        let def = self.loop_function(&env, &ctx, body)?;
        self.loop_fns.push(def);
        let b = self.b();
        let (mut args, defined) = self.carried_values(&env, &ctx);
        args.push(b.var(STATE));
        let (code, ret) = (format!("{}_exit", ctx.name), format!("{}_ret", ctx.name));
        let mut after = env.clone();
        let mut pats = vec![Pat::Bind(code.clone()), Pat::Bind(ret.clone())];
        for (ir, name, ty) in &ctx.vars {
            after.insert(ir.clone(), Local::Scalar(name.clone(), ty.clone()));
            pats.push(Pat::Bind(name.clone()));
        }
        if ctx.writes_state {
            pats.push(Pat::Bind(STATE.into()));
        }
        let dispatch = self.dispatch(after, &code, &ret, exits_of(label, body), frames)?;
        let call = b.let_(
            Pat::Tuple(pats),
            None,
            b.try_(b.call(&ctx.name, args)),
            dispatch,
        );
        Ok(self.relies(defined, call))
    }

    /// The continuation of each way out of the loop, chosen by the exit code.
    fn dispatch(
        &mut self,
        env: Env,
        code: &str,
        ret: &str,
        exits: Vec<Exit>,
        frames: Vec<Frame<'a>>,
    ) -> Result<Expr, super::LowerError> {
        let b = self.b();
        let mut arms = Vec::new();
        for exit in exits {
            let k = match exit {
                Exit::BreakSelf => self.pop(env.clone(), frames.clone())?,
                Exit::Return => self.return_expr(b.var(ret)),
                Exit::Break(l) => self.break_to(env.clone(), l, frames.clone())?,
                Exit::Continue(l) => self.continue_to(env.clone(), l, frames.clone())?,
            };
            arms.push((exit, k));
        }
        let (_, last) = arms.pop().expect("a loop is left at least one way");
        Ok(arms.into_iter().rev().fold(last, |els, (exit, k)| {
            b.if_(
                b.bin(BinOp::Eq, b.var(code), b.int(exit.code(), IntTy::U32)),
                k,
                els,
            )
        }))
    }

    /// Leaves the current loop function the way `exit` says.
    pub(super) fn loop_exit(&mut self, env: &Env, exit: Exit, ret: Option<Expr>) -> Expr {
        let b = self.b();
        let ctx = self
            .loop_ctx
            .clone()
            .expect("only called inside a loop function");
        let ret = ret.unwrap_or_else(|| default_of(&b, &self.ret_ty));
        let (mut values, defined) = self.carried_values(env, &ctx);
        if ctx.writes_state {
            values.push(b.var(STATE));
        }
        let items = [b.int(exit.code(), IntTy::U32), ret]
            .into_iter()
            .chain(values)
            .collect();
        self.relies(defined, b.some(b.tuple(items)))
    }

    /// The next iteration of the current loop function.
    pub(super) fn next_iteration(&mut self, env: &Env) -> Expr {
        let b = self.b();
        let ctx = self
            .loop_ctx
            .clone()
            .expect("only called inside a loop function");
        let (mut args, defined) = self.carried_values(env, &ctx);
        args.push(b.var(STATE));
        self.relies(defined, b.call(&ctx.name, args))
    }

    /// The values of the carried locals and the state, as loop-function arguments or results,
    /// and the conditions that none of them is poison (poison does not cross a loop boundary:
    /// stricter than LLVM, so sound). A local not yet defined on this path is passed as a
    /// default value: SSA dominance guarantees that the loop does not read it before writing it.
    fn carried_values(&self, env: &Env, ctx: &LoopCtx) -> (Vec<Expr>, Vec<Expr>) {
        let b = self.b();
        let mut defined = Vec::new();
        let values: Vec<Expr> = ctx
            .vars
            .iter()
            .map(|(ir, _, ty)| match env.get(ir) {
                Some(Local::Scalar(name, _)) => b.var(name),
                Some(Local::Poisonable(name, _, _)) => {
                    defined.extend(self.defined(env, &[&Value::Local(ir.clone())]));
                    b.var(name)
                }
                _ => default_of(&b, ty),
            })
            .collect();
        (values, defined)
    }

    fn loop_function(
        &mut self,
        env: &Env,
        ctx: &LoopCtx,
        body: &'a [Stmt],
    ) -> Result<FnDef, super::LowerError> {
        let mut inner = env.clone();
        for (ir, name, ty) in &ctx.vars {
            inner.insert(ir.clone(), Local::Scalar(name.clone(), ty.clone()));
        }
        let saved = self.loop_ctx.replace(ctx.clone());
        let result = self.seq(inner, body, vec![Frame::LoopTop(ctx.label)]);
        self.loop_ctx = saved;
        let mut params: Vec<Param> = ctx
            .vars
            .iter()
            .map(|(_, name, ty)| Param {
                name: name.clone(),
                ty: ty.clone(),
                by_ref: false,
            })
            .collect();
        params.push(Param {
            name: STATE.into(),
            ty: self.cx.state.clone(),
            by_ref: true,
        });
        let mut ret = vec![Ty::Int(IntTy::U32), self.ret_ty.clone()];
        ret.extend(ctx.vars.iter().map(|(_, _, t)| t.clone()));
        if ctx.writes_state {
            ret.push(self.cx.state.clone());
        }
        Ok(FnDef {
            name: ctx.name.clone(),
            kind: FnKind::Spec,
            params,
            ret: Ty::option(Ty::Tuple(ret)),
            body: Some(result?),
            measure: None,
            span: self.b().span,
            callees: Vec::new(),
            types: Vec::new(),
            native: None,
        })
    }

    /// The locals a loop carries: those it reads from before the loop, its PHIs (copies), and
    /// those it defines that are read after it.
    fn loop_ctx_for(
        &mut self,
        env: &Env,
        label: Label,
        body: &[Stmt],
    ) -> Result<LoopCtx, super::LowerError> {
        let mut in_body = HashMap::new();
        count_uses(body, &mut in_body);
        let used_after =
            |v: &str| self.uses.get(v).copied().unwrap_or(0) > in_body.get(v).copied().unwrap_or(0);
        let mut vars: Vec<(String, String, Ty)> = env
            .iter()
            .filter_map(|(ir, l)| match l {
                Local::Scalar(name, ty) | Local::Poisonable(name, ty, _)
                    if in_body.contains_key(ir) || used_after(ir) =>
                {
                    Some((ir.clone(), name.clone(), ty.clone()))
                }
                _ => None,
            })
            .collect();
        let mut defined = Vec::new();
        collect_defs(body, &mut defined);
        let mut carried = Vec::new();
        for (ir, ty, is_copy) in defined {
            if env.contains_key(&ir)
                || carried.iter().any(|(v, _)| *v == ir)
                || !(is_copy || used_after(&ir))
            {
                continue;
            }
            carried.push((ir, ty));
        }
        for (ir, ty) in carried {
            let ty = self.scalar_ty(&ty)?;
            let name = self.var_for(&ir);
            vars.push((ir, name, ty));
        }
        vars.sort();
        // A loop reached along several paths is translated once per path (the code after a
        // branch is copied into each arm), possibly with other locals: each gets its own name.
        let base = format!("{}_loop{label}", low_spec_name(&self.f.name));
        let copies = self
            .loop_fns
            .iter()
            .filter(|d| d.name == base || d.name.starts_with(&format!("{base}_")))
            .count();
        let name = if copies == 0 {
            base
        } else {
            format!("{base}_{copies}")
        };
        let writes_state = self.writes_state(body);
        Ok(LoopCtx {
            label,
            name,
            vars,
            writes_state,
        })
    }
}

/// Counts the reads of each local in a statement list.
pub(super) fn count_uses(ss: &[Stmt], out: &mut HashMap<String, usize>) {
    let mut read = |v: &Value| {
        if let Value::Local(n) = v {
            *out.entry(n.clone()).or_default() += 1;
        }
    };
    for s in ss {
        match s {
            Stmt::Instr(i) => operands(&i.kind).into_iter().for_each(&mut read),
            Stmt::Copies(cs) => cs.iter().for_each(|c| read(&c.value)),
            Stmt::If { cond, .. } => read(cond),
            Stmt::Switch { value, .. } => read(value),
            Stmt::Return {
                value: Some((_, v)),
                ..
            } => read(v),
            _ => {}
        }
    }
    for s in ss {
        match s {
            Stmt::If {
                then_body,
                else_body,
                ..
            } => {
                count_uses(then_body, out);
                count_uses(else_body, out);
            }
            Stmt::Switch { arms, default, .. } => {
                arms.iter().for_each(|a| count_uses(&a.body, out));
                count_uses(default, out);
            }
            Stmt::Block { body, .. } | Stmt::Loop { body, .. } => count_uses(body, out),
            _ => {}
        }
    }
}

/// The operands an instruction reads.
pub(super) fn operands(kind: &InstrKind) -> Vec<&Value> {
    use InstrKind as K;
    match kind {
        K::Binary { lhs, rhs, .. }
        | K::FBinary { lhs, rhs, .. }
        | K::ICmp { lhs, rhs, .. }
        | K::FCmp { lhs, rhs, .. } => {
            vec![lhs, rhs]
        }
        K::FNeg { value, .. }
        | K::Cast { value, .. }
        | K::Freeze { value, .. }
        | K::Alloca { count: value, .. } => vec![value],
        K::Select {
            cond,
            then_val,
            else_val,
            ..
        } => vec![cond, then_val, else_val],
        K::Load { ptr, .. } => vec![ptr],
        K::Store { value, ptr, .. } => vec![value, ptr],
        K::Gep { base, indices, .. } => std::iter::once(base).chain(indices).collect(),
        K::Call { callee, args, .. } => {
            let callee = match callee {
                crate::ir::Callee::Indirect(v) => Some(v),
                _ => None,
            };
            callee
                .into_iter()
                .chain(args.iter().map(|(_, v)| v))
                .collect()
        }
        K::Phi { incoming, .. } => incoming.iter().map(|(v, _)| v).collect(),
        K::ExtractValue { agg, .. } => vec![agg],
        K::InsertValue { agg, elem, .. } => vec![agg, elem],
        K::ExtractElement { vector, index, .. } => vec![vector, index],
        K::InsertElement {
            vector,
            elem,
            index,
            ..
        } => vec![vector, elem, index],
        K::ShuffleVector { a, b, .. } => vec![a, b],
        K::CmpXchg {
            ptr,
            expected,
            replacement,
            ..
        } => vec![ptr, expected, replacement],
        K::AtomicRmw { ptr, value, .. } => vec![ptr, value],
        K::Fence { .. } | K::Unsupported { .. } => vec![],
    }
}

impl<'a> Lowerer<'a> {
    /// Whether running `ss` may change the state: a store, or a call of a spec that returns one.
    fn writes_state(&self, ss: &[Stmt]) -> bool {
        ss.iter().any(|s| match s {
            Stmt::Instr(i) => match &i.kind {
                InstrKind::Store { .. } => true,
                InstrKind::Call {
                    callee: crate::ir::Callee::Direct(name),
                    ..
                } => self.call_writes_state(name),
                InstrKind::Call { .. } => true,
                _ => false,
            },
            Stmt::If {
                then_body,
                else_body,
                ..
            } => self.writes_state(then_body) || self.writes_state(else_body),
            Stmt::Switch { arms, default, .. } => {
                arms.iter().any(|a| self.writes_state(&a.body)) || self.writes_state(default)
            }
            Stmt::Block { body, .. } | Stmt::Loop { body, .. } => self.writes_state(body),
            _ => false,
        })
    }
}

/// Scalar locals a statement list defines, with their types and whether by a copy (a PHI).
fn collect_defs(ss: &[Stmt], out: &mut Vec<(String, Type, bool)>) {
    for s in ss {
        match s {
            Stmt::Instr(i) => {
                if let (Some(d), Some(t)) = (&i.dest, scalar_result(&i.kind)) {
                    out.push((d.clone(), t, false));
                }
            }
            Stmt::Copies(cs) => out.extend(
                cs.iter()
                    .filter(|c| c.ty != Type::Ptr)
                    .map(|c| (c.dest.clone(), c.ty.clone(), true)),
            ),
            Stmt::If {
                then_body,
                else_body,
                ..
            } => {
                collect_defs(then_body, out);
                collect_defs(else_body, out);
            }
            Stmt::Switch { arms, default, .. } => {
                arms.iter().for_each(|a| collect_defs(&a.body, out));
                collect_defs(default, out);
            }
            Stmt::Block { body, .. } | Stmt::Loop { body, .. } => collect_defs(body, out),
            Stmt::Break(_) | Stmt::Continue(_) | Stmt::Return { .. } | Stmt::Unreachable { .. } => {
            }
        }
    }
}

/// The scalar type an instruction defines, if it defines one.
fn scalar_result(kind: &InstrKind) -> Option<Type> {
    let t = match kind {
        InstrKind::Binary { ty, .. }
        | InstrKind::Select { ty, .. }
        | InstrKind::Load { ty, .. } => ty.clone(),
        InstrKind::ICmp { .. } => Type::Int(1),
        InstrKind::Cast { to, .. } => to.clone(),
        InstrKind::Call { ret_ty, .. } => ret_ty.clone(),
        _ => return None,
    };
    matches!(t, Type::Int(_)).then_some(t)
}

/// The ways control can leave `'label: loop { body }`, in code order.
fn exits_of(label: Label, body: &[Stmt]) -> Vec<Exit> {
    let mut bound = BTreeSet::from([label]);
    let mut out = BTreeSet::new();
    walk_exits(body, &mut bound, label, &mut out);
    out.into_iter().collect()
}

fn walk_exits(ss: &[Stmt], bound: &mut BTreeSet<Label>, me: Label, out: &mut BTreeSet<Exit>) {
    for s in ss {
        match s {
            Stmt::Break(l) if *l == me => {
                out.insert(Exit::BreakSelf);
            }
            Stmt::Break(l) if !bound.contains(l) => {
                out.insert(Exit::Break(*l));
            }
            Stmt::Continue(l) if !bound.contains(l) => {
                out.insert(Exit::Continue(*l));
            }
            Stmt::Return { .. } => {
                out.insert(Exit::Return);
            }
            Stmt::If {
                then_body,
                else_body,
                ..
            } => {
                walk_exits(then_body, bound, me, out);
                walk_exits(else_body, bound, me, out);
            }
            Stmt::Switch { arms, default, .. } => {
                arms.iter()
                    .for_each(|a| walk_exits(&a.body, bound, me, out));
                walk_exits(default, bound, me, out);
            }
            Stmt::Block { label, body } | Stmt::Loop { label, body } => {
                bound.insert(*label);
                walk_exits(body, bound, me, out);
                bound.remove(label);
            }
            _ => {}
        }
    }
}

/// A value of a scalar type, for locals not yet defined on a path (SSA guarantees they are
/// not read there).
fn default_of(b: &Builder, ty: &Ty) -> Expr {
    match ty {
        Ty::Int(t) => b.int(0, *t),
        Ty::Bool => b.bool(false),
        _ => b.tuple(vec![]),
    }
}
