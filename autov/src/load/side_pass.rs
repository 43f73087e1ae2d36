//! A second read of the module through the LLVM-C API (`llvm-sys`), for the facts that
//! `llvm-ir` 0.11 does not expose: the text of inline assembly and the source element type
//! of constant-expression GEPs.
//!
//! Inline-asm calls are keyed by (function, block index, instruction index), which is the
//! order `llvm-ir` lists them in. Constant GEPs are keyed by a canonical text of their operands
//! ([`ConstKey`]), which both this pass and the converter compute; a key that maps to two
//! different source types is recorded as ambiguous, and the converter then reports the constant
//! as unsupported rather than guess.

use crate::ir::{ArithFlags, FloatKind, InlineAsm, Type};
#[allow(deprecated)] // the only bitcode reader that reports errors as a message
use llvm_sys::bit_reader::LLVMParseBitcodeInContext;
use llvm_sys::core::*;
use llvm_sys::ir_reader::LLVMParseIRInContext;
use llvm_sys::prelude::*;
use llvm_sys::{LLVMOpcode, LLVMTypeKind};
use std::collections::{HashMap, HashSet};
use std::ffi::{c_char, CStr, CString};
use std::path::Path;

/// A canonical text of a constant: `@name`, `i32:5`, `null`, `gep(@g,i64:0,i32:3)`, ...
pub(super) type ConstKey = String;

/// What the side pass found.
#[derive(Default)]
pub(super) struct SideFacts {
    /// Inline asm of call instructions, by (function, block index, instruction index).
    pub asm: HashMap<(String, usize, usize), InlineAsm>,
    /// Source element types of constant GEPs; `None` where the key is ambiguous.
    pub gep_types: HashMap<ConstKey, Option<Type>>,
    /// The flags `llvm-ir` does not read (`or disjoint`, `zext nneg`, `trunc nuw`/`nsw`), by
    /// (function, block index, instruction index); only instructions with one set are here.
    pub flags: HashMap<(String, usize, usize), ArithFlags>,
}

/// Reads `path` with LLVM-C and collects the side facts. `Err` carries LLVM's message.
pub(super) fn collect(path: &Path) -> Result<SideFacts, String> {
    let c_path = CString::new(path.to_string_lossy().as_bytes()).map_err(|e| e.to_string())?;
    // SAFETY: every LLVM object is created and disposed here; pointers never escape this call.
    unsafe {
        let ctx = LLVMContextCreate();
        let result = parse(ctx, &c_path).map(|module| {
            let facts = Walker::default().walk_module(module);
            LLVMDisposeModule(module);
            facts
        });
        LLVMContextDispose(ctx);
        result
    }
}

/// Checks that `path` holds readable bitcode, with the LLVM-C reader that reports errors as a
/// message. (`llvm-ir` uses the reader that hands errors to the context's default diagnostic
/// handler, which exits the process, so bad bitcode must be caught before it gets there.)
pub(super) fn validate_bitcode(path: &Path) -> Result<(), String> {
    let c_path = CString::new(path.to_string_lossy().as_bytes()).map_err(|e| e.to_string())?;
    // SAFETY: the context, buffer and module are created and disposed here.
    unsafe {
        let mut buf: LLVMMemoryBufferRef = std::ptr::null_mut();
        let mut msg: *mut c_char = std::ptr::null_mut();
        if LLVMCreateMemoryBufferWithContentsOfFile(c_path.as_ptr(), &mut buf, &mut msg) != 0 {
            return Err(take_message(msg));
        }
        let ctx = LLVMContextCreate();
        let mut module: LLVMModuleRef = std::ptr::null_mut();
        #[allow(deprecated)]
        let failed = LLVMParseBitcodeInContext(ctx, buf, &mut module, &mut msg) != 0;
        let result = if failed {
            Err(take_message(msg))
        } else {
            Ok(())
        };
        if !module.is_null() {
            LLVMDisposeModule(module);
        }
        LLVMDisposeMemoryBuffer(buf);
        LLVMContextDispose(ctx);
        result
    }
}

unsafe fn parse(ctx: LLVMContextRef, path: &CStr) -> Result<LLVMModuleRef, String> {
    let mut buf: LLVMMemoryBufferRef = std::ptr::null_mut();
    let mut msg: *mut c_char = std::ptr::null_mut();
    if LLVMCreateMemoryBufferWithContentsOfFile(path.as_ptr(), &mut buf, &mut msg) != 0 {
        return Err(take_message(msg));
    }
    let mut module: LLVMModuleRef = std::ptr::null_mut();
    // LLVMParseIRInContext takes ownership of the buffer and reads text or bitcode.
    if LLVMParseIRInContext(ctx, buf, &mut module, &mut msg) != 0 {
        return Err(take_message(msg));
    }
    Ok(module)
}

unsafe fn take_message(msg: *mut c_char) -> String {
    if msg.is_null() {
        return "unknown LLVM error".to_string();
    }
    let s = CStr::from_ptr(msg).to_string_lossy().into_owned();
    LLVMDisposeMessage(msg);
    s
}

#[derive(Default)]
struct Walker {
    facts: SideFacts,
    seen: HashSet<usize>,
}

impl Walker {
    unsafe fn walk_module(mut self, m: LLVMModuleRef) -> SideFacts {
        let mut g = LLVMGetFirstGlobal(m);
        while !g.is_null() {
            let init = LLVMGetInitializer(g);
            if !init.is_null() {
                self.visit_constant(init);
            }
            g = LLVMGetNextGlobal(g);
        }
        let mut f = LLVMGetFirstFunction(m);
        while !f.is_null() {
            self.walk_function(f);
            f = LLVMGetNextFunction(f);
        }
        self.facts
    }

    unsafe fn walk_function(&mut self, f: LLVMValueRef) {
        let fname = value_name(f);
        let mut bb = LLVMGetFirstBasicBlock(f);
        let mut bi = 0;
        while !bb.is_null() {
            let mut inst = LLVMGetFirstInstruction(bb);
            let mut ii = 0;
            while !inst.is_null() {
                self.walk_instruction(&fname, bi, ii, inst);
                inst = LLVMGetNextInstruction(inst);
                ii += 1;
            }
            bb = LLVMGetNextBasicBlock(bb);
            bi += 1;
        }
    }

    unsafe fn walk_instruction(&mut self, fname: &str, bi: usize, ii: usize, inst: LLVMValueRef) {
        let flags = poison_flags(inst);
        if flags != ArithFlags::default() {
            self.facts.flags.insert((fname.to_string(), bi, ii), flags);
        }
        if LLVMGetInstructionOpcode(inst) == LLVMOpcode::LLVMCall {
            let callee = LLVMGetCalledValue(inst);
            if !callee.is_null() && !LLVMIsAInlineAsm(callee).is_null() {
                self.facts
                    .asm
                    .insert((fname.to_string(), bi, ii), inline_asm(callee));
            }
        }
        for i in 0..LLVMGetNumOperands(inst) {
            let op = LLVMGetOperand(inst, i as u32);
            if !op.is_null() && !LLVMIsAConstant(op).is_null() {
                self.visit_constant(op);
            }
        }
    }

    /// Visits a constant and everything inside it, once per constant (LLVM uniques constants).
    unsafe fn visit_constant(&mut self, c: LLVMValueRef) {
        if !LLVMIsAGlobalValue(c).is_null() || !self.seen.insert(c as usize) {
            return;
        }
        if !LLVMIsAConstantExpr(c).is_null()
            && LLVMGetConstOpcode(c) == LLVMOpcode::LLVMGetElementPtr
        {
            let ty = convert_type(LLVMGetGEPSourceElementType(c));
            let key = const_key(c);
            match self.facts.gep_types.get(&key) {
                Some(Some(prev)) if *prev != ty => {
                    self.facts.gep_types.insert(key, None);
                }
                Some(_) => {}
                None => {
                    self.facts.gep_types.insert(key, Some(ty));
                }
            }
        }
        for i in 0..LLVMGetNumOperands(c).max(0) {
            let op = LLVMGetOperand(c, i as u32);
            if !op.is_null() && !LLVMIsAConstant(op).is_null() {
                self.visit_constant(op);
            }
        }
    }
}

/// The flags of `inst` that `llvm-ir` does not read: each LLVM-C query is only asked of the
/// opcodes it is defined for.
unsafe fn poison_flags(inst: LLVMValueRef) -> ArithFlags {
    let set = |b: LLVMBool| b != 0;
    match LLVMGetInstructionOpcode(inst) {
        LLVMOpcode::LLVMOr => ArithFlags {
            disjoint: set(LLVMGetIsDisjoint(inst)),
            ..ArithFlags::default()
        },
        LLVMOpcode::LLVMZExt => ArithFlags {
            nneg: set(LLVMGetNNeg(inst)),
            ..ArithFlags::default()
        },
        LLVMOpcode::LLVMTrunc => ArithFlags {
            nuw: set(LLVMGetNUW(inst)),
            nsw: set(LLVMGetNSW(inst)),
            ..ArithFlags::default()
        },
        _ => ArithFlags::default(),
    }
}

unsafe fn inline_asm(v: LLVMValueRef) -> InlineAsm {
    let mut len = 0usize;
    let t = LLVMGetInlineAsmAsmString(v, &mut len);
    let template = lossy(t, len);
    let c = LLVMGetInlineAsmConstraintString(v, &mut len);
    let constraints = lossy(c, len);
    InlineAsm {
        template,
        constraints,
        side_effects: LLVMGetInlineAsmHasSideEffects(v) != 0,
    }
}

unsafe fn lossy(p: *const c_char, len: usize) -> String {
    if p.is_null() {
        return String::new();
    }
    String::from_utf8_lossy(std::slice::from_raw_parts(p.cast::<u8>(), len)).into_owned()
}

unsafe fn value_name(v: LLVMValueRef) -> String {
    let mut len = 0usize;
    let p = LLVMGetValueName2(v, &mut len);
    lossy(p, len)
}

/// The canonical key of a constant, as [`super::convert`] computes it from `llvm-ir`.
unsafe fn const_key(c: LLVMValueRef) -> ConstKey {
    if !LLVMIsAGlobalValue(c).is_null() {
        return format!("@{}", value_name(c));
    }
    if !LLVMIsAConstantInt(c).is_null() {
        let width = LLVMGetIntTypeWidth(LLVMTypeOf(c));
        return format!("i{}:{}", width, LLVMConstIntGetZExtValue(c));
    }
    if !LLVMIsAConstantPointerNull(c).is_null() {
        return "null".to_string();
    }
    if !LLVMIsAConstantExpr(c).is_null() {
        let name = opcode_name(LLVMGetConstOpcode(c));
        let ops: Vec<String> = (0..LLVMGetNumOperands(c))
            .map(|i| const_key(LLVMGetOperand(c, i as u32)))
            .collect();
        return format!("{}({})", name, ops.join(","));
    }
    "?".to_string()
}

fn opcode_name(op: LLVMOpcode) -> &'static str {
    match op {
        LLVMOpcode::LLVMGetElementPtr => "gep",
        LLVMOpcode::LLVMBitCast => "bitcast",
        LLVMOpcode::LLVMPtrToInt => "ptrtoint",
        LLVMOpcode::LLVMIntToPtr => "inttoptr",
        LLVMOpcode::LLVMAddrSpaceCast => "addrspacecast",
        LLVMOpcode::LLVMTrunc => "trunc",
        LLVMOpcode::LLVMAdd => "add",
        LLVMOpcode::LLVMSub => "sub",
        LLVMOpcode::LLVMMul => "mul",
        LLVMOpcode::LLVMXor => "xor",
        _ => "other",
    }
}

/// Converts an LLVM-C type to autov's type.
unsafe fn convert_type(t: LLVMTypeRef) -> Type {
    use LLVMTypeKind::*;
    match LLVMGetTypeKind(t) {
        LLVMVoidTypeKind => Type::Void,
        LLVMIntegerTypeKind => Type::Int(LLVMGetIntTypeWidth(t)),
        LLVMPointerTypeKind => Type::Ptr,
        LLVMHalfTypeKind => Type::Float(FloatKind::Half),
        LLVMBFloatTypeKind => Type::Float(FloatKind::BFloat),
        LLVMFloatTypeKind => Type::Float(FloatKind::Single),
        LLVMDoubleTypeKind => Type::Float(FloatKind::Double),
        LLVMFP128TypeKind => Type::Float(FloatKind::Quad),
        LLVMX86_FP80TypeKind => Type::Float(FloatKind::X86Fp80),
        LLVMPPC_FP128TypeKind => Type::Float(FloatKind::PpcFp128),
        LLVMArrayTypeKind => Type::Array(
            Box::new(convert_type(LLVMGetElementType(t))),
            LLVMGetArrayLength2(t),
        ),
        LLVMVectorTypeKind => Type::Vector(
            Box::new(convert_type(LLVMGetElementType(t))),
            u64::from(LLVMGetVectorSize(t)),
        ),
        LLVMStructTypeKind => struct_type(t),
        other => Type::Other(format!("{other:?}")),
    }
}

unsafe fn struct_type(t: LLVMTypeRef) -> Type {
    let name = LLVMGetStructName(t);
    if !name.is_null() {
        return Type::Named(CStr::from_ptr(name).to_string_lossy().into_owned());
    }
    let n = LLVMCountStructElementTypes(t) as usize;
    let mut elems: Vec<LLVMTypeRef> = vec![std::ptr::null_mut(); n];
    LLVMGetStructElementTypes(t, elems.as_mut_ptr());
    Type::Struct {
        fields: elems.into_iter().map(|e| convert_type(e)).collect(),
        packed: LLVMIsPackedStruct(t) != 0,
    }
}
