//! The spec term language: expressions with source spans, function and layer definitions.
//!
//! A spec body is one expression. Statement sequences are nested [`ExprKind::Let`] and
//! [`ExprKind::Rely`]; an assignment `x.f[i] = v` to a `let mut` variable is a `Let` that rebinds
//! `x` to an [`ExprKind::Update`]; `?` and `return` are kept as they were written
//! ([`ExprKind::Try`], [`ExprKind::Return`]) and leave the enclosing function.

use super::ty::{IntTy, Ty, TypeEnv};
use super::value::Value;
use std::fmt;
use std::sync::Arc;

/// A source position: file, 1-based line and 1-based column.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Span {
    /// The file as the compiler named it.
    pub file: Arc<str>,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub col: u32,
}

impl Span {
    /// A span in `file` at `line`:`col`.
    pub fn new(file: &Arc<str>, line: u32, col: u32) -> Span {
        Span {
            file: file.clone(),
            line,
            col,
        }
    }

    /// A span for terms built by a tool rather than written by a person.
    pub fn generated() -> Span {
        Span {
            file: Arc::from("<generated>"),
            line: 0,
            col: 0,
        }
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.col)
    }
}

/// An expression with its span and, once type checked, its type.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// What the expression is.
    pub kind: ExprKind,
    /// Where it was written.
    pub span: Span,
    /// Its type: `None` until [`crate::spec::check_fn`] fills it in.
    pub ty: Option<Ty>,
}

impl Expr {
    /// An untyped expression.
    pub fn new(kind: ExprKind, span: Span) -> Expr {
        Expr {
            kind,
            span,
            ty: None,
        }
    }

    /// The type the checker gave this expression.
    pub fn checked_ty(&self) -> &Ty {
        self.ty
            .as_ref()
            .expect("expression has not been type checked")
    }
}

/// A unary operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnOp {
    /// `-x` on a signed integer (overflows on the minimum).
    Neg,
    /// `!x`: logical not on `bool`, bitwise not on integers.
    Not,
}

/// A binary operator with Rust's meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    /// `+`, a spec error on overflow.
    Add,
    /// `-`, a spec error on overflow.
    Sub,
    /// `*`, a spec error on overflow.
    Mul,
    /// `/`, a spec error on division by zero or `MIN / -1`.
    Div,
    /// `%`, a spec error on division by zero or `MIN % -1`.
    Rem,
    /// `<<`, a spec error when the amount is not below the width (shifted-out bits are lost).
    Shl,
    /// `>>` (arithmetic on signed types), a spec error when the amount is not below the width.
    Shr,
    /// `&` on integers or `bool`.
    BitAnd,
    /// `|` on integers or `bool`.
    BitOr,
    /// `^` on integers or `bool`.
    BitXor,
    /// `&&` (short-circuit).
    And,
    /// `||` (short-circuit).
    Or,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl BinOp {
    /// The Rust token.
    pub fn token(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Rem => "%",
            BinOp::Shl => "<<",
            BinOp::Shr => ">>",
            BinOp::BitAnd => "&",
            BinOp::BitOr => "|",
            BinOp::BitXor => "^",
            BinOp::And => "&&",
            BinOp::Or => "||",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
        }
    }

    /// Whether the result is `bool` whatever the operand type.
    pub fn is_comparison(self) -> bool {
        matches!(
            self,
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge
        )
    }
}

/// An integer method of the DSL, `recv.method(arg)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntMethod {
    /// `wrapping_add`
    WrappingAdd,
    /// `wrapping_sub`
    WrappingSub,
    /// `wrapping_mul`
    WrappingMul,
    /// `checked_add`, returns `Option`.
    CheckedAdd,
    /// `checked_sub`, returns `Option`.
    CheckedSub,
    /// `checked_mul`, returns `Option`.
    CheckedMul,
    /// `checked_div`, returns `Option`.
    CheckedDiv,
    /// `saturating_add`
    SaturatingAdd,
    /// `saturating_sub`
    SaturatingSub,
    /// `saturating_mul`
    SaturatingMul,
    /// `min`
    Min,
    /// `max`
    Max,
}

impl IntMethod {
    /// The Rust method name.
    pub fn name(self) -> &'static str {
        match self {
            IntMethod::WrappingAdd => "wrapping_add",
            IntMethod::WrappingSub => "wrapping_sub",
            IntMethod::WrappingMul => "wrapping_mul",
            IntMethod::CheckedAdd => "checked_add",
            IntMethod::CheckedSub => "checked_sub",
            IntMethod::CheckedMul => "checked_mul",
            IntMethod::CheckedDiv => "checked_div",
            IntMethod::SaturatingAdd => "saturating_add",
            IntMethod::SaturatingSub => "saturating_sub",
            IntMethod::SaturatingMul => "saturating_mul",
            IntMethod::Min => "min",
            IntMethod::Max => "max",
        }
    }

    /// Whether the result is an `Option`.
    pub fn is_checked(self) -> bool {
        matches!(
            self,
            IntMethod::CheckedAdd
                | IntMethod::CheckedSub
                | IntMethod::CheckedMul
                | IntMethod::CheckedDiv
        )
    }
}

/// One step of the place an assignment writes: `.field`, `[index]` or `.0`.
#[derive(Debug, Clone, PartialEq)]
pub enum Proj {
    /// A struct field.
    Field(String),
    /// A tuple element.
    TupleField(usize),
    /// An array element (a spec error when out of bounds).
    Index(Expr),
}

/// The expressions of the term language.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// An integer literal; its type is the suffix or, when absent, inferred by the checker.
    Int {
        /// The literal's value.
        value: i128,
        /// The suffix or inferred type.
        ty: Option<IntTy>,
    },
    /// `true` or `false`.
    Bool(bool),
    /// A parameter or let-bound variable.
    Var(String),
    /// A Rust constant, with its value taken when the term was built.
    Const {
        /// The constant's name.
        name: String,
        /// Its type.
        ty: Ty,
        /// Its value.
        value: Value,
    },
    /// A unary operation.
    Unary {
        /// The operator.
        op: UnOp,
        /// The operand.
        arg: Box<Expr>,
    },
    /// A binary operation.
    Binary {
        /// The operator.
        op: BinOp,
        /// The left operand.
        lhs: Box<Expr>,
        /// The right operand.
        rhs: Box<Expr>,
    },
    /// An integer method call such as `x.wrapping_add(y)`.
    IntMethod {
        /// The method.
        method: IntMethod,
        /// The receiver.
        recv: Box<Expr>,
        /// The argument.
        arg: Box<Expr>,
    },
    /// `arg as to` between integer types, or from `bool` to an integer type.
    Cast {
        /// The operand.
        arg: Box<Expr>,
        /// The target type.
        to: IntTy,
    },
    /// A tuple `(a, b, ..)`; `()` is the empty tuple.
    Tuple(Vec<Expr>),
    /// `base.0`.
    TupleField {
        /// The tuple.
        base: Box<Expr>,
        /// The position.
        index: usize,
    },
    /// A struct literal `Name { f: e, .. }`, optionally with functional update `..base`.
    Struct {
        /// The struct's name.
        name: String,
        /// The fields given.
        fields: Vec<(String, Expr)>,
        /// The value the other fields come from.
        base: Option<Box<Expr>>,
    },
    /// `base.field`.
    Field {
        /// The struct.
        base: Box<Expr>,
        /// The field's name.
        name: String,
    },
    /// `Enum::Variant` or `Enum::Variant(args)`.
    Variant {
        /// The enum's name.
        enum_name: String,
        /// The variant's name.
        variant: String,
        /// The positional fields.
        args: Vec<Expr>,
    },
    /// `Some(e)`.
    Some(Box<Expr>),
    /// `None`.
    None,
    /// `[a, b, ..]`.
    Array(Vec<Expr>),
    /// `[elem; len]`.
    ArrayRepeat {
        /// The element.
        elem: Box<Expr>,
        /// The length.
        len: u64,
    },
    /// `base[index]`, a spec error when out of bounds.
    Index {
        /// The array.
        base: Box<Expr>,
        /// The index (`usize`).
        index: Box<Expr>,
    },
    /// `Map::new(default)`.
    MapNew(Box<Expr>),
    /// `map.get(key)`.
    MapGet {
        /// The map.
        map: Box<Expr>,
        /// The key.
        key: Box<Expr>,
    },
    /// The map `map` with `key` set to `value` (from `m.set(k, v);` on a `let mut` place).
    MapSet {
        /// The map.
        map: Box<Expr>,
        /// The key.
        key: Box<Expr>,
        /// The new value.
        value: Box<Expr>,
    },
    /// The map `map` with keys `start + (j << shift)`, `j < count`, set to `value` (modulo
    /// 2^64, `shift` modulo 64; from `m.fill(start, count, shift, v);` on a `let mut` place of
    /// a map with `u64` keys): a `memset` of `count` words.
    MapFill {
        /// The map.
        map: Box<Expr>,
        /// The first key.
        start: Box<Expr>,
        /// How many keys (`u64`).
        count: Box<Expr>,
        /// log2 of the distance between keys (`u64`).
        shift: Box<Expr>,
        /// The value they get.
        value: Box<Expr>,
    },
    /// `base` with the place `path` replaced by `value` (from an assignment).
    Update {
        /// The value updated.
        base: Box<Expr>,
        /// The place inside it, outermost step first; never empty.
        path: Vec<Proj>,
        /// The new value of the place.
        value: Box<Expr>,
    },
    /// `let pat: ty = value; body`.
    Let {
        /// The (irrefutable) pattern bound.
        pat: Pat,
        /// The type annotation, if written.
        ty: Option<Ty>,
        /// The bound value.
        value: Box<Expr>,
        /// The rest of the block.
        body: Box<Expr>,
    },
    /// `rely!(cond); body`: `None` from the spec when `cond` is false.
    Rely {
        /// The precondition.
        cond: Box<Expr>,
        /// The rest of the block.
        body: Box<Expr>,
    },
    /// `if cond { then_branch } else { else_branch }`.
    If {
        /// The condition.
        cond: Box<Expr>,
        /// Taken when true.
        then_branch: Box<Expr>,
        /// Taken when false (`()` when the source had no `else`).
        else_branch: Box<Expr>,
    },
    /// `match scrut { arms }`, first matching arm wins.
    Match {
        /// The scrutinee.
        scrut: Box<Expr>,
        /// The arms.
        arms: Vec<Arm>,
    },
    /// A call of a spec or helper by name.
    Call {
        /// The callee's name.
        func: String,
        /// The arguments (references are passed as the values they point to).
        args: Vec<Expr>,
    },
    /// `return e`: leaves the function with `e`.
    Return(Box<Expr>),
    /// `e?` on an `Option`: leaves the function with `None` when `e` is `None`.
    Try(Box<Expr>),
    /// `for var in start..end { body }` over the loop-carried variables `carried`.
    /// `body` sees `var` and the carried variables and yields their new values as a tuple;
    /// the loop's value is the tuple of their final values.
    ForRange {
        /// The counter.
        var: String,
        /// First value of the counter.
        start: Box<Expr>,
        /// Bound (exclusive).
        end: Box<Expr>,
        /// The variables the body assigns.
        carried: Vec<String>,
        /// One iteration.
        body: Box<Expr>,
    },
    /// `autov::forall(|var: ty| body)`: `body` holds for every value of the integer type `ty`.
    /// Only the checker can decide it for wide types; see [`crate::forall`].
    Forall {
        /// The bound variable.
        var: String,
        /// Its integer type.
        ty: IntTy,
        /// The condition (`bool`), which may not `return` or use `?`.
        body: Box<Expr>,
    },
}

/// An arm of a `match`.
#[derive(Debug, Clone, PartialEq)]
pub struct Arm {
    /// The pattern.
    pub pat: Pat,
    /// The value when it matches.
    pub body: Expr,
}

/// A pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pat {
    /// `_`.
    Wild,
    /// A variable binding.
    Bind(String),
    /// An integer literal (of the scrutinee's type).
    Int(i128),
    /// `true` or `false`.
    Bool(bool),
    /// `(p, q, ..)`.
    Tuple(Vec<Pat>),
    /// `Some(p)`.
    Some(Box<Pat>),
    /// `None`.
    None,
    /// `Enum::Variant(p, ..)`.
    Variant {
        /// The enum's name.
        enum_name: String,
        /// The variant's name.
        variant: String,
        /// Patterns of the positional fields.
        args: Vec<Pat>,
    },
    /// `p | q`.
    Or(Vec<Pat>),
}

impl Pat {
    /// The variables the pattern binds, in order.
    pub fn bound(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect_bound(&mut out);
        out
    }

    fn collect_bound<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Pat::Bind(n) => out.push(n),
            Pat::Tuple(ps) | Pat::Variant { args: ps, .. } => {
                ps.iter().for_each(|p| p.collect_bound(out))
            }
            Pat::Some(p) => p.collect_bound(out),
            Pat::Or(ps) => {
                if let Some(p) = ps.first() {
                    p.collect_bound(out)
                }
            }
            Pat::Wild | Pat::Int(_) | Pat::Bool(_) | Pat::None => {}
        }
    }
}

/// Whether a function is a spec of a layer function or a pure helper the specs call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FnKind {
    /// `#[spec]`: returns `Option<_>`, `None` meaning stuck / not allowed.
    Spec,
    /// `#[helper]`: a pure function of its arguments, any return type.
    Helper,
    /// `#[derived] fn f(..) -> Option<_>;`: a function of the layer whose spec is derived from
    /// its code by the engine; only its signature is written.
    Derived,
}

/// A parameter of a spec or helper.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The name.
    pub name: String,
    /// The type (of the value, for a `&T` parameter `T`).
    pub ty: Ty,
    /// Whether Rust passes it by shared reference.
    pub by_ref: bool,
}

/// A reference to another function's definition, resolved lazily (specs may be recursive).
#[derive(Clone, Copy)]
pub struct FnRef {
    /// The callee's name as called.
    pub name: &'static str,
    /// Builds the callee's definition.
    pub def: fn() -> FnDef,
}

impl fmt::Debug for FnRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FnRef({})", self.name)
    }
}

impl PartialEq for FnRef {
    fn eq(&self, other: &FnRef) -> bool {
        self.name == other.name
    }
}

/// Declares a named type (and the named types it mentions) in a type environment.
pub type DeclareTypes = fn(&mut TypeEnv);

/// Runs the Rust function of a spec on argument values (see [`crate::spec::SpecType`]).
pub type NativeFn = fn(&[Value]) -> Result<Value, super::convert::ConvertError>;

/// A spec or helper: its signature, its body as a term, and what it depends on.
#[derive(Debug, Clone)]
pub struct FnDef {
    /// The function's name.
    pub name: String,
    /// Spec or helper.
    pub kind: FnKind,
    /// The parameters.
    pub params: Vec<Param>,
    /// The return type (`Option<_>` for a spec).
    pub ret: Ty,
    /// The body (`None` for [`FnKind::Derived`]).
    pub body: Option<Expr>,
    /// For a recursive function, a `u64` expression over the parameters that every recursive
    /// call decreases.
    pub measure: Option<Expr>,
    /// Where the function is defined.
    pub span: Span,
    /// The functions the body calls.
    pub callees: Vec<FnRef>,
    /// Declarations of the named types the signature and body mention.
    pub types: Vec<DeclareTypes>,
    /// The Rust function itself, for running it on values (`None` for [`FnKind::Derived`]).
    pub native: Option<NativeFn>,
}

impl FnDef {
    /// Calls `f` on every expression of the body and the measure.
    pub fn walk<'a>(&'a self, f: &mut impl FnMut(&'a Expr)) {
        self.body
            .iter()
            .chain(&self.measure)
            .for_each(|e| e.walk(f));
    }

    /// Whether the body calls the function itself.
    pub fn calls_itself(&self) -> bool {
        let mut found = false;
        self.walk(&mut |e| {
            if matches!(&e.kind, ExprKind::Call { func, .. } if *func == self.name) {
                found = true;
            }
        });
        found
    }
}

impl PartialEq for FnDef {
    fn eq(&self, other: &FnDef) -> bool {
        self.name == other.name
            && self.kind == other.kind
            && self.params == other.params
            && self.ret == other.ret
            && self.body == other.body
            && self.measure == other.measure
    }
}

impl Expr {
    /// The direct subexpressions, in evaluation order.
    pub fn children(&self) -> Vec<&Expr> {
        match &self.kind {
            ExprKind::Int { .. }
            | ExprKind::Bool(_)
            | ExprKind::Var(_)
            | ExprKind::Const { .. }
            | ExprKind::None => Vec::new(),
            ExprKind::Unary { arg: a, .. }
            | ExprKind::Cast { arg: a, .. }
            | ExprKind::TupleField { base: a, .. }
            | ExprKind::Field { base: a, .. }
            | ExprKind::Some(a)
            | ExprKind::ArrayRepeat { elem: a, .. }
            | ExprKind::MapNew(a)
            | ExprKind::Return(a)
            | ExprKind::Try(a)
            | ExprKind::Forall { body: a, .. } => vec![a],
            ExprKind::Binary { lhs: a, rhs: b, .. }
            | ExprKind::IntMethod {
                recv: a, arg: b, ..
            }
            | ExprKind::Index { base: a, index: b }
            | ExprKind::MapGet { map: a, key: b }
            | ExprKind::Let {
                value: a, body: b, ..
            }
            | ExprKind::Rely { cond: a, body: b } => vec![a, b],
            ExprKind::MapSet { map, key, value } => vec![map, key, value],
            ExprKind::MapFill {
                map,
                start,
                count,
                shift,
                value,
            } => vec![map, start, count, shift, value],
            ExprKind::If {
                cond,
                then_branch,
                else_branch,
            } => vec![cond, then_branch, else_branch],
            ExprKind::ForRange {
                start, end, body, ..
            } => vec![start, end, body],
            ExprKind::Tuple(es)
            | ExprKind::Array(es)
            | ExprKind::Variant { args: es, .. }
            | ExprKind::Call { args: es, .. } => es.iter().collect(),
            ExprKind::Struct { fields, base, .. } => fields
                .iter()
                .map(|(_, e)| e)
                .chain(base.as_deref())
                .collect(),
            ExprKind::Update { base, path, value } => {
                let ixs = path.iter().filter_map(|p| match p {
                    Proj::Index(e) => Some(e),
                    _ => None,
                });
                std::iter::once(&**value)
                    .chain(std::iter::once(&**base))
                    .chain(ixs)
                    .collect()
            }
            ExprKind::Match { scrut, arms } => std::iter::once(&**scrut)
                .chain(arms.iter().map(|a| &a.body))
                .collect(),
        }
    }

    /// Calls `f` on this expression and every expression inside it.
    pub fn walk<'a>(&'a self, f: &mut impl FnMut(&'a Expr)) {
        f(self);
        for c in self.children() {
            c.walk(f);
        }
    }
}
