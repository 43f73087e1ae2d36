//! A compact description of test CFGs and its translation to `ir::Function`.
//!
//! One block per line: `name: item; item; ...; terminator`, the first block being the entry.
//! Items are `d = phi(pred: v, ...)`, `d = input` (reads the next input) and `d = add v w`;
//! terminators are `br T`, `cbr T F` (on a fresh input bit), `switch D k:T ...` (on a fresh
//! input), `ret`, `ret v`, `unreachable` and `unsupported OPCODE T...`. Values are decimal
//! `i32` constants or local names. Every block calls `@<its name>` with its PHIs' values, so
//! that running it leaves a trace.

use crate::ir::{
    ArithFlags, BinOp, Block, Callee, Constant, Function, Instr, InstrKind, Terminator, Type, Value,
};

/// One block of a test CFG.
#[derive(Debug, Clone)]
pub struct BlockSpec {
    pub name: String,
    pub phis: Vec<(String, Vec<(String, String)>)>,
    /// Locals passed to the block's trace call.
    pub trace: Vec<String>,
    pub ops: Vec<Op>,
    pub term: TermSpec,
}

/// A non-PHI instruction of a test block.
#[derive(Debug, Clone)]
pub enum Op {
    Input(String),
    Add(String, String, String),
}

/// A terminator of a test block.
#[derive(Debug, Clone)]
pub enum TermSpec {
    Br(String),
    Cbr(String, String),
    Switch(String, Vec<(u128, String)>),
    Ret(Option<String>),
    Unreachable,
    Unsupported(String, Vec<String>),
}

/// Parses the line format described in the module documentation.
pub fn parse(text: &str) -> Vec<BlockSpec> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(parse_block)
        .collect()
}

fn parse_block(line: &str) -> BlockSpec {
    let (name, rest) = line.split_once(':').expect("`name: ...`");
    let mut items: Vec<&str> = rest.split(';').map(str::trim).collect();
    let term = parse_term(items.pop().expect("a terminator"));
    let (mut phis, mut ops) = (Vec::new(), Vec::new());
    for item in items {
        let (dest, rhs) = item.split_once('=').expect("`dest = ...`");
        let (dest, rhs) = (dest.trim().to_string(), rhs.trim());
        if let Some(args) = rhs.strip_prefix("phi(").and_then(|r| r.strip_suffix(')')) {
            let incoming = args
                .split(',')
                .map(|a| {
                    let (p, v) = a.split_once(':').expect("`pred: value`");
                    (p.trim().to_string(), v.trim().to_string())
                })
                .collect();
            phis.push((dest, incoming));
        } else if rhs == "input" {
            ops.push(Op::Input(dest));
        } else {
            let words: Vec<&str> = rhs.split_whitespace().collect();
            assert!(
                words.len() == 3 && words[0] == "add",
                "unknown item `{item}`"
            );
            ops.push(Op::Add(dest, words[1].to_string(), words[2].to_string()));
        }
    }
    let trace = phis.iter().map(|(d, _)| d.clone()).collect();
    BlockSpec {
        name: name.trim().to_string(),
        phis,
        trace,
        ops,
        term,
    }
}

fn parse_term(text: &str) -> TermSpec {
    let words: Vec<String> = text.split_whitespace().map(str::to_string).collect();
    match words[0].as_str() {
        "br" => TermSpec::Br(words[1].clone()),
        "cbr" => TermSpec::Cbr(words[1].clone(), words[2].clone()),
        "switch" => TermSpec::Switch(
            words[1].clone(),
            words[2..]
                .iter()
                .map(|c| {
                    let (k, t) = c.split_once(':').expect("`value:target`");
                    (k.parse().expect("a case value"), t.to_string())
                })
                .collect(),
        ),
        "ret" => TermSpec::Ret(words.get(1).cloned()),
        "unreachable" => TermSpec::Unreachable,
        "unsupported" => TermSpec::Unsupported(words[1].clone(), words[2..].to_vec()),
        other => panic!("unknown terminator `{other}`"),
    }
}

/// The value a DSL token denotes.
pub fn value(token: &str) -> Value {
    match token.parse::<u128>() {
        Ok(v) => Value::Const(Constant::Int { bits: 32, value: v }),
        Err(_) => Value::Local(token.to_string()),
    }
}

fn instr(dest: Option<String>, kind: InstrKind) -> Instr {
    Instr {
        dest,
        kind,
        loc: None,
    }
}

fn call(dest: Option<String>, callee: &str, ret_ty: Type, args: Vec<(Type, Value)>) -> Instr {
    instr(
        dest,
        InstrKind::Call {
            callee: Callee::Direct(callee.to_string()),
            ret_ty,
            args,
        },
    )
}

/// Builds the function `@f` from block descriptions.
pub fn build(blocks: &[BlockSpec]) -> Function {
    Function {
        name: "f".to_string(),
        ret_ty: Type::Int(32),
        params: Vec::new(),
        var_arg: false,
        blocks: blocks.iter().map(build_block).collect(),
        loc: None,
    }
}

fn build_block(b: &BlockSpec) -> Block {
    let mut instrs: Vec<Instr> = b
        .phis
        .iter()
        .map(|(d, inc)| {
            let incoming = inc.iter().map(|(p, v)| (value(v), p.clone())).collect();
            instr(
                Some(d.clone()),
                InstrKind::Phi {
                    ty: Type::Int(32),
                    incoming,
                },
            )
        })
        .collect();
    let args = b.trace.iter().map(|t| (Type::Int(32), value(t))).collect();
    instrs.push(call(None, &b.name, Type::Void, args));
    for op in &b.ops {
        instrs.push(match op {
            Op::Input(d) => call(Some(d.clone()), "input", Type::Int(32), Vec::new()),
            Op::Add(d, x, y) => instr(
                Some(d.clone()),
                InstrKind::Binary {
                    op: BinOp::Add,
                    ty: Type::Int(32),
                    lhs: value(x),
                    rhs: value(y),
                    flags: ArithFlags::default(),
                },
            ),
        });
    }
    let cond = |ty: Type, suffix: &str| {
        let name = format!("{}.{suffix}", b.name);
        (
            call(Some(name.clone()), "input", ty, Vec::new()),
            Value::Local(name),
        )
    };
    let term = match &b.term {
        TermSpec::Br(t) => Terminator::Br(t.clone()),
        TermSpec::Cbr(t, e) => {
            let (i, c) = cond(Type::Int(1), "c");
            instrs.push(i);
            Terminator::CondBr {
                cond: c,
                then_dest: t.clone(),
                else_dest: e.clone(),
            }
        }
        TermSpec::Switch(d, cases) => {
            let (i, s) = cond(Type::Int(32), "s");
            instrs.push(i);
            Terminator::Switch {
                ty: Type::Int(32),
                value: s,
                default: d.clone(),
                cases: cases.clone(),
            }
        }
        TermSpec::Ret(v) => Terminator::Ret(v.as_deref().map(|v| (Type::Int(32), value(v)))),
        TermSpec::Unreachable => Terminator::Unreachable,
        TermSpec::Unsupported(op, succs) => Terminator::Unsupported {
            opcode: op.clone(),
            successors: succs.clone(),
        },
    };
    Block {
        name: b.name.clone(),
        instrs,
        term,
        term_loc: None,
    }
}
