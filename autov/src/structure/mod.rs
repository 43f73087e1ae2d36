//! The structurer: turns each function's control-flow graph (`crate::ir`) into structured code
//! (`crate::code`) with the same behaviour.
//!
//! Steps, one module each:
//! 1. `cfg`: the graph of the blocks reachable from the entry (unreachable blocks are
//!    dropped), rejecting unsupported terminators and malformed PHIs;
//! 2. `split`: node splitting for irreducible graphs, with a size cap;
//! 3. `analysis`: reverse postorder, dominators, loops, and where the code of each node goes;
//! 4. `emit`: dominator-tree based emission after Ramsey's "Beyond Relooper", PHIs becoming
//!    parallel copies on each edge;
//! 5. `tidy`: removal of redundant jumps and blocks, flattening of early exits.

mod analysis;
mod cfg;
mod emit;
mod split;
mod tidy;

#[cfg(test)]
mod tests;

use crate::code::{self, FunctionResult};
use crate::ir;
use rayon::prelude::*;
use std::sync::OnceLock;

/// Emission recurses along the dominator tree, a few kilobytes of stack per block in debug
/// builds: functions with more blocks than this are structured on a thread with
/// [`BIG_STACK_BYTES`] of stack.
const BIG_FUNCTION_BLOCKS: usize = 100;

/// Stack size of the threads that structure big functions (address space only; pages are
/// touched as the recursion gets deep).
const BIG_STACK_BYTES: usize = 256 << 20;

/// Why a function could not be structured.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StructureError {
    /// The function has no blocks.
    #[error("@{function}: the function has no blocks")]
    NoBlocks {
        /// The function.
        function: String,
    },
    /// A reachable block ends with a terminator autov does not model.
    #[error("@{function}, block %{block}: unsupported terminator `{opcode}`")]
    UnsupportedTerminator {
        /// The function.
        function: String,
        /// The block.
        block: String,
        /// The terminator's opcode.
        opcode: String,
    },
    /// Two blocks have the same label.
    #[error("@{function}: two blocks are labelled %{block}")]
    DuplicateLabel {
        /// The function.
        function: String,
        /// The label.
        block: String,
    },
    /// A terminator names a block that does not exist.
    #[error("@{function}, block %{block}: branch to unknown block %{label}")]
    UnknownLabel {
        /// The function.
        function: String,
        /// The block.
        block: String,
        /// The missing label.
        label: String,
    },
    /// A PHI node is malformed.
    #[error("@{function}, block %{block}: {reason}")]
    BadPhi {
        /// The function.
        function: String,
        /// The block holding the PHI.
        block: String,
        /// What is wrong.
        reason: String,
    },
    /// Making an irreducible region reducible would copy too many blocks.
    #[error(
        "@{function}, block %{block}: irreducible region of {region_size} blocks with {entries} \
         entries is too large to split (the function would exceed {limit} blocks)"
    )]
    IrreducibleTooLarge {
        /// The function.
        function: String,
        /// The first entry of the region.
        block: String,
        /// The number of blocks in the region.
        region_size: usize,
        /// The number of entries of the region.
        entries: usize,
        /// The cap on the number of blocks after splitting.
        limit: usize,
    },
}

/// Structures one function.
pub fn structure_function(f: &ir::Function) -> Result<code::Function, StructureError> {
    if f.blocks.len() <= BIG_FUNCTION_BLOCKS {
        return structure(f);
    }
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(BIG_STACK_BYTES)
            .spawn_scoped(s, || structure(f))
            .expect("cannot spawn a structuring thread")
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// Structures every function of a module, in parallel on threads with big stacks; failures
/// are recorded per function.
pub fn structure_module(m: ir::Module) -> code::Module {
    let functions = big_stack_pool().install(|| {
        m.functions
            .par_iter()
            .map(|f| match structure(f) {
                Ok(sf) => FunctionResult::Ok(sf),
                Err(e) => FunctionResult::Failed {
                    name: f.name.clone(),
                    reason: e.to_string(),
                },
            })
            .collect()
    });
    code::Module { ir: m, functions }
}

/// The thread pool of [`structure_module`], started on first use.
fn big_stack_pool() -> &'static rayon::ThreadPool {
    static POOL: OnceLock<rayon::ThreadPool> = OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .stack_size(BIG_STACK_BYTES)
            .thread_name(|i| format!("autov-structure-{i}"))
            .build()
            .expect("cannot start the structuring threads")
    })
}

/// Structures one function on the current thread.
fn structure(f: &ir::Function) -> Result<code::Function, StructureError> {
    let mut graph = cfg::Cfg::build(f)?;
    let mut an = analysis::Analysis::new(&graph);
    if !an.reducible {
        split::make_reducible(&mut graph)?;
        an = analysis::Analysis::new(&graph);
        debug_assert!(an.reducible, "node splitting left @{} irreducible", f.name);
    }
    let (body, labels) = emit::emit(&graph, &an);
    Ok(code::Function {
        name: f.name.clone(),
        ret_ty: f.ret_ty.clone(),
        params: f.params.clone(),
        body: tidy::tidy(body, labels),
        loc: f.loc.clone(),
    })
}
