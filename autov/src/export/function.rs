//! The files of one C function: `LowSpec.v`, `CodeProof.v` and `RefProof.v`.

use super::text::{admitted, header, imports, string_lit, Shape};
use super::{input, print_defs, CoqFile, Ctx, ExportError, Lemma, RefTactic, CODE};
use crate::lowspec::low_spec_name;
use crate::spec::{coq_ident, coq_ty};

/// Why a code proof is a marked `Admitted`.
const NO_CODE_PROOF: &str = "code proof generation not implemented";
/// Why the refinement proof of a loop spec is a marked `Admitted`.
const NO_LOOP_PROOF: &str =
    "loop induction proof not generated yet (Z3 checks it by induction: sekvm-verify check)";
/// Why the refinement proof of a written spec is a marked `Admitted`.
const NO_REF_PROOF: &str =
    "refinement proof of a written spec not generated yet (Z3 checks it: sekvm-verify check)";

/// The three files of function `f` of layer `l`, over layer `below`.
pub(super) fn files(cx: &Ctx, l: usize, f: &str, below: &str) -> Result<Vec<CoqFile>, ExportError> {
    let layer = &cx.p.layers[l].name;
    let dir = format!("{layer}/{f}");
    if coq_ident(f) != f || ["Spec", "Layer", "RefineRel", "Refinement"].contains(&f) {
        return Err(input(format!("`{f}` is not usable as a Coq module name")));
    }
    let file = |rel: &str, kind, text, lemmas| CoqFile {
        path: cx.path(&format!("{dir}/{rel}")),
        kind,
        text,
        lemmas,
    };
    let lemma = |name: String, rel: &str, admitted: Option<&str>| Lemma {
        name,
        layer: layer.clone(),
        file: cx.path(&format!("{dir}/{rel}")),
        admitted: admitted.map(str::to_string),
    };
    let id = coq_ident(f);
    let derived = cx.derived.contains(f);
    let tactic = cx.p.ref_tactics.get(f).copied();
    let code_tactic = cx.p.code_proofs.contains(f);
    let ref_admitted = (!derived && tactic.is_none()).then_some(NO_REF_PROOF);
    let mut files = vec![file(
        "LowSpec.v",
        "low-spec",
        low_spec(cx, l, f, derived)?,
        Vec::new(),
    )];
    if !derived {
        files.push(file("Spec.v", "spec", written_spec(cx, l, f)?, Vec::new()));
    }
    files.extend([
        file(
            "CodeProof.v",
            "code-proof",
            code_proof(cx, l, f, below, code_tactic)?,
            vec![lemma(
                format!("{id}_code"),
                "CodeProof.v",
                (!code_tactic).then_some(NO_CODE_PROOF),
            )],
        ),
        file(
            "RefProof.v",
            "ref-proof",
            ref_proof(cx, l, f, derived, tactic)?,
            vec![
                lemma(format!("{id}_refines"), "RefProof.v", ref_admitted),
                lemma(format!("{id}_refines_prim"), "RefProof.v", None),
            ],
        ),
    ]);
    let loops: Vec<&(String, String, String)> = cx.p.layers[l]
        .loop_specs
        .iter()
        .filter(|(_, c, _)| c == f)
        .collect();
    if !loops.is_empty() {
        let (text, names) = loop_proof(cx, l, f, &loops)?;
        let lemmas = names
            .into_iter()
            .map(|(n, proved)| lemma(n, "LoopProof.v", (!proved).then_some(NO_LOOP_PROOF)))
            .collect();
        files.push(file("LoopProof.v", "loop-proof", text, lemmas));
    }
    Ok(files)
}

/// `LoopProof.v`: the written loop specs of `f`'s loops, and that each loop function refines
/// its loop spec (for arguments in the ranges of their types); returns the lemma names, each
/// with whether it is proved. The proof is generated for the loop specs given the tactic
/// [`RefTactic::Loop`]: an induction on the fuel of the two, one iteration by the tactic. A
/// loop spec that `f`'s `Spec.v` prints is imported from there rather than printed again, so
/// that the lemmas are about the loop spec `f`'s spec calls.
fn loop_proof(
    cx: &Ctx,
    l: usize,
    f: &str,
    loops: &[&(String, String, String)],
) -> Result<(String, Vec<(String, bool)>), ExportError> {
    let mut modules = vec![
        cx.module("DataTypes"),
        cx.module(&format!("{}.{f}.LowSpec", cx.p.layers[l].name)),
    ];
    let mut body = String::new();
    let mut names = Vec::new();
    let mut tactics = false;
    let in_spec = loops_in_spec(cx, f)?;
    for (spec, _, loop_fn) in loops {
        let def = cx.def(spec)?;
        modules.extend(cx.callee_modules(def, &[def], l)?);
        if in_spec.contains(spec) {
            // The loop spec is the one `Spec.v` prints with `f`'s spec, so that `RefProof.v`
            // can use the lemmas below on the spec's own loop.
            modules.push(cx.module(&format!("{}.{f}.Spec", cx.p.layers[l].name)));
        } else {
            body.push_str(&format!(
                "(** The written spec of the loop function `{loop_fn}`. *)\n"
            ));
            body.push_str(&print_defs(cx, &[def])?);
        }
        let args: Vec<String> = (0..def.params.len()).map(|i| format!("a{i}")).collect();
        let binders: String = args.iter().map(|a| format!("{a} ")).collect();
        let applied: String = args.iter().map(|a| format!(" {a}")).collect();
        // The arguments' ranges, one hypothesis `Ri` each.
        let ranges: Vec<(String, String)> = def
            .params
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                p.ty.as_int().map(|t| {
                    let t = crate::spec::coq_ity(t);
                    (format!("R{i}"), format!("min_of {t} <= a{i} <= max_of {t}"))
                })
            })
            .collect();
        let hyps: String = ranges.iter().map(|(_, h)| format!("{h} ->\n  ")).collect();
        let hyp_names: String = ranges.iter().map(|(n, _)| format!("{n} ")).collect();
        let (spec_id, loop_id) = (coq_ident(spec), coq_ident(loop_fn));
        let name = format!("{spec_id}_refines");
        let proved = cx.p.ref_tactics.get(spec.as_str()) == Some(&RefTactic::Loop);
        let proof = if proved {
            tactics = true;
            let fuel = format!("{spec_id}_fuel_refines");
            body.push_str(&format!(
                "(** The same for the two with their fuel, the loop function's at least the loop spec's. *)\n\
                 Lemma {fuel} : forall n m {binders}r, (n <= m)%nat ->\n  {hyps}{spec_id}_fuel n{applied} = Returns (Some r) ->\n  {loop_id}_fuel m{applied} = Returns (Some r).\n\
                 Proof.\n  induction n as [|n IH]; intros m {binders}r Hle {hyp_names}H; [discriminate H |].\n  destruct m as [|m]; [lia |].\n  {}.\nQed.\n\n",
                RefTactic::Loop.coq()
            ));
            names.push((fuel.clone(), true));
            format!(
                "Proof.\n  intros {binders}r {hyp_names}H. unfold {spec_id}, {loop_id} in *.\n  eapply {fuel}; [idtac | assumption .. | exact H]; autov_fuel_le.\nQed.\n"
            )
        } else {
            admitted(NO_LOOP_PROOF)
        };
        body.push_str(&format!(
            "(** Whenever the loop spec gives a result from arguments in the ranges of their types,\n    the loop function gives it too. *)\n\
             Theorem {name} : forall {binders}r,\n  {hyps}{spec_id}{applied} = Returns (Some r) -> {loop_id}{applied} = Returns (Some r).\n{proof}\n"
        ));
        names.push((name, proved));
    }
    modules.sort();
    modules.dedup();
    let tactics = if tactics {
        "From Coq Require Import Lia.\nFrom Autov Require Import RefTac.\n"
    } else {
        ""
    };
    Ok((
        format!(
            "{}{tactics}{}{body}",
            header(&format!("The loop specs of `{f}`.")),
            imports(&modules)
        ),
        names,
    ))
}

/// The written loop specs of C function `f` that its written spec's `Spec.v` prints (those
/// the spec calls); none for a function without a written spec.
fn loops_in_spec(cx: &Ctx, f: &str) -> Result<std::collections::BTreeSet<String>, ExportError> {
    if cx.derived.contains(f) {
        return Ok(Default::default());
    }
    cx.printed_aux(cx.def(f)?)
}

/// The proved loop specs (tactic [`RefTactic::Loop`]) of `f`'s loops that `f`'s `Spec.v`
/// prints, each with its loop function: `RefProof.v` uses their lemmas of `LoopProof.v`.
fn proved_loops(cx: &Ctx, l: usize, f: &str) -> Result<Vec<(String, String)>, ExportError> {
    let in_spec = loops_in_spec(cx, f)?;
    Ok(cx.p.layers[l]
        .loop_specs
        .iter()
        .filter(|(s, c, _)| {
            c == f
                && in_spec.contains(s)
                && cx.p.ref_tactics.get(s.as_str()) == Some(&RefTactic::Loop)
        })
        .map(|(s, _, lf)| (s.clone(), lf.clone()))
        .collect())
}

/// `LowSpec.v`: the low spec and its loop functions, the low spec as a primitive, and for a
/// function without a written spec its spec, which is its low spec.
fn low_spec(cx: &Ctx, l: usize, f: &str, derived: bool) -> Result<String, ExportError> {
    let defs = cx.low_defs(f)?;
    let mut modules = vec![cx.module("DataTypes")];
    for d in &defs {
        modules.extend(cx.callee_modules(d, &defs, l)?);
    }
    modules.sort();
    modules.dedup();
    let low = low_spec_name(f);
    let shape = Shape::of(cx.def(&low)?, cx.bottom).map_err(input)?;
    let prim = shape.prim(
        &format!("{}_prim", coq_ident(&low)),
        &low,
        &coq_ty(&cx.bottom.state),
    );
    let spec = if derived {
        format!(
            "(** `{f}` has no written spec: its spec is its low spec. *)
Definition {} := {}.
",
            coq_ident(f),
            coq_ident(&low)
        )
    } else {
        String::new()
    };
    Ok(format!(
        "{}{}{}{prim}{spec}",
        header(&format!(
            "The low spec of `{f}` (layer {}): its code run over the specs of the layers below.",
            cx.p.layers[l].name
        )),
        imports(&modules),
        print_defs(cx, &defs)?
    ))
}

/// `Spec.v` of a function: its written spec.
fn written_spec(cx: &Ctx, l: usize, f: &str) -> Result<String, ExportError> {
    let def = cx.def(f)?;
    let mut modules = vec![cx.module("DataTypes")];
    modules.extend(cx.callee_modules(def, &[def], l)?);
    modules.sort();
    modules.dedup();
    Ok(format!(
        "{}{}{}",
        header(&format!(
            "The written spec of `{f}` (layer {}).",
            cx.p.layers[l].name
        )),
        imports(&modules),
        print_defs(cx, &[def])?
    ))
}

/// `CodeProof.v`: the IR of `f`, run over layer `below`, refines its low spec. The proof is
/// generated (by `autov_code`) when `tactic` says so.
fn code_proof(
    cx: &Ctx,
    l: usize,
    f: &str,
    below: &str,
    tactic: bool,
) -> Result<String, ExportError> {
    let layer = &cx.p.layers[l].name;
    let low = coq_ident(&low_spec_name(f));
    let (tactics, proof) = if tactic {
        (
            "From Autov Require Import CodeTac.\n",
            format!("Proof.\n  autov_code {below}_exec.\nQed.\n"),
        )
    } else {
        ("", admitted(NO_CODE_PROOF))
    };
    Ok(format!(
        "{}{tactics}{}(** Whenever the low spec [{low}] gives result [x] and state [s'] from arguments\n    standing for the values [vs] and state [s], the code of `{f}` called with [vs] over layer\n    {below} from [s] and an empty stack returns the C value of [x] with state [s']. *)\n\
         Theorem {}_code : prim_refines eq {low}_prim (code_spec {below}_layer {CODE} {}).\n{}",
        header(&format!("The code of `{f}` refines its low spec.")),
        imports(&[
            cx.module("Code"),
            cx.module("DataTypes"),
            cx.module(&format!("{below}.Layer")),
            cx.module(&format!("{layer}.{f}.LowSpec")),
        ]),
        coq_ident(f),
        string_lit(f),
        proof
    ))
}

/// `RefProof.v`: the low spec refines the spec under the layer's relation, per function and
/// as primitives.
/// The proof of a written spec is generated when a tactic is given for it; the lemmas of its
/// proved loop specs (`LoopProof.v`) are then hypotheses of the proof.
fn ref_proof(
    cx: &Ctx,
    l: usize,
    f: &str,
    derived: bool,
    tactic: Option<RefTactic>,
) -> Result<String, ExportError> {
    let layer = &cx.p.layers[l].name;
    let shape = Shape::of(cx.def(f)?, cx.bottom).map_err(input)?;
    let id = coq_ident(f);
    let low = coq_ident(&low_spec_name(f));
    let args = shape.arg_names();
    let binders = args.iter().map(|a| format!("{a} ")).collect::<String>();
    let applied = args.iter().map(|a| format!(" {a}")).collect::<String>();
    let state = coq_ty(&cx.bottom.state);
    let rel = format!("{layer}_R");
    let mut ref_modules = vec![
        cx.module("DataTypes"),
        cx.module(&format!("{layer}.Spec")),
        cx.module(&format!("{layer}.RefineRel")),
        cx.module(&format!("{layer}.{f}.LowSpec")),
        cx.spec_module(f, l)?,
    ];
    let loops = if tactic.is_some() {
        proved_loops(cx, l, f)?
    } else {
        Vec::new()
    };
    if !loops.is_empty() {
        ref_modules.push(cx.module(&format!("{layer}.{f}.LoopProof")));
    }
    ref_modules.dedup();
    // The loop specs and loop functions stay folded ([cbn] would run one iteration of each),
    // and their lemmas are hypotheses the tactic rewrites with.
    let folded: String = loops
        .iter()
        .map(|(s, lf)| {
            format!(
                "Local Arguments {} : simpl never.\nLocal Arguments {} : simpl never.\n",
                coq_ident(s),
                coq_ident(lf)
            )
        })
        .collect::<String>()
        + if loops.is_empty() { "" } else { "\n" };
    let lemmas: String = loops
        .iter()
        .enumerate()
        .map(|(i, (s, _))| {
            format!(
                "  pose proof (mark_loop_lemma _ {}_refines) as L{i}.\n",
                coq_ident(s)
            )
        })
        .collect();
    let proof = if derived {
        format!(
            "Proof.\n  intros {binders}h l x h' _ HR HS. unfold {rel} in *. subst l.\n  exists h'. split; [exact HS | reflexivity].\nQed.\n"
        )
    } else if let Some(t) = tactic {
        format!(
            "Proof.\n{lemmas}  unfold {rel}, {id}, {low}.\n  {}.\nQed.\n",
            t.coq()
        )
    } else {
        admitted(NO_REF_PROOF)
    };
    let tactics = if tactic.is_some() {
        "From Autov Require Import RefTac.\n"
    } else {
        ""
    };
    let pattern = format!("[{}]", args.join("; "));
    let nested: String = args.iter().map(|a| format!("[|{a} ")).collect::<String>()
        + "[|]"
        + &"]".repeat(args.len());
    Ok(format!(
        "{}{tactics}{}{folded}(** Whenever the spec of `{f}` gives result [x] and state [h'] from state [h] (arguments\n    in the range of their types), its low spec gives [x] from any state [l] related to [h],\n    with a state related to [h']. *)\n\
         Theorem {id}_refines : forall {binders}(h l : {state}) x h',\n  args_val {} {pattern} <> None -> {rel} h l ->\n  {} = Returns (Some (x, h')) ->\n  exists l', {low}{applied} l = Returns (Some (x, l')) /\\ {rel} h' l'.\n{proof}\n\
         (** The same, for the spec and the low spec as primitives. *)\n\
         Theorem {id}_refines_prim : prim_refines {rel} {id}_spec_prim {low}_prim.\nProof.\n  intros vs h l r h' HR (zs & x & Hargs & HS & ->).\n  destruct zs as {nested}; cbv beta iota in HS; try discriminate HS.\n  assert (Hin : args_val {} {pattern} <> None) by congruence.\n  destruct ({id}_refines{applied} h l x h' Hin HR HS) as (l' & HL & HR').\n  exists l'. split; [| exact HR'].\n  unfold {low}_prim, spec_prim. exists {pattern}, x. split; [exact Hargs |]. split; [exact HL | reflexivity].\nQed.\n",
        header(&format!("The low spec of `{f}` refines its spec.")),
        imports(&ref_modules),
        shape.arg_types(),
        shape.call(f, "h"),
        shape.arg_types(),
    ))
}
