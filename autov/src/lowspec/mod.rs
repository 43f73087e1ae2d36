//! Low specs: a C function's structured code, run over the specs of the layer below, as a
//! spec term (DESIGN §3, §4.3).
//!
//! The low spec of `f` is a spec `f_low(args.., st: &State) -> Option<(R, State)>` where `State`
//! is the state of the layer below. Each IR local becomes a `let`; `iN` becomes `uN` and `i1`
//! `bool` (see `ops` for the meaning of each operation); calls go to the specs of the layer
//! below, threading the state; loads and stores go through the layer's memory interpretation
//! (`memory`). Control flow is translated by continuation: the code after an `if` or a block
//! is placed in each branch that reaches it, `return` produces `Some((value, st))`.
//!
//! What the translator cannot express exactly is an error with the function, the source line
//! and the construct: never an approximation.

mod build;
mod flow;
mod instr;
mod loops;
mod memory;
mod ops;
mod poison;

pub use memory::MemoryInterp;

use crate::code;
use crate::ir::{self, SourceLoc};
use crate::spec::{check_fn, FnDef, Program, Signature, Ty};
use std::collections::BTreeMap;

/// What a function is lowered against.
pub struct Lowering<'a> {
    /// The specs the code may call (the layers below) and their types.
    pub program: &'a Program,
    /// The state type of the layer below, which the code's low spec runs over.
    pub state: Ty,
    /// Where C globals live in that state (empty: the code may not touch global memory).
    pub memory: &'a MemoryInterp,
    /// The module the function comes from (for struct layouts and global types).
    pub module: &'a ir::Module,
}

/// Why a function has no low spec.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{function}{}: {reason}", .loc.as_ref().map(|l| format!(" ({}:{})", l.file, l.line)).unwrap_or_default())]
pub struct LowerError {
    /// The C function.
    pub function: String,
    /// The source location of the construct, if known.
    pub loc: Option<SourceLoc>,
    /// What could not be translated.
    pub reason: String,
}

/// The name of the low spec of C function `name`.
pub fn low_spec_name(name: &str) -> String {
    format!("{name}_low")
}

/// `spec` in the shape of low specs, `(args.., st: &State) -> Option<(R, State)>`: a spec that
/// only reads the state, or does not use it, returns the state unchanged. A spec that already has
/// that shape is returned as it is. The wrapper calls `spec` by name, so `spec` must be in the
/// program the result is evaluated or checked with.
pub fn as_state_transformer(spec: &FnDef, state: &Ty) -> Result<FnDef, String> {
    let Ty::Option(inner) = &spec.ret else {
        return Err(format!("`{}` does not return an Option", spec.name));
    };
    if matches!(&**inner, Ty::Tuple(items) if items.len() == 2 && &items[1] == state) {
        return Ok(spec.clone());
    }
    let takes_state = spec
        .params
        .last()
        .is_some_and(|p| p.by_ref && &p.ty == state);
    let b = build::Builder {
        span: spec.span.clone(),
    };
    let mut params = spec.params.clone();
    if !takes_state {
        params.push(crate::spec::Param {
            name: flow::STATE.into(),
            ty: state.clone(),
            by_ref: true,
        });
    }
    let st = params.last().expect("a state parameter").name.clone();
    let args = spec.params.iter().map(|p| b.var(&p.name)).collect();
    let value = "spec_result";
    let body = b.let_(
        crate::spec::Pat::Bind(value.into()),
        None,
        b.try_(b.call(&spec.name, args)),
        b.some(b.tuple(vec![b.var(value), b.var(&st)])),
    );
    Ok(FnDef {
        name: format!("{}_as_transformer", spec.name),
        params,
        ret: Ty::option(Ty::Tuple(vec![(**inner).clone(), state.clone()])),
        body: Some(body),
        measure: None,
        callees: Vec::new(),
        types: Vec::new(),
        native: None,
        ..spec.clone()
    })
}

/// A function's low spec and the loop functions it calls.
#[derive(Debug, Clone)]
pub struct LowSpec {
    /// `f_low`.
    pub main: FnDef,
    /// One recursive function per loop (`f_low_loopL`), inner loops included.
    pub loops: Vec<FnDef>,
}

impl LowSpec {
    /// All the functions, main first.
    pub fn defs(&self) -> impl Iterator<Item = &FnDef> {
        std::iter::once(&self.main).chain(&self.loops)
    }
}

/// The low spec of a structured function, type checked against the specs it calls.
pub fn lower_function(f: &code::Function, cx: &Lowering) -> Result<LowSpec, LowerError> {
    let (mut main, mut loops) = flow::Lowerer::new(f, cx).lower()?;
    let mut sigs: BTreeMap<String, Signature> = cx
        .program
        .fns
        .iter()
        .map(|(n, d)| (n.clone(), Signature::of(d)))
        .collect();
    sigs.extend(loops.iter().map(|d| (d.name.clone(), Signature::of(d))));
    for def in std::iter::once(&mut main).chain(loops.iter_mut()) {
        check_fn(&cx.program.types, &sigs, def).map_err(|e| LowerError {
            function: f.name.clone(),
            loc: f.loc.clone(),
            reason: format!("internal error: the generated low spec does not type check: {e}"),
        })?;
    }
    Ok(LowSpec { main, loops })
}
