//! Builds the hypervisor core twice: to one LLVM IR module (`$OUT_DIR/sekvm.ll`, aarch64,
//! for verification) with clang-19 and llvm-link-19, and natively (with the host
//! simulation as the bottom layer) into a static library linked into this crate.

use std::path::{Path, PathBuf};
use std::process::Command;

const SETUP_HINT: &str = "run `bash scripts/setup.sh` from the workspace root to install it";

fn require_tool(tool: &str) {
    match Command::new(tool).arg("--version").output() {
        Ok(out) if out.status.success() => {}
        Ok(out) => panic!(
            "sekvm-hyp build: `{tool} --version` failed ({}); {SETUP_HINT}",
            out.status
        ),
        Err(e) => panic!("sekvm-hyp build: `{tool}` not found ({e}); {SETUP_HINT}"),
    }
}

fn layer_files(c_dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(c_dir)
        .expect("read sekvm-hyp/c")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "c"))
        .collect();
    files.sort();
    files
}

fn run(cmd: &mut Command) {
    let shown = format!("{cmd:?}");
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("sekvm-hyp build: cannot run {shown}: {e}"));
    if !out.status.success() {
        panic!(
            "sekvm-hyp build: {shown} failed ({})\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    let c_dir = manifest.join("c");
    println!("cargo:rerun-if-changed=c");
    println!("cargo:rerun-if-changed=build.rs");

    let layers = layer_files(&c_dir);
    assert!(
        !layers.is_empty(),
        "sekvm-hyp build: no C files in {}",
        c_dir.display()
    );

    // 1. LLVM IR for verification.
    require_tool("clang-19");
    require_tool("llvm-link-19");
    let ir_dir = out_dir.join("ir");
    std::fs::create_dir_all(&ir_dir).expect("create ir dir");
    let mut ll_files = Vec::new();
    let mut sources: Vec<(PathBuf, String)> = layers
        .iter()
        .map(|p| {
            (
                p.clone(),
                p.file_stem().unwrap().to_string_lossy().into_owned(),
            )
        })
        .collect();
    sources.push((
        c_dir.join("arch").join("aarch64.c"),
        "arch_aarch64".to_string(),
    ));
    for (src, stem) in &sources {
        let ll = ir_dir.join(format!("{stem}.ll"));
        run(Command::new("clang-19")
            .args([
                "--target=aarch64-linux-gnu",
                "-O1",
                "-g",
                "-fno-inline",
                "-ffreestanding",
                "-fno-discard-value-names",
                "-std=c99",
                "-Wall",
                "-Werror",
                "-S",
                "-emit-llvm",
            ])
            .arg("-I")
            .arg(&c_dir)
            .arg("-o")
            .arg(&ll)
            .arg(src));
        ll_files.push(ll);
    }
    let linked = out_dir.join("sekvm.ll");
    run(Command::new("llvm-link-19")
        .arg("-S")
        .arg("-o")
        .arg(&linked)
        .args(&ll_files));

    // 2. Native library: every layer plus the host simulation.
    let mut build = cc::Build::new();
    build
        .include(&c_dir)
        .std("c99")
        .opt_level(1)
        .warnings(true)
        .extra_warnings(true)
        .flag_if_supported("-fno-strict-aliasing");
    for f in &layers {
        build.file(f);
    }
    build.file(c_dir.join("arch").join("host_sim.c"));
    build.compile("sekvm_hyp_sim");
}
