//! The files of one layer: `Spec.v`, `RefineRel.v`, `Layer.v` and the layer theorem
//! `Refinement.v`.

use super::text::{header, imports, string_lit, Shape};
use super::{input, CoqFile, Ctx, ExportError, Lemma, CODE};
use crate::spec::{coq_ident, coq_ty};

/// The four files of layer `l`, over layer `below`.
pub(super) fn files(cx: &Ctx, l: usize, below: &str) -> Result<Vec<CoqFile>, ExportError> {
    let name = &cx.p.layers[l].name;
    let file = |rel: &str, kind, text, lemmas| CoqFile {
        path: cx.path(&format!("{name}/{rel}")),
        kind,
        text,
        lemmas,
    };
    let (theorem, lemma) = refinement(cx, l, below);
    Ok(vec![
        file("Spec.v", "spec", spec(cx, l)?, Vec::new()),
        file(
            "RefineRel.v",
            "refine-rel",
            refine_rel(cx, name),
            Vec::new(),
        ),
        file("Layer.v", "layer", layer(cx, l, below)?, Vec::new()),
        file("Refinement.v", "layer-theorem", theorem, vec![lemma]),
    ])
}

/// `Spec.v`: the layer's specs (each defined in its function's directory) as primitives.
fn spec(cx: &Ctx, l: usize) -> Result<String, ExportError> {
    let layer = &cx.p.layers[l];
    let state = coq_ty(&cx.bottom.state);
    let mut modules = vec![cx.module("DataTypes")];
    let mut prims = String::new();
    for f in &layer.functions {
        modules.push(cx.spec_module(f, l)?);
        let shape = Shape::of(cx.def(f)?, cx.bottom).map_err(input)?;
        prims.push_str(&shape.layer_prim(&format!("{}_spec_prim", coq_ident(f)), f, &state));
    }
    Ok(format!(
        "{}{}{prims}",
        header(&format!(
            "The specs of layer {}: a written spec is in its function's `Spec.v`, a derived one is its low spec (`LowSpec.v`).",
            layer.name
        )),
        imports(&modules)
    ))
}

/// `RefineRel.v`: the relation between the layer's state and the state of the layer below.
fn refine_rel(cx: &Ctx, name: &str) -> String {
    let state = coq_ty(&cx.bottom.state);
    format!(
        "{}{}(** Layer {name} declares no refinement relation: its state is the state below. *)\nDefinition {name}_R (h l : {state}) : Prop := h = l.\n",
        header(&format!("The refinement relation of layer {name}.")),
        imports(&[cx.module("DataTypes")])
    )
}

/// `Layer.v`: the layer's primitives are its specs, then those of the layer below.
fn layer(cx: &Ctx, l: usize, below: &str) -> Result<String, ExportError> {
    let name = &cx.p.layers[l].name;
    let state = coq_ty(&cx.bottom.state);
    let arms: Vec<(String, String)> = cx.p.layers[l]
        .functions
        .iter()
        .map(|f| (f.clone(), format!("{}_spec_prim", coq_ident(f))))
        .collect();
    Ok(format!(
        "{}{}{}",
        header(&format!(
            "Layer {name}: its specs, and those of every layer below, as a layer over the state."
        )),
        imports(&[
            cx.module("DataTypes"),
            cx.module("MemInterp"),
            cx.module(&format!("{below}.Layer")),
            cx.module(&format!("{name}.Spec")),
        ]),
        layer_record(name, &state, &arms, Some(below))
    ))
}

/// `<name>_prims` (the primitives `arms`, then those of `below`), `<name>_layer`, and its
/// executable version `<name>_exec` (each primitive's `spec_exec`), for the interpreter that
/// generated code proofs run.
pub(super) fn layer_record(
    name: &str,
    state: &str,
    arms: &[(String, String)],
    below: Option<&str>,
) -> String {
    let mut chain = String::new();
    let mut exec_chain = String::new();
    for (f, prim) in arms {
        let lit = string_lit(f);
        chain.push_str(&format!(
            "  if String.eqb name {lit} then Some {prim} else\n"
        ));
        exec_chain.push_str(&format!(
            "  if String.eqb name {lit} then {prim}_exec else\n"
        ));
    }
    let n = arms.len();
    let (rest, exec_rest, sound_rest) = match below {
        Some(b) => (
            format!("{b}_prims name"),
            format!("{b}_exec_prims name"),
            format!("exact {b}_exec_sound"),
        ),
        None => (
            "None".into(),
            "fun _ _ => None".into(),
            "apply exec_sound_nil".into(),
        ),
    };
    format!(
        "(** The primitives of layer {name}. *)\nDefinition {name}_prims (name : string) : option (prim_spec {state}) :=\n{chain}  {rest}.\n\n\
         (** Layer {name}: the state, global memory through the memory interpretation, the primitives. *)\n\
         Definition {name}_layer : layer := mklayer {state} mi_load mi_store {name}_prims.\n\n\
         (** The primitives of layer {name}, executable. *)\nDefinition {name}_exec_prims (name : string) : list val -> {state} -> option (option val * {state}) :=\n{exec_chain}  {exec_rest}.\n\n\
         (** What [{name}_exec_prims] computes, the primitives of layer {name} allow. *)\n\
         Lemma {name}_exec_sound : exec_sound {name}_exec_prims {name}_prims.\n\
         Proof.\n  unfold {name}_exec_prims, {name}_prims.\n  do {n} apply exec_sound_cons.\n  {sound_rest}.\nQed.\n\n\
         (** Layer {name}, executable: what generated code proofs run the code over. *)\n\
         Definition {name}_exec : exec_layer {name}_layer := mkexec_layer {name}_layer {name}_exec_prims {name}_exec_sound.\n"
    )
}

/// `Refinement.v`: the layer's code over the layer below refines the layer, from the
/// per-function lemmas.
fn refinement(cx: &Ctx, l: usize, below: &str) -> (String, Lemma) {
    let layer = &cx.p.layers[l];
    let name = &layer.name;
    let mut modules = vec![
        cx.module("Code"),
        cx.module("DataTypes"),
        cx.module(&format!("{below}.Layer")),
        cx.module(&format!("{name}.Layer")),
        cx.module(&format!("{name}.Spec")),
        cx.module(&format!("{name}.RefineRel")),
    ];
    let mut cases = String::new();
    for f in &layer.functions {
        modules.push(cx.module(&format!("{name}.{f}.RefProof")));
        modules.push(cx.module(&format!("{name}.{f}.CodeProof")));
        let id = coq_ident(f);
        cases.push_str(&format!(
            "  destruct Hin as [<- | Hin].\n  {{ exists {id}_spec_prim, (code_spec {below}_layer {CODE} {lit}).\n    split; [reflexivity |]. split; [apply (code_layer_prim {below}_layer {CODE} _); vm_compute; reflexivity |].\n    exact (prim_refines_trans _ _ _ _ _ _ {id}_refines_prim {id}_code). }}\n",
            lit = string_lit(f)
        ));
    }
    let names: Vec<String> = layer.functions.iter().map(|f| string_lit(f)).collect();
    let theorem = format!("{name}_refines");
    let text = format!(
        "{}{}(** The code of layer {name} ([{CODE}]), run over layer {below}, refines layer {name} under [{name}_R]:\n    each function's spec is refined by its code (RefProof and CodeProof of each function). *)\n\
         Theorem {theorem} :\n  layer_refines {name}_layer (code_layer {below}_layer {CODE}) {name}_R\n    [{}].\nProof.\n  intros name Hin.\n{cases}  destruct Hin.\nQed.\n",
        header(&format!("The refinement theorem of layer {name}.")),
        imports(&modules),
        names.join("; ")
    );
    let lemma = Lemma {
        name: theorem,
        layer: name.clone(),
        file: cx.path(&format!("{name}/Refinement.v")),
        admitted: None,
    };
    (text, lemma)
}
