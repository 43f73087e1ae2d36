//! The control-flow graph the structurer works on: the reachable blocks of one function as
//! nodes, possibly with copies of blocks made by node splitting.

use super::StructureError;
use crate::code::Copy;
use crate::ir::{Block, Function, InstrKind, Terminator, Value};
use std::collections::HashMap;

/// A node of the graph, an index into [`Cfg::nodes`]; node 0 is the entry.
pub(super) type NodeId = usize;

/// One node: a block of the function (several nodes share a block once it has been split).
#[derive(Debug, Clone)]
pub(super) struct Node {
    /// Index of the block in `Function::blocks`.
    pub block: usize,
    /// The node each successor of the block's terminator leads to, aligned with
    /// [`Terminator::successors`] (duplicates kept).
    pub succs: Vec<NodeId>,
}

/// The graph of one function.
#[derive(Debug, Clone)]
pub(super) struct Cfg<'f> {
    /// The function.
    pub func: &'f Function,
    /// The nodes; all are reachable from node 0.
    pub nodes: Vec<Node>,
}

impl<'f> Cfg<'f> {
    /// Builds the graph of the blocks reachable from the entry, checking that labels are
    /// unique, every branch target exists, no terminator is unsupported and every PHI has
    /// one value per predecessor.
    pub fn build(func: &'f Function) -> Result<Self, StructureError> {
        if func.blocks.is_empty() {
            return Err(StructureError::NoBlocks {
                function: func.name.clone(),
            });
        }
        let mut index: HashMap<&str, usize> = HashMap::with_capacity(func.blocks.len());
        for (i, b) in func.blocks.iter().enumerate() {
            if index.insert(b.name.as_str(), i).is_some() {
                return Err(StructureError::DuplicateLabel {
                    function: func.name.clone(),
                    block: b.name.clone(),
                });
            }
        }
        let mut node_of = vec![None; func.blocks.len()];
        let mut nodes: Vec<Node> = Vec::new();
        let mut stack = vec![0usize];
        node_of[0] = Some(0);
        nodes.push(Node {
            block: 0,
            succs: Vec::new(),
        });
        while let Some(n) = stack.pop() {
            let block = &func.blocks[nodes[n].block];
            check_terminator(func, block)?;
            let mut succs = Vec::new();
            for label in block.term.successors() {
                let b = *index
                    .get(label)
                    .ok_or_else(|| StructureError::UnknownLabel {
                        function: func.name.clone(),
                        block: block.name.clone(),
                        label: label.to_string(),
                    })?;
                let m = *node_of[b].get_or_insert_with(|| {
                    nodes.push(Node {
                        block: b,
                        succs: Vec::new(),
                    });
                    stack.push(nodes.len() - 1);
                    nodes.len() - 1
                });
                succs.push(m);
            }
            nodes[n].succs = succs;
        }
        let cfg = Cfg { func, nodes };
        cfg.check_phis()?;
        Ok(cfg)
    }

    /// The block of a node.
    pub fn block(&self, n: NodeId) -> &'f Block {
        &self.func.blocks[self.nodes[n].block]
    }

    /// The distinct successors of a node, in terminator order.
    pub fn distinct_succs(&self, n: NodeId) -> Vec<NodeId> {
        let mut seen = std::collections::HashSet::new();
        self.nodes[n]
            .succs
            .iter()
            .copied()
            .filter(|&s| seen.insert(s))
            .collect()
    }

    /// The distinct predecessors of every node.
    pub fn preds(&self) -> Vec<Vec<NodeId>> {
        let mut preds = vec![Vec::new(); self.nodes.len()];
        for n in 0..self.nodes.len() {
            for s in self.distinct_succs(n) {
                preds[s].push(n);
            }
        }
        preds
    }

    /// The parallel copies the PHIs of `to` perform on the edge from `from`, leaving out
    /// copies of a local to itself.
    pub fn edge_copies(&self, from: NodeId, to: NodeId) -> Vec<Copy> {
        let pred = &self.block(from).name;
        phis(self.block(to))
            .filter_map(|(dest, ty, incoming)| {
                let (value, _) = incoming.iter().find(|(_, b)| b == pred)?;
                let trivial = matches!(value, Value::Local(l) if l == dest);
                (!trivial).then(|| Copy {
                    dest: dest.clone(),
                    ty: ty.clone(),
                    value: value.clone(),
                })
            })
            .collect()
    }

    /// Keeps only the nodes reachable from the entry, renumbering them in discovery order.
    pub fn prune_unreachable(&mut self) {
        let mut new_id = vec![None; self.nodes.len()];
        let mut order = vec![0usize];
        new_id[0] = Some(0);
        let mut i = 0;
        while i < order.len() {
            for &s in &self.nodes[order[i]].succs {
                if new_id[s].is_none() {
                    new_id[s] = Some(order.len());
                    order.push(s);
                }
            }
            i += 1;
        }
        self.nodes = order
            .iter()
            .map(|&old| Node {
                block: self.nodes[old].block,
                succs: self.nodes[old]
                    .succs
                    .iter()
                    .map(|&s| new_id[s].expect("successors of reachable nodes are reachable"))
                    .collect(),
            })
            .collect();
    }

    /// Checks that PHIs come first and have exactly one value for each predecessor.
    fn check_phis(&self) -> Result<(), StructureError> {
        for (n, preds) in self.preds().iter().enumerate() {
            let block = self.block(n);
            let first_other = block
                .instrs
                .iter()
                .position(|i| !matches!(i.kind, InstrKind::Phi { .. }));
            if let Some(k) = first_other {
                if block.instrs[k..]
                    .iter()
                    .any(|i| matches!(i.kind, InstrKind::Phi { .. }))
                {
                    return Err(self.bad_phi(block, "a PHI follows a non-PHI instruction"));
                }
            }
            for (dest, _, incoming) in phis(block) {
                for &p in preds {
                    let pred = &self.block(p).name;
                    let mut values = incoming.iter().filter(|(_, b)| b == pred).map(|(v, _)| v);
                    let first = values.next().ok_or_else(|| {
                        self.bad_phi(
                            block,
                            &format!("%{dest} has no value for predecessor %{pred}"),
                        )
                    })?;
                    if values.any(|v| v != first) {
                        let why = format!("%{dest} has different values for predecessor %{pred}");
                        return Err(self.bad_phi(block, &why));
                    }
                }
            }
        }
        Ok(())
    }

    /// A [`StructureError::BadPhi`] for `block`.
    fn bad_phi(&self, block: &Block, reason: &str) -> StructureError {
        StructureError::BadPhi {
            function: self.func.name.clone(),
            block: block.name.clone(),
            reason: reason.to_string(),
        }
    }
}

/// The PHIs of a block as (destination, type, incoming) triples.
pub(super) fn phis(
    block: &Block,
) -> impl Iterator<Item = (&String, &crate::ir::Type, &Vec<(Value, String)>)> {
    block
        .instrs
        .iter()
        .filter_map(|i| match (&i.dest, &i.kind) {
            (Some(dest), InstrKind::Phi { ty, incoming }) => Some((dest, ty, incoming)),
            _ => None,
        })
}

/// Rejects unsupported terminators.
fn check_terminator(func: &Function, block: &Block) -> Result<(), StructureError> {
    match &block.term {
        Terminator::Unsupported { opcode, .. } => Err(StructureError::UnsupportedTerminator {
            function: func.name.clone(),
            block: block.name.clone(),
            opcode: opcode.clone(),
        }),
        _ => Ok(()),
    }
}
