//! Layers: what `#[layer]` describes, and the checked program a stack of layers forms.

use super::ast::{DeclareTypes, ExprKind, FnDef, FnRef, Span};
use super::check::{check_fn, check_type_env, CheckError, Signature};
use super::eval::{self, EvalError};
use super::ty::{Ty, TypeEnv};
use super::value::Value;
use std::collections::BTreeMap;

/// A layer: its state, the specs it introduces and how it relates to the layer below.
#[derive(Debug, Clone)]
pub struct LayerDef {
    /// The layer's name.
    pub name: String,
    /// The layer below, if any.
    pub below: Option<fn() -> LayerDef>,
    /// The abstract state type.
    pub state: Ty,
    /// Declares the state type and the types it mentions.
    pub state_types: DeclareTypes,
    /// The specs written in the layer, in source order.
    pub specs: Vec<FnDef>,
    /// The `#[helper]` functions written in the layer.
    pub helpers: Vec<FnDef>,
    /// Functions the layer introduces whose spec is derived from their code (signatures only).
    pub derived: Vec<FnDef>,
    /// The refinement relation `fn(&State, &BelowState) -> bool`, when not equality.
    pub refinement: Option<FnRef>,
    /// The memory interpretation: which global bytes are which state fields.
    pub memory: Vec<MemoryMapping>,
    /// Where the layer is declared.
    pub span: Span,
}

/// One entry of a memory interpretation (DESIGN §4.4): `size` bytes of `global` at `offset` are
/// the state field at `field`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemoryMapping {
    /// The C global's name.
    pub global: String,
    /// Byte offset in the global.
    pub offset: u64,
    /// Size in bytes.
    pub size: u64,
    /// The path of fields from the state to the field the bytes hold.
    pub field: Vec<String>,
    /// Where the entry is declared.
    pub span: Span,
}

/// How a spec uses its layer's state, by the signature convention of `autov::spec`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateUse {
    /// No state parameter: `fn f(args..) -> Option<R>`.
    Ignores,
    /// `fn f(args.., st: &State) -> Option<R>`: the state is unchanged.
    Reads,
    /// `fn f(args.., st: &State) -> Option<(R, State)>`: the new state is the last element.
    Updates,
}

impl LayerDef {
    /// How spec `f` of this layer uses the state, or why its signature breaks the convention.
    pub fn state_use(&self, f: &FnDef) -> Result<StateUse, String> {
        let positions: Vec<usize> = f
            .params
            .iter()
            .enumerate()
            .filter(|(_, p)| p.ty == self.state)
            .map(|(i, _)| i)
            .collect();
        let updates = matches!(&f.ret, Ty::Option(t) if matches!(&**t, Ty::Tuple(ts) if ts.len() == 2 && ts[1] == self.state));
        match positions.as_slice() {
            [] if updates => Err(format!("`{}` returns a new state but takes none", f.name)),
            [] => Ok(StateUse::Ignores),
            [i] if *i + 1 == f.params.len() && f.params[*i].by_ref => Ok(if updates {
                StateUse::Updates
            } else {
                StateUse::Reads
            }),
            _ => Err(format!(
                "`{}` must take the state once, last, by reference (`st: &{}`)",
                f.name, self.state
            )),
        }
    }
}

/// Why a program could not be formed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProgramError {
    /// A term does not type check.
    Type(CheckError),
    /// Two different functions have the same name.
    DuplicateFunction(String),
    /// A type definition mentions an undeclared type.
    Types(String),
    /// A spec's signature breaks the convention of how state is passed.
    Convention(String),
    /// A spec calls a spec of a higher layer.
    CallsUp {
        /// The call.
        span: Span,
        /// The callee.
        callee: String,
    },
}

impl std::fmt::Display for ProgramError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ProgramError::Type(e) => write!(f, "{e}"),
            ProgramError::DuplicateFunction(n) => write!(f, "two functions are named `{n}`"),
            ProgramError::Types(m) | ProgramError::Convention(m) => f.write_str(m),
            ProgramError::CallsUp { span, callee } => {
                write!(f, "{span}: `{callee}` belongs to a higher layer")
            }
        }
    }
}

impl std::error::Error for ProgramError {}

/// A checked set of specs and helpers with the types they use: what the evaluator, the printers
/// and the symbolic executor read.
#[derive(Debug, Clone)]
pub struct Program {
    /// The named types.
    pub types: TypeEnv,
    /// Every function by name, type checked.
    pub fns: BTreeMap<String, FnDef>,
    /// The layers, bottom first (empty for a program formed from functions alone).
    pub layers: Vec<LayerDef>,
}

impl Program {
    /// The program of layer `top` and every layer below it.
    pub fn from_layer(top: fn() -> LayerDef) -> Result<Program, ProgramError> {
        let mut layers = Vec::new();
        let mut next = Some(top);
        while let Some(l) = next {
            let def = l();
            next = def.below;
            layers.push(def);
        }
        layers.reverse();
        let mut types = TypeEnv::default();
        let mut roots = Vec::new();
        for l in &layers {
            (l.state_types)(&mut types);
            roots.extend(l.specs.iter().chain(&l.helpers).chain(&l.derived).cloned());
            roots.extend(l.refinement.map(|r| (r.def)()));
        }
        for l in &layers {
            for s in l.specs.iter().chain(&l.derived) {
                l.state_use(s).map_err(ProgramError::Convention)?;
            }
        }
        let program = Program::build(types, roots, layers)?;
        program.check_layering()?;
        Ok(program)
    }

    /// The program of the functions `roots` and everything they call.
    pub fn from_fns(roots: &[FnRef]) -> Result<Program, ProgramError> {
        Program::build(
            TypeEnv::default(),
            roots.iter().map(|r| (r.def)()).collect(),
            Vec::new(),
        )
    }

    fn build(
        mut types: TypeEnv,
        roots: Vec<FnDef>,
        layers: Vec<LayerDef>,
    ) -> Result<Program, ProgramError> {
        let mut fns: BTreeMap<String, FnDef> = BTreeMap::new();
        let mut todo = roots;
        while let Some(f) = todo.pop() {
            match fns.get(&f.name) {
                Some(g) if g.span != f.span => return Err(ProgramError::DuplicateFunction(f.name)),
                Some(_) => continue,
                None => {}
            }
            f.types.iter().for_each(|d| d(&mut types));
            todo.extend(f.callees.iter().map(|c| (c.def)()));
            fns.insert(f.name.clone(), f);
        }
        check_type_env(&types).map_err(ProgramError::Types)?;
        let sigs: BTreeMap<String, Signature> = fns
            .iter()
            .map(|(n, f)| (n.clone(), Signature::of(f)))
            .collect();
        for f in fns.values_mut() {
            check_fn(&types, &sigs, f).map_err(ProgramError::Type)?;
        }
        Ok(Program { types, fns, layers })
    }

    /// The index in `layers` of the layer that introduces `name` (helpers belong to none).
    pub fn layer_of(&self, name: &str) -> Option<usize> {
        self.layers
            .iter()
            .position(|l| l.specs.iter().chain(&l.derived).any(|s| s.name == name))
    }

    fn check_layering(&self) -> Result<(), ProgramError> {
        for (i, l) in self.layers.iter().enumerate() {
            for s in &l.specs {
                let mut err = None;
                self.fns[&s.name].walk(&mut |e| match &e.kind {
                    ExprKind::Call { func, .. } if self.layer_of(func).is_some_and(|j| j > i) => {
                        err.get_or_insert(ProgramError::CallsUp {
                            span: e.span.clone(),
                            callee: func.clone(),
                        });
                    }
                    _ => {}
                });
                if let Some(e) = err {
                    return Err(e);
                }
            }
        }
        Ok(())
    }

    /// Evaluates function `name` on `args`.
    pub fn call(&self, name: &str, args: Vec<Value>) -> Result<Value, EvalError> {
        eval::call(&self.fns, name, args)
    }
}
