//! `export-coq` end to end: the export is deterministic and incremental, its report counts
//! every marked `Admitted` in the files, and coqc (`make -j2`) checks the whole development.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// Runs `export-coq --json --out DIR` and returns its report.
fn export(dir: &Path) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_export-coq"))
        .arg("--json")
        .arg("--out")
        .arg(dir)
        .output()
        .expect("export-coq runs");
    assert!(
        out.status.success(),
        "export-coq failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the report is JSON")
}

/// Every file under `dir` (relative path → bytes), build products excluded.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

fn count(files: &BTreeMap<String, Vec<u8>>, needle: &str) -> usize {
    files
        .iter()
        .filter(|(p, _)| p.ends_with(".v"))
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).matches(needle).count())
        .sum()
}

/// Lines of `.v` files that start with the command or tactic `keyword`.
fn statements(files: &BTreeMap<String, Vec<u8>>, keyword: &str) -> usize {
    files
        .iter()
        .filter(|(p, _)| p.ends_with(".v"))
        .flat_map(|(_, bytes)| {
            String::from_utf8_lossy(bytes)
                .lines()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter(|l| {
            let l = l.trim_start();
            l.starts_with(&format!("{keyword} ")) || l.starts_with(&format!("{keyword}."))
        })
        .count()
}

#[test]
fn export_is_deterministic_counted_and_checked_by_coqc() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("sekvm-coq");

    let first = export(&dir);
    let files = snapshot(&dir);
    let second = export(&dir);
    assert_eq!(files, snapshot(&dir), "a second export changed bytes");
    assert_eq!(second["files_written"], 0, "a second export rewrote files");
    assert_eq!(second["files_unchanged"], first["files_written"]);

    let admitted = first["admitted"].as_u64().unwrap() as usize;
    assert_eq!(count(&files, "AUTOV-ADMITTED"), admitted);
    assert_eq!(count(&files, "Admitted."), admitted, "an unmarked Admitted");
    let development: BTreeMap<String, Vec<u8>> = files
        .into_iter()
        .filter(|(p, _)| !p.starts_with("Autov"))
        .collect();
    for forbidden in ["Axiom", "Parameter", "admit"] {
        assert_eq!(
            statements(&development, forbidden),
            0,
            "the export uses {forbidden}"
        );
    }

    let start = Instant::now();
    make(&dir);
    eprintln!(
        "coqc (make -j2) over the whole development: {:.1} s",
        start.elapsed().as_secs_f64()
    );

    tactics_fail_on_wrong_specs(&dir, tmp.path());
    code_tactic_fails_on_wrong_inputs(&dir, tmp.path());

    let third = export(&dir);
    assert_eq!(third["files_written"], 0);
    assert!(
        !make(&dir).contains("COQC"),
        "an export that changes nothing makes coqc redo work"
    );
}

/// Runs `make -j2` in `dir`, asserting success; its output.
fn make(dir: &Path) -> String {
    let make = Command::new("make")
        .arg("-j2")
        .current_dir(dir)
        .output()
        .expect("make runs");
    let out = format!(
        "{}\n{}",
        String::from_utf8_lossy(&make.stdout),
        String::from_utf8_lossy(&make.stderr)
    );
    assert!(make.status.success(), "coqc failed:\n{out}");
    out
}

/// The generated refinement proofs are not vacuous: for a few written specs, the proof script
/// of `RefProof.v` is run on the spec as exported (the control, which must pass) and on the
/// spec with one change (which must fail with the tactic's own error, not a time limit), both
/// in files outside the development; the same for one loop spec's `LoopProof.v`.
fn tactics_fail_on_wrong_specs(dir: &Path, tmp: &Path) {
    let cases = [
        // autov_refines: a bit mask.
        ("Util", "desc_is_valid", "DESC_VALID", "DESC_TABLE"),
        // autov_refines, with masks and shifts as arithmetic: the mask of the address.
        (
            "Util",
            "leaf_pfn",
            "(Z.land desc PHYS_MASK)",
            "(Z.land desc INDEX_MASK)",
        ),
        // autov_refines_calls: the field read, and the result for an invalid index.
        (
            "PageManager",
            "get_pfn_owner",
            "S2Page_owner",
            "S2Page_count",
        ),
        (
            "PageManager",
            "get_pfn_owner",
            "Exit (Some INVALID_OWNER)",
            "Exit (Some 0)",
        ),
        // autov_refines_deep: the alignment condition.
        ("S2PTWalk", "pmd_entry", "Z.eqb v'4 0", "Z.eqb v'4 1"),
        // autov_refines_deep: the value stored, and the condition on the lock.
        ("Locks", "release_lock_core", "(Some false)", "(Some true)"),
        (
            "Locks",
            "release_lock_core",
            "if v'1 then",
            "if negb v'1 then",
        ),
        // autov_refines with disjoint bits (the poison of `or disjoint` refuted): a wrong type
        // bit, and a wrong shift of the VMID.
        ("Util", "make_table_desc", "DESC_TABLE", "DESC_VALID"),
        ("Util", "make_vttbr", "VTTBR_VMID_SHIFT", "PAGE_SHIFT"),
        // autov_refines_frame (the low spec takes and releases a lock the spec
        // only checks, and calls a spec on the state with the lock taken): the lock checked.
        ("MemManager", "vm_owns_pfn", "LOCK_S2PAGE", "LOCK_CORE"),
        // autov_refines_frame with a chain of updates of one array element (the low spec
        // sets a pool's fields one call at a time): a field's value.
        (
            "S2PTAlloc",
            "reset_s2pt_pool",
            "S2ptPool_set_pmd_used pool 0",
            "S2ptPool_set_pmd_used pool 1",
        ),
        // autov_refines_calls with aligned addresses (the alignment checks of `hw_pt_load`
        // refuted): the result for an entry that is not a table.
        ("S2PTWalk", "walk_pgd", "(Some (0, st))", "(Some (1, st))"),
        // autov_refines_calls with a proved loop spec's lemma: the first entry cleared.
        (
            "Util",
            "clear_pt_page",
            "clear_pt_page_loop0 0 pa st",
            "clear_pt_page_loop0 1 pa st",
        ),
    ];
    for (layer, f, from, to) in cases {
        let fdir = dir.join("SeKVM").join(layer).join(f);
        let spec = std::fs::read_to_string(fdir.join("Spec.v")).unwrap();
        let proof = std::fs::read_to_string(fdir.join("RefProof.v")).unwrap();
        assert!(
            proof.contains("autov_refines"),
            "{f}: its RefProof is not generated"
        );
        let import = format!("Require Import SeKVM.{layer}.{f}.Spec.\n");
        let (head, rest) = proof.split_once(&import).expect("the spec's import");
        // A proof that uses the lemmas of its loop specs (`LoopProof.v`, about the loop specs
        // of `Spec.v`) keeps `Spec.v` imported; the changed spec, defined after it, hides it.
        let loops = proof.contains(&format!("Require Import SeKVM.{layer}.{f}.LoopProof.\n"));
        let def = if loops {
            &spec[spec
                .find(&format!("Definition {f} "))
                .expect("the definition")..]
        } else {
            &spec[spec.find("Definition ").expect("a definition")..]
        };
        assert!(def.contains(from), "{f}: no `{from}` in its spec");
        let mut head = head.to_string();
        if loops {
            head.push_str(&import);
        }
        for line in spec.lines().filter(|l| l.starts_with("Require Import ")) {
            if !head.contains(&format!("{line}\n")) {
                head.push_str(&format!("{line}\n"));
            }
        }
        let (scopes, body) = rest.split_once("\n\n").expect("the scopes");
        let body = &body[..body.find("Qed.").expect("a proof") + 4];
        let file = |name: &str, def: &str| {
            let path = tmp.join(format!("{name}_{f}.v"));
            std::fs::write(&path, format!("{head}{scopes}\n\n{def}\n{body}\n")).unwrap();
            coqc(dir, &path)
        };
        let control = file("Control", def);
        assert!(
            control.status.success(),
            "{f}: the proof fails on its own spec: {}",
            String::from_utf8_lossy(&control.stderr)
        );
        let mutant = file("Mutant", &def.replacen(from, to, 1));
        assert_tactic_failed(f, from, to, &mutant);
    }
    // autov_refines_loop: the loop spec's result on exit. `LoopProof.v` imports the loop spec
    // from the function's `Spec.v`: the control and the mutant define it (as printed there)
    // in place of that import.
    let (f, from, to) = (
        "clear_pt_page_loop0",
        "(Some (1, tt, 0, 0, st))",
        "(Some (0, tt, 0, 0, st))",
    );
    let fdir = dir.join("SeKVM/Util/clear_pt_page");
    let text = std::fs::read_to_string(fdir.join("LoopProof.v")).unwrap();
    let spec = std::fs::read_to_string(fdir.join("Spec.v")).unwrap();
    let import = "Require Import SeKVM.Util.clear_pt_page.Spec.\n";
    let start = spec
        .find(&format!("Fixpoint {f}_fuel "))
        .expect("the loop spec");
    let end = spec.find("Definition clear_pt_page ").expect("the spec");
    let defs = &spec[start..end];
    assert!(
        text.contains("autov_refines_loop") && text.contains(import) && defs.contains(from),
        "{f}: its LoopProof is not generated"
    );
    let (head, body) = text.split_once(import).expect("the spec's import");
    let (scopes, body) = body.split_once("\n\n").expect("the scopes");
    let file = |name: &str, defs: &str| {
        let path = tmp.join(format!("{name}_{f}.v"));
        std::fs::write(&path, format!("{head}{scopes}\n\n{defs}{body}")).unwrap();
        coqc(dir, &path)
    };
    let control = file("Control", defs);
    assert!(
        control.status.success(),
        "{f}: the proof fails on its own loop spec: {}",
        String::from_utf8_lossy(&control.stderr)
    );
    assert_tactic_failed(f, from, to, &file("Mutant", &defs.replacen(from, to, 1)));
}

/// coqc on `path`, over the development in `dir`. A wrong spec makes a tactic fail within
/// seconds (a branch it cannot close fails at once, with a message); a time limit (exit code
/// 124) is not taken for a failure.
fn coqc(dir: &Path, path: &Path) -> std::process::Output {
    Command::new("timeout")
        .arg("300")
        .arg("coqc")
        .arg("-Q")
        .arg(dir.join("Autov"))
        .arg("Autov")
        .arg("-R")
        .arg(dir.join("SeKVM"))
        .arg("SeKVM")
        .arg(path)
        .output()
        .expect("coqc runs")
}

/// The proof of `f` with its spec changed from `from` to `to` failed by a tactic's own failure.
fn assert_tactic_failed(f: &str, from: &str, to: &str, mutant: &std::process::Output) {
    let err = String::from_utf8_lossy(&mutant.stderr);
    assert!(
        !mutant.status.success(),
        "{f}: the proof passes on a wrong spec ({from} -> {to})"
    );
    assert_ne!(
        mutant.status.code(),
        Some(124),
        "{f}: coqc timed out on a wrong spec ({from} -> {to})"
    );
    assert!(
        err.contains("autov: a branch where the") && err.contains("is neither refuted nor closed"),
        "{f}: coqc did not report the tactic's failure: {err}"
    );
    assert!(
        !err.contains("Syntax error") && !err.contains("has type"),
        "{f}: the wrong spec is not well-formed: {err}"
    );
}

/// What a case of [`code_tactic_fails_on_wrong_inputs`] changes: the low spec's text, or the
/// text of the function's code (`Code.v`).
#[derive(Clone, Copy)]
enum CodeCase {
    LowSpec,
    Code,
}

/// The generated code proofs are not vacuous: for a few functions, the proof script of
/// `CodeProof.v` is run on the low spec and code as exported (the control, which must pass)
/// and with one change to the low spec or to the function's code (which must fail with a
/// coqc error), in files outside the development. A changed function is run as the only
/// function of a module with the exported module's layouts and globals.
fn code_tactic_fails_on_wrong_inputs(dir: &Path, tmp: &Path) {
    let cases = [
        // The field read and the field written.
        (
            CodeCase::LowSpec,
            "Accessors",
            "get_host_elr",
            "HostCtxt_elr",
            "HostCtxt_spsr",
        ),
        (
            CodeCase::LowSpec,
            "Accessors",
            "set_s2page_owner",
            "S2Page_set_owner (",
            "S2Page_set_count (",
        ),
        // The bound on the index.
        (
            CodeCase::LowSpec,
            "Accessors",
            "get_s2page_owner",
            "5120",
            "5121",
        ),
        // An array kept as a list: its static length (index 16 of a longer list is not the
        // code's vm[16], which is past the C array), and the element's field written.
        (
            CodeCase::LowSpec,
            "Accessors",
            "get_vm_state",
            "array_get_n 16",
            "array_get_n 17",
        ),
        (
            CodeCase::LowSpec,
            "Accessors",
            "set_vm_state",
            "VmInfo_set_state x'",
            "VmInfo_set_pad x'",
        ),
        // The code's field offset, the value it stores, and its store dropped.
        (
            CodeCase::Code,
            "Accessors",
            "get_host_elr",
            "114616",
            "114624",
        ),
        (
            CodeCase::Code,
            "Accessors",
            "set_host_elr",
            "(IStore (TInt 64) (Loc \"v\")",
            "(IStore (TInt 64) (Cst (CInt 64 0))",
        ),
        (
            CodeCase::Code,
            "Accessors",
            "set_host_elr",
            "  SInstr None (IStore (TInt 64) (Loc \"v\") (Cst (CGep (TInt 8) (CGlobal \"el2_data\") [(CInt 64 114616)] true)) 8 false None);\n",
            "",
        ),
        // A mask constant, and the `or disjoint` whose operands are disjoint by the low spec's
        // poison check.
        (
            CodeCase::LowSpec,
            "Util",
            "make_table_desc",
            "281474976706560",
            "281474976706559",
        ),
        (
            CodeCase::Code,
            "Util",
            "make_table_desc",
            "(Cst (CInt 64 3)) (Fl false false false true false)",
            "(Cst (CInt 64 4095)) (Fl false false false true false)",
        ),
        // Calls of specs below kept folded: the arguments of a call, and a comparison of a
        // call's result in its range (by the callee's own cases).
        (
            CodeCase::LowSpec,
            "S2PTWalk",
            "pmd_entry",
            "(entry_addr v_pmd v_call)",
            "(entry_addr v_call v_pmd)",
        ),
        (
            CodeCase::LowSpec,
            "PageManager",
            "pfn_is_ram",
            "18446744073709551615",
            "18446744073709551614",
        ),
    ];
    let code_v = std::fs::read_to_string(dir.join("SeKVM/Code.v")).unwrap();
    for (case, layer, f, from, to) in cases {
        let fdir = dir.join("SeKVM").join(layer).join(f);
        let proof = std::fs::read_to_string(fdir.join("CodeProof.v")).unwrap();
        assert!(
            proof.contains("autov_code"),
            "{f}: its CodeProof is not generated"
        );
        let import = format!("Require Import SeKVM.{layer}.{f}.LowSpec.\n");
        let (head, rest) = proof.split_once(&import).expect("the low spec's import");
        let (scopes, body) = rest.split_once("\n\n").expect("the scopes");
        let low = std::fs::read_to_string(fdir.join("LowSpec.v")).unwrap();
        let mut head = head.to_string();
        for line in low.lines().filter(|l| l.starts_with("Require Import ")) {
            if !head.contains(&format!("{line}\n")) {
                head.push_str(&format!("{line}\n"));
            }
        }
        let low = &low[low.find("Definition ").expect("a definition")..];
        let fn_def = code_fn(&code_v, f);
        let file = |name: &str, low: &str, fn_def: &str| {
            let path = tmp.join(format!("{name}_{f}_code.v"));
            let module = "Definition code_one : module :=\n  mkmodule (m_structs code) (m_globals code) [fn_one] [] [].\n";
            let body = body.replace(" code ", " code_one ");
            std::fs::write(
                &path,
                format!("{head}{scopes}\n\n{low}\n{fn_def}\n{module}\n{body}\n"),
            )
            .unwrap();
            coqc(dir, &path)
        };
        let control = file("Control", low, &fn_def);
        assert!(
            control.status.success(),
            "{f}: the code proof fails on its own code and low spec: {}",
            String::from_utf8_lossy(&control.stderr)
        );
        let (low_m, fn_m) = match case {
            CodeCase::LowSpec => (low.replacen(from, to, 1), fn_def.clone()),
            CodeCase::Code => (low.to_string(), fn_def.replacen(from, to, 1)),
        };
        assert!(low_m != low || fn_m != fn_def, "{f}: no `{from}` to change");
        let mutant = file("Mutant", &low_m, &fn_m);
        let err = String::from_utf8_lossy(&mutant.stderr);
        assert!(
            !mutant.status.success(),
            "{f}: the code proof passes on a wrong input ({from} -> {to})"
        );
        assert_ne!(
            mutant.status.code(),
            Some(124),
            "{f}: coqc timed out on a wrong input ({from} -> {to})"
        );
        assert!(
            err.contains("Error") && !err.contains("Syntax error") && !err.contains("has type"),
            "{f}: coqc did not report a proof failure: {err}"
        );
    }
}

/// The definition of function `f` in `Code.v`, renamed `fn_one`.
fn code_fn(code_v: &str, f: &str) -> String {
    let start = code_v
        .find(&format!(": func := mkfunc \"{f}\""))
        .expect("the function's code");
    let def_start = code_v[..start].rfind("Definition ").unwrap();
    let end = start + code_v[start..].find("].\n").unwrap() + 3;
    let name = &code_v[def_start + "Definition ".len()..start];
    code_v[def_start..end].replacen(name, "fn_one", 1)
}
