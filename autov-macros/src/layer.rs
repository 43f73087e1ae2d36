//! `#[layer(..)]` on an inline module: expands the `#[spec]` and `#[helper]` functions in it and
//! adds `pub fn layer() -> autov::spec::LayerDef`.
//!
//! Arguments: `state = Type` (required), `name = "Name"` (default: the module's name),
//! `below = path::to::module` (a module with its own `#[layer]`), `refines = relation` (a
//! `#[helper] fn(&State, &BelowState) -> bool`), and `memory(global[offset, size] => field.path, ..)`.
//! Functions the layer introduces whose spec is derived from their code are declared in the module
//! by signature: `#[derived] pub fn f(x: u64, st: &State) -> Option<((), State)>;`.

use crate::errors::Errors;
use crate::names::{span_of, span_prelude, string, term_fn_path};
use crate::spec_fn::{self, FnArgs, Kind};
use crate::types;
use proc_macro2::TokenStream;
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::Token;

/// The parsed arguments of `#[layer(..)]`.
#[derive(Default)]
pub struct LayerArgs {
    name: Option<syn::LitStr>,
    below: Option<syn::Path>,
    state: Option<syn::Type>,
    refines: Option<syn::Path>,
    memory: Vec<MemoryEntry>,
}

/// `global[offset, size] => field.path`.
struct MemoryEntry {
    global: syn::Ident,
    offset: syn::Expr,
    size: syn::Expr,
    field: Punctuated<syn::Ident, Token![.]>,
}

impl Parse for MemoryEntry {
    fn parse(input: ParseStream) -> syn::Result<MemoryEntry> {
        let global = input.parse()?;
        let content;
        syn::bracketed!(content in input);
        let offset = content.parse()?;
        content.parse::<Token![,]>()?;
        let size = content.parse()?;
        input.parse::<Token![=>]>()?;
        let field = Punctuated::parse_separated_nonempty(input)?;
        Ok(MemoryEntry {
            global,
            offset,
            size,
            field,
        })
    }
}

const LAYER_KEYS: &str = "`name = \"..\"`, `below = module`, `state = Type`, `refines = relation`, `memory(global[offset, size] => field, ..)`";

impl Parse for LayerArgs {
    fn parse(input: ParseStream) -> syn::Result<LayerArgs> {
        let mut args = LayerArgs::default();
        while !input.is_empty() {
            let key: syn::Ident = input.parse()?;
            match key.to_string().as_str() {
                "name" => args.name = Some(value(input)?),
                "below" => args.below = Some(value(input)?),
                "state" => args.state = Some(value(input)?),
                "refines" => args.refines = Some(value(input)?),
                "memory" => {
                    let content;
                    syn::parenthesized!(content in input);
                    args.memory = Punctuated::<MemoryEntry, Token![,]>::parse_terminated(&content)?
                        .into_iter()
                        .collect();
                }
                _ => {
                    return Err(syn::Error::new(
                        key.span(),
                        format!("unknown layer argument; the arguments are {LAYER_KEYS}"),
                    ))
                }
            }
            if !input.is_empty() {
                input.parse::<Token![,]>()?;
            }
        }
        Ok(args)
    }
}

fn value<T: Parse>(input: ParseStream) -> syn::Result<T> {
    input.parse::<Token![=]>()?;
    input.parse()
}

/// Which of our attributes a function carries, with its arguments.
fn dsl_attr(f: &syn::ItemFn) -> Option<(Kind, &syn::Attribute)> {
    f.attrs.iter().find_map(|a| {
        let last = a.path().segments.last()?.ident.to_string();
        match last.as_str() {
            "spec" => Some((Kind::Spec, a)),
            "helper" => Some((Kind::Helper, a)),
            _ => None,
        }
    })
}

fn fn_args(attr: &syn::Attribute, errors: &mut Errors) -> FnArgs {
    match &attr.meta {
        syn::Meta::Path(_) => FnArgs::default(),
        _ => attr.parse_args().unwrap_or_else(|e| {
            errors.push(e);
            FnArgs::default()
        }),
    }
}

/// The expanded module.
pub fn expand(args: LayerArgs, mut module: syn::ItemMod) -> TokenStream {
    let mut errors = Errors::default();
    let Some((_, items)) = module.content.take() else {
        errors.at(
            module.span(),
            "`#[layer]` needs the module's items inline: `mod m { .. }`",
        );
        return errors.into_tokens();
    };
    let Some(state) = args.state.clone() else {
        errors.at(module.ident.span(), format!("name the layer's state type: `#[layer(state = State, ..)]`; the arguments are {LAYER_KEYS}"));
        return errors.into_tokens();
    };
    types::check(&state, &mut errors);
    let mut out_items = Vec::new();
    let (mut specs, mut helpers, mut derived) = (Vec::new(), Vec::new(), Vec::new());
    for item in items {
        if let Some(decl) = derived_decl(&item) {
            let term = term_fn_path(&decl.sig.ident.clone().into());
            match spec_fn::expand_derived(&decl, &mut errors) {
                Ok(tokens) => {
                    out_items.push(tokens);
                    derived.push(quote!(#term()));
                }
                Err(tokens) => out_items.push(tokens),
            }
            continue;
        }
        let syn::Item::Fn(mut f) = item else {
            out_items.push(quote!(#item));
            continue;
        };
        if let Some(a) = f.attrs.iter().find(|a| a.path().is_ident("derived")) {
            let message =
                "a derived spec is declared without a body: `#[derived] fn f(..) -> Option<..>;`";
            errors.at(a.span(), message);
            f.attrs.retain(|a| !a.path().is_ident("derived"));
            out_items.push(quote!(#f));
            continue;
        }
        let Some((kind, attr)) = dsl_attr(&f) else {
            out_items.push(quote!(#f));
            continue;
        };
        let fargs = fn_args(attr, &mut errors);
        f.attrs.retain(|a| dsl_attr_name(a).is_none());
        let term = term_fn_path(&f.sig.ident.clone().into());
        match spec_fn::expand(&f, kind, fargs, &mut errors) {
            Ok(tokens) => {
                out_items.push(tokens);
                match kind {
                    Kind::Spec => specs.push(quote!(#term())),
                    Kind::Helper => helpers.push(quote!(#term())),
                }
            }
            Err(tokens) => out_items.push(tokens),
        }
    }
    let layer_fn = layer_fn(&args, &module.ident, &state, [specs, helpers, derived]);
    let errs = errors.into_tokens();
    let (attrs, vis, ident) = (&module.attrs, &module.vis, &module.ident);
    quote! {
        #(#attrs)*
        #vis mod #ident {
            #(#out_items)*
            #layer_fn
            #errs
        }
    }
}

fn dsl_attr_name(a: &syn::Attribute) -> Option<String> {
    let last = a.path().segments.last()?.ident.to_string();
    matches!(last.as_str(), "spec" | "helper").then_some(last)
}

/// A `#[derived] fn f(..) -> T;` declaration (syn keeps a function without body verbatim).
fn derived_decl(item: &syn::Item) -> Option<syn::ForeignItemFn> {
    let syn::Item::Verbatim(tokens) = item else {
        return None;
    };
    let decl: syn::ForeignItemFn = syn::parse2(tokens.clone()).ok()?;
    decl.attrs
        .iter()
        .any(|a| a.path().is_ident("derived"))
        .then_some(decl)
}

/// `fn layer()`; `fns` holds the term calls of the specs, the helpers and the derived functions.
fn layer_fn(
    args: &LayerArgs,
    ident: &syn::Ident,
    state: &syn::Type,
    fns: [Vec<TokenStream>; 3],
) -> TokenStream {
    let [specs, helpers, derived] = fns;
    let name = args
        .name
        .as_ref()
        .map(|n| n.value())
        .unwrap_or_else(|| ident.to_string());
    let name = string(&name);
    let below = types::optional(
        args.below
            .as_ref()
            .map(|b| quote!(#b::layer as fn() -> ::autov::spec::LayerDef)),
    );
    let refinement = types::optional(args.refines.as_ref().map(|r| {
        let (n, target) = (crate::names::last_segment(r), term_fn_path(r));
        quote!(::autov::spec::FnRef { name: #n, def: #target })
    }));
    let memory = args.memory.iter().map(|m| {
        let (global, offset, size, sp) = (string(&m.global.to_string()), &m.offset, &m.size, span_of(m.global.span()));
        let field = m.field.iter().map(|f| string(&f.to_string()));
        quote!(::autov::spec::MemoryMapping {
            global: #global, offset: (#offset) as u64, size: (#size) as u64, field: vec![#(#field),*], span: #sp,
        })
    });
    let (prelude, sp) = (span_prelude(ident.span()), span_of(ident.span()));
    let (state_ty, state_decl) = (types::term(state), types::declare(state));
    quote! {
        /// The description of this layer for autov.
        pub fn layer() -> ::autov::spec::LayerDef {
            #prelude
            ::autov::spec::LayerDef {
                name: #name,
                below: #below,
                state: #state_ty,
                state_types: #state_decl,
                specs: vec![#(#specs),*],
                helpers: vec![#(#helpers),*],
                derived: vec![#(#derived),*],
                refinement: #refinement,
                memory: vec![#(#memory),*],
                span: #sp,
            }
        }
    }
}
