//! Emission of structured code from a reducible graph, after Ramsey, "Beyond Relooper"
//! (JFP 2022).
//!
//! The code for a node is emitted once:
//! - a loop header is wrapped in a `Loop`, and backward edges to it become `Continue`;
//! - a following node (a merge node with two or more forward predecessors, or the target of
//!   a loop exit; see `super::analysis`) is placed after a `Block` that encloses the code of
//!   the node it is placed at, and forward edges to it become `Break`; the following nodes
//!   placed at one node nest by reverse postorder, the latest outermost; those outside a loop
//!   are placed outside its `Loop`, the innermost of them reached by breaking the loop itself;
//! - any other forward edge leads to a node with that edge as its only way in, whose code is
//!   emitted in place.
//!
//! Every edge carries the parallel copies of its target's PHIs, so each (source, target) pair
//! is emitted once: a conditional branch whose arms both go to one block is a plain jump,
//! switch cases that share a target share an arm, and cases that go where the default goes
//! are left to the default. The result ends every path with an explicit jump; `super::tidy`
//! removes the redundant ones.

use super::analysis::Analysis;
use super::cfg::{Cfg, NodeId};
use crate::code::{Label, Stmt, SwitchArm};
use crate::ir::{InstrKind, Terminator};

/// Emits the body of a function and returns it with the number of labels used.
pub(super) fn emit(cfg: &Cfg, an: &Analysis) -> (Vec<Stmt>, usize) {
    let n = cfg.nodes.len();
    let mut e = Emitter {
        cfg,
        an,
        block_label: vec![None; n],
        loop_label: vec![None; n],
        labels: 0,
    };
    let mut body = Vec::new();
    e.tree(0, &mut body);
    (body, e.labels as usize)
}

/// The emitter's state. Code is appended to an output vector rather than returned, so that
/// long chains of following nodes cost linear time.
struct Emitter<'a, 'f> {
    cfg: &'a Cfg<'f>,
    an: &'a Analysis,
    /// The label of the `Block` (or `Loop`) after which each following node is placed.
    block_label: Vec<Option<Label>>,
    /// The label of the `Loop` of each loop header.
    loop_label: Vec<Option<Label>>,
    labels: Label,
}

impl Emitter<'_, '_> {
    /// Appends the code of `x` and of the following nodes placed at it.
    fn tree(&mut self, x: NodeId, out: &mut Vec<Stmt>) {
        let mut placed = self.an.placed[x].clone();
        placed.sort_by_key(|&c| std::cmp::Reverse(self.an.rpo[c]));
        if !self.an.header[x] {
            return self.within_blocks(&placed, out, |e, out| e.node(x, out));
        }
        let (inner, mut outer): (Vec<NodeId>, Vec<NodeId>) =
            placed.iter().partition(|&&c| self.an.in_loop(c, x));
        let after_loop = outer.pop();
        self.within_blocks(&outer, out, |e, out| {
            let label = e.fresh();
            e.loop_label[x] = Some(label);
            if let Some(next) = after_loop {
                e.block_label[next] = Some(label);
            }
            let mut body = Vec::new();
            e.within_blocks(&inner, &mut body, |e, body| e.node(x, body));
            out.push(Stmt::Loop { label, body });
            if let Some(next) = after_loop {
                e.tree(next, out);
            }
        })
    }

    /// Appends `inner` wrapped in one `Block` per following node (outermost first), each
    /// followed by the code of its node.
    fn within_blocks(
        &mut self,
        follows: &[NodeId],
        out: &mut Vec<Stmt>,
        inner: impl FnOnce(&mut Self, &mut Vec<Stmt>),
    ) {
        let labels: Vec<Label> = follows.iter().map(|_| self.fresh()).collect();
        for (&m, &l) in follows.iter().zip(&labels) {
            self.block_label[m] = Some(l);
        }
        let Some((&outermost, rest)) = follows.split_first() else {
            return inner(self, out);
        };
        let mut body = Vec::new();
        inner(self, &mut body);
        for (&m, &label) in rest.iter().zip(&labels[1..]).rev() {
            let mut enclosing = vec![Stmt::Block { label, body }];
            self.tree(m, &mut enclosing);
            body = enclosing;
        }
        out.push(Stmt::Block {
            label: labels[0],
            body,
        });
        self.tree(outermost, out);
    }

    /// Appends the instructions and terminator of one node.
    fn node(&mut self, x: NodeId, out: &mut Vec<Stmt>) {
        let block = self.cfg.block(x);
        out.extend(
            block
                .instrs
                .iter()
                .filter(|i| !matches!(i.kind, InstrKind::Phi { .. }))
                .cloned()
                .map(Stmt::Instr),
        );
        let succs = &self.cfg.nodes[x].succs;
        let loc = block.term_loc.clone();
        match &block.term {
            Terminator::Ret(value) => out.push(Stmt::Return {
                value: value.clone(),
                loc,
            }),
            Terminator::Unreachable => out.push(Stmt::Unreachable { loc }),
            Terminator::Br(_) => self.edge(x, succs[0], out),
            Terminator::CondBr { .. } if succs[0] == succs[1] => self.edge(x, succs[0], out),
            Terminator::CondBr { cond, .. } => {
                let then_body = self.edge_code(x, succs[0]);
                let else_body = self.edge_code(x, succs[1]);
                out.push(Stmt::If {
                    cond: cond.clone(),
                    then_body,
                    else_body,
                    loc,
                });
            }
            Terminator::Switch {
                ty, value, cases, ..
            } => {
                let targets = group_cases(succs[0], cases.iter().map(|c| c.0).zip(&succs[1..]));
                if targets.is_empty() {
                    return self.edge(x, succs[0], out);
                }
                let arms = targets
                    .into_iter()
                    .map(|(t, values)| SwitchArm {
                        values,
                        body: self.edge_code(x, t),
                    })
                    .collect();
                let default = self.edge_code(x, succs[0]);
                out.push(Stmt::Switch {
                    ty: ty.clone(),
                    value: value.clone(),
                    arms,
                    default,
                    loc,
                });
            }
            Terminator::Unsupported { .. } => {
                unreachable!("Cfg::build rejects unsupported terminators")
            }
        }
    }

    /// The code of the edge from `x` to `t` on its own.
    fn edge_code(&mut self, x: NodeId, t: NodeId) -> Vec<Stmt> {
        let mut out = Vec::new();
        self.edge(x, t, &mut out);
        out
    }

    /// Appends the copies of the edge from `x` to `t`, then the jump.
    fn edge(&mut self, x: NodeId, t: NodeId, out: &mut Vec<Stmt>) {
        let copies = self.cfg.edge_copies(x, t);
        if !copies.is_empty() {
            out.push(Stmt::Copies(copies));
        }
        if self.an.rpo[t] <= self.an.rpo[x] {
            out.push(Stmt::Continue(
                self.loop_label[t].expect("backward edges go to an enclosing loop"),
            ));
        } else if self.an.follows[t] {
            out.push(Stmt::Break(
                self.block_label[t].expect("following nodes follow an enclosing block"),
            ));
        } else {
            self.tree(t, out);
        }
    }

    /// A label not used yet.
    fn fresh(&mut self) -> Label {
        self.labels += 1;
        self.labels - 1
    }
}

/// The case values of a switch grouped by target, in order of first appearance, leaving out
/// the cases that go where the default goes.
fn group_cases<'a>(
    default: NodeId,
    cases: impl Iterator<Item = (u128, &'a NodeId)>,
) -> Vec<(NodeId, Vec<u128>)> {
    let mut groups: Vec<(NodeId, Vec<u128>)> = Vec::new();
    let mut index = std::collections::HashMap::new();
    for (value, &t) in cases.filter(|&(_, &t)| t != default) {
        let i = *index.entry(t).or_insert_with(|| {
            groups.push((t, Vec::new()));
            groups.len() - 1
        });
        groups[i].1.push(value);
    }
    groups
}
