//! Layer MemRegion: the physical memory regions.

use super::s2pt_ops::s2pt_ops;
use crate::state::*;

/// "No region" (`INVALID32`).
pub const INVALID32: u32 = u32::MAX;

/// Specs of MemRegion.
#[autov::layer(name = "MemRegion", below = s2pt_ops, state = RData)]
pub mod mem_region {
    use super::*;

    /// The region containing `addr` (the last such, if regions overlap), or `INVALID32`.
    #[spec]
    pub fn mem_region_search(addr: u64, st: &RData) -> Option<u32> {
        let cnt = st.el2.region_cnt;
        let mut res = INVALID32;
        for i in 0..MAX_REGIONS {
            let r = st.el2.regions[i];
            if (i as u32) < cnt && addr >= r.base && addr - r.base < r.size {
                res = i as u32;
            }
        }
        Some(res)
    }
}
