//! The printed Coq compiles with coqc against the library, and running a printed C function
//! inside Coq (vm_compute) gives what the native program computes.

use autov::code::{self, FunctionResult, Stmt};
use autov::ir::{self, Constant, Param, Type, Value};
use autov::{coq, load, structure};
use std::path::Path;
use std::process::Command;

/// A C file with loops (one with `continue`), a struct, a constant table, a switch, a linked
/// list of globals, stack arrays (one cleared by `memset`), and bit-twiddling intrinsics.
const LIB_C: &str = r#"
static const int table[6] = {3, 1, 4, 1, 5, 9};
struct acc { unsigned long long sum; int count; };

unsigned collatz_steps(unsigned n) {
  unsigned s = 0;
  while (n != 1) { n = (n & 1) ? 3 * n + 1 : n / 2; s++; }
  return s;
}

static void add(struct acc *a, int v) { a->sum += (unsigned long long)v; a->count++; }

int weighted(int k) {
  struct acc a = {0, 0};
  for (int i = 0; i < 6; i++) {
    if (table[i] == 1) continue;
    add(&a, table[i] * (i + k));
  }
  return (int)a.sum - a.count;
}

int classify(int x) {
  switch (x) { case 0: return 10; case 1: case 2: return 20; case 7: return -3; default: return -1; }
}

struct node { int val; struct node *next; };
static struct node n3 = {30, 0}, n2 = {20, &n3}, n1 = {10, &n2};
int list_sum(int bias) { int s = bias; for (struct node *p = &n1; p; p = p->next) s += p->val; return s; }

static void fill(volatile int *a, int n) { for (int i = 0; i < n; i++) a[i] = i * i; }
int squares(int n) {
  volatile int buf[16];
  if (n > 16) n = 16;
  fill(buf, n);
  int s = 0;
  for (int i = 0; i < n; i++) s += buf[i];
  return s;
}

int zeroed(int k) {
  int a[32] = {0};
  a[k & 31] = k;
  int s = 0;
  for (int i = 0; i < 32; i++) s += a[i] * (i + 1);
  return s;
}

unsigned long long mix(unsigned long long x) {
  unsigned long long r = __builtin_bswap64(x) ^ ((x << 7) | (x >> 57));
  unsigned long long o;
  if (__builtin_add_overflow(r, x, &o)) o ^= 1;
  return o + (unsigned long long)__builtin_ctzll(x | 0x100);
}
"#;

/// The calls checked: (function, bit width of its argument and result, argument).
/// `MAIN_C` prints their results, in this order, as unsigned numbers of that width.
const CALLS: &[(&str, u32, u64)] = &[
    ("collatz_steps", 32, 27),
    ("weighted", 32, 3),
    ("classify", 32, 7),
    ("classify", 32, 42),
    ("list_sum", 32, 5),
    ("squares", 32, 10),
    ("zeroed", 32, 13),
    ("mix", 64, 0x0123_4567_89ab_cdef),
];

/// Runs the calls of `CALLS` natively.
const MAIN_C: &str = r#"
#include <stdio.h>
unsigned collatz_steps(unsigned n);
int weighted(int k);
int classify(int x);
int list_sum(int bias);
int squares(int n);
int zeroed(int k);
unsigned long long mix(unsigned long long x);
int main(void) {
  printf("%u %u %u %u %u %u %u %llu\n", collatz_steps(27), (unsigned)weighted(3),
         (unsigned)classify(7), (unsigned)classify(42), (unsigned)list_sum(5),
         (unsigned)squares(10), (unsigned)zeroed(13), mix(0x0123456789abcdefULL));
  return 0;
}
"#;

fn run(cmd: &mut Command) -> std::process::Output {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Writes the library into `dir/Autov` and `files` into `dir/Test` with a `_CoqProject`,
/// and runs coqc on
/// everything in order; returns whether the last file compiled, and coqc's messages.
fn coqc_project(dir: &Path, files: &[(&str, &str)]) -> (bool, String) {
    std::fs::create_dir_all(dir.join("Autov")).unwrap();
    std::fs::create_dir_all(dir.join("Test")).unwrap();
    let mut order = Vec::new();
    for (name, text) in coq::library_files() {
        std::fs::write(dir.join("Autov").join(name), text).unwrap();
        order.push(format!("Autov/{name}"));
    }
    for (name, text) in files {
        std::fs::write(dir.join("Test").join(name), text).unwrap();
        order.push(format!("Test/{name}"));
    }
    let project = format!("-Q Autov Autov\n-Q Test Test\n{}\n", order.join("\n"));
    std::fs::write(dir.join("_CoqProject"), project).unwrap();
    for (i, file) in order.iter().enumerate() {
        let out = Command::new("coqc")
            .current_dir(dir)
            .args(["-Q", "Autov", "Autov", "-Q", "Test", "Test", file])
            .output()
            .expect("cannot run coqc");
        let msg = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        if !out.status.success() {
            assert_eq!(
                i,
                order.len() - 1,
                "coqc failed on {file} before the last file:\n{msg}"
            );
            return (false, msg);
        }
    }
    (true, String::new())
}

/// The native program's outputs: the numbers `MAIN_C` prints.
fn native_results(dir: &Path) -> Vec<u64> {
    std::fs::write(dir.join("lib.c"), LIB_C).unwrap();
    std::fs::write(dir.join("main.c"), MAIN_C).unwrap();
    let exe = dir.join("native");
    run(Command::new("cc")
        .current_dir(dir)
        .args(["-O1", "lib.c", "main.c", "-o"])
        .arg(&exe));
    let out = run(&mut Command::new(&exe));
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .map(|w| w.parse().unwrap())
        .collect()
}

/// `LIB_C` compiled by clang, loaded, structured and printed as Coq module `Lib`.
fn printed_lib(dir: &Path) -> String {
    std::fs::write(dir.join("lib.c"), LIB_C).unwrap();
    run(Command::new("clang-19").current_dir(dir).args([
        "-O1",
        "-g",
        "-S",
        "-emit-llvm",
        "-fno-discard-value-names",
        "lib.c",
        "-o",
        "lib.ll",
    ]));
    let ir = load::load_path(&dir.join("lib.ll")).expect("load lib.ll");
    let module = structure::structure_module(ir);
    coq::print_module(&module, "Lib")
}

/// Coq `Example`s that run the calls of `CALLS` in `Lib` and expect `results`.
fn examples(results: &[u64]) -> String {
    let mut text = String::from(
        "From Coq Require Import ZArith String List.\n\
         From Autov Require Import Values MemLayer.\n\
         From Test Require Import Lib.\n\
         Import ListNotations.\nOpen Scope string_scope.\nOpen Scope Z_scope.\n",
    );
    for (i, ((f, w, arg), want)) in CALLS.iter().zip(results).enumerate() {
        text.push_str(&format!(
            "Example run_{i} : run_fn Lib \"{f}\" [VInt {w} {arg}] = Some (Some (VInt {w} {want})).\n\
             Proof. vm_compute. reflexivity. Qed.\n"
        ));
    }
    text
}

#[test]
fn printed_c_runs_in_coq_to_the_native_results() {
    let dir = tempfile::tempdir().unwrap();
    let results = native_results(dir.path());
    assert_eq!(results.len(), CALLS.len());
    let lib = printed_lib(dir.path());
    assert!(!lib.contains("Not structured"), "{lib}");
    let (ok, msg) = coqc_project(
        &dir.path().join("coq"),
        &[("Lib.v", &lib), ("Run.v", &examples(&results))],
    );
    assert!(ok, "coqc failed:\n{msg}\n{lib}");
}

#[test]
fn a_wrong_expected_value_fails_in_coq() {
    let dir = tempfile::tempdir().unwrap();
    let mut results = native_results(dir.path());
    results[1] += 1;
    let lib = printed_lib(dir.path());
    let (ok, msg) = coqc_project(
        &dir.path().join("coq"),
        &[("Lib.v", &lib), ("Run.v", &examples(&results))],
    );
    assert!(!ok, "coqc accepted a wrong result");
    let wrong = format!("VInt 32 {}", results[1]);
    assert!(
        msg.contains(&wrong),
        "coqc failed for another reason:\n{msg}"
    );
}

/// A function `name(x: i32) -> i32` that returns `x + k`.
fn add_const(name: &str, k: u128) -> FunctionResult {
    let add = ir::Instr {
        dest: Some("r\"1".into()),
        kind: ir::InstrKind::Binary {
            op: ir::BinOp::Add,
            ty: Type::Int(32),
            lhs: Value::Local("x.0".into()),
            rhs: Value::Const(Constant::Int { bits: 32, value: k }),
            flags: ir::ArithFlags::default(),
        },
        loc: None,
    };
    FunctionResult::Ok(code::Function {
        name: name.into(),
        ret_ty: Type::Int(32),
        params: vec![Param {
            name: "x.0".into(),
            ty: Type::Int(32),
        }],
        body: vec![
            Stmt::Instr(add),
            Stmt::Return {
                value: Some((Type::Int(32), Value::Local("r\"1".into()))),
                loc: None,
            },
        ],
        loc: None,
    })
}

#[test]
fn confusable_names_and_odd_text_compile_and_stay_apart() {
    let names = ["foo.bar", "foo_bar", "\u{1}foo", "fix", "0"];
    let mut functions: Vec<FunctionResult> = names
        .iter()
        .zip(1..)
        .map(|(n, k)| add_const(n, k))
        .collect();
    functions.push(FunctionResult::Failed {
        name: "bad\"name".into(),
        reason: "unsupported *) \"terminator\" (* here".into(),
    });
    let module = code::Module {
        ir: ir::Module {
            name: "odd \"names\".c".into(),
            data_layout: String::new(),
            target_triple: None,
            structs: vec![],
            globals: vec![ir::Global {
                name: "tab\tname".into(),
                ty: Type::Array(Box::new(Type::Int(8)), 2),
                init: Some(Constant::Array {
                    elem_ty: Type::Int(8),
                    elems: vec![
                        Constant::Int { bits: 8, value: 10 },
                        Constant::Int { bits: 8, value: 0 },
                    ],
                }),
                is_const: true,
                align: 1,
            }],
            functions: vec![],
            declarations: vec![],
            aliases: vec![],
        },
        functions,
    };
    let text = coq::print_module(&module, "Odd");
    let mut run = String::from(
        "From Coq Require Import ZArith Ascii String List.\n\
         From Autov Require Import Values MemLayer.\n\
         From Test Require Import Odd.\n\
         Import ListNotations.\nOpen Scope string_scope.\nOpen Scope Z_scope.\n",
    );
    for (i, (name, k)) in names.iter().zip(1..).enumerate() {
        let lit = match name.strip_prefix('\u{1}') {
            Some(rest) => format!("(String \"001\"%char \"{rest}\")"),
            None => format!("\"{name}\""),
        };
        run.push_str(&format!(
            "Example f{i} : run_fn Odd {lit} [VInt 32 10] = Some (Some (VInt 32 {})).\n\
             Proof. vm_compute. reflexivity. Qed.\n",
            10 + k
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    let (ok, msg) = coqc_project(dir.path(), &[("Odd.v", &text), ("Run.v", &run)]);
    assert!(ok, "coqc failed:\n{msg}\n{text}\n{run}");
}
