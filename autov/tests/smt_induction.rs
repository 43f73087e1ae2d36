//! Loops by induction: a recursive loop function refines a loop spec with a measure when the
//! recursive calls of both are one opaque function (equal arguments, equal results) that may
//! only be used on arguments of smaller measure. A wrong loop spec, a loop spec whose measure
//! does not decrease (a spec error of the loop spec) and a non-inductive one are not verified.

use autov::smt::{check_refinement_with, Abstraction, Settings, Verdict};
use autov::spec::{FnDef, Program};
use autov::{rely, Map, SpecType};

/// The state the loops write.
#[derive(Debug, Clone, PartialEq, SpecType)]
pub struct Pages {
    /// Owner of each page.
    pub owners: Map<u64, u32>,
    /// Pages written so far.
    pub written: u64,
    /// Ballast.
    pub junk: [[u64; 32]; 40],
}

/// A loop as code writes it and loop specs of it.
#[autov::layer(name = "Loops", state = Pages)]
pub mod loops {
    use super::*;

    /// The loop function: pages `i..n` get owner `v` (at least one iteration).
    #[spec]
    pub fn fill_low(i: u64, n: u64, v: u32, st: &Pages) -> Option<(u64, Pages)> {
        let mut st = st.clone();
        st.owners.set(i, v);
        st.written = st.written.wrapping_add(1);
        let next = i.wrapping_add(1);
        if next == n {
            return Some((i, st));
        }
        fill_low(next, n, v, &st)
    }

    /// Its spec, written as an engineer would.
    #[spec(measure = n.wrapping_sub(i))]
    pub fn fill(i: u64, n: u64, v: u32, st: &Pages) -> Option<(u64, Pages)> {
        rely!(i < n);
        let mut st = st.clone();
        st.owners.set(i, v);
        st.written = st.written.wrapping_add(1);
        if i + 1 == n {
            Some((i, st))
        } else {
            fill(i + 1, n, v, &st)
        }
    }

    /// Wrong: the owner is off by one.
    #[spec(measure = n.wrapping_sub(i))]
    pub fn fill_wrong(i: u64, n: u64, v: u32, st: &Pages) -> Option<(u64, Pages)> {
        rely!(i < n);
        let mut st = st.clone();
        st.owners.set(i, v.wrapping_add(1));
        st.written = st.written.wrapping_add(1);
        if i + 1 == n {
            Some((i, st))
        } else {
            fill_wrong(i + 1, n, v, &st)
        }
    }

    /// Right, but its measure grows.
    #[spec(measure = i)]
    pub fn fill_bad_measure(i: u64, n: u64, v: u32, st: &Pages) -> Option<(u64, Pages)> {
        rely!(i < n);
        let mut st = st.clone();
        st.owners.set(i, v);
        st.written = st.written.wrapping_add(1);
        if i + 1 == n {
            Some((i, st))
        } else {
            fill_bad_measure(i + 1, n, v, &st)
        }
    }

    /// Right, but two pages per step: its recursive call and the loop's get different
    /// arguments, so the hypothesis relates nothing and the step cannot be shown.
    #[spec(measure = n.wrapping_sub(i))]
    pub fn fill_by_two(i: u64, n: u64, v: u32, st: &Pages) -> Option<(u64, Pages)> {
        rely!(i < n);
        let mut st = st.clone();
        st.owners.set(i, v);
        st.written = st.written.wrapping_add(1);
        if i + 1 == n {
            return Some((i, st));
        }
        st.owners.set(i + 1, v);
        st.written = st.written.wrapping_add(1);
        if i + 2 == n {
            return Some((i + 1, st));
        }
        fill_by_two(i + 2, n, v, &st)
    }
}

/// The induction check of `fill_low` against `spec`.
fn induction(p: &Program, spec: &FnDef) -> Verdict {
    let mut abstraction = Abstraction::default();
    for f in [&spec.name, "fill_low"] {
        abstraction.opaque.insert(f.to_string(), spec.name.clone());
    }
    abstraction.measure = Some(spec.clone());
    check_refinement_with(
        p,
        spec,
        &p.fns["fill_low"],
        None,
        &Settings::default(),
        &abstraction,
    )
}

#[test]
fn loops_refine_loop_specs_by_induction() {
    let p = Program::from_layer(loops::layer).unwrap_or_else(|e| panic!("{e}"));
    let verdict = |name: &str| induction(&p, &p.fns[name]);
    let t = std::time::Instant::now();
    assert_eq!(verdict("fill"), Verdict::Verified);
    eprintln!("fill {:?}", t.elapsed());
    // Without induction the symbolic bound cannot be unrolled.
    let unrolled = autov::smt::check_refinement(
        &p,
        &p.fns["fill"],
        &p.fns["fill_low"],
        None,
        &Settings::default(),
    );
    assert!(matches!(unrolled, Verdict::Unknown { .. }), "{unrolled:?}");
    let t = std::time::Instant::now();
    eprintln!("unrolled {:?}", t.elapsed());
    match verdict("fill_wrong") {
        Verdict::Failed(cx) => assert!(cx.problem.contains("differ"), "{cx}"),
        v => panic!("{v:?}"),
    }
    match verdict("fill_bad_measure") {
        Verdict::Failed(cx) => assert!(cx.problem.contains("measure"), "{cx}"),
        v => panic!("{v:?}"),
    }
    // Neither verified nor refuted: the real runs agree on every counterexample to the step
    // (or the solver gives up looking for one).
    let by_two = verdict("fill_by_two");
    assert!(matches!(by_two, Verdict::Unknown { .. }), "{by_two:?}");
}
