//! Helpers shared by autov's integration tests.

use std::path::Path;
use std::process::Command;

/// Compiles C file `c` to LLVM IR `ll` as sekvm-hyp is compiled for verification
/// (clang-19, aarch64, `-O1 -g -fno-inline -ffreestanding`, value names kept).
pub fn compile_c_for_verification(c: &Path, ll: &Path) {
    let status = Command::new("clang-19")
        .args([
            "--target=aarch64-linux-gnu",
            "-O1",
            "-g",
            "-fno-inline",
            "-ffreestanding",
        ])
        .args(["-fno-discard-value-names", "-S", "-emit-llvm", "-o"])
        .arg(ll)
        .arg(c)
        .status()
        .expect("clang-19 runs (install it with scripts/setup.sh)");
    assert!(status.success(), "clang-19 failed on {}", c.display());
}
