//! Soundness of the refinement checker against mutants: every function of sekvm-hyp with a
//! written spec is mutated one instruction at a time (`autov_tests::mutation`), the mutated
//! module is lowered again (`Checked::from_module`), and the refinement of the mutated
//! function's written spec by its low spec (`autov_tests::refine`) must fail. A mutant that survives must be explained in
//! `tests/fixtures/soundness/survivors.txt` (`id | reason`): the test fails on a survivor that
//! is not listed and on a listed one that is now killed. `UPDATE_EXPECT=1` prints the list as it
//! would be (new survivors with a reason to write). `--nocapture` shows every mutant's fate
//! and the kill rate.

use autov::ir::Module;
use autov::lowspec::low_spec_name;
use autov::smt::{Settings, Verdict};
use autov::spec::{ExprKind, FnDef, Program};
use autov_tests::mutation::{apply, call_closure, lock_partner, mutants, negate, Mutant};
use autov_tests::refine::refines;
use sekvm_spec::harness::{Checked, ObligationKind};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Stack of the checking threads: encoding loop functions recurses once per iteration.
const STACK: usize = 512 << 20;

/// The fewest mutants the test accepts.
const MIN_MUTANTS: usize = 50;

/// How many mutants run by default, to keep the test within a few minutes of a debug build on
/// two cores whatever the number of written specs (`SOUNDNESS_MUTANTS=all` runs them all).
const SAMPLE: usize = 100;

/// What became of a mutant.
#[derive(Debug, Clone, PartialEq)]
enum Fate {
    /// Its function's refinement obligation failed with a (replayed) counterexample.
    Killed,
    /// Its function no longer lowers (a weaker kill: the code is rejected, not refuted).
    NotLowered(String),
    /// The obligation still holds.
    Survived,
    /// The solver could not decide.
    Unknown(String),
}

impl Fate {
    fn label(&self) -> &'static str {
        match self {
            Fate::Killed => "killed",
            Fate::NotLowered(_) => "killed (does not lower)",
            Fate::Survived => "SURVIVED",
            Fate::Unknown(_) => "UNKNOWN",
        }
    }
}

/// Solver settings with time limit `secs`.
fn settings(secs: u64) -> Settings {
    Settings {
        timeout: std::time::Duration::from_secs(secs),
        // The plain query does not abstract loops: a loop unrolled to its end (512 iterations
        // in `clear_pt_page`) would exhaust the stack. Longer ones are cut (`Unknown`).
        max_iterations: MAX_UNROLLED,
        ..Default::default()
    }
}

/// The most iterations of a constant loop or forced recursion the plain query unrolls.
const MAX_UNROLLED: u64 = 64;

/// The time limit of a function's unmutated obligation: one that does not verify within it
/// is not mutated.
const BASELINE_SECS: u64 = 15;
/// The time limit of a mutant's obligation. A mutant the solver cannot refute in time is
/// reported as undecided: it was not verified (no soundness question), only not refuted.
const MUTANT_SECS: u64 = 3;

/// The written specs, by function, as the harness reads them from `sekvm_spec::specs`.
fn written_specs() -> BTreeMap<String, FnDef> {
    let mut out = BTreeMap::new();
    for layer in sekvm_spec::specs::layers() {
        let program = Program::from_layer(layer).unwrap();
        for spec in &program.layers.last().unwrap().specs {
            out.insert(spec.name.clone(), program.fns[&spec.name].clone());
        }
    }
    out
}

/// Whether `function`'s low spec in `checked` refines its written spec (the plain refinement
/// query: the harness's other checks of a written spec, of its own faults, cannot tell a
/// mutant from the original code).
fn fate_in(checked: &Checked, function: &str, spec: &FnDef, settings: &Settings) -> Fate {
    if let Some(e) = checked.lowering_errors.get(function) {
        return Fate::NotLowered(e.clone());
    }
    let Some(low) = checked.program.fns.get(&low_spec_name(function)) else {
        return Fate::NotLowered(format!("`{function}` has no low spec"));
    };
    match refines(&checked.program, spec, low, settings) {
        Verdict::Verified => Fate::Survived,
        Verdict::Failed(_) => Fate::Killed,
        Verdict::Unknown { reason } => Fate::Unknown(reason),
        Verdict::Unsupported { construct, span } => Fate::Unknown(format!("{construct} at {span}")),
    }
}

/// The written specs and, for each, the specs it calls.
struct Specs {
    written: BTreeMap<String, FnDef>,
    calls: BTreeMap<String, Vec<String>>,
}

impl Specs {
    fn load() -> Specs {
        let written = written_specs();
        let calls = written
            .iter()
            .map(|(name, def)| {
                let mut callees = Vec::new();
                def.walk(&mut |e| {
                    if let ExprKind::Call { func, .. } = &e.kind {
                        callees.push(func.clone());
                    }
                });
                (name.clone(), callees)
            })
            .collect();
        Specs { written, calls }
    }
}

/// The fate of `function` in `module` (a mutant of sekvm-hyp's IR, or the IR itself).
fn fate(module: &Module, function: &str, specs: &Specs, settings: &Settings) -> Fate {
    let checked = Checked::from_module(module.clone()).expect("the obligations build");
    fate_in(&checked, function, &specs.written[function], settings)
}

/// Runs `work` on every item on a few big-stack threads; results in item order.
fn parallel<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new(items.iter().map(|_| None).collect());
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 4));
    std::thread::scope(|s| {
        for _ in 0..threads {
            std::thread::Builder::new()
                .stack_size(STACK)
                .spawn_scoped(s, || loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    let r = work(item);
                    results.lock().unwrap()[i] = Some(r);
                })
                .unwrap();
        }
    });
    results
        .into_inner()
        .unwrap()
        .into_iter()
        .map(|r| r.expect("every item ran"))
        .collect()
}

/// The functions with a written spec, in obligation order.
fn refinement_functions(checked: &Checked) -> Vec<String> {
    checked
        .obligations
        .iter()
        .filter(|o| o.kind == ObligationKind::Refinement)
        .map(|o| o.function.clone())
        .collect()
}

/// The functions whose mutants are meaningful: their unmutated code refines their written
/// spec within [`BASELINE_SECS`] (a mutant of a function that does not verify would be killed
/// for nothing), and no function with a written spec they depend on is refuted (a mutant that
/// calls a wrong spec may survive because of it). A dependency the solver cannot decide in
/// time is accepted.
fn trusted_functions(original: &Module, checked: &Checked, specs: &Specs) -> Vec<String> {
    let refinement = refinement_functions(checked);
    let fates = parallel(&refinement, |f| {
        let start = std::time::Instant::now();
        let fate = fate_in(checked, f, &specs.written[f], &settings(BASELINE_SECS));
        (fate, start.elapsed().as_secs_f64())
    });
    let mut refuted = Vec::new();
    let mut verified = Vec::new();
    for (f, (fate, secs)) in refinement.iter().zip(fates) {
        match fate {
            Fate::Survived => verified.push(f.clone()),
            Fate::Unknown(why) => {
                println!("not mutated: `{f}` undecided unmutated ({secs:.1} s): {why}")
            }
            other => {
                println!("not mutated: `{f}` does not verify unmutated: {other:?}");
                refuted.push(f.clone());
            }
        }
    }
    let mut out = Vec::new();
    for f in &verified {
        let deps = call_closure(&[original], f, &specs.calls);
        match deps.iter().find(|d| refuted.contains(d)) {
            Some(d) => println!("not mutated: `{f}` depends on `{d}`, which does not verify"),
            None => out.push(f.clone()),
        }
    }
    out
}

/// The mutants to run: by default [`SAMPLE`] of them spread evenly over the deterministic list
/// (every function's mutants in order, operators mixed); with `SOUNDNESS_MUTANTS=all` all of
/// them, with `SOUNDNESS_MUTANTS=A,B` those whose id contains `A` or `B`.
fn selected(all: Vec<Mutant>) -> Vec<Mutant> {
    match std::env::var("SOUNDNESS_MUTANTS")
        .ok()
        .filter(|v| !v.is_empty())
    {
        Some(v) if v == "all" => all,
        Some(texts) => all
            .into_iter()
            .filter(|m| texts.split(',').any(|t| m.id.contains(t)))
            .collect(),
        None if all.len() <= SAMPLE => all,
        None => {
            let n = all.len();
            let cut = |i: usize| i * SAMPLE / n;
            all.into_iter()
                .enumerate()
                .filter(|(i, _)| cut(*i) != cut(i + 1))
                .map(|(_, m)| m)
                .collect()
        }
    }
}

/// The time limit of a mutant's obligation: [`MUTANT_SECS`], or `SOUNDNESS_MUTANT_SECS`.
fn mutant_secs() -> u64 {
    std::env::var("SOUNDNESS_MUTANT_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(MUTANT_SECS)
}

fn survivors_file() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/soundness/survivors.txt")
}

/// The listed survivors: id -> reason.
fn listed_survivors() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(survivors_file()).unwrap_or_default();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (id, reason) = l.split_once(" | ").unwrap_or((l, ""));
            (id.trim().to_string(), reason.trim().to_string())
        })
        .collect()
}

/// The survivors file: the listed mutants that are not `stale`, then new `survivors`.
fn proposed_file(
    survivors: &[&Mutant],
    listed: &BTreeMap<String, String>,
    stale: &[&str],
) -> String {
    let mut out = String::from(
        "# Mutants of sekvm-hyp whose refinement obligation still verifies, each with the reason it\n\
         # is not a soundness bug (checked by tests/tests/soundness_mutants.rs). `mutant id | reason`.\n",
    );
    for (id, reason) in listed
        .iter()
        .filter(|(id, _)| !stale.contains(&id.as_str()))
    {
        out.push_str(&format!("{id} | {reason}\n"));
    }
    for m in survivors.iter().filter(|m| !listed.contains_key(&m.id)) {
        out.push_str(&format!("{} | TODO: explain\n", m.id));
    }
    out
}

/// Prints each mutant's fate and the kill rate.
fn report(functions: usize, all: &[Mutant], timed: &[(Fate, f64)], start: std::time::Instant) {
    for (m, (f, secs)) in all.iter().zip(timed) {
        let why = match f {
            Fate::NotLowered(e) | Fate::Unknown(e) => format!(": {e}"),
            _ => String::new(),
        };
        println!("{:<24} {secs:5.1} s  {}{why}", f.label(), m.id);
    }
    let count = |p: fn(&Fate) -> bool| timed.iter().filter(|(f, _)| p(f)).count();
    let killed = count(|f| *f == Fate::Killed);
    let not_lowered = count(|f| matches!(f, Fate::NotLowered(_)));
    let survived = count(|f| *f == Fate::Survived);
    let undecided = count(|f| matches!(f, Fate::Unknown(_)));
    let pct = |n: usize| 100.0 * n as f64 / all.len().max(1) as f64;
    println!(
        "functions {functions}, mutants {}: killed {} = {:.1}% ({killed} by a counterexample, {not_lowered} \
         by not lowering), survived {survived} = {:.1}%, undecided in {} s {undecided} = {:.1}%; {:.1} s",
        all.len(),
        killed + not_lowered,
        pct(killed + not_lowered),
        pct(survived),
        mutant_secs(),
        pct(undecided),
        start.elapsed().as_secs_f64()
    );
}

/// Survivors must be listed with a reason, and listed mutants must still survive (or be
/// undecided: a slower machine may not finish verifying them). With `complete`, every mutant
/// of the `targets` ran, and a listed mutant of a target that no longer exists is stale too
/// (listed mutants of functions not mutated this time are kept).
fn check_survivors(all: &[Mutant], fates: &[Fate], targets: &[String], complete: bool) {
    let fate_of = |id: &str| all.iter().position(|m| m.id == id).map(|i| &fates[i]);
    let survivors: Vec<&Mutant> = all
        .iter()
        .zip(fates)
        .filter(|(_, f)| **f == Fate::Survived)
        .map(|(m, _)| m)
        .collect();
    let listed = listed_survivors();
    let unexplained: Vec<&str> = survivors
        .iter()
        .map(|m| m.id.as_str())
        .filter(|id| !listed.contains_key(*id))
        .collect();
    let stale: Vec<&str> = listed
        .keys()
        .map(String::as_str)
        .filter(|id| match fate_of(id) {
            Some(f) => matches!(f, Fate::Killed | Fate::NotLowered(_)),
            None => complete && targets.iter().any(|t| id.starts_with(&format!("{t}/"))),
        })
        .collect();
    let proposed = proposed_file(&survivors, &listed, &stale);
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        println!("---- survivors.txt as it would be ----\n{proposed}");
    }
    assert!(
        unexplained.is_empty() && stale.is_empty(),
        "unexplained survivors (a survivor that is not equivalent is a soundness bug): {unexplained:#?}\n\
         listed but killed (or gone): {stale:#?}\nproposed {}:\n{proposed}",
        survivors_file().display()
    );
}

#[test]
fn mutants_of_specified_functions_are_killed() {
    let start = std::time::Instant::now();
    let original = autov::load::load_path(sekvm_hyp::IR_PATH.as_ref()).unwrap();
    let specs = Specs::load();
    let checked = Checked::from_module(original.clone()).unwrap();
    let targets = trusted_functions(&original, &checked, &specs);
    println!("baseline: {:.1} s", start.elapsed().as_secs_f64());
    let every = mutants(&original, &targets);
    let total = every.len();
    let all = selected(every);
    let timed = parallel(&all, |m| {
        let start = std::time::Instant::now();
        let f = fate(
            &apply(&original, m),
            &m.function,
            &specs,
            &settings(mutant_secs()),
        );
        (f, start.elapsed().as_secs_f64())
    });
    println!(
        "{} of {total} mutants selected (SOUNDNESS_MUTANTS=all runs them all)",
        all.len()
    );
    report(targets.len(), &all, &timed, start);
    assert!(all.len() >= MIN_MUTANTS, "only {} mutants", all.len());
    let fates: Vec<Fate> = timed.into_iter().map(|(f, _)| f).collect();
    check_survivors(&all, &fates, &targets, all.len() == total);
}

/// The operators' tables: negation is an involution that changes every predicate, and lock
/// primitives pair up both ways.
#[test]
fn operator_tables() {
    use autov::ir::IntPredicate::*;
    for p in [Eq, Ne, Ugt, Uge, Ult, Ule, Sgt, Sge, Slt, Sle] {
        assert_ne!(negate(p), p);
        assert_eq!(negate(negate(p)), p);
    }
    let cases = [
        ("hw_spin_lock", Some("hw_spin_unlock")),
        ("hw_spin_unlock", Some("hw_spin_lock")),
        ("acquire_lock_vm", Some("release_lock_vm")),
        ("release_lock_s2page", Some("acquire_lock_s2page")),
        ("get_region_base", None),
    ];
    for (callee, partner) in cases {
        assert_eq!(lock_partner(callee).as_deref(), partner, "{callee}");
    }
}
