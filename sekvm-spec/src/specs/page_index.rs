//! Layer PageIndex: which page record describes a physical address or frame.

use crate::state::*;

/// log2 of the page size (`PAGE_SHIFT`).
pub const PAGE_SHIFT: u64 = 12;

/// Specs of PageIndex.
#[autov::layer(name = "PageIndex", state = RData)]
pub mod page_index {
    use super::*;

    /// Number of pages of region `r`, 0 for a region that does not exist.
    #[spec]
    pub fn region_pages(r: u32, st: &RData) -> Option<u64> {
        if r >= st.el2.region_cnt {
            return Some(0);
        }
        Some(st.el2.regions[r as usize].size >> PAGE_SHIFT)
    }
}
