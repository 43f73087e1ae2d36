//! The plain refinement query of the soundness tests: Z3's `check_refinement` of a low spec
//! against a spec, with nothing else (no check of the spec's own faults, no loop abstraction),
//! so that what a test observes is the refinement checker itself.

use autov::lowspec::as_state_transformer;
use autov::smt::{check_refinement, Settings, Verdict};
use autov::spec::{check_fn, FnDef, Program, Signature};
use std::collections::BTreeMap;

/// Whether `low` refines `spec` in `program` (both added to it): `spec`, in any of the three
/// calling conventions, is wrapped as a state transformer over the state of the program's
/// bottom layer and type checked first.
pub fn refines(program: &Program, spec: &FnDef, low: &FnDef, settings: &Settings) -> Verdict {
    let mut program = program.clone();
    for f in [spec, low] {
        program.fns.insert(f.name.clone(), f.clone());
    }
    match as_transformer(&program, spec) {
        Ok(high) => check_refinement(&program, &high, low, None, settings),
        Err(reason) => Verdict::Unknown { reason },
    }
}

/// `spec` as a state transformer, type checked in `program`.
fn as_transformer(program: &Program, spec: &FnDef) -> Result<FnDef, String> {
    let mut high = as_state_transformer(spec, &program.layers[0].state)?;
    let sigs: BTreeMap<String, Signature> = program
        .fns
        .iter()
        .map(|(n, d)| (n.clone(), Signature::of(d)))
        .collect();
    check_fn(&program.types, &sigs, &mut high).map_err(|e| e.to_string())?;
    Ok(high)
}
