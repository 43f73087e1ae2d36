//! LLVM 19's poison-generating flags that `llvm-ir` 0.11 does not read (`or disjoint`, `zext
//! nneg`, `trunc nuw`/`nsw`): the loader's side pass recovers them, the IR printer shows them,
//! and a low spec is stuck exactly where a flag makes the returned value poison.

use autov::lowspec::{lower_function, Lowering, MemoryInterp};
use autov::spec::{call_within, Int, IntTy, Program, Value};
use std::path::Path;

/// The state of the empty bottom layer.
#[derive(Debug, Clone, PartialEq, autov::SpecType)]
pub struct Nothing {
    /// Unused.
    pub unused: u64,
}

/// A layer without specs.
#[autov::layer(name = "Bottom", state = Nothing)]
pub mod bottom {
    #[allow(unused_imports)]
    use super::*;
}

fn module() -> autov::code::Module {
    let ll = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/flags/flags.ll");
    autov::structure::structure_module(autov::load::load_path(&ll).unwrap())
}

#[test]
fn the_loader_reads_the_flags_and_the_printer_shows_them() {
    let module = module();
    let text = autov::ir::print_module(&module.ir);
    for flagged in [
        "or disjoint i64",
        "or disjoint i1",
        "zext nneg i32",
        "trunc nuw i32",
        "trunc nsw i32",
    ] {
        assert!(text.contains(flagged), "`{flagged}` missing from:\n{text}");
    }
    let plain = text.split("define i64 @plain").nth(1).unwrap();
    assert!(!plain.contains("disjoint") && !plain.contains("nneg") && !plain.contains("nuw"));
}

/// The fixture's functions lowered, in a program that holds them.
fn lowered() -> Program {
    let module = module();
    let mut program = Program::from_layer(bottom::layer).unwrap();
    let memory = MemoryInterp::default();
    let mut defs = Vec::new();
    for f in &module.functions {
        let autov::code::FunctionResult::Ok(f) = f else {
            panic!("{f:?}")
        };
        let cx = Lowering {
            program: &program,
            state: program.layers[0].state.clone(),
            memory: &memory,
            module: &module.ir,
        };
        defs.extend(lower_function(f, &cx).unwrap().defs().cloned());
    }
    for d in defs {
        program.fns.insert(d.name.clone(), d);
    }
    program
}

fn int(ty: IntTy, value: i128) -> Value {
    Value::Int(Int {
        ty,
        value: value.into(),
    })
}

/// Whether the low spec of `f` gives a result on `args` (`false`: it is not allowed there).
fn defined(program: &Program, f: &str, args: &[Value]) -> bool {
    let mut args = args.to_vec();
    args.push(autov::spec::SpecType::to_value(&Nothing { unused: 0 }));
    match call_within(&program.fns, &format!("{f}_low"), args, 1000) {
        Ok(Value::Option(o)) => o.is_some(),
        other => panic!("{f}: {other:?}"),
    }
}

/// (function, arguments, whether the result is defined).
fn check(cases: &[(&str, Vec<Value>, bool)]) {
    let program = lowered();
    for (f, args, expected) in cases {
        assert_eq!(defined(&program, f, args), *expected, "{f}{args:?}");
    }
}

#[test]
fn a_violated_flag_makes_the_result_poison() {
    let (u64_, u32_) = (IntTy::U64, IntTy::U32);
    let b = Value::Bool;
    check(&[
        ("or_disjoint", vec![int(u64_, 0b01), int(u64_, 0b10)], true),
        ("or_disjoint", vec![int(u64_, 0b11), int(u64_, 0b10)], false),
        ("or_disjoint_bool", vec![b(true), b(false)], true),
        ("or_disjoint_bool", vec![b(true), b(true)], false),
        ("zext_nneg", vec![int(u32_, 0x7fff_ffff)], true),
        ("zext_nneg", vec![int(u32_, 0x8000_0000)], false),
        ("trunc_nuw", vec![int(u32_, 255)], true),
        ("trunc_nuw", vec![int(u32_, 256)], false),
        ("trunc_nsw", vec![int(u32_, 127)], true),
        ("trunc_nsw", vec![int(u32_, 0xffff_ff80)], true),
        ("trunc_nsw", vec![int(u32_, 128)], false),
        ("trunc_nsw_bool", vec![int(u32_, 0)], true),
        ("trunc_nsw_bool", vec![int(u32_, u32::MAX.into())], true),
        ("trunc_nsw_bool", vec![int(u32_, 1)], false),
        (
            "plain",
            vec![int(u64_, 3), int(u64_, 6), int(u32_, 0x8000_0000)],
            true,
        ),
    ]);
}
