//! The specs a verification engineer wrote for sekvm-hyp's layers above Bottom. A function
//! without a written spec gets its low spec as its spec (derived from its code).

pub mod mem_region;
pub mod page_index;
pub mod page_manager;

use autov::spec::LayerDef;

/// Every layer module with written specs.
pub fn layers() -> Vec<fn() -> LayerDef> {
    vec![
        mem_region::mem_region::layer,
        page_index::page_index::layer,
        page_manager::page_manager::layer,
    ]
}
