//! Conversion of instructions and terminators.

use super::{name_str, Converter};
use crate::ir::*;
use either::Either;
use llvm_ir as L;
use llvm_ir::instruction as I;
use llvm_ir::terminator as T;
use llvm_ir::HasDebugLoc;

impl Converter<'_> {
    pub(super) fn instr(&mut self, fname: &str, bi: usize, ii: usize, i: &L::Instruction) -> Instr {
        let dest = i.try_get_result().map(name_str);
        let loc = self.loc(i.get_debug_loc());
        let kind = self.instr_kind(fname, bi, ii, i);
        Instr { dest, kind, loc }
    }

    fn instr_kind(&mut self, fname: &str, bi: usize, ii: usize, i: &L::Instruction) -> InstrKind {
        use L::Instruction as X;
        let flags = |nsw: bool, nuw: bool, exact: bool| ArithFlags {
            nsw,
            nuw,
            exact,
            ..ArithFlags::default()
        };
        // The flags only the side pass reads (`or disjoint`, `zext nneg`, `trunc nuw`/`nsw`).
        let side = |cx: &Self| match cx.side.flags.is_empty() {
            // The usual case (no side pass, or a module without them): no key is built.
            true => ArithFlags::default(),
            false => cx
                .side
                .flags
                .get(&(fname.to_string(), bi, ii))
                .copied()
                .unwrap_or_default(),
        };
        match i {
            X::Add(x) => self.binary(
                BinOp::Add,
                &x.operand0,
                &x.operand1,
                flags(x.nsw, x.nuw, false),
            ),
            X::Sub(x) => self.binary(
                BinOp::Sub,
                &x.operand0,
                &x.operand1,
                flags(x.nsw, x.nuw, false),
            ),
            X::Mul(x) => self.binary(
                BinOp::Mul,
                &x.operand0,
                &x.operand1,
                flags(x.nsw, x.nuw, false),
            ),
            X::UDiv(x) => self.binary(
                BinOp::UDiv,
                &x.operand0,
                &x.operand1,
                flags(false, false, x.exact),
            ),
            X::SDiv(x) => self.binary(
                BinOp::SDiv,
                &x.operand0,
                &x.operand1,
                flags(false, false, x.exact),
            ),
            X::URem(x) => self.binary(BinOp::URem, &x.operand0, &x.operand1, ArithFlags::default()),
            X::SRem(x) => self.binary(BinOp::SRem, &x.operand0, &x.operand1, ArithFlags::default()),
            X::And(x) => self.binary(BinOp::And, &x.operand0, &x.operand1, ArithFlags::default()),
            X::Or(x) => {
                let disjoint = side(self);
                self.binary(BinOp::Or, &x.operand0, &x.operand1, disjoint)
            }
            X::Xor(x) => self.binary(BinOp::Xor, &x.operand0, &x.operand1, ArithFlags::default()),
            X::Shl(x) => self.binary(
                BinOp::Shl,
                &x.operand0,
                &x.operand1,
                flags(x.nsw, x.nuw, false),
            ),
            X::LShr(x) => self.binary(
                BinOp::LShr,
                &x.operand0,
                &x.operand1,
                flags(false, false, x.exact),
            ),
            X::AShr(x) => self.binary(
                BinOp::AShr,
                &x.operand0,
                &x.operand1,
                flags(false, false, x.exact),
            ),
            X::FAdd(x) => self.fbinary(FloatOp::FAdd, &x.operand0, &x.operand1),
            X::FSub(x) => self.fbinary(FloatOp::FSub, &x.operand0, &x.operand1),
            X::FMul(x) => self.fbinary(FloatOp::FMul, &x.operand0, &x.operand1),
            X::FDiv(x) => self.fbinary(FloatOp::FDiv, &x.operand0, &x.operand1),
            X::FRem(x) => self.fbinary(FloatOp::FRem, &x.operand0, &x.operand1),
            X::FNeg(x) => {
                let (ty, value) = self.typed(&x.operand);
                InstrKind::FNeg { ty, value }
            }
            X::ICmp(x) => {
                let (ty, lhs) = self.typed(&x.operand0);
                let rhs = self.value(&x.operand1);
                InstrKind::ICmp {
                    pred: int_predicate(x.predicate),
                    ty,
                    lhs,
                    rhs,
                }
            }
            X::FCmp(x) => {
                let (ty, lhs) = self.typed(&x.operand0);
                let rhs = self.value(&x.operand1);
                InstrKind::FCmp {
                    pred: x.predicate.to_string(),
                    ty,
                    lhs,
                    rhs,
                }
            }
            X::Trunc(x) => {
                let wraps = side(self);
                self.flagged_cast(CastOp::Trunc, &x.operand, &x.to_type, wraps)
            }
            X::ZExt(x) => {
                let nneg = side(self);
                self.flagged_cast(CastOp::ZExt, &x.operand, &x.to_type, nneg)
            }
            X::SExt(x) => self.cast(CastOp::SExt, &x.operand, &x.to_type),
            X::FPTrunc(x) => self.cast(CastOp::FPTrunc, &x.operand, &x.to_type),
            X::FPExt(x) => self.cast(CastOp::FPExt, &x.operand, &x.to_type),
            X::FPToUI(x) => self.cast(CastOp::FPToUI, &x.operand, &x.to_type),
            X::FPToSI(x) => self.cast(CastOp::FPToSI, &x.operand, &x.to_type),
            X::UIToFP(x) => self.cast(CastOp::UIToFP, &x.operand, &x.to_type),
            X::SIToFP(x) => self.cast(CastOp::SIToFP, &x.operand, &x.to_type),
            X::PtrToInt(x) => self.cast(CastOp::PtrToInt, &x.operand, &x.to_type),
            X::IntToPtr(x) => self.cast(CastOp::IntToPtr, &x.operand, &x.to_type),
            X::BitCast(x) => self.cast(CastOp::BitCast, &x.operand, &x.to_type),
            X::AddrSpaceCast(x) => self.cast(CastOp::AddrSpaceCast, &x.operand, &x.to_type),
            X::Select(x) => {
                let cond = self.value(&x.condition);
                let (ty, then_val) = self.typed(&x.true_value);
                let else_val = self.value(&x.false_value);
                InstrKind::Select {
                    cond,
                    ty,
                    then_val,
                    else_val,
                }
            }
            X::Alloca(x) => InstrKind::Alloca {
                ty: self.ty(&x.allocated_type),
                count: self.value(&x.num_elements),
                align: x.alignment,
            },
            X::Load(x) => InstrKind::Load {
                ty: self.ty(&x.loaded_ty),
                ptr: self.value(&x.address),
                align: x.alignment,
                volatile: x.volatile,
                ordering: x.atomicity.as_ref().and_then(|a| ordering(a.mem_ordering)),
            },
            X::Store(x) => {
                let (ty, value) = self.typed(&x.value);
                InstrKind::Store {
                    ty,
                    value,
                    ptr: self.value(&x.address),
                    align: x.alignment,
                    volatile: x.volatile,
                    ordering: x.atomicity.as_ref().and_then(|a| ordering(a.mem_ordering)),
                }
            }
            X::GetElementPtr(x) => InstrKind::Gep {
                source_ty: self.ty(&x.source_element_type),
                base: self.value(&x.address),
                indices: x.indices.iter().map(|o| self.value(o)).collect(),
                inbounds: x.in_bounds,
            },
            X::Phi(x) => InstrKind::Phi {
                ty: self.ty(&x.to_type),
                incoming: x
                    .incoming_values
                    .iter()
                    .map(|(v, b)| (self.value(v), name_str(b)))
                    .collect(),
            },
            X::Call(x) => self.call(fname, bi, ii, x),
            X::ExtractValue(x) => {
                let (agg_ty, agg) = self.typed(&x.aggregate);
                InstrKind::ExtractValue {
                    agg,
                    agg_ty,
                    indices: x.indices.clone(),
                }
            }
            X::InsertValue(x) => {
                let (agg_ty, agg) = self.typed(&x.aggregate);
                let elem = self.value(&x.element);
                InstrKind::InsertValue {
                    agg,
                    agg_ty,
                    elem,
                    indices: x.indices.clone(),
                }
            }
            X::ExtractElement(x) => {
                let (vec_ty, vector) = self.typed(&x.vector);
                InstrKind::ExtractElement {
                    vector,
                    vec_ty,
                    index: self.value(&x.index),
                }
            }
            X::InsertElement(x) => {
                let (vec_ty, vector) = self.typed(&x.vector);
                let elem = self.value(&x.element);
                InstrKind::InsertElement {
                    vector,
                    vec_ty,
                    elem,
                    index: self.value(&x.index),
                }
            }
            X::ShuffleVector(x) => self.shuffle(x),
            X::Freeze(x) => {
                let (ty, value) = self.typed(&x.operand);
                InstrKind::Freeze { ty, value }
            }
            X::CmpXchg(x) => self.cmpxchg(x),
            X::AtomicRMW(x) => self.atomic_rmw(x),
            X::Fence(x) => match ordering(x.atomicity.mem_ordering) {
                Some(ordering) => InstrKind::Fence { ordering },
                None => unsupported("fence", i),
            },
            X::VAArg(_) => unsupported("va_arg", i),
            X::LandingPad(_) => unsupported("landingpad", i),
            X::CatchPad(_) => unsupported("catchpad", i),
            X::CleanupPad(_) => unsupported("cleanuppad", i),
        }
    }

    fn binary(
        &mut self,
        op: BinOp,
        a: &L::Operand,
        b: &L::Operand,
        flags: ArithFlags,
    ) -> InstrKind {
        let (ty, lhs) = self.typed(a);
        let rhs = self.value(b);
        InstrKind::Binary {
            op,
            ty,
            lhs,
            rhs,
            flags,
        }
    }

    fn fbinary(&mut self, op: FloatOp, a: &L::Operand, b: &L::Operand) -> InstrKind {
        let (ty, lhs) = self.typed(a);
        let rhs = self.value(b);
        InstrKind::FBinary { op, ty, lhs, rhs }
    }

    fn cast(&mut self, op: CastOp, v: &L::Operand, to: &L::TypeRef) -> InstrKind {
        self.flagged_cast(op, v, to, ArithFlags::default())
    }

    fn flagged_cast(
        &mut self,
        op: CastOp,
        v: &L::Operand,
        to: &L::TypeRef,
        flags: ArithFlags,
    ) -> InstrKind {
        let (from, value) = self.typed(v);
        InstrKind::Cast {
            op,
            value,
            from,
            to: self.ty(to),
            flags,
        }
    }

    fn call(&mut self, fname: &str, bi: usize, ii: usize, x: &I::Call) -> InstrKind {
        let args = x.arguments.iter().map(|(a, _)| self.typed(a)).collect();
        let ret_ty = match self.ty(&x.function_ty) {
            Type::Function { ret, .. } => *ret,
            other => other,
        };
        let callee = match &x.function {
            Either::Left(_) => match self.side.asm.get(&(fname.to_string(), bi, ii)) {
                Some(asm) => Callee::Asm(asm.clone()),
                None => {
                    self.missed_side_fact = true;
                    Callee::Asm(InlineAsm {
                        template: String::new(),
                        constraints: String::new(),
                        side_effects: true,
                    })
                }
            },
            Either::Right(L::Operand::ConstantOperand(c)) => match c.as_ref() {
                L::Constant::GlobalReference { name, .. } => Callee::Direct(name_str(name)),
                _ => Callee::Indirect(self.value(&L::Operand::ConstantOperand(c.clone()))),
            },
            Either::Right(op) => Callee::Indirect(self.value(op)),
        };
        InstrKind::Call {
            callee,
            ret_ty,
            args,
        }
    }

    fn shuffle(&mut self, x: &I::ShuffleVector) -> InstrKind {
        let (vec_ty, a) = self.typed(&x.operand0);
        let b = self.value(&x.operand1);
        let mask = match self.constant(&x.mask) {
            Constant::Vector(lanes) => lanes.iter().map(lane_index).collect(),
            Constant::AggregateZero(Type::Vector(_, n)) => vec![Some(0); n as usize],
            Constant::Undef(Type::Vector(_, n)) | Constant::Poison(Type::Vector(_, n)) => {
                vec![None; n as usize]
            }
            other => {
                return InstrKind::Unsupported {
                    opcode: "shufflevector".into(),
                    text: format!("shufflevector with mask {other:?}"),
                }
            }
        };
        InstrKind::ShuffleVector { a, b, vec_ty, mask }
    }

    fn cmpxchg(&mut self, x: &I::CmpXchg) -> InstrKind {
        let (ty, expected) = self.typed(&x.expected);
        match (
            ordering(x.atomicity.mem_ordering),
            ordering(x.failure_memory_ordering),
        ) {
            (Some(success), Some(failure)) => InstrKind::CmpXchg {
                ptr: self.value(&x.address),
                ty,
                expected,
                replacement: self.value(&x.replacement),
                success,
                failure,
                weak: x.weak,
                volatile: x.volatile,
            },
            _ => InstrKind::Unsupported {
                opcode: "cmpxchg".into(),
                text: "cmpxchg without an atomic ordering".into(),
            },
        }
    }

    fn atomic_rmw(&mut self, x: &I::AtomicRMW) -> InstrKind {
        let (ty, value) = self.typed(&x.value);
        match ordering(x.atomicity.mem_ordering) {
            Some(ordering) => InstrKind::AtomicRmw {
                op: rmw_op(x.operation),
                ptr: self.value(&x.address),
                ty,
                value,
                ordering,
                volatile: x.volatile,
            },
            None => InstrKind::Unsupported {
                opcode: "atomicrmw".into(),
                text: "atomicrmw without an atomic ordering".into(),
            },
        }
    }

    pub(super) fn terminator(&mut self, t: &L::Terminator) -> (Terminator, Option<SourceLoc>) {
        use L::Terminator as X;
        let loc = self.loc(t.get_debug_loc());
        let term = match t {
            X::Ret(r) => Terminator::Ret(r.return_operand.as_ref().map(|o| self.typed(o))),
            X::Br(b) => Terminator::Br(name_str(&b.dest)),
            X::CondBr(b) => Terminator::CondBr {
                cond: self.value(&b.condition),
                then_dest: name_str(&b.true_dest),
                else_dest: name_str(&b.false_dest),
            },
            X::Switch(s) => self.switch(s),
            X::Unreachable(_) => Terminator::Unreachable,
            X::IndirectBr(b) => unsupported_term("indirectbr", &b.possible_dests),
            X::Invoke(i) => unsupported_term(
                "invoke",
                &[i.return_label.clone(), i.exception_label.clone()],
            ),
            X::CallBr(c) => unsupported_term("callbr", &[c.return_label.clone()]),
            X::Resume(_) => unsupported_term("resume", &[]),
            X::CleanupRet(_) => unsupported_term("cleanupret", &[]),
            X::CatchRet(_) => unsupported_term("catchret", &[]),
            X::CatchSwitch(_) => unsupported_term("catchswitch", &[]),
        };
        (term, loc)
    }

    fn switch(&mut self, s: &T::Switch) -> Terminator {
        let (ty, value) = self.typed(&s.operand);
        let mut cases = Vec::with_capacity(s.dests.len());
        for (c, dest) in &s.dests {
            match self.constant(c) {
                Constant::Int { value, .. } => cases.push((value, name_str(dest))),
                other => {
                    return Terminator::Unsupported {
                        opcode: format!("switch with a non-integer case value {other:?}"),
                        successors: vec![],
                    }
                }
            }
        }
        Terminator::Switch {
            ty,
            value,
            default: name_str(&s.default_dest),
            cases,
        }
    }
}

fn lane_index(c: &Constant) -> Option<u32> {
    match c {
        Constant::Int { value, .. } => u32::try_from(*value).ok(),
        _ => None,
    }
}

fn unsupported(opcode: &str, i: &L::Instruction) -> InstrKind {
    InstrKind::Unsupported {
        opcode: opcode.to_string(),
        text: i.to_string(),
    }
}

fn unsupported_term(opcode: &str, dests: &[L::Name]) -> Terminator {
    Terminator::Unsupported {
        opcode: opcode.to_string(),
        successors: dests.iter().map(name_str).collect(),
    }
}

fn int_predicate(p: L::IntPredicate) -> IntPredicate {
    use L::IntPredicate as P;
    match p {
        P::EQ => IntPredicate::Eq,
        P::NE => IntPredicate::Ne,
        P::UGT => IntPredicate::Ugt,
        P::UGE => IntPredicate::Uge,
        P::ULT => IntPredicate::Ult,
        P::ULE => IntPredicate::Ule,
        P::SGT => IntPredicate::Sgt,
        P::SGE => IntPredicate::Sge,
        P::SLT => IntPredicate::Slt,
        P::SLE => IntPredicate::Sle,
    }
}

fn ordering(o: I::MemoryOrdering) -> Option<AtomicOrdering> {
    use I::MemoryOrdering as M;
    match o {
        M::Unordered => Some(AtomicOrdering::Unordered),
        M::Monotonic => Some(AtomicOrdering::Monotonic),
        M::Acquire => Some(AtomicOrdering::Acquire),
        M::Release => Some(AtomicOrdering::Release),
        M::AcquireRelease => Some(AtomicOrdering::AcqRel),
        M::SequentiallyConsistent => Some(AtomicOrdering::SeqCst),
        M::NotAtomic => None,
    }
}

fn rmw_op(op: I::RMWBinOp) -> RmwOp {
    use I::RMWBinOp as R;
    match op {
        R::Xchg => RmwOp::Xchg,
        R::Add => RmwOp::Add,
        R::Sub => RmwOp::Sub,
        R::And => RmwOp::And,
        R::Nand => RmwOp::Nand,
        R::Or => RmwOp::Or,
        R::Xor => RmwOp::Xor,
        R::Max => RmwOp::Max,
        R::Min => RmwOp::Min,
        R::UMax => RmwOp::UMax,
        R::UMin => RmwOp::UMin,
        R::FAdd => RmwOp::Other("fadd"),
        R::FSub => RmwOp::Other("fsub"),
        #[allow(unreachable_patterns)]
        _ => RmwOp::Other("other"),
    }
}
