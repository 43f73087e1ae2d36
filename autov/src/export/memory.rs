//! `MemInterp.v`: the memory interpretation as load and store functions on the abstract state.
//!
//! It is the Coq counterpart of the structural interpretation low specs use
//! (`lowspec::MemoryInterp`, DESIGN §4.4): a C global declared to be a place of the state is
//! walked along its C type and the Rust type of that place together — a C struct is the Rust
//! struct with the same number of fields in order, a C array a Rust array of the same length or
//! a map with integer keys, an `iN` an integer or `bool`. Only an access of a whole scalar field
//! is defined; any other access of the global (padding, part of a field, a pointer-sized read
//! of an integer) is stuck. Read-only globals outside the interpretation are read from their
//! initial bytes (`MemLayer.init_mem`), as low specs read lookup tables.

use super::text;
use crate::ir::{self, Type};
use crate::lowspec::MemoryInterp;
use crate::spec::{coq_ident, coq_ty, Ty, TypeEnv};
use std::collections::{BTreeMap, HashMap};

/// What the generator needs: the module's layouts, the state's types, the interpretation.
pub struct MemorySource<'a> {
    /// The IR module (globals and struct layouts).
    pub module: &'a ir::Module,
    /// The spec types.
    pub types: &'a TypeEnv,
    /// The abstract state type.
    pub state: &'a Ty,
    /// Which global is which place of the state.
    pub interp: &'a MemoryInterp,
    /// The Coq name of the module's code (for the initial bytes of read-only globals).
    pub code: &'a str,
}

/// The text of `MemInterp.v`, defining `mi_load` and `mi_store`; the imports come from the
/// caller.
pub fn mem_interp(src: &MemorySource) -> Result<String, String> {
    let mut g = Gen {
        src,
        structs: src
            .module
            .structs
            .iter()
            .map(|s| (s.name.as_str(), s))
            .collect(),
        done: BTreeMap::new(),
        out: String::new(),
    };
    let mut load_arms = Vec::new();
    let mut store_arms = Vec::new();
    for (global, path) in &src.interp.globals {
        let c_ty = &src
            .module
            .globals
            .iter()
            .find(|x| &x.name == global)
            .ok_or_else(|| format!("the memory interpretation names an unknown global @{global}"))?
            .ty;
        let (getter, setter, rust_ty) = place(src, path)?;
        let (ld, st) = g.access(c_ty, &rust_ty)?;
        let name = text::string_lit(global);
        load_arms.push(format!("if String.eqb g {name} then {ld} c ofs {getter}"));
        store_arms.push(format!(
            "if String.eqb g {name} then option_map (fun x => {}) ({st} c ofs v {getter})",
            setter("x")
        ));
    }
    for ro in src.module.globals.iter().filter(|x| x.is_const) {
        if !src.interp.globals.iter().any(|(n, _)| *n == ro.name) {
            load_arms.push(format!(
                "if String.eqb g {} then ro_load (init_mem {}) c b ofs",
                text::string_lit(&ro.name),
                src.code
            ));
        }
    }
    let state = coq_ty(src.state);
    let mut out = g.out;
    out.push_str(&format!(
        "(** Loads of global memory: the interpreted globals from the state, read-only globals\n    from their initial bytes; anything else is stuck. *)\n\
         Definition mi_load (c : chunk) (b : block) (ofs : Z) (s : {state}) : option val :=\n  match b with\n  | BGlob g =>\n    {}\n  | _ => None\n  end.\n\n",
        chain(&load_arms)
    ));
    out.push_str(&format!(
        "(** Stores into global memory: only the interpreted globals, into the state. *)\n\
         Definition mi_store (c : chunk) (b : block) (ofs : Z) (v : val) (s : {state}) : option {state} :=\n  match b with\n  | BGlob g =>\n    {}\n  | _ => None\n  end.\n",
        chain(&store_arms)
    ));
    Ok(out)
}

/// `if .. then .. else if .. else None`.
fn chain(arms: &[String]) -> String {
    let mut out = String::new();
    for a in arms {
        out.push_str(a);
        out.push_str("\n    else ");
    }
    out.push_str("None");
    out
}

type Setter = Box<dyn Fn(&str) -> String>;

/// The getter term (applied to `s`), the setter (the state with the place set to a term) and
/// the Rust type of the place at `path` from the state.
fn place(src: &MemorySource, path: &[String]) -> Result<(String, Setter, Ty), String> {
    let mut ty = src.state.clone();
    let mut getter = "s".to_string();
    let mut setter: Setter = Box::new(|x: &str| x.to_string());
    for field in path {
        let Ty::Named(owner) = &ty else {
            return Err(format!("field `{field}` of non-struct type {ty}"));
        };
        let fields = src
            .types
            .struct_fields(owner)
            .ok_or_else(|| format!("{owner} is not a struct"))?;
        let next = fields
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, t)| t.clone())
            .ok_or_else(|| format!("{owner} has no field `{field}`"))?;
        let owner = coq_ident(owner);
        let outer = getter.clone();
        let inner_getter = format!("({owner}_{field} {outer})");
        let field = field.clone();
        setter = Box::new(move |x: &str| setter(&format!("({owner}_set_{field} {outer} {x})")));
        getter = inner_getter;
        ty = next;
    }
    Ok((getter, setter, ty))
}

struct Gen<'a> {
    src: &'a MemorySource<'a>,
    structs: HashMap<&'a str, &'a ir::StructType>,
    /// Rust struct → the C struct its functions were generated for.
    done: BTreeMap<String, String>,
    out: String,
}

impl Gen<'_> {
    /// The load and store functions (`chunk -> Z -> A -> option val` and
    /// `chunk -> Z -> val -> A -> option A`) of a C type holding a Rust type.
    fn access(&mut self, c: &Type, r: &Ty) -> Result<(String, String), String> {
        match (c, r) {
            (Type::Int(w), Ty::Int(t)) if *w == t.bits() => Ok((
                format!("(scalar_load {w}%N)"),
                format!("(scalar_store {w}%N {})", crate::spec::coq_ity(*t)),
            )),
            (Type::Int(w), Ty::Bool) => {
                Ok((format!("(bool_load {w}%N)"), format!("(bool_store {w}%N)")))
            }
            (Type::Array(elem, n), Ty::Array(t, m)) if n == m => {
                let stride = self.size_of(elem)?;
                let (ld, st) = self.access(elem, t)?;
                Ok((
                    format!("(array_load {n} {stride} {ld})"),
                    format!("(array_store {n} {stride} {st})"),
                ))
            }
            (Type::Array(elem, n), Ty::Map(k, v)) if k.as_int().is_some() => {
                let stride = self.size_of(elem)?;
                let (ld, st) = self.access(elem, v)?;
                Ok((
                    format!("(map_load {n} {stride} {ld})"),
                    format!("(map_store {n} {stride} {st})"),
                ))
            }
            (Type::Named(cn), Ty::Named(rn)) if self.src.types.struct_fields(rn).is_some() => {
                self.structure(cn, rn)?;
                let r = coq_ident(rn);
                Ok((format!("ld_{r}"), format!("st_{r}")))
            }
            _ => Err(format!(
                "the C type {c} does not match the state's type {r}"
            )),
        }
    }

    /// Generates `ld_R` and `st_R` for Rust struct `rn` laid out as C struct `cn`.
    fn structure(&mut self, cn: &str, rn: &str) -> Result<(), String> {
        if let Some(prev) = self.done.get(rn) {
            return if prev == cn {
                Ok(())
            } else {
                Err(format!("{rn} stands for both %{prev} and %{cn}"))
            };
        }
        self.done.insert(rn.to_string(), cn.to_string());
        let def = *self
            .structs
            .get(cn)
            .ok_or_else(|| format!("unknown struct type %{cn}"))?;
        let fields = self
            .src
            .types
            .struct_fields(rn)
            .expect("checked by the caller")
            .to_vec();
        if fields.len() != def.fields.len() {
            return Err(format!(
                "%{cn} has {} fields, {rn} {}",
                def.fields.len(),
                fields.len()
            ));
        }
        let r = coq_ident(rn);
        let mut loads = Vec::new();
        let mut stores = Vec::new();
        for ((name, ty), cf) in fields.iter().zip(&def.fields) {
            let (ld, st) = self.access(&cf.ty, ty)?;
            let (at, size) = (cf.offset, self.size_of(&cf.ty)?);
            loads.push(format!(
                "if in_field {at} {size} ofs then {ld} c (ofs - {at}) ({r}_{name} x)"
            ));
            stores.push(format!(
                "if in_field {at} {size} ofs then option_map ({r}_set_{name} x) ({st} c (ofs - {at}) v ({r}_{name} x))"
            ));
        }
        self.out.push_str(&format!(
            "(** Loads from a [%{cn}] holding a [{rn}]. *)\nDefinition ld_{r} (c : chunk) (ofs : Z) (x : {r}) : option val :=\n  {}.\n\n",
            chain(&loads).replace("\n    else", "\n  else")
        ));
        self.out.push_str(&format!(
            "(** Stores into a [%{cn}] holding a [{rn}]. *)\nDefinition st_{r} (c : chunk) (ofs : Z) (v : val) (x : {r}) : option {r} :=\n  {}.\n\n",
            chain(&stores).replace("\n    else", "\n  else")
        ));
        Ok(())
    }

    /// Size in bytes of a C type, as low specs compute it.
    fn size_of(&self, ty: &Type) -> Result<u64, String> {
        Ok(match ty {
            Type::Int(bits) => u64::from(bits.div_ceil(8)).next_power_of_two(),
            Type::Ptr => 8,
            Type::Array(e, n) | Type::Vector(e, n) => self.size_of(e)? * n,
            Type::Named(n) => {
                self.structs
                    .get(n.as_str())
                    .ok_or_else(|| format!("unknown struct type %{n}"))?
                    .size
            }
            other => return Err(format!("no layout for type {other}")),
        })
    }
}
