//! Loops with bounds the solver cannot unroll are checked by induction over a loop spec:
//! `init_region_pages` initialises the page records of a region, up to 4096 of them. Its loop
//! function refines a right loop spec (the recursive calls of both are one opaque function,
//! used only on arguments of smaller measure, given or inferred); a loop spec with the wrong
//! owner and one whose
//! measure does not decrease are refuted. (Write a loop spec's step as `if exit { .. } else {
//! recurse }`, the shape of the loop function, so that the two sides' results meet term for
//! term; a `return` inside the body makes the check much slower.)

use autov::smt::{Settings, Verdict};
use autov::spec::{FnDef, Program};
use sekvm_spec::harness::Checked;
use sekvm_spec::specs::page_index::PAGE_SHIFT;
use sekvm_spec::specs::page_manager::{COREVISOR, CORE_SIZE, CORE_START, HOSTVISOR, MAX_PAGES};
use sekvm_spec::state::{RData, S2Page};

/// The loop function's result: exit code, return value, the carried values, the state.
type LoopOut = (u32, (), u64, u64, u64, bool, u64, u32, RData);

/// Wrong loop specs of `init_region_pages`'s loop (the right one is `PageManager`'s).
#[autov::layer(name = "InitLoops", state = RData)]
pub mod loops {
    use super::*;
    use autov::rely;

    /// Gives every page to the host.
    #[spec(measure = n.wrapping_sub(i))]
    pub fn all_host(
        n: u64,
        first: u64,
        idx0: u64,
        skip: bool,
        i: u64,
        r: u32,
        st: &RData,
    ) -> Option<LoopOut> {
        rely!(i < n);
        let idx = idx0.wrapping_add(i);
        rely!(idx < MAX_PAGES);
        let mut st = st.clone();
        st.el2.s2pages.set(
            idx,
            S2Page {
                owner: HOSTVISOR,
                count: 0,
                gfn: 0,
            },
        );
        if i + 1 == n {
            Some((2, (), n, first, idx0, skip, i, r, st))
        } else {
            all_host(n, first, idx0, skip, i + 1, r, &st)
        }
    }

    /// The right loop with a measure that does not decrease.
    #[spec(measure = i)]
    pub fn bad_measure(
        n: u64,
        first: u64,
        idx0: u64,
        skip: bool,
        i: u64,
        r: u32,
        st: &RData,
    ) -> Option<LoopOut> {
        rely!(i < n);
        let idx = idx0.wrapping_add(i);
        rely!(idx < MAX_PAGES);
        let addr = first.wrapping_add(i) << PAGE_SHIFT;
        let owner = if addr.wrapping_sub(CORE_START) < CORE_SIZE {
            COREVISOR
        } else {
            HOSTVISOR
        };
        let mut st = st.clone();
        st.el2.s2pages.set(
            idx,
            S2Page {
                owner,
                count: 0,
                gfn: 0,
            },
        );
        if i + 1 == n {
            Some((2, (), n, first, idx0, skip, i, r, st))
        } else {
            bad_measure(n, first, idx0, skip, i + 1, r, &st)
        }
    }
}

#[test]
fn loops_are_checked_by_induction_over_loop_specs() {
    let checked = Checked::build().unwrap();
    let specs = Program::from_layer(loops::layer).unwrap();
    // The registered loop spec of `PageManager`, as given and without its measure.
    let right = checked.program.fns["init_region_pages_loop1"].clone();
    let inferred = FnDef {
        measure: None,
        ..right.clone()
    };
    let check = |spec: &FnDef| {
        let checked = &checked;
        std::thread::scope(|s| {
            std::thread::Builder::new()
                .stack_size(512 << 20)
                .spawn_scoped(s, move || {
                    checked.loop_refines_with(
                        "init_region_pages_low_loop1",
                        spec,
                        &Settings {
                            timeout: std::time::Duration::from_secs(60),
                            ..Settings::default()
                        },
                    )
                })
                .unwrap()
                .join()
                .unwrap()
        })
    };
    let verdict = |name: &str| check(&specs.fns[name]);
    assert_eq!(check(&right), Verdict::Verified);
    assert_eq!(check(&inferred), Verdict::Verified);
    let wrong = verdict("all_host");
    assert!(matches!(wrong, Verdict::Failed(_)), "{wrong:?}");
    let measure = verdict("bad_measure");
    assert!(
        matches!(&measure, Verdict::Failed(cx) if cx.to_string().contains("measure")),
        "{measure:?}"
    );
}
