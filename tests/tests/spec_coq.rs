//! The Coq text of the fixture layers compiles with coqc against `SpecLib.v`, and means what the
//! Rust specs mean on concrete inputs.

#[path = "../specs/pages.rs"]
mod pages;

use autov::spec::{coq_value, print_coq, Program, SpecType, Value};
use expect_test::expect;
use pages::{Owner, Page, PageDb};
use std::path::Path;
use std::process::Command;

const SPEC_LIB: &str = include_str!("../../autov/coq/SpecLib.v");

fn program() -> Program {
    Program::from_layer(pages::manager::layer).unwrap_or_else(|e| panic!("{e}"))
}

/// Writes `files` (module name, text) next to SpecLib.v in `dir` and compiles them in order;
/// the error output of the first that fails.
fn compile(dir: &Path, files: &[(String, String)]) -> Result<(), String> {
    let all =
        std::iter::once(("SpecLib".to_string(), SPEC_LIB.to_string())).chain(files.iter().cloned());
    for (module, text) in all {
        let file = dir.join(format!("{module}.v"));
        std::fs::write(&file, text).unwrap();
        let out = Command::new("coqc")
            .arg("-Q")
            .arg(dir)
            .arg("Autov")
            .arg(&file)
            .current_dir(dir)
            .output()
            .unwrap();
        if !out.status.success() {
            return Err(format!(
                "{module}: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    Ok(())
}

fn state() -> PageDb {
    let mut quota = autov::Map::new(0);
    quota.set(5, 2);
    PageDb {
        pages: [
            Page {
                owner: Owner::Host,
                count: 1,
                gfn: 7,
            },
            Page {
                owner: Owner::Vm(3),
                count: 0,
                gfn: 8,
            },
            Page {
                owner: Owner::Free,
                count: 2,
                gfn: u64::MAX,
            },
            Page {
                owner: Owner::Vm(3),
                count: 0,
                gfn: 9,
            },
        ],
        base: 0x10000,
        quota,
        next_vmid: 4,
    }
}

/// `Example`s stating that Coq computes what the Rust functions return.
fn agreement_examples(p: &Program) -> String {
    let st = state();
    let cases: Vec<(&str, Vec<Value>, Value)> = vec![
        (
            "count_owned",
            vec![3u32.to_value(), st.to_value()],
            pages::manager::count_owned(3, &st).to_value(),
        ),
        (
            "count_free_tail",
            vec![4u64.to_value(), st.to_value()],
            pages::manager::count_free_tail(4, &st).to_value(),
        ),
        (
            "gfn_mix",
            vec![2u64.to_value(), 3u64.to_value(), st.to_value()],
            pages::manager::gfn_mix(2, 3, &st).to_value(),
        ),
        (
            "classify",
            vec![(-7i32).to_value()],
            pages::manager::classify(-7).to_value(),
        ),
        (
            "pair_logic",
            vec![None::<u8>.to_value(), (true, 3u16).to_value()],
            pages::manager::pair_logic(None, (true, 3)).to_value(),
        ),
        (
            "owner_of",
            vec![0x11000u64.to_value(), st.to_value()],
            pages::manager::owner_of(0x11000, &st).to_value(),
        ),
        (
            "vm_pages",
            vec![Some(3u32).to_value(), st.to_value()],
            pages::manager::vm_pages(Some(3), &st).to_value(),
        ),
    ];
    let mut out = String::from("From Autov Require Import Layer_PageManager.\n");
    for (i, (f, args, result)) in cases.iter().enumerate() {
        assert_eq!(
            &p.call(f, args.clone()).unwrap(),
            result,
            "{f}: the evaluator disagrees with Rust"
        );
        let args: String = args.iter().map(|a| format!(" {}", coq_value(a))).collect();
        out.push_str(&format!(
            "Example agrees_{i} : {f}{args} = Returns {}.\nProof. vm_compute. reflexivity. Qed.\n",
            coq_value(result)
        ));
    }
    out.push_str(
        "Example faults : signed_mix (-32768) 1 = Fails.\nProof. vm_compute. reflexivity. Qed.\n",
    );
    out.push_str(&format!(
        "Example assign_changes_state :\n  match assign_to_vm 65536 5 {} with\n  | Returns (Some (ok, s)) => Some (ok, map_get (PageDb_quota s) 5, PageDb_pages s)\n  | _ => None\n  end = Some (true, 1, {}).\nProof. vm_compute. reflexivity. Qed.\n",
        coq_value(&st.to_value()),
        coq_value(&pages::manager::assign_to_vm(0x10000, 5, &st).unwrap().1.pages.to_value()),
    ));
    out.push_str(&mark_run_example());
    out
}

/// An `Example` stating that Coq's `map_fill` sets the keys Rust's `Map::fill` does: five keys
/// 8 apart from 2^64 - 9, wrapping past 2^64.
fn mark_run_example() -> String {
    let mut marks = autov::Map::new(0u8);
    marks.set(7, 1);
    marks.set(31, 4);
    let start = u64::MAX - 8;
    let filled = pages::manager::mark_run(marks.clone(), start, 5, 3, 9).unwrap();
    let keys = [start, u64::MAX, 7, 15, 23, 31, 39];
    let gets: Vec<String> = keys.iter().map(|k| format!("map_get m {k}")).collect();
    let values: Vec<String> = keys.iter().map(|k| filled.get(*k).to_string()).collect();
    format!(
        "Example fill_wraps :\n  match mark_run {} {start} 5 3 9 with\n  | Returns (Some m) => Some [{}]\n  | _ => None\n  end = Some [{}].\nProof. vm_compute. reflexivity. Qed.\n",
        coq_value(&marks.to_value()),
        gets.join("; "),
        values.join("; ")
    )
}

#[test]
fn printed_layers_compile_and_agree_with_rust() {
    let p = program();
    let mut files = print_coq(&p).unwrap();
    files.push(("Agreement".into(), format!("{}{}", "From Coq Require Import ZArith List.\nImport ListNotations.\nFrom Autov Require Import SpecLib DataTypes.\nOpen Scope Z_scope.\n", agreement_examples(&p))));
    let dir = tempfile::tempdir().unwrap();
    if let Err(e) = compile(dir.path(), &files) {
        panic!("{e}");
    }
}

#[test]
fn an_ill_typed_spec_is_rejected_by_coqc() {
    let p = program();
    let mut files = print_coq(&p).unwrap();
    let (_, last) = files.last_mut().unwrap();
    last.push_str(
        "Definition ill_typed (x : Z) : outcome (option Z) := finish (Next (Some true)).\n",
    );
    let dir = tempfile::tempdir().unwrap();
    let err = compile(dir.path(), &files).unwrap_err();
    assert!(err.starts_with("Layer_PageManager"), "{err}");
}

#[test]
fn a_wrong_result_is_rejected_by_coqc() {
    let p = program();
    let mut files = print_coq(&p).unwrap();
    files.push((
        "Wrong".into(),
        "From Autov Require Import SpecLib Layer_PageManager.\nExample wrong : classify 205 = Returns (Some 6%Z).\nProof. vm_compute. reflexivity. Qed.\n".into(),
    ));
    let dir = tempfile::tempdir().unwrap();
    let err = compile(dir.path(), &files).unwrap_err();
    assert!(err.starts_with("Wrong"), "{err}");
}

#[test]
fn prints_a_spec_as_gallina() {
    let files = print_coq(&program()).unwrap();
    let manager = &files
        .iter()
        .find(|(m, _)| m == "Layer_PageManager")
        .unwrap()
        .1;
    let start = manager.find("Definition owner_of").unwrap();
    let end = start + manager[start..].find("\n\n").unwrap();
    expect![[r#"
        Definition owner_of (addr : Z) (st : PageDb) : outcome (option Owner) :=
          finish (
            bind (bind (lift (page_index addr st)) try_opt) (fun idx =>
              bind (if (Z.eqb idx INVALID) then
                Exit None
                else
                Next tt) (fun _ =>
                lift (get_owner idx st))))."#]]
    .assert_eq(&manager[start..end]);
}

/// A Rust array `[T; N]` is a list whose reads and writes are bounded by `N`, not by the list's
/// length (`array_get_n N` / `array_update_n N`).
#[test]
fn prints_array_accesses_bounded_by_the_static_length() {
    let files = print_coq(&program()).unwrap();
    let def = |name: &str| {
        let (_, text) = files
            .iter()
            .find(|(_, t)| t.contains(&format!("Definition {name} ")))
            .unwrap();
        let start = text.find(&format!("Definition {name} ")).unwrap();
        let end = start + text[start..].find("\n\n").unwrap();
        text[start..end].to_string()
    };
    expect![[r#"
        Definition set_owner (idx : Z) (owner : Owner) (st : PageDb) : outcome (option (unit * PageDb)%type) :=
          finish (
            if (idx <? (cast U64 NPAGES)) then
            let st := st in
            bind (of_opt (option_map (PageDb_set_pages st) (array_update_n 4 (PageDb_pages st) (cast USIZE idx) (fun x' => (option_map (Page_set_owner x') (Some owner)))))) (fun st =>
              Next (Some (tt, st)))
            else Exit None)."#]].assert_eq(&def("set_owner"));
    let bits = def("bits");
    assert!(bits.contains("array_get_n 3 xs 2"), "{bits}");
    assert!(!bits.contains("array_get "), "{bits}");
}

#[test]
fn prints_state_types() {
    let files = print_coq(&program()).unwrap();
    expect![[r#"
        (* Generated by autov from Rust specs. *)
        From Coq Require Import ZArith Bool List.
        Import ListNotations.
        From Autov Require Import SpecLib.
        Open Scope Z_scope.

        Inductive Owner : Type :=
        | Owner_Free
        | Owner_Host
        | Owner_Vm (a0 : Z).
        Definition Owner_eqb (a b : Owner) : bool :=
          match a, b with
          | Owner_Free, Owner_Free => true
          | Owner_Host, Owner_Host => true
          | Owner_Vm x0, Owner_Vm y0 => Z.eqb x0 y0
          | _, _ => false
          end.

        Record Page := mkPage { Page_owner : Owner; Page_count : Z; Page_gfn : Z }.
        Definition Page_set_owner (r : Page) (v : Owner) : Page := mkPage v (Page_count r) (Page_gfn r).
        Definition Page_set_count (r : Page) (v : Z) : Page := mkPage (Page_owner r) v (Page_gfn r).
        Definition Page_set_gfn (r : Page) (v : Z) : Page := mkPage (Page_owner r) (Page_count r) v.
        Definition Page_eqb (a b : Page) : bool := Owner_eqb (Page_owner a) (Page_owner b) && Z.eqb (Page_count a) (Page_count b) && Z.eqb (Page_gfn a) (Page_gfn b).

        Record PageDb := mkPageDb { PageDb_pages : (list Page); PageDb_base : Z; PageDb_quota : (Map Z); PageDb_next_vmid : Z }.
        Definition PageDb_set_pages (r : PageDb) (v : (list Page)) : PageDb := mkPageDb v (PageDb_base r) (PageDb_quota r) (PageDb_next_vmid r).
        Definition PageDb_set_base (r : PageDb) (v : Z) : PageDb := mkPageDb (PageDb_pages r) v (PageDb_quota r) (PageDb_next_vmid r).
        Definition PageDb_set_quota (r : PageDb) (v : (Map Z)) : PageDb := mkPageDb (PageDb_pages r) (PageDb_base r) v (PageDb_next_vmid r).
        Definition PageDb_set_next_vmid (r : PageDb) (v : Z) : PageDb := mkPageDb (PageDb_pages r) (PageDb_base r) (PageDb_quota r) v.

        Definition INVALID : Z := 18446744073709551615.
        Definition NPAGES : Z := 4.
        Definition PAGE_SHIFT : Z := 12.
    "#]].assert_eq(&files[0].1);
}
