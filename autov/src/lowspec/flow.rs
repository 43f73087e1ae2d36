//! Structured statements to a spec term, by continuation.
//!
//! The continuation of a statement is a stack of frames: the statements left in each enclosing
//! list, and the `Block`/`Loop` labels being inside of. Falling off the end of a list pops a
//! frame; `break 'l` pops up to and including the frame of `'l`; `return` ends the term.

use super::build::Builder;
use super::loops::Exit;
use super::memory::{Memory, Ptr};
use super::{low_spec_name, LowerError, Lowering};
use crate::code::{Function, Label, Stmt};
use crate::ir::{SourceLoc, Type, Value};
use crate::spec::{Expr, FnDef, FnKind, Param, Pat, Span, Ty};
use std::collections::HashMap;

/// The name of the state variable in low specs.
pub(super) const STATE: &str = "st";

/// Translating more than this many statements (counting those copied into several branches)
/// is reported rather than attempted.
const STATEMENT_BUDGET: usize = 200_000;

/// What an IR local is during translation.
#[derive(Debug, Clone)]
pub(super) enum Local {
    /// A spec variable of the given type.
    Scalar(String, Ty),
    /// A spec variable that may hold poison, and the `bool` variable that says whether it does.
    Poisonable(String, Ty, String),
    /// A pointer into a global, known at translation time.
    Ptr(Ptr),
}

/// The locals known on the current path.
pub(super) type Env = HashMap<String, Local>;

/// One element of a continuation.
#[derive(Clone)]
pub(super) enum Frame<'s> {
    /// Statements still to run in an enclosing list.
    Rest(&'s [Stmt]),
    /// Inside the block with this label.
    Block(Label),
    /// The body of the loop function being translated, of the loop with this label.
    LoopTop(Label),
}

/// Lowers one function.
pub(super) struct Lowerer<'a> {
    pub f: &'a Function,
    pub cx: &'a Lowering<'a>,
    pub mem: Memory<'a>,
    /// The location of the statement being translated.
    pub loc: Option<SourceLoc>,
    statements: usize,
    /// Spec variable names given to IR locals, and the names taken.
    names: HashMap<String, String>,
    taken: std::collections::HashSet<String>,
    /// The spec type of the function's result.
    pub ret_ty: Ty,
    /// The loop function being translated, if any.
    pub loop_ctx: Option<super::loops::LoopCtx>,
    /// Loop functions generated so far.
    pub loop_fns: Vec<FnDef>,
    /// How often each local is read in the whole function.
    pub uses: HashMap<String, usize>,
}

impl<'a> Lowerer<'a> {
    pub fn new(f: &'a Function, cx: &'a Lowering<'a>) -> Self {
        let mem = Memory::new(cx.module, &cx.program.types, cx.state.clone(), cx.memory);
        Lowerer {
            f,
            cx,
            mem,
            loc: f.loc.clone(),
            statements: 0,
            names: HashMap::new(),
            taken: [STATE.to_string()].into_iter().collect(),
            ret_ty: Ty::unit(),
            loop_ctx: None,
            loop_fns: Vec::new(),
            uses: {
                let mut uses = HashMap::new();
                super::loops::count_uses(&f.body, &mut uses);
                uses
            },
        }
    }

    /// The spec variable of an IR local: `v_` and the name with other characters as `_`,
    /// numbered when two IR names would otherwise meet.
    pub fn var_for(&mut self, ir_name: &str) -> String {
        if let Some(n) = self.names.get(ir_name) {
            return n.clone();
        }
        let base: String = std::iter::once("v_".to_string())
            .chain(ir_name.chars().map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_string()
                } else {
                    "_".into()
                }
            }))
            .collect();
        let mut name = base.clone();
        let mut k = 1;
        while !self.taken.insert(name.clone()) {
            name = format!("{base}_{k}");
            k += 1;
        }
        self.names.insert(ir_name.to_string(), name.clone());
        name
    }

    /// An error at the current location.
    pub fn err(&self, reason: impl Into<String>) -> LowerError {
        LowerError {
            function: self.f.name.clone(),
            loc: self.loc.clone(),
            reason: reason.into(),
        }
    }

    /// A term builder at the current location.
    pub fn b(&self) -> Builder {
        Builder {
            span: span_of(&self.loc),
        }
    }

    /// The low spec and the loop functions it calls.
    pub fn lower(mut self) -> Result<(FnDef, Vec<FnDef>), LowerError> {
        let mut env = Env::new();
        let mut params = Vec::new();
        for p in &self.f.params {
            let ty = self.scalar_ty(&p.ty)?;
            let name = self.var_for(&p.name);
            env.insert(p.name.clone(), Local::Scalar(name.clone(), ty.clone()));
            params.push(Param {
                name,
                ty,
                by_ref: false,
            });
        }
        params.push(Param {
            name: STATE.to_string(),
            ty: self.cx.state.clone(),
            by_ref: true,
        });
        let ret_ty = match &self.f.ret_ty {
            Type::Void => Ty::unit(),
            t => self.scalar_ty(t)?,
        };
        self.ret_ty = ret_ty.clone();
        let body = self.seq(env, &self.f.body, Vec::new())?;
        let main = FnDef {
            name: low_spec_name(&self.f.name),
            kind: FnKind::Spec,
            params,
            ret: Ty::option(Ty::Tuple(vec![ret_ty, self.cx.state.clone()])),
            body: Some(body),
            measure: None,
            span: span_of(&self.f.loc),
            callees: Vec::new(),
            types: Vec::new(),
            native: None,
        };
        Ok((main, self.loop_fns))
    }

    /// The spec type of an IR scalar type.
    pub fn scalar_ty(&self, t: &Type) -> Result<Ty, LowerError> {
        match t {
            Type::Int(1) => Ok(Ty::Bool),
            Type::Int(bits) => super::ops::unsigned_of(*bits)
                .map(Ty::Int)
                .ok_or_else(|| self.err(format!("i{bits} has no spec integer type"))),
            other => Err(self.err(format!(
                "values of type {other} are not supported in low specs"
            ))),
        }
    }

    pub(super) fn seq(
        &mut self,
        env: Env,
        ss: &'a [Stmt],
        frames: Vec<Frame<'a>>,
    ) -> Result<Expr, LowerError> {
        self.statements += 1;
        if self.statements > STATEMENT_BUDGET {
            return Err(self.err(format!(
                "the low spec would exceed {STATEMENT_BUDGET} statements"
            )));
        }
        let Some((s, rest)) = ss.split_first() else {
            return self.pop(env, frames);
        };
        match s {
            Stmt::Instr(i) => {
                self.loc = i.loc.clone().or(self.loc.take());
                self.instr(env, i, rest, frames)
            }
            Stmt::Copies(cs) => self.copies(env, cs, rest, frames),
            Stmt::If {
                cond,
                then_body,
                else_body,
                loc,
            } => {
                self.loc = loc.clone().or(self.loc.take());
                let c = self.scalar_value(&env, cond)?;
                let defined = self.defined(&env, &[cond]);
                let frames = push(frames, Frame::Rest(rest));
                let t = self.seq(env.clone(), then_body, frames.clone())?;
                let e = self.seq(env, else_body, frames)?;
                Ok(self.relies(defined, self.b().if_(c, t, e)))
            }
            Stmt::Switch {
                ty,
                value,
                arms,
                default,
                loc,
            } => {
                self.loc = loc.clone().or(self.loc.take());
                self.switch(
                    env,
                    ty,
                    value,
                    arms,
                    default,
                    push(frames, Frame::Rest(rest)),
                )
            }
            Stmt::Block { label, body } => {
                let frames = push(push(frames, Frame::Rest(rest)), Frame::Block(*label));
                self.seq(env, body, frames)
            }
            Stmt::Loop { label, body } => {
                self.loop_(env, *label, body, push(frames, Frame::Rest(rest)))
            }
            Stmt::Continue(label) => self.continue_to(env, *label, frames),
            Stmt::Break(label) => self.break_to(env, *label, frames),
            Stmt::Return { value, loc } => {
                self.loc = loc.clone().or(self.loc.take());
                self.ret(&env, value.as_ref().map(|(_, v)| v))
            }
            Stmt::Unreachable { loc } => {
                self.loc = loc.clone().or(self.loc.take());
                Err(self.err("`unreachable` (undefined behaviour if reached) is not supported in low specs yet"))
            }
        }
    }

    /// Continues after the end of the innermost statement list.
    pub(super) fn pop(&mut self, env: Env, mut frames: Vec<Frame<'a>>) -> Result<Expr, LowerError> {
        match frames.pop() {
            None => Err(self.err("control reaches the end of the function without `ret`")),
            Some(Frame::Rest(rest)) => self.seq(env, rest, frames),
            Some(Frame::Block(_)) => self.pop(env, frames),
            Some(Frame::LoopTop(_)) => Ok(self.next_iteration(&env)),
        }
    }

    /// `break 'label`.
    pub(super) fn break_to(
        &mut self,
        env: Env,
        label: Label,
        mut frames: Vec<Frame<'a>>,
    ) -> Result<Expr, LowerError> {
        while let Some(f) = frames.pop() {
            match f {
                Frame::Block(l) if l == label => return self.pop(env, frames),
                Frame::LoopTop(l) if l == label => {
                    return Ok(self.loop_exit(&env, Exit::BreakSelf, None))
                }
                Frame::LoopTop(_) => return Ok(self.loop_exit(&env, Exit::Break(label), None)),
                _ => {}
            }
        }
        Err(self.err(format!("`break 'L{label}` outside its block")))
    }

    /// `continue 'label`.
    pub(super) fn continue_to(
        &mut self,
        env: Env,
        label: Label,
        mut frames: Vec<Frame<'a>>,
    ) -> Result<Expr, LowerError> {
        while let Some(f) = frames.pop() {
            match f {
                Frame::LoopTop(l) if l == label => return Ok(self.next_iteration(&env)),
                Frame::LoopTop(_) => return Ok(self.loop_exit(&env, Exit::Continue(label), None)),
                _ => {}
            }
        }
        Err(self.err(format!("`continue 'L{label}` outside its loop")))
    }

    fn ret(&mut self, env: &Env, value: Option<&Value>) -> Result<Expr, LowerError> {
        let v = match value {
            None => self.b().tuple(vec![]),
            Some(v) => self.scalar_value(env, v)?,
        };
        let defined = self.defined(env, value.as_slice());
        let r = self.return_expr(v);
        Ok(self.relies(defined, r))
    }

    /// `Some((value, st))`, or inside a loop function its `return` exit (the locals do not
    /// matter there: the caller returns at once).
    pub(super) fn return_expr(&mut self, v: Expr) -> Expr {
        if self.loop_ctx.is_some() {
            return self.loop_exit(&Env::new(), Exit::Return, Some(v));
        }
        let b = self.b();
        b.some(b.tuple(vec![v, b.var(STATE)]))
    }

    fn switch(
        &mut self,
        env: Env,
        ty: &Type,
        value: &Value,
        arms: &'a [crate::code::SwitchArm],
        default: &'a [Stmt],
        frames: Vec<Frame<'a>>,
    ) -> Result<Expr, LowerError> {
        let b = self.b();
        let scrut = self.scalar_value(&env, value)?;
        let defined = self.defined(&env, &[value]);
        let Ty::Int(int_ty) = self.scalar_ty(ty)? else {
            return Err(self.err("a switch on i1"));
        };
        let mut out = self.seq(env.clone(), default, frames.clone())?;
        for arm in arms.iter().rev() {
            let body = self.seq(env.clone(), &arm.body, frames.clone())?;
            let cond = arm
                .values
                .iter()
                .map(|v| {
                    b.bin(
                        crate::spec::BinOp::Eq,
                        scrut.clone(),
                        b.int(*v as i128, int_ty),
                    )
                })
                .reduce(|a, c| b.bin(crate::spec::BinOp::Or, a, c))
                .unwrap_or_else(|| b.bool(false));
            out = b.if_(cond, body, out);
        }
        Ok(self.relies(defined, out))
    }

    fn copies(
        &mut self,
        mut env: Env,
        cs: &'a [crate::code::Copy],
        rest: &'a [Stmt],
        frames: Vec<Frame<'a>>,
    ) -> Result<Expr, LowerError> {
        let b = self.b();
        let mut pats = Vec::new();
        let mut vals = Vec::new();
        let mut updates = Vec::new();
        for c in cs {
            match &c.ty {
                Type::Ptr => {
                    updates.push((c.dest.clone(), Local::Ptr(self.pointer(&env, &c.value)?)))
                }
                ty => {
                    let t = self.scalar_ty(ty)?;
                    vals.push(self.scalar_value(&env, &c.value)?);
                    let name = self.var_for(&c.dest);
                    pats.push(Pat::Bind(name.clone()));
                    match self.poison_flag(&env, &c.value) {
                        Some(flag) => {
                            let flag_name = self.var_for(&format!("{}.poison", c.dest));
                            vals.push(flag);
                            pats.push(Pat::Bind(flag_name.clone()));
                            updates.push((c.dest.clone(), Local::Poisonable(name, t, flag_name)));
                        }
                        None => updates.push((c.dest.clone(), Local::Scalar(name, t))),
                    }
                }
            }
        }
        env.extend(updates);
        let body = self.seq(env, rest, frames)?;
        Ok(match (pats.len(), pats.pop(), vals.pop()) {
            (1, Some(pat), Some(val)) => b.let_(pat, None, val, body),
            (0, ..) => body,
            (_, Some(pat), Some(val)) => {
                pats.push(pat);
                vals.push(val);
                b.let_(Pat::Tuple(pats), None, b.tuple(vals), body)
            }
            _ => unreachable!("patterns and values come in pairs"),
        })
    }
}

fn push<'s>(mut frames: Vec<Frame<'s>>, f: Frame<'s>) -> Vec<Frame<'s>> {
    frames.push(f);
    frames
}

fn span_of(loc: &Option<SourceLoc>) -> Span {
    match loc {
        Some(l) => Span::new(&l.file, l.line, l.col),
        None => Span::generated(),
    }
}
