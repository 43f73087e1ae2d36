//! Low specs of C functions: C compiled at test time, lowered against a DSL layer, printed
//! (snapshots beside the fixture) and evaluated.

mod common;

use autov::lowspec::{lower_function, Lowering, MemoryInterp};
use autov::spec::{print_fn, EvalError, Program, SpecType, Value};
use autov::{layer, rely};
use std::path::{Path, PathBuf};
use std::process::Command;

/// One page record, as C's `struct page`.
#[derive(Debug, Clone, PartialEq, autov::SpecType)]
pub struct Page {
    /// Owner id.
    pub owner: u64,
    /// Share count.
    pub count: u32,
    /// Flag bits.
    pub flags: u32,
}

/// C's `struct db`.
#[derive(Debug, Clone, PartialEq, autov::SpecType)]
pub struct Db {
    /// The pages.
    pub pages: [Page; 8],
    /// The next id to hand out.
    pub next: u64,
}

/// The state of the bottom layer: the C global `db`.
#[derive(Debug, Clone, PartialEq, autov::SpecType)]
pub struct State {
    /// The global `db`.
    pub db: Db,
}

/// Specs of the functions the fixture's code calls.
#[layer(name = "Bottom", state = State)]
pub mod bottom {
    use super::*;

    /// The share count of page `i`.
    #[spec]
    pub fn get_count(i: u64, st: &State) -> Option<u32> {
        rely!(i < 8);
        Some(st.db.pages[i as usize].count)
    }

    /// Sets the share count of page `i`.
    #[spec]
    pub fn set_count(i: u64, c: u32, st: &State) -> Option<((), State)> {
        rely!(i < 8);
        let mut st = st.clone();
        st.db.pages[i as usize].count = c;
        Some(((), st))
    }
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/lowspec")
        .join(name)
}

fn compile_to_ir(c: &Path, dir: &Path) -> PathBuf {
    let ll = dir.join("out.ll");
    common::compile_c_for_verification(c, &ll);
    ll
}

/// The fixture's functions lowered against the bottom layer, in a program that holds them.
fn lowered_fixture() -> (Program, Vec<Result<String, String>>) {
    let dir = tempfile::tempdir().unwrap();
    let ll = compile_to_ir(&fixture("pages.c"), dir.path());
    let module = autov::structure::structure_module(autov::load::load_path(&ll).unwrap());
    let mut program = Program::from_layer(bottom::layer).unwrap();
    let memory = MemoryInterp {
        globals: vec![("db".into(), vec!["db".into()])],
    };
    let state = program.layers[0].state.clone();
    let mut lowered = Vec::new();
    let mut defs = Vec::new();
    for f in &module.functions {
        let autov::code::FunctionResult::Ok(f) = f else {
            panic!("{f:?}")
        };
        let cx = Lowering {
            program: &program,
            state: state.clone(),
            memory: &memory,
            module: &module.ir,
        };
        match lower_function(f, &cx) {
            Ok(low) => {
                lowered.push(Ok(low.defs().map(print_fn).collect::<Vec<_>>().join("\n")));
                defs.extend(low.defs().cloned());
            }
            Err(e) => lowered.push(Err(format!("{}: {}", f.name, e.reason))),
        }
    }
    for d in defs {
        program.fns.insert(d.name.clone(), d);
    }
    (program, lowered)
}

/// Lowers every function of `pages.c`; the printed low specs (or errors) are the snapshot.
#[test]
fn lowers_the_fixture_functions() {
    let (_, lowered) = lowered_fixture();
    let out: String = lowered
        .into_iter()
        .map(|r| match r {
            Ok(text) => format!("{text}\n"),
            Err(e) => format!("// error: {e}\n\n"),
        })
        .collect();
    expect_test::expect_file![fixture("pages.low")].assert_eq(&out);
}

/// A small deterministic generator of test inputs, biased towards edge values.
struct Inputs(u64);

impl Inputs {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        match self.0 % 8 {
            0 => 0,
            1 => 1,
            2 => u64::MAX,
            3 => u64::from(u32::MAX),
            4 => 1 << 31,
            _ => self.0 >> (self.0 % 64),
        }
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn random_state(g: &mut Inputs) -> State {
    // Small owners, counts and flags, so that the loops' searches succeed as often as not.
    let page = |g: &mut Inputs| Page {
        owner: g.below(3),
        count: g.below(4) as u32,
        flags: g.below(3) as u32,
    };
    let pages = [(); 8].map(|_| page(g));
    State {
        db: Db {
            pages,
            next: g.next(),
        },
    }
}

fn state_numbers(st: &State) -> String {
    let mut out: Vec<String> = Vec::new();
    for p in &st.db.pages {
        out.extend([
            p.owner.to_string(),
            p.count.to_string(),
            p.flags.to_string(),
        ]);
    }
    out.push(st.db.next.to_string());
    out.join(" ")
}

/// (function, C argument values as spec values) for each case; arguments of functions that
/// index the page array stay in bounds, where the C code is defined.
fn cases(g: &mut Inputs) -> Vec<(&'static str, Vec<Value>, [u64; 2])> {
    let u64v = |x: u64| autov::spec::Int {
        ty: autov::spec::IntTy::U64,
        value: x.into(),
    };
    let u32v = |x: u64| autov::spec::Int {
        ty: autov::spec::IntTy::U32,
        value: (x as u32).into(),
    };
    let mut out = Vec::new();
    for _ in 0..40 {
        let (a, b, i) = (g.next(), g.next(), g.below(8));
        let j = g.below(10);
        out.push(("read_owner", vec![Value::Int(u64v(i))], [i, 0]));
        out.push((
            "write_flags",
            vec![Value::Int(u64v(i)), Value::Int(u32v(b))],
            [i, b as u32 as u64],
        ));
        out.push(("take_next", vec![], [0, 0]));
        out.push((
            "add_wrap",
            vec![Value::Int(u32v(a)), Value::Int(u32v(b))],
            [a as u32 as u64, b as u32 as u64],
        ));
        out.push((
            "cmp_signed",
            vec![Value::Int(u32v(a)), Value::Int(u32v(b))],
            [a as u32 as u64, b as u32 as u64],
        ));
        out.push(("classify", vec![Value::Int(u32v(a % 5))], [a % 5, 0]));
        out.push(("widen", vec![Value::Int(u32v(b))], [b as u32 as u64, 0]));
        let n = g.below(40);
        out.push((
            "flag_bit",
            vec![Value::Int(u32v(n)), Value::Int(u32v(b))],
            [n, b as u32 as u64],
        ));
        let owner = g.below(3);
        out.push(("count_owned", vec![Value::Int(u64v(owner))], [owner, 0]));
        let (flags, max) = (g.below(3), g.below(4));
        out.push((
            "find_pair",
            vec![
                Value::Int(u64v(j)),
                Value::Int(u32v(flags)),
                Value::Int(u32v(max)),
            ],
            [j, flags | (max << 32)],
        ));
        out.push(("bump", vec![Value::Int(u64v(j))], [j, 0]));
    }
    out
}

fn native_driver(dir: &Path) -> PathBuf {
    let exe = dir.join("driver");
    let ok = Command::new("cc")
        .args(["-O1", "-o"])
        .arg(&exe)
        .arg(fixture("pages.c"))
        .arg(fixture("pages_driver.c"))
        .status()
        .expect("cc runs")
        .success();
    assert!(ok);
    exe
}

/// What the low spec says, in the driver's output format.
fn spec_outcome(program: &Program, name: &str, mut args: Vec<Value>, st: &State) -> String {
    args.push(st.to_value());
    match program.call(&format!("{name}_low"), args) {
        Ok(Value::Option(None)) => "none".to_string(),
        Ok(Value::Option(Some(pair))) => {
            let Value::Tuple(items) = *pair else {
                panic!("{name}: not a pair")
            };
            let ret = match &items[0] {
                Value::Int(i) => (i.value as u64).to_string(),
                Value::Tuple(t) if t.is_empty() => "0".to_string(),
                other => panic!("{name}: result {other:?}"),
            };
            let st = State::from_value(&items[1]).unwrap();
            format!("{ret} {}", state_numbers(&st))
        }
        Ok(other) => panic!("{name}: {other:?}"),
        Err(e @ EvalError::Fault { .. }) => format!("fault: {e}"),
        Err(e) => panic!("{name}: {e}"),
    }
}

/// The low specs agree with the C code compiled natively, on random arguments and states.
#[test]
fn low_specs_agree_with_the_native_c_code() {
    let (program, _) = lowered_fixture();
    let dir = tempfile::tempdir().unwrap();
    let exe = native_driver(dir.path());
    let mut g = Inputs(0x9E37_79B9_7F4A_7C15);
    let cases = cases(&mut g);
    let states: Vec<State> = cases.iter().map(|_| random_state(&mut g)).collect();
    let input: String = cases
        .iter()
        .zip(&states)
        .map(|((name, _, raw), st)| format!("{name} {} {} {}\n", raw[0], raw[1], state_numbers(st)))
        .collect();
    let mut child = Command::new(&exe)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let native: Vec<&str> = std::str::from_utf8(&out.stdout).unwrap().lines().collect();
    assert_eq!(native.len(), cases.len());
    // Loop functions recurse once per iteration; the evaluator needs a deep stack for that.
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(256 << 20)
            .spawn_scoped(s, || {
                for (((name, args, _), st), native) in cases.into_iter().zip(&states).zip(native) {
                    let spec = spec_outcome(&program, name, args.clone(), st);
                    assert_eq!(spec, native, "{name}({args:?})");
                }
            })
            .unwrap()
            .join()
            .unwrap();
    });
}

/// Reading past the page array is undefined behaviour in C; the low spec faults there.
#[test]
fn an_out_of_bounds_read_is_a_fault_in_the_low_spec() {
    let (program, _) = lowered_fixture();
    let mut g = Inputs(7);
    let st = random_state(&mut g);
    let i = autov::spec::Int {
        ty: autov::spec::IntTy::U64,
        value: 8,
    };
    let outcome = spec_outcome(&program, "read_owner", vec![Value::Int(i)], &st);
    assert!(outcome.starts_with("fault:"), "{outcome}");
}
