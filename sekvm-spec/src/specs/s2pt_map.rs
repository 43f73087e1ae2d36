//! S2PTMap: the stage-2 page tables abstracted to one map per vmid, from guest frame number to
//! the leaf descriptor that maps it (0: unmapped; the descriptor's output address is the
//! physical frame). It is an abstraction of layer S2PTOps' interface: each spec here is checked
//! to be refined by the S2PTOps spec it names (so far `npt_walk`, by `walk_s2pt`) under
//! `npt_rel`, which ties the maps to
//! 4-level walks of the concrete tables and carries the tables' well-formedness:
//!
//! - every vmid's tables lie in its own pool (`S2PT_POOL_START + vmid * S2PT_POOL_SIZE`), the
//!   PGD at its first page and PUD, PMD and PTE tables in their areas of it;
//! - a table is reached from one entry only (two frames reach the same PTE table only when they
//!   share the walk down to it, and likewise at the PMD and PUD levels);
//! - a PTE-level entry is 0 or a page descriptor (type bits 3), so that a leaf tells its level.
//!
//! The physical memory outside the pools is the same in both states; the pool pages hold the
//! tables, which the abstract state does not see. The relation's quantifiers range over
//! addresses (through their frames), so that an address argument of a spec is an instance.
//! Updates (`unmap_s2pt`, `mmap_s2pt`) are not abstracted yet: with the well-formedness
//! invariant the query is too large for Z3 within minutes.

use super::locks::LOCK_S2PT_BASE;
use super::s2pt_ops::s2pt_ops;
use super::util::{
    DESC_BLOCK, DESC_TABLE, DESC_TYPE_MASK, INDEX_MASK, PAGE_SHIFT, PHYS_MASK, PTE_SIZE,
};
use crate::state::*;
use autov::{Map, SpecType};

/// Guest frame numbers below this are translated (a 48-bit IPA space of 4 KiB pages).
pub const IPA_FRAMES: u64 = 1 << 36;
/// The first page of vmid 0's page-table pool (`S2PT_POOL_START`).
pub const S2PT_POOL_START: u64 = 0x4000_0000;
/// Bytes per vmid pool (`S2PT_POOL_SIZE`, 64 pages).
pub const S2PT_POOL_SIZE: u64 = 64 << PAGE_SHIFT;
/// Page index of the first PUD table in a pool.
pub const S2PT_PUD_START: u64 = 1;
/// Page index of the first PMD table in a pool.
pub const S2PT_PMD_START: u64 = 4;
/// Page index of the first PTE table in a pool.
pub const S2PT_PTE_START: u64 = 16;
/// Pages per pool.
pub const S2PT_POOL_PAGES: u64 = 64;

/// The abstract state: the rest of the machine, and the per-vmid maps.
#[derive(Debug, Clone, PartialEq, SpecType)]
pub struct NptView {
    /// Everything but the tables (the words of the pool pages in `rd.hw.phys` mean nothing).
    pub rd: RData,
    /// Per vmid, guest frame number to leaf descriptor (0: unmapped).
    pub npt: [Map<u64, u64>; MAX_VM],
}

/// S2PTMap as an abstraction of S2PTOps, checked vmid by vmid (each vmid's map is its own
/// quantifier).
pub fn abstraction() -> super::AbstractionLayer {
    super::AbstractionLayer {
        layer: s2pt_map::layer,
        name: "S2PTMap",
        relation: "npt_rel",
        refined_by: &[("npt_walk", "walk_s2pt")],
        cases: Some(("vmid", MAX_VM as u64)),
    }
}

/// Specs of S2PTMap.
#[autov::layer(name = "S2PTMap", below = s2pt_ops, state = NptView)]
pub mod s2pt_map {
    use super::*;
    use autov::{forall, rely};

    /// The leaf descriptor mapping `addr` in `vmid`'s table, or 0 (`walk_s2pt`).
    #[spec]
    pub fn npt_walk(vmid: u32, addr: u64, st: &NptView) -> Option<u64> {
        rely!((vmid as usize) < MAX_VM);
        rely!(!st.rd.hw.locks[LOCK_S2PT_BASE + vmid as usize]);
        Some(st.npt[vmid as usize].get(frame_of(addr)))
    }

    /// The guest frame of `addr` that the walk translates (its bits 12 to 47).
    #[helper]
    pub fn frame_of(addr: u64) -> u64 {
        (addr >> PAGE_SHIFT) & (IPA_FRAMES - 1)
    }

    /// The word of the table at `table` for index `idx`.
    #[helper]
    pub fn entry(st: &RData, table: u64, idx: u64) -> u64 {
        st.hw
            .phys
            .get(table.wrapping_add(idx.wrapping_mul(PTE_SIZE)))
    }

    /// The next table from `desc` when it is a table descriptor with a non-zero address; 0
    /// otherwise.
    #[helper]
    pub fn next_table(desc: u64) -> u64 {
        if (desc & DESC_TYPE_MASK) == DESC_TABLE {
            desc & PHYS_MASK
        } else {
            0
        }
    }

    /// The PUD table on `gfn`'s walk in `vmid`'s table, or 0.
    #[helper]
    pub fn pud_table(st: &RData, vmid: u32, gfn: u64) -> u64 {
        let pgd = st.el2.s2pt[vmid as usize].vttbr & PHYS_MASK;
        next_table(entry(st, pgd, (gfn >> 27) & INDEX_MASK))
    }

    /// The PMD table on `gfn`'s walk, or 0.
    #[helper]
    pub fn pmd_table(st: &RData, vmid: u32, gfn: u64) -> u64 {
        let pud = pud_table(st, vmid, gfn);
        if pud == 0 {
            0
        } else {
            next_table(entry(st, pud, (gfn >> 18) & INDEX_MASK))
        }
    }

    /// The PMD entry on `gfn`'s walk, or 0 when there is no PMD table.
    #[helper]
    pub fn pmd_desc(st: &RData, vmid: u32, gfn: u64) -> u64 {
        let pmd = pmd_table(st, vmid, gfn);
        if pmd == 0 {
            0
        } else {
            entry(st, pmd, (gfn >> 9) & INDEX_MASK)
        }
    }

    /// The PTE table on `gfn`'s walk (its PMD entry is a table descriptor), or 0.
    #[helper]
    pub fn pte_table(st: &RData, vmid: u32, gfn: u64) -> u64 {
        let pmde = pmd_desc(st, vmid, gfn);
        if (pmde & DESC_TYPE_MASK) == DESC_TABLE {
            pmde & PHYS_MASK
        } else {
            0
        }
    }

    /// The leaf descriptor of `gfn` in `vmid`'s tables: what `walk_npt` gives for its address.
    #[helper]
    pub fn leaf(st: &RData, vmid: u32, gfn: u64) -> u64 {
        let pmde = pmd_desc(st, vmid, gfn);
        if (pmde & DESC_TYPE_MASK) == DESC_BLOCK {
            pmde
        } else if (pmde & DESC_TYPE_MASK) == DESC_TABLE {
            entry(st, pmde & PHYS_MASK, gfn & INDEX_MASK)
        } else {
            0
        }
    }

    /// The first byte of `vmid`'s pool.
    #[helper]
    pub fn pool(vmid: u32) -> u64 {
        S2PT_POOL_START + (vmid as u64) * S2PT_POOL_SIZE
    }

    /// Whether `pa` is 0 or lies in pages `first..last` of `vmid`'s pool.
    #[helper]
    pub fn absent_or_in(pa: u64, vmid: u32, first: u64, last: u64) -> bool {
        pa == 0
            || (pool(vmid) + (first << PAGE_SHIFT) <= pa && pa < pool(vmid) + (last << PAGE_SHIFT))
    }

    /// Whether `pa` lies in some vmid's pool.
    #[helper]
    pub fn in_pools(pa: u64) -> bool {
        S2PT_POOL_START <= pa && pa < S2PT_POOL_START + (MAX_VM as u64) * S2PT_POOL_SIZE
    }

    /// `vmid`'s tables are well formed at frame `gfn`: they lie in their pool areas (a PMD
    /// entry that is a table descriptor points into the PTE area, never at 0), and a PTE-level
    /// leaf is 0 or a page descriptor.
    #[helper]
    pub fn wf_at(st: &RData, vmid: u32, gfn: u64) -> bool {
        let pmde = pmd_desc(st, vmid, gfn);
        let pte = pte_table(st, vmid, gfn);
        let leaf = entry(st, pte, gfn & INDEX_MASK);
        absent_or_in(
            pud_table(st, vmid, gfn),
            vmid,
            S2PT_PUD_START,
            S2PT_PMD_START,
        ) && absent_or_in(
            pmd_table(st, vmid, gfn),
            vmid,
            S2PT_PMD_START,
            S2PT_PTE_START,
        ) && ((pmde & DESC_TYPE_MASK) != DESC_TABLE
            || (pte != 0
                && absent_or_in(pte, vmid, S2PT_PTE_START, S2PT_POOL_PAGES)
                && (leaf == 0 || (leaf & DESC_TYPE_MASK) == DESC_TABLE)))
    }

    /// Frames `a` and `b` reach the same table of `vmid` at some level only when they share the
    /// walk down to it.
    #[helper]
    pub fn unshared(st: &RData, vmid: u32, a: u64, b: u64) -> bool {
        (pud_table(st, vmid, a) == 0
            || pud_table(st, vmid, a) != pud_table(st, vmid, b)
            || (a >> 27) == (b >> 27))
            && (pmd_table(st, vmid, a) == 0
                || pmd_table(st, vmid, a) != pmd_table(st, vmid, b)
                || (a >> 18) == (b >> 18))
            && (pte_table(st, vmid, a) == 0
                || pte_table(st, vmid, a) != pte_table(st, vmid, b)
                || (a >> 9) == (b >> 9))
    }

    /// `vmid`'s tables are well formed and rooted at its pool.
    #[helper]
    pub fn wf_vm(st: &RData, v: u32) -> bool {
        (st.el2.s2pt[v as usize].vttbr & PHYS_MASK) == pool(v)
            && forall(|a: u64| wf_at(st, v, frame_of(a)))
            && forall(|a: u64| forall(|b: u64| unshared(st, v, frame_of(a), frame_of(b))))
    }

    /// `vmid`'s map is what the walks of its tables give.
    #[helper]
    pub fn walks_vm(h: &NptView, l: &RData, v: u32) -> bool {
        forall(|a: u64| h.npt[v as usize].get(frame_of(a)) == leaf(l, v, frame_of(a)))
    }

    /// The maps of vmids `v` and up are what their walks give, over well-formed tables.
    #[helper(measure = (MAX_VM as u64).saturating_sub(v as u64))]
    pub fn tables_from(h: &NptView, l: &RData, v: u32) -> bool {
        if v as usize >= MAX_VM {
            true
        } else {
            walks_vm(h, l, v) && wf_vm(l, v) && tables_from(h, l, v + 1)
        }
    }

    /// The abstraction: the same machine outside the pools, each map what the walks give, and
    /// well-formed tables.
    #[helper]
    pub fn npt_rel(h: &NptView, l: &RData) -> bool {
        h.rd.el2 == l.el2
            && Hw {
                phys: l.hw.phys.clone(),
                ..h.rd.hw.clone()
            } == l.hw
            && forall(|a: u64| in_pools(a) || h.rd.hw.phys.get(a) == l.hw.phys.get(a))
            && tables_from(h, l, 0)
    }
}
