//! C compiled at test time as sekvm-hyp is compiled for verification.

use std::path::Path;
use std::process::Command;

/// Compiles C file `c` to LLVM IR `ll` with clang-19 and sekvm-hyp's flags (aarch64,
/// `-O1 -g -fno-inline -ffreestanding`, value names kept).
pub fn compile_for_verification(c: &Path, ll: &Path) -> Result<(), String> {
    let out = Command::new("clang-19")
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
        .output()
        .map_err(|e| format!("cannot run clang-19 (install it with scripts/setup.sh): {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "clang-19 failed on {}: {}",
            c.display(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(())
}
