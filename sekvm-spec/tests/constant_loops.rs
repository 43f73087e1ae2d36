//! A loop with constant bounds is checked exactly, however many iterations it runs (more than
//! `Settings::unroll`): its low spec is a recursive loop function whose recursion is *forced* (no
//! decision on the way depends on the inputs), which the solver unrolls to the end.
//! `init_s2pt_pools` (16 iterations) is verified and a wrong spec of it refuted;
//! `scrub_phys_page` (512 iterations, one `hw_phys_write64` each) is verified. (Refuting a wrong
//! spec of `scrub_phys_page` is correct but takes Z3 about 90 s, so it is not a test.)

use autov::smt::{Settings, Verdict};
use autov::spec::Program;
use sekvm_spec::harness::Checked;
use sekvm_spec::specs::page_index::{PAGE_SHIFT, PFN_LIMIT};
use sekvm_spec::state::{RData, MAX_VM};

/// Words per page.
const WORDS: u64 = 512;
/// Where the stage-2 page-table pools start (`S2PT_POOL_START`).
const POOL_START: u64 = 0x4000_0000;
/// Bytes per pool (`S2PT_POOL_SIZE`, 64 pages).
const POOL_SIZE: u64 = 64 * 4096;

/// Specs of `scrub_phys_page`: the right one and two wrong ones.
#[autov::layer(name = "ScrubSpecs", state = RData)]
pub mod scrub {
    use super::*;
    use autov::rely;

    /// Zeroes every word of page `pfn`.
    #[spec]
    pub fn scrub_right(pfn: u64, st: &RData) -> Option<((), RData)> {
        rely!(pfn < PFN_LIMIT);
        let base = pfn << PAGE_SHIFT;
        let mut st = st.clone();
        for i in 0..WORDS {
            st.hw.phys.set(base + i * 8, 0);
        }
        Some(((), st))
    }

    /// Every vmid's pool starts `POOL_SIZE` after the previous one.
    #[spec]
    pub fn pools_right(st: &RData) -> Option<((), RData)> {
        let mut st = st.clone();
        for vmid in 0..MAX_VM {
            st.el2.s2pt[vmid].pool_start = POOL_START + vmid as u64 * POOL_SIZE;
        }
        Some(((), st))
    }

    /// Forgets the last pool.
    #[spec]
    pub fn pools_short(st: &RData) -> Option<((), RData)> {
        let mut st = st.clone();
        for vmid in 0..MAX_VM - 1 {
            st.el2.s2pt[vmid].pool_start = POOL_START + vmid as u64 * POOL_SIZE;
        }
        Some(((), st))
    }
}

#[test]
fn loops_with_constant_bounds_are_checked_exactly() {
    let checked = Checked::build().unwrap();
    let specs = Program::from_layer(scrub::layer).unwrap();
    // Unrolling recurses on the native stack: run where the harness runs its checks.
    let verdict = |function: &str, name: &str| {
        let spec = specs.fns[name].clone();
        let checked = &checked;
        std::thread::scope(|s| {
            std::thread::Builder::new()
                .stack_size(512 << 20)
                .spawn_scoped(s, move || {
                    checked.refines(
                        function,
                        &spec,
                        &Settings {
                            timeout: std::time::Duration::from_secs(120),
                            ..Settings::default()
                        },
                    )
                })
                .unwrap()
                .join()
                .unwrap()
        })
    };
    assert_eq!(verdict("init_s2pt_pools", "pools_right"), Verdict::Verified);
    let wrong = verdict("init_s2pt_pools", "pools_short");
    assert!(matches!(wrong, Verdict::Failed(_)), "{wrong:?}");
    assert_eq!(verdict("scrub_phys_page", "scrub_right"), Verdict::Verified);
}
