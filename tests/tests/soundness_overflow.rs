//! Soundness of the refinement checker against 32-bit overflow: C code that computes in 32 bits
//! and widens afterwards (`tests/fixtures/soundness/overflow.c`, compiled by clang-19 at test
//! time) does not refine a spec that computes in 64 bits, which assumes the 32-bit arithmetic
//! cannot overflow; the counterexample is an overflowing input. The spec that wraps (or, for
//! signed arithmetic, that relies on there being no overflow, which C makes undefined) verifies,
//! so the refutation is not vacuous.

use autov::lowspec::{lower_function, Lowering, MemoryInterp};
use autov::smt::{Counterexample, Outcome, Settings, Verdict};
use autov::spec::{FnDef, Program, Value};
use autov::{layer, SpecType};
use std::collections::BTreeMap;
use std::path::Path;

/// The (unused) state of the fixture's layer: the code touches no memory.
#[derive(Debug, Clone, PartialEq, SpecType)]
pub struct Nothing {
    /// Unused.
    pub unused: u32,
}

/// Specs of the fixture's functions: one assuming no overflow, one right.
#[layer(name = "Overflow", state = Nothing)]
pub mod overflow {
    use super::*;
    use autov::rely;

    /// The sum as if it could not overflow.
    #[spec]
    pub fn add_counts_no_overflow(a: u32, b: u32) -> Option<u64> {
        Some(a as u64 + b as u64)
    }

    /// The sum, wrapping at 32 bits.
    #[spec]
    pub fn add_counts_wrapping(a: u32, b: u32) -> Option<u64> {
        Some(a.wrapping_add(b) as u64)
    }

    /// The product as if it could not overflow.
    #[spec]
    pub fn total_bytes_no_overflow(n: u32, size: u32) -> Option<u64> {
        Some(n as u64 * size as u64)
    }

    /// The product, wrapping at 32 bits.
    #[spec]
    pub fn total_bytes_wrapping(n: u32, size: u32) -> Option<u64> {
        Some(n.wrapping_mul(size) as u64)
    }

    /// The address as if no bit were lost.
    #[spec]
    pub fn page_addr_no_overflow(pfn: u32) -> Option<u64> {
        Some((pfn as u64) << 12)
    }

    /// The address, truncated to 32 bits.
    #[spec]
    pub fn page_addr_wrapping(pfn: u32) -> Option<u64> {
        Some((pfn << 12) as u64)
    }

    /// The signed sum as if it could not overflow (the code's integers carry no sign: the
    /// arguments and the result are their bits).
    #[spec]
    pub fn add_signed_no_overflow(a: u32, b: u32) -> Option<u64> {
        Some(((a as i32) as i64 + (b as i32) as i64) as u64)
    }

    /// The signed sum, relying on the caller not to overflow (C leaves it undefined).
    #[spec]
    pub fn add_signed_relying(a: u32, b: u32) -> Option<u64> {
        let sum = (a as i32) as i64 + (b as i32) as i64;
        rely!(sum >= i32::MIN as i64 && sum <= i32::MAX as i64);
        Some(sum as u64)
    }
}

/// One C function, a spec that assumes no overflow and a right spec.
struct Case {
    /// The C function.
    function: &'static str,
    /// The spec that assumes the 32-bit arithmetic cannot overflow.
    no_overflow: &'static str,
    /// The spec that verifies.
    right: &'static str,
    /// Whether the counterexample's arguments overflow 32 bits.
    overflows: fn(&[i128]) -> bool,
}

/// The fixture's functions: unsigned add, multiply and shift, and a signed add.
const CASES: &[Case] = &[
    Case {
        function: "add_counts",
        no_overflow: "add_counts_no_overflow",
        right: "add_counts_wrapping",
        overflows: |a| a[0] + a[1] > i128::from(u32::MAX),
    },
    Case {
        function: "total_bytes",
        no_overflow: "total_bytes_no_overflow",
        right: "total_bytes_wrapping",
        overflows: |a| a[0] * a[1] > i128::from(u32::MAX),
    },
    Case {
        function: "page_addr",
        no_overflow: "page_addr_no_overflow",
        right: "page_addr_wrapping",
        overflows: |a| a[0] << 12 > i128::from(u32::MAX),
    },
    Case {
        function: "add_signed",
        no_overflow: "add_signed_no_overflow",
        right: "add_signed_relying",
        overflows: |a| {
            let signed = |x: i128| i128::from(x as u32 as i32);
            !(i128::from(i32::MIN)..=i128::from(i32::MAX)).contains(&(signed(a[0]) + signed(a[1])))
        },
    },
];

/// The fixture's functions lowered over the (empty) layer, in a program holding the specs.
fn lowered_fixture() -> (Program, BTreeMap<String, FnDef>) {
    let dir = tempfile::tempdir().unwrap();
    let ll = dir.path().join("overflow.ll");
    let c = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/soundness/overflow.c");
    autov_tests::clang::compile_for_verification(&c, &ll).unwrap();
    let module = autov::structure::structure_module(autov::load::load_path(&ll).unwrap());
    let program = Program::from_layer(overflow::layer).unwrap();
    let memory = MemoryInterp { globals: vec![] };
    let mut lows = BTreeMap::new();
    for f in &module.functions {
        let autov::code::FunctionResult::Ok(f) = f else {
            panic!("not structured: {f:?}")
        };
        let cx = Lowering {
            program: &program,
            state: program.layers[0].state.clone(),
            memory: &memory,
            module: &module.ir,
        };
        let low = lower_function(f, &cx).unwrap_or_else(|e| panic!("{e}"));
        lows.insert(f.name.clone(), low.main);
    }
    (program, lows)
}

/// Whether the low spec `low` refines spec `name` of the program. The time limit is generous:
/// 64-bit products are hard for the solver, the more so on a loaded machine.
fn refines(program: &Program, name: &str, low: &FnDef) -> Verdict {
    let settings = Settings {
        timeout: std::time::Duration::from_secs(120),
        ..Settings::default()
    };
    autov_tests::refine::refines(program, &program.fns[name], low, &settings)
}

/// The integer arguments of a counterexample (its state argument left out).
fn int_args(cx: &Counterexample) -> Vec<i128> {
    cx.high_args
        .iter()
        .filter_map(|(_, v)| match v {
            Value::Int(i) => Some(i.value),
            _ => None,
        })
        .collect()
}

/// The result of a transformer's outcome, `None` when it has none.
fn result(o: &Outcome) -> Option<Value> {
    match o {
        Outcome::Value(Value::Option(Some(pair))) => match &**pair {
            Value::Tuple(t) => Some(t[0].clone()),
            _ => None,
        },
        _ => None,
    }
}

fn check(program: &Program, lows: &BTreeMap<String, FnDef>, case: &Case) {
    let low = &lows[case.function];
    let verdict = refines(program, case.right, low);
    assert!(
        matches!(verdict, Verdict::Verified),
        "{}: {verdict:?}",
        case.right
    );
    let Verdict::Failed(cx) = refines(program, case.no_overflow, low) else {
        panic!(
            "{}: a spec that assumes no overflow was not refuted",
            case.no_overflow
        )
    };
    let args = int_args(&cx);
    let low_side = cx
        .low
        .as_ref()
        .expect("a refinement counterexample has a low side");
    let shown = |o: &Outcome| match (result(o), o) {
        (Some(v), _) => v.to_string(),
        (None, Outcome::Value(_)) => "None (stuck: undefined behaviour)".into(),
        (None, error) => error.to_string(),
    };
    println!(
        "{} on {args:?}: the C gives {}, the spec {}",
        case.no_overflow,
        shown(&low_side.outcome),
        shown(&cx.high)
    );
    assert!(
        (case.overflows)(&args),
        "{}: the counterexample {args:?} does not overflow\n{cx}",
        case.no_overflow
    );
    assert_ne!(result(&low_side.outcome), result(&cx.high), "{cx}");
}

#[test]
fn overflowing_32_bit_arithmetic_refutes_a_spec_that_assumes_none() {
    let (program, lows) = lowered_fixture();
    for case in CASES {
        check(&program, &lows, case);
    }
}
