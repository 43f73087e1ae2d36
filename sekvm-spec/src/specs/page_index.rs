//! Layer PageIndex: which page record describes a physical address or frame.

use super::mem_region::{mem_region, INVALID32};
use crate::state::*;

/// log2 of the page size (`PAGE_SHIFT`).
pub const PAGE_SHIFT: u64 = 12;
/// "No page record" (`INVALID64`).
pub const INVALID64: u64 = u64::MAX;
/// Frames at or above this are outside the physical address space (`PFN_LIMIT`).
pub const PFN_LIMIT: u64 = 0x10_0000_0000;

/// Specs of PageIndex.
#[autov::layer(name = "PageIndex", below = mem_region, state = RData)]
pub mod page_index {
    use super::*;
    use autov::rely;
    use mem_region::mem_region_search;

    /// Index of the page record that describes `addr`, or `INVALID64` when `addr` is not RAM.
    #[spec]
    pub fn get_s2_page_index(addr: u64, st: &RData) -> Option<u64> {
        let r = mem_region_search(addr, st)?;
        if r == INVALID32 {
            return Some(INVALID64);
        }
        let region = st.el2.regions[r as usize];
        Some(((addr - region.base) >> PAGE_SHIFT).wrapping_add(region.index))
    }

    /// Index of the page record of frame `pfn`, or `INVALID64` when `pfn` is not RAM.
    #[spec]
    pub fn get_pfn_index(pfn: u64, st: &RData) -> Option<u64> {
        if pfn >= PFN_LIMIT {
            return Some(INVALID64);
        }
        let r = mem_region_search(pfn << PAGE_SHIFT, st)?;
        if r == INVALID32 {
            return Some(INVALID64);
        }
        let region = st.el2.regions[r as usize];
        Some(
            pfn.wrapping_sub(region.base >> PAGE_SHIFT)
                .wrapping_add(region.index),
        )
    }

    /// Number of pages of region `r`, 0 for a region that does not exist.
    #[spec]
    pub fn region_pages(r: u32, st: &RData) -> Option<u64> {
        if r >= st.el2.region_cnt {
            return Some(0);
        }
        rely!((r as usize) < MAX_REGIONS);
        Some(st.el2.regions[r as usize].size >> PAGE_SHIFT)
    }
}
