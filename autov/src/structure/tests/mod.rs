//! Tests of the structurer: snapshot cases written in a small CFG language, and a property
//! test comparing runs of random CFGs with runs of their structured code.

mod big;
mod cases;
mod dsl;
mod interp;
mod props;

use super::structure_function;
use crate::code::{print_function, Label, Stmt};
use crate::ir::InstrKind;
use expect_test::Expect;
use interp::FUEL;

/// Structures the CFG described by `input` (see [`dsl`]), compares the printed result (or the
/// error) with `expected`, and checks that the structured code is well formed and behaves
/// like the CFG.
fn check(input: &str, expected: Expect) {
    let f = dsl::build(&dsl::parse(input));
    match structure_function(&f) {
        Ok(sf) => {
            expected.assert_eq(&print_function(&sf));
            check_well_formed(&sf.body, &mut Vec::new());
            for inputs in interp::input_streams(64) {
                assert_eq!(
                    interp::run_code(&sf, &inputs, FUEL),
                    interp::run_cfg(&f, &inputs, FUEL),
                    "inputs {inputs:?}"
                );
            }
        }
        Err(e) => expected.assert_eq(&format!("error: {e}\n")),
    }
}

/// Checks that every `Break`/`Continue` names an enclosing `Block`/`Loop` (`Continue` only a
/// `Loop`) and that no PHI is left.
pub(super) fn check_well_formed(stmts: &[Stmt], scopes: &mut Vec<(Label, bool)>) {
    for s in stmts {
        match s {
            Stmt::Instr(i) => assert!(!matches!(i.kind, InstrKind::Phi { .. }), "a PHI is left"),
            Stmt::Break(l) => assert!(scopes.iter().any(|(x, _)| x == l), "break to unbound 'L{l}"),
            Stmt::Continue(l) => {
                assert!(scopes.contains(&(*l, true)), "continue to non-loop 'L{l}")
            }
            Stmt::If {
                then_body,
                else_body,
                ..
            } => {
                check_well_formed(then_body, scopes);
                check_well_formed(else_body, scopes);
            }
            Stmt::Switch { arms, default, .. } => {
                arms.iter().for_each(|a| check_well_formed(&a.body, scopes));
                check_well_formed(default, scopes);
            }
            Stmt::Block { label, body } | Stmt::Loop { label, body } => {
                assert!(
                    scopes.iter().all(|(x, _)| x != label),
                    "label 'L{label} bound twice"
                );
                scopes.push((*label, matches!(s, Stmt::Loop { .. })));
                check_well_formed(body, scopes);
                scopes.pop();
            }
            Stmt::Copies(_) | Stmt::Return { .. } | Stmt::Unreachable { .. } => {}
        }
    }
}
