//! The refinement obligations of sekvm-hyp and how each is checked.
//!
//! [`Checked::build`] loads the hypervisor's IR and lowers every function above Bottom in call
//! order, each over the Bottom's trusted specs and the specs of the functions it calls: the
//! written spec where there is one ([`crate::specs`]), otherwise the function's own low spec.
//! Each function is then one [`Obligation`], named `Layer::function`: a written spec must be
//! refined by the low spec (Z3, [`autov::smt::check_refinement`]); a derived spec must exist
//! (the code lowers, and its low spec type checks).

use autov::code::{Function, FunctionResult};
use autov::lowspec::{as_state_transformer, low_spec_name, lower_function, Lowering, MemoryInterp};
use autov::smt::{check_refinement, Settings, Verdict};
use autov::spec::{check_fn, FnDef, Program, Signature};
use std::collections::BTreeMap;

/// Stack size of the thread that checks an obligation.
const CHECK_STACK: usize = 512 << 20;

/// What one function owes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ObligationKind {
    /// Its low spec refines its written spec.
    Refinement,
    /// It has no written spec: its low spec is derived and becomes its spec.
    Derived,
}

/// One obligation: a function of a layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Obligation {
    /// The layer's name.
    pub layer: &'static str,
    /// The C function.
    pub function: String,
    /// What it owes.
    pub kind: ObligationKind,
}

impl Obligation {
    /// The test name, `Layer::function`.
    pub fn name(&self) -> String {
        format!("{}::{}", self.layer, self.function)
    }
}

/// The hypervisor lowered over its specs: everything the obligations are checked against.
pub struct Checked {
    /// The program: Bottom, written specs, low specs (`f_low`) and the specs functions are
    /// called by (`f`: written, or derived).
    pub program: Program,
    /// The obligations, bottom layer first.
    pub obligations: Vec<Obligation>,
    /// Why a function could not be lowered.
    pub lowering_errors: BTreeMap<String, String>,
    /// Written specs, by function.
    written: BTreeMap<String, FnDef>,
}

impl Checked {
    /// Loads, structures and lowers sekvm-hyp.
    pub fn build() -> Result<Checked, String> {
        let module =
            autov::load::load_path(sekvm_hyp::IR_PATH.as_ref()).map_err(|e| e.to_string())?;
        Checked::from_module(module)
    }

    /// Structures and lowers `module`, sekvm-hyp's IR or a variant of it (a mutant).
    pub fn from_module(module: autov::ir::Module) -> Result<Checked, String> {
        let module = autov::structure::structure_module(module);
        let mut program =
            Program::from_layer(crate::bottom::bottom::layer).map_err(|e| e.to_string())?;
        let written = written_specs()?;
        let layer_of = layer_of_files();
        let functions: Vec<(&'static str, &Function)> = module
            .functions
            .iter()
            .filter_map(|f| match f {
                FunctionResult::Ok(f) => Some((file_layer(&layer_of, f)?, f)),
                FunctionResult::Failed { .. } => None,
            })
            .filter(|(layer, _)| *layer != "Bottom")
            .collect();
        let memory = MemoryInterp {
            globals: vec![("el2_data".into(), vec!["el2".into()])],
        };
        let mut lowering_errors = BTreeMap::new();
        let mut pending: Vec<&(&str, &Function)> = functions.iter().collect();
        loop {
            let before = pending.len();
            lowering_errors.clear();
            pending.retain(|(_, f)| {
                let cx = Lowering {
                    program: &program,
                    state: program.layers[0].state.clone(),
                    memory: &memory,
                    module: &module.ir,
                };
                match lower_function(f, &cx) {
                    Ok(low) => {
                        let spec = match written.get(&f.name) {
                            Some(w) => w.clone(),
                            None => FnDef {
                                name: f.name.clone(),
                                ..low.main.clone()
                            },
                        };
                        for d in low.defs().cloned().chain([spec]) {
                            program.fns.insert(d.name.clone(), d);
                        }
                        false
                    }
                    Err(e) => {
                        lowering_errors.insert(f.name.clone(), e.to_string());
                        true
                    }
                }
            });
            if pending.len() == before {
                break;
            }
        }
        let mut obligations: Vec<Obligation> = functions
            .iter()
            .map(|(layer, f)| Obligation {
                layer,
                function: f.name.clone(),
                kind: if written.contains_key(&f.name) {
                    ObligationKind::Refinement
                } else {
                    ObligationKind::Derived
                },
            })
            .collect();
        let order: Vec<&str> = sekvm_hyp::layers().iter().map(|l| l.name).collect();
        obligations.sort_by_key(|o| (order.iter().position(|l| *l == o.layer), o.function.clone()));
        Ok(Checked {
            program,
            obligations,
            lowering_errors,
            written,
        })
    }

    /// Checks one obligation; `Err` says why it does not hold. The work runs on a thread with
    /// a large stack: encoding loop functions recurses once per unrolled iteration.
    pub fn check(&self, ob: &Obligation, settings: &Settings) -> Result<(), String> {
        if ob.kind == ObligationKind::Derived || self.lowering_errors.contains_key(&ob.function) {
            return self.check_here(ob, settings);
        }
        std::thread::scope(|s| {
            std::thread::Builder::new()
                .stack_size(CHECK_STACK)
                .spawn_scoped(s, || self.check_here(ob, settings))
                .map_err(|e| format!("cannot start the checking thread: {e}"))?
                .join()
                .map_err(|_| "the check panicked".to_string())?
        })
    }

    fn check_here(&self, ob: &Obligation, settings: &Settings) -> Result<(), String> {
        if let Some(e) = self.lowering_errors.get(&ob.function) {
            return Err(format!("no low spec: {e}"));
        }
        match ob.kind {
            ObligationKind::Derived => Ok(()),
            ObligationKind::Refinement => {
                match self.refines(&ob.function, &self.written[&ob.function], settings) {
                    Verdict::Verified => Ok(()),
                    Verdict::Failed(cx) => Err(cx.to_string()),
                    other => Err(format!("{other:?}")),
                }
            }
        }
    }

    /// Whether the low spec of C function `function` refines `spec` (a spec in any of the
    /// three calling conventions, type checked against this program's types).
    pub fn refines(&self, function: &str, spec: &FnDef, settings: &Settings) -> Verdict {
        let Some(low) = self.program.fns.get(&low_spec_name(function)) else {
            return Verdict::Unknown {
                reason: format!("`{function}` has no low spec"),
            };
        };
        let mut program = self.program.clone();
        program.fns.insert(spec.name.clone(), spec.clone());
        match as_transformer(&program, spec) {
            Ok(high) => check_refinement(&program, &high, low, None, settings),
            Err(reason) => Verdict::Unknown { reason },
        }
    }
}

/// `spec` as a state transformer, type checked in `program`.
fn as_transformer(program: &Program, spec: &FnDef) -> Result<FnDef, String> {
    let state = program.layers[0].state.clone();
    let mut wrapped = as_state_transformer(spec, &state)?;
    let sigs: BTreeMap<String, Signature> = program
        .fns
        .iter()
        .map(|(n, d)| (n.clone(), Signature::of(d)))
        .collect();
    check_fn(&program.types, &sigs, &mut wrapped).map_err(|e| e.to_string())?;
    Ok(wrapped)
}

/// The written specs of [`crate::specs`], by name.
fn written_specs() -> Result<BTreeMap<String, FnDef>, String> {
    let mut out = BTreeMap::new();
    for layer in crate::specs::layers() {
        let program = Program::from_layer(layer).map_err(|e| e.to_string())?;
        for spec in &program.layers.last().expect("the layer itself").specs {
            out.insert(spec.name.clone(), program.fns[&spec.name].clone());
        }
    }
    Ok(out)
}

/// C file name → layer name.
fn layer_of_files() -> BTreeMap<&'static str, &'static str> {
    let mut map: BTreeMap<&'static str, &'static str> = sekvm_hyp::layers()
        .into_iter()
        .map(|l| (l.file, l.name))
        .collect();
    map.insert("aarch64.c", "Bottom");
    map
}

fn file_layer(
    layer_of: &BTreeMap<&'static str, &'static str>,
    f: &Function,
) -> Option<&'static str> {
    let file = f.loc.as_ref()?.file.rsplit('/').next()?.to_string();
    layer_of.get(file.as_str()).copied()
}
