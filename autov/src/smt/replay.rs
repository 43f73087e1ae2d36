//! Counterexamples and their replay with the concrete evaluator (`spec::Program::call`).
//!
//! A counterexample the solver finds is only reported as a failure when running the specs
//! concretely on its inputs gives exactly the outcomes the model claims and shows the violation;
//! otherwise the query answers `Unknown` ("did not replay"), which guards against encoding bugs.

use super::encode::{Run, SpecError};
use super::model::{holds, value_of};
use crate::ir::{BranchSites, IrBlock};
use crate::spec::{call_traced, call_within, EvalError, FnDef, Program, Span, Value};
use std::fmt;
use z3::Model;

/// What running a function gave: a value (for a spec, `Some(..)` or `None` = stuck) or a spec
/// error (what Rust panics on).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The function returned this value.
    Value(Value),
    /// The function hit a spec error.
    Error {
        /// What went wrong (`arithmetic overflow`, `index out of bounds`, ..).
        error: String,
        /// Where.
        span: Span,
    },
    /// The run did not finish: calls nested deeper than the replay allows, or a construct that
    /// only the checker decides. It shows nothing, neither a failure nor a success.
    Unfinished {
        /// Why.
        why: String,
    },
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Value(v) => write!(f, "{v}"),
            Outcome::Error { error, span } => write!(f, "spec error at {span}: {error}"),
            Outcome::Unfinished { why } => write!(f, "unfinished run: {why}"),
        }
    }
}

/// A failed obligation with inputs that show it, replayed with the concrete evaluator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counterexample {
    /// The obligation, e.g. `low refines high`.
    pub obligation: String,
    /// What goes wrong on these inputs.
    pub problem: String,
    /// The (high) spec's name and where it is defined.
    pub high_spec: (String, Span),
    /// The arguments of the (high) spec, states included.
    pub high_args: Vec<(String, Value)>,
    /// The concrete outcome of the (high) spec.
    pub high: Outcome,
    /// For a refinement: the low spec's name and definition site, its arguments and outcome.
    pub low: Option<LowSide>,
}

/// The low spec's side of a refinement counterexample.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LowSide {
    /// Its name and where it is defined.
    pub spec: (String, Span),
    /// Its arguments, states included.
    pub args: Vec<(String, Value)>,
    /// Its concrete outcome.
    pub outcome: Outcome,
    /// The branches of C code it took, in order.
    pub path: Vec<PathStep>,
}

/// One branch of C code a low spec took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathStep {
    /// The branch condition's source location.
    pub at: Span,
    /// The value of the IR branch condition (clang may have negated the C condition).
    pub taken: bool,
    /// The IR blocks that branch there, once [`Counterexample::locate_ir_blocks`] named them.
    pub ir: Vec<IrBlock>,
}

impl fmt::Display for PathStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.at, self.taken)?;
        if !self.ir.is_empty() {
            let blocks: Vec<String> = self.ir.iter().map(IrBlock::to_string).collect();
            write!(f, " [{}]", blocks.join(" or "))?;
        }
        Ok(())
    }
}

impl Counterexample {
    /// Names the IR function and block of each step of the low spec's C path, from the
    /// branch sites of the module the low specs were lowered from.
    pub fn locate_ir_blocks(&mut self, sites: &BranchSites) {
        for step in self.low.iter_mut().flat_map(|l| &mut l.path) {
            step.ir = sites.at(&step.at.file, step.at.line, step.at.col).to_vec();
        }
    }
}

impl fmt::Display for Counterexample {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "counterexample to {}: {}", self.obligation, self.problem)?;
        write_side(f, "high", &self.high_spec, &self.high_args, &self.high)?;
        if let Some(low) = &self.low {
            write_side(f, "low", &low.spec, &low.args, &low.outcome)?;
            write_path(f, &low.path)?;
        }
        Ok(())
    }
}

/// How many of the last branches of a path are shown.
const PATH_SHOWN: usize = 16;

fn write_path(f: &mut fmt::Formatter<'_>, path: &[PathStep]) -> fmt::Result {
    if path.is_empty() {
        return Ok(());
    }
    let skipped = path.len().saturating_sub(PATH_SHOWN);
    let steps: Vec<String> = path[skipped..].iter().map(PathStep::to_string).collect();
    let earlier = match skipped {
        0 => String::new(),
        n => format!("({n} earlier) "),
    };
    writeln!(
        f,
        "    C path of the low spec: {earlier}{}",
        steps.join(", ")
    )
}

fn write_side(
    f: &mut fmt::Formatter<'_>,
    side: &str,
    spec: &(String, Span),
    args: &[(String, Value)],
    out: &Outcome,
) -> fmt::Result {
    writeln!(f, "  {side} spec `{}` ({}):", spec.0, spec.1)?;
    for (n, v) in args {
        for line in super::show::argument(n, v) {
            writeln!(f, "    {line}")?;
        }
    }
    let value = match out {
        Outcome::Value(v) => Some(v),
        Outcome::Error { .. } | Outcome::Unfinished { .. } => None,
    };
    for line in super::show::outcome(&out.to_string(), value, args) {
        writeln!(f, "    {line}")?;
    }
    Ok(())
}

/// The outcome of a symbolic run in `model`.
pub(crate) fn symbolic_outcome(model: &Model, run: &Run, program: &Program) -> Outcome {
    match run.errors.iter().find(|e| holds(model, &e.cond)) {
        Some(e) => Outcome::Error {
            error: e.error.describe().to_string(),
            span: e.span.clone(),
        },
        None => Outcome::Value(value_of(model, &run.value, &program.types)),
    }
}

/// Runs `f` concretely on `args` (`f` need not be one of `program`'s functions).
pub(crate) fn concrete(program: &Program, f: &FnDef, args: &[Value]) -> Outcome {
    concrete_within(program, f, args, usize::MAX)
}

/// Stack of the thread a replay with a depth limit runs on.
const REPLAY_STACK: usize = 256 << 20;

/// [`concrete`] with calls nested at most `limit` deep. With a limit it runs on a thread with a
/// stack large enough for that depth.
pub(crate) fn concrete_within(
    program: &Program,
    f: &FnDef,
    args: &[Value],
    limit: usize,
) -> Outcome {
    if limit == usize::MAX {
        return replay_here(program, f, args, limit);
    }
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(REPLAY_STACK)
            .spawn_scoped(s, || replay_here(program, f, args, limit))
            .ok()
            .and_then(|t| t.join().ok())
    })
    .unwrap_or_else(|| Outcome::Error {
        error: "the replay could not run".into(),
        span: f.span.clone(),
    })
}

fn replay_here(program: &Program, f: &FnDef, args: &[Value], limit: usize) -> Outcome {
    let result = match program.fns.get(&f.name) {
        Some(g) if g == f => call_within(&program.fns, &f.name, args.to_vec(), limit),
        _ => {
            let mut p = program.clone();
            p.fns.insert(f.name.clone(), f.clone());
            call_within(&p.fns, &f.name, args.to_vec(), limit)
        }
    };
    match result {
        Ok(v) => Outcome::Value(v),
        Err(EvalError::Fault { fault, span }) => Outcome::Error {
            error: SpecError::Fault(fault).describe().into(),
            span,
        },
        Err(EvalError::MeasureNotDecreasing { span }) => Outcome::Error {
            error: SpecError::MeasureNotDecreasing.describe().into(),
            span,
        },
        Err(EvalError::Malformed { span, message }) if message.starts_with("no arm matches") => {
            Outcome::Error {
                error: SpecError::NoMatchingArm.describe().into(),
                span,
            }
        }
        Err(e @ (EvalError::TooDeep { .. } | EvalError::NotRunnable { .. })) => {
            Outcome::Unfinished { why: e.to_string() }
        }
        Err(EvalError::Malformed { span, message }) => Outcome::Error {
            error: format!("malformed term: {message}"),
            span,
        },
    }
}

/// The branches of C code (conditions whose span is not in a Rust source) that `f` takes on
/// `args`, repeats in a row merged: the low spec's path through its C function and the C
/// functions it inlines. Empty when the run cannot be traced.
pub(crate) fn c_path(program: &Program, f: &FnDef, args: &[Value], limit: usize) -> Vec<PathStep> {
    let trace = || {
        let mut p;
        let fns = match program.fns.get(&f.name) {
            Some(g) if g == f => &program.fns,
            _ => {
                p = program.clone();
                p.fns.insert(f.name.clone(), f.clone());
                &p.fns
            }
        };
        let (_, mut path) = call_traced(fns, &f.name, args.to_vec(), limit);
        path.retain(|(span, _)| span.line > 0 && !span.file.ends_with(".rs"));
        path.dedup();
        path.into_iter()
            .map(|(at, taken)| PathStep {
                at,
                taken,
                ir: Vec::new(),
            })
            .collect::<Vec<_>>()
    };
    // As in `concrete_within`: an unbounded replay runs where the caller's replay ran.
    if limit == usize::MAX {
        return trace();
    }
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(REPLAY_STACK)
            .spawn_scoped(s, trace)
            .ok()
            .and_then(|t| t.join().ok())
    })
    .unwrap_or_default()
}

/// Checks that the concrete outcome is the one the model claims; the reason when it is not.
pub(crate) fn agrees(who: &str, symbolic: &Outcome, concrete: &Outcome) -> Result<(), String> {
    if symbolic == concrete {
        return Ok(());
    }
    Err(format!("counterexample did not replay: the model says the {who} spec gives {symbolic}, running it gives {concrete}"))
}
