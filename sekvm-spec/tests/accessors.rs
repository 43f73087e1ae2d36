//! Every function of sekvm-hyp's Accessors layer lowers to a low spec over [`RData`] through the
//! memory interpretation `el2_data ↦ st.el2`, and the low specs type check.

use autov::lowspec::{lower_function, Lowering, MemoryInterp};
use autov::spec::Program;
use sekvm_spec::state::RData;

/// A layer with no specs: the Accessors' code calls nothing, it only reads and writes memory.
#[autov::layer(name = "Bottom", state = RData)]
pub mod bottom {
    use super::*;
}

#[test]
fn every_accessor_lowers_through_the_memory_interpretation() {
    let module = autov::structure::structure_module(
        autov::load::load_path(sekvm_hyp::IR_PATH.as_ref()).unwrap(),
    );
    let program = Program::from_layer(bottom::layer).unwrap();
    let memory = MemoryInterp {
        globals: vec![("el2_data".into(), vec!["el2".into()])],
    };
    let cx = Lowering {
        program: &program,
        state: program.layers[0].state.clone(),
        memory: &memory,
        module: &module.ir,
    };
    let mut lowered = 0;
    let mut failures = Vec::new();
    for f in &module.functions {
        let autov::code::FunctionResult::Ok(f) = f else {
            continue;
        };
        if !f
            .loc
            .as_ref()
            .is_some_and(|l| l.file.ends_with("accessors.c"))
        {
            continue;
        }
        match lower_function(f, &cx) {
            Ok(_) => lowered += 1,
            Err(e) => failures.push(e.to_string()),
        }
    }
    assert!(
        failures.is_empty(),
        "{} lowered; failures:\n{}",
        lowered,
        failures.join("\n")
    );
    assert_eq!(lowered, 104, "the Accessors layer has 104 functions");
}
