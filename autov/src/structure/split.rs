//! Node splitting: makes an irreducible graph reducible by giving each extra entry of a
//! strongly connected region its own copy of what it reaches in the region, until every
//! region has one entry.
//!
//! A copy of a node runs the same block, so the copied graph has exactly the runs of the
//! original, block by block; PHIs need no change because they are looked up by the name of
//! the predecessor's block, which a copy shares with its original.

use super::cfg::{Cfg, NodeId};
use super::StructureError;
use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};

/// Room for splitting small functions: a graph may grow to twice its size plus this.
const MIN_HEADROOM: usize = 256;

/// Splits multi-entry regions until none is left, or fails when the graph would grow past
/// twice its original size plus [`MIN_HEADROOM`].
pub(super) fn make_reducible(cfg: &mut Cfg) -> Result<(), StructureError> {
    let limit = 2 * cfg.nodes.len() + MIN_HEADROOM;
    while let Some(region) = find_multi_entry_region(cfg) {
        let entries = region_entries(cfg, &region);
        let first_entry = &cfg.block(entries[0]).name;
        split(cfg, &region, &entries);
        cfg.prune_unreachable();
        if cfg.nodes.len() > limit {
            return Err(StructureError::IrreducibleTooLarge {
                function: cfg.func.name.clone(),
                block: first_entry.clone(),
                region_size: region.len(),
                entries: entries.len(),
                limit,
            });
        }
    }
    Ok(())
}

/// A strongly connected region with more than one entry, looking inside single-entry regions
/// once their entry is removed (the loop nesting forest).
fn find_multi_entry_region(cfg: &Cfg) -> Option<Vec<NodeId>> {
    let mut worklist: Vec<Vec<NodeId>> = vec![(0..cfg.nodes.len()).collect()];
    while let Some(set) = worklist.pop() {
        for scc in sccs_within(cfg, &set) {
            let cyclic = scc.len() > 1 || cfg.nodes[scc[0]].succs.contains(&scc[0]);
            if !cyclic {
                continue;
            }
            let entries = region_entries(cfg, &scc);
            if entries.len() > 1 {
                return Some(scc);
            }
            worklist.push(scc.into_iter().filter(|&v| v != entries[0]).collect());
        }
    }
    None
}

/// The strongly connected components of the subgraph induced by `set`.
fn sccs_within(cfg: &Cfg, set: &[NodeId]) -> Vec<Vec<NodeId>> {
    let mut local = vec![usize::MAX; cfg.nodes.len()];
    for (i, &v) in set.iter().enumerate() {
        local[v] = i;
    }
    let mut g = DiGraph::<(), ()>::with_capacity(set.len(), set.len() * 2);
    for _ in set {
        g.add_node(());
    }
    for (i, &v) in set.iter().enumerate() {
        for s in cfg.distinct_succs(v) {
            if local[s] != usize::MAX {
                g.add_edge(NodeIndex::new(i), NodeIndex::new(local[s]), ());
            }
        }
    }
    tarjan_scc(&g)
        .into_iter()
        .map(|c| c.into_iter().map(|i| set[i.index()]).collect())
        .collect()
}

/// The nodes of a region entered from outside it (or the function entry), in the order of a
/// breadth-first search from the function entry.
fn region_entries(cfg: &Cfg, region: &[NodeId]) -> Vec<NodeId> {
    let mut inside = vec![false; cfg.nodes.len()];
    for &v in region {
        inside[v] = true;
    }
    let mut is_entry = vec![false; cfg.nodes.len()];
    is_entry[0] = inside[0];
    for (u, node) in cfg.nodes.iter().enumerate() {
        for &s in &node.succs {
            if inside[s] && !inside[u] {
                is_entry[s] = true;
            }
        }
    }
    // Node numbers follow a breadth-first search after pruning, so this is that order.
    (0..cfg.nodes.len()).filter(|&v| is_entry[v]).collect()
}

/// Keeps the first entry of the region and gives every other entry its own copy of the part
/// of the region it reaches without passing the kept entry, redirecting the edges from
/// outside to it. Copies branch to the kept entry itself, so the region is left with one
/// entry; cycles inside the copies are dealt with by later rounds.
fn split(cfg: &mut Cfg, region: &[NodeId], entries: &[NodeId]) {
    let original = cfg.nodes.len();
    let mut inside = vec![false; original];
    for &v in region {
        inside[v] = true;
    }
    let kept = entries[0];
    for &e in &entries[1..] {
        let part = reached_avoiding(cfg, e, kept, &inside);
        let mut copy_of = vec![usize::MAX; original];
        for (i, &v) in part.iter().enumerate() {
            copy_of[v] = cfg.nodes.len() + i;
        }
        for &v in &part {
            let mut node = cfg.nodes[v].clone();
            for s in &mut node.succs {
                if copy_of[*s] != usize::MAX {
                    *s = copy_of[*s];
                }
            }
            cfg.nodes.push(node);
        }
        // Copies made for earlier entries never lead to `e`: their edges into the region go
        // to their own copies or to the kept entry.
        for u in (0..original).filter(|&u| !inside[u]) {
            for s in &mut cfg.nodes[u].succs {
                if *s == e {
                    *s = copy_of[e];
                }
            }
        }
    }
}

/// The nodes of the region reachable from `from` without passing `avoid`, `from` first.
fn reached_avoiding(cfg: &Cfg, from: NodeId, avoid: NodeId, inside: &[bool]) -> Vec<NodeId> {
    let mut seen = vec![false; inside.len()];
    seen[from] = true;
    let mut order = vec![from];
    let mut i = 0;
    while i < order.len() {
        for &s in &cfg.nodes[order[i]].succs {
            if inside[s] && s != avoid && !seen[s] {
                seen[s] = true;
                order.push(s);
            }
        }
        i += 1;
    }
    order
}
