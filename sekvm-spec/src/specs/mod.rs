//! The specs a verification engineer wrote for sekvm-hyp's layers above Bottom. A function
//! without a written spec gets its low spec as its spec (derived from its code). Abstraction
//! layers ([`abstractions`]) restate a layer's interface over a more abstract state.

pub mod locks;
pub mod mem_manager;
pub mod mem_region;
pub mod page_index;
pub mod page_manager;
pub mod s2pt_alloc;
pub mod s2pt_map;
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

/// An abstraction layer: specs over a more abstract state, each refined by the spec of a C
/// function under a relation between the two states.
pub struct AbstractionLayer {
    /// The layer (its own specs are the abstract specs).
    pub layer: fn() -> LayerDef,
    /// Its name, as obligations show it.
    pub name: &'static str,
    /// The relation `fn(&Abstract, &Concrete) -> bool`, a helper of the layer.
    pub relation: &'static str,
    /// Pairs (abstract spec, C function whose spec refines it).
    pub refined_by: &'static [(&'static str, &'static str)],
}

/// Every abstraction layer.
pub fn abstractions() -> Vec<AbstractionLayer> {
    vec![s2pt_map::abstraction()]
}
