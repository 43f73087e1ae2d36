//! The `autov` command line on good and bad input: exit codes, messages, and no output left
//! behind as if complete.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn autov(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_autov"))
        .args(args)
        .output()
        .unwrap()
}

fn fixture(dir: &str, name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir)
        .join(name)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs `autov ir2coq INPUT -o OUT` on bad input and checks the error and that OUT is absent.
fn check_rejected(input: &Path, expected_in_message: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = autov(&[
        "ir2coq",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let msg = stderr(&o);
    assert!(msg.starts_with("error: "), "{msg}");
    for e in expected_in_message {
        assert!(msg.contains(e), "{msg:?} lacks {e:?}");
    }
    assert!(!msg.contains("panicked"), "{msg}");
    assert!(!out.exists(), "a failed conversion left {}", out.display());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(
        leftovers.is_empty(),
        "staging files left behind: {leftovers:?}"
    );
}

#[test]
fn a_missing_file_is_rejected() {
    check_rejected(
        Path::new("/no/such/input.ll"),
        &["/no/such/input.ll", "cannot read"],
    );
}

#[test]
fn garbage_and_truncated_ir_are_rejected() {
    check_rejected(
        &fixture("load", "garbage.ll"),
        &["garbage.ll", "not valid LLVM IR"],
    );
    check_rejected(
        &fixture("load", "truncated.ll"),
        &["truncated.ll", "not valid LLVM IR"],
    );
}

#[test]
fn an_unsupported_terminator_fails_its_function_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let input = fixture("cli", "indirectbr.ll");
    let o = autov(&[
        "ir2coq",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let msg = stderr(&o);
    assert!(
        msg.contains("failed: jump:") && msg.contains("indirectbr"),
        "{msg}"
    );
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("1 functions converted, 1 failed"),
        "{stdout}"
    );
    let coq = std::fs::read_to_string(out.join("code/indirectbr.v")).unwrap();
    assert!(
        coq.contains("indirectbr"),
        "the failure is recorded in the Coq file"
    );
}

#[test]
fn an_output_directory_not_written_by_autov_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("precious.txt"), "keep me").unwrap();
    let input = fixture("cli", "indirectbr.ll");
    let o = autov(&[
        "ir2coq",
        input.to_str().unwrap(),
        "-o",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("was not written by `autov ir2coq`"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("precious.txt")).unwrap(),
        "keep me"
    );
}

#[test]
fn the_report_counts_per_folder_and_prints_json() {
    let dir = tempfile::tempdir().unwrap();
    for (folder, name) in [("a", "indirectbr.ll"), ("b", "basic.ll")] {
        std::fs::create_dir(dir.path().join(folder)).unwrap();
        let src = if folder == "a" {
            fixture("cli", name)
        } else {
            fixture("load", name)
        };
        std::fs::copy(src, dir.path().join(folder).join(name)).unwrap();
    }
    std::fs::copy(
        fixture("load", "garbage.ll"),
        dir.path().join("b/garbage.ll"),
    )
    .unwrap();
    let o = autov(&["ir2coq", "--report", dir.path().to_str().unwrap(), "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["folders"]["a"]["converted"], 1);
    assert_eq!(v["folders"]["a"]["failed"], 1);
    assert_eq!(v["folders"]["b"]["files_failed"], 1);
    assert_eq!(
        v["folders"]["b"]["converted"],
        4 + 2,
        "4 functions and 2 declarations"
    );
    assert_eq!(v["total"]["files"], 3);
    assert!(
        v["reasons"]
            .as_object()
            .unwrap()
            .keys()
            .any(|k| k.contains("indirectbr")),
        "{}",
        v["reasons"]
    );
    assert!(v["wall_seconds"].as_f64().unwrap() > 0.0);
}

#[test]
fn old_ir_without_llvm_as_14_names_the_missing_tool_and_the_setup_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let input = fixture("load", "typed_pointers.ll");
    let o = Command::new(env!("CARGO_BIN_EXE_autov"))
        .args([
            "ir2coq",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .env("PATH", dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let msg = stderr(&o);
    assert!(
        msg.contains("typed_pointers.ll")
            && msg.contains("llvm-as-14")
            && msg.contains("scripts/setup.sh"),
        "{msg}"
    );
    assert!(!out.exists());
}
