//! The refinement obligations of sekvm-hyp and how each is checked.
//!
//! [`Checked::build`] loads the hypervisor's IR and lowers every function above Bottom in call
//! order, each over the Bottom's trusted specs and the specs of the functions it calls: the
//! written spec where there is one ([`crate::specs`]), otherwise the function's own low spec.
//! Each function is then one [`Obligation`], named `Layer::function`: a written spec must be
//! refined by the low spec (Z3, [`autov::smt::check_refinement`]); a derived spec must exist
//! (the code lowers, and its low spec type checks).

use autov::cache::{Cache, Cached, Fingerprint};
use autov::code::{Function, FunctionResult};
use autov::lowspec::{as_state_transformer, low_spec_name, lower_function, Lowering, MemoryInterp};
use autov::smt::{check_refinement, Settings, Verdict};
use autov::spec::{check_fn, FnDef, Program, Signature};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::time::Instant;

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

/// How an obligation came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// The low spec refines the written spec (Z3).
    Verified,
    /// No written spec: the low spec was derived and type checked, and is the function's spec.
    Derived,
    /// The refinement does not hold; the detail is the counterexample.
    Failed,
    /// Neither shown nor refuted; the detail names the limit that was hit.
    Unknown,
    /// The code or a spec uses a construct autov does not handle; the detail says which.
    Unsupported,
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Status::Verified => "verified",
            Status::Derived => "derived",
            Status::Failed => "failed",
            Status::Unknown => "unknown",
            Status::Unsupported => "unsupported",
        })
    }
}

/// The result of checking one obligation.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// How it came out.
    pub status: Status,
    /// The counterexample, the limit hit or the unsupported construct (empty otherwise).
    pub detail: String,
    /// Wall-clock time of the check.
    pub seconds: f64,
    /// Whether the verdict came from the cache.
    pub cached: bool,
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

    /// Checks one obligation; `Err` says why it does not hold (a derived spec holds when it
    /// exists). The work runs on a thread with a large stack: encoding loop functions recurses
    /// once per unrolled iteration.
    pub fn check(&self, ob: &Obligation, settings: &Settings) -> Result<(), String> {
        let outcome = std::thread::scope(|s| {
            std::thread::Builder::new()
                .stack_size(CHECK_STACK)
                .spawn_scoped(s, || self.outcome(ob, settings, None))
                .map_err(|e| format!("cannot start the checking thread: {e}"))?
                .join()
                .map_err(|_| "the check panicked".to_string())
        })?;
        match outcome.status {
            Status::Verified | Status::Derived => Ok(()),
            status => Err(format!("{status}: {}", outcome.detail)),
        }
    }

    /// Checks `obligations` in parallel (on threads with large stacks), reusing and filling
    /// `cache`; `progress` hears of each result as it comes. Results are in the given order.
    pub fn check_all(
        &self,
        obligations: &[&Obligation],
        settings: &Settings,
        cache: Option<&Cache>,
        progress: &(dyn Fn(&Obligation, &Outcome) + Sync),
    ) -> Result<Vec<Outcome>, String> {
        let pool = rayon::ThreadPoolBuilder::new()
            .stack_size(CHECK_STACK)
            .build()
            .map_err(|e| format!("cannot start the checking threads: {e}"))?;
        Ok(pool.install(|| {
            obligations
                .par_iter()
                .map(|ob| {
                    let outcome = self.outcome(ob, settings, cache);
                    progress(ob, &outcome);
                    outcome
                })
                .collect()
        }))
    }

    /// Checks one obligation on this thread (which needs a large stack, see [`CHECK_STACK`]),
    /// through `cache` when given.
    pub fn outcome(&self, ob: &Obligation, settings: &Settings, cache: Option<&Cache>) -> Outcome {
        let start = Instant::now();
        let (status, detail, cached) = match self.lowering_errors.get(&ob.function) {
            Some(e) => (Status::Unsupported, format!("no low spec: {e}"), false),
            None if ob.kind == ObligationKind::Derived => (Status::Derived, String::new(), false),
            None => self.refinement(&ob.function, settings, cache),
        };
        Outcome {
            status,
            detail,
            seconds: start.elapsed().as_secs_f64(),
            cached,
        }
    }

    /// The refinement obligation of a function with a written spec: (status, detail, cached).
    fn refinement(
        &self,
        function: &str,
        settings: &Settings,
        cache: Option<&Cache>,
    ) -> (Status, String, bool) {
        let spec = &self.written[function];
        let key = cache.and_then(|_| self.spec_fingerprint(function, spec, settings));
        if let (Some(cache), Some(key)) = (cache, &key) {
            match cache.get(key) {
                Some(Cached::Verified) => return (Status::Verified, String::new(), true),
                Some(Cached::Failed(cx)) => return (Status::Failed, cx, true),
                None => {}
            }
        }
        let (status, detail) = match self.refines(function, spec, settings) {
            Verdict::Verified => (Status::Verified, String::new()),
            Verdict::Failed(cx) => (Status::Failed, cx.to_string()),
            Verdict::Unknown { reason } => (Status::Unknown, reason),
            Verdict::Unsupported { construct, span } => {
                (Status::Unsupported, format!("{construct} at {span}"))
            }
        };
        let stored = match status {
            Status::Verified => Some(Cached::Verified),
            Status::Failed => Some(Cached::Failed(detail.clone())),
            _ => None,
        };
        if let (Some(cache), Some(key), Some(stored)) = (cache, &key, stored) {
            // A verdict that cannot be stored is checked again next time; nothing is lost.
            let _ = cache.put(key, &stored);
        }
        (status, detail, false)
    }

    /// The fingerprint under which the verdict of refinement obligation `ob` is cached (`None`
    /// for other obligations).
    pub fn fingerprint(&self, ob: &Obligation, settings: &Settings) -> Option<Fingerprint> {
        let spec = self.written.get(&ob.function)?;
        self.spec_fingerprint(&ob.function, spec, settings)
    }

    /// The fingerprint of `function`'s refinement obligation against `spec`.
    fn spec_fingerprint(
        &self,
        function: &str,
        spec: &FnDef,
        settings: &Settings,
    ) -> Option<Fingerprint> {
        let low = self.program.fns.get(&low_spec_name(function))?;
        let mut program = self.program.clone();
        program.fns.insert(spec.name.clone(), spec.clone());
        let high = as_transformer(&program, spec).ok()?;
        Some(Fingerprint::of(&program, &[&high, low], settings))
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
