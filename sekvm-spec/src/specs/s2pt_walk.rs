//! Layer S2PTWalk: one level of a stage-2 walk. Page-table entries are words of physical
//! memory (`st.hw.phys`, by 8-byte aligned address). The `walk_*` functions, which may allocate
//! the next table from the pool (`alloc_s2pt_*`, which zero a page in a loop of 512 stores),
//! keep their derived specs.

use super::s2pt_alloc::s2pt_alloc;
use super::util::{util, PTE_SIZE};
use crate::state::*;

/// Specs of S2PTWalk.
#[autov::layer(name = "S2PTWalk", below = s2pt_alloc, state = RData)]
pub mod s2pt_walk {
    use super::*;
    use autov::rely;
    use util::{entry_addr, pmd_index, pte_index};

    /// The PUD table for `addr` from the PGD of `vttbr`, allocating it when `alloc != 0`; 0 when
    /// absent or when the pool is exhausted.
    #[derived]
    pub fn walk_pgd(
        vmid: u32,
        vttbr: u64,
        addr: u64,
        alloc: u32,
        st: &RData,
    ) -> Option<(u64, RData)>;

    /// The PMD table for `addr` from the PUD table `pud`, allocating it when `alloc != 0`; 0
    /// when absent or when the pool is exhausted.
    #[derived]
    pub fn walk_pud(vmid: u32, pud: u64, addr: u64, alloc: u32, st: &RData)
        -> Option<(u64, RData)>;

    /// The PTE table for `addr` from the PMD table `pmd`, allocating it when `alloc != 0`; 0
    /// when absent, when the PMD entry is a block or when the pool is exhausted.
    #[derived]
    pub fn walk_pmd(vmid: u32, pmd: u64, addr: u64, alloc: u32, st: &RData)
        -> Option<(u64, RData)>;

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
