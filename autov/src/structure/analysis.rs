//! What the emitter needs to know about a reducible graph: reverse postorder, loop headers,
//! which loop each node belongs to, and where the code of each node goes.
//!
//! A node's code goes right where it is branched to when that branch is its only way in;
//! otherwise it *follows* a `Block` and is reached by `Break`. Following nodes are placed at
//! their immediate dominator (Ramsey's merge nodes), except that a node outside a loop that
//! contains its immediate dominator is placed at the header of the outermost such loop, so
//! that the code after a loop is not emitted inside it. (An exit that just returns stays in
//! place, like an early `return` in C.)

use super::cfg::{Cfg, NodeId};
use petgraph::algo::dominators::simple_fast;
use petgraph::graph::{DiGraph, NodeIndex};

/// Facts about a graph.
#[derive(Debug)]
pub(super) struct Analysis {
    /// Each node's position in reverse postorder.
    pub rpo: Vec<usize>,
    /// Nodes whose code follows a `Block` and that are reached by `Break`.
    pub follows: Vec<bool>,
    /// For each node, the following nodes placed at it.
    pub placed: Vec<Vec<NodeId>>,
    /// Nodes that are the target of a backward edge.
    pub header: Vec<bool>,
    /// For each node, the innermost loop header whose loop contains it (itself for a header).
    loop_of: Vec<Option<NodeId>>,
    /// For each header, the header of the enclosing loop.
    loop_parent: Vec<Option<NodeId>>,
    /// For each header, how many loops contain it (1 for an outermost loop).
    loop_depth: Vec<usize>,
    /// Whether every backward edge goes to a node that dominates its source.
    pub reducible: bool,
}

impl Analysis {
    /// Analyses a graph whose nodes are all reachable from node 0.
    pub fn new(cfg: &Cfg) -> Self {
        let n = cfg.nodes.len();
        let succs: Vec<Vec<NodeId>> = (0..n).map(|v| cfg.distinct_succs(v)).collect();
        let rpo = reverse_postorder(&succs);
        let idom = immediate_dominators(&succs);
        let mut children = vec![Vec::new(); n];
        for v in 1..n {
            children[idom[v]].push(v);
        }
        let (pre, post) = tree_intervals(&children);
        let dominates = |a: NodeId, b: NodeId| pre[a] <= pre[b] && post[b] <= post[a];
        let mut merge_count = vec![0usize; n];
        let mut header = vec![false; n];
        let mut reducible = true;
        for (u, ss) in succs.iter().enumerate() {
            for &v in ss {
                if rpo[v] > rpo[u] {
                    merge_count[v] += 1;
                } else {
                    header[v] = true;
                    reducible &= dominates(v, u);
                }
            }
        }
        let mut a = Analysis {
            rpo,
            follows: vec![false; n],
            placed: vec![Vec::new(); n],
            header,
            loop_of: vec![None; n],
            loop_parent: vec![None; n],
            loop_depth: vec![0; n],
            reducible,
        };
        if reducible {
            a.find_loops(&succs);
            a.place(&idom, &succs, &merge_count);
        }
        a
    }

    /// Decides which nodes follow a `Block` and where each is placed (see the module doc).
    fn place(&mut self, idom: &[NodeId], succs: &[Vec<NodeId>], merge_count: &[usize]) {
        for v in 1..idom.len() {
            let merge = merge_count[v] >= 2;
            let at = match self.outermost_exited(idom[v], v) {
                Some(h) if merge || !succs[v].is_empty() => h,
                _ if merge => idom[v],
                _ => continue,
            };
            self.follows[v] = true;
            self.placed[at].push(v);
        }
    }

    /// The header of the outermost loop that contains `d` but not `v`: walks up both loop
    /// chains to their common part.
    fn outermost_exited(&self, d: NodeId, v: NodeId) -> Option<NodeId> {
        let depth = |l: Option<NodeId>| l.map_or(0, |h| self.loop_depth[h]);
        let up = |l: Option<NodeId>| l.and_then(|h| self.loop_parent[h]);
        let (mut a, mut b) = (self.loop_of[d], self.loop_of[v]);
        let mut exited = None;
        while depth(a) > depth(b) {
            exited = a;
            a = up(a);
        }
        while depth(b) > depth(a) {
            b = up(b);
        }
        while a != b {
            exited = a;
            (a, b) = (up(a), up(b));
        }
        exited
    }

    /// Whether `y` lies in the loop headed by `h`.
    pub fn in_loop(&self, y: NodeId, h: NodeId) -> bool {
        let mut l = self.loop_of[y];
        while let Some(x) = l {
            if x == h {
                return true;
            }
            l = self.loop_parent[x];
        }
        false
    }

    /// Fills `loop_of` and `loop_parent`: walks back from the latches of each header,
    /// innermost headers (latest in reverse postorder) first, skipping whole inner loops.
    fn find_loops(&mut self, succs: &[Vec<NodeId>]) {
        let n = succs.len();
        let mut preds = vec![Vec::new(); n];
        for (u, ss) in succs.iter().enumerate() {
            for &v in ss {
                preds[v].push(u);
            }
        }
        let mut headers: Vec<NodeId> = (0..n).filter(|&h| self.header[h]).collect();
        headers.sort_by_key(|&h| std::cmp::Reverse(self.rpo[h]));
        for &h in &headers {
            self.loop_of[h] = Some(h);
            let mut stack: Vec<NodeId> = preds[h]
                .iter()
                .copied()
                .filter(|&p| self.rpo[p] >= self.rpo[h] && p != h)
                .collect();
            while let Some(v) = stack.pop() {
                let outer = self.outermost(v);
                if outer == h {
                    continue;
                }
                match self.loop_of[outer] {
                    None => self.loop_of[outer] = Some(h),
                    Some(_) => self.loop_parent[outer] = Some(h),
                }
                stack.extend(preds[outer].iter().copied().filter(|&p| p != h));
            }
        }
        for &h in headers.iter().rev() {
            self.loop_depth[h] = 1 + self.loop_parent[h].map_or(0, |p| self.loop_depth[p]);
        }
    }

    /// The outermost loop found so far that contains `v`, or `v` itself.
    fn outermost(&self, v: NodeId) -> NodeId {
        let Some(mut h) = self.loop_of[v] else {
            return v;
        };
        while let Some(p) = self.loop_parent[h] {
            h = p;
        }
        h
    }
}

/// Each node's position in the reverse postorder of an iterative depth-first search from 0
/// that visits successors in order.
fn reverse_postorder(succs: &[Vec<NodeId>]) -> Vec<usize> {
    let n = succs.len();
    let mut visited = vec![false; n];
    let mut post = Vec::with_capacity(n);
    let mut stack = vec![(0usize, 0usize)];
    visited[0] = true;
    while let Some((v, i)) = stack.last_mut() {
        if let Some(&s) = succs[*v].get(*i) {
            *i += 1;
            if !visited[s] {
                visited[s] = true;
                stack.push((s, 0));
            }
        } else {
            post.push(*v);
            stack.pop();
        }
    }
    let mut rpo = vec![0; n];
    for (i, &v) in post.iter().rev().enumerate() {
        rpo[v] = i;
    }
    rpo
}

/// The immediate dominator of every node (node 0 is its own).
fn immediate_dominators(succs: &[Vec<NodeId>]) -> Vec<NodeId> {
    let mut g = DiGraph::<(), ()>::with_capacity(succs.len(), succs.len() * 2);
    for _ in 0..succs.len() {
        g.add_node(());
    }
    for (u, ss) in succs.iter().enumerate() {
        for &v in ss {
            g.add_edge(NodeIndex::new(u), NodeIndex::new(v), ());
        }
    }
    let doms = simple_fast(&g, NodeIndex::new(0));
    (0..succs.len())
        .map(|v| {
            doms.immediate_dominator(NodeIndex::new(v))
                .map_or(0, NodeIndex::index)
        })
        .collect()
}

/// Preorder and postorder numbers of a tree rooted at 0, for constant-time ancestor tests.
fn tree_intervals(children: &[Vec<NodeId>]) -> (Vec<usize>, Vec<usize>) {
    let n = children.len();
    let (mut pre, mut post) = (vec![0; n], vec![0; n]);
    let (mut next_pre, mut next_post) = (0, 0);
    let mut stack = vec![(0usize, 0usize)];
    pre[0] = next_pre;
    next_pre += 1;
    while let Some((v, i)) = stack.last_mut() {
        if let Some(&c) = children[*v].get(*i) {
            *i += 1;
            pre[c] = next_pre;
            next_pre += 1;
            stack.push((c, 0));
        } else {
            post[*v] = next_post;
            next_post += 1;
            stack.pop();
        }
    }
    (pre, post)
}
