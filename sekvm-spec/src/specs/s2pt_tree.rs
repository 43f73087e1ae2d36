//! Layer S2PTTreeOps: whole 4-level stage-2 walks and updates of a vmid's table, whose root
//! is the PGD named by the vmid's VTTBR value (`st.el2.s2pt[vmid].vttbr`). Above the PMD
//! level, an entry leads on only when it is a table descriptor with a non-zero address.
//! `init_npt` (which zeroes the PGD in a loop) and `set_npt` (which may allocate tables, each
//! zeroed in a loop) keep their derived specs.

use super::s2pt_walk::s2pt_walk;
use super::util::util;
use crate::state::*;

/// Nothing maps the address (`LEVEL_NONE`).
pub const LEVEL_NONE: u32 = 0;
/// A 2 MiB block maps the address (`LEVEL_PMD`).
pub const LEVEL_PMD: u32 = 2;
/// A 4 KiB page maps the address (`LEVEL_PTE`).
pub const LEVEL_PTE: u32 = 3;
/// Success (`E_OK`).
pub const E_OK: u64 = 0;
/// Nothing to remove (`E_NOENT`, -2).
pub const E_NOENT: u64 = 0xFFFF_FFFF_FFFF_FFFE;

/// Specs of S2PTTreeOps.
#[autov::layer(name = "S2PTTreeOps", below = s2pt_walk, state = RData)]
pub mod s2pt_tree {
    use super::*;
    use autov::rely;
    use s2pt_walk::{pmd_entry, pte_entry, set_pmd, set_pte, walk_pgd, walk_pmd, walk_pud};
    use util::{desc_addr, desc_is_block, desc_is_table, entry_addr, pgd_index, pud_index};

    /// The leaf descriptor (4 KiB page or 2 MiB block) mapping `addr` in `vmid`'s table, or 0.
    #[spec]
    pub fn walk_npt(vmid: u32, addr: u64, st: &RData) -> Option<u64> {
        rely!((vmid as usize) < MAX_VM);
        let pgd = desc_addr(st.el2.s2pt[vmid as usize].vttbr)?;
        let pgde = st.hw.phys.get(entry_addr(pgd, pgd_index(addr)?)?);
        let pud = desc_addr(pgde)?;
        if desc_is_table(pgde)? == 0 || pud == 0 {
            return Some(0);
        }
        let pude = st.hw.phys.get(entry_addr(pud, pud_index(addr)?)?);
        let pmd = desc_addr(pude)?;
        if desc_is_table(pude)? == 0 || pmd == 0 {
            return Some(0);
        }
        let pmde = pmd_entry(pmd, addr, st)?;
        if desc_is_block(pmde)? == 1 {
            return Some(pmde);
        }
        if desc_is_table(pmde)? == 0 {
            return Some(0);
        }
        pte_entry(desc_addr(pmde)?, addr, st)
    }

    /// The level of the leaf mapping `addr` in `vmid`'s table: `LEVEL_PMD` for a block,
    /// `LEVEL_PTE` for a non-zero page entry, `LEVEL_NONE` otherwise.
    #[spec]
    pub fn npt_level(vmid: u32, addr: u64, st: &RData) -> Option<u32> {
        rely!((vmid as usize) < MAX_VM);
        let pgd = desc_addr(st.el2.s2pt[vmid as usize].vttbr)?;
        let pgde = st.hw.phys.get(entry_addr(pgd, pgd_index(addr)?)?);
        let pud = desc_addr(pgde)?;
        if desc_is_table(pgde)? == 0 || pud == 0 {
            return Some(LEVEL_NONE);
        }
        let pude = st.hw.phys.get(entry_addr(pud, pud_index(addr)?)?);
        let pmd = desc_addr(pude)?;
        if desc_is_table(pude)? == 0 || pmd == 0 {
            return Some(LEVEL_NONE);
        }
        let pmde = pmd_entry(pmd, addr, st)?;
        if desc_is_block(pmde)? == 1 {
            return Some(LEVEL_PMD);
        }
        if desc_is_table(pmde)? == 0 || pte_entry(desc_addr(pmde)?, addr, st)? == 0 {
            return Some(LEVEL_NONE);
        }
        Some(LEVEL_PTE)
    }

    /// Removes the leaf for `addr` in `vmid`'s table at `level` (`LEVEL_PMD`: a block; any
    /// other level: a page entry): the entry becomes 0. `E_NOENT` (and no change) when nothing
    /// is mapped there. (The walk goes through `walk_*` without allocation: with a walk written
    /// over the entries, as in `walk_npt`, Z3 does not conclude within the time limit.)
    #[spec]
    pub fn clear_npt(vmid: u32, addr: u64, level: u32, st: &RData) -> Option<(u64, RData)> {
        rely!((vmid as usize) < MAX_VM);
        let (pud, _) = walk_pgd(vmid, st.el2.s2pt[vmid as usize].vttbr, addr, 0, st)?;
        if pud == 0 {
            return Some((E_NOENT, st.clone()));
        }
        let (pmd, _) = walk_pud(vmid, pud, addr, 0, st)?;
        if pmd == 0 {
            return Some((E_NOENT, st.clone()));
        }
        if level == LEVEL_PMD {
            if desc_is_block(pmd_entry(pmd, addr, st)?)? == 0 {
                return Some((E_NOENT, st.clone()));
            }
            let (_, st) = set_pmd(pmd, addr, 0, st)?;
            return Some((E_OK, st));
        }
        let (pte, _) = walk_pmd(vmid, pmd, addr, 0, st)?;
        if pte == 0 || pte_entry(pte, addr, st)? == 0 {
            return Some((E_NOENT, st.clone()));
        }
        let (_, st) = set_pte(pte, addr, 0, st)?;
        Some((E_OK, st))
    }

    /// 1 when nothing (neither a block nor a PTE table) is installed in the PMD entry
    /// covering `addr` in `vmid`'s table, 0 otherwise.
    #[spec]
    pub fn npt_pmd_empty(vmid: u32, addr: u64, st: &RData) -> Option<u32> {
        rely!((vmid as usize) < MAX_VM);
        let pgd = desc_addr(st.el2.s2pt[vmid as usize].vttbr)?;
        let pgde = st.hw.phys.get(entry_addr(pgd, pgd_index(addr)?)?);
        let pud = desc_addr(pgde)?;
        if desc_is_table(pgde)? == 0 || pud == 0 {
            return Some(1);
        }
        let pude = st.hw.phys.get(entry_addr(pud, pud_index(addr)?)?);
        let pmd = desc_addr(pude)?;
        if desc_is_table(pude)? == 0 || pmd == 0 {
            return Some(1);
        }
        if pmd_entry(pmd, addr, st)? == 0 {
            Some(1)
        } else {
            Some(0)
        }
    }
}
