//! `export-coq`: sekvm-hyp's Coq development — the IR, the state types, the trusted Bottom
//! specs, every layer's specs and low specs, the per-function refinement lemmas and one
//! refinement theorem per layer — written as a Coq project that `make -C DIR -j2` checks.
//!
//! Prints each file it wrote (unchanged files are not rewritten), each proof marked `Admitted`
//! with its reason, and a one-line summary; `--json` prints the report as JSON instead.

use autov::export::{export, FileStatus, LayerFns, Project, RefTactic, Report};
use clap::Parser;
use sekvm_spec::harness::{Checked, ObligationKind};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::ExitCode;

/// Writes sekvm-hyp's Coq development.
#[derive(Parser)]
#[command(name = "export-coq", about)]
struct Cli {
    /// The output directory (created; a directory export-coq did not write is refused).
    #[arg(long, default_value = "out/sekvm-coq")]
    out: PathBuf,
    /// Print the report as one JSON object.
    #[arg(long)]
    json: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(report) => {
            print_report(&report, cli.json);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: &Cli) -> Result<Report, String> {
    let ir = autov::load::load_path(sekvm_hyp::IR_PATH.as_ref()).map_err(|e| e.to_string())?;
    let module = autov::structure::structure_module(ir.clone());
    let checked = Checked::from_module(ir)?;
    if let Some((f, why)) = checked.lowering_errors.iter().next() {
        return Err(format!("`{f}` has no low spec: {why}"));
    }
    let layers = layers(&checked);
    let ref_tactics = ref_tactics(REF_TACTICS)?;
    let code_proofs = code_proofs(CODE_TACTICS)?;
    let project = Project {
        name: "SeKVM",
        program: &checked.program,
        module: &module,
        memory: &memory_interp(),
        layers: &layers,
        ref_tactics: &ref_tactics,
        code_proofs: &code_proofs,
    };
    export(&project, &cli.out).map_err(|e| e.to_string())
}

/// The written specs whose refinement proof is generated, with their tactic, and the loop
/// specs whose `LoopProof.v` is (tactic `autov_refines_loop`): lines `function tactic`, `#`
/// comments. The list is what coqc proved when it was written (each
/// listed function's tactic succeeds; the rest fail or time out); the export test runs coqc
/// on every generated proof, so a spec change that breaks one fails that test.
const REF_TACTICS: &str = include_str!("export-coq-ref-tactics.txt");

/// The map of [`REF_TACTICS`]-formatted `text`.
fn ref_tactics(text: &str) -> Result<BTreeMap<String, RefTactic>, String> {
    let mut out = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or_default().trim();
        if line.is_empty() {
            continue;
        }
        let bad = || {
            format!(
                "export-coq-ref-tactics.txt:{}: expected `function tactic`",
                i + 1
            )
        };
        let mut words = line.split_whitespace();
        let (Some(f), Some(t), None) = (words.next(), words.next(), words.next()) else {
            return Err(bad());
        };
        let t = RefTactic::from_coq(t).ok_or_else(bad)?;
        if out.insert(f.to_string(), t).is_some() {
            return Err(format!(
                "export-coq-ref-tactics.txt:{}: `{f}` listed twice",
                i + 1
            ));
        }
    }
    Ok(out)
}

/// The layer functions whose code proof is generated (by `autov_code`): one function a line,
/// `#` comments. The list is what coqc proved when it was written (each listed proof
/// succeeds; the rest fail or time out); the export test runs coqc on every generated proof,
/// so a code or spec change that breaks one fails that test.
const CODE_TACTICS: &str = include_str!("export-coq-code-tactics.txt");

/// The set of [`CODE_TACTICS`]-formatted `text`.
fn code_proofs(text: &str) -> Result<BTreeSet<String>, String> {
    let mut out = BTreeSet::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or_default().trim();
        if line.is_empty() {
            continue;
        }
        let mut words = line.split_whitespace();
        let (Some(f), None) = (words.next(), words.next()) else {
            return Err(format!(
                "export-coq-code-tactics.txt:{}: expected one function",
                i + 1
            ));
        };
        if !out.insert(f.to_string()) {
            return Err(format!(
                "export-coq-code-tactics.txt:{}: `{f}` listed twice",
                i + 1
            ));
        }
    }
    Ok(out)
}

/// The memory interpretation the harness lowers with: `el2_data` is `st.el2`.
fn memory_interp() -> autov::lowspec::MemoryInterp {
    autov::lowspec::MemoryInterp {
        globals: vec![("el2_data".into(), vec!["el2".into()])],
    }
}

/// The layers above Bottom with their C functions and written loop specs, in the obligations'
/// (layer) order.
fn layers(checked: &Checked) -> Vec<LayerFns> {
    let mut out: Vec<LayerFns> = Vec::new();
    // Abstraction layers are not exported yet (their relations quantify; see the report).
    let exported = checked
        .obligations
        .iter()
        .filter(|o| o.kind != ObligationKind::Abstraction);
    for ob in exported {
        if out.last().is_none_or(|l| l.name != ob.layer) {
            out.push(LayerFns {
                name: ob.layer.to_string(),
                functions: Vec::new(),
                loop_specs: Vec::new(),
            });
        }
        let layer = out.last_mut().expect("pushed above");
        match ob.kind {
            ObligationKind::Refinement | ObligationKind::Derived => {
                layer.functions.push(ob.function.clone())
            }
            ObligationKind::Abstraction => unreachable!("filtered out above"),
            ObligationKind::Induction => {
                let l = checked
                    .loop_spec(&ob.function)
                    .expect("an induction obligation is a loop spec");
                let (spec, f) = (ob.function.clone(), l.function.clone());
                layer.loop_specs.push((spec, f, l.low.clone()));
            }
        }
    }
    out
}

fn print_report(report: &Report, json: bool) {
    if json {
        println!("{}", report.to_json());
        return;
    }
    for f in report
        .files
        .iter()
        .filter(|f| f.status == FileStatus::Written)
    {
        println!("wrote     {} ({} lines)", f.path, f.lines);
    }
    for path in &report.removed {
        println!("removed   {path}");
    }
    for l in report.admitted() {
        let why = l.admitted.as_deref().unwrap_or_default();
        println!("admitted  {} ({}): {why}", l.name, l.file);
    }
    for (layer, lemmas, admitted) in report.by_layer() {
        println!("layer     {layer}: {lemmas} lemmas, {admitted} marked Admitted");
    }
    for (kind, (files, lines)) in report.lines_by_kind() {
        println!("kind      {kind}: {files} files, {lines} lines");
    }
    for a in &report.assumptions {
        println!("assumes   {a}");
    }
    println!("{}", report.summary());
}
