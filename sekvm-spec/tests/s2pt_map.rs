//! The stage-2 page tables abstracted to maps (`specs::s2pt_map`): wrong abstract specs (a lookup
//! of the next frame, an unmap that leaves blocks in place) are not verified. The right ones are
//! obligations (`S2PTMap::npt_walk`, ...) that `tests/obligations.rs` checks.

use autov::smt::{Settings, Verdict};
use autov::spec::{FnDef, Program};
use sekvm_spec::harness::Checked;
use sekvm_spec::specs::s2pt_map::NptView;
use sekvm_spec::state::MAX_VM;

/// Wrong abstract specs.
#[autov::layer(name = "S2PTMapWrong", below = sekvm_spec::specs::s2pt_map::s2pt_map, state = NptView)]
pub mod wrong {
    use super::*;
    use autov::rely;
    use sekvm_spec::specs::locks::LOCK_S2PT_BASE;
    use sekvm_spec::specs::s2pt_map::s2pt_map::{frame_of, key, lookup, walks_vm, wf_vm};
    use sekvm_spec::specs::s2pt_tree::{E_NOENT, E_OK};
    use sekvm_spec::state::{Hw, RData};

    /// Looks up the next frame (vmid 0 only).
    #[spec]
    pub fn npt_walk_next(vmid: u32, addr: u64, st: &NptView) -> Option<u64> {
        rely!(vmid == 0);
        rely!(!st.rd.hw.locks[LOCK_S2PT_BASE + vmid as usize]);
        Some(lookup(st, vmid, frame_of(addr).wrapping_add(1)))
    }

    /// Unmaps the page mapping `addr` but leaves a block in place.
    #[spec]
    pub fn npt_unmap_pages_only(vmid: u32, addr: u64, st: &NptView) -> Option<(u64, NptView)> {
        rely!((vmid as usize) < MAX_VM);
        rely!(!st.rd.hw.locks[LOCK_S2PT_BASE + vmid as usize]);
        let gfn = frame_of(addr);
        let block = st.blocks.get(key(vmid, gfn >> 9));
        let page = st.pages.get(key(vmid, gfn));
        let mut st = st.clone();
        st.pages.set(key(vmid, gfn), 0);
        if block != 0 || page != 0 {
            Some((E_OK, st))
        } else {
            Some((E_NOENT, st))
        }
    }

    /// `npt_rel` for vmid 0 alone: where a wrong spec's counterexample is small.
    #[helper]
    pub fn npt_rel_vm0(h: &NptView, l: &RData) -> bool {
        h.rd.el2 == l.el2
            && Hw {
                phys: l.hw.phys.clone(),
                ..h.rd.hw.clone()
            } == l.hw
            && walks_vm(h, l, 0)
            && wf_vm(l, 0)
    }
}

fn def<'p>(p: &'p Program, name: &str) -> &'p FnDef {
    p.fns.get(name).unwrap_or_else(|| panic!("no `{name}`"))
}

/// The verdict of `function`'s spec refining `spec` under relation `rel` (each from the wrong
/// layer when there).
fn verdict(checked: &Checked, spec: &str, function: &str, rel: &str) -> Verdict {
    let wrong = Program::from_layer(wrong::layer).unwrap_or_else(|e| panic!("{e}"));
    let find = |name: &str| {
        wrong
            .fns
            .get(name)
            .unwrap_or_else(|| def(&checked.abstract_program, name))
    };
    let settings = Settings {
        timeout: std::time::Duration::from_secs(3),
        ..Settings::default()
    };
    checked.abstraction_refines_with(find(spec), function, find(rel), &settings)
}

#[test]
fn the_walk_is_a_map_lookup() {
    let checked = Checked::build().expect("builds");
    let v = verdict(&checked, "npt_walk", "walk_s2pt", "npt_rel");
    assert!(matches!(v, Verdict::Verified), "{v:?}");
}

/// A wrong lookup is never verified. (Z3 does not find its counterexample within the time
/// limit at this size: the answer is `Unknown`, which the note on issue 5 reports.)
#[test]
fn a_wrong_lookup_is_not_verified() {
    assert_not_verified("npt_walk_next", "walk_s2pt", "npt_rel_vm0");
}

/// An unmap that leaves blocks in place is never verified. (As for the wrong lookup, Z3 finds
/// no counterexample within the time limit: the answer is `Unknown`.)
#[test]
fn an_unmap_that_keeps_blocks_is_not_verified() {
    assert_not_verified("npt_unmap_pages_only", "unmap_s2pt", "npt_rel");
}

/// `function`'s spec refining wrong spec `spec` under `rel` is failed or unknown, never verified.
fn assert_not_verified(spec: &str, function: &str, rel: &str) {
    let checked = Checked::build().expect("builds");
    match verdict(&checked, spec, function, rel) {
        Verdict::Failed(_) | Verdict::Unknown { .. } => {}
        v => panic!("{spec}: {v:?}"),
    }
}
