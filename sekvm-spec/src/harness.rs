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
use autov::ir::BranchSites;
use autov::lowspec::{as_state_transformer, low_spec_name, lower_function, Lowering, MemoryInterp};
use autov::smt::{check_no_fault_with, check_refinement_with, Abstraction, Settings, Verdict};
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
    /// A loop of a C function has a written loop spec (`{function}_loop{N}`, the obligation's
    /// name): the loop function refines it, by induction on the spec's measure.
    Induction,
    /// A spec of an abstraction layer (the obligation's name) is refined by the spec of a C
    /// function under the layer's relation (see [`crate::specs::abstractions`]).
    Abstraction,
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

/// What a written loop spec specifies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoopSpec {
    /// The C function whose loop it is.
    pub function: String,
    /// The loop function, `{function}_low_loop{N}`.
    pub low: String,
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
    /// Functions that call a function of their own layer or a higher one: what they call.
    pub layering_errors: BTreeMap<String, String>,
    /// Written specs, by function.
    written: BTreeMap<String, FnDef>,
    /// Written loop specs, by name, with what each specifies.
    loops: BTreeMap<String, LoopSpec>,
    /// `program` with the abstraction layers' types and functions: what their obligations are
    /// checked in (the exported development is `program` alone).
    pub abstract_program: Program,
    /// Specs of abstraction layers, by name, with what refines each.
    abstract_specs: BTreeMap<String, AbstractSpec>,
    /// The IR blocks of the C branches, to name them in counterexamples.
    branch_sites: BranchSites,
}

/// What refines a spec of an abstraction layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AbstractSpec {
    /// The C function whose spec refines it.
    pub function: String,
    /// The relation between the abstraction layer's state and the concrete state.
    pub relation: String,
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
        let (mut written, helpers) = written_specs()?;
        for h in helpers {
            program.fns.entry(h.name.clone()).or_insert(h);
        }
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
        let loops = loop_specs(&functions, &mut written, &mut program)?;
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
        for (spec, (layer, _)) in &loops {
            obligations.push(Obligation {
                layer,
                function: spec.clone(),
                kind: ObligationKind::Induction,
            });
        }
        let loops = loops.into_iter().map(|(s, (_, l))| (s, l)).collect();
        let mut abstract_program = program.clone();
        let abstract_specs = abstraction_layers(&mut abstract_program, &functions)?;
        for (spec, (layer, _)) in &abstract_specs {
            obligations.push(Obligation {
                layer,
                function: spec.clone(),
                kind: ObligationKind::Abstraction,
            });
        }
        let abstract_specs: BTreeMap<String, AbstractSpec> = abstract_specs
            .into_iter()
            .map(|(s, (_, a))| (s, a))
            .collect();
        // Obligations go in layer order; an abstraction layer's come after the layer of the
        // functions that refine them.
        let order: Vec<&str> = sekvm_hyp::layers().iter().map(|l| l.name).collect();
        let layer_of = |name: &str| {
            functions
                .iter()
                .find(|(_, g)| g.name == name)
                .map(|(l, _)| *l)
        };
        let position = |o: &Obligation| {
            let layer = match o.kind {
                ObligationKind::Abstraction => layer_of(&abstract_specs[&o.function].function),
                _ => Some(o.layer),
            };
            layer.and_then(|layer| order.iter().position(|l| *l == layer))
        };
        obligations.sort_by_key(|o| {
            (
                position(o),
                o.kind == ObligationKind::Abstraction,
                o.function.clone(),
            )
        });
        Ok(Checked {
            program,
            obligations,
            lowering_errors,
            layering_errors: layering(&functions, &module.ir),
            written,
            loops,
            abstract_program,
            abstract_specs,
            branch_sites: BranchSites::of(&module.ir),
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
        let layering = self.layering_errors.get(&ob.function);
        let (status, detail, cached) = match self.lowering_errors.get(&ob.function) {
            _ if layering.is_some() => {
                (Status::Failed, layering.cloned().unwrap_or_default(), false)
            }
            Some(e) => (Status::Unsupported, format!("no low spec: {e}"), false),
            None if ob.kind == ObligationKind::Derived => (Status::Derived, String::new(), false),
            None if ob.kind == ObligationKind::Induction => {
                self.cached(self.loop_fingerprint(&ob.function, settings), cache, || {
                    self.loop_refines(&ob.function, settings)
                })
            }
            None if ob.kind == ObligationKind::Abstraction => self.cached(
                self.abstract_fingerprint(&ob.function, settings),
                cache,
                || self.abstraction_refines(&ob.function, settings),
            ),
            None => {
                let spec = &self.written[&ob.function];
                let key = self.spec_fingerprint(&ob.function, spec, settings);
                self.cached(key, cache, || self.refines(&ob.function, spec, settings))
            }
        };
        Outcome {
            status,
            detail,
            seconds: start.elapsed().as_secs_f64(),
            cached,
        }
    }

    /// The verdict of `check`, through `cache` under `key` when both are given: (status,
    /// detail, cached).
    fn cached(
        &self,
        key: Option<Fingerprint>,
        cache: Option<&Cache>,
        check: impl FnOnce() -> Verdict,
    ) -> (Status, String, bool) {
        let key = key.filter(|_| cache.is_some());
        if let (Some(cache), Some(key)) = (cache, &key) {
            match cache.get(key) {
                Some(Cached::Verified) => return (Status::Verified, String::new(), true),
                Some(Cached::Failed(cx)) => return (Status::Failed, cx, true),
                None => {}
            }
        }
        let (status, detail) = match check() {
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
        match ob.kind {
            ObligationKind::Refinement => {
                self.spec_fingerprint(&ob.function, &self.written[&ob.function], settings)
            }
            ObligationKind::Induction => self.loop_fingerprint(&ob.function, settings),
            ObligationKind::Abstraction => self.abstract_fingerprint(&ob.function, settings),
            ObligationKind::Derived => None,
        }
    }

    /// The fingerprint of abstract spec `spec`'s obligation.
    fn abstract_fingerprint(&self, spec: &str, settings: &Settings) -> Option<Fingerprint> {
        let a = self.abstract_specs.get(spec)?;
        let fns = &self.abstract_program.fns;
        let mut roots = vec![fns.get(spec)?, fns.get(&a.function)?, fns.get(&a.relation)?];
        roots.extend(self.loop_spec_defs());
        Some(Fingerprint::of(&self.abstract_program, &roots, settings))
    }

    /// What refines abstract spec `spec`, if it is one.
    pub fn abstract_spec(&self, spec: &str) -> Option<&AbstractSpec> {
        self.abstract_specs.get(spec)
    }

    /// Whether abstract spec `spec` never hits a spec error and the spec of the C function that
    /// implements it refines it under the abstraction layer's relation.
    pub fn abstraction_refines(&self, spec: &str, settings: &Settings) -> Verdict {
        let fns = &self.abstract_program.fns;
        let found = self
            .abstract_specs
            .get(spec)
            .and_then(|a| Some((a, fns.get(spec)?, fns.get(&a.relation)?)));
        let Some((a, high, relation)) = found else {
            return Verdict::Unknown {
                reason: format!("`{spec}` is not an abstract spec"),
            };
        };
        self.abstraction_refines_with(high, &a.function, relation, settings)
    }

    /// Whether abstract spec `high` never hits a spec error and the spec of C function
    /// `function` refines it under `relation`. `high` and
    /// `relation` may be functions this program does not have (a test's).
    pub fn abstraction_refines_with(
        &self,
        high: &FnDef,
        function: &str,
        relation: &FnDef,
        settings: &Settings,
    ) -> Verdict {
        let mut program = std::borrow::Cow::Borrowed(&self.abstract_program);
        for f in [high, relation] {
            if program.fns.get(&f.name) != Some(f) {
                program.to_mut().fns.insert(f.name.clone(), f.clone());
            }
        }
        let Some(low) = self.abstract_program.fns.get(function) else {
            return Verdict::Unknown {
                reason: format!("no spec of `{function}`"),
            };
        };
        let abstraction = self.abstraction();
        match check_no_fault_with(&program, high, settings, &abstraction) {
            Verdict::Verified => {}
            other => return other,
        }
        self.located(check_refinement_with(
            &program,
            high,
            low,
            Some(relation),
            settings,
            &abstraction,
        ))
    }

    /// `verdict` with the IR blocks of its counterexample's C path named.
    fn located(&self, verdict: Verdict) -> Verdict {
        match verdict {
            Verdict::Failed(mut cx) => {
                cx.locate_ir_blocks(&self.branch_sites);
                Verdict::Failed(cx)
            }
            other => other,
        }
    }

    /// The fingerprint of loop spec `spec`'s induction obligation.
    fn loop_fingerprint(&self, spec: &str, settings: &Settings) -> Option<Fingerprint> {
        let low = self.program.fns.get(&self.loops.get(spec)?.low)?;
        let mut roots = vec![low];
        roots.extend(self.loop_spec_defs());
        Some(Fingerprint::of(&self.program, &roots, settings))
    }

    /// The written loop specs (every refinement check relies on them).
    fn loop_spec_defs(&self) -> impl Iterator<Item = &FnDef> {
        self.loops.keys().map(|s| &self.program.fns[s])
    }

    /// What every check abstracts: each loop function and its loop spec are one opaque class
    /// (each is justified by its induction obligation).
    fn abstraction(&self) -> Abstraction {
        let mut a = Abstraction::default();
        for (spec, LoopSpec { low, .. }) in &self.loops {
            if let Some(spec) = self.program.fns.get(spec) {
                a.add_loop(spec, low);
            }
        }
        a
    }

    /// What loop spec `spec` specifies, if it is one.
    pub fn loop_spec(&self, spec: &str) -> Option<&LoopSpec> {
        self.loops.get(spec)
    }

    /// Whether the loop function of loop spec `spec` refines it, by induction on its measure.
    pub fn loop_refines(&self, spec: &str, settings: &Settings) -> Verdict {
        match (self.loops.get(spec), self.program.fns.get(spec)) {
            (Some(l), Some(high)) => self.loop_refines_with(&l.low, high, settings),
            _ => Verdict::Unknown {
                reason: format!("`{spec}` is not a loop spec"),
            },
        }
    }

    /// Whether loop function `low` (e.g. `f_low_loop0`) refines `spec` (a spec with the loop
    /// function's signature and a measure), by induction: `spec`'s and `low`'s recursive calls
    /// are one opaque function, used only on arguments of smaller measure.
    pub fn loop_refines_with(&self, low: &str, spec: &FnDef, settings: &Settings) -> Verdict {
        self.located(self.loop_induction(low, spec, settings))
    }

    /// [`Checked::loop_refines_with`], with the measure given or inferred.
    fn loop_induction(&self, low: &str, spec: &FnDef, settings: &Settings) -> Verdict {
        if spec.measure.is_some() {
            return self.loop_step(low, spec, settings);
        }
        // No measure given: try the counted-loop candidates, and keep the first that proves
        // the step (the check itself makes sure the measure decreases).
        let mut first = None;
        let mut sigs = self.signatures();
        sigs.insert(spec.name.clone(), Signature::of(spec));
        for candidate in autov::spec::measure::candidates(spec) {
            let mut with = spec.clone();
            with.measure = Some(candidate);
            if check_fn(&self.program.types, &sigs, &mut with).is_err() {
                continue;
            }
            match self.loop_step(low, &with, settings) {
                Verdict::Verified => return Verdict::Verified,
                other => {
                    first.get_or_insert(other);
                }
            }
        }
        first.unwrap_or_else(|| Verdict::Unsupported {
            construct: format!(
                "loop spec `{}` without a measure, and none could be inferred: give one with \
                 `#[spec(measure = ...)]`",
                spec.name
            ),
            span: spec.span.clone(),
        })
    }

    /// The signatures of the program's functions.
    fn signatures(&self) -> BTreeMap<String, Signature> {
        self.program
            .fns
            .iter()
            .map(|(n, d)| (n.clone(), Signature::of(d)))
            .collect()
    }

    /// The induction check of `low` against `spec`, which has a measure.
    fn loop_step(&self, low: &str, spec: &FnDef, settings: &Settings) -> Verdict {
        let Some(low_fn) = self.program.fns.get(low) else {
            return Verdict::Unknown {
                reason: format!("no loop function `{low}`"),
            };
        };
        let program = self.with_spec(spec);
        let mut abstraction = self.abstraction();
        abstraction.opaque.remove(low);
        abstraction.opaque.remove(&spec.name);
        abstraction.replaced.remove(low);
        // A wrong loop spec usually shows in the first iterations: look there first, with the
        // real recursion unrolled, where counterexamples are cheap to find.
        let bounded = check_refinement_with(&program, spec, low_fn, None, settings, &abstraction);
        if matches!(bounded, Verdict::Failed(_) | Verdict::Unsupported { .. }) {
            return bounded;
        }
        abstraction.add_loop(spec, low);
        abstraction.measure = Some(spec.clone());
        check_refinement_with(&program, spec, low_fn, None, settings, &abstraction)
    }

    /// The program with `spec` in it (copied only when it is not there already).
    fn with_spec(&self, spec: &FnDef) -> std::borrow::Cow<'_, Program> {
        match self.program.fns.get(&spec.name) {
            Some(f) if f == spec => std::borrow::Cow::Borrowed(&self.program),
            _ => {
                let mut program = self.program.clone();
                program.fns.insert(spec.name.clone(), spec.clone());
                std::borrow::Cow::Owned(program)
            }
        }
    }

    /// The fingerprint of `function`'s refinement obligation against `spec`.
    fn spec_fingerprint(
        &self,
        function: &str,
        spec: &FnDef,
        settings: &Settings,
    ) -> Option<Fingerprint> {
        let low = self.program.fns.get(&low_spec_name(function))?;
        let program = self.with_spec(spec);
        let high = as_transformer(&program, spec).ok()?;
        let mut roots = vec![&high, low];
        roots.extend(self.loop_spec_defs());
        Some(Fingerprint::of(&program, &roots, settings))
    }

    /// Whether `spec` (a spec in any of the three calling conventions, type checked against
    /// this program's types) never hits a spec error and the low spec of C function `function`
    /// refines it.
    pub fn refines(&self, function: &str, spec: &FnDef, settings: &Settings) -> Verdict {
        let Some(low) = self.program.fns.get(&low_spec_name(function)) else {
            return Verdict::Unknown {
                reason: format!("`{function}` has no low spec"),
            };
        };
        let program = self.with_spec(spec);
        let abstraction = self.abstraction();
        // The spec must not panic where it relies on nothing more (an overflow in a spec would
        // make the refinement vacuous on those inputs).
        match check_no_fault_with(&program, spec, settings, &abstraction) {
            Verdict::Verified => {}
            other => return other,
        }
        match as_transformer(&program, spec) {
            Ok(high) => self.located(check_refinement_with(
                &program,
                &high,
                low,
                None,
                settings,
                &abstraction,
            )),
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

/// The written specs of [`crate::specs`], by name, and the other functions their layers define
/// (helpers), which the specs may call.
fn written_specs() -> Result<(BTreeMap<String, FnDef>, Vec<FnDef>), String> {
    let mut specs = BTreeMap::new();
    let mut others = BTreeMap::new();
    for layer in crate::specs::layers() {
        let program = Program::from_layer(layer).map_err(|e| e.to_string())?;
        let own = &program.layers.last().expect("the layer itself").specs;
        for spec in own {
            specs.insert(spec.name.clone(), program.fns[&spec.name].clone());
        }
        for (name, f) in program.fns {
            if f.body.is_some() && !own.iter().any(|s| s.name == name) {
                others.insert(name, f);
            }
        }
    }
    let helpers = others
        .into_values()
        .filter(|f| !specs.contains_key(&f.name))
        .collect();
    Ok((specs, helpers))
}

/// Adds the abstraction layers' types and functions to `program`; returns their specs by name,
/// each with its layer's name and what refines it. A spec, C function or relation that is not
/// there, or a name that clashes with a different function, is an error.
fn abstraction_layers(
    program: &mut Program,
    functions: &[(&'static str, &Function)],
) -> Result<BTreeMap<String, (&'static str, AbstractSpec)>, String> {
    let mut specs = BTreeMap::new();
    for a in crate::specs::abstractions() {
        let own = Program::from_layer(a.layer).map_err(|e| e.to_string())?;
        for t in own.types.in_dependency_order() {
            program.types.declare(t.clone());
        }
        for (name, f) in own.fns {
            match program.fns.get(&name) {
                Some(g) if *g != f && f.body.is_some() => {
                    return Err(format!(
                        "{}: `{name}` clashes with another function",
                        a.name
                    ))
                }
                Some(_) => {}
                None => {
                    program.fns.insert(name, f);
                }
            }
        }
        if !program.fns.contains_key(a.relation) {
            return Err(format!("{}: no relation `{}`", a.name, a.relation));
        }
        for (spec, function) in a.refined_by {
            if !program.fns.contains_key(*spec)
                || !functions.iter().any(|(_, f)| f.name == *function)
            {
                return Err(format!(
                    "{}: `{spec}` or C function `{function}` missing",
                    a.name
                ));
            }
            let refined = AbstractSpec {
                function: function.to_string(),
                relation: a.relation.to_string(),
            };
            specs.insert(spec.to_string(), (a.name, refined));
        }
    }
    Ok(specs)
}

/// Moves the loop specs out of `written` into `program`: a written spec `{f}_loop{N}` specifies
/// the loop function `{f}_low_loop{N}` of C function `f` and must have its signature. Returns
/// them by name with `f`'s layer and the loop function. A written spec that names neither a C
/// function above Bottom nor a loop is an error.
fn loop_specs(
    functions: &[(&'static str, &Function)],
    written: &mut BTreeMap<String, FnDef>,
    program: &mut Program,
) -> Result<BTreeMap<String, (&'static str, LoopSpec)>, String> {
    let mut loops = BTreeMap::new();
    let names: Vec<String> = written.keys().cloned().collect();
    for name in names {
        if functions.iter().any(|(_, f)| f.name == name) {
            continue;
        }
        let owner = functions.iter().find_map(|(layer, f)| {
            let n = name.strip_prefix(&format!("{}_loop", f.name))?;
            n.parse::<u32>().ok()?;
            Some((
                *layer,
                f.name.clone(),
                format!("{}_loop{n}", low_spec_name(&f.name)),
            ))
        });
        let Some((layer, function, low)) =
            owner.filter(|(_, _, low)| program.fns.contains_key(low))
        else {
            return Err(format!(
                "written spec `{name}` names no C function above Bottom and no loop \
                 (`sekvm-verify low FUNCTION` shows a function's loop functions)"
            ));
        };
        let spec = written.remove(&name).expect("listed above");
        let loop_fn = &program.fns[&low];
        let sig = |f: &FnDef| {
            let ps: Vec<String> = f.params.iter().map(|p| p.ty.to_string()).collect();
            format!("({}) -> {}", ps.join(", "), f.ret)
        };
        if sig(&spec) != sig(loop_fn) {
            return Err(format!(
                "loop spec `{name}` {} does not have the signature of loop function `{low}` {}",
                sig(&spec),
                sig(loop_fn)
            ));
        }
        program.fns.insert(name.clone(), spec);
        loops.insert(name, (layer, LoopSpec { function, low }));
    }
    Ok(loops)
}

/// Well-formedness of the layering: every call of a function above Bottom goes to a strictly
/// lower layer. The functions that break it, each with the first offending call.
fn layering(
    functions: &[(&'static str, &Function)],
    ir: &autov::ir::Module,
) -> BTreeMap<String, String> {
    let order: Vec<&str> = sekvm_hyp::layers().iter().map(|l| l.name).collect();
    let rank = |layer: &str| order.iter().position(|l| *l == layer);
    let layer_of: BTreeMap<&str, &str> = functions
        .iter()
        .map(|(l, f)| (f.name.as_str(), *l))
        .collect();
    let mut out = BTreeMap::new();
    for f in &ir.functions {
        let Some(caller) = layer_of.get(f.name.as_str()) else {
            continue;
        };
        let bad = f.blocks.iter().flat_map(|b| &b.instrs).find_map(|i| {
            let autov::ir::InstrKind::Call {
                callee: autov::ir::Callee::Direct(g),
                ..
            } = &i.kind
            else {
                return None;
            };
            let callee = layer_of.get(g.as_str())?;
            (rank(callee) >= rank(caller)).then(|| {
                format!(
                    "`{}` (layer {caller}) calls `{g}` of layer {callee}, which is not below it",
                    f.name
                )
            })
        });
        if let Some(why) = bad {
            out.insert(f.name.clone(), why);
        }
    }
    out
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
