//! Every sekvm-hyp function above the Bottom layer has a low spec: functions are lowered in
//! call order, each over the Bottom's trusted specs and the low specs of the functions it calls
//! (a function with no written spec has its low spec as its spec).

use autov::code::{Function, FunctionResult};
use autov::lowspec::{lower_function, Lowering, MemoryInterp};
use autov::spec::Program;
use std::collections::BTreeMap;

/// Whether `f` is the Bottom's own C (trusted, not lowered).
fn is_bottom(f: &Function) -> bool {
    f.loc
        .as_ref()
        .is_some_and(|l| l.file.ends_with("arch/aarch64.c"))
}

#[test]
fn every_function_above_bottom_lowers() {
    let module = autov::structure::structure_module(
        autov::load::load_path(sekvm_hyp::IR_PATH.as_ref()).unwrap(),
    );
    let mut program = Program::from_layer(sekvm_spec::bottom::bottom::layer).unwrap();
    let memory = MemoryInterp {
        globals: vec![("el2_data".into(), vec!["el2".into()])],
    };
    let mut pending: Vec<&Function> = module
        .functions
        .iter()
        .filter_map(|f| match f {
            FunctionResult::Ok(f) if !is_bottom(f) => Some(f),
            _ => None,
        })
        .collect();
    let total = pending.len();
    let mut failures: BTreeMap<String, String> = BTreeMap::new();
    loop {
        let before = pending.len();
        failures.clear();
        pending.retain(|f| {
            let cx = Lowering {
                program: &program,
                state: program.layers[0].state.clone(),
                memory: &memory,
                module: &module.ir,
            };
            match lower_function(f, &cx) {
                Ok(low) => {
                    let mut spec = low.main;
                    spec.name = f.name.clone();
                    for d in std::iter::once(spec).chain(low.loops) {
                        program.fns.insert(d.name.clone(), d);
                    }
                    false
                }
                Err(e) => {
                    failures.insert(f.name.clone(), e.reason);
                    true
                }
            }
        });
        if pending.len() == before {
            break;
        }
    }
    let report: Vec<String> = failures.iter().map(|(f, r)| format!("{f}: {r}")).collect();
    assert!(
        pending.is_empty(),
        "{} of {total} lowered; not lowered:\n{}",
        total - pending.len(),
        report.join("\n")
    );
    assert_eq!(total, 291, "functions above Bottom");
}
