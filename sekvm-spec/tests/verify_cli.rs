//! `sekvm-verify` lists obligations, checks a selection with a JSON summary, prints low specs,
//! and reports an unknown function as an error.

use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sekvm-verify"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn lists_checks_and_prints_low_specs() {
    let list = String::from_utf8(run(&["list"]).stdout).unwrap();
    assert_eq!(list.lines().count(), 291);
    assert!(
        list.lines()
            .any(|l| l == "PageIndex::region_pages\trefinement"),
        "{list}"
    );

    let check = run(&["check", "PageIndex::region", "--json"]);
    assert!(check.status.success());
    let v: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    assert_eq!(
        (v["verified"].as_u64(), v["failed"].as_u64()),
        (Some(2), Some(0)),
        "{v}"
    );

    let low = String::from_utf8(run(&["low", "region_pages"]).stdout).unwrap();
    assert!(
        low.starts_with("fn region_pages_low(v_r: u32, st: &RData)"),
        "{low}"
    );

    let missing = run(&["low", "no_such_function"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no_such_function"));
}
