//! autov's own model of an LLVM module.
//!
//! The loader (`crate::load`) builds it from `llvm-ir`; nothing else in autov sees `llvm-ir`.
//! Functions here are still control-flow graphs; `crate::structure` turns them into
//! structured code. Names of locals and blocks are kept exactly as LLVM has them (without the
//! `%` sigil; unnamed values are their number as text).

mod print;
mod sites;

pub use print::{print_function, print_module};
pub use sites::{BranchSites, IrBlock};

use serde::Serialize;
use std::sync::Arc;

/// A loaded LLVM module.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Module {
    /// The module's source file name (as LLVM records it) or the path it was read from.
    pub name: String,
    /// The data layout string.
    pub data_layout: String,
    /// The target triple, if the module names one.
    pub target_triple: Option<String>,
    /// Named struct types with their layout.
    pub structs: Vec<StructType>,
    /// Global variables.
    pub globals: Vec<Global>,
    /// Functions with bodies.
    pub functions: Vec<Function>,
    /// Functions declared but not defined here.
    pub declarations: Vec<Declaration>,
    /// Global aliases (`@a = alias ...`).
    pub aliases: Vec<Alias>,
}

/// A global alias: another name for (an address computed from) a global.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alias {
    /// The alias's name without the `@` sigil.
    pub name: String,
    /// What it stands for.
    pub aliasee: Constant,
}

/// A named struct type and its layout under the module's data layout.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StructType {
    /// The name without the `%` sigil, e.g. `struct.page`.
    pub name: String,
    /// Fields in order, with their byte offsets. Empty for an opaque struct.
    pub fields: Vec<Field>,
    /// Size in bytes (the alloc size, including tail padding).
    pub size: u64,
    /// ABI alignment in bytes.
    pub align: u64,
    /// Whether the struct is packed.
    pub packed: bool,
    /// Whether the struct is opaque (declared without a body).
    pub opaque: bool,
}

/// One field of a struct type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    /// The field's type.
    pub ty: Type,
    /// Byte offset from the start of the struct.
    pub offset: u64,
}

/// An LLVM type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub enum Type {
    /// `void`.
    Void,
    /// `iN`, an N-bit integer (`i1` is the boolean type).
    Int(u32),
    /// A floating-point type.
    Float(FloatKind),
    /// An opaque pointer (`ptr`); typed pointers of old IR are read as this too.
    Ptr,
    /// `[N x T]`.
    Array(Box<Type>, u64),
    /// `<N x T>`.
    Vector(Box<Type>, u64),
    /// A named struct type, by name (see `Module::structs`).
    Named(String),
    /// A literal (unnamed) struct type `{ T, ... }` or packed `<{ T, ... }>`.
    Struct {
        /// The field types.
        fields: Vec<Type>,
        /// Whether it is packed.
        packed: bool,
    },
    /// A function type (appears as the type of callees and in declarations).
    Function {
        /// The return type.
        ret: Box<Type>,
        /// The parameter types.
        params: Vec<Type>,
        /// Whether the function takes variable arguments.
        var_arg: bool,
    },
    /// Any other type (label, metadata, token, x86_mmx, target types), by its LLVM text.
    Other(String),
}

/// The floating-point formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum FloatKind {
    /// `half`.
    Half,
    /// `bfloat`.
    BFloat,
    /// `float`.
    Single,
    /// `double`.
    Double,
    /// `fp128`.
    Quad,
    /// `x86_fp80`.
    X86Fp80,
    /// `ppc_fp128`.
    PpcFp128,
}

/// A global variable.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Global {
    /// The name without the `@` sigil.
    pub name: String,
    /// The type of the value stored in the global: its initialiser's type, or
    /// `Type::Other("external")` for an external global (the reader does not expose its type).
    pub ty: Type,
    /// The initialiser, if the global is defined here.
    pub init: Option<Constant>,
    /// Whether the global is `constant`.
    pub is_const: bool,
    /// Alignment in bytes (0 if unspecified).
    pub align: u32,
}

/// A function declared, not defined, in the module.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Declaration {
    /// The name without the `@` sigil.
    pub name: String,
    /// The return type.
    pub ret_ty: Type,
    /// The parameter types.
    pub param_tys: Vec<Type>,
    /// Whether it takes variable arguments.
    pub var_arg: bool,
}

/// A function with a body, as a control-flow graph of basic blocks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Function {
    /// The name without the `@` sigil.
    pub name: String,
    /// The return type.
    pub ret_ty: Type,
    /// The parameters.
    pub params: Vec<Param>,
    /// Whether it takes variable arguments.
    pub var_arg: bool,
    /// Basic blocks; the first is the entry block.
    pub blocks: Vec<Block>,
    /// Where the function is defined in the source (from its debug info), if known.
    pub loc: Option<SourceLoc>,
}

/// A function parameter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Param {
    /// The parameter's local name.
    pub name: String,
    /// Its type.
    pub ty: Type,
}

/// A basic block.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Block {
    /// The block's label.
    pub name: String,
    /// Its non-terminator instructions, PHI nodes first.
    pub instrs: Vec<Instr>,
    /// Its terminator.
    pub term: Terminator,
    /// The terminator's source location.
    pub term_loc: Option<SourceLoc>,
}

/// A source location from debug info.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct SourceLoc {
    /// The source file (shared between all locations of one file).
    pub file: Arc<str>,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, 0 if unknown.
    pub col: u32,
}

/// An operand.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Value {
    /// A local: a parameter or the result of an instruction.
    Local(String),
    /// A constant.
    Const(Constant),
    /// A metadata operand (only arguments of debug and other metadata-taking intrinsics).
    Metadata,
}

/// A constant.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Constant {
    /// An integer of the given width; `value` holds its bits, zero-extended.
    Int {
        /// The width in bits.
        bits: u32,
        /// The value's bits (widths above 128 are not supported by the loader).
        value: u128,
    },
    /// A floating-point constant, kept as its bit pattern where it fits in 64 bits.
    Float {
        /// The format.
        kind: FloatKind,
        /// The IEEE bits for `half`, `float` and `double`; `None` for other formats.
        bits: Option<u64>,
    },
    /// The null pointer.
    Null,
    /// `undef` of the given type.
    Undef(Type),
    /// `poison` of the given type.
    Poison(Type),
    /// `zeroinitializer` of the given type.
    AggregateZero(Type),
    /// A struct constant.
    Struct {
        /// The struct's type.
        ty: Type,
        /// Its field values.
        fields: Vec<Constant>,
    },
    /// An array constant (including `c"..."` strings).
    Array {
        /// The element type.
        elem_ty: Type,
        /// The elements.
        elems: Vec<Constant>,
    },
    /// A vector constant.
    Vector(Vec<Constant>),
    /// The address of a global variable or function.
    GlobalRef(String),
    /// A constant expression.
    Expr(Box<ConstExpr>),
    /// `blockaddress`, `dso_local_equivalent`, `none` tokens and other constants autov does not model.
    Unsupported(String),
}

/// A constant expression (the instruction-like constants LLVM allows).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum ConstExpr {
    /// A binary integer operation.
    Binary {
        /// The operation.
        op: BinOp,
        /// Left operand.
        lhs: Constant,
        /// Right operand.
        rhs: Constant,
    },
    /// An integer comparison.
    ICmp {
        /// The predicate.
        pred: IntPredicate,
        /// Left operand.
        lhs: Constant,
        /// Right operand.
        rhs: Constant,
    },
    /// A cast.
    Cast {
        /// The cast operation.
        op: CastOp,
        /// The operand.
        value: Constant,
        /// The result type.
        to: Type,
    },
    /// A `getelementptr`.
    Gep {
        /// The type indexed by the first index.
        source_ty: Type,
        /// The base pointer.
        base: Constant,
        /// The indices.
        indices: Vec<Constant>,
        /// Whether it is `inbounds`.
        inbounds: bool,
    },
    /// A `select`.
    Select {
        /// The condition.
        cond: Constant,
        /// Value if true.
        then_val: Constant,
        /// Value if false.
        else_val: Constant,
    },
}

/// An instruction other than a terminator.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Instr {
    /// The local it defines, if any.
    pub dest: Option<String>,
    /// What it does.
    pub kind: InstrKind,
    /// Its source location.
    pub loc: Option<SourceLoc>,
}

/// The instruction forms.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum InstrKind {
    /// An integer binary operation on scalars or vectors.
    Binary {
        /// The operation.
        op: BinOp,
        /// The operand type.
        ty: Type,
        /// Left operand.
        lhs: Value,
        /// Right operand.
        rhs: Value,
        /// `nsw`/`nuw`/`exact` flags.
        flags: ArithFlags,
    },
    /// A floating-point binary operation (represented, not executed).
    FBinary {
        /// The operation.
        op: FloatOp,
        /// The operand type.
        ty: Type,
        /// Left operand.
        lhs: Value,
        /// Right operand.
        rhs: Value,
    },
    /// `fneg` (represented, not executed).
    FNeg {
        /// The operand type.
        ty: Type,
        /// The operand.
        value: Value,
    },
    /// `icmp`.
    ICmp {
        /// The predicate.
        pred: IntPredicate,
        /// The operand type.
        ty: Type,
        /// Left operand.
        lhs: Value,
        /// Right operand.
        rhs: Value,
    },
    /// `fcmp` (represented, not executed).
    FCmp {
        /// The predicate, as LLVM writes it (`oeq`, `ult`, ...).
        pred: String,
        /// The operand type.
        ty: Type,
        /// Left operand.
        lhs: Value,
        /// Right operand.
        rhs: Value,
    },
    /// A cast.
    Cast {
        /// The cast operation.
        op: CastOp,
        /// The operand.
        value: Value,
        /// The operand's type.
        from: Type,
        /// The result type.
        to: Type,
        /// `nuw`/`nsw` of `trunc`, `nneg` of `zext`.
        flags: ArithFlags,
    },
    /// `select`.
    Select {
        /// The condition (`i1`, or a vector of `i1`).
        cond: Value,
        /// The result type.
        ty: Type,
        /// Value if true.
        then_val: Value,
        /// Value if false.
        else_val: Value,
    },
    /// `alloca`: a fresh stack slot.
    Alloca {
        /// The allocated type.
        ty: Type,
        /// The number of elements.
        count: Value,
        /// Alignment in bytes.
        align: u32,
    },
    /// `load`.
    Load {
        /// The loaded type.
        ty: Type,
        /// The address.
        ptr: Value,
        /// Alignment in bytes.
        align: u32,
        /// Whether it is volatile.
        volatile: bool,
        /// The atomic ordering, if the load is atomic.
        ordering: Option<AtomicOrdering>,
    },
    /// `store`.
    Store {
        /// The stored type.
        ty: Type,
        /// The value stored.
        value: Value,
        /// The address.
        ptr: Value,
        /// Alignment in bytes.
        align: u32,
        /// Whether it is volatile.
        volatile: bool,
        /// The atomic ordering, if the store is atomic.
        ordering: Option<AtomicOrdering>,
    },
    /// `getelementptr`.
    Gep {
        /// The type the first index steps over.
        source_ty: Type,
        /// The base pointer.
        base: Value,
        /// The indices, each with its type.
        indices: Vec<Value>,
        /// Whether it is `inbounds`.
        inbounds: bool,
    },
    /// A call.
    Call {
        /// What is called.
        callee: Callee,
        /// The return type.
        ret_ty: Type,
        /// The arguments with their types.
        args: Vec<(Type, Value)>,
    },
    /// `phi`: only in CFG form; the structurer turns it into parallel copies.
    Phi {
        /// The type.
        ty: Type,
        /// (value, predecessor block) pairs.
        incoming: Vec<(Value, String)>,
    },
    /// `extractvalue`.
    ExtractValue {
        /// The aggregate.
        agg: Value,
        /// The aggregate's type.
        agg_ty: Type,
        /// The constant indices.
        indices: Vec<u32>,
    },
    /// `insertvalue`.
    InsertValue {
        /// The aggregate.
        agg: Value,
        /// The aggregate's type.
        agg_ty: Type,
        /// The inserted element.
        elem: Value,
        /// The constant indices.
        indices: Vec<u32>,
    },
    /// `extractelement`.
    ExtractElement {
        /// The vector.
        vector: Value,
        /// The vector's type.
        vec_ty: Type,
        /// The index.
        index: Value,
    },
    /// `insertelement`.
    InsertElement {
        /// The vector.
        vector: Value,
        /// The vector's type.
        vec_ty: Type,
        /// The inserted element.
        elem: Value,
        /// The index.
        index: Value,
    },
    /// `shufflevector`.
    ShuffleVector {
        /// First vector.
        a: Value,
        /// Second vector.
        b: Value,
        /// The operands' vector type.
        vec_ty: Type,
        /// The mask; `None` is an undefined lane.
        mask: Vec<Option<u32>>,
    },
    /// `freeze`.
    Freeze {
        /// The type.
        ty: Type,
        /// The operand.
        value: Value,
    },
    /// `cmpxchg`: returns `{ T, i1 }`.
    CmpXchg {
        /// The address.
        ptr: Value,
        /// The compared value's type.
        ty: Type,
        /// The expected value.
        expected: Value,
        /// The replacement.
        replacement: Value,
        /// Ordering on success.
        success: AtomicOrdering,
        /// Ordering on failure.
        failure: AtomicOrdering,
        /// Whether it is `weak` (may fail spuriously).
        weak: bool,
        /// Whether it is volatile.
        volatile: bool,
    },
    /// `atomicrmw`: returns the old value.
    AtomicRmw {
        /// The operation.
        op: RmwOp,
        /// The address.
        ptr: Value,
        /// The operand type.
        ty: Type,
        /// The operand.
        value: Value,
        /// The ordering.
        ordering: AtomicOrdering,
        /// Whether it is volatile.
        volatile: bool,
    },
    /// `fence`.
    Fence {
        /// The ordering.
        ordering: AtomicOrdering,
    },
    /// An instruction autov does not model (`va_arg`, `landingpad`, ...), with its LLVM text.
    Unsupported {
        /// The opcode name.
        opcode: String,
        /// The instruction as LLVM prints it, as far as it is known.
        text: String,
    },
}

/// What a call calls.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Callee {
    /// A function by name (defined, declared, or an `llvm.*` intrinsic).
    Direct(String),
    /// A computed function pointer.
    Indirect(Value),
    /// Inline assembly.
    Asm(InlineAsm),
}

/// An inline-assembly callee.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct InlineAsm {
    /// The assembly template (`isb`, `msr vbar_el2, $0`); empty if the side pass could not read it.
    pub template: String,
    /// The constraint string (`r,~{memory}`).
    pub constraints: String,
    /// Whether it has side effects (`asm volatile`).
    pub side_effects: bool,
}

/// The poison-generating flags of an instruction: `nsw` / `nuw` / `exact` of arithmetic and of
/// `trunc`, `disjoint` of `or`, `nneg` of `zext`. A violated flag makes the result poison.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
pub struct ArithFlags {
    /// No signed wrap.
    pub nsw: bool,
    /// No unsigned wrap.
    pub nuw: bool,
    /// Exact division or shift.
    pub exact: bool,
    /// `or disjoint`: the operands have no set bit in common.
    pub disjoint: bool,
    /// `zext nneg`: the operand is non-negative.
    pub nneg: bool,
}

/// Integer binary operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum BinOp {
    /// `add`.
    Add,
    /// `sub`.
    Sub,
    /// `mul`.
    Mul,
    /// `udiv`.
    UDiv,
    /// `sdiv`.
    SDiv,
    /// `urem`.
    URem,
    /// `srem`.
    SRem,
    /// `and`.
    And,
    /// `or`.
    Or,
    /// `xor`.
    Xor,
    /// `shl`.
    Shl,
    /// `lshr`.
    LShr,
    /// `ashr`.
    AShr,
}

/// Floating-point binary operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum FloatOp {
    /// `fadd`.
    FAdd,
    /// `fsub`.
    FSub,
    /// `fmul`.
    FMul,
    /// `fdiv`.
    FDiv,
    /// `frem`.
    FRem,
}

/// `icmp` predicates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum IntPredicate {
    /// `eq`.
    Eq,
    /// `ne`.
    Ne,
    /// `ugt`.
    Ugt,
    /// `uge`.
    Uge,
    /// `ult`.
    Ult,
    /// `ule`.
    Ule,
    /// `sgt`.
    Sgt,
    /// `sge`.
    Sge,
    /// `slt`.
    Slt,
    /// `sle`.
    Sle,
}

/// Cast operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum CastOp {
    /// `trunc`.
    Trunc,
    /// `zext`.
    ZExt,
    /// `sext`.
    SExt,
    /// `ptrtoint`.
    PtrToInt,
    /// `inttoptr`.
    IntToPtr,
    /// `bitcast`.
    BitCast,
    /// `addrspacecast`.
    AddrSpaceCast,
    /// `fptrunc`.
    FPTrunc,
    /// `fpext`.
    FPExt,
    /// `fptoui`.
    FPToUI,
    /// `fptosi`.
    FPToSI,
    /// `uitofp`.
    UIToFP,
    /// `sitofp`.
    SIToFP,
}

/// `atomicrmw` operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum RmwOp {
    /// `xchg`.
    Xchg,
    /// `add`.
    Add,
    /// `sub`.
    Sub,
    /// `and`.
    And,
    /// `nand`.
    Nand,
    /// `or`.
    Or,
    /// `xor`.
    Xor,
    /// `max` (signed).
    Max,
    /// `min` (signed).
    Min,
    /// `umax`.
    UMax,
    /// `umin`.
    UMin,
    /// Floating-point and other operations, by name (represented, not executed).
    Other(&'static str),
}

/// Atomic orderings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum AtomicOrdering {
    /// `unordered`.
    Unordered,
    /// `monotonic`.
    Monotonic,
    /// `acquire`.
    Acquire,
    /// `release`.
    Release,
    /// `acq_rel`.
    AcqRel,
    /// `seq_cst`.
    SeqCst,
}

/// A block terminator.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Terminator {
    /// `ret` with an optional typed value.
    Ret(Option<(Type, Value)>),
    /// `br label`.
    Br(String),
    /// `br i1 c, label t, label f`.
    CondBr {
        /// The condition.
        cond: Value,
        /// Target if true.
        then_dest: String,
        /// Target if false.
        else_dest: String,
    },
    /// `switch`.
    Switch {
        /// The scrutinee's type.
        ty: Type,
        /// The scrutinee.
        value: Value,
        /// The default target.
        default: String,
        /// (case value, target) pairs; case values are the integer's bits, zero-extended.
        cases: Vec<(u128, String)>,
    },
    /// `unreachable`.
    Unreachable,
    /// A terminator autov does not model (`indirectbr`, `invoke`, `callbr`, `resume`, ...).
    Unsupported {
        /// The opcode name.
        opcode: String,
        /// Its successors, so that the graph is still known.
        successors: Vec<String>,
    },
}

impl Terminator {
    /// The labels this terminator may jump to, in order, with duplicates kept.
    pub fn successors(&self) -> Vec<&str> {
        match self {
            Terminator::Ret(_) | Terminator::Unreachable => vec![],
            Terminator::Br(d) => vec![d],
            Terminator::CondBr {
                then_dest,
                else_dest,
                ..
            } => vec![then_dest, else_dest],
            Terminator::Switch { default, cases, .. } => std::iter::once(default.as_str())
                .chain(cases.iter().map(|(_, d)| d.as_str()))
                .collect(),
            Terminator::Unsupported { successors, .. } => {
                successors.iter().map(String::as_str).collect()
            }
        }
    }
}

impl Function {
    /// The block with the given label.
    pub fn block(&self, name: &str) -> Option<&Block> {
        self.blocks.iter().find(|b| b.name == name)
    }
}
