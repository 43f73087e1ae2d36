//! Quantified relations (`autov::forall`): a data refinement of a memory by an indirection
//! table, the shape of a page table. The abstract memory is `mem[a]` where `a` is mapped; the
//! concrete one is `data[slot[a]]`, slot 0 meaning unmapped. A write through the table refines
//! the abstract write only when mapped addresses have distinct slots, which the relation must
//! state (a two-variable quantifier).

use autov::smt::{check_refinement, Settings, Verdict};
use autov::spec::{FnDef, Program};
use autov::{forall, layer, rely, Map, SpecType};

/// The abstract memory.
#[derive(Debug, Clone, PartialEq, SpecType)]
pub struct Flat {
    /// Address to value (meaningful where mapped).
    pub mem: Map<u64, u64>,
    /// Whether an address is mapped.
    pub mapped: Map<u64, bool>,
}

/// The concrete memory: every address goes through `slot` to a cell of `data`.
#[derive(Debug, Clone, PartialEq, SpecType)]
pub struct Table {
    /// Address to cell; 0: unmapped.
    pub slot: Map<u64, u64>,
    /// Cell to value.
    pub data: Map<u64, u64>,
}

#[layer(name = "ForallFixture", state = Flat)]
pub mod fx {
    use super::*;

    /// The value at `a`.
    #[spec]
    pub fn read(a: u64, st: &Flat) -> Option<u64> {
        rely!(st.mapped.get(a));
        Some(st.mem.get(a))
    }

    /// Writes `v` at `a`.
    #[spec]
    pub fn write(a: u64, v: u64, st: &Flat) -> Option<((), Flat)> {
        rely!(st.mapped.get(a));
        let mut st = st.clone();
        st.mem.set(a, v);
        Some(((), st))
    }

    /// The value at `a`, through the table.
    #[spec]
    pub fn read_table(a: u64, st: &Table) -> Option<u64> {
        Some(st.data.get(st.slot.get(a)))
    }

    /// Writes `v` at `a`, through the table.
    #[spec]
    pub fn write_table(a: u64, v: u64, st: &Table) -> Option<((), Table)> {
        let mut st = st.clone();
        st.data.set(st.slot.get(a), v);
        Some(((), st))
    }

    /// A wrong write: the cell of the next address.
    #[spec]
    pub fn write_table_next(a: u64, v: u64, st: &Table) -> Option<((), Table)> {
        let mut st = st.clone();
        st.data.set(st.slot.get(a.wrapping_add(1)), v);
        Some(((), st))
    }

    /// The abstraction: the same addresses are mapped and read the same, and no two mapped
    /// addresses share a cell.
    #[helper]
    pub fn table_rel(h: &Flat, l: &Table) -> bool {
        table_view(h, l)
            && forall(|a: u64| {
                forall(|b: u64| a == b || l.slot.get(a) == 0 || l.slot.get(a) != l.slot.get(b))
            })
    }

    /// The abstraction without the invariant: too weak for writes.
    #[helper]
    pub fn table_view(h: &Flat, l: &Table) -> bool {
        forall(|a: u64| {
            h.mapped.get(a) == (l.slot.get(a) != 0)
                && (l.slot.get(a) == 0 || h.mem.get(a) == l.data.get(l.slot.get(a)))
        })
    }

    /// A quantifier over a small type runs natively and in the evaluator.
    #[helper]
    pub fn byte_roundtrip() -> bool {
        forall(|x: u8| x.wrapping_add(3).wrapping_sub(3) == x)
    }
}

fn def<'p>(p: &'p Program, name: &str) -> &'p FnDef {
    p.fns
        .get(name)
        .unwrap_or_else(|| panic!("no function `{name}`"))
}

/// The verdict of `low` refining `high` under `rel`.
fn verdict(high: &str, low: &str, rel: &str) -> Verdict {
    let p = Program::from_layer(fx::layer).unwrap_or_else(|e| panic!("{e}"));
    check_refinement(
        &p,
        def(&p, high),
        def(&p, low),
        Some(def(&p, rel)),
        &Settings::default(),
    )
}

fn check(high: &str, low: &str, rel: &str, want: &str) {
    let got = match verdict(high, low, rel) {
        Verdict::Verified => "verified".to_string(),
        Verdict::Failed(cx) => format!("failed: {}", cx.problem),
        v => format!("{v:?}"),
    };
    assert!(
        got.starts_with(want),
        "{low} refines {high} under {rel}: got {got}, wanted {want}"
    );
}

#[test]
fn reads_refine_under_the_view() {
    check("read", "read_table", "table_view", "verified");
    check("read", "read_table", "table_rel", "verified");
}

#[test]
fn writes_refine_only_with_the_injectivity_invariant() {
    check("write", "write_table", "table_rel", "verified");
    check("write", "write_table", "table_view", "failed");
}

#[test]
fn a_wrong_write_fails() {
    check("write", "write_table_next", "table_rel", "failed");
}

#[test]
fn small_quantifiers_run() {
    assert!(fx::byte_roundtrip());
    let p = Program::from_layer(fx::layer).unwrap_or_else(|e| panic!("{e}"));
    let v = p.call("byte_roundtrip", vec![]).expect("runs");
    assert_eq!(v.to_string(), "true");
}
