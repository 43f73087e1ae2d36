//! A mutation engine over autov's IR model ([`autov::ir::Module`], plain data): the mutants of
//! the soundness tests, each one small edit of one instruction of one function.
//!
//! Operators, per site (in block and instruction order, so enumeration is deterministic):
//!
//! - `negate`: an `icmp` predicate replaced by its negation (`eq`↔`ne`, `ult`↔`uge`, ...);
//! - `boundary`: an ordered predicate made strict or non-strict (`ult`↔`ule`, `sgt`↔`sge`, ...);
//! - `const c+1`, `const c-1`, `const 0`: an integer constant operand changed (wrapping at its
//!   width; edits that coincide or change nothing are dropped);
//! - `op`: an integer operation replaced by its counterpart (`add`↔`sub`, `shl`↔`lshr`, ...);
//! - `swap arms`: the two values of a `select` exchanged;
//! - `drop`: a `store`, or a call of a function returning `void`, removed;
//! - `lock swap`: a call of a lock primitive replaced by its partner (`hw_spin_lock`↔
//!   `hw_spin_unlock`, `acquire_lock_X`↔`release_lock_X`);
//! - `call`: a call replaced by a call of a sibling with the same signature (`get_region_base`
//!   → `get_region_size`: the wrong field of the same record).

use autov::ir::{
    BinOp, Callee, Constant, Function, InstrKind, IntPredicate, Module, Terminator, Type, Value,
};
use std::collections::{BTreeMap, BTreeSet};

/// One mutant: an edit of one instruction (or terminator) of one function.
#[derive(Debug, Clone, PartialEq)]
pub struct Mutant {
    /// Stable identifier: `function/block/instruction: operator`.
    pub id: String,
    /// The mutated function.
    pub function: String,
    /// Index of the block in the function.
    block: usize,
    /// Index of the instruction in the block; `None` for the terminator.
    instr: Option<usize>,
    /// What changes.
    edit: Edit,
}

/// The edit a mutant makes.
#[derive(Debug, Clone, PartialEq)]
enum Edit {
    /// Replace the `icmp` predicate.
    Predicate(IntPredicate),
    /// Replace the `n`-th integer constant operand with `value` (the constant's bits).
    Constant { n: usize, value: u128 },
    /// Replace the binary operation.
    Op(BinOp),
    /// Exchange the arms of a `select`.
    SwapArms,
    /// Remove the instruction.
    Drop,
    /// Call another function.
    Callee(String),
}

/// Every mutant of the functions named in `functions` (in that order), deterministically.
pub fn mutants(module: &Module, functions: &[String]) -> Vec<Mutant> {
    functions
        .iter()
        .filter_map(|name| module.functions.iter().find(|f| &f.name == name))
        .flat_map(|f| function_mutants(module, f))
        .collect()
}

/// The functions `root` reaches through direct calls in any of `modules` (itself included), and
/// through `spec_calls` (function -> the functions its written spec calls): the functions whose
/// specs the obligation of `root` depends on.
pub fn call_closure(
    modules: &[&Module],
    root: &str,
    spec_calls: &BTreeMap<String, Vec<String>>,
) -> BTreeSet<String> {
    let mut keep: BTreeSet<String> = BTreeSet::new();
    let mut todo = vec![root.to_string()];
    while let Some(name) = todo.pop() {
        if !keep.insert(name.clone()) {
            continue;
        }
        todo.extend(spec_calls.get(&name).into_iter().flatten().cloned());
        for f in modules
            .iter()
            .flat_map(|m| &m.functions)
            .filter(|f| f.name == name)
        {
            todo.extend(direct_callees(f).map(str::to_string));
        }
    }
    keep
}

fn direct_callees(f: &Function) -> impl Iterator<Item = &str> {
    f.blocks
        .iter()
        .flat_map(|b| &b.instrs)
        .filter_map(|instr| match &instr.kind {
            InstrKind::Call {
                callee: Callee::Direct(c),
                ..
            } => Some(c.as_str()),
            _ => None,
        })
}

/// `module` with `mutant` applied.
pub fn apply(module: &Module, mutant: &Mutant) -> Module {
    let mut out = module.clone();
    let f = out
        .functions
        .iter_mut()
        .find(|f| f.name == mutant.function)
        .expect("the mutated function is in the module");
    let block = &mut f.blocks[mutant.block];
    match (mutant.instr, &mutant.edit) {
        (Some(i), Edit::Drop) => {
            block.instrs.remove(i);
        }
        (Some(i), edit) => edit_instr(&mut block.instrs[i].kind, edit),
        (None, Edit::Constant { n, value }) => {
            if let Some(c) = term_constants(&mut block.term).into_iter().nth(*n) {
                set_int(c, *value);
            }
        }
        (None, edit) => unreachable!("terminators only get constant edits, not {edit:?}"),
    }
    out
}

fn function_mutants(module: &Module, f: &Function) -> Vec<Mutant> {
    let mut out = Vec::new();
    for (b, block) in f.blocks.iter().enumerate() {
        for (i, instr) in block.instrs.iter().enumerate() {
            let site = match &instr.dest {
                Some(d) => format!("{}/{}/%{d}", f.name, block.name),
                None => format!("{}/{}/#{i}", f.name, block.name),
            };
            for (label, edit) in instr_edits(module, &instr.kind) {
                out.push(Mutant {
                    id: format!("{site}: {label}"),
                    function: f.name.clone(),
                    block: b,
                    instr: Some(i),
                    edit,
                });
            }
        }
        let mut term = block.term.clone();
        let widths: Vec<(u32, u128)> = term_constants(&mut term)
            .into_iter()
            .filter_map(|c| int_of(c))
            .collect();
        for (label, edit) in constant_edits(&widths) {
            out.push(Mutant {
                id: format!("{}/{}/ret: {label}", f.name, block.name),
                function: f.name.clone(),
                block: b,
                instr: None,
                edit,
            });
        }
    }
    out
}

/// The edits of one instruction, with their labels.
fn instr_edits(module: &Module, kind: &InstrKind) -> Vec<(String, Edit)> {
    let mut out = Vec::new();
    match kind {
        InstrKind::ICmp { pred, .. } => {
            out.push((
                format!("negate {} -> {}", name(*pred), name(negate(*pred))),
                Edit::Predicate(negate(*pred)),
            ));
            if let Some(b) = boundary(*pred) {
                out.push((
                    format!("boundary {} -> {}", name(*pred), name(b)),
                    Edit::Predicate(b),
                ));
            }
        }
        InstrKind::Binary { op, .. } => {
            if let Some(o) = counterpart(*op) {
                out.push((format!("op {op:?} -> {o:?}").to_lowercase(), Edit::Op(o)));
            }
        }
        InstrKind::Select { .. } => out.push(("swap arms".into(), Edit::SwapArms)),
        InstrKind::Store { .. } => out.push(("drop store".into(), Edit::Drop)),
        InstrKind::Call {
            callee: Callee::Direct(c),
            ret_ty,
            ..
        } => out.extend(call_edits(module, c, ret_ty)),
        _ => {}
    }
    let mut kind = kind.clone();
    let consts: Vec<(u32, u128)> = constants(&mut kind)
        .into_iter()
        .filter_map(|c| int_of(c))
        .collect();
    out.extend(constant_edits(&consts));
    out
}

/// Drop (a void call), lock swap and sibling-call edits of a call of `callee`.
fn call_edits(module: &Module, callee: &str, ret_ty: &Type) -> Vec<(String, Edit)> {
    if callee.starts_with("llvm.") {
        return Vec::new();
    }
    let mut out = Vec::new();
    if *ret_ty == Type::Void {
        out.push((format!("drop call {callee}"), Edit::Drop));
    }
    if let Some(partner) = lock_partner(callee).filter(|p| defines_or_declares(module, p)) {
        out.push((
            format!("lock swap {callee} -> {partner}"),
            Edit::Callee(partner),
        ));
    }
    for s in siblings(module, callee) {
        out.push((format!("call {callee} -> {s}"), Edit::Callee(s)));
    }
    out
}

/// The edits of the integer constants `consts` ((width, bits) of each constant operand).
fn constant_edits(consts: &[(u32, u128)]) -> Vec<(String, Edit)> {
    let mut out = Vec::new();
    for (n, &(bits, value)) in consts.iter().enumerate() {
        let mask = if bits >= 128 {
            u128::MAX
        } else {
            (1u128 << bits) - 1
        };
        let mut seen = vec![value];
        for (label, new) in [
            ("c+1", value.wrapping_add(1) & mask),
            ("c-1", value.wrapping_sub(1) & mask),
            ("0", 0),
        ] {
            if !seen.contains(&new) {
                seen.push(new);
                out.push((
                    format!(
                        "const#{n} {} -> {label} = {}",
                        shown(bits, value),
                        shown(bits, new)
                    ),
                    Edit::Constant { n, value: new },
                ));
            }
        }
    }
    out
}

/// A constant as C would write it: negative when its top bit is set (`-1`, not `4294967295`).
fn shown(bits: u32, value: u128) -> String {
    if bits > 1 && bits < 128 && value >> (bits - 1) == 1 {
        format!("-{}", (1u128 << bits) - value)
    } else {
        value.to_string()
    }
}

fn edit_instr(kind: &mut InstrKind, edit: &Edit) {
    match (kind, edit) {
        (InstrKind::ICmp { pred, .. }, Edit::Predicate(p)) => *pred = *p,
        (InstrKind::Binary { op, .. }, Edit::Op(o)) => *op = *o,
        (
            InstrKind::Select {
                then_val, else_val, ..
            },
            Edit::SwapArms,
        ) => std::mem::swap(then_val, else_val),
        (InstrKind::Call { callee, .. }, Edit::Callee(c)) => *callee = Callee::Direct(c.clone()),
        (kind, Edit::Constant { n, value }) => {
            let c = constants(kind)
                .into_iter()
                .nth(*n)
                .expect("the constant operand exists");
            set_int(c, *value);
        }
        (kind, edit) => unreachable!("edit {edit:?} does not apply to {kind:?}"),
    }
}

/// The operand constants an edit may change: those of arithmetic, comparisons, selects, PHIs,
/// call arguments and stored values (not addresses, not GEP indices).
fn constants(kind: &mut InstrKind) -> Vec<&mut Constant> {
    let values: Vec<&mut Value> = match kind {
        InstrKind::Binary { lhs, rhs, .. } | InstrKind::ICmp { lhs, rhs, .. } => vec![lhs, rhs],
        InstrKind::Select {
            then_val, else_val, ..
        } => vec![then_val, else_val],
        InstrKind::Phi { incoming, .. } => incoming.iter_mut().map(|(v, _)| v).collect(),
        InstrKind::Call { args, .. } => args.iter_mut().map(|(_, v)| v).collect(),
        InstrKind::Store { value, .. } => vec![value],
        _ => Vec::new(),
    };
    values
        .into_iter()
        .filter_map(|v| match v {
            Value::Const(c @ Constant::Int { .. }) => Some(c),
            _ => None,
        })
        .collect()
}

/// The integer constants of a terminator: a returned constant.
fn term_constants(term: &mut Terminator) -> Vec<&mut Constant> {
    match term {
        Terminator::Ret(Some((_, Value::Const(c @ Constant::Int { .. })))) => vec![c],
        _ => Vec::new(),
    }
}

fn int_of(c: &Constant) -> Option<(u32, u128)> {
    match c {
        Constant::Int { bits, value } => Some((*bits, *value)),
        _ => None,
    }
}

fn set_int(c: &mut Constant, new: u128) {
    if let Constant::Int { value, .. } = c {
        *value = new;
    }
}

/// The predicate true exactly when `p` is false.
pub fn negate(p: IntPredicate) -> IntPredicate {
    use IntPredicate::*;
    match p {
        Eq => Ne,
        Ne => Eq,
        Ult => Uge,
        Uge => Ult,
        Ugt => Ule,
        Ule => Ugt,
        Slt => Sge,
        Sge => Slt,
        Sgt => Sle,
        Sle => Sgt,
    }
}

/// The predicate that differs from `p` only when the operands are equal (none for `eq`/`ne`).
fn boundary(p: IntPredicate) -> Option<IntPredicate> {
    use IntPredicate::*;
    Some(match p {
        Ult => Ule,
        Ule => Ult,
        Ugt => Uge,
        Uge => Ugt,
        Slt => Sle,
        Sle => Slt,
        Sgt => Sge,
        Sge => Sgt,
        Eq | Ne => return None,
    })
}

fn name(p: IntPredicate) -> String {
    format!("{p:?}").to_lowercase()
}

/// The operation a slip of the pen turns `op` into.
fn counterpart(op: BinOp) -> Option<BinOp> {
    use BinOp::*;
    Some(match op {
        Add => Sub,
        Sub => Add,
        Shl => LShr,
        LShr => Shl,
        AShr => LShr,
        And => Or,
        Or => And,
        Xor => Or,
        Mul => Add,
        UDiv | SDiv | URem | SRem => return None,
    })
}

/// The other half of a lock primitive: `hw_spin_lock`↔`hw_spin_unlock`,
/// `acquire_lock_X`↔`release_lock_X`.
pub fn lock_partner(callee: &str) -> Option<String> {
    match callee {
        "hw_spin_lock" => Some("hw_spin_unlock".into()),
        "hw_spin_unlock" => Some("hw_spin_lock".into()),
        _ => callee
            .strip_prefix("acquire_lock_")
            .map(|x| format!("release_lock_{x}"))
            .or_else(|| {
                callee
                    .strip_prefix("release_lock_")
                    .map(|x| format!("acquire_lock_{x}"))
            }),
    }
}

fn defines_or_declares(module: &Module, name: &str) -> bool {
    module.functions.iter().any(|f| f.name == name)
        || module.declarations.iter().any(|d| d.name == name)
}

/// Defined functions with `callee`'s name up to its last `_` and its exact signature, other
/// than `callee` and its lock partner: the accessors of the other fields of the same record.
fn siblings(module: &Module, callee: &str) -> Vec<String> {
    let Some(f) = module.functions.iter().find(|f| f.name == callee) else {
        return Vec::new();
    };
    let Some(cut) = callee.rfind('_') else {
        return Vec::new();
    };
    let prefix = &callee[..=cut];
    let sig = |g: &Function| {
        (
            g.ret_ty.clone(),
            g.params.iter().map(|p| p.ty.clone()).collect::<Vec<_>>(),
            g.var_arg,
        )
    };
    let mut out: Vec<String> = module
        .functions
        .iter()
        .filter(|g| g.name != callee && g.name.starts_with(prefix) && sig(g) == sig(f))
        .filter(|g| lock_partner(callee).as_deref() != Some(&g.name))
        .map(|g| g.name.clone())
        .collect();
    out.sort();
    out
}
