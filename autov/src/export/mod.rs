//! `export-coq`: a layered development (IR, specs, low specs) as a Coq project that coqc checks.
//!
//! The project (`<out>/`) holds the Coq library (`Autov/`, logical path `Autov`), the
//! development under `<Name>/` (logical path `<Name>`), a `_CoqProject` and a `Makefile` (which
//! calls `coq_makefile`):
//!
//! | file | what it holds |
//! |---|---|
//! | `Code.v` | the structured IR as one `module` ([`crate::coq::print_module`]) |
//! | `DataTypes.v` | the state types and constants ([`crate::spec::print_coq`]) |
//! | `TrustedBase.v` | the bottom layer's specs: the trusted assumptions, as definitions |
//! | `MemInterp.v` | the memory interpretation as loads and stores on the state |
//! | `<Layer>/Layer.v` | the layer as a [`layer`](../../coq/Layer.v): the state, memory, and the specs of it and every layer below as primitives |
//! | `<Layer>/Spec.v` | the layer's specs as primitives |
//! | `<Layer>/RefineRel.v` | the relation between the layer's state and the state below |
//! | `<Layer>/<fn>/LowSpec.v` | the low spec and its loop functions; without a written spec, the spec (the low spec itself) |
//! | `<Layer>/<fn>/Spec.v` | the written spec, if there is one |
//! | `<Layer>/<fn>/CodeProof.v` | the function's IR, run over the layer below, refines its low spec |
//! | `<Layer>/<fn>/RefProof.v` | the low spec refines the spec under the relation |
//! | `<Layer>/<fn>/LoopProof.v` | the written loop specs of the function's loops, each refined by its loop function |
//! | `<Layer>/Refinement.v` | the layer's code over the layer below refines the layer |
//!
//! Specs live in their function's directory, so a spec may call a spec of its own layer
//! without an import cycle. Proofs the exporter cannot generate yet are a marked `Admitted` (`AUTOV-ADMITTED: reason`)
//! that the [`Report`] lists. Generation is deterministic, and the [`writer`] rewrites only the
//! files whose bytes change, so the Coq build redoes only what changed.

mod function;
mod layer;
mod memory;
mod report;
mod text;
mod top;
mod writer;

pub use report::{FileEntry, Lemma, Report};
pub use text::ADMITTED_MARKER;
pub use writer::{FileStatus, MANIFEST};

use crate::code;
use crate::lowspec::{low_spec_name, MemoryInterp};
use crate::spec::{coq_function, coq_ident, FnDef, LayerDef, Program};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The input cannot be exported (a construct the exporter does not handle, a missing spec).
    #[error("cannot export: {0}")]
    Input(String),
    /// The output directory exists and was not written by the exporter.
    #[error("{0}: exists and was not written by export-coq; choose another output directory or remove it")]
    ForeignOutput(PathBuf),
    /// Writing the output failed.
    #[error("{path}: cannot write: {source}")]
    Io {
        /// The path being written.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// A layer above the bottom and its C functions.
#[derive(Debug, Clone)]
pub struct LayerFns {
    /// The layer's name (a Coq identifier).
    pub name: String,
    /// Its functions, each with a spec `f` and a low spec `f_low` in the program.
    pub functions: Vec<String>,
    /// Its written loop specs: (spec, C function, the loop function it specifies).
    pub loop_specs: Vec<(String, String, String)>,
}

/// What to export.
pub struct Project<'a> {
    /// The development's name: its directory and logical path (`SeKVM`).
    pub name: &'a str,
    /// The specs: the bottom layer (`layers[0]`), and for each function its spec and low spec.
    pub program: &'a Program,
    /// The structured IR.
    pub module: &'a code::Module,
    /// Which globals are which places of the state.
    pub memory: &'a MemoryInterp,
    /// The layers above the bottom, bottom first.
    pub layers: &'a [LayerFns],
    /// The functions with a written spec whose refinement proof (`RefProof.v`) is generated,
    /// with the tactic that proves it (found by running coqc; see [`RefTactic`]), and the
    /// written loop specs whose `LoopProof.v` is generated ([`RefTactic::Loop`]). Every other
    /// written spec's refinement, and every other loop spec's, is a marked `Admitted`.
    pub ref_tactics: &'a BTreeMap<String, RefTactic>,
    /// The layer functions whose code proof (`CodeProof.v`) is generated, by the tactic
    /// `autov_code` (`autov/coq/CodeTac.v`; the list is found by running coqc). Every other
    /// code proof is a marked `Admitted`.
    pub code_proofs: &'a BTreeSet<String>,
}

/// The tactic of a generated refinement proof of a written spec (`autov/coq/RefTac.v`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefTactic {
    /// `autov_refines`: the spec and the low spec unfolded, their callees kept folded.
    Plain,
    /// `autov_refines_deep`: every spec they call unfolded too.
    Deep,
    /// `autov_refines_calls`: the calls (of specs without loops) that only one of the two
    /// runs makes unfolded; the shared calls, and specs with loops, stay folded.
    Calls,
    /// `autov_refines_frame`: as `autov_refines_calls`, with the states a run builds kept
    /// explicit, calls on states that differ only where the spec called does not read
    /// matched up, and states compared field by field and lists element by element (a lock
    /// the low spec takes and releases and the spec only checks).
    Frame,
    /// `autov_refines_loop`: for a written loop spec (`LoopProof.v`), one iteration of the
    /// induction on the fuel of the loop spec and the loop function.
    Loop,
}

impl RefTactic {
    /// The Coq tactic.
    pub fn coq(self) -> &'static str {
        match self {
            RefTactic::Plain => "autov_refines",
            RefTactic::Deep => "autov_refines_deep",
            RefTactic::Calls => "autov_refines_calls",
            RefTactic::Frame => "autov_refines_frame",
            RefTactic::Loop => "autov_refines_loop",
        }
    }

    /// The tactic named `name` (its Coq name).
    pub fn from_coq(name: &str) -> Option<RefTactic> {
        [
            RefTactic::Plain,
            RefTactic::Deep,
            RefTactic::Calls,
            RefTactic::Frame,
            RefTactic::Loop,
        ]
        .into_iter()
        .find(|t| t.coq() == name)
    }
}

/// One generated file.
struct CoqFile {
    path: String,
    kind: &'static str,
    text: String,
    lemmas: Vec<Lemma>,
}

/// Writes the Coq project of `project` into `out`, rewriting only files whose bytes change.
pub fn export(project: &Project, out: &Path) -> Result<Report, ExportError> {
    let start = Instant::now();
    let cx = Ctx::new(project)?;
    let files = generate(&cx)?;
    let paths: BTreeSet<String> = files.iter().map(|f| f.path.clone()).collect();
    let writer = writer::Writer::open(out, &paths)?;
    let mut report = Report {
        assumptions: cx.assumptions(),
        ..Report::default()
    };
    for f in &files {
        let status = writer.write(&f.path, &f.text)?;
        report.files.push(FileEntry {
            path: f.path.clone(),
            kind: f.kind,
            status,
            lines: f.text.lines().count(),
        });
        report.lemmas.extend(f.lemmas.iter().cloned());
    }
    report.removed = writer.finish(&paths)?;
    report.files.sort_by(|a, b| a.path.cmp(&b.path));
    report.seconds = start.elapsed().as_secs_f64();
    Ok(report)
}

/// Every file of the project, in dependency order.
fn generate(cx: &Ctx) -> Result<Vec<CoqFile>, ExportError> {
    let mut files = top::library();
    files.extend(top::development(cx)?);
    let mut below = cx.bottom.name.clone();
    for l in 0..cx.p.layers.len() {
        for f in &cx.p.layers[l].functions {
            files.extend(function::files(cx, l, f, &below)?);
        }
        files.extend(layer::files(cx, l, &below)?);
        below = cx.p.layers[l].name.clone();
    }
    files.push(top::coq_project(&files));
    files.push(top::makefile());
    Ok(files)
}

/// Lookups shared by the generators.
struct Ctx<'a> {
    p: &'a Project<'a>,
    /// The bottom layer.
    bottom: &'a LayerDef,
    /// Function → index of its layer in `p.layers`.
    layer_of: BTreeMap<&'a str, usize>,
    /// The functions whose spec is their low spec.
    derived: BTreeSet<String>,
    /// Helpers and specs of no layer function: printed in each file that uses them.
    aux: BTreeSet<String>,
}

/// The development's top-level modules, which no layer may be named as.
const RESERVED: [&str; 4] = ["Code", "DataTypes", "TrustedBase", "MemInterp"];

/// The Coq name of the IR module in `Code.v`.
const CODE: &str = "code";

impl<'a> Ctx<'a> {
    fn new(p: &'a Project<'a>) -> Result<Ctx<'a>, ExportError> {
        let bottom = p
            .program
            .layers
            .first()
            .ok_or_else(|| input("the program has no bottom layer"))?;
        check_layer_name(&bottom.name)?;
        let mut layer_of = BTreeMap::new();
        for (i, l) in p.layers.iter().enumerate() {
            check_layer_name(&l.name)?;
            for f in &l.functions {
                if layer_of.insert(f.as_str(), i).is_some() {
                    return Err(input(format!("`{f}` is in two layers")));
                }
            }
        }
        let mut cx = Ctx {
            p,
            bottom,
            layer_of,
            derived: BTreeSet::new(),
            aux: BTreeSet::new(),
        };
        cx.aux = cx.auxiliary();
        for f in cx.layer_of.keys() {
            if cx.is_derived(f)? {
                cx.derived.insert(f.to_string());
            }
        }
        for (f, t) in p.ref_tactics {
            let loop_spec = p
                .layers
                .iter()
                .any(|l| l.loop_specs.iter().any(|(s, _, _)| s == f));
            let written = cx.layer_of.contains_key(f.as_str()) && !cx.derived.contains(f);
            if *t == RefTactic::Loop && !loop_spec {
                return Err(input(format!(
                    "`{}` is given for `{f}`, which is no written loop spec",
                    t.coq()
                )));
            }
            if *t == RefTactic::Loop && !cx.def(f)?.calls_itself() {
                return Err(input(format!(
                    "`{}` is given for `{f}`, a loop spec in closed form: the tactic runs the \
                     loop spec and the loop function side by side, so it needs a recursive one",
                    t.coq()
                )));
            }
            if *t != RefTactic::Loop && !written {
                return Err(input(format!(
                    "a refinement tactic is given for `{f}`, which is no layer function with a written spec"
                )));
            }
        }
        for f in p.code_proofs {
            if !cx.layer_of.contains_key(f.as_str()) || cx.has_no_code(f) {
                return Err(input(format!(
                    "a code proof is asked for `{f}`, which is no layer function with code"
                )));
            }
        }
        Ok(cx)
    }

    /// Whether the structured IR has no code for `f` (absent, or not structured).
    fn has_no_code(&self, f: &str) -> bool {
        !self
            .p
            .module
            .functions
            .iter()
            .any(|g| matches!(g, code::FunctionResult::Ok(g) if g.name == f))
    }

    /// The functions of the program that are neither the spec or low spec of a layer function
    /// nor a bottom spec: helpers and loop specs, printed with the files that call them.
    fn auxiliary(&self) -> BTreeSet<String> {
        let lows: Vec<String> = self.layer_of.keys().map(|f| low_spec_name(f)).collect();
        self.p
            .program
            .fns
            .keys()
            .filter(|n| {
                !self.layer_of.contains_key(n.as_str())
                    && !self.bottom.specs.iter().any(|s| s.name == **n)
                    && !lows
                        .iter()
                        .any(|low| *n == low || n.starts_with(&format!("{low}_loop")))
            })
            .cloned()
            .collect()
    }

    /// Whether the spec of C function `f` is its low spec (no spec was written for it).
    fn is_derived(&self, f: &str) -> Result<bool, ExportError> {
        let spec = self.def(f)?;
        let low = self.def(&low_spec_name(f))?;
        let renamed = FnDef {
            name: spec.name.clone(),
            ..low.clone()
        };
        let env = &self.p.program.types;
        let print = |d: &FnDef| coq_function(env, d).map_err(|e| input(format!("`{f}`: {e}")));
        Ok(print(spec)? == print(&renamed)?)
    }

    /// A function of the program.
    fn def(&self, name: &str) -> Result<&'a FnDef, ExportError> {
        self.p
            .program
            .fns
            .get(name)
            .ok_or_else(|| input(format!("no function `{name}` in the program")))
    }

    /// The low spec of C function `f` and its loop functions, callees first.
    fn low_defs(&self, f: &str) -> Result<Vec<&'a FnDef>, ExportError> {
        let main = low_spec_name(f);
        let prefix = format!("{main}_loop");
        let set: BTreeMap<&str, &FnDef> = self
            .p
            .program
            .fns
            .range(main.clone()..)
            .take_while(|(n, _)| n.starts_with(&main))
            .filter(|(n, _)| **n == main || n.starts_with(&prefix))
            .map(|(n, d)| (n.as_str(), d))
            .collect();
        if !set.contains_key(main.as_str()) {
            return Err(input(format!("`{f}` has no low spec")));
        }
        let mut order = Vec::new();
        callees_first(&set, &main, &mut BTreeSet::new(), &mut order);
        Ok(order)
    }

    /// The module that defines spec `callee`, for a file of layer `from`: the trusted base, the
    /// low spec module of a derived spec, or the module of a written spec.
    fn spec_module(&self, callee: &str, from: usize) -> Result<String, ExportError> {
        if self.bottom.specs.iter().any(|s| s.name == callee) {
            return Ok(self.module("TrustedBase"));
        }
        match self.layer_of.get(callee) {
            Some(&l) if l <= from => {
                let file = if self.derived.contains(callee) {
                    "LowSpec"
                } else {
                    "Spec"
                };
                Ok(self.module(&format!("{}.{callee}.{file}", self.p.layers[l].name)))
            }
            Some(&l) => Err(input(format!(
                "`{callee}` of layer {} is called from the layer below it, {}",
                self.p.layers[l].name, self.p.layers[from].name
            ))),
            None => Err(input(format!("`{callee}` belongs to no layer"))),
        }
    }

    /// The modules that define the specs `def` calls, directly or through the auxiliary
    /// functions it calls (which are printed with it), `skip` excepted, for a file of layer
    /// `from`.
    fn callee_modules(
        &self,
        def: &FnDef,
        skip: &[&FnDef],
        from: usize,
    ) -> Result<Vec<String>, ExportError> {
        let mut out = Vec::new();
        let mut todo = calls(def);
        let mut seen: BTreeSet<String> = skip.iter().map(|d| d.name.clone()).collect();
        while let Some(c) = todo.pop() {
            if !seen.insert(c.clone()) {
                continue;
            }
            if self.aux.contains(&c) {
                todo.extend(calls(self.def(&c)?));
            } else {
                out.push(self.spec_module(&c, from)?);
            }
        }
        out.sort();
        Ok(out)
    }

    /// The auxiliary functions (helpers, loop specs) printed with `def`: those it calls,
    /// directly or through other auxiliary functions.
    fn printed_aux(&self, def: &FnDef) -> Result<BTreeSet<String>, ExportError> {
        let mut out = BTreeSet::new();
        let mut todo = calls(def);
        while let Some(c) = todo.pop() {
            if self.aux.contains(&c) && out.insert(c.clone()) {
                todo.extend(calls(self.def(&c)?));
            }
        }
        Ok(out)
    }

    /// The logical path of the development's module `rel` (`Layer.Spec`, ...).
    fn module(&self, rel: &str) -> String {
        format!("{}.{rel}", self.p.name)
    }

    /// The path of a development file relative to the output directory.
    fn path(&self, rel: &str) -> String {
        format!("{}/{rel}", self.p.name)
    }

    /// The trusted base and modelling choices the report lists.
    fn assumptions(&self) -> Vec<String> {
        vec![
            format!(
                "{}: the {} specs of the bottom layer {} (definitions, no Axiom)",
                self.path("TrustedBase.v"),
                self.bottom.specs.len(),
                self.bottom.name
            ),
            "loop functions carry no termination measure yet: each runs with a fuel of 2^64 \
             iterations and fails (Fails) beyond it"
                .to_string(),
        ]
    }
}

/// A layer's name must be a Coq identifier distinct from the top-level modules.
fn check_layer_name(name: &str) -> Result<(), ExportError> {
    if coq_ident(name) != name || RESERVED.contains(&name) {
        return Err(input(format!(
            "layer `{name}` cannot name a Coq module directory"
        )));
    }
    Ok(())
}

/// Appends `name` and the functions of `set` it calls, callees first.
fn callees_first<'a>(
    set: &BTreeMap<&str, &'a FnDef>,
    name: &str,
    seen: &mut BTreeSet<String>,
    order: &mut Vec<&'a FnDef>,
) {
    if !seen.insert(name.to_string()) {
        return;
    }
    let def = set[name];
    for c in calls(def) {
        if set.contains_key(c.as_str()) {
            callees_first(set, &c, seen, order);
        }
    }
    order.push(def);
}

/// The functions `def` calls, in order, without repetition.
fn calls(def: &FnDef) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    def.walk(&mut |e| {
        if let crate::spec::ExprKind::Call { func, .. } = &e.kind {
            if !out.contains(func) {
                out.push(func.clone());
            }
        }
    });
    out
}

fn input(msg: impl Into<String>) -> ExportError {
    ExportError::Input(msg.into())
}

/// `def` as the Coq printer can print it: a recursive function without a measure (a loop
/// function) gets the measure `u64::MAX`, so it runs with a fuel of 2^64 iterations.
fn printable(def: &FnDef) -> FnDef {
    let mut def = def.clone();
    if def.measure.is_none() && calls(&def).contains(&def.name) {
        let mut fuel = crate::spec::Expr::new(
            crate::spec::ExprKind::Int {
                value: i128::from(u64::MAX),
                ty: Some(crate::spec::IntTy::U64),
            },
            def.span.clone(),
        );
        fuel.ty = Some(crate::spec::Ty::Int(crate::spec::IntTy::U64));
        def.measure = Some(fuel);
    }
    def
}

/// The Coq text of `defs` and the auxiliary functions they call (those first), each once.
fn print_defs(cx: &Ctx, defs: &[&FnDef]) -> Result<String, ExportError> {
    let aux: BTreeMap<&str, &FnDef> =
        cx.p.program
            .fns
            .iter()
            .filter(|(n, _)| cx.aux.contains(*n))
            .map(|(n, d)| (n.as_str(), d))
            .collect();
    let mut order = Vec::new();
    // The definitions themselves are printed last, even when they are auxiliary (a loop spec
    // calls itself).
    let mut seen: BTreeSet<String> = defs.iter().map(|d| d.name.clone()).collect();
    for d in defs {
        for c in calls(d) {
            if aux.contains_key(c.as_str()) {
                callees_first(&aux, &c, &mut seen, &mut order);
            }
        }
    }
    let mut out = String::new();
    for d in order.into_iter().chain(defs.iter().copied()) {
        out.push_str(
            &crate::spec::coq_function(&cx.p.program.types, &printable(d))
                .map_err(|e| input(format!("`{}`: {e}", d.name)))?,
        );
    }
    Ok(out)
}
