//! Refinement and no-spec-error obligations through Z3 (`autov::smt`): pairs of specs that are
//! equivalent verify, pairs that differ fail with a counterexample that replays concretely.

use autov::smt::{check_no_fault, check_refinement, Outcome, Settings, Verdict};
use autov::spec::{FnDef, Program, Value};
use autov::{layer, rely, Map, SpecType};

/// Who owns a page.
#[derive(Debug, Clone, Copy, PartialEq, SpecType)]
pub enum Owner {
    /// Nobody.
    Free,
    /// The host.
    Host,
    /// A VM.
    Vm(u32),
}

/// One page.
#[derive(Debug, Clone, Copy, PartialEq, SpecType)]
pub struct Page {
    /// Its owner.
    pub owner: Owner,
    /// Mappings of it.
    pub count: u8,
}

/// The state of the fixture layer.
#[derive(Debug, Clone, PartialEq, SpecType)]
pub struct Db {
    /// Four pages.
    pub pages: [Page; 4],
    /// Quota per VM.
    pub quota: Map<u32, u16>,
    /// Next VMID.
    pub next: u32,
}

/// An abstract counter (the high state of a refinement with a relation).
#[derive(Debug, Clone, PartialEq, SpecType)]
pub struct Abs {
    /// The count.
    pub count: u32,
}

/// Its concrete representation: a wider counter and a field the relation ignores.
#[derive(Debug, Clone, PartialEq, SpecType)]
pub struct Conc {
    /// The count.
    pub count: u64,
    /// Scratch data.
    pub junk: u8,
}

#[layer(name = "SmtFixture", state = Db)]
pub mod fx {
    use super::*;

    /// `x + 1`, wrapping.
    #[spec]
    pub fn inc(x: u64) -> Option<u64> {
        Some(x.wrapping_add(1))
    }

    /// `x + 1` as the negation of the complement.
    #[spec]
    pub fn inc_bits(x: u64) -> Option<u64> {
        Some((!x).wrapping_mul(u64::MAX))
    }

    /// `x + 1`, a spec error at the maximum.
    #[spec]
    pub fn inc_checked(x: u64) -> Option<u64> {
        Some(x + 1)
    }

    /// Classification with early returns.
    #[spec]
    pub fn class_early(x: u32) -> Option<u8> {
        if x < 10 {
            return Some(0);
        }
        if x < 100 {
            return Some(1);
        }
        rely!(x != 1000);
        Some(2)
    }

    /// The same with nested `if`s.
    #[spec]
    pub fn class_nested(x: u32) -> Option<u8> {
        if x >= 10 {
            if x >= 100 {
                if x == 1000 {
                    None
                } else {
                    Some(2)
                }
            } else {
                Some(1)
            }
        } else {
            Some(0)
        }
    }

    /// Off by one.
    #[spec]
    pub fn class_off_by_one(x: u32) -> Option<u8> {
        if x <= 10 {
            return Some(0);
        }
        if x < 100 {
            return Some(1);
        }
        rely!(x != 1000);
        Some(2)
    }

    /// Unsigned comparison.
    #[spec]
    pub fn below(a: u64, b: u64) -> Option<bool> {
        Some(a < b)
    }

    /// Signed comparison of the same bits.
    #[spec]
    pub fn below_signed(a: u64, b: u64) -> Option<bool> {
        Some((a as i64) < (b as i64))
    }

    /// Sets the quota of `vm` and reads it back.
    #[spec]
    pub fn quota_roundtrip(vm: u32, q: u16, st: &Db) -> Option<u16> {
        let mut s = st.clone();
        s.quota.set(vm, q);
        Some(s.quota.get(vm))
    }

    /// The value written.
    #[spec]
    pub fn quota_direct(_vm: u32, q: u16, st: &Db) -> Option<u16> {
        let _unused = st.next;
        Some(q)
    }

    /// Gives page `i` to the host.
    #[spec]
    pub fn give_host(i: u64, st: &Db) -> Option<((), Db)> {
        rely!(i < 4);
        let mut s = st.clone();
        s.pages[i as usize].owner = Owner::Host;
        Some(((), s))
    }

    /// The same through a functional struct update.
    #[spec]
    pub fn give_host_struct(i: u64, st: &Db) -> Option<((), Db)> {
        rely!(i < 4);
        let mut s = st.clone();
        let p = s.pages[i as usize];
        s.pages[i as usize] = Page {
            owner: Owner::Host,
            ..p
        };
        Some(((), s))
    }

    /// Updates the wrong field.
    #[spec]
    pub fn give_host_wrong_field(i: u64, st: &Db) -> Option<((), Db)> {
        rely!(i < 4);
        let mut s = st.clone();
        s.pages[i as usize].count = 0;
        Some(((), s))
    }

    /// The VMID of a page's owner, 0 for the host.
    #[spec]
    pub fn owner_id(i: u64, st: &Db) -> Option<u32> {
        rely!(i < 4);
        match st.pages[i as usize].owner {
            Owner::Free => None,
            Owner::Host => Some(0),
            Owner::Vm(v) => Some(v),
        }
    }

    /// Forgets the host case.
    #[spec]
    pub fn owner_id_missing_host(i: u64, st: &Db) -> Option<u32> {
        rely!(i < 4);
        match st.pages[i as usize].owner {
            Owner::Vm(v) => Some(v),
            _ => None,
        }
    }

    /// Takes one quota unit of `vm`, if any is left.
    #[spec]
    pub fn take_quota(vm: u32, st: &Db) -> Option<(bool, Db)> {
        let q = st.quota.get(vm);
        if q == 0 {
            return Some((false, st.clone()));
        }
        let mut s = st.clone();
        s.quota.set(vm, q - 1);
        Some((true, s))
    }

    /// The same, with a wrapping subtraction under a `rely!`-free guard order.
    #[spec]
    pub fn take_quota_wrapping(vm: u32, st: &Db) -> Option<(bool, Db)> {
        let q = st.quota.get(vm);
        let mut s = st.clone();
        s.quota.set(vm, q.wrapping_sub(1));
        if q != 0 {
            Some((true, s))
        } else {
            Some((false, st.clone()))
        }
    }

    /// Takes quota without checking that some is left.
    #[spec]
    pub fn take_quota_unchecked(vm: u32, st: &Db) -> Option<(bool, Db)> {
        let q = st.quota.get(vm);
        let mut s = st.clone();
        s.quota.set(vm, q - 1);
        Some((true, s))
    }

    /// Takes quota but stores the old value.
    #[spec]
    pub fn take_quota_forgets(vm: u32, st: &Db) -> Option<(bool, Db)> {
        let q = st.quota.get(vm);
        if q == 0 {
            return Some((false, st.clone()));
        }
        let mut s = st.clone();
        s.quota.set(vm, q);
        Some((true, s))
    }

    /// Bumps page 0's count when `vm` has quota: the overflow needs a map entry off the default.
    #[spec]
    pub fn bump_if_quota(vm: u32, st: &Db) -> Option<u8> {
        let q = st.quota.get(vm);
        rely!(q != 0);
        Some(st.pages[0].count + 1)
    }

    /// `a + b` with no precondition.
    #[spec]
    pub fn add(a: u64, b: u64) -> Option<u64> {
        Some(a + b)
    }

    /// `a + b` for operands below 2^32.
    #[spec]
    pub fn add_small(a: u64, b: u64) -> Option<u64> {
        rely!(a < 1 << 32 && b < 1 << 32);
        Some(a + b)
    }

    /// Reads page `i` without a bounds check.
    #[spec]
    pub fn page_count(i: u64, st: &Db) -> Option<u8> {
        Some(st.pages[i as usize].count)
    }

    /// Counts down recursively.
    #[spec(measure = n)]
    pub fn countdown(n: u64) -> Option<u64> {
        if n == 0 {
            return Some(0);
        }
        let r = countdown(n - 1)?;
        Some(r)
    }

    /// Counts down, but wrongly for 3.
    #[spec(measure = n)]
    pub fn countdown_bad(n: u64) -> Option<u64> {
        if n == 0 {
            return Some(0);
        }
        if n == 3 {
            return Some(3);
        }
        let r = countdown_bad(n - 1)?;
        Some(r)
    }

    /// A table of optional values, unchanged.
    #[spec]
    pub fn table_same(_k: u8, t: Map<u8, Option<u16>>) -> Option<Map<u8, Option<u16>>> {
        Some(t)
    }

    /// The same table after writing back the value at `k`.
    #[spec]
    pub fn table_rewrite(k: u8, t: Map<u8, Option<u16>>) -> Option<Map<u8, Option<u16>>> {
        let mut t = t;
        let v = t.get(k);
        t.set(k, v);
        Some(t)
    }

    /// The table with the entry at `k` cleared.
    #[spec]
    pub fn table_clear(k: u8, t: Map<u8, Option<u16>>) -> Option<Map<u8, Option<u16>>> {
        let mut t = t;
        t.set(k, None);
        Some(t)
    }

    /// Three words 8 bytes apart from `k` (wrapping) set to `v`, by `fill`.
    #[spec]
    pub fn fill_three(k: u64, v: u8, m: Map<u64, u8>) -> Option<Map<u64, u8>> {
        let mut m = m;
        m.fill(k, 3, 3, v);
        Some(m)
    }

    /// The same, one `set` each.
    #[spec]
    pub fn set_three(k: u64, v: u8, m: Map<u64, u8>) -> Option<Map<u64, u8>> {
        let mut m = m;
        m.set(k.wrapping_add(16), v);
        m.set(k, v);
        m.set(k.wrapping_add(8), v);
        Some(m)
    }

    /// The third word 24 bytes on rather than 16.
    #[spec]
    pub fn set_three_gap(k: u64, v: u8, m: Map<u64, u8>) -> Option<Map<u64, u8>> {
        let mut m = m;
        m.set(k, v);
        m.set(k.wrapping_add(8), v);
        m.set(k.wrapping_add(24), v);
        Some(m)
    }

    /// `u64::MAX` keys `1 << 62` apart: past the fourth, the keys repeat.
    #[spec]
    pub fn fill_wrapping(k: u64, v: u8, m: Map<u64, u8>) -> Option<Map<u64, u8>> {
        let mut m = m;
        m.fill(k, u64::MAX, 62, v);
        Some(m)
    }

    /// The four keys of `fill_wrapping`, one `set` each.
    #[spec]
    pub fn set_four_quarters(k: u64, v: u8, m: Map<u64, u8>) -> Option<Map<u64, u8>> {
        let mut m = m;
        m.set(k, v);
        m.set(k.wrapping_add(1 << 62), v);
        m.set(k.wrapping_add(2 << 62), v);
        m.set(k.wrapping_add(3 << 62), v);
        Some(m)
    }

    /// Zero.
    #[spec]
    pub fn zero_of(n: u64) -> Option<u64> {
        let _unused = n;
        Some(0)
    }

    /// Sums `0..n` with a loop whose bound is symbolic.
    #[spec]
    pub fn sum_to(n: u64) -> Option<u64> {
        let mut s = 0u64;
        for i in 0..n {
            s = s.wrapping_add(i);
        }
        Some(s)
    }

    /// Increments the abstract counter.
    #[spec]
    pub fn abs_inc(st: &Abs) -> Option<((), Abs)> {
        rely!(st.count < 1000);
        Some((
            (),
            Abs {
                count: st.count + 1,
            },
        ))
    }

    /// Increments the concrete counter and scribbles on the scratch byte.
    #[spec]
    pub fn conc_inc(st: &Conc) -> Option<((), Conc)> {
        Some((
            (),
            Conc {
                count: st.count + 1,
                junk: st.junk.wrapping_add(3),
            },
        ))
    }

    /// Increments the concrete counter twice.
    #[spec]
    pub fn conc_inc_twice(st: &Conc) -> Option<((), Conc)> {
        Some((
            (),
            Conc {
                count: st.count.wrapping_add(2),
                junk: st.junk,
            },
        ))
    }

    /// Whether `a * b` is the product of the two largest primes below 2^32.
    #[spec]
    pub fn factors(a: u64, b: u64) -> Option<bool> {
        rely!(a > 1 && b > 1 && a < 1 << 32 && b < 1 << 32);
        Some(a * b == 18446743979220271189)
    }

    /// Never: deciding it means factoring, which bit-blasting cannot do in time.
    #[spec]
    pub fn no_factors(_a: u64, _b: u64) -> Option<bool> {
        Some(false)
    }

    /// A table keyed by pairs (not encoded: map keys must be integers or bool).
    #[spec]
    pub fn pair_table(t: Map<(u8, u8), u8>, a: u8) -> Option<u8> {
        Some(t.get((a, a)))
    }

    /// The abstraction relation of the counters.
    #[helper]
    pub fn counter_rel(h: &Abs, l: &Conc) -> bool {
        h.count as u64 == l.count
    }
}

/// A page of the large state.
#[derive(Debug, Clone, Copy, PartialEq, SpecType)]
pub struct Frame {
    /// Owner (0: free).
    pub owner: u32,
    /// Mappings.
    pub count: u8,
}

/// A state with a large array (encoded as Z3 arrays).
#[derive(Debug, Clone, PartialEq, SpecType)]
pub struct Big {
    /// 4096 frames.
    pub frames: [Frame; 4096],
}

#[layer(name = "SmtBig", state = Big)]
pub mod big {
    use super::*;

    /// Takes free frame `i` for `vm`.
    #[spec]
    pub fn take(i: u64, vm: u32, st: &Big) -> Option<(bool, Big)> {
        rely!(i < 4096);
        let mut s = st.clone();
        if s.frames[i as usize].owner != 0 {
            return Some((false, s));
        }
        s.frames[i as usize].owner = vm;
        s.frames[i as usize].count = s.frames[i as usize].count.wrapping_add(1);
        Some((true, s))
    }

    /// The same with a copied frame and one struct write.
    #[spec]
    pub fn take_copy(i: u64, vm: u32, st: &Big) -> Option<(bool, Big)> {
        rely!(i < 4096);
        let f = st.frames[i as usize];
        if f.owner == 0 {
            let mut s = st.clone();
            s.frames[i as usize] = Frame {
                owner: vm,
                count: f.count.wrapping_add(1),
            };
            Some((true, s))
        } else {
            Some((false, st.clone()))
        }
    }

    /// Writes the next frame as well.
    #[spec]
    pub fn take_two(i: u64, vm: u32, st: &Big) -> Option<(bool, Big)> {
        rely!(i < 4096);
        let (ok, s) = take(i, vm, st)?;
        let mut s = s;
        s.frames[(i as usize + 1) % 4096].count = 0;
        Some((ok, s))
    }
}

fn program() -> Program {
    Program::from_layer(fx::layer).unwrap_or_else(|e| panic!("{e}"))
}

fn def<'p>(p: &'p Program, name: &str) -> &'p FnDef {
    p.fns
        .get(name)
        .unwrap_or_else(|| panic!("no function `{name}`"))
}

/// What a check must answer.
enum Expect {
    Verified,
    /// Failed, with this text in the problem.
    Failed(&'static str),
    /// Unknown with this text in the reason.
    Unknown(&'static str),
    /// Unsupported, with this text in the construct.
    Unsupported(&'static str),
}

/// Runs `query` and compares its verdict with `expect`; a failure's counterexample must name the
/// specs' source location.
fn check(name: &str, verdict: Verdict, expect: Expect) {
    match (verdict, expect) {
        (Verdict::Verified, Expect::Verified) => {}
        (Verdict::Failed(cx), Expect::Failed(problem)) => {
            let text = cx.to_string();
            assert!(
                cx.problem.contains(problem),
                "{name}: problem {:?}, wanted {problem:?}\n{text}",
                cx.problem
            );
            assert!(
                text.contains("smt_refinement.rs:"),
                "{name}: no span in\n{text}"
            );
        }
        (Verdict::Unknown { reason }, Expect::Unknown(why)) => {
            assert!(reason.contains(why), "{name}: {reason}")
        }
        (Verdict::Unsupported { construct, span }, Expect::Unsupported(what)) => {
            assert!(construct.contains(what), "{name}: {construct}");
            assert!(
                span.to_string().contains("smt_refinement.rs:"),
                "{name}: span {span}"
            );
        }
        (v, _) => panic!("{name}: unexpected verdict {v:?}"),
    }
}

fn refines(high: &str, low: &str, rel: Option<&str>, expect: Expect) {
    refines_in(fx::layer, high, low, rel, expect)
}

fn refines_in(
    layer: fn() -> autov::spec::LayerDef,
    high: &str,
    low: &str,
    rel: Option<&str>,
    expect: Expect,
) {
    let p = Program::from_layer(layer).unwrap_or_else(|e| panic!("{e}"));
    let rel = rel.map(|r| def(&p, r));
    let v = check_refinement(&p, def(&p, high), def(&p, low), rel, &Settings::default());
    check(&format!("{low} refines {high}"), v, expect);
}

#[test]
fn equal_and_equivalent_specs_verify() {
    let cases = [
        ("inc", "inc"),
        ("inc", "inc_bits"),
        ("inc_bits", "inc"),
        ("class_early", "class_nested"),
        ("class_nested", "class_early"),
        ("quota_direct", "quota_roundtrip"),
        ("give_host", "give_host_struct"),
        ("take_quota", "take_quota_wrapping"),
        ("owner_id", "owner_id"),
        ("inc_checked", "inc"),
        ("table_same", "table_rewrite"),
        ("fill_three", "set_three"),
        ("set_three", "fill_three"),
        ("set_four_quarters", "fill_wrapping"),
    ];
    for (high, low) in cases {
        refines(high, low, None, Expect::Verified);
    }
}

#[test]
fn wrong_low_specs_fail_with_replayed_counterexamples() {
    let cases = [
        ("class_early", "class_off_by_one", "results differ"),
        ("class_nested", "class_off_by_one", "results differ"),
        ("below", "below_signed", "results differ"),
        ("give_host", "give_host_wrong_field", "new states differ"),
        ("owner_id", "owner_id_missing_host", "stuck"),
        ("inc", "inc_checked", "spec error (arithmetic overflow"),
        (
            "take_quota",
            "take_quota_unchecked",
            "spec error (arithmetic overflow",
        ),
        ("take_quota", "take_quota_forgets", "new states differ"),
        ("table_same", "table_clear", "results differ"),
        ("fill_three", "set_three_gap", "results differ"),
        ("set_three_gap", "fill_three", "results differ"),
    ];
    for (high, low, problem) in cases {
        refines(high, low, None, Expect::Failed(problem));
    }
}

#[test]
fn large_arrays_are_z3_arrays() {
    refines_in(big::layer, "take", "take", None, Expect::Verified);
    refines_in(big::layer, "take", "take_copy", None, Expect::Verified);
    refines_in(
        big::layer,
        "take",
        "take_two",
        None,
        Expect::Failed("new states differ"),
    );
}

#[test]
fn refinement_under_a_relation() {
    refines("abs_inc", "conc_inc", Some("counter_rel"), Expect::Verified);
    refines(
        "abs_inc",
        "conc_inc_twice",
        Some("counter_rel"),
        Expect::Failed("not related"),
    );
}

#[test]
fn unrolling_bounds_give_unknown_unless_a_counterexample_stays_within() {
    refines(
        "zero_of",
        "countdown",
        None,
        Expect::Unknown("unrolling bound"),
    );
    refines("sum_to", "sum_to", None, Expect::Unknown("unrolling bound"));
    refines(
        "zero_of",
        "countdown_bad",
        None,
        Expect::Failed("results differ"),
    );
}

#[test]
fn time_limit_gives_unknown() {
    let p = program();
    let settings = Settings {
        timeout: std::time::Duration::from_millis(300),
        ..Settings::default()
    };
    let v = check_refinement(
        &p,
        def(&p, "factors"),
        def(&p, "no_factors"),
        None,
        &settings,
    );
    check("factoring", v, Expect::Unknown("time limit 300 ms"));
}

#[test]
fn unencoded_constructs_are_reported_with_their_span() {
    let p = program();
    let v = check_no_fault(&p, def(&p, "pair_table"), &Settings::default());
    check(
        "pair_table",
        v,
        Expect::Unsupported("map key of type `(u8, u8)`"),
    );
}

fn no_fault(f: &str, expect: Expect) {
    let p = program();
    check(
        f,
        check_no_fault(&p, def(&p, f), &Settings::default()),
        expect,
    );
}

#[test]
fn spec_errors_are_found() {
    no_fault("add", Expect::Failed("spec error"));
    no_fault("add_small", Expect::Verified);
    no_fault("inc_checked", Expect::Failed("spec error"));
    no_fault("inc", Expect::Verified);
    no_fault("page_count", Expect::Failed("spec error"));
    no_fault("take_quota", Expect::Verified);
    no_fault("take_quota_unchecked", Expect::Failed("spec error"));
    no_fault("bump_if_quota", Expect::Failed("spec error"));
}

#[test]
fn overflow_counterexample_overflows() {
    let p = program();
    let Verdict::Failed(cx) = check_no_fault(&p, def(&p, "add"), &Settings::default()) else {
        panic!("add must fail")
    };
    let [(_, Value::Int(a)), (_, Value::Int(b))] = &cx.high_args[..] else {
        panic!("{cx}")
    };
    assert!(a.value + b.value > u64::MAX as i128, "{cx}");
    assert!(
        matches!(&cx.high, Outcome::Error { error, .. } if error == "arithmetic overflow"),
        "{cx}"
    );
}

#[test]
fn queries_run_in_parallel_threads() {
    use rayon::prelude::*;
    let cases = vec![
        ("inc", "inc_bits", Expect::Verified),
        ("below", "below_signed", Expect::Failed("results differ")),
        ("class_early", "class_nested", Expect::Verified),
        ("inc", "inc_checked", Expect::Failed("spec error")),
    ];
    cases
        .into_par_iter()
        .for_each(|(high, low, expect)| refines(high, low, None, expect));
}
