//! The verification artefact: `sekvm.ll` exists, loads with LLVM 19, and defines every
//! function of every layer (and of the aarch64 Bottom) with nothing else left undefined
//! except the assembly world switch.

use std::collections::BTreeSet;
use std::process::Command;

fn ir() -> String {
    std::fs::read_to_string(sekvm_hyp::IR_PATH).expect("sekvm.ll is built by build.rs")
}

fn header_protos(file: &str) -> BTreeSet<String> {
    let src = std::fs::read_to_string(format!("{}/{file}", sekvm_hyp::C_DIR)).unwrap();
    src.lines()
        .map(str::trim)
        .filter(|l| {
            l.ends_with(");") && l.contains('(') && !l.starts_with("/*") && !l.starts_with('*')
        })
        .map(|l| {
            let open = l.find('(').unwrap();
            l[..open]
                .rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .next()
                .unwrap()
                .to_string()
        })
        .collect()
}

fn symbols(ir: &str, kw: &str) -> BTreeSet<String> {
    ir.lines()
        .filter(|l| l.starts_with(kw))
        .map(|l| {
            let at = l.find('@').unwrap();
            l[at + 1..].split('(').next().unwrap().to_string()
        })
        .collect()
}

#[test]
fn ir_defines_every_function() {
    let ir = ir();
    let defined = symbols(&ir, "define ");
    let mut expected = header_protos("hyp.h");
    expected.extend(header_protos("hw.h"));
    let missing: Vec<_> = expected.difference(&defined).collect();
    assert!(missing.is_empty(), "not defined in sekvm.ll: {missing:?}");
    assert_eq!(
        defined.len(),
        expected.len(),
        "extra definitions: {:?}",
        defined.difference(&expected).collect::<Vec<_>>()
    );
    eprintln!(
        "sekvm.ll: {} defines, {} lines",
        defined.len(),
        ir.lines().count()
    );
}

#[test]
fn ir_declares_only_the_world_switch_and_debug_intrinsics() {
    let declared = symbols(&ir(), "declare ");
    for d in &declared {
        assert!(
            d == "__sekvm_guest_enter" || d.starts_with("llvm.dbg."),
            "unexpected declaration {d}"
        );
    }
}

#[test]
fn ir_is_aarch64_with_debug_info_and_names() {
    let ir = ir();
    assert!(ir.contains("target triple = \"aarch64-unknown-linux-gnu\""));
    assert!(ir.contains("!DICompileUnit"));
    assert!(
        ir.contains("@el2_data = "),
        "the state global is in the module"
    );
    assert!(
        ir.contains("%vmid"),
        "value names kept (-fno-discard-value-names)"
    );
    assert!(
        ir.contains("msr vttbr_el2"),
        "inline asm of the Bottom layer"
    );
}

#[test]
fn ir_loads_with_llvm_19() {
    let out = Command::new("llvm-as-19")
        .args(["-o", "/dev/null", sekvm_hyp::IR_PATH])
        .output()
        .expect("llvm-as-19 is installed with clang-19 (bash scripts/setup.sh)");
    assert!(
        out.status.success(),
        "llvm-as-19 rejected sekvm.ll: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
