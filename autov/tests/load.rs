//! Loader tests: `.ll` fixtures with their expected dump beside them, C compiled at test
//! time, and bad input.

mod common;

use autov::ir::{self, Callee, InstrKind};
use autov::load::{load_path, LoadError};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/load")
        .join(name)
}

/// Loads `fixtures/load/NAME.ll` and compares its dump with `NAME.ir` (UPDATE_EXPECT=1 rewrites).
fn check(name: &str) {
    let module = load_path(&fixture(&format!("{name}.ll"))).unwrap_or_else(|e| panic!("{e}"));
    let mut dump = ir::print_module(&module);
    dump = dump.replace(&module.name, "<module>");
    expect_test::expect_file![fixture(&format!("{name}.ir"))].assert_eq(&dump);
}

#[test]
fn loads_layouts_constant_geps_switch_phi_atomics_and_intrinsics() {
    check("basic");
}

#[test]
fn reads_old_typed_pointer_ir_through_llvm_as_14() {
    check("typed_pointers");
}

fn compile_c(source: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("input.c");
    let ll = dir.path().join("input.ll");
    std::fs::write(&c, source).unwrap();
    common::compile_c_for_verification(&c, &ll);
    (dir, ll)
}

#[test]
fn recovers_inline_asm_text_and_debug_lines() {
    let (_dir, ll) = compile_c(
        "void set_vbar(unsigned long v) {\n  asm volatile(\"msr vbar_el2, %0\" :: \"r\"(v));\n  asm volatile(\"isb\" ::: \"memory\");\n}\n",
    );
    let m = load_path(&ll).unwrap();
    let f = &m.functions[0];
    let asm: Vec<(String, String, u32)> = f.blocks[0]
        .instrs
        .iter()
        .filter_map(|i| match &i.kind {
            InstrKind::Call {
                callee: Callee::Asm(a),
                ..
            } => Some((
                a.template.clone(),
                a.constraints.clone(),
                i.loc.as_ref().unwrap().line,
            )),
            _ => None,
        })
        .collect();
    assert_eq!(
        asm,
        vec![
            ("msr vbar_el2, $0".to_string(), "r".to_string(), 2),
            ("isb".to_string(), "~{memory}".to_string(), 3)
        ]
    );
    assert!(f.loc.as_ref().unwrap().file.ends_with("input.c"));
}

#[test]
fn a_missing_file_is_an_io_error_naming_it() {
    let err = load_path(Path::new("/no/such/file.ll")).unwrap_err();
    assert!(matches!(err, LoadError::Io { .. }));
    assert!(
        err.to_string().starts_with("/no/such/file.ll: cannot read"),
        "{err}"
    );
}

#[test]
fn garbage_and_truncated_ir_are_parse_errors_naming_the_file() {
    for name in ["garbage.ll", "truncated.ll"] {
        let err = load_path(&fixture(name)).unwrap_err();
        assert!(matches!(err, LoadError::Parse { .. }), "{name}: {err:?}");
        let text = err.to_string();
        assert!(
            text.contains(name) && text.contains("not valid LLVM IR"),
            "{text}"
        );
    }
}

#[test]
fn garbage_bitcode_is_a_parse_error() {
    let dir = tempfile::tempdir().unwrap();
    let bc = dir.path().join("bad.bc");
    std::fs::write(&bc, b"BC\xC0\xDE garbage").unwrap();
    let err = load_path(&bc).unwrap_err();
    assert!(matches!(err, LoadError::Parse { .. }), "{err:?}");
}
