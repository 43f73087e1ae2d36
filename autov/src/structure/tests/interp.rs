//! A tiny interpreter for the CFGs of `super::dsl` and for structured code, to compare them.
//!
//! `call @input()` reads the next input (0 once they run out); a call to any other function
//! appends its name and argument values to the trace; `add` adds modulo 2^32. A run stops
//! with [`Outcome::OutOfFuel`] when the trace would grow past its fuel, so runs of
//! non-terminating code compare their first steps.

use crate::code::{self, Label, Stmt};
use crate::ir::{self, Callee, Constant, InstrKind, Terminator, Value};
use std::collections::HashMap;

/// The trace length after which a run stops, unless told otherwise.
pub const FUEL: usize = 200;

/// Statements a structured run may execute before it counts as stuck.
const MAX_STEPS: usize = 10_000_000;

/// Value of a local that was never assigned.
const UNDEFINED: u64 = u64::MAX;

/// How a run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Return(Option<u64>),
    Unreachable,
    OutOfFuel,
    /// A structured run executed [`MAX_STEPS`] statements.
    Stuck,
}

/// Everything a run shows: the trace (callee, arguments) and how it ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub trace: Vec<(String, Vec<u64>)>,
    pub outcome: Outcome,
}

struct Machine<'i> {
    env: HashMap<String, u64>,
    inputs: &'i [u64],
    next_input: usize,
    trace: Vec<(String, Vec<u64>)>,
    fuel: usize,
    steps: usize,
}

/// Why a run stopped early.
enum Stop {
    Fuel,
    Stuck,
}

impl<'i> Machine<'i> {
    fn new(inputs: &'i [u64], fuel: usize) -> Self {
        Machine {
            env: HashMap::new(),
            inputs,
            next_input: 0,
            trace: Vec::new(),
            fuel,
            steps: 0,
        }
    }

    fn eval(&self, v: &Value) -> u64 {
        match v {
            Value::Local(name) => self.env.get(name).copied().unwrap_or(UNDEFINED),
            Value::Const(Constant::Int { value, .. }) => *value as u64,
            other => panic!("the test interpreter does not evaluate {other:?}"),
        }
    }

    fn instr(&mut self, i: &ir::Instr) -> Result<(), Stop> {
        let result = match &i.kind {
            InstrKind::Call {
                callee: Callee::Direct(name),
                ..
            } if name == "input" => {
                let v = self.inputs.get(self.next_input).copied().unwrap_or(0);
                self.next_input += 1;
                v & 0xffff_ffff
            }
            InstrKind::Call {
                callee: Callee::Direct(name),
                args,
                ..
            } => {
                if self.trace.len() == self.fuel {
                    return Err(Stop::Fuel);
                }
                let args = args.iter().map(|(_, v)| self.eval(v)).collect();
                self.trace.push((name.clone(), args));
                return Ok(());
            }
            InstrKind::Binary { lhs, rhs, .. } => {
                self.eval(lhs).wrapping_add(self.eval(rhs)) & 0xffff_ffff
            }
            other => panic!("the test interpreter does not run {other:?}"),
        };
        self.env
            .insert(i.dest.clone().expect("a destination"), result);
        Ok(())
    }

    /// Assigns all destinations after reading all values.
    fn assign_parallel(&mut self, copies: Vec<(String, u64)>) {
        self.env.extend(copies);
    }

    fn finish(self, result: Result<Outcome, Stop>) -> Run {
        let outcome = result.unwrap_or_else(|stop| match stop {
            Stop::Fuel => Outcome::OutOfFuel,
            Stop::Stuck => Outcome::Stuck,
        });
        Run {
            trace: self.trace,
            outcome,
        }
    }
}

/// Runs a CFG on the given inputs until its trace holds `fuel` entries.
pub fn run_cfg(f: &ir::Function, inputs: &[u64], fuel: usize) -> Run {
    let mut m = Machine::new(inputs, fuel);
    let result = cfg_loop(&mut m, f);
    m.finish(result)
}

fn cfg_loop(m: &mut Machine, f: &ir::Function) -> Result<Outcome, Stop> {
    let blocks: HashMap<&str, &ir::Block> = f.blocks.iter().map(|b| (b.name.as_str(), b)).collect();
    let (mut block, mut pred): (&ir::Block, Option<&str>) = (&f.blocks[0], None);
    loop {
        let phis: Vec<(String, u64)> = block
            .instrs
            .iter()
            .filter_map(|i| match &i.kind {
                InstrKind::Phi { incoming, .. } => {
                    let (v, _) = incoming.iter().find(|(_, b)| Some(b.as_str()) == pred)?;
                    Some((i.dest.clone().expect("a PHI defines a local"), m.eval(v)))
                }
                _ => None,
            })
            .collect();
        m.assign_parallel(phis);
        for i in block
            .instrs
            .iter()
            .filter(|i| !matches!(i.kind, InstrKind::Phi { .. }))
        {
            m.instr(i)?;
        }
        let next = match &block.term {
            Terminator::Ret(v) => return Ok(Outcome::Return(v.as_ref().map(|(_, v)| m.eval(v)))),
            Terminator::Unreachable => return Ok(Outcome::Unreachable),
            Terminator::Br(t) => t,
            Terminator::CondBr {
                cond,
                then_dest,
                else_dest,
            } => {
                if m.eval(cond) & 1 == 1 {
                    then_dest
                } else {
                    else_dest
                }
            }
            Terminator::Switch {
                value,
                default,
                cases,
                ..
            } => {
                let v = m.eval(value) as u128;
                cases
                    .iter()
                    .find(|(k, _)| *k == v)
                    .map_or(default, |(_, t)| t)
            }
            Terminator::Unsupported { .. } => panic!("unsupported terminator"),
        };
        pred = Some(&block.name);
        block = blocks[next.as_str()];
    }
}

/// How a statement list ended.
enum Flow {
    Normal,
    Break(Label),
    Continue(Label),
    Done(Outcome),
}

/// Runs structured code on the given inputs until its trace holds `fuel` entries.
pub fn run_code(f: &code::Function, inputs: &[u64], fuel: usize) -> Run {
    let mut m = Machine::new(inputs, fuel);
    let result = match exec(&mut m, &f.body) {
        Ok(Flow::Done(outcome)) => Ok(outcome),
        Ok(_) => {
            panic!("structured code fell off the end of the function or jumped to an unbound label")
        }
        Err(stop) => Err(stop),
    };
    m.finish(result)
}

fn exec(m: &mut Machine, stmts: &[Stmt]) -> Result<Flow, Stop> {
    for s in stmts {
        m.steps += 1;
        if m.steps > MAX_STEPS {
            return Err(Stop::Stuck);
        }
        match exec_one(m, s)? {
            Flow::Normal => {}
            other => return Ok(other),
        }
    }
    Ok(Flow::Normal)
}

fn exec_one(m: &mut Machine, s: &Stmt) -> Result<Flow, Stop> {
    Ok(match s {
        Stmt::Instr(i) => {
            m.instr(i)?;
            Flow::Normal
        }
        Stmt::Copies(copies) => {
            let values = copies
                .iter()
                .map(|c| (c.dest.clone(), m.eval(&c.value)))
                .collect();
            m.assign_parallel(values);
            Flow::Normal
        }
        Stmt::If {
            cond,
            then_body,
            else_body,
            ..
        } => exec(
            m,
            if m.eval(cond) & 1 == 1 {
                then_body
            } else {
                else_body
            },
        )?,
        Stmt::Switch {
            value,
            arms,
            default,
            ..
        } => {
            let v = m.eval(value) as u128;
            let arm = arms.iter().find(|a| a.values.contains(&v));
            exec(m, arm.map_or(default, |a| &a.body))?
        }
        Stmt::Block { label, body } => match exec(m, body)? {
            Flow::Break(l) if l == *label => Flow::Normal,
            other => other,
        },
        Stmt::Loop { label, body } => loop {
            match exec(m, body)? {
                Flow::Normal => {}
                Flow::Continue(l) if l == *label => {}
                Flow::Break(l) if l == *label => break Flow::Normal,
                other => break other,
            }
        },
        Stmt::Break(l) => Flow::Break(*l),
        Stmt::Continue(l) => Flow::Continue(*l),
        Stmt::Return { value, .. } => {
            Flow::Done(Outcome::Return(value.as_ref().map(|(_, v)| m.eval(v))))
        }
        Stmt::Unreachable { .. } => Flow::Done(Outcome::Unreachable),
    })
}

/// Input streams for comparing runs: small values, so that switches hit their cases.
pub fn input_streams(count: usize) -> Vec<Vec<u64>> {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..count)
        .map(|_| {
            (0..64)
                .map(|_| {
                    state = state
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1_442_695_040_888_963_407);
                    (state >> 33) % 5
                })
                .collect()
        })
        .collect()
}
