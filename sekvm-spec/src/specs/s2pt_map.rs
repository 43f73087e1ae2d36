//! S2PTMap: the stage-2 page tables abstracted to maps per vmid. A vmid's mappings are a map
//! from 2 MiB region (guest frame number >> 9) to the block descriptor that maps it, a map from
//! guest frame number to the page descriptor that maps it (0 inside a block), and the regions
//! whose PMD entry holds a PTE table (which may map nothing). It is an abstraction of layer
//! S2PTOps' interface: each spec here is checked to be refined by the S2PTOps spec it names
//! under `npt_rel`, which ties the maps to 4-level walks of the concrete tables and carries the
//! tables' well-formedness:
//!
//! - every vmid's tables lie in its own pool (`S2PT_POOL_START + vmid * S2PT_POOL_SIZE`), the
//!   PGD at its first page and PUD, PMD and PTE tables in their areas of it;
//! - a table is reached from one entry only (two frames reach the same PTE table only when they
//!   share the walk down to it, and likewise at the PMD and PUD levels);
//! - a PMD entry is 0, a block descriptor or a table descriptor, and a PTE-level entry is 0 or
//!   a page descriptor (type bits 3), so that a leaf tells its level.
//!
//! The physical memory outside the pools is the same in both states; the pool pages hold the
//! tables, which the abstract state does not see. The relation quantifies over vmids and, inside,
//! over addresses (through their frames), so that an address argument of a spec is an instance:
//! an update of vmid w's tables is checked against the relation of a symbolic vmid v, which is
//! w or another vmid whose tables lie in another pool. `mmap_s2pt` and `init_s2pt` are not
//! abstracted yet: they zero table pages in a loop, whose spec is opaque in these checks.
//! Neither is `clear_pfn_host`, whose argument is a frame number: the relation is instantiated
//! at addresses, and without an instance at `pfn << PAGE_SHIFT` Z3 did not decide it in 120 s.

use super::locks::LOCK_S2PT_BASE;
use super::s2pt_ops::s2pt_ops;
use super::s2pt_tree::{E_NOENT, E_OK};
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

/// Bits of a key of the maps of [`NptView`] below the vmid: a key is `(vmid << 36) | n` for
/// frame or region number `n` (map keys are integers, so the pair is packed).
pub const VMID_SHIFT: u64 = 36;

/// The abstract state: the rest of the machine, and the stage-2 mappings of every vmid, keyed
/// by `key(vmid, n)`.
#[derive(Debug, Clone, PartialEq, SpecType)]
pub struct NptView {
    /// Everything but the tables (the words of the pool pages in `rd.hw.phys` mean nothing).
    pub rd: RData,
    /// (vmid, 2 MiB region = guest frame number >> 9) to the block descriptor mapping it (0:
    /// none).
    pub blocks: Map<u64, u64>,
    /// (vmid, guest frame number) to the page descriptor mapping it (0: none; 0 inside a
    /// block).
    pub pages: Map<u64, u64>,
    /// The (vmid, 2 MiB region) pairs whose PMD entry holds a PTE table.
    pub tables: Map<u64, bool>,
}

/// S2PTMap as an abstraction of S2PTOps.
pub fn abstraction() -> super::AbstractionLayer {
    super::AbstractionLayer {
        layer: s2pt_map::layer,
        name: "S2PTMap",
        relation: "npt_rel",
        refined_by: &[
            ("npt_walk", "walk_s2pt"),
            ("npt_unmap", "unmap_s2pt"),
            ("npt_region_free", "s2pt_block_free"),
        ],
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
        Some(lookup(st, vmid, frame_of(addr)))
    }

    /// Unmaps the block or the page that maps `addr` in `vmid`'s table: `E_OK`, or `E_NOENT`
    /// and no change when nothing maps it (`unmap_s2pt`).
    #[spec]
    pub fn npt_unmap(vmid: u32, addr: u64, st: &NptView) -> Option<(u64, NptView)> {
        rely!((vmid as usize) < MAX_VM);
        rely!(!st.rd.hw.locks[LOCK_S2PT_BASE + vmid as usize]);
        Some(unmapped(vmid, frame_of(addr), st))
    }

    /// `st` with the block or the page mapping frame `gfn` of `vmid` removed, and `E_OK`; or
    /// `st` and `E_NOENT` when nothing maps it.
    #[helper]
    pub fn unmapped(vmid: u32, gfn: u64, st: &NptView) -> (u64, NptView) {
        let block = st.blocks.get(key(vmid, gfn >> 9));
        let page = st.pages.get(key(vmid, gfn));
        let mut st = st.clone();
        if block != 0 {
            st.blocks.set(key(vmid, gfn >> 9), 0);
        } else if page != 0 {
            st.pages.set(key(vmid, gfn), 0);
        }
        if block != 0 || page != 0 {
            (E_OK, st)
        } else {
            (E_NOENT, st)
        }
    }

    /// 1 when `vmid` maps nothing in the 2 MiB region of `addr` and has no PTE table for it, 0
    /// otherwise (`s2pt_block_free`).
    #[spec]
    pub fn npt_region_free(vmid: u32, addr: u64, st: &NptView) -> Option<u32> {
        rely!((vmid as usize) < MAX_VM);
        rely!(!st.rd.hw.locks[LOCK_S2PT_BASE + vmid as usize]);
        let region = key(vmid, frame_of(addr) >> 9);
        if st.blocks.get(region) == 0 && !st.tables.get(region) {
            Some(1)
        } else {
            Some(0)
        }
    }

    /// The key of the maps for `vmid`'s frame or region number `n`.
    #[helper]
    pub fn key(vmid: u32, n: u64) -> u64 {
        ((vmid as u64) << VMID_SHIFT) | n
    }

    /// The descriptor that maps `vmid`'s frame `gfn` in `st`: its region's block, else its
    /// page.
    #[helper]
    pub fn lookup(st: &NptView, vmid: u32, gfn: u64) -> u64 {
        let block = st.blocks.get(key(vmid, gfn >> 9));
        if block != 0 {
            block
        } else {
            st.pages.get(key(vmid, gfn))
        }
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

    /// Whether PMD entry `pmde` is a block descriptor.
    #[helper]
    pub fn is_block(pmde: u64) -> bool {
        (pmde & DESC_TYPE_MASK) == DESC_BLOCK
    }

    /// Whether entry `desc` is a table (or, at the PTE level, a page) descriptor.
    #[helper]
    pub fn is_table(desc: u64) -> bool {
        (desc & DESC_TYPE_MASK) == DESC_TABLE
    }

    /// `h` holds at `vmid`'s frame `gfn` what `vmid`'s tables in `st` do: the block of its PMD
    /// entry, whether that entry is a PTE table, and the page entry of `gfn` in that table.
    #[helper]
    pub fn maps_at(h: &NptView, st: &RData, vmid: u32, gfn: u64) -> bool {
        let pmde = pmd_desc(st, vmid, gfn);
        let block = if is_block(pmde) { pmde } else { 0 };
        let page = if is_table(pmde) {
            entry(st, pmde & PHYS_MASK, gfn & INDEX_MASK)
        } else {
            0
        };
        h.blocks.get(key(vmid, gfn >> 9)) == block
            && h.tables.get(key(vmid, gfn >> 9)) == is_table(pmde)
            && h.pages.get(key(vmid, gfn)) == page
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

    /// `vmid`'s tables are well formed at frame `gfn`: they lie in their pool areas, the PMD
    /// entry is 0, a block or a table descriptor (which points into the PTE area, never at 0),
    /// and a PTE-level leaf is 0 or a page descriptor.
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
        ) && (pmde == 0 || is_block(pmde) || is_table(pmde))
            && (!is_table(pmde)
                || (pte != 0
                    && absent_or_in(pte, vmid, S2PT_PTE_START, S2PT_POOL_PAGES)
                    && (leaf == 0 || is_table(leaf))))
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

    /// `vmid`'s maps are what the walks of its tables give.
    #[helper]
    pub fn walks_vm(h: &NptView, l: &RData, v: u32) -> bool {
        forall(|a: u64| maps_at(h, l, v, frame_of(a)))
    }

    /// `vmid`'s map is what its walks give, over well-formed tables (vmids from `MAX_VM` on
    /// have no tables).
    #[helper]
    pub fn tables_of(h: &NptView, l: &RData, v: u32) -> bool {
        (v as usize) >= MAX_VM || (walks_vm(h, l, v) && wf_vm(l, v))
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
            && forall(|v: u32| tables_of(h, l, v))
    }
}
