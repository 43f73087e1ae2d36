//! Procedural macros of autov: `#[layer]`, `#[spec]`, `#[helper]` and `#[derive(SpecType)]`.
//!
//! A spec stays ordinary Rust: the macros re-emit each function unchanged and add, next to it, a
//! function `__autov_spec_<name>() -> autov::spec::FnDef` that builds its term (see
//! `autov::spec`). Anything outside the spec language is a compile error at the offending
//! tokens, saying what to write instead; one expansion reports all of them.

mod derive;
mod errors;
mod layer;
mod lower;
mod names;
mod pat;
mod reanchor;
mod spec_fn;
mod types;

use proc_macro::TokenStream;

/// Declares a layer on an inline module; see `autov::spec` for the arguments and the
/// signature convention of the specs inside.
#[proc_macro_attribute]
pub fn layer(attr: TokenStream, item: TokenStream) -> TokenStream {
    let args = syn::parse_macro_input!(attr as layer::LayerArgs);
    let module = syn::parse_macro_input!(item as syn::ItemMod);
    layer::expand(args, module).into()
}

/// Marks a function as a spec, written in the spec language; `#[spec(measure = e)]` gives the
/// decreasing measure of a recursive spec.
#[proc_macro_attribute]
pub fn spec(attr: TokenStream, item: TokenStream) -> TokenStream {
    expand_fn(attr, item, spec_fn::Kind::Spec)
}

/// Marks a pure helper function that specs may call, written in the spec language.
#[proc_macro_attribute]
pub fn helper(attr: TokenStream, item: TokenStream) -> TokenStream {
    expand_fn(attr, item, spec_fn::Kind::Helper)
}

fn expand_fn(attr: TokenStream, item: TokenStream, kind: spec_fn::Kind) -> TokenStream {
    let args = syn::parse_macro_input!(attr as spec_fn::FnArgs);
    let f = syn::parse_macro_input!(item as syn::ItemFn);
    let mut errors = errors::Errors::default();
    let out = spec_fn::expand(&f, kind, args, &mut errors).unwrap_or_else(|f| f);
    let errs = errors.into_tokens();
    quote::quote!(#out #errs).into()
}

/// Describes a state struct (named fields) or enum (unit and tuple variants) to autov.
#[proc_macro_derive(SpecType)]
pub fn derive_spec_type(item: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(item as syn::DeriveInput);
    derive::derive(&input).into()
}
