//! Instructions and operands to spec terms.

use super::flow::{Env, Frame, Local, Lowerer, STATE};
use super::memory::{Index, Offset, Ptr};
use super::ops;
use crate::code::Stmt;
use crate::ir::{Callee, CastOp, ConstExpr, Constant, Instr, InstrKind, Type, Value};
use crate::spec::{Expr, FnDef, Pat, Ty};

/// Intrinsics that have no effect on the state or the result (debug info, lifetimes).
fn is_no_op_intrinsic(name: &str) -> bool {
    name.starts_with("llvm.lifetime.") || name.starts_with("llvm.dbg.") || name == "llvm.assume"
}

/// How a called spec passes the state.
struct CallShape {
    takes_state: bool,
    returns_state: bool,
    /// The spec's result type (inside the `Option`, without the state).
    result: Ty,
}

impl<'a> Lowerer<'a> {
    pub(super) fn instr(
        &mut self,
        mut env: Env,
        i: &'a Instr,
        rest: &'a [Stmt],
        frames: Vec<Frame<'a>>,
    ) -> Result<Expr, LowerError> {
        let b = self.b();
        let dest = i.dest.clone().unwrap_or_default();
        let mut bounds = Vec::new();
        let binding = match &i.kind {
            InstrKind::Gep {
                source_ty,
                base,
                indices,
                ..
            } => {
                let p = self.gep(&env, source_ty, base, indices)?;
                env.insert(dest, Local::Ptr(p));
                None
            }
            InstrKind::Cast {
                op: CastOp::BitCast,
                value,
                from: Type::Ptr,
                to: Type::Ptr,
                ..
            } => {
                let p = self.pointer(&env, value)?;
                env.insert(dest, Local::Ptr(p));
                None
            }
            InstrKind::Load {
                ty: Type::Int(bits),
                ptr,
                volatile: false,
                ordering: None,
                ..
            } => {
                let p = self.pointer(&env, ptr)?;
                let access = self
                    .mem
                    .load(&b, b.var(STATE), &p, *bits)
                    .map_err(|m| self.err(m))?;
                bounds = self.defined_ptr(&env, &p, ptr);
                bounds.extend(access.bounds);
                Some(self.bind_scalar(&mut env, &dest, &Type::Int(*bits), access.value)?)
            }
            InstrKind::Store {
                ty: Type::Int(bits),
                value,
                ptr,
                volatile: false,
                ordering: None,
                ..
            } => {
                let p = self.pointer(&env, ptr)?;
                let v = self.scalar_value(&env, value)?;
                let access = self
                    .mem
                    .store(&b, b.var(STATE), &p, *bits, v)
                    .map_err(|m| self.err(m))?;
                bounds = self.defined_ptr(&env, &p, ptr);
                bounds.extend(self.defined(&env, &[value]));
                bounds.extend(access.bounds);
                Some((Pat::Bind(STATE.into()), None, access.value))
            }
            InstrKind::Call {
                callee: Callee::Direct(name),
                ..
            } if is_no_op_intrinsic(name) => None,
            InstrKind::Call {
                callee: Callee::Direct(name),
                ret_ty,
                args,
            } => {
                let values: Vec<&Value> = args.iter().map(|(_, v)| v).collect();
                bounds = self.defined(&env, &values);
                Some(self.call(&mut env, &dest, name, ret_ty, args)?)
            }
            kind => {
                let ty = result_type(kind).ok_or_else(|| self.unsupported(i))?;
                let (e, own) = self.pure(&env, kind).ok_or_else(|| self.unsupported(i))??;
                let conds = self.defined(&env, &divisors(kind));
                let poison = self.operand_poison(&env, kind, own);
                return self.bind_maybe_poison(env, &dest, &ty, e, poison, conds, rest, frames);
            }
        };
        let body = self.seq(env, rest, frames)?;
        let bound = match binding {
            None => body,
            Some((pat, ty, value)) => b.let_(pat, ty, value, body),
        };
        Ok(self.relies(bounds, bound))
    }

    fn unsupported(&self, i: &Instr) -> LowerError {
        self.err(format!("`{}` is not supported in low specs", i.kind))
    }

    /// Binds an IR scalar result to a fresh spec variable.
    fn bind_scalar(
        &mut self,
        env: &mut Env,
        dest: &str,
        ty: &Type,
        e: Expr,
    ) -> Result<(Pat, Option<Ty>, Expr), LowerError> {
        let t = self.scalar_ty(ty)?;
        let name = self.var_for(dest);
        env.insert(dest.to_string(), Local::Scalar(name.clone(), t.clone()));
        Ok((Pat::Bind(name), Some(t), e))
    }

    /// A side-effect-free instruction's value and the condition under which it is poison by
    /// itself (operands aside); `None` when the form is not supported.
    fn pure(
        &self,
        env: &Env,
        kind: &InstrKind,
    ) -> Option<Result<(Expr, Option<Expr>), LowerError>> {
        let b = self.b();
        let plain = |r: Result<Expr, LowerError>| r.map(|e| (e, None));
        Some(match kind {
            InstrKind::Binary {
                op,
                ty: Type::Int(bits),
                lhs,
                rhs,
                flags,
            } if *bits > 1 => {
                let (u, s) = (ops::unsigned_of(*bits)?, ops::signed_of(*bits)?);
                self.scalar_value(env, lhs).and_then(|l| {
                    let r = self.scalar_value(env, rhs)?;
                    Ok(super::poison::binary(&b, *op, *flags, u, s, l, r))
                })
            }
            InstrKind::Binary {
                op,
                ty: Type::Int(1),
                lhs,
                rhs,
                flags,
            } => {
                let op = match op {
                    crate::ir::BinOp::And => crate::spec::BinOp::BitAnd,
                    crate::ir::BinOp::Or => crate::spec::BinOp::BitOr,
                    crate::ir::BinOp::Xor => crate::spec::BinOp::Ne,
                    _ => return None,
                };
                self.scalar_value(env, lhs).and_then(|l| {
                    let r = self.scalar_value(env, rhs)?;
                    // `or disjoint` of two `true`s is poison.
                    let poison = (flags.disjoint && op == crate::spec::BinOp::BitOr)
                        .then(|| b.bin(crate::spec::BinOp::BitAnd, l.clone(), r.clone()));
                    Ok((b.bin(op, l, r), poison))
                })
            }
            InstrKind::ICmp {
                pred,
                ty: Type::Int(bits),
                lhs,
                rhs,
            } => {
                let s = ops::signed_of(*bits);
                plain(
                    self.scalar_value(env, lhs).and_then(|l| {
                        Ok(ops::compare(&b, *pred, s, l, self.scalar_value(env, rhs)?))
                    }),
                )
            }
            InstrKind::Cast {
                op,
                value,
                from: Type::Int(f),
                to: Type::Int(t),
                flags,
            } => {
                let arg = match self.scalar_value(env, value) {
                    Ok(a) => a,
                    Err(e) => return Some(Err(e)),
                };
                let poison = super::poison::cast(&b, *op, *flags, (*f, *t), arg.clone())?;
                Ok((ops::int_cast(&b, *op, *f, *t, arg)?, poison))
            }
            InstrKind::Select {
                cond,
                ty,
                then_val,
                else_val,
            } if !matches!(ty, Type::Ptr) => plain(self.scalar_value(env, cond).and_then(|c| {
                Ok(b.if_(
                    c,
                    self.scalar_value(env, then_val)?,
                    self.scalar_value(env, else_val)?,
                ))
            })),
            _ => return None,
        })
    }

    /// A call to a spec of the layer below: `let (r, st) = f(args.., st)?;` (or the forms for
    /// specs that only read the state or do not use it).
    fn call(
        &mut self,
        env: &mut Env,
        dest: &str,
        name: &str,
        ret_ty: &Type,
        args: &[(Type, Value)],
    ) -> Result<(Pat, Option<Ty>, Expr), LowerError> {
        let b = self.b();
        let callee = self.callee(name)?;
        let shape = self.call_shape(callee)?;
        let value_params = &callee.params[..callee.params.len() - usize::from(shape.takes_state)];
        if value_params.len() != args.len() {
            return Err(self.err(format!(
                "`{name}` takes {} arguments, the C call passes {}",
                value_params.len(),
                args.len()
            )));
        }
        let mut actuals = Vec::new();
        for (p, (_, v)) in value_params.iter().zip(args) {
            actuals.push(self.convert(self.scalar_value(env, v)?, &p.ty)?);
        }
        if shape.takes_state {
            actuals.push(b.var(STATE));
        }
        let call = b.try_(b.call(name, actuals));
        let result = match ret_ty {
            Type::Void => Pat::Wild,
            t => {
                if self.scalar_ty(t)? != shape.result {
                    return Err(self.err(format!(
                        "`{name}` returns {}, the C code expects {t}",
                        shape.result
                    )));
                }
                let (pat, _, _) = self.bind_scalar(env, dest, t, b.bool(false))?;
                pat
            }
        };
        let pat = if shape.returns_state {
            Pat::Tuple(vec![result, Pat::Bind(STATE.into())])
        } else {
            result
        };
        Ok((pat, None, call))
    }

    /// Whether calling `name` may change the state (conservatively true for unknown callees;
    /// intrinsics without effect do not).
    pub(super) fn call_writes_state(&self, name: &str) -> bool {
        if is_no_op_intrinsic(name) {
            return false;
        }
        match self.cx.program.fns.get(name).map(|f| self.call_shape(f)) {
            Some(Ok(shape)) => shape.returns_state,
            _ => true,
        }
    }

    fn callee(&self, name: &str) -> Result<&'a FnDef, LowerError> {
        self.cx
            .program
            .fns
            .get(name)
            .ok_or_else(|| self.err(format!("`{name}` has no spec in the layers below")))
    }

    fn call_shape(&self, f: &FnDef) -> Result<CallShape, LowerError> {
        let state = &self.cx.state;
        let takes_state = f.params.last().is_some_and(|p| p.by_ref && &p.ty == state);
        let Ty::Option(inner) = &f.ret else {
            return Err(self.err(format!(
                "`{}` is not a spec (it does not return Option)",
                f.name
            )));
        };
        Ok(match &**inner {
            Ty::Tuple(items) if items.len() == 2 && &items[1] == state => CallShape {
                takes_state,
                returns_state: true,
                result: items[0].clone(),
            },
            other => CallShape {
                takes_state,
                returns_state: false,
                result: other.clone(),
            },
        })
    }

    /// A `uN`/`bool` value as a parameter of spec type `to` (same width, either signedness).
    fn convert(&self, e: Expr, to: &Ty) -> Result<Expr, LowerError> {
        match to {
            Ty::Int(t) if !t.signed() => Ok(e),
            Ty::Int(t) => Ok(self.b().cast(e, *t)),
            Ty::Bool => Ok(e),
            other => Err(self.err(format!("a C value cannot be passed as {other}"))),
        }
    }

    /// A scalar operand as a spec term.
    pub(super) fn scalar_value(&self, env: &Env, v: &Value) -> Result<Expr, LowerError> {
        let b = self.b();
        match v {
            Value::Local(n) => match env.get(n) {
                Some(Local::Scalar(name, _) | Local::Poisonable(name, _, _)) => Ok(b.var(name)),
                Some(Local::Ptr(_)) => Err(self.err(format!("pointer %{n} used as an integer"))),
                None => Err(self.err(format!("%{n} is not defined on this path"))),
            },
            Value::Const(Constant::Int { bits: 1, value }) => Ok(b.bool(*value != 0)),
            Value::Const(Constant::Int { bits, value }) => {
                let t =
                    ops::unsigned_of(*bits).ok_or_else(|| self.err(format!("i{bits} constant")))?;
                Ok(b.int(*value as i128, t))
            }
            other => Err(self.err(format!("operand {other} is not supported in low specs"))),
        }
    }

    /// A pointer operand, known at translation time.
    pub(super) fn pointer(&self, env: &Env, v: &Value) -> Result<Ptr, LowerError> {
        match v {
            Value::Local(n) => match env.get(n) {
                Some(Local::Ptr(p)) => Ok(p.clone()),
                _ => Err(self.err(format!("%{n} is not a pointer into a global known here"))),
            },
            Value::Const(c) => self.const_pointer(env, c),
            Value::Metadata => Err(self.err("metadata used as a pointer")),
        }
    }

    fn const_pointer(&self, env: &Env, c: &Constant) -> Result<Ptr, LowerError> {
        match c {
            Constant::GlobalRef(g) => Ok(Ptr {
                global: g.clone(),
                offset: Offset::default(),
                poison: Vec::new(),
            }),
            Constant::Expr(e) => match &**e {
                ConstExpr::Gep {
                    source_ty,
                    base,
                    indices,
                    ..
                } => {
                    let idx: Vec<Value> = indices.iter().cloned().map(Value::Const).collect();
                    self.gep(env, source_ty, &Value::Const(base.clone()), &idx)
                }
                ConstExpr::Cast {
                    op: CastOp::BitCast,
                    value,
                    ..
                } => self.const_pointer(env, value),
                other => Err(self.err(format!("pointer constant {other} is not supported"))),
            },
            other => Err(self.err(format!("pointer constant {other} is not supported"))),
        }
    }

    /// `getelementptr source_ty, base, indices`.
    fn gep(
        &self,
        env: &Env,
        source_ty: &Type,
        base: &Value,
        indices: &[Value],
    ) -> Result<Ptr, LowerError> {
        let mut p = self.pointer(env, base)?;
        let Some((first, rest)) = indices.split_first() else {
            return Ok(p);
        };
        let size = self.mem.size_of(source_ty).map_err(|m| self.err(m))?;
        p.poison
            .extend(indices.iter().filter_map(|i| self.poison_flag(env, i)));
        p.offset.add_scaled(self.index(env, first)?, size);
        let mut ty = source_ty.clone();
        for i in rest {
            ty = match &ty {
                Type::Array(elem, _) | Type::Vector(elem, _) => {
                    let size = self.mem.size_of(elem).map_err(|m| self.err(m))?;
                    p.offset.add_scaled(self.index(env, i)?, size);
                    (**elem).clone()
                }
                Type::Named(_) => {
                    let Index::Const(k) = self.index(env, i)? else {
                        return Err(self.err("a variable struct field index"));
                    };
                    let (off, fty) = self.mem.field(&ty, k as usize).map_err(|m| self.err(m))?;
                    p.offset.konst += i128::from(off);
                    fty
                }
                other => return Err(self.err(format!("getelementptr into {other}"))),
            };
        }
        Ok(p)
    }

    /// A GEP index: constants sign-extended, variables as `u64` (sign-extended from their width).
    fn index(&self, env: &Env, v: &Value) -> Result<Index, LowerError> {
        if let Value::Const(Constant::Int { bits, value }) = v {
            let shift = 128 - bits;
            return Ok(Index::Const(((*value as i128) << shift) >> shift));
        }
        let e = self.scalar_value(env, v)?;
        let bits = match env.get(match v {
            Value::Local(n) => n.as_str(),
            _ => "",
        }) {
            Some(Local::Scalar(_, Ty::Int(t)) | Local::Poisonable(_, Ty::Int(t), _)) => t.bits(),
            _ => return Err(self.err(format!("index {v} is not an integer"))),
        };
        let b = self.b();
        Ok(Index::Dyn(if bits == 64 {
            e
        } else {
            ops::int_cast(&b, CastOp::SExt, bits, 64, e).expect("widths 8..32")
        }))
    }
}

impl<'a> Lowerer<'a> {
    /// The poison flag of an operand, if it may be poison.
    pub(super) fn poison_flag(&self, env: &Env, v: &Value) -> Option<Expr> {
        match v {
            Value::Local(n) => match env.get(n) {
                Some(Local::Poisonable(_, _, flag)) => Some(self.b().var(flag)),
                _ => None,
            },
            _ => None,
        }
    }

    /// Conditions that the operands are not poison (where using poison is stuck).
    pub(super) fn defined(&self, env: &Env, values: &[&Value]) -> Vec<Expr> {
        let b = self.b();
        values
            .iter()
            .filter_map(|v| self.poison_flag(env, v))
            .map(|p| b.bin(crate::spec::BinOp::Eq, p, b.bool(false)))
            .collect()
    }

    /// Conditions that a pointer used for an access is not poison.
    fn defined_ptr(&self, env: &Env, p: &Ptr, v: &Value) -> Vec<Expr> {
        let b = self.b();
        let mut out = self.defined(env, &[v]);
        out.extend(
            p.poison
                .iter()
                .map(|f| b.bin(crate::spec::BinOp::Eq, f.clone(), b.bool(false))),
        );
        out
    }

    /// `rely!(c); .. body` for each condition.
    pub(super) fn relies(&self, conds: Vec<Expr>, body: Expr) -> Expr {
        let b = self.b();
        conds.into_iter().rev().fold(body, |body, cond| {
            b.mk(crate::spec::ExprKind::Rely {
                cond: Box::new(cond),
                body: Box::new(body),
            })
        })
    }

    /// When the result of a pure instruction is poison: its own condition, or an operand's
    /// (for `select`, the condition's or the chosen operand's).
    fn operand_poison(&self, env: &Env, kind: &InstrKind, own: Option<Expr>) -> Option<Expr> {
        let b = self.b();
        let flag = |v: &Value| self.poison_flag(env, v);
        let operands = match kind {
            InstrKind::Select {
                cond,
                then_val,
                else_val,
                ..
            } => {
                let chosen = match (flag(then_val), flag(else_val)) {
                    (None, None) => None,
                    (t, e) => Some(b.if_(
                        self.scalar_value(env, cond).ok()?,
                        t.unwrap_or_else(|| b.bool(false)),
                        e.unwrap_or_else(|| b.bool(false)),
                    )),
                };
                super::poison::or(&b, flag(cond), chosen)
            }
            kind => super::loops::operands(kind)
                .into_iter()
                .filter_map(flag)
                .reduce(|x, y| b.bin(crate::spec::BinOp::Or, x, y)),
        };
        super::poison::or(&b, own, operands)
    }

    /// Binds a pure result (with a poison flag when it may be poison) after `conds`, and goes on.
    #[allow(clippy::too_many_arguments)]
    fn bind_maybe_poison(
        &mut self,
        mut env: Env,
        dest: &str,
        ty: &Type,
        value: Expr,
        poison: Option<Expr>,
        conds: Vec<Expr>,
        rest: &'a [Stmt],
        frames: Vec<Frame<'a>>,
    ) -> Result<Expr, LowerError> {
        let b = self.b();
        let (pat, t, value) = self.bind_scalar(&mut env, dest, ty, value)?;
        let flag = match poison {
            Some(p) => {
                let flag = self.var_for(&format!("{dest}.poison"));
                if let Some(Local::Scalar(name, t)) = env.get(dest).cloned() {
                    env.insert(dest.to_string(), Local::Poisonable(name, t, flag.clone()));
                }
                Some((flag, p))
            }
            None => None,
        };
        let body = self.seq(env, rest, frames)?;
        let body = match flag {
            Some((flag, p)) => b.let_(Pat::Bind(flag), Some(Ty::Bool), p, body),
            None => body,
        };
        Ok(self.relies(conds, b.let_(pat, t, value, body)))
    }
}

/// The operands whose poison is undefined behaviour rather than a poison result: divisors.
fn divisors(kind: &InstrKind) -> Vec<&Value> {
    use crate::ir::BinOp as Op;
    match kind {
        InstrKind::Binary {
            op: Op::UDiv | Op::SDiv | Op::URem | Op::SRem,
            rhs,
            ..
        } => vec![rhs],
        _ => vec![],
    }
}

use super::LowerError;

/// The IR type a value-producing pure instruction yields.
fn result_type(kind: &InstrKind) -> Option<Type> {
    Some(match kind {
        InstrKind::Binary { ty, .. } | InstrKind::Select { ty, .. } => ty.clone(),
        InstrKind::ICmp { .. } => Type::Int(1),
        InstrKind::Cast { to, .. } => to.clone(),
        _ => return None,
    })
}
