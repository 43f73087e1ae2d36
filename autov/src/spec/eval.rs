//! The evaluator of spec terms: runs a checked function on argument values, with Rust's meaning.
//!
//! A spec's `None` is an ordinary value; what a Rust debug build panics on (overflow, division by
//! zero, an index out of bounds) is an [`EvalError::Fault`], a spec error distinct from `None`.

use super::ast::{BinOp, Expr, ExprKind, FnDef, Pat, Proj, Span, UnOp};
use super::int::{self, Fault};
use super::ty::IntTy;
use super::value::{Int, MapValue, Value};
use super::{fill_keys, FILL_LIMIT};
use std::collections::BTreeMap;
use std::fmt;

/// Why evaluation produced no value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EvalError {
    /// A spec error: what Rust panics on.
    Fault {
        /// What went wrong.
        fault: Fault,
        /// Where.
        span: Span,
    },
    /// A recursive call did not decrease its function's measure.
    MeasureNotDecreasing {
        /// The call.
        span: Span,
    },
    /// Calls nested deeper than the limit given to [`call_within`].
    TooDeep {
        /// The call that went too deep.
        span: Span,
        /// The limit.
        limit: usize,
    },
    /// A construct that only the checker decides, such as `forall` over `u64`.
    NotRunnable {
        /// Where.
        span: Span,
        /// What.
        what: String,
    },
    /// The term is ill-formed (not type checked, or a checker bug).
    Malformed {
        /// Where.
        span: Span,
        /// What.
        message: String,
    },
}

impl EvalError {
    /// Whether this is a spec error (a failed obligation) rather than an ill-formed term.
    pub fn is_spec_error(&self) -> bool {
        !matches!(
            self,
            EvalError::Malformed { .. } | EvalError::NotRunnable { .. }
        )
    }
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EvalError::Fault { fault, span } => {
                write!(f, "{span}: spec error: {}", fault.describe())
            }
            EvalError::MeasureNotDecreasing { span } => {
                write!(
                    f,
                    "{span}: spec error: recursive call does not decrease the measure"
                )
            }
            EvalError::Malformed { span, message } => {
                write!(f, "{span}: malformed term: {message}")
            }
            EvalError::TooDeep { span, limit } => {
                write!(f, "{span}: calls nested deeper than {limit}")
            }
            EvalError::NotRunnable { span, what } => {
                write!(f, "{span}: {what} cannot be run, only checked")
            }
        }
    }
}

impl std::error::Error for EvalError {}

/// Control leaving an expression other than by its value.
enum Flow {
    Return(Value),
    Error(EvalError),
}

impl From<EvalError> for Flow {
    fn from(e: EvalError) -> Flow {
        Flow::Error(e)
    }
}

type Result<T> = std::result::Result<T, Flow>;

/// Calls `name` from `fns` on `args`: the function's result value or why there is none.
pub fn call(
    fns: &BTreeMap<String, FnDef>,
    name: &str,
    args: Vec<Value>,
) -> std::result::Result<Value, EvalError> {
    call_within(fns, name, args, usize::MAX)
}

/// [`call`], failing with [`EvalError::TooDeep`] when calls nest deeper than `limit` (a replay
/// of inputs on which a recursion may not end).
pub fn call_within(
    fns: &BTreeMap<String, FnDef>,
    name: &str,
    args: Vec<Value>,
    limit: usize,
) -> std::result::Result<Value, EvalError> {
    run(fns, name, args, limit, None)
}

/// A branch that evaluation took: where the `if`'s condition is, and its value.
pub type Branch = (Span, bool);

/// [`call_within`], with the branches taken, in order.
pub fn call_traced(
    fns: &BTreeMap<String, FnDef>,
    name: &str,
    args: Vec<Value>,
    limit: usize,
) -> (std::result::Result<Value, EvalError>, Vec<Branch>) {
    let mut trace = Vec::new();
    let result = run(fns, name, args, limit, Some(&mut trace));
    (result, trace)
}

fn run(
    fns: &BTreeMap<String, FnDef>,
    name: &str,
    args: Vec<Value>,
    limit: usize,
    trace: Option<&mut Vec<Branch>>,
) -> std::result::Result<Value, EvalError> {
    let span = Span::generated();
    let f = fns
        .get(name)
        .ok_or_else(|| malformed(&span, format!("unknown function `{name}`")))?;
    Evaluator {
        fns,
        frames: Vec::new(),
        limit,
        trace,
    }
    .call(f, args, &span)
}

fn malformed(span: &Span, message: String) -> EvalError {
    EvalError::Malformed {
        span: span.clone(),
        message,
    }
}

fn fault(fault: Fault, span: &Span) -> Flow {
    Flow::Error(EvalError::Fault {
        fault,
        span: span.clone(),
    })
}

struct Frame {
    name: String,
    measure: Option<i128>,
}

struct Evaluator<'a> {
    fns: &'a BTreeMap<String, FnDef>,
    frames: Vec<Frame>,
    /// The deepest nesting of calls allowed.
    limit: usize,
    /// Where the branches taken are recorded, if anywhere.
    trace: Option<&'a mut Vec<Branch>>,
}

impl Evaluator<'_> {
    fn call(
        &mut self,
        f: &FnDef,
        args: Vec<Value>,
        span: &Span,
    ) -> std::result::Result<Value, EvalError> {
        let mut env: Vec<(String, Value)> =
            f.params.iter().map(|p| p.name.clone()).zip(args).collect();
        let measure = match &f.measure {
            Some(m) => Some(self.measure(m, &mut env)?),
            None => None,
        };
        let caller = self.frames.iter().rev().find(|fr| fr.name == f.name);
        if let (Some(new), Some(Some(old))) = (measure, caller.map(|c| c.measure)) {
            if new >= old {
                return Err(EvalError::MeasureNotDecreasing { span: span.clone() });
            }
        }
        let Some(body) = &f.body else {
            let message = format!("the spec of `{}` is derived from its code", f.name);
            return Err(malformed(span, message));
        };
        if self.frames.len() >= self.limit {
            return Err(EvalError::TooDeep {
                span: span.clone(),
                limit: self.limit,
            });
        }
        self.frames.push(Frame {
            name: f.name.clone(),
            measure,
        });
        let r = self.eval(body, &mut env);
        self.frames.pop();
        match r {
            Ok(v) | Err(Flow::Return(v)) => Ok(v),
            Err(Flow::Error(e)) => Err(e),
        }
    }

    fn measure(
        &mut self,
        m: &Expr,
        env: &mut Vec<(String, Value)>,
    ) -> std::result::Result<i128, EvalError> {
        match self.eval(m, env) {
            Ok(Value::Int(i)) => Ok(i.value),
            Ok(v) => Err(malformed(
                &m.span,
                format!("measure is {v}, not an integer"),
            )),
            Err(Flow::Return(_)) => Err(malformed(&m.span, "measure returns".into())),
            Err(Flow::Error(e)) => Err(e),
        }
    }

    fn eval(&mut self, e: &Expr, env: &mut Vec<(String, Value)>) -> Result<Value> {
        let span = &e.span;
        match &e.kind {
            ExprKind::Int { value, ty } => {
                let ty = ty.ok_or_else(|| malformed(span, "untyped literal".into()))?;
                Ok(Value::Int(Int { ty, value: *value }))
            }
            ExprKind::Bool(b) => Ok(Value::Bool(*b)),
            ExprKind::Var(n) => Ok(lookup(env, n, span)?),
            ExprKind::Const { value, .. } => Ok(value.clone()),
            ExprKind::Unary { op, arg } => match (op, self.eval(arg, env)?) {
                (UnOp::Not, Value::Bool(b)) => Ok(Value::Bool(!b)),
                (op, Value::Int(i)) => int::unary(*op, i)
                    .map(Value::Int)
                    .map_err(|f| fault(f, span)),
                (_, v) => Err(malformed(span, format!("unary operand {v}")).into()),
            },
            ExprKind::Binary { op, lhs, rhs } => self.binary(*op, lhs, rhs, env, span),
            ExprKind::IntMethod { method, recv, arg } => {
                let a = self.int(recv, env)?;
                let b = self.int(arg, env)?;
                Ok(int::method(*method, a, b))
            }
            ExprKind::Cast { arg, to } => match self.eval(arg, env)? {
                Value::Int(i) => Ok(Value::Int(int::cast(i, *to))),
                Value::Bool(b) => Ok(Value::Int(Int {
                    ty: *to,
                    value: b as i128,
                })),
                v => Err(malformed(span, format!("cast of {v}")).into()),
            },
            ExprKind::Tuple(es) => Ok(Value::Tuple(self.eval_all(es, env)?)),
            ExprKind::TupleField { base, index } => match self.eval(base, env)? {
                Value::Tuple(mut vs) if *index < vs.len() => Ok(vs.swap_remove(*index)),
                v => Err(malformed(span, format!("{v} has no element {index}")).into()),
            },
            ExprKind::Struct { name, fields, base } => {
                self.struct_lit(name, fields, base, env, span)
            }
            ExprKind::Field { base, name } => {
                let v = self.eval(base, env)?;
                Ok(v.field(name)
                    .cloned()
                    .ok_or_else(|| malformed(span, format!("{v} has no field {name}")))?)
            }
            ExprKind::Variant {
                enum_name,
                variant,
                args,
            } => Ok(Value::Enum {
                name: enum_name.clone(),
                variant: variant.clone(),
                fields: self.eval_all(args, env)?,
            }),
            ExprKind::Some(x) => Ok(Value::some(self.eval(x, env)?)),
            ExprKind::None => Ok(Value::none()),
            ExprKind::Array(es) => Ok(Value::Array(self.eval_all(es, env)?)),
            ExprKind::ArrayRepeat { elem, len } => {
                let v = self.eval(elem, env)?;
                Ok(Value::Array(vec![v; *len as usize]))
            }
            ExprKind::Index { base, index } => {
                let a = self.eval(base, env)?;
                let i = self.int(index, env)?;
                match a {
                    Value::Array(mut vs) if (i.value as usize) < vs.len() => {
                        Ok(vs.swap_remove(i.value as usize))
                    }
                    Value::Array(_) => Err(fault(Fault::IndexOutOfBounds, span)),
                    v => Err(malformed(span, format!("index into {v}")).into()),
                }
            }
            ExprKind::MapNew(d) => Ok(Value::Map(MapValue::new(self.eval(d, env)?))),
            ExprKind::MapGet { map, key } => {
                let m = self.map(map, env)?;
                Ok(m.get(&self.eval(key, env)?))
            }
            ExprKind::MapSet { map, key, value } => {
                let m = self.map(map, env)?;
                let k = self.eval(key, env)?;
                Ok(Value::Map(m.set(k, self.eval(value, env)?)))
            }
            ExprKind::MapFill {
                map,
                start,
                count,
                shift,
                value,
            } => {
                let mut m = self.map(map, env)?;
                let start = self.int(start, env)?.value as u64;
                let count = self.int(count, env)?.value as u64;
                let shift = self.int(shift, env)?.value as u64;
                let v = self.eval(value, env)?;
                let keys = fill_keys(start, count, shift).ok_or(EvalError::NotRunnable {
                    what: format!("a `fill` of more than {FILL_LIMIT} keys"),
                    span: span.clone(),
                })?;
                for k in keys {
                    m = m.set(Value::int(IntTy::U64, k as i128), v.clone());
                }
                Ok(Value::Map(m))
            }
            ExprKind::Update { base, path, value } => {
                let new = self.eval(value, env)?;
                let old = self.eval(base, env)?;
                self.update(old, path, new, env, span)
            }
            ExprKind::Let {
                pat, value, body, ..
            } => {
                let v = self.eval(value, env)?;
                let depth = env.len();
                if !bind(pat, &v, env) {
                    return Err(
                        malformed(span, format!("{v} does not match the let pattern")).into(),
                    );
                }
                let r = self.eval(body, env);
                env.truncate(depth);
                r
            }
            ExprKind::Rely { cond, body } => match self.eval(cond, env)? {
                Value::Bool(true) => self.eval(body, env),
                _ => Err(Flow::Return(Value::none())),
            },
            ExprKind::If {
                cond,
                then_branch,
                else_branch,
            } => match self.eval(cond, env)? {
                Value::Bool(b) => {
                    if let Some(t) = self.trace.as_mut() {
                        t.push((cond.span.clone(), b));
                    }
                    self.eval(if b { then_branch } else { else_branch }, env)
                }
                v => Err(malformed(span, format!("if on {v}")).into()),
            },
            ExprKind::Match { scrut, arms } => {
                let v = self.eval(scrut, env)?;
                for arm in arms {
                    let depth = env.len();
                    if bind(&arm.pat, &v, env) {
                        let r = self.eval(&arm.body, env);
                        env.truncate(depth);
                        return r;
                    }
                    env.truncate(depth);
                }
                Err(malformed(span, format!("no arm matches {v}")).into())
            }
            ExprKind::Call { func, args } => {
                let args = self.eval_all(args, env)?;
                let fns = self.fns;
                let f = fns
                    .get(func)
                    .ok_or_else(|| malformed(span, format!("unknown function `{func}`")))?;
                Ok(self.call(f, args, span)?)
            }
            ExprKind::Return(x) => Err(Flow::Return(self.eval(x, env)?)),
            ExprKind::Try(x) => match self.eval(x, env)? {
                Value::Option(Some(v)) => Ok(*v),
                Value::Option(None) => Err(Flow::Return(Value::none())),
                v => Err(malformed(span, format!("? on {v}")).into()),
            },
            ExprKind::ForRange {
                var,
                start,
                end,
                carried,
                body,
            } => {
                let start = self.int(start, env)?;
                let end = self.int(end, env)?;
                let mut state: Vec<Value> = carried
                    .iter()
                    .map(|c| lookup(env, c, span))
                    .collect::<std::result::Result<_, _>>()?;
                for i in start.value..end.value {
                    let depth = env.len();
                    env.push((
                        var.clone(),
                        Value::Int(Int {
                            ty: start.ty,
                            value: i,
                        }),
                    ));
                    env.extend(carried.iter().cloned().zip(state));
                    let r = self.eval(body, env);
                    env.truncate(depth);
                    state = match r? {
                        Value::Tuple(vs) => vs,
                        v => return Err(malformed(span, format!("loop body gave {v}")).into()),
                    };
                }
                Ok(Value::Tuple(state))
            }
            ExprKind::Forall { var, ty, body } => self.forall(var, *ty, body, env),
        }
    }

    /// `forall` by enumeration, over types of at most 16 bits.
    fn forall(
        &mut self,
        var: &str,
        ty: IntTy,
        body: &Expr,
        env: &mut Vec<(String, Value)>,
    ) -> Result<Value> {
        if ty.bits() > 16 {
            return Err(EvalError::NotRunnable {
                span: body.span.clone(),
                what: format!("`forall` over `{}`", ty.name()),
            }
            .into());
        }
        for value in ty.min_value()..=ty.max_value() {
            env.push((var.to_string(), Value::Int(Int { ty, value })));
            let r = self.eval(body, env);
            env.pop();
            match r? {
                Value::Bool(true) => {}
                Value::Bool(false) => return Ok(Value::Bool(false)),
                v => return Err(malformed(&body.span, format!("forall body gave {v}")).into()),
            }
        }
        Ok(Value::Bool(true))
    }

    fn eval_all(&mut self, es: &[Expr], env: &mut Vec<(String, Value)>) -> Result<Vec<Value>> {
        es.iter().map(|e| self.eval(e, env)).collect()
    }

    fn int(&mut self, e: &Expr, env: &mut Vec<(String, Value)>) -> Result<Int> {
        match self.eval(e, env)? {
            Value::Int(i) => Ok(i),
            v => Err(malformed(&e.span, format!("expected an integer, found {v}")).into()),
        }
    }

    fn map(&mut self, e: &Expr, env: &mut Vec<(String, Value)>) -> Result<MapValue> {
        match self.eval(e, env)? {
            Value::Map(m) => Ok(m),
            v => Err(malformed(&e.span, format!("expected a map, found {v}")).into()),
        }
    }

    fn binary(
        &mut self,
        op: BinOp,
        lhs: &Expr,
        rhs: &Expr,
        env: &mut Vec<(String, Value)>,
        span: &Span,
    ) -> Result<Value> {
        let a = self.eval(lhs, env)?;
        match (op, &a) {
            (BinOp::And, Value::Bool(false)) => return Ok(a),
            (BinOp::Or, Value::Bool(true)) => return Ok(a),
            _ => {}
        }
        let b = self.eval(rhs, env)?;
        match (op, a, b) {
            (BinOp::Eq, a, b) => Ok(Value::Bool(a == b)),
            (BinOp::Ne, a, b) => Ok(Value::Bool(a != b)),
            (BinOp::And | BinOp::Or, _, b) => Ok(b),
            (BinOp::BitAnd, Value::Bool(a), Value::Bool(b)) => Ok(Value::Bool(a & b)),
            (BinOp::BitOr, Value::Bool(a), Value::Bool(b)) => Ok(Value::Bool(a | b)),
            (BinOp::BitXor, Value::Bool(a), Value::Bool(b)) => Ok(Value::Bool(a ^ b)),
            (op, Value::Int(a), Value::Int(b)) if op.is_comparison() => {
                Ok(Value::Bool(int::compare(op, a, b)))
            }
            (op, Value::Int(a), Value::Int(b)) => int::arith(op, a, b)
                .map(Value::Int)
                .map_err(|f| fault(f, span)),
            (op, a, b) => Err(malformed(span, format!("{a} {} {b}", op.token())).into()),
        }
    }

    fn struct_lit(
        &mut self,
        name: &str,
        fields: &[(String, Expr)],
        base: &Option<Box<Expr>>,
        env: &mut Vec<(String, Value)>,
        span: &Span,
    ) -> Result<Value> {
        let given: Vec<(String, Value)> = fields
            .iter()
            .map(|(f, e)| Ok((f.clone(), self.eval(e, env)?)))
            .collect::<Result<_>>()?;
        let Some(base) = base else {
            return Ok(Value::Struct {
                name: name.to_string(),
                fields: given,
            });
        };
        let mut v = self.eval(base, env)?;
        for (f, x) in given {
            v = set_field(v, &f, x).map_err(|m| malformed(span, m))?;
        }
        Ok(v)
    }

    fn update(
        &mut self,
        old: Value,
        path: &[Proj],
        new: Value,
        env: &mut Vec<(String, Value)>,
        span: &Span,
    ) -> Result<Value> {
        let Some((first, rest)) = path.split_first() else {
            return Ok(new);
        };
        match (first, old) {
            (Proj::Field(f), old) => {
                let inner = old
                    .field(f)
                    .cloned()
                    .ok_or_else(|| malformed(span, format!("no field {f}")))?;
                let inner = self.update(inner, rest, new, env, span)?;
                Ok(set_field(old, f, inner).map_err(|m| malformed(span, m))?)
            }
            (Proj::TupleField(i), Value::Tuple(mut vs)) if *i < vs.len() => {
                let inner = std::mem::replace(&mut vs[*i], Value::unit());
                vs[*i] = self.update(inner, rest, new, env, span)?;
                Ok(Value::Tuple(vs))
            }
            (Proj::Index(ix), Value::Array(mut vs)) => {
                let i = self.int(ix, env)?.value as usize;
                if i >= vs.len() {
                    return Err(fault(Fault::IndexOutOfBounds, &ix.span));
                }
                let inner = std::mem::replace(&mut vs[i], Value::unit());
                vs[i] = self.update(inner, rest, new, env, span)?;
                Ok(Value::Array(vs))
            }
            (p, v) => Err(malformed(span, format!("cannot update {v} at {p:?}")).into()),
        }
    }
}

/// The innermost binding of `name`.
fn lookup(
    env: &[(String, Value)],
    name: &str,
    span: &Span,
) -> std::result::Result<Value, EvalError> {
    let found = env
        .iter()
        .rev()
        .find(|(x, _)| x == name)
        .map(|(_, v)| v.clone());
    found.ok_or_else(|| malformed(span, format!("unbound `{name}`")))
}

fn set_field(v: Value, f: &str, x: Value) -> std::result::Result<Value, String> {
    match v {
        Value::Struct { name, mut fields } => {
            let slot = fields
                .iter_mut()
                .find(|(n, _)| n == f)
                .ok_or(format!("{name} has no field {f}"))?;
            slot.1 = x;
            Ok(Value::Struct { name, fields })
        }
        v => Err(format!("{v} is not a struct")),
    }
}

/// Matches `v` against `pat`, pushing the bindings onto `env`.
fn bind(pat: &Pat, v: &Value, env: &mut Vec<(String, Value)>) -> bool {
    match (pat, v) {
        (Pat::Wild, _) => true,
        (Pat::Bind(n), v) => {
            env.push((n.clone(), v.clone()));
            true
        }
        (Pat::Int(x), Value::Int(i)) => i.value == *x,
        (Pat::Bool(x), Value::Bool(b)) => b == x,
        (Pat::None, Value::Option(None)) => true,
        (Pat::Some(p), Value::Option(Some(x))) => bind(p, x, env),
        (Pat::Tuple(ps), Value::Tuple(vs)) => bind_all(ps, vs, env),
        (
            Pat::Variant { variant, args, .. },
            Value::Enum {
                variant: w, fields, ..
            },
        ) => variant == w && bind_all(args, fields, env),
        (Pat::Or(ps), v) => ps.iter().any(|p| {
            let depth = env.len();
            let ok = bind(p, v, env);
            if !ok {
                env.truncate(depth);
            }
            ok
        }),
        _ => false,
    }
}

fn bind_all(ps: &[Pat], vs: &[Value], env: &mut Vec<(String, Value)>) -> bool {
    ps.len() == vs.len() && ps.iter().zip(vs).all(|(p, x)| bind(p, x, env))
}

#[cfg(test)]
mod tests {
    use super::super::ast::{BinOp, ExprKind};
    use super::super::testing::*;
    use super::super::ty::IntTy;
    use super::*;

    /// Evaluates `f(x: u8) -> Option<u8>` with `body` (and the helpers `extra`) at `x`, printed.
    fn check(body: Expr, extra: Vec<FnDef>, x: i128, expected: &str) {
        let mut fns = extra;
        fns.push(spec("f", &["x"], u8_option(), body));
        let fns = checked(fns).unwrap();
        let got = match call(&fns, "f", vec![Value::int(IntTy::U8, x)]) {
            Ok(v) => v.to_string(),
            Err(e) => e.to_string(),
        };
        assert_eq!(got, expected);
    }

    #[test]
    fn control_flow_leaves_the_function() {
        let try_none = e(ExprKind::Try(Box::new(e(ExprKind::If {
            cond: Box::new(bin(BinOp::Eq, var("x"), int(0))),
            then_branch: Box::new(e(ExprKind::None)),
            else_branch: Box::new(some(var("x"))),
        }))));
        check(some(try_none.clone()), vec![], 0, "None");
        check(some(try_none), vec![], 7, "Some(7u8)");
        let ret = e(ExprKind::Return(Box::new(some(int(9)))));
        check(let_in("y", ret, some(int(1))), vec![], 3, "Some(9u8)");
        let rely = e(ExprKind::Rely {
            cond: Box::new(bin(BinOp::Gt, var("x"), int(2))),
            body: Box::new(some(var("x"))),
        });
        check(rely, vec![], 2, "None");
    }

    #[test]
    fn faults_are_spec_errors_and_short_circuit_avoids_them() {
        check(
            some(bin(BinOp::Add, var("x"), int(1))),
            vec![],
            255,
            "<generated>:0:0: spec error: arithmetic overflow",
        );
        let div = bin(BinOp::Eq, bin(BinOp::Div, int(1), var("x")), int(0));
        let guarded = bin(BinOp::And, bin(BinOp::Ne, var("x"), int(0)), div);
        let as_int = e(ExprKind::Cast {
            arg: Box::new(guarded),
            to: IntTy::U8,
        });
        check(some(as_int), vec![], 0, "Some(0u8)");
    }

    #[test]
    fn recursion_must_decrease_its_measure() {
        let mut again = spec(
            "again",
            &["x"],
            u8_option(),
            call_expr("again", vec![var("x")]),
        );
        again.measure = Some(e(ExprKind::Cast {
            arg: Box::new(var("x")),
            to: IntTy::U64,
        }));
        let body = call_expr("again", vec![var("x")]);
        check(
            body,
            vec![again],
            3,
            "<generated>:0:0: spec error: recursive call does not decrease the measure",
        );
    }
}
