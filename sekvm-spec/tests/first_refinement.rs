//! The refinement check can fail: a wrong spec of `region_pages` (layer PageIndex) is refuted
//! with a counterexample that the evaluator replays and that points at the C source, and a spec
//! that can panic is refuted before any refinement is checked.

use autov::smt::{Outcome, Settings, Verdict};
use autov::spec::{Int, IntTy, Program, SpecType, Value};
use sekvm_spec::harness::Checked;
use sekvm_spec::specs::page_index::PAGE_SHIFT;
use sekvm_spec::state::{RData, MAX_REGIONS};

/// A wrong spec, as a verification engineer might first write it.
#[autov::layer(name = "PageIndexWrong", state = RData)]
pub mod wrong {
    use super::*;
    use autov::rely;

    /// Off by one in the region test.
    #[spec]
    pub fn region_pages_wrong(r: u32, st: &RData) -> Option<u64> {
        if r > st.el2.region_cnt {
            return Some(0);
        }
        rely!((r as usize) < MAX_REGIONS);
        Some(st.el2.regions[r as usize].size >> PAGE_SHIFT)
    }

    /// Right for the code, but indexes the region table with any `r` below `region_cnt`, which
    /// may exceed the table: the spec itself can panic.
    #[spec]
    pub fn region_pages_unguarded(r: u32, st: &RData) -> Option<u64> {
        if r >= st.el2.region_cnt {
            return Some(0);
        }
        Some(st.el2.regions[r as usize].size >> PAGE_SHIFT)
    }
}

#[test]
fn a_spec_that_can_panic_is_refuted() {
    let checked = Checked::build().unwrap();
    let spec = Program::from_layer(wrong::layer).unwrap().fns["region_pages_unguarded"].clone();
    let verdict = checked.refines("region_pages", &spec, &Settings::default());
    let Verdict::Failed(cx) = verdict else {
        panic!("the panicking spec was not refuted: {verdict:?}")
    };
    assert!(cx.problem.contains("hits a spec error"), "{cx}");
    assert!(
        matches!(&cx.high, Outcome::Error { error, .. } if error == "index out of bounds"),
        "{cx}"
    );
}

#[test]
fn a_wrong_spec_of_region_pages_is_refuted() {
    let checked = Checked::build().unwrap();
    let wrong = Program::from_layer(wrong::layer).unwrap().fns["region_pages_wrong"].clone();
    let verdict = checked.refines("region_pages", &wrong, &Settings::default());
    let Verdict::Failed(cx) = verdict else {
        panic!("the wrong spec was not refuted: {verdict:?}")
    };
    // Whatever model Z3 picks, the refuting input asks for the region just past the last one
    // (`r == region_cnt`): the code says 0 pages, the wrong spec reads that region's size.
    let r = match &cx.high_args[0].1 {
        Value::Int(i) => i.value,
        other => panic!("r = {other:?}"),
    };
    let st = RData::from_value(&cx.high_args[1].1).unwrap();
    assert_eq!(r, i128::from(st.el2.region_cnt), "{cx}");
    let low = cx
        .low
        .as_ref()
        .expect("a refinement counterexample has a low side");
    assert_eq!(
        low.spec.1.file.rsplit('/').next(),
        Some("page_index.c"),
        "the low spec points at the C source"
    );
    // The state is shown by its parts that are not zero, and the refuting region count is
    // among them (unless it is zero itself).
    let text = cx.to_string();
    assert!(text.lines().count() < 60, "{text}");
    assert!(text.contains("st = RData { .. }, zero except:"), "{text}");
    assert!(
        r == 0 || text.contains(&format!("st.el2.region_cnt = {r}u32")),
        "{text}"
    );
    let zero_pages = |o: &Outcome| matches!(o, Outcome::Value(Value::Option(Some(p))) if matches!(&**p, Value::Tuple(t) if t[0] == Value::Int(Int { ty: IntTy::U64, value: 0 })));
    assert!(zero_pages(&low.outcome) && !zero_pages(&cx.high), "{cx}");
}
