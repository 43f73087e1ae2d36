//! Layer S2PTOps: stage-2 operations under the vmid's page-table lock, which must be free on
//! entry and is free again on exit. TLB maintenance and barriers change nothing the model
//! sees. `init_s2pt` and `mmap_s2pt` (which zero table pages in a loop) keep their derived
//! specs.

use super::locks::LOCK_S2PT_BASE;
use super::s2pt_tree::{s2pt_tree, E_NOENT, LEVEL_NONE};
use super::util::PAGE_SHIFT;
use crate::state::*;

/// The host's vmid (`HOSTVISOR`).
pub const HOSTVISOR: u32 = 0;

/// Specs of S2PTOps.
#[autov::layer(name = "S2PTOps", below = s2pt_tree, state = RData)]
pub mod s2pt_ops {
    use super::*;
    use autov::rely;
    use s2pt_tree::{clear_npt, npt_level, npt_pmd_empty, walk_npt};

    /// The leaf descriptor mapping `addr` in `vmid`'s stage-2 table, or 0.
    #[spec]
    pub fn walk_s2pt(vmid: u32, addr: u64, st: &RData) -> Option<u64> {
        rely!((vmid as usize) < MAX_VM);
        rely!(!st.hw.locks[LOCK_S2PT_BASE + vmid as usize]);
        walk_npt(vmid, addr, st)
    }

    /// The VTTBR value of `vmid`.
    #[spec]
    pub fn read_s2pt_vttbr(vmid: u32, st: &RData) -> Option<u64> {
        rely!((vmid as usize) < MAX_VM);
        rely!(!st.hw.locks[LOCK_S2PT_BASE + vmid as usize]);
        Some(st.el2.s2pt[vmid as usize].vttbr)
    }

    /// Unmaps the leaf (page or block) that maps `addr` in `vmid`'s table; `E_NOENT` (and no
    /// change) when nothing maps it.
    #[spec]
    pub fn unmap_s2pt(vmid: u32, addr: u64, st: &RData) -> Option<(u64, RData)> {
        rely!((vmid as usize) < MAX_VM);
        rely!(!st.hw.locks[LOCK_S2PT_BASE + vmid as usize]);
        let level = npt_level(vmid, addr, st)?;
        if level == LEVEL_NONE {
            return Some((E_NOENT, st.clone()));
        }
        clear_npt(vmid, addr, level, st)
    }

    /// Removes the host's mapping of frame `pfn` (the whole 2 MiB block when a block maps it).
    #[spec]
    pub fn clear_pfn_host(pfn: u64, st: &RData) -> Option<((), RData)> {
        let (_, st) = unmap_s2pt(HOSTVISOR, pfn << PAGE_SHIFT, st)?;
        Some(((), st))
    }

    /// 1 when the 2 MiB range of `vmid`'s IPA space containing `addr` maps nothing, 0
    /// otherwise.
    #[spec]
    pub fn s2pt_block_free(vmid: u32, addr: u64, st: &RData) -> Option<u32> {
        rely!((vmid as usize) < MAX_VM);
        rely!(!st.hw.locks[LOCK_S2PT_BASE + vmid as usize]);
        npt_pmd_empty(vmid, addr, st)
    }
}
