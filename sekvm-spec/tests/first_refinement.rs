//! End to end on sekvm-hyp's code: the Accessors' specs are derived from their code (their low
//! specs), `region_pages` (layer PageIndex) is lowered over them, and Z3 checks that its code
//! refines a spec written in the DSL; a wrong spec fails with a replayed counterexample.

use autov::lowspec::{as_state_transformer, lower_function, Lowering, MemoryInterp};
use autov::smt::{check_refinement, Settings, Verdict};
use autov::spec::{FnDef, Program};
use sekvm_spec::state::RData;

/// Page size shift, as `PAGE_SHIFT` in `constants.h`.
const PAGE_SHIFT: u64 = 12;

/// The bottom of this test: no specs of its own; the Accessors' specs are derived.
#[autov::layer(name = "Bottom", state = RData)]
pub mod bottom {
    use super::*;
}

/// Specs of PageIndex functions, as a verification engineer writes them.
#[autov::layer(name = "PageIndex", state = RData)]
pub mod page_index {
    use super::*;

    /// Number of pages of region `r`, 0 for a region that does not exist.
    #[spec]
    pub fn region_pages(r: u32, st: &RData) -> Option<u64> {
        if r >= st.el2.region_cnt {
            return Some(0);
        }
        Some(st.el2.regions[r as usize].size >> PAGE_SHIFT)
    }

    /// A wrong version: off by one in the region test.
    #[spec]
    pub fn region_pages_wrong(r: u32, st: &RData) -> Option<u64> {
        if r > st.el2.region_cnt {
            return Some(0);
        }
        Some(st.el2.regions[r as usize].size >> PAGE_SHIFT)
    }
}

/// The structured module and a program holding the Accessors' derived specs under their C names.
fn program_with_accessors() -> (autov::code::Module, Program) {
    let module = autov::structure::structure_module(
        autov::load::load_path(sekvm_hyp::IR_PATH.as_ref()).unwrap(),
    );
    let mut program = Program::from_layer(bottom::layer).unwrap();
    let memory = MemoryInterp {
        globals: vec![("el2_data".into(), vec!["el2".into()])],
    };
    let mut derived: Vec<FnDef> = Vec::new();
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
        let cx = Lowering {
            program: &program,
            state: program.layers[0].state.clone(),
            memory: &memory,
            module: &module.ir,
        };
        let low = lower_function(f, &cx).unwrap();
        let mut spec = low.main.clone();
        spec.name = f.name.clone();
        derived.push(spec);
        derived.extend(low.loops);
    }
    for d in derived {
        program.fns.insert(d.name.clone(), d);
    }
    (module, program)
}

/// The low spec of C function `name`, over the program's specs (code that touches no memory).
fn low_spec_of(module: &autov::code::Module, program: &Program, name: &str) -> FnDef {
    let f = module
        .functions
        .iter()
        .find_map(|f| match f {
            autov::code::FunctionResult::Ok(f) if f.name == name => Some(f),
            _ => None,
        })
        .unwrap();
    let none = MemoryInterp::default();
    let cx = Lowering {
        program,
        state: program.layers[0].state.clone(),
        memory: &none,
        module: &module.ir,
    };
    lower_function(f, &cx).unwrap().main
}

#[test]
fn region_pages_refines_its_spec_and_a_wrong_spec_fails() {
    let (module, mut program) = program_with_accessors();
    let low = low_spec_of(&module, &program, "region_pages");
    let specs = Program::from_layer(page_index::layer).unwrap();
    let state = program.layers[0].state.clone();
    let high = |name: &str, program: &mut Program| {
        program
            .fns
            .insert(name.to_string(), specs.fns[name].clone());
        let mut wrapped = as_state_transformer(&specs.fns[name], &state).unwrap();
        let sigs = program
            .fns
            .iter()
            .map(|(n, d)| (n.clone(), autov::spec::Signature::of(d)))
            .collect();
        autov::spec::check_fn(&program.types, &sigs, &mut wrapped).unwrap();
        wrapped
    };
    let settings = Settings::default();

    let spec = high("region_pages", &mut program);
    let good = check_refinement(&program, &spec, &low, None, &settings);
    assert!(matches!(good, Verdict::Verified), "{good:?}");

    let spec = high("region_pages_wrong", &mut program);
    let wrong = check_refinement(&program, &spec, &low, None, &settings);
    let Verdict::Failed(cx) = wrong else {
        panic!("the wrong spec was not refuted: {wrong:?}")
    };
    let text = cx.to_string();
    // The refuting input: region 0 when no region exists; the code says 0 pages, the wrong
    // spec reads the region's size.
    assert!(
        text.contains("r = 0u32") && text.contains("=> Some((0u64, "),
        "{text}"
    );
    assert!(
        text.contains("page_index.c:29"),
        "the low spec points at the C source: {text}"
    );
}
