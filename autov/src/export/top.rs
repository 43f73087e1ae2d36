//! The project-wide files: the library, `Code.v`, `DataTypes.v`, `TrustedBase.v`,
//! `MemInterp.v`, the bottom layer, `_CoqProject` and the `Makefile`.

use super::memory::{mem_interp, MemorySource};
use super::text::{header, imports, Shape};
use super::{input, print_defs, printable, CoqFile, Ctx, ExportError, CODE};
use crate::spec::{coq_ident, coq_ty, print_coq, Program};

/// The Coq library (`Autov/`): the IR semantics and the spec library.
pub(super) fn library() -> Vec<CoqFile> {
    crate::coq::library_files()
        .iter()
        .chain(crate::coq::spec_library_files())
        .map(|(name, text)| CoqFile {
            path: format!("Autov/{name}"),
            kind: "library",
            text: text.to_string(),
            lemmas: Vec::new(),
        })
        .collect()
}

/// `Code.v`, `DataTypes.v`, `TrustedBase.v`, `MemInterp.v` and `Bottom/Layer.v`.
pub(super) fn development(cx: &Ctx) -> Result<Vec<CoqFile>, ExportError> {
    Ok(vec![
        file(
            cx,
            "Code.v",
            "code",
            crate::coq::print_module(cx.p.module, CODE),
        ),
        file(cx, "DataTypes.v", "data-types", data_types(cx)?),
        file(cx, "TrustedBase.v", "trusted-base", trusted_base(cx)?),
        file(cx, "MemInterp.v", "memory-interp", memory(cx)?),
        file(
            cx,
            &format!("{}/Layer.v", cx.bottom.name),
            "layer",
            bottom_layer(cx)?,
        ),
    ])
}

fn file(cx: &Ctx, rel: &str, kind: &'static str, text: String) -> CoqFile {
    CoqFile {
        path: cx.path(rel),
        kind,
        text,
        lemmas: Vec::new(),
    }
}

/// The state types and constants: the first file the spec printer gives.
fn data_types(cx: &Ctx) -> Result<String, ExportError> {
    let program = Program {
        types: cx.p.program.types.clone(),
        fns: cx
            .p
            .program
            .fns
            .iter()
            .map(|(n, d)| (n.clone(), printable(d)))
            .collect(),
        layers: Vec::new(),
    };
    let files = print_coq(&program).map_err(|e| input(e.to_string()))?;
    let (_, text) = files
        .into_iter()
        .next()
        .ok_or_else(|| input("the spec printer gave no DataTypes"))?;
    Ok(format!(
        "(** The state types and the constants of the specs. *)\n{text}"
    ))
}

fn trusted_base(cx: &Ctx) -> Result<String, ExportError> {
    let specs = cx
        .bottom
        .specs
        .iter()
        .map(|s| cx.def(&s.name))
        .collect::<Result<Vec<_>, _>>()?;
    let names: Vec<&str> = specs.iter().map(|s| s.name.as_str()).collect();
    Ok(format!(
        "{}(** Every assumption of this development is here: the C code of the {} layer (hardware\n    primitives) is not verified; the code above calls these specs instead. They are\n    definitions, not axioms; there is no [Axiom] or [Parameter]. The trusted specs:\n    {}. *)\n\n{}{}",
        header(&format!("The trusted base: the specs of the {} layer.", cx.bottom.name)),
        cx.bottom.name,
        names.join(", "),
        imports(&[cx.module("DataTypes")]),
        print_defs(cx, &specs)?
    ))
}

fn memory(cx: &Ctx) -> Result<String, ExportError> {
    let src = MemorySource {
        module: &cx.p.module.ir,
        types: &cx.p.program.types,
        state: &cx.bottom.state,
        interp: cx.p.memory,
        code: CODE,
    };
    let body = mem_interp(&src).map_err(|e| input(format!("memory interpretation: {e}")))?;
    Ok(format!(
        "{}From Autov Require Import MemLayer.\n{}{body}",
        header("The memory interpretation: global memory as places of the state."),
        imports(&[cx.module("Code"), cx.module("DataTypes")])
    ))
}

/// The bottom layer: the state, the memory interpretation, the trusted specs as primitives.
fn bottom_layer(cx: &Ctx) -> Result<String, ExportError> {
    let state = coq_ty(&cx.bottom.state);
    let mut out = header(&format!(
        "Layer {}: the trusted specs as the primitives of a layer.",
        cx.bottom.name
    ));
    out.push_str(&imports(&[
        cx.module("DataTypes"),
        cx.module("TrustedBase"),
        cx.module("MemInterp"),
    ]));
    let mut arms = Vec::new();
    for s in &cx.bottom.specs {
        let def = cx.def(&s.name)?;
        let shape = Shape::of(def, cx.bottom).map_err(input)?;
        let prim = format!("{}_spec_prim", coq_ident(&s.name));
        out.push_str(&shape.layer_prim(&prim, &s.name, &state));
        arms.push((s.name.clone(), prim));
    }
    out.push_str(&super::layer::layer_record(
        &cx.bottom.name,
        &state,
        &arms,
        None,
    ));
    Ok(out)
}

/// `_CoqProject`: the library as `Autov`, the development under its name, every `.v` file.
pub(super) fn coq_project(files: &[CoqFile]) -> CoqFile {
    let mut text = String::from("-Q Autov Autov\n");
    let roots: std::collections::BTreeSet<&str> = files
        .iter()
        .filter_map(|f| f.path.split_once('/').map(|(root, _)| root))
        .filter(|r| *r != "Autov")
        .collect();
    for r in roots {
        text.push_str(&format!("-R {r} {r}\n"));
    }
    let mut vs: Vec<&str> = files
        .iter()
        .map(|f| f.path.as_str())
        .filter(|p| p.ends_with(".v"))
        .collect();
    vs.sort();
    for v in vs {
        text.push_str(v);
        text.push('\n');
    }
    CoqFile {
        path: "_CoqProject".into(),
        kind: "build",
        text,
        lemmas: Vec::new(),
    }
}

/// The `Makefile`: `make` (or `make -j2`) builds everything with coqc through coq_makefile.
pub(super) fn makefile() -> CoqFile {
    CoqFile {
        path: "Makefile".into(),
        kind: "build",
        text: MAKEFILE.into(),
        lemmas: Vec::new(),
    }
}

const MAKEFILE: &str = "\
# Builds this Coq development with coqc (through coq_makefile); `make -j2` builds in parallel.
all: CoqMakefile
\t+$(MAKE) -f CoqMakefile
CoqMakefile: _CoqProject
\tcoq_makefile -f _CoqProject -o CoqMakefile
clean: CoqMakefile
\t+$(MAKE) -f CoqMakefile clean
.PHONY: all clean
";
