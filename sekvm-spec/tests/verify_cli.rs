//! `sekvm-verify` lists obligations, checks a selection with a JSON summary (through the verdict
//! cache on a second run), prints low specs,
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
    assert_eq!(list.lines().count(), 296);
    assert!(
        list.lines()
            .any(|l| l == "PageIndex::region_pages\trefinement"),
        "{list}"
    );
    assert!(
        list.lines().any(|l| l == "S2PTMap::npt_unmap\tabstraction"),
        "{list}"
    );

    let cache = tempfile::tempdir().unwrap();
    let cache = cache.path().to_str().unwrap();
    let check = |extra: &[&str]| {
        let mut args = vec!["check", "PageIndex::region", "--json", "--cache", cache];
        args.extend(extra);
        let out = run(&args);
        assert!(out.status.success());
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let counts = |v: &serde_json::Value| {
        ["verified", "derived", "failed", "cached"].map(|k| v[k].as_u64().unwrap())
    };
    // region_pages has a written spec; region_first_pfn's spec is derived from its code.
    let cold = check(&[]);
    assert_eq!(counts(&cold), [1, 1, 0, 0], "{cold}");
    let warm = check(&[]);
    assert_eq!(counts(&warm), [1, 1, 0, 1], "{warm}");
    let again = check(&["--no-cache"]);
    assert_eq!(counts(&again), [1, 1, 0, 0], "{again}");

    let low = String::from_utf8(run(&["low", "region_pages"]).stdout).unwrap();
    assert!(
        low.starts_with("fn region_pages_low(v_r: u32, st: &RData)"),
        "{low}"
    );

    let missing = run(&["low", "no_such_function"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no_such_function"));
}
