//! Big generated functions: structuring stays linear and does not exhaust the stack.

use super::dsl::{self, BlockSpec, TermSpec};
use super::interp::{input_streams, run_cfg, run_code};
use crate::structure::structure_function;

const N: usize = 3_000;

fn block(name: String, term: TermSpec) -> BlockSpec {
    BlockSpec {
        name,
        phis: Vec::new(),
        trace: Vec::new(),
        ops: Vec::new(),
        term,
    }
}

/// `N` diamonds in a row, then `N` early exits, then `N` loops in a row, then `N / 10`
/// nested loops, each left to the enclosing one.
fn big_cfg() -> Vec<BlockSpec> {
    let mut blocks = Vec::new();
    for i in 0..N {
        blocks.push(block(
            format!("d{i}"),
            TermSpec::Cbr(format!("l{i}"), format!("r{i}")),
        ));
        blocks.push(block(format!("l{i}"), TermSpec::Br(format!("d{}", i + 1))));
        blocks.push(block(format!("r{i}"), TermSpec::Br(format!("d{}", i + 1))));
    }
    blocks.push(block(format!("d{N}"), TermSpec::Br("e0".to_string())));
    for i in 0..N {
        blocks.push(block(
            format!("e{i}"),
            TermSpec::Cbr(format!("x{i}"), format!("e{}", i + 1)),
        ));
        blocks.push(block(format!("x{i}"), TermSpec::Ret(Some(i.to_string()))));
    }
    blocks.push(block(format!("e{N}"), TermSpec::Br("h0".to_string())));
    for i in 0..N {
        blocks.push(block(
            format!("h{i}"),
            TermSpec::Cbr(format!("b{i}"), format!("h{}", i + 1)),
        ));
        blocks.push(block(
            format!("b{i}"),
            TermSpec::Cbr(format!("h{i}"), format!("h{}", i + 1)),
        ));
    }
    blocks.push(block(format!("h{N}"), TermSpec::Br("n0".to_string())));
    let depth = N / 10;
    for i in 0..depth {
        let exit = if i == 0 {
            "end".to_string()
        } else {
            format!("q{}", i - 1)
        };
        blocks.push(block(
            format!("n{i}"),
            TermSpec::Cbr(format!("q{i}"), format!("n{}", i + 1)),
        ));
        blocks.push(block(format!("q{i}"), TermSpec::Cbr(format!("n{i}"), exit)));
    }
    blocks.push(block(
        format!("n{depth}"),
        TermSpec::Br(format!("q{}", depth - 1)),
    ));
    blocks.push(block("end".to_string(), TermSpec::Ret(None)));
    blocks
}

#[test]
fn big_function_behaves_like_its_cfg() {
    let f = dsl::build(&big_cfg());
    let sf = structure_function(&f).expect("a reducible function structures");
    for inputs in input_streams(4) {
        assert_eq!(
            run_code(&sf, &inputs, 1_000_000),
            run_cfg(&f, &inputs, 1_000_000)
        );
    }
}
