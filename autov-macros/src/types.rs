//! Types in specs: which Rust types the DSL accepts, and the code that describes them.
//!
//! Every accepted type implements `autov::spec::SpecType` (integers, `bool`, tuples, `Option`,
//! arrays, `autov::Map` in autov; structs and enums by `#[derive(SpecType)]`), so the generated
//! code asks the trait for the type's term.

use crate::errors::Errors;
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

/// Reports the parts of `ty` outside the DSL's types.
pub fn check(ty: &syn::Type, errors: &mut Errors) {
    match ty {
        syn::Type::Path(p) if p.qself.is_none() => check_path(&p.path, errors),
        syn::Type::Array(a) => check(&a.elem, errors),
        syn::Type::Tuple(t) => t.elems.iter().for_each(|t| check(t, errors)),
        syn::Type::Paren(p) => check(&p.elem, errors),
        syn::Type::Group(g) => check(&g.elem, errors),
        syn::Type::Reference(_) => errors.at(
            ty.span(),
            "references are only allowed as the type of a parameter (`st: &State`): write the type itself",
        ),
        syn::Type::Slice(_) => errors.at(ty.span(), "slices are not supported: use a fixed-size array `[T; N]`"),
        syn::Type::Ptr(_) => {
            errors.at(ty.span(), "raw pointers are not supported: model memory as fields of the state")
        }
        _ => errors.at(ty.span(), "this type is not supported in specs: write a named type, tuple, array or Option"),
    }
}

fn check_path(path: &syn::Path, errors: &mut Errors) {
    let Some(last) = path.segments.last() else {
        return;
    };
    let name = last.ident.to_string();
    let advice = match name.as_str() {
        "u128" | "i128" | "isize" => {
            Some("this integer type is not supported: use one of u8..u64, usize, i8..i64")
        }
        "f32" | "f64" => Some("floating point is not supported in specs: use integers"),
        "String" | "str" | "char" => {
            Some("strings and chars are not supported in specs: use an enum or integers")
        }
        "Vec" | "VecDeque" => Some(
            "growable vectors are not supported: use a fixed-size array `[T; N]` or `autov::Map`",
        ),
        "HashMap" | "BTreeMap" | "HashSet" | "BTreeSet" => {
            Some("use `autov::Map<K, V>`, a total map with a default")
        }
        "Box" | "Rc" | "Arc" | "RefCell" | "Cell" => {
            Some("store the value itself: specs have no heap")
        }
        _ => None,
    };
    if let Some(advice) = advice {
        errors.at(last.ident.span(), advice);
    }
    if let syn::PathArguments::AngleBracketed(args) = &last.arguments {
        for a in &args.args {
            match a {
                syn::GenericArgument::Type(t) => check(t, errors),
                _ => errors.at(a.span(), "only type arguments are supported here"),
            }
        }
    }
}

/// The expression that yields the `autov::spec::Ty` of `ty`.
pub fn term(ty: &syn::Type) -> TokenStream {
    quote_spanned!(ty.span()=> <#ty as ::autov::spec::SpecType>::ty())
}

/// The function that declares the named types `ty` mentions.
pub fn declare(ty: &syn::Type) -> TokenStream {
    quote_spanned!(ty.span()=> <#ty as ::autov::spec::SpecType>::declare)
}

/// The type named by `path` (a struct or enum name used in a literal or pattern).
pub fn from_path(path: &syn::Path) -> syn::Type {
    syn::Type::Path(syn::TypePath {
        qself: None,
        path: path.clone(),
    })
}

/// `Some(t)` or `None` as tokens.
pub fn optional(t: Option<TokenStream>) -> TokenStream {
    match t {
        Some(t) => quote!(::std::option::Option::Some(#t)),
        None => quote!(::std::option::Option::None),
    }
}
