//! Soundness of the refinement checker against wrong specs: each wrong variant of a written spec
//! of sekvm-hyp (off by one, wrong field, missing case) is refuted, and its counterexample,
//! replayed through the executable specs (the Rust spec functions) and through the native C
//! (`sekvm_hyp::ffi`, with the counterexample's `el2_data` loaded into the C global), shows the
//! same difference: the C does what the low spec says, the wrong spec says otherwise, and the
//! right spec agrees with the C. The query is the plain refinement check
//! (`autov_tests::refine`) of the C function's low spec in sekvm-hyp's lowered program.

use autov::ir::Module;
use autov::lowspec::low_spec_name;
use autov::smt::{Counterexample, Outcome, Settings, Verdict};
use autov::spec::{Program, SpecType, Value};
use autov_tests::c_image::image;
use autov_tests::native::{el2_bytes, load_el2};
use autov_tests::refine::refines;
use sekvm_hyp::ffi;
use sekvm_hyp::machine::Machine;
use sekvm_spec::harness::Checked;
use sekvm_spec::specs::mem_region::{mem_region, INVALID32};
use sekvm_spec::specs::page_index::{page_index, INVALID64, PAGE_SHIFT, PFN_LIMIT};
use sekvm_spec::specs::page_manager::{page_manager, INVALID_OWNER, MAX_PAGES};
use sekvm_spec::state::{RData, MAX_REGIONS};

/// Wrong specs, as a verification engineer might first write them.
#[autov::layer(name = "SoundnessWrong", below = page_index, state = RData)]
pub mod wrong {
    use super::*;
    use autov::rely;
    use page_index::get_pfn_index;

    /// Off by one: an address just past a region's end counts as inside it.
    #[spec]
    pub fn mem_region_search_off_by_one(addr: u64, st: &RData) -> Option<u32> {
        let cnt = st.el2.region_cnt;
        let mut res = INVALID32;
        for i in 0..MAX_REGIONS {
            let r = st.el2.regions[i];
            if (i as u32) < cnt && addr >= r.base && addr - r.base <= r.size {
                res = i as u32;
            }
        }
        Some(res)
    }

    /// Wrong field: the share count instead of the owner.
    #[spec]
    pub fn get_pfn_owner_wrong_field(pfn: u64, st: &RData) -> Option<u32> {
        let idx = get_pfn_index(pfn, st)?;
        if idx == INVALID64 {
            return Some(INVALID_OWNER);
        }
        rely!(idx < MAX_PAGES);
        Some(st.el2.s2pages.get(idx).count)
    }

    /// Missing case: frames beyond the physical address space are not rejected.
    #[spec]
    pub fn get_pfn_index_missing_case(pfn: u64, st: &RData) -> Option<u64> {
        let r = mem_region::mem_region_search(pfn << PAGE_SHIFT, st)?;
        if r == INVALID32 {
            return Some(INVALID64);
        }
        let region = st.el2.regions[r as usize];
        Some(
            pfn.wrapping_sub(region.base >> PAGE_SHIFT)
                .wrapping_add(region.index),
        )
    }

    /// Wrong field in an update: the share count is set instead of the owner.
    #[spec]
    pub fn set_pfn_owner_wrong_field(pfn: u64, owner: u32, st: &RData) -> Option<((), RData)> {
        let idx = get_pfn_index(pfn, st)?;
        let mut st = st.clone();
        if idx != INVALID64 {
            rely!(idx < MAX_PAGES);
            let mut page = st.el2.s2pages.get(idx);
            page.count = owner;
            st.el2.s2pages.set(idx, page);
        }
        Some(((), st))
    }
}

/// A spec (or the C) run on the counterexample's input, as a state transformer.
type Run = fn(&[u64], &RData) -> Option<(Value, RData)>;

/// One wrong spec and everything needed to replay its counterexample.
struct Case {
    /// The C function.
    function: &'static str,
    /// The wrong spec, in [`wrong`].
    wrong: &'static str,
    /// The wrong spec as Rust.
    run_wrong: Run,
    /// The written (right) spec as Rust.
    run_right: Run,
    /// The C function through FFI: its result for the integer arguments.
    run_native: fn(&[u64]) -> Value,
    /// What every counterexample to the wrong spec must look like (the mistake, shown).
    witness: fn(&[u64], &RData) -> bool,
}

/// `r` of a spec that only reads the state, as a transformer's result.
fn reads<R: SpecType>(r: Option<R>, st: &RData) -> Option<(Value, RData)> {
    r.map(|v| (v.to_value(), st.clone()))
}

/// The page record index of frame `pfn`, if it is RAM (by the written spec).
fn ram_index(pfn: u64, st: &RData) -> Option<u64> {
    page_index::get_pfn_index(pfn, st).filter(|i| *i != INVALID64)
}

/// The wrong specs: off by one, wrong field (read and update), missing case.
const CASES: &[Case] = &[
    Case {
        function: "mem_region_search",
        wrong: "mem_region_search_off_by_one",
        run_wrong: |a, st| reads(wrong::mem_region_search_off_by_one(a[0], st), st),
        run_right: |a, st| reads(mem_region::mem_region_search(a[0], st), st),
        run_native: |a| unsafe { ffi::mem_region_search(a[0]) }.to_value(),
        witness: |a, st| {
            let regions = &st.el2.regions[..(st.el2.region_cnt as usize).min(MAX_REGIONS)];
            regions
                .iter()
                .any(|r| a[0] >= r.base && a[0] - r.base == r.size)
        },
    },
    Case {
        function: "get_pfn_owner",
        wrong: "get_pfn_owner_wrong_field",
        run_wrong: |a, st| reads(wrong::get_pfn_owner_wrong_field(a[0], st), st),
        run_right: |a, st| reads(page_manager::get_pfn_owner(a[0], st), st),
        run_native: |a| unsafe { ffi::get_pfn_owner(a[0]) }.to_value(),
        witness: |a, st| {
            ram_index(a[0], st).is_some_and(|i| {
                let page = st.el2.s2pages.get(i);
                page.owner != page.count
            })
        },
    },
    Case {
        function: "get_pfn_index",
        wrong: "get_pfn_index_missing_case",
        run_wrong: |a, st| reads(wrong::get_pfn_index_missing_case(a[0], st), st),
        run_right: |a, st| reads(page_index::get_pfn_index(a[0], st), st),
        run_native: |a| unsafe { ffi::get_pfn_index(a[0]) }.to_value(),
        witness: |a, _| a[0] >= PFN_LIMIT,
    },
    Case {
        function: "set_pfn_owner",
        wrong: "set_pfn_owner_wrong_field",
        run_wrong: |a, st| {
            wrong::set_pfn_owner_wrong_field(a[0], a[1] as u32, st).map(|(u, s)| (u.to_value(), s))
        },
        run_right: |a, st| {
            page_manager::set_pfn_owner(a[0], a[1] as u32, st).map(|(u, s)| (u.to_value(), s))
        },
        run_native: |a| {
            unsafe { ffi::set_pfn_owner(a[0], a[1] as u32) };
            ().to_value()
        },
        witness: |a, st| ram_index(a[0], st).is_some(),
    },
];

/// What a run shows: its result and the C image of its `el2_data` (`None`: no result).
type Observed = Option<(Value, Vec<u8>)>;

fn observed(ir: &Module, run: Option<(Value, RData)>) -> Observed {
    run.map(|(v, st)| (v, image(ir, "el2_data", &st.el2.to_value()).unwrap()))
}

/// A transformer outcome of the counterexample (`Some((r, st))` or `None`) as a run.
fn outcome_run(o: &Outcome) -> Option<(Value, RData)> {
    let Outcome::Value(Value::Option(v)) = o else {
        panic!("not a transformer's outcome: {o}")
    };
    v.as_ref().map(|pair| match &**pair {
        Value::Tuple(t) if t.len() == 2 => (t[0].clone(), RData::from_value(&t[1]).unwrap()),
        other => panic!("not a (result, state) pair: {other}"),
    })
}

/// The integer arguments and the state of a counterexample's argument list.
fn inputs(args: &[(String, Value)]) -> (Vec<u64>, RData) {
    let (state, ints) = args.split_last().expect("a state argument");
    let ints = ints
        .iter()
        .map(|(n, v)| match v {
            Value::Int(i) => i.value as u64,
            other => panic!("argument {n} = {other} is not an integer"),
        })
        .collect();
    (ints, RData::from_value(&state.1).unwrap())
}

/// The C function run natively on `args` from state `st`.
fn run_native(case: &Case, ir: &Module, args: &[u64], st: &RData) -> Observed {
    let mut machine = Machine::new();
    load_el2(&mut machine, ir, &st.el2.to_value()).unwrap();
    let result = (case.run_native)(args);
    Some((result, el2_bytes(&machine)))
}

fn refute(checked: &Checked, case: &Case) -> Counterexample {
    let spec = Program::from_layer(wrong::layer).unwrap().fns[case.wrong].clone();
    let low = &checked.program.fns[&low_spec_name(case.function)];
    let settings = Settings {
        timeout: std::time::Duration::from_secs(120),
        ..Settings::default()
    };
    match refines(&checked.program, &spec, low, &settings) {
        Verdict::Failed(cx) => *cx,
        other => panic!("{}: the wrong spec was not refuted: {other:?}", case.wrong),
    }
}

/// A short description of what a run shows: its result and where its state differs from `base`.
fn describe(o: &Observed, base: &[u8]) -> String {
    match o {
        None => "None".into(),
        Some((v, bytes)) => match bytes.iter().zip(base).position(|(x, y)| x != y) {
            None => format!("{v}, el2_data unchanged"),
            Some(at) => format!("{v}, el2_data changed from byte {at}"),
        },
    }
}

fn check(checked: &Checked, ir: &Module, case: &Case) {
    let cx = refute(checked, case);
    let low = cx
        .low
        .as_ref()
        .expect("a refinement counterexample has a low side");
    let values = |args: &[(String, Value)]| args.iter().map(|(_, v)| v.clone()).collect::<Vec<_>>();
    assert_eq!(
        values(&cx.high_args),
        values(&low.args),
        "both sides run on the same inputs"
    );
    let (args, st) = inputs(&low.args);
    let base = image(ir, "el2_data", &st.el2.to_value()).unwrap();
    let native = run_native(case, ir, &args, &st);
    let sides = [
        ("C", native.clone()),
        ("low spec", observed(ir, outcome_run(&low.outcome))),
        ("wrong spec", observed(ir, outcome_run(&cx.high))),
        (
            "wrong spec in Rust",
            observed(ir, (case.run_wrong)(&args, &st)),
        ),
        (
            "right spec in Rust",
            observed(ir, (case.run_right)(&args, &st)),
        ),
    ];
    let shown: Vec<String> = sides
        .iter()
        .map(|(who, o)| format!("{who}: {}", describe(o, &base)))
        .collect();
    let what = format!("{} on arguments {args:?}: {}", case.wrong, shown.join("; "));
    println!("{what}");
    assert!(
        (case.witness)(&args, &st),
        "the counterexample does not show the mistake: {what}"
    );
    assert!(
        sides[0].1 == sides[1].1,
        "the C does not do what the low spec says: {what}"
    );
    assert!(
        sides[3].1 == sides[2].1,
        "the Rust spec and the evaluator disagree: {what}"
    );
    assert!(
        native != sides[2].1,
        "the C agrees with the wrong spec: {what}"
    );
    assert!(
        sides[4].1 == native,
        "the right spec disagrees with the C: {what}"
    );
}

/// Stack of the checking thread: encoding loop functions recurses once per iteration.
const STACK: usize = 512 << 20;

#[test]
fn wrong_specs_are_refuted_and_their_counterexamples_replay_natively() {
    let checked = Checked::build().unwrap();
    let ir = autov::load::load_path(sekvm_hyp::IR_PATH.as_ref()).unwrap();
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(STACK)
            .spawn_scoped(s, || {
                CASES.iter().for_each(|case| check(&checked, &ir, case))
            })
            .unwrap()
            .join()
            .unwrap()
    });
}
