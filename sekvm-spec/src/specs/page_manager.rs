//! Layer PageManager: owner, share count and gfn of each physical page, by frame number.

use super::page_index::{page_index, INVALID64, PAGE_SHIFT};
use crate::state::*;

/// The owner of a frame that is not RAM (`INVALID_OWNER`).
pub const INVALID_OWNER: u32 = u32::MAX;
/// Page records (`MAX_PAGES`).
pub const MAX_PAGES: u64 = 5120;

/// The hypervisor's own pages start here (`CORE_START`)...
pub const CORE_START: u64 = 0x4000_0000;
/// ...and span this many bytes (`CORE_SIZE`).
pub const CORE_SIZE: u64 = 0x50_0000;
/// The hypervisor as an owner (`COREVISOR`).
pub const COREVISOR: u32 = 16;
/// The host as an owner (`HOSTVISOR`).
pub const HOSTVISOR: u32 = 0;

/// Specs of PageManager.
#[autov::layer(name = "PageManager", below = page_index, state = RData)]
pub mod page_manager {
    use super::*;
    use autov::rely;
    use page_index::{get_pfn_index, region_pages};

    /// Owner of frame `pfn`, or `INVALID_OWNER` when `pfn` is not RAM.
    #[spec]
    pub fn get_pfn_owner(pfn: u64, st: &RData) -> Option<u32> {
        let idx = get_pfn_index(pfn, st)?;
        if idx == INVALID64 {
            return Some(INVALID_OWNER);
        }
        rely!(idx < MAX_PAGES);
        Some(st.el2.s2pages.get(idx).owner)
    }

    /// Sets the owner of frame `pfn` (nothing when `pfn` is not RAM).
    #[spec]
    pub fn set_pfn_owner(pfn: u64, owner: u32, st: &RData) -> Option<((), RData)> {
        let idx = get_pfn_index(pfn, st)?;
        let mut st = st.clone();
        if idx != INVALID64 {
            rely!(idx < MAX_PAGES);
            let mut page = st.el2.s2pages.get(idx);
            page.owner = owner;
            st.el2.s2pages.set(idx, page);
        }
        Some(((), st))
    }

    /// Share count of frame `pfn`, or 0 when `pfn` is not RAM.
    #[spec]
    pub fn get_pfn_count(pfn: u64, st: &RData) -> Option<u32> {
        let idx = get_pfn_index(pfn, st)?;
        if idx == INVALID64 {
            return Some(0);
        }
        rely!(idx < MAX_PAGES);
        Some(st.el2.s2pages.get(idx).count)
    }

    /// Sets the share count of frame `pfn` (nothing when `pfn` is not RAM).
    #[spec]
    pub fn set_pfn_count(pfn: u64, count: u32, st: &RData) -> Option<((), RData)> {
        let idx = get_pfn_index(pfn, st)?;
        let mut st = st.clone();
        if idx != INVALID64 {
            rely!(idx < MAX_PAGES);
            let mut page = st.el2.s2pages.get(idx);
            page.count = count;
            st.el2.s2pages.set(idx, page);
        }
        Some(((), st))
    }

    /// The gfn frame `pfn` is mapped at by its owner, or `INVALID64` when `pfn` is not RAM.
    #[spec]
    pub fn get_pfn_map(pfn: u64, st: &RData) -> Option<u64> {
        let idx = get_pfn_index(pfn, st)?;
        if idx == INVALID64 {
            return Some(INVALID64);
        }
        rely!(idx < MAX_PAGES);
        Some(st.el2.s2pages.get(idx).gfn)
    }

    /// Sets the gfn of frame `pfn` (nothing when `pfn` is not RAM).
    #[spec]
    pub fn set_pfn_map(pfn: u64, gfn: u64, st: &RData) -> Option<((), RData)> {
        let idx = get_pfn_index(pfn, st)?;
        let mut st = st.clone();
        if idx != INVALID64 {
            rely!(idx < MAX_PAGES);
            let mut page = st.el2.s2pages.get(idx);
            page.gfn = gfn;
            st.el2.s2pages.set(idx, page);
        }
        Some(((), st))
    }

    /// 1 when frame `pfn` is RAM, 0 otherwise.
    #[spec]
    pub fn pfn_is_ram(pfn: u64, st: &RData) -> Option<u32> {
        let idx = get_pfn_index(pfn, st)?;
        if idx == INVALID64 {
            Some(0)
        } else {
            Some(1)
        }
    }

    /// Initialises the page records of region `r`: its pages that belong to the hypervisor
    /// are owned by it, the others by the host; counts and gfns are zero.
    #[spec]
    pub fn init_region_pages(r: u32, st: &RData) -> Option<((), RData)> {
        // The C reads region `r`'s record before it looks at the page count.
        rely!((r as usize) < MAX_REGIONS);
        let n = region_pages(r, st)?;
        if n == 0 {
            Some(((), st.clone()))
        } else {
            let region = st.el2.regions[r as usize];
            let first = region.base >> PAGE_SHIFT;
            let (_, _, _, _, _, _, _, _, st) =
                init_region_pages_loop1(n, first, region.index, false, 0, r, st)?;
            Some(((), st))
        }
    }

    /// The loop of `init_region_pages` from page `i` of `n` on: the record of page `i` (index
    /// `idx0 + i`, frame `first + i`) is initialised, then the rest. Its result is the loop
    /// function's: exit code 2 and the carried values as the last iteration leaves them.
    #[spec(measure = n.wrapping_sub(i))]
    pub fn init_region_pages_loop1(
        n: u64,
        first: u64,
        idx0: u64,
        skip: bool,
        i: u64,
        r: u32,
        st: &RData,
    ) -> Option<(u32, (), u64, u64, u64, bool, u64, u32, RData)> {
        rely!(i < n);
        let idx = idx0.wrapping_add(i);
        rely!(idx < MAX_PAGES);
        let addr = first.wrapping_add(i) << PAGE_SHIFT;
        let owner = if addr.wrapping_sub(CORE_START) < CORE_SIZE {
            COREVISOR
        } else {
            HOSTVISOR
        };
        let mut st = st.clone();
        st.el2.s2pages.set(
            idx,
            S2Page {
                owner,
                count: 0,
                gfn: 0,
            },
        );
        if i + 1 == n {
            Some((2, (), n, first, idx0, skip, i, r, st))
        } else {
            init_region_pages_loop1(n, first, idx0, skip, i + 1, r, &st)
        }
    }
}
