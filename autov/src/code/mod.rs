//! Structured code: a function body as nested statements instead of a control-flow graph.
//!
//! `crate::structure` builds it from `crate::ir`; the Coq printer, the symbolic executor and the
//! exporter read it. Instructions are `crate::ir::Instr` unchanged, except that PHI nodes are gone:
//! they became [`Stmt::Copies`], parallel assignments on the edges that fed them.
//!
//! Control flow uses labels, as Rust's labelled `loop` and block expressions do:
//! - `Block { label, body }` runs `body` once; `Break(label)` inside it jumps past its end.
//! - `Loop { label, body }` runs `body` forever; falling off the end of `body` or
//!   `Continue(label)` starts the next iteration, `Break(label)` jumps past the loop.
//! - `Return` leaves the function. Every label is bound by exactly one enclosing
//!   `Block` or `Loop`, and `Continue` only names a `Loop`.

mod print;

pub use print::{print_function, print_module};

use crate::ir::{Instr, Param, SourceLoc, Type, Value};
use serde::Serialize;

/// A label of a `Block` or `Loop`, unique within its function.
pub type Label = u32;

/// A module whose functions are structured.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Module {
    /// The module as loaded (its functions' CFG bodies stay available for reference).
    pub ir: crate::ir::Module,
    /// One entry per function of `ir.functions`, in the same order.
    pub functions: Vec<FunctionResult>,
}

/// The result of structuring one function.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum FunctionResult {
    /// The function was structured.
    Ok(Function),
    /// The function could not be structured or contains constructs autov does not model.
    Failed {
        /// The function's name.
        name: String,
        /// Why, with the location where known.
        reason: String,
    },
}

/// A structured function.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Function {
    /// The name without `@`.
    pub name: String,
    /// The return type.
    pub ret_ty: Type,
    /// The parameters.
    pub params: Vec<Param>,
    /// The body.
    pub body: Vec<Stmt>,
    /// Where the function is defined, if known.
    pub loc: Option<SourceLoc>,
}

/// A statement of structured code.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Stmt {
    /// An instruction (never a PHI).
    Instr(Instr),
    /// A parallel assignment: all right-hand sides are read before any destination is written
    /// (what PHI nodes mean on the edge they come from).
    Copies(Vec<Copy>),
    /// A two-way branch on an `i1` value.
    If {
        /// The condition.
        cond: Value,
        /// Run when it is true.
        then_body: Vec<Stmt>,
        /// Run when it is false.
        else_body: Vec<Stmt>,
        /// Source location of the branch.
        loc: Option<SourceLoc>,
    },
    /// A multi-way branch on an integer value. No fall-through: each arm ends its own way.
    Switch {
        /// The scrutinee's type.
        ty: Type,
        /// The scrutinee.
        value: Value,
        /// Arms, tried in order; an arm runs if the value equals one of its case values.
        arms: Vec<SwitchArm>,
        /// Run when no arm matches.
        default: Vec<Stmt>,
        /// Source location of the switch.
        loc: Option<SourceLoc>,
    },
    /// A block that `Break(label)` leaves.
    Block {
        /// The label.
        label: Label,
        /// The body.
        body: Vec<Stmt>,
    },
    /// A loop; see the module documentation.
    Loop {
        /// The label.
        label: Label,
        /// The body.
        body: Vec<Stmt>,
    },
    /// Jump past the end of the enclosing `Block` or `Loop` with this label.
    Break(Label),
    /// Start the next iteration of the enclosing `Loop` with this label.
    Continue(Label),
    /// Return from the function.
    Return {
        /// The returned value, with its type.
        value: Option<(Type, Value)>,
        /// Source location.
        loc: Option<SourceLoc>,
    },
    /// `unreachable`: reaching it is undefined behaviour.
    Unreachable {
        /// Source location.
        loc: Option<SourceLoc>,
    },
}

/// One arm of a [`Stmt::Switch`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SwitchArm {
    /// The case values (bits, zero-extended) that select this arm.
    pub values: Vec<u128>,
    /// The arm's body.
    pub body: Vec<Stmt>,
}

/// One assignment of a parallel [`Stmt::Copies`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Copy {
    /// The local written.
    pub dest: String,
    /// Its type.
    pub ty: Type,
    /// The value read (before any destination of the same `Copies` is written).
    pub value: Value,
}
