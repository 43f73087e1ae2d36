//! Layer PageManager: owner, share count and gfn of each physical page, by frame number.

use super::page_index::{page_index, INVALID64};
use crate::state::*;

/// The owner of a frame that is not RAM (`INVALID_OWNER`).
pub const INVALID_OWNER: u32 = u32::MAX;
/// Page records (`MAX_PAGES`).
pub const MAX_PAGES: u64 = 5120;

/// Specs of PageManager.
#[autov::layer(name = "PageManager", below = page_index, state = RData)]
pub mod page_manager {
    use super::*;
    use autov::rely;
    use page_index::get_pfn_index;

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
}
