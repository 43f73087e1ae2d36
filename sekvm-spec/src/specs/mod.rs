//! The specs a verification engineer wrote for sekvm-hyp's layers above Bottom. A function
//! without a written spec gets its low spec as its spec (derived from its code).

pub mod locks;
pub mod mem_manager;
pub mod mem_region;
pub mod page_index;
pub mod page_manager;
pub mod s2pt_alloc;
pub mod s2pt_ops;
pub mod s2pt_tree;
pub mod s2pt_walk;
pub mod util;

use autov::spec::LayerDef;

/// Every layer module with written specs.
pub fn layers() -> Vec<fn() -> LayerDef> {
    vec![
        locks::locks::layer,
        util::util::layer,
        s2pt_alloc::s2pt_alloc::layer,
        s2pt_walk::s2pt_walk::layer,
        s2pt_tree::s2pt_tree::layer,
        s2pt_ops::s2pt_ops::layer,
        mem_region::mem_region::layer,
        page_index::page_index::layer,
        page_manager::page_manager::layer,
        mem_manager::mem_manager::layer,
    ]
}
