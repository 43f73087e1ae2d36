//! Layer S2PTAlloc: each vmid has a pool of `S2PT_POOL_PAGES` page-table pages
//! (`st.el2.s2pt[vmid]`): its first page is the PGD, then come `S2PT_PUD_PAGES` PUD pages,
//! `S2PT_PMD_PAGES` PMD pages and `S2PT_PTE_PAGES` PTE pages. Each area is a bump allocator
//! whose counter (`pud_used`, `pmd_used`, `pte_used`) is the number of pages handed out; an
//! allocated page is zeroed (`clear_pt_page`); an exhausted area gives 0.
//!
//! The exhaustion tests are written `used > PAGES - 1` (the same as `used >= PAGES`), which is
//! how clang emits the C's `used >= PAGES`. The state after the zeroing is opaque to the solver
//! (`clear_pt_page`'s loop is checked once, by induction), so the two sides' results are
//! conditionals over every field of the state; when the two conditions are the same term they
//! meet at once (0.2 s), but `used >= PAGES` against the code's `used > PAGES - 1` leaves Z3 a
//! few thousand conditional equalities, which it does not prove in 120 s.

use super::util::{util, PAGE_SHIFT};
use crate::state::*;

/// Where the pools start (`S2PT_POOL_START`, the hypervisor's own memory).
pub const S2PT_POOL_START: u64 = 0x4000_0000;
/// Pages per pool (`S2PT_POOL_PAGES`).
pub const S2PT_POOL_PAGES: u64 = 64;
/// Bytes per pool (`S2PT_POOL_SIZE`).
pub const S2PT_POOL_SIZE: u64 = S2PT_POOL_PAGES << PAGE_SHIFT;
/// Page index, in its pool, of the first PUD page (`S2PT_PUD_START`).
pub const S2PT_PUD_START: u64 = 1;
/// PUD pages per pool (`S2PT_PUD_PAGES`).
pub const S2PT_PUD_PAGES: u64 = 3;
/// Page index of the first PMD page (`S2PT_PMD_START`).
pub const S2PT_PMD_START: u64 = 4;
/// PMD pages per pool (`S2PT_PMD_PAGES`).
pub const S2PT_PMD_PAGES: u64 = 12;
/// Page index of the first PTE page (`S2PT_PTE_START`).
pub const S2PT_PTE_START: u64 = 16;
/// PTE pages per pool (`S2PT_PTE_PAGES`).
pub const S2PT_PTE_PAGES: u64 = 48;

/// Specs of S2PTAlloc.
#[autov::layer(name = "S2PTAlloc", below = util, state = RData)]
pub mod s2pt_alloc {
    use super::*;
    use autov::rely;
    use util::{clear_pt_page, make_vttbr};

    /// Address of page `page` of the pool that starts at `pool_start` (modulo 2^64, as in C).
    #[helper]
    pub fn pool_page(pool_start: u64, page: u64) -> u64 {
        pool_start.wrapping_add(page << PAGE_SHIFT)
    }

    /// Every vmid's pool starts `S2PT_POOL_SIZE` bytes after the previous one's, the first at
    /// `S2PT_POOL_START`.
    #[spec]
    pub fn init_s2pt_pools(st: &RData) -> Option<((), RData)> {
        let mut st = st.clone();
        for vmid in 0..MAX_VM {
            st.el2.s2pt[vmid].pool_start = S2PT_POOL_START + vmid as u64 * S2PT_POOL_SIZE;
        }
        Some(((), st))
    }

    /// Empties `vmid`'s pool: its PGD (the pool's first page) is zeroed, no PUD, PMD or PTE page
    /// is in use, and its VTTBR names the PGD.
    #[spec]
    pub fn reset_s2pt_pool(vmid: u32, st: &RData) -> Option<((), RData)> {
        rely!((vmid as usize) < MAX_VM);
        let pgd = st.el2.s2pt[vmid as usize].pool_start;
        let (_, st) = clear_pt_page(pgd, st)?;
        let mut st = st;
        let mut pool = st.el2.s2pt[vmid as usize];
        pool.pud_used = 0;
        pool.pmd_used = 0;
        pool.pte_used = 0;
        pool.vttbr = make_vttbr(vmid, pgd)?;
        st.el2.s2pt[vmid as usize] = pool;
        Some(((), st))
    }

    /// Allocates the next PUD page of `vmid`'s pool, zeroed: its address, or 0 (nothing
    /// changes) when all `S2PT_PUD_PAGES` are in use.
    #[spec]
    pub fn alloc_s2pt_pud(vmid: u32, st: &RData) -> Option<(u64, RData)> {
        rely!((vmid as usize) < MAX_VM);
        let pool = st.el2.s2pt[vmid as usize];
        if pool.pud_used > S2PT_PUD_PAGES - 1 {
            Some((0, st.clone()))
        } else {
            let pa = pool_page(pool.pool_start, S2PT_PUD_START + pool.pud_used);
            let (_, st) = clear_pt_page(pa, st)?;
            let mut st = st;
            st.el2.s2pt[vmid as usize].pud_used = pool.pud_used + 1;
            Some((pa, st))
        }
    }

    /// Allocates the next PMD page of `vmid`'s pool, zeroed: its address, or 0 (nothing
    /// changes) when all `S2PT_PMD_PAGES` are in use.
    #[spec]
    pub fn alloc_s2pt_pmd(vmid: u32, st: &RData) -> Option<(u64, RData)> {
        rely!((vmid as usize) < MAX_VM);
        let pool = st.el2.s2pt[vmid as usize];
        if pool.pmd_used > S2PT_PMD_PAGES - 1 {
            Some((0, st.clone()))
        } else {
            let pa = pool_page(pool.pool_start, S2PT_PMD_START + pool.pmd_used);
            let (_, st) = clear_pt_page(pa, st)?;
            let mut st = st;
            st.el2.s2pt[vmid as usize].pmd_used = pool.pmd_used + 1;
            Some((pa, st))
        }
    }

    /// Allocates the next PTE page of `vmid`'s pool, zeroed: its address, or 0 (nothing
    /// changes) when all `S2PT_PTE_PAGES` are in use.
    #[spec]
    pub fn alloc_s2pt_pte(vmid: u32, st: &RData) -> Option<(u64, RData)> {
        rely!((vmid as usize) < MAX_VM);
        let pool = st.el2.s2pt[vmid as usize];
        if pool.pte_used > S2PT_PTE_PAGES - 1 {
            Some((0, st.clone()))
        } else {
            let pa = pool_page(pool.pool_start, S2PT_PTE_START + pool.pte_used);
            let (_, st) = clear_pt_page(pa, st)?;
            let mut st = st;
            st.el2.s2pt[vmid as usize].pte_used = pool.pte_used + 1;
            Some((pa, st))
        }
    }
}
