//! The property test: random CFGs (loops, irreducible regions, switches, PHIs that swap)
//! behave exactly like their structured code.

use super::check_well_formed;
use super::dsl::{self, BlockSpec, Op, TermSpec};
use super::interp::{run_cfg, run_code, FUEL};
use crate::code::Stmt;
use crate::ir::Value;
use crate::structure::analysis::Analysis;
use crate::structure::cfg::Cfg;
use crate::structure::{structure_function, StructureError};
use proptest::prelude::*;

/// The locals of random CFGs: every block traces all of them, and PHIs permute them.
const VARS: [&str; 3] = ["a", "b", "c"];

/// A source of choices for building a CFG from proptest's random numbers.
struct Choices {
    raw: Vec<u32>,
    next: usize,
}

impl Choices {
    fn pick(&mut self, n: usize) -> usize {
        let v = self.raw[self.next % self.raw.len()].rotate_left(self.next as u32 / 7);
        self.next += 1;
        v as usize % n
    }

    fn var(&mut self) -> String {
        VARS[self.pick(VARS.len())].to_string()
    }

    fn operand(&mut self) -> String {
        if self.pick(4) == 0 {
            self.pick(100).to_string()
        } else {
            self.var()
        }
    }
}

fn name(i: usize) -> String {
    format!("b{i}")
}

/// A random CFG of `n` blocks; nothing branches back to the entry, as in LLVM.
fn random_cfg(n: usize, c: &mut Choices) -> Vec<BlockSpec> {
    let terms: Vec<TermSpec> = (0..n).map(|_| random_term(n, c)).collect();
    (0..n)
        .map(|i| {
            let mut ops: Vec<Op> = Vec::new();
            if i == 0 {
                ops.extend(VARS.iter().map(|v| Op::Input(v.to_string())));
            } else if c.pick(3) == 0 {
                ops.push(Op::Add(c.var(), c.var(), c.pick(10).to_string()));
            }
            let phis = if i == 0 {
                Vec::new()
            } else {
                random_phis(&preds(&terms, i), c)
            };
            let trace = VARS.iter().map(|v| v.to_string()).collect();
            BlockSpec {
                name: name(i),
                phis,
                trace,
                ops,
                term: terms[i].clone(),
            }
        })
        .collect()
}

fn random_term(n: usize, c: &mut Choices) -> TermSpec {
    let target = |c: &mut Choices| name(1 + c.pick(n - 1));
    match c.pick(12) {
        0..=2 => TermSpec::Br(target(c)),
        3..=6 => TermSpec::Cbr(target(c), target(c)),
        7..=8 => {
            let default = target(c);
            let cases = (0..1 + c.pick(3)).map(|k| (k as u128, target(c))).collect();
            TermSpec::Switch(default, cases)
        }
        9..=10 => TermSpec::Ret(Some(c.operand())),
        _ => TermSpec::Unreachable,
    }
}

/// The distinct blocks whose terminator names block `i`.
fn preds(terms: &[TermSpec], i: usize) -> Vec<String> {
    let target = name(i);
    (0..terms.len())
        .filter(|&p| match &terms[p] {
            TermSpec::Br(t) => *t == target,
            TermSpec::Cbr(t, e) => *t == target || *e == target,
            TermSpec::Switch(d, cases) => *d == target || cases.iter().any(|(_, t)| *t == target),
            _ => false,
        })
        .map(name)
        .collect()
}

/// Up to three PHIs with distinct destinations, each reading a local or a constant per
/// predecessor (so swaps and rotations of the locals are frequent).
fn random_phis(preds: &[String], c: &mut Choices) -> Vec<(String, Vec<(String, String)>)> {
    if preds.is_empty() {
        return Vec::new();
    }
    let first = c.pick(VARS.len());
    (0..c.pick(VARS.len() + 1))
        .map(|k| {
            let dest = VARS[(first + k) % VARS.len()].to_string();
            (
                dest,
                preds.iter().map(|p| (p.clone(), c.operand())).collect(),
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn structured_code_behaves_like_the_cfg(
        n in 2usize..10,
        raw in proptest::collection::vec(any::<u32>(), 64),
        streams in proptest::collection::vec(proptest::collection::vec(0u64..5, 0..48), 1..8),
    ) {
        let blocks = random_cfg(n, &mut Choices { raw, next: 0 });
        let f = dsl::build(&blocks);
        let result = structure_function(&f);
        // Dense irreducible regions can need more copies than the cap allows; failing then
        // is the documented behaviour, and there is no code to compare.
        prop_assume!(!matches!(result, Err(StructureError::IrreducibleTooLarge { .. })));
        let sf = result.map_err(|e| TestCaseError::fail(e.to_string()))?;
        check_well_formed(&sf.body, &mut Vec::new());
        for inputs in &streams {
            prop_assert_eq!(run_code(&sf, inputs, FUEL), run_cfg(&f, inputs, FUEL), "inputs {:?}", inputs);
        }
    }
}

/// Whether some copy reads a local that the same parallel assignment writes, so that running
/// the copies one by one would differ.
fn has_dependent_copies(stmts: &[Stmt]) -> bool {
    stmts.iter().any(|s| match s {
        Stmt::Copies(cs) => cs
            .iter()
            .any(|c| cs.iter().any(|d| c.value == Value::Local(d.dest.clone()))),
        Stmt::If {
            then_body,
            else_body,
            ..
        } => has_dependent_copies(then_body) || has_dependent_copies(else_body),
        Stmt::Switch { arms, default, .. } => {
            arms.iter().any(|a| has_dependent_copies(&a.body)) || has_dependent_copies(default)
        }
        Stmt::Block { body, .. } | Stmt::Loop { body, .. } => has_dependent_copies(body),
        _ => false,
    })
}

/// The property test is only as good as its CFGs: check that they often contain loops,
/// irreducible regions, switches and copies that depend on each other (at least 5% each; at
/// the time of writing: 325 loops, 50 irreducible, 361 switches, 355 dependent copies).
#[test]
fn random_cfgs_cover_loops_irreducible_regions_switches_and_swaps() {
    let (mut loops, mut irreducible, mut switches, mut dependent) = (0, 0, 0, 0);
    for seed in 0..500u32 {
        let raw = (0..64u32)
            .map(|k| (seed * 64 + k).wrapping_mul(2_654_435_761))
            .collect();
        let blocks = random_cfg(2 + seed as usize % 8, &mut Choices { raw, next: 0 });
        let f = dsl::build(&blocks);
        let an = Analysis::new(&Cfg::build(&f).expect("random CFGs are well formed"));
        loops += usize::from(an.header.iter().any(|&h| h));
        irreducible += usize::from(!an.reducible);
        switches += usize::from(
            blocks
                .iter()
                .any(|b| matches!(b.term, TermSpec::Switch(..))),
        );
        let sf = structure_function(&f).expect("random CFGs structure");
        dependent += usize::from(has_dependent_copies(&sf.body));
    }
    for (what, count) in [
        ("loops", loops),
        ("irreducible", irreducible),
        ("switches", switches),
        ("dependent copies", dependent),
    ] {
        assert!(count >= 25, "only {count} of 500 random CFGs have {what}");
    }
}
