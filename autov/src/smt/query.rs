//! The obligations and their verdicts: refinement (DESIGN §4.3), absence of spec errors, and the
//! solver's view of one concrete run.

use super::encode::{run, run_relation, run_with, Run};
use super::map::finitely_many_entries;
use super::model::{finite_entries, holds, maps_in, value_of};
use super::quantify::{positive_foralls, ForallId, Quantifiers};
use super::replay::{
    agrees, c_path, concrete, concrete_within, symbolic_outcome, Counterexample, LowSide, Outcome,
};
use super::sort::fresh;
use super::symval::{from_value, goal_eq, pinned, sem_eq, SymVal};
use super::table::take_definitions;
use super::{Abstraction, Settings, Unsupported};
use crate::spec::{FnDef, IntTy, Program, Span, Ty, Value};
use std::collections::BTreeMap;
use z3::ast::{Ast, Bool, BV};
use z3::{Model, Params, SatResult, Solver};

/// The answer to an obligation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The obligation holds for all inputs.
    Verified,
    /// It does not; the counterexample has been replayed concretely.
    Failed(Box<Counterexample>),
    /// Neither could be shown (time limit, solver gave up, unrolling bound, or a counterexample
    /// that did not replay).
    Unknown {
        /// Why, with the limit that was hit.
        reason: String,
    },
    /// The specs use a construct the encoding does not handle.
    Unsupported {
        /// What it is.
        construct: String,
        /// Where.
        span: Span,
    },
}

impl From<Unsupported> for Verdict {
    fn from(u: Unsupported) -> Verdict {
        Verdict::Unsupported {
            construct: u.construct,
            span: u.span,
        }
    }
}

/// Answers `Unknown`, `Unsupported` or a failure early.
type Early<T> = Result<T, Verdict>;

thread_local! {
    /// Whether this thread's queries run with Z3's relevancy propagation off (see
    /// [`RelevancyOff`]).
    static RELEVANCY_OFF: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// While alive, the thread's queries run with Z3's relevancy propagation off. The queries of a
/// relation whose `forall`s are instantiated need it off: on the page-table abstraction's
/// (arrays indexed by 64-bit addresses under many conditionals) Z3 timed out at 120 s with it
/// and decides them in seconds without it. Elsewhere it stays on: without it, Z3 did not find
/// the counterexample of a refinement over 4096-element arrays within 10 s.
struct RelevancyOff;

impl RelevancyOff {
    fn new() -> RelevancyOff {
        RELEVANCY_OFF.with(|off| off.set(true));
        RelevancyOff
    }
}

impl Drop for RelevancyOff {
    fn drop(&mut self) {
        RELEVANCY_OFF.with(|off| off.set(false));
    }
}

fn solver(settings: &Settings) -> Solver {
    let solver = Solver::new();
    let mut params = Params::new();
    params.set_u32(
        "timeout",
        settings.timeout.as_millis().min(u32::MAX as u128) as u32,
    );
    if RELEVANCY_OFF.with(|off| off.get()) {
        params.set_u32("relevancy", 0);
    }
    solver.set_params(&params);
    solver
}

/// Checks `goal` with the definitions of the query's encoding: `Ok(None)` when it is
/// unsatisfiable, the model when it is satisfiable.
fn solve(goal: &Bool, defs: &[Bool], settings: &Settings) -> Early<Option<Model>> {
    let s = solver(settings);
    s.assert(&goal.simplify());
    defs.iter().for_each(|d| s.assert(d));
    dump(&s);
    match s.check() {
        SatResult::Unsat => Ok(None),
        SatResult::Sat => {
            Ok(Some(s.get_model().ok_or_else(|| {
                unknown("the solver gave no model".into())
            })?))
        }
        SatResult::Unknown => {
            let why = s.get_reason_unknown().unwrap_or_default();
            Err(unknown(format!(
                "solver answered unknown ({why}; time limit {} ms)",
                settings.timeout.as_millis()
            )))
        }
    }
}

/// How long a side question of the encoding (see [`unsatisfiable`]) may take.
const SIDE_QUESTION: std::time::Duration = std::time::Duration::from_secs(10);

/// Whether `f` is unsatisfiable, as far as the solver finds out within [`SIDE_QUESTION`] (with
/// the definitions made so far); `false` when it does not know.
pub(crate) fn unsatisfiable(f: &Bool) -> bool {
    let settings = Settings {
        timeout: SIDE_QUESTION,
        ..Settings::default()
    };
    let defs = take_definitions();
    let answer = solve(f, &defs, &settings);
    super::table::restore_definitions(defs);
    matches!(answer, Ok(None))
}

/// With `AUTOV_SMT_DUMP=DIR`, writes each query as SMT-LIB to `DIR/query-<n>.smt2` (for
/// running it with the `z3` command line, e.g. to see its statistics).
fn dump(s: &Solver) {
    let Some(dir) = std::env::var_os("AUTOV_SMT_DUMP") else {
        return;
    };
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let path = std::path::Path::new(&dir).join(format!("query-{n}.smt2"));
    // A dump is a debugging aid: failing to write it changes nothing else.
    let _ = std::fs::write(path, format!("{s}\n(check-sat)\n"));
}

fn unknown(reason: String) -> Verdict {
    Verdict::Unknown { reason }
}

/// `Unknown` if the model reaches a place where unrolling stopped.
fn check_cuts(model: &Model, runs: &[&Run], settings: &Settings) -> Early<()> {
    for (c, span) in runs.iter().flat_map(|r| &r.cuts) {
        if holds(model, c) {
            return Err(unknown(format!(
                "unrolling bound {} reached at {span}",
                settings.unroll
            )));
        }
    }
    Ok(())
}

/// A model of `violation` that reaches no cut, with finitely many map entries: `Ok(None)` when
/// neither a violation nor a cut is reachable (the obligation holds), `Unknown` when only models
/// that reach a cut are found.
fn counter_model(
    violation: &Bool,
    cut: &Bool,
    runs: &[&Run],
    inputs: &[SymVal],
    settings: &Settings,
    span: &Span,
) -> Early<Option<Model>> {
    let defs = take_definitions();
    let Some(model) = solve(&Bool::or(&[violation, cut]), &defs, settings)? else {
        return Ok(None);
    };
    let (goal, model) = match check_cuts(&model, runs, settings) {
        Ok(()) => (violation.clone(), model),
        Err(bound) => {
            let goal = Bool::and(&[violation, &cut.not()]);
            (goal.clone(), solve(&goal, &defs, settings)?.ok_or(bound)?)
        }
    };
    Ok(Some(finite_model(
        &goal, &defs, model, inputs, settings, span,
    )?))
}

fn any_cut(runs: &[&Run]) -> Bool {
    let cs: Vec<&Bool> = runs
        .iter()
        .flat_map(|r| r.cuts.iter().map(|(c, _)| c))
        .collect();
    Bool::or(&cs)
}

/// How many times the instances of a relation's `forall`s are grown from a model's failing
/// points before the query is left to the solver's quantifier reasoning.
const INSTANTIATION_ROUNDS: usize = 6;

/// How many entries an input map may have in a counterexample found by re-solving: a few
/// first (quantified relations make many entries expensive), then more.
const ENTRIES: [usize; 2] = [3, 16];

/// A model of `goal` in which every input map has finitely many entries (a `MapValue`): the
/// solver's first model when it does, else one found by re-solving with at most as many entries
/// per input map as a step of [`ENTRIES`] allows. Without one the answer is `Unknown`.
fn finite_model(
    goal: &Bool,
    defs: &[Bool],
    model: Model,
    inputs: &[SymVal],
    settings: &Settings,
    span: &Span,
) -> Early<Model> {
    let mut maps = Vec::new();
    inputs.iter().for_each(|v| maps_in(v, &mut maps));
    if maps.iter().all(|m| finite_entries(&model, m).is_some()) {
        return Ok(model);
    }
    let most = ENTRIES[ENTRIES.len() - 1];
    for n in ENTRIES {
        let mut cs = vec![goal.clone()];
        for m in &maps {
            cs.push(finitely_many_entries(m, n, span)?);
        }
        let last = n == most;
        match solve(&Bool::and(&cs), defs, settings) {
            Ok(Some(model)) => return Ok(model),
            Ok(None) | Err(_) if !last => continue,
            Ok(None) => break,
            Err(e) => return Err(e),
        }
    }
    Err(unknown(format!("every counterexample found needs an input map with infinitely many (or more than {most}) entries")))
}

fn verdict(r: Early<Verdict>) -> Verdict {
    r.unwrap_or_else(|v| v)
}

/// Whether `f` can never reach a spec error, on any argument values.
pub fn check_no_fault(program: &Program, f: &FnDef, settings: &Settings) -> Verdict {
    check_no_fault_with(program, f, settings, &Abstraction::default())
}

/// [`check_no_fault`] with the functions of `abstraction` opaque: their own spec errors are not
/// looked for (their obligations do that), and a failure must replay as a spec error of the
/// real `f` or it is `Unknown`.
pub fn check_no_fault_with(
    program: &Program,
    f: &FnDef,
    settings: &Settings,
    abstraction: &Abstraction,
) -> Verdict {
    begin_query();
    verdict(no_fault(program, f, settings, abstraction))
}

fn no_fault(
    program: &Program,
    f: &FnDef,
    settings: &Settings,
    abstraction: &Abstraction,
) -> Early<Verdict> {
    let args = fresh_params(program, f, "")?;
    let r = run_with(program, f, args.clone(), settings, (abstraction, &[]))?;
    let Some(model) = counter_model(
        &r.faults(),
        &any_cut(&[&r]),
        &[&r],
        &args,
        settings,
        &f.span,
    )?
    else {
        return Ok(Verdict::Verified);
    };
    let values = model_args(&model, f, &args, program);
    let symbolic = symbolic_outcome(&model, &r, program);
    let replayed = match abstraction.is_empty() {
        true => concrete(program, f, &plain(&values)),
        false => concrete_within(program, f, &plain(&values), REPLAY_DEPTH),
    };
    match (abstraction.is_empty(), &replayed) {
        (true, _) => agrees("", &symbolic, &replayed).map_err(unknown)?,
        (false, Outcome::Error { .. }) => {}
        (false, _) => {
            return Err(unknown(format!(
                "`{}` hits a spec error only with the opaque functions abstracted",
                f.name
            )))
        }
    }
    Ok(Verdict::Failed(Box::new(Counterexample {
        obligation: format!("no spec error in `{}`", f.name),
        problem: format!("`{}` hits a spec error", f.name),
        high_spec: (f.name.clone(), f.span.clone()),
        high_args: values,
        high: replayed,
        low: None,
    })))
}

fn fresh_params(program: &Program, f: &FnDef, prefix: &str) -> Early<Vec<SymVal>> {
    let mk = |p: &crate::spec::Param| {
        fresh(
            &p.ty,
            &program.types,
            &f.span,
            &format!("{prefix}{}", p.name),
        )
    };
    Ok(f.params.iter().map(mk).collect::<Result<_, _>>()?)
}

fn model_args(
    model: &Model,
    f: &FnDef,
    args: &[SymVal],
    program: &Program,
) -> Vec<(String, Value)> {
    f.params
        .iter()
        .zip(args)
        .map(|(p, a)| (p.name.clone(), value_of(model, a, &program.types)))
        .collect()
}

fn plain(args: &[(String, Value)]) -> Vec<Value> {
    args.iter().map(|(_, v)| v.clone()).collect()
}

/// The outcome of `f` on `args` as the solver computes it from the encoding (the symbolic inputs
/// are constrained to be `args`). Differential testing compares it with `spec::eval`.
pub fn solve_outcome(
    program: &Program,
    f: &FnDef,
    args: &[Value],
    settings: &Settings,
) -> Result<Outcome, Verdict> {
    begin_query();
    let inputs = fresh_params(program, f, "")?;
    let mut fixed = Vec::new();
    for ((p, sym), v) in f.params.iter().zip(&inputs).zip(args) {
        fixed.push(pinned(sym, &from_value(v, &p.ty, &program.types, &f.span)?));
    }
    let r = run(program, f, inputs.clone(), settings)?;
    let goal = Bool::and(&fixed);
    let defs = take_definitions();
    let model = solve(&goal, &defs, settings)?
        .ok_or_else(|| unknown("the arguments contradict the encoding".into()))?;
    let model = finite_model(&goal, &defs, model, &inputs, settings, &f.span)?;
    check_cuts(&model, &[&r], settings)?;
    Ok(symbolic_outcome(&model, &r, program))
}

/// Whether `low` refines `high` (DESIGN §4.3) under `relation` (`None`: equality of states).
///
/// Parameters are matched by position. With a relation `fn rel(h: &H, l: &L) -> bool`, a
/// position where `high` takes an `H` and `low` an `L` is a state: each side gets its own,
/// related by `rel`; every other position is one shared argument. A spec returning
/// `Option<(R, H)>` (resp. `(R, L)`) returns its new state last: results must be equal and the
/// new states related. Without a relation, arguments and results are simply equal.
pub fn check_refinement(
    program: &Program,
    high: &FnDef,
    low: &FnDef,
    relation: Option<&FnDef>,
    settings: &Settings,
) -> Verdict {
    check_refinement_with(
        program,
        high,
        low,
        relation,
        settings,
        &Abstraction::default(),
    )
}

/// [`check_refinement`] with the functions of `abstraction` opaque (see [`Abstraction`]): with
/// `abstraction.measure` set and `high`'s and `low`'s own names in one opaque class, the
/// induction step of a loop check.
pub fn check_refinement_with(
    program: &Program,
    high: &FnDef,
    low: &FnDef,
    relation: Option<&FnDef>,
    settings: &Settings,
    abstraction: &Abstraction,
) -> Verdict {
    begin_query();
    verdict(
        Refinement::new(program, high, low, relation, settings).and_then(|r| r.check(abstraction)),
    )
}

struct Refinement<'a> {
    program: &'a Program,
    high: &'a FnDef,
    low: &'a FnDef,
    relation: Option<&'a FnDef>,
    settings: &'a Settings,
    high_args: Vec<SymVal>,
    low_args: Vec<SymVal>,
    /// The positions of the states.
    states: Vec<usize>,
}

impl<'a> Refinement<'a> {
    fn new(
        program: &'a Program,
        high: &'a FnDef,
        low: &'a FnDef,
        relation: Option<&'a FnDef>,
        settings: &'a Settings,
    ) -> Early<Refinement<'a>> {
        if high.params.len() != low.params.len() {
            return Err(Unsupported::new(
                format!(
                    "`{}` and `{}` take different numbers of parameters",
                    high.name, low.name
                ),
                &low.span,
            )
            .into());
        }
        if let Some(rel) = relation.filter(|r| r.params.len() != 2 || r.ret != Ty::Bool) {
            return Err(Unsupported::new(
                format!("relation `{}` that is not `fn(&H, &L) -> bool`", rel.name),
                &rel.span,
            )
            .into());
        }
        let rel_tys = relation.map(|r| {
            (
                r.params.first().map(|p| p.ty.clone()),
                r.params.get(1).map(|p| p.ty.clone()),
            )
        });
        let mut r = Refinement {
            program,
            high,
            low,
            relation,
            settings,
            high_args: Vec::new(),
            low_args: Vec::new(),
            states: Vec::new(),
        };
        for (i, (p, q)) in high.params.iter().zip(&low.params).enumerate() {
            let fresh = |t: &Ty, n: &str| fresh(t, &program.types, &low.span, n);
            if rel_tys
                .as_ref()
                .is_some_and(|(h, l)| h.as_ref() == Some(&p.ty) && l.as_ref() == Some(&q.ty))
            {
                r.states.push(i);
                r.high_args.push(fresh(&p.ty, &format!("high.{}", p.name))?);
                r.low_args.push(fresh(&q.ty, &format!("low.{}", q.name))?);
            } else if p.ty == q.ty {
                let v = fresh(&p.ty, &p.name)?;
                r.high_args.push(v.clone());
                r.low_args.push(v);
            } else {
                return Err(Unsupported::new(
                    format!(
                        "parameter `{}: {}` of the low spec against `{}: {}`",
                        q.name, q.ty, p.name, p.ty
                    ),
                    &low.span,
                )
                .into());
            }
        }
        Ok(r)
    }

    /// `rel(h, l)` as a formula (false where `rel` hits a spec error), with its run, its
    /// `forall`s handled as `quantifiers` says (returned with the constants it made).
    fn related(
        &self,
        h: &SymVal,
        l: &SymVal,
        quantifiers: Quantifiers,
    ) -> Early<(Bool, Run, Quantifiers)> {
        let rel = self.relation.expect("only called with a relation");
        let args = vec![h.clone(), l.clone()];
        let (r, quantifiers) = run_relation(self.program, rel, args, self.settings, quantifiers)?;
        let holds = match r.value.as_bool() {
            Some(b) => Bool::and(&[&r.faults().not(), b]),
            None => {
                return Err(Unsupported::new(
                    format!("relation `{}` does not return bool", rel.name),
                    &rel.span,
                )
                .into())
            }
        };
        Ok((holds, r, quantifiers))
    }

    /// Splits a spec result into (value, new state) when the spec returns its state.
    fn split<'v>(
        &self,
        v: &'v SymVal,
        ret: &Ty,
        state: Option<&Ty>,
    ) -> Option<(&'v SymVal, &'v SymVal)> {
        let (Ty::Option(inner), SymVal::Tuple(parts)) = (ret, v) else {
            return None;
        };
        match (&**inner, state) {
            (Ty::Tuple(ts), Some(s)) if ts.len() == 2 && ts[1] == *s => {
                Some((&parts[0], &parts[1]))
            }
            _ => None,
        }
    }

    fn check(&self, abstraction: &Abstraction) -> Early<Verdict> {
        let h = run_with(
            self.program,
            self.high,
            self.high_args.clone(),
            self.settings,
            (abstraction, &[]),
        )?;
        let l = run_with(
            self.program,
            self.low,
            self.low_args.clone(),
            self.settings,
            (abstraction, &h.opaque),
        )?;
        let mut runs = Vec::new();
        let positive = self
            .relation
            .map(|r| positive_foralls(self.program, r))
            .unwrap_or_default();
        let (
            SymVal::Option {
                is_some: hs,
                payload: hp,
            },
            SymVal::Option {
                is_some: ls,
                payload: lp,
            },
        ) = (&h.value, &l.value)
        else {
            return Err(Unsupported::new(
                format!(
                    "`{}` or `{}` does not return an Option",
                    self.high.name, self.low.name
                ),
                &self.high.span,
            )
            .into());
        };
        let goal = Quantifiers::Skolemize {
            positive: positive.clone(),
            shared: BTreeMap::new(),
            made: Vec::new(),
        };
        let (post, made) = self.post(hp, lp, &mut runs, goal)?;
        let violation = Bool::or(&[l.faults(), ls.not(), post.not()]);
        let mut high_ok = Bool::and(&[&h.faults().not(), hs, &violation]);
        if h.measure.is_some() {
            // Under induction the loop spec itself must not fail (its measure must decrease):
            // the hypothesis is only sound for a spec that is a terminating function.
            high_ok = Bool::or(&[&high_ok, &h.faults()]);
        }
        let mut terms: Vec<_> = self.integer_args().chain(made).collect();
        let defs = take_definitions();
        let sides = (&h, &l, &runs[..], &high_ok);
        super::table::restore_definitions(defs.clone());
        // The relation's positive `forall`s as instances at finitely many terms: a weaker
        // premise, which proves most refinements at once (Z3 quantifiers can take minutes on
        // the same query), and whose models are checked: where a model's old states turn out
        // not to be related, the failing points join the instances; a model whose old states
        // are related is a real counterexample.
        if positive.is_empty() {
            let premise = self.premise(&terms, &positive, false)?;
            return match self.search(sides, premise)? {
                Ok(model) => self.counterexample(&model, &h, &l, abstraction),
                Err(none) => Ok(none),
            };
        }
        let mut undecided = None;
        let relevancy_off = RelevancyOff::new();
        for _ in 0..INSTANTIATION_ROUNDS {
            super::table::restore_definitions(defs.clone());
            let premise = self.premise(&terms, &positive, false)?;
            let model = match self.search(sides, premise) {
                Ok(Ok(model)) => model,
                Ok(Err(none)) => return Ok(none),
                Err(why) => {
                    undecided = Some(why);
                    break;
                }
            };
            match self.premise_witnesses(&model, &positive) {
                Ok(None) => return self.counterexample(&model, &h, &l, abstraction),
                Ok(Some(more)) if more.iter().any(|w| !terms.contains(w)) => terms.extend(more),
                _ => break,
            }
        }
        // Then the instances and the quantifiers together, where a model satisfies the whole
        // premise.
        drop(relevancy_off);
        super::table::restore_definitions(defs.clone());
        let premise = self.premise(&terms, &positive, true)?;
        match self.search(sides, premise) {
            Ok(Ok(model)) => self.counterexample(&model, &h, &l, abstraction),
            Ok(Err(none)) => Ok(none),
            Err(why) => Err(undecided.unwrap_or(why)),
        }
    }

    /// The relation of each pair of old states, its positive `forall`s instantiated at
    /// `terms` (and kept as quantifiers when `quantified`), with the relation's runs.
    fn premise(
        &self,
        terms: &[(IntTy, BV)],
        positive: &BTreeMap<ForallId, bool>,
        quantified: bool,
    ) -> Early<(Bool, Vec<Run>)> {
        let mut conds = Vec::new();
        let mut runs = Vec::new();
        for &i in &self.states {
            let assumed = Quantifiers::Instantiate {
                positive: positive.clone(),
                terms: terms.to_vec(),
                quantified,
            };
            let (c, r, _) = self.related(&self.high_args[i], &self.low_args[i], assumed)?;
            conds.push(c);
            runs.push(r);
        }
        Ok((Bool::and(&conds), runs))
    }

    /// A model of the violation (`high_ok`) under `premise` and the opaque calls' congruence,
    /// or the verdict when there is none: verified, or under induction `Unknown` when the
    /// only violations are too large to replay.
    fn search(
        &self,
        (h, l, runs, high_ok): (&Run, &Run, &[Run], &Bool),
        (premise, premise_runs): (Bool, Vec<Run>),
    ) -> Early<Result<Model, Verdict>> {
        let mut assumed = congruence(h, l);
        assumed.push(premise);
        let premise = Bool::and(&assumed);
        let all: Vec<&Run> = [h, l]
            .into_iter()
            .chain(runs)
            .chain(&premise_runs)
            .collect();
        let (violation, cut) = (
            Bool::and(&[&premise, high_ok]),
            Bool::and(&[&premise, &any_cut(&all)]),
        );
        let inputs: Vec<SymVal> = self
            .high_args
            .iter()
            .chain(&self.low_args)
            .cloned()
            .collect();
        let Some(violation) = replayable(&violation, h, &cut, self.settings)? else {
            return Ok(Err(Verdict::Verified));
        };
        match counter_model(
            &violation,
            &cut,
            &all,
            &inputs,
            self.settings,
            &self.low.span,
        )? {
            Some(model) => Ok(Ok(model)),
            None if h.measure.is_none() => Ok(Err(Verdict::Verified)),
            None => Err(unknown(format!(
                "the induction step fails, but only on arguments of measure above \
                 {REPLAY_MEASURE}, too large to replay"
            ))),
        }
    }

    /// Whether the old states of `model` are related: `None` when they are, else the values
    /// of the positive `forall`s' variables where the relation fails (Skolem witnesses).
    fn premise_witnesses(
        &self,
        model: &Model,
        positive: &BTreeMap<ForallId, bool>,
    ) -> Result<Option<Vec<(IntTy, BV)>>, String> {
        let high_args = model_args(model, self.high, &self.high_args, self.program);
        let low_args = model_args(model, self.low, &self.low_args, self.program);
        let rel = self.relation.expect("states only with a relation");
        for &i in &self.states {
            let found = self.refute_related(rel, &high_args[i].1, &low_args[i].1, positive)?;
            if found.is_some() {
                return Ok(found);
            }
        }
        Ok(None)
    }

    /// The integer arguments shared by both sides, with their types.
    fn integer_args(&self) -> impl Iterator<Item = (IntTy, BV)> + '_ {
        self.high_args
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.states.contains(i))
            .filter_map(|(_, v)| match v {
                SymVal::Int(t, b) => Some((*t, b.clone())),
                _ => None,
            })
    }

    /// `r_high == r_low` and the new states related (the relation's positive `forall`s
    /// Skolemized by `goal`), with the Skolem constants made.
    fn post(
        &self,
        hp: &SymVal,
        lp: &SymVal,
        runs: &mut Vec<Run>,
        goal: Quantifiers,
    ) -> Early<(Bool, Vec<(IntTy, BV)>)> {
        let tys = self
            .relation
            .map(|r| (r.params[0].ty.clone(), r.params[1].ty.clone()));
        let split = tys.as_ref().and_then(|(ht, lt)| {
            Some((
                self.split(hp, &self.high.ret, Some(ht))?,
                self.split(lp, &self.low.ret, Some(lt))?,
            ))
        });
        match split {
            Some(((hr, hst), (lr, lst))) => {
                let (c, r, goal) = self.related(hst, lst, goal)?;
                runs.push(r);
                let made = match goal {
                    Quantifiers::Skolemize { made, .. } => made,
                    _ => Vec::new(),
                };
                Ok((Bool::and(&[goal_eq(hr, lr), c]), made))
            }
            None if self.high.ret == self.low.ret => Ok((goal_eq(hp, lp), Vec::new())),
            None => Err(Unsupported::new(
                format!("return types `{}` and `{}`", self.high.ret, self.low.ret),
                &self.low.span,
            )
            .into()),
        }
    }

    /// The counterexample of `model`, replayed concretely. With opaque functions the symbolic
    /// outcomes need not be the real ones: then only the real runs count, and a model on which
    /// they show nothing wrong is `Unknown` (the abstraction, e.g. a loop spec that is not
    /// inductive, is too weak to prove the refinement).
    fn counterexample(
        &self,
        model: &Model,
        h: &Run,
        l: &Run,
        abstraction: &Abstraction,
    ) -> Early<Verdict> {
        let high_args = model_args(model, self.high, &self.high_args, self.program);
        let low_args = model_args(model, self.low, &self.low_args, self.program);
        // Under abstraction the real recursion may run long on the model's arguments.
        let limit = match abstraction.is_empty() {
            true => usize::MAX,
            false => REPLAY_DEPTH,
        };
        let (hc, lc) = (
            concrete_within(self.program, self.high, &plain(&high_args), limit),
            concrete_within(self.program, self.low, &plain(&low_args), limit),
        );
        if abstraction.is_empty() {
            agrees("high", &symbolic_outcome(model, h, self.program), &hc).map_err(unknown)?;
            agrees("low", &symbolic_outcome(model, l, self.program), &lc).map_err(unknown)?;
        }
        let problem = self
            .concrete_problem(
                &high_args,
                &low_args,
                (&hc, &lc),
                abstraction.measure.is_some(),
            )
            .map_err(|why| match abstraction.is_empty() {
                true => unknown(format!("counterexample did not replay: {why}")),
                false => unknown(format!(
                    "the check fails with the opaque functions abstracted, but not on the real \
                     runs of its counterexample ({why}): is the loop spec inductive?"
                )),
            })?;
        Ok(Verdict::Failed(Box::new(Counterexample {
            obligation: format!("`{}` refines `{}`", self.low.name, self.high.name),
            problem,
            high_spec: (self.high.name.clone(), self.high.span.clone()),
            high_args,
            high: hc,
            low: Some(LowSide {
                spec: (self.low.name.clone(), self.low.span.clone()),
                path: c_path(self.program, self.low, &plain(&low_args), limit),
                args: low_args,
                outcome: lc,
            }),
        })))
    }

    /// What the concrete runs show to be wrong, or why they show nothing wrong.
    fn concrete_problem(
        &self,
        high_args: &[(String, Value)],
        low_args: &[(String, Value)],
        (hc, lc): (&Outcome, &Outcome),
        induction: bool,
    ) -> Result<String, String> {
        for &i in &self.states {
            if !self.rel_holds(&high_args[i].1, &low_args[i].1)? {
                return Err("the states are not related".into());
            }
        }
        if let (Outcome::Error { error, span }, true) = (hc, induction) {
            return Ok(format!(
                "the loop spec hits a spec error ({error} at {span})"
            ));
        }
        let Outcome::Value(Value::Option(Some(hv))) = hc else {
            return Err(format!("the high spec gives {hc}"));
        };
        let lv = match lc {
            Outcome::Error { error, span } => return Ok(format!("the low spec hits a spec error ({error} at {span}) where the high spec returns a value")),
            Outcome::Value(Value::Option(None)) => return Ok("the low spec is stuck (None) where the high spec returns a value".into()),
            Outcome::Value(Value::Option(Some(lv))) => lv,
            Outcome::Value(v) => return Err(format!("the low spec returned the non-option {v}")),
            Outcome::Unfinished { why } => return Err(format!("the low spec's replay did not finish ({why})")),
        };
        match (self.relation, &**hv, &**lv) {
            (Some(_), Value::Tuple(hs), Value::Tuple(ls)) if hs.len() == 2 && ls.len() == 2 => {
                if hs[0] != ls[0] {
                    return Ok(format!(
                        "the results differ: high {} vs low {}",
                        hs[0], ls[0]
                    ));
                }
                match self.rel_holds(&hs[1], &ls[1])? {
                    true => Err("the results are equal and the new states related".into()),
                    false => Ok("the new states are not related".into()),
                }
            }
            (None, Value::Tuple(hs), Value::Tuple(ls)) if hs.len() == 2 && ls.len() == 2 => {
                match (hs[0] != ls[0], hs[1] != ls[1]) {
                    (true, _) => Ok(format!(
                        "the results differ: high {} vs low {}",
                        hs[0], ls[0]
                    )),
                    (false, true) => Ok("the new states differ (see below)".into()),
                    (false, false) => Err("the results are equal".into()),
                }
            }
            _ if hv != lv => Ok(format!("the results differ: high {hv} vs low {lv}")),
            _ => Err("the results are equal".into()),
        }
    }

    /// Whether the states are related: by running the relation, or, when it quantifies over a
    /// type too wide to run, by asking Z3 about the closed formula on the two values (it is
    /// `Err` when Z3 cannot tell).
    fn rel_holds(&self, h: &Value, l: &Value) -> Result<bool, String> {
        let Some(rel) = self.relation else {
            return Ok(h == l);
        };
        match self.program.call(&rel.name, vec![h.clone(), l.clone()]) {
            Ok(v) => Ok(v == Value::Bool(true)),
            Err(crate::spec::EvalError::NotRunnable { .. }) => self.decide_related(rel, h, l),
            Err(_) => Ok(false),
        }
    }

    /// `rel(h, l)` on concrete values, decided by Z3.
    fn decide_related(&self, rel: &FnDef, h: &Value, l: &Value) -> Result<bool, String> {
        let positive = positive_foralls(self.program, rel);
        Ok(self.refute_related(rel, h, l, &positive)?.is_none())
    }

    /// Whether `rel(h, l)` fails on concrete values, decided by Z3 with its positive `forall`s
    /// Skolemized (which decides them exactly): the Skolem constants' values where it fails,
    /// `None` where it holds.
    fn refute_related(
        &self,
        rel: &FnDef,
        h: &Value,
        l: &Value,
        positive: &BTreeMap<ForallId, bool>,
    ) -> Result<Option<Vec<(IntTy, BV)>>, String> {
        let undecided = |why: String| {
            format!("the relation could not be decided on the counterexample ({why})")
        };
        let sym = |v: &Value, ty: &Ty| {
            from_value(v, ty, &self.program.types, &rel.span).map_err(|u| undecided(u.construct))
        };
        let (hs, ls) = (sym(h, &rel.params[0].ty)?, sym(l, &rel.params[1].ty)?);
        let goal = Quantifiers::Skolemize {
            positive: positive.clone(),
            shared: BTreeMap::new(),
            made: Vec::new(),
        };
        let (holds, _, goal) = self
            .related(&hs, &ls, goal)
            .map_err(|v| undecided(format!("{v:?}")))?;
        let defs = take_definitions();
        let refuted = solve(&holds.not(), &defs, self.settings);
        super::table::restore_definitions(defs);
        let made = match goal {
            Quantifiers::Skolemize { made, .. } => made,
            _ => Vec::new(),
        };
        match refuted {
            Ok(None) => Ok(None),
            Ok(Some(m)) => Ok(Some(
                made.iter()
                    .filter_map(|(t, k)| Some((*t, m.eval(k, true)?)))
                    .collect(),
            )),
            Err(v) => Err(undecided(format!("{v:?}"))),
        }
    }
}

/// The largest induction measure of a counterexample that is replayed concretely (the replay
/// runs the real recursion).
const REPLAY_MEASURE: u64 = 64;
/// How deep calls may nest when a counterexample found under abstraction is replayed.
const REPLAY_DEPTH: usize = 4 * REPLAY_MEASURE as usize + 64;

/// Under induction (a run with a measure), `violation` restricted to arguments of measure at
/// most [`REPLAY_MEASURE`] once it is known to be satisfiable (`None`: it is not, or only
/// where unrolling stopped, which `counter_model` sorts out); otherwise `violation` itself.
fn replayable(violation: &Bool, h: &Run, cut: &Bool, settings: &Settings) -> Early<Option<Bool>> {
    let Some(m) = &h.measure else {
        return Ok(Some(violation.clone()));
    };
    let defs = take_definitions();
    let found = solve(&Bool::or(&[violation, cut]), &defs, settings)?;
    super::table::restore_definitions(defs);
    Ok(found.map(|_| {
        Bool::and(&[
            violation,
            &m.bvule(z3::ast::BV::from_u64(REPLAY_MEASURE, m.get_size())),
        ])
    }))
}

/// Functional consistency of the opaque calls of two runs: calls of one class with equal
/// arguments have equal results.
fn congruence(h: &Run, l: &Run) -> Vec<Bool> {
    let calls: Vec<_> = h.opaque.iter().chain(&l.opaque).collect();
    let mut out = Vec::new();
    for (i, a) in calls.iter().enumerate() {
        for b in &calls[i + 1..] {
            if a.class == b.class {
                let same_args: Vec<Bool> = a
                    .args
                    .iter()
                    .zip(&b.args)
                    .map(|(x, y)| sem_eq(x, y))
                    .collect();
                out.push(Bool::and(&same_args).implies(sem_eq(&a.result, &b.result)));
            }
        }
    }
    out
}

/// Resets what the encoder remembers per thread, so that a query sees only its own definitions
/// and types.
fn begin_query() {
    take_definitions();
    super::symval::forget_zeros();
}
