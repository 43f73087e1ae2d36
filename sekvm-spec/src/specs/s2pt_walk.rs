//! Layer S2PTWalk: one level of a stage-2 walk. Page-table entries are words of physical
//! memory (`st.hw.phys`, by 8-byte aligned address). The `walk_*` functions may allocate the
//! next table from the vmid's pool (`alloc_s2pt_*`, layer S2PTAlloc).
//!
//! In the `walk_*` specs, "the entry is not empty or nothing may be allocated" is written
//! `(alloc == 0) | (e != 0)`, the condition clang computes. The allocating branch's state is
//! opaque to the solver (it went through `clear_pt_page`'s loop), so the two sides' results are
//! conditionals over every field of the state: with the same condition they meet at once
//! (0.3 s); with `e != 0 || alloc == 0` (a conditional, not a disjunction) Z3 does not prove
//! the equivalence within 60 s.

use super::s2pt_alloc::s2pt_alloc;
use super::util::{util, PTE_SIZE};
use crate::state::*;

/// Specs of S2PTWalk.
#[autov::layer(name = "S2PTWalk", below = s2pt_alloc, state = RData)]
pub mod s2pt_walk {
    use super::*;
    use autov::rely;
    use s2pt_alloc::{alloc_s2pt_pmd, alloc_s2pt_pte, alloc_s2pt_pud};
    use util::{
        desc_addr, desc_is_table, entry_addr, make_table_desc, pgd_index, pmd_index, pte_index,
        pud_index,
    };

    /// The PUD table for `addr` from the PGD of `vttbr`: the address its PGD entry points to
    /// when that entry is a table descriptor. Otherwise 0, except that an empty entry with
    /// `alloc != 0` gets a new (zeroed) PUD page from `vmid`'s pool, and a table descriptor to
    /// it, when the pool has one left.
    #[spec]
    pub fn walk_pgd(
        vmid: u32,
        vttbr: u64,
        addr: u64,
        alloc: u32,
        st: &RData,
    ) -> Option<(u64, RData)> {
        let ea = entry_addr(desc_addr(vttbr)?, pgd_index(addr)?)?;
        let e = st.hw.phys.get(ea);
        if desc_is_table(e)? == 1 {
            Some((desc_addr(e)?, st.clone()))
        } else if (alloc == 0) | (e != 0) {
            Some((0, st.clone()))
        } else {
            let (next, st) = alloc_s2pt_pud(vmid, st)?;
            if next == 0 {
                Some((0, st))
            } else {
                let mut st = st;
                st.hw.phys.set(ea, make_table_desc(next)?);
                Some((next, st))
            }
        }
    }

    /// The PMD table for `addr` from the PUD table at `pud` (8-byte aligned): the address its
    /// PUD entry points to when that entry is a table descriptor. Otherwise 0, except that an
    /// empty entry with `alloc != 0` gets a new (zeroed) PMD page from `vmid`'s pool, and a
    /// table descriptor to it, when the pool has one left.
    #[spec]
    pub fn walk_pud(
        vmid: u32,
        pud: u64,
        addr: u64,
        alloc: u32,
        st: &RData,
    ) -> Option<(u64, RData)> {
        rely!(pud % PTE_SIZE == 0);
        let ea = entry_addr(pud, pud_index(addr)?)?;
        let e = st.hw.phys.get(ea);
        if desc_is_table(e)? == 1 {
            Some((desc_addr(e)?, st.clone()))
        } else if (alloc == 0) | (e != 0) {
            Some((0, st.clone()))
        } else {
            let (next, st) = alloc_s2pt_pmd(vmid, st)?;
            if next == 0 {
                Some((0, st))
            } else {
                let mut st = st;
                st.hw.phys.set(ea, make_table_desc(next)?);
                Some((next, st))
            }
        }
    }

    /// The PTE table for `addr` from the PMD table at `pmd` (8-byte aligned): the address its
    /// PMD entry points to when that entry is a table descriptor. Otherwise 0 (in particular
    /// for a block), except that an empty entry with `alloc != 0` gets a new (zeroed) PTE page
    /// from `vmid`'s pool, and a table descriptor to it, when the pool has one left.
    #[spec]
    pub fn walk_pmd(
        vmid: u32,
        pmd: u64,
        addr: u64,
        alloc: u32,
        st: &RData,
    ) -> Option<(u64, RData)> {
        rely!(pmd % PTE_SIZE == 0);
        let ea = entry_addr(pmd, pmd_index(addr)?)?;
        let e = st.hw.phys.get(ea);
        if desc_is_table(e)? == 1 {
            Some((desc_addr(e)?, st.clone()))
        } else if (alloc == 0) | (e != 0) {
            Some((0, st.clone()))
        } else {
            let (next, st) = alloc_s2pt_pte(vmid, st)?;
            if next == 0 {
                Some((0, st))
            } else {
                let mut st = st;
                st.hw.phys.set(ea, make_table_desc(next)?);
                Some((next, st))
            }
        }
    }

    /// The entry for `addr` in the PMD table at `pmd` (8-byte aligned).
    #[spec]
    pub fn pmd_entry(pmd: u64, addr: u64, st: &RData) -> Option<u64> {
        rely!(pmd % PTE_SIZE == 0);
        Some(st.hw.phys.get(entry_addr(pmd, pmd_index(addr)?)?))
    }

    /// The entry for `addr` in the PTE table at `pte` (8-byte aligned).
    #[spec]
    pub fn pte_entry(pte: u64, addr: u64, st: &RData) -> Option<u64> {
        rely!(pte % PTE_SIZE == 0);
        Some(st.hw.phys.get(entry_addr(pte, pte_index(addr)?)?))
    }

    /// Writes `desc` as the entry for `addr` in the PMD table at `pmd` (8-byte aligned).
    #[spec]
    pub fn set_pmd(pmd: u64, addr: u64, desc: u64, st: &RData) -> Option<((), RData)> {
        rely!(pmd % PTE_SIZE == 0);
        let mut st = st.clone();
        st.hw.phys.set(entry_addr(pmd, pmd_index(addr)?)?, desc);
        Some(((), st))
    }

    /// Writes `desc` as the entry for `addr` in the PTE table at `pte` (8-byte aligned).
    #[spec]
    pub fn set_pte(pte: u64, addr: u64, desc: u64, st: &RData) -> Option<((), RData)> {
        rely!(pte % PTE_SIZE == 0);
        let mut st = st.clone();
        st.hw.phys.set(entry_addr(pte, pte_index(addr)?)?, desc);
        Some(((), st))
    }
}
