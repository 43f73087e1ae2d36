//! Lowering of Rust patterns to `autov::spec::Pat`.

use crate::lower::Lower;
use crate::names::{is_camel_name, is_const_name, last_segment, string};
use crate::types;
use proc_macro2::TokenStream;
use quote::quote;
use syn::spanned::Spanned;

/// A variable a pattern binds.
pub struct Binding {
    /// Its name.
    pub name: String,
    /// Whether it was bound `mut`.
    pub mutable: bool,
}

impl Lower {
    /// The term of pattern `p`, adding what it binds to `bound`.
    pub fn pat(&mut self, p: &syn::Pat, bound: &mut Vec<Binding>) -> TokenStream {
        match p {
            syn::Pat::Wild(_) => quote!(::autov::spec::Pat::Wild),
            syn::Pat::Ident(i) => self.pat_ident(i, bound),
            syn::Pat::Lit(l) => self.pat_lit(&l.lit, false),
            syn::Pat::Tuple(t) => {
                let ps: Vec<_> = t.elems.iter().map(|p| self.pat(p, bound)).collect();
                quote!(::autov::spec::Pat::Tuple(vec![#(#ps),*]))
            }
            syn::Pat::Paren(p) => self.pat(&p.pat, bound),
            syn::Pat::Type(t) => self.pat(&t.pat, bound),
            syn::Pat::Or(o) => {
                let ps: Vec<_> = o.cases.iter().map(|p| self.pat(p, bound)).collect();
                quote!(::autov::spec::Pat::Or(vec![#(#ps),*]))
            }
            syn::Pat::Path(p) => self.pat_constructor(&p.path, &[], bound),
            syn::Pat::TupleStruct(t) => {
                let elems: Vec<syn::Pat> = t.elems.iter().cloned().collect();
                self.pat_constructor(&t.path, &elems, bound)
            }
            syn::Pat::Struct(_) => self.unsupported_pat(
                p,
                "struct patterns are not supported: bind the value and read its fields",
            ),
            syn::Pat::Range(_) => self.unsupported_pat(
                p,
                "range patterns are not supported: use an `if` on comparisons",
            ),
            syn::Pat::Rest(_) => self.unsupported_pat(
                p,
                "`..` in patterns is not supported: name every element (with `_`)",
            ),
            syn::Pat::Reference(_) => self.unsupported_pat(
                p,
                "reference patterns are not supported: match on the value",
            ),
            syn::Pat::Slice(_) => {
                self.unsupported_pat(p, "slice patterns are not supported: index the array")
            }
            _ => self.unsupported_pat(p, "this pattern is not supported in specs"),
        }
    }

    fn unsupported_pat(&mut self, p: &syn::Pat, message: &str) -> TokenStream {
        self.errors.at(p.span(), message);
        quote!(::autov::spec::Pat::Wild)
    }

    fn pat_ident(&mut self, i: &syn::PatIdent, bound: &mut Vec<Binding>) -> TokenStream {
        if i.by_ref.is_some() {
            self.errors
                .at(i.span(), "`ref` bindings are not supported: bind by value");
        }
        if let Some((at, _)) = &i.subpat {
            self.errors.at(
                at.span(),
                "`@` bindings are not supported: bind the value, then match it",
            );
        }
        let name = i.ident.to_string();
        if name == "None" && i.subpat.is_none() {
            return quote!(::autov::spec::Pat::None);
        }
        if is_const_name(&name) {
            self.errors.at(
                i.span(),
                "constants in patterns are not supported: bind the value and compare it with `==`",
            );
        } else if is_camel_name(&name) {
            self.errors.at(
                i.span(),
                "write the enum variant with its enum, `Enum::Variant`",
            );
        }
        bound.push(Binding {
            name: name.clone(),
            mutable: i.mutability.is_some(),
        });
        let n = string(&name);
        quote!(::autov::spec::Pat::Bind(#n))
    }

    fn pat_lit(&mut self, lit: &syn::Lit, negative: bool) -> TokenStream {
        match lit {
            syn::Lit::Int(i) => match i.base10_parse::<i128>() {
                Ok(v) => {
                    let v = if negative { -v } else { v };
                    quote!(::autov::spec::Pat::Int(#v))
                }
                Err(e) => {
                    self.errors.push(e);
                    quote!(::autov::spec::Pat::Wild)
                }
            },
            syn::Lit::Bool(b) => {
                let v = b.value;
                quote!(::autov::spec::Pat::Bool(#v))
            }
            _ => {
                self.errors.at(
                    lit.span(),
                    "only integer and boolean literals are supported in patterns",
                );
                quote!(::autov::spec::Pat::Wild)
            }
        }
    }

    /// `None`, `Some(p)`, `Enum::Variant` or `Enum::Variant(p, ..)`.
    fn pat_constructor(
        &mut self,
        path: &syn::Path,
        elems: &[syn::Pat],
        bound: &mut Vec<Binding>,
    ) -> TokenStream {
        let name = last_segment(path);
        let args: Vec<_> = elems.iter().map(|p| self.pat(p, bound)).collect();
        match (name.as_str(), args.as_slice()) {
            ("None", []) => return quote!(::autov::spec::Pat::None),
            ("Some", [a]) => return quote!(::autov::spec::Pat::Some(::std::boxed::Box::new(#a))),
            _ => {}
        }
        let Some(enum_path) = enum_of(path) else {
            self.errors.at(
                path.span(),
                "write the enum variant with its enum, `Enum::Variant`",
            );
            return quote!(::autov::spec::Pat::Wild);
        };
        self.types
            .push(types::declare(&types::from_path(&enum_path)));
        let (e, v) = (string(&last_segment(&enum_path)), string(&name));
        quote!(::autov::spec::Pat::Variant { enum_name: #e, variant: #v, args: vec![#(#args),*] })
    }
}

/// The enum of a variant path `a::Enum::Variant`, if the path has one.
pub fn enum_of(path: &syn::Path) -> Option<syn::Path> {
    if path.segments.len() < 2 {
        return None;
    }
    let mut p = path.clone();
    p.segments.pop();
    let last = p.segments.pop()?.into_value();
    p.segments.push(last);
    Some(p)
}
