//! `#[spec]` and `#[helper]` on one function: the function unchanged, plus the generated
//! `__autov_spec_<name>() -> autov::spec::FnDef` with its term and a native runner.

use crate::errors::Errors;
use crate::lower::Lower;
use crate::names::{last_segment, span_of, span_prelude, string, term_module};
use crate::pat::Binding;
use crate::reanchor;
use crate::types;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::parse::{Parse, ParseStream};
use syn::spanned::Spanned;

/// Which attribute a function carries.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `#[spec]`: returns `Option<_>`.
    Spec,
    /// `#[helper]`: a pure function.
    Helper,
}

/// The arguments of `#[spec(..)]` / `#[helper(..)]`.
#[derive(Default)]
pub struct FnArgs {
    /// `measure = e`: the decreasing measure of a recursive function.
    pub measure: Option<syn::Expr>,
}

impl Parse for FnArgs {
    fn parse(input: ParseStream) -> syn::Result<FnArgs> {
        let mut args = FnArgs::default();
        while !input.is_empty() {
            let key: syn::Ident = input.parse()?;
            if key != "measure" {
                return Err(syn::Error::new(
                    key.span(),
                    "the only argument is `measure = <u64 expression>`",
                ));
            }
            input.parse::<syn::Token![=]>()?;
            args.measure = Some(input.parse()?);
            if !input.is_empty() {
                input.parse::<syn::Token![,]>()?;
            }
        }
        Ok(args)
    }
}

/// A parameter as the generated code needs it.
struct ParamInfo {
    name: String,
    ty: syn::Type,
    by_ref: bool,
    mutable: bool,
}

/// The function `f` with its generated term function, or `f` alone and the errors that prevent
/// the term (then `errors` has them).
pub fn expand(
    f: &syn::ItemFn,
    kind: Kind,
    args: FnArgs,
    errors: &mut Errors,
) -> Result<TokenStream, TokenStream> {
    let mut local = Errors::default();
    let generated = generate(f, kind, args, &mut local);
    if local.is_empty() {
        return Ok(generated);
    }
    errors.absorb(local);
    Err(quote!(#f))
}

fn generate(original: &syn::ItemFn, kind: Kind, args: FnArgs, errors: &mut Errors) -> TokenStream {
    let f = &reanchor::function(original);
    check_signature(&f.sig, kind, errors);
    let params = params(&f.sig, errors);
    let ret = match &f.sig.output {
        syn::ReturnType::Type(_, t) => (**t).clone(),
        syn::ReturnType::Default => syn::parse_quote!(()),
    };
    types::check(&ret, errors);
    let mut lower = Lower::new(
        params
            .iter()
            .map(|p| Binding {
                name: p.name.clone(),
                mutable: p.mutable,
            })
            .collect(),
    );
    let body = lower.body(&f.block);
    let measure = args
        .measure
        .as_ref()
        .map(|m| lower.expr(&reanchor::expr(m)));
    let measure = types::optional(measure);
    errors.absorb(std::mem::take(&mut lower.errors));
    let prelude = span_prelude(f.sig.ident.span());
    let fn_span = span_of(f.sig.ident.span());
    let name = string(&f.sig.ident.to_string());
    let kind = match kind {
        Kind::Spec => quote!(Spec),
        Kind::Helper => quote!(Helper),
    };
    let param_terms = params.iter().map(|p| {
        let (n, t, r) = (string(&p.name), types::term(&p.ty), p.by_ref);
        quote!(::autov::spec::Param { name: #n, ty: #t, by_ref: #r })
    });
    let ret_term = types::term(&ret);
    let callees = lower.callees.iter().map(|(_, c)| c);
    let declares = params
        .iter()
        .map(|p| types::declare(&p.ty))
        .chain([types::declare(&ret)])
        .chain(lower.types.iter().cloned());
    let native = native_runner(&f.sig.ident, &params);
    let term = quote! {
        #prelude
        #native
        ::autov::spec::FnDef {
            name: #name,
            kind: ::autov::spec::FnKind::#kind,
            params: vec![#(#param_terms),*],
            ret: #ret_term,
            body: ::std::option::Option::Some(#body),
            measure: #measure,
            span: #fn_span,
            callees: vec![#(#callees),*],
            types: vec![#(#declares),*],
            native: ::std::option::Option::Some(__native),
        }
    };
    let module = term_module(&original.vis, &original.sig.ident, term);
    quote!(#original #module)
}

fn check_signature(sig: &syn::Signature, kind: Kind, errors: &mut Errors) {
    if !sig.generics.params.is_empty() || sig.generics.where_clause.is_some() {
        errors.at(
            sig.generics.span(),
            "specs are not generic: write the concrete types",
        );
    }
    for (present, what) in [
        (sig.asyncness.map(|t| t.span()), "specs cannot be `async`"),
        (
            sig.constness.map(|t| t.span()),
            "specs cannot be `const fn`: remove `const`",
        ),
        (sig.unsafety.map(|t| t.span()), "specs cannot be `unsafe`"),
        (
            sig.abi.as_ref().map(|t| t.span()),
            "specs cannot have an ABI: remove `extern`",
        ),
        (
            sig.variadic.as_ref().map(|t| t.span()),
            "specs cannot be variadic",
        ),
    ] {
        if let Some(span) = present {
            errors.at(span, what);
        }
    }
    match (&sig.output, kind) {
        (syn::ReturnType::Type(_, t), Kind::Spec) if !is_option(t) => errors.at(
            t.span(),
            "a spec returns `Option<T>` (`None`: not allowed), or `Option<(T, State)>` when it changes the state",
        ),
        (syn::ReturnType::Default, Kind::Spec) => errors.at(
            sig.ident.span(),
            "a spec returns `Option<T>` (`None`: not allowed): add `-> Option<..>`",
        ),
        (syn::ReturnType::Default, Kind::Helper) => {
            errors.at(sig.ident.span(), "a helper computes a value: add a return type")
        }
        _ => {}
    }
}

fn is_option(t: &syn::Type) -> bool {
    matches!(t, syn::Type::Path(p) if last_segment(&p.path) == "Option")
}

fn params(sig: &syn::Signature, errors: &mut Errors) -> Vec<ParamInfo> {
    let mut out = Vec::new();
    for input in &sig.inputs {
        let syn::FnArg::Typed(pt) = input else {
            errors.at(
                input.span(),
                "specs are free functions: pass the state as a parameter `st: &State`",
            );
            continue;
        };
        let syn::Pat::Ident(pi) = &*pt.pat else {
            errors.at(
                pt.pat.span(),
                "name each parameter: `x: T` (destructure inside the body)",
            );
            continue;
        };
        let (ty, by_ref) = match &*pt.ty {
            syn::Type::Reference(r) if r.mutability.is_some() => {
                errors.at(r.span(), "specs do not mutate their arguments: take `&State` and return the new state in `Option<(T, State)>`");
                ((*r.elem).clone(), true)
            }
            syn::Type::Reference(r) => ((*r.elem).clone(), true),
            t => (t.clone(), false),
        };
        types::check(&ty, errors);
        out.push(ParamInfo {
            name: pi.ident.to_string(),
            ty,
            by_ref,
            mutable: pi.mutability.is_some(),
        });
    }
    out
}

/// `fn __native(args: &[Value]) -> Result<Value, ConvertError>` calling the function itself.
fn native_runner(name: &syn::Ident, params: &[ParamInfo]) -> TokenStream {
    let vars: Vec<syn::Ident> = (0..params.len())
        .map(|i| format_ident!("__arg{}", i))
        .collect();
    let count = params.len();
    let converts = params.iter().zip(&vars).map(|(p, v)| {
        let ty = &p.ty;
        quote!(let #v = <#ty as ::autov::spec::SpecType>::from_value(#v)?;)
    });
    let call_args = params
        .iter()
        .zip(&vars)
        .map(|(p, v)| if p.by_ref { quote!(&#v) } else { quote!(#v) });
    quote! {
        fn __native(args: &[::autov::spec::Value]) -> ::std::result::Result<::autov::spec::Value, ::autov::spec::ConvertError> {
            let [#(#vars),*] = args else {
                return ::std::result::Result::Err(::autov::spec::ConvertError {
                    expected: ::std::format!("{} arguments", #count),
                    found: ::std::format!("{} arguments", args.len()),
                });
            };
            #(#converts)*
            ::std::result::Result::Ok(::autov::spec::SpecType::to_value(&#name(#(#call_args),*)))
        }
    }
}

/// A `#[derived] fn f(..) -> Option<..>;` declaration: a Rust function that higher specs can call
/// (running it panics: its spec exists only as the engine derives it from the C code), and the
/// term function with the signature and no body.
pub fn expand_derived(
    original: &syn::ForeignItemFn,
    errors: &mut Errors,
) -> Result<TokenStream, TokenStream> {
    let decl = &reanchor::declaration(original);
    let mut local = Errors::default();
    check_signature(&decl.sig, Kind::Spec, &mut local);
    let params = params(&decl.sig, &mut local);
    if !local.is_empty() {
        errors.absorb(local);
        return Err(TokenStream::new());
    }
    let ret = match &decl.sig.output {
        syn::ReturnType::Type(_, t) => (**t).clone(),
        syn::ReturnType::Default => syn::parse_quote!(()),
    };
    let (vis, sig, ident) = (&original.vis, &original.sig, &original.sig.ident);
    let attrs = original
        .attrs
        .iter()
        .filter(|a| !a.path().is_ident("derived"));
    let message = format!("`{ident}` has no Rust body: its spec is derived from its C code");
    let (prelude, fn_span, name) = (
        span_prelude(ident.span()),
        span_of(ident.span()),
        string(&ident.to_string()),
    );
    let param_terms = params.iter().map(|p| {
        let (n, t, r) = (string(&p.name), types::term(&p.ty), p.by_ref);
        quote!(::autov::spec::Param { name: #n, ty: #t, by_ref: #r })
    });
    let ret_term = types::term(&ret);
    let declares = params
        .iter()
        .map(|p| types::declare(&p.ty))
        .chain([types::declare(&ret)]);
    let term = quote! {
        #prelude
        ::autov::spec::FnDef {
            name: #name,
            kind: ::autov::spec::FnKind::Derived,
            params: vec![#(#param_terms),*],
            ret: #ret_term,
            body: ::std::option::Option::None,
            measure: ::std::option::Option::None,
            span: #fn_span,
            callees: vec![],
            types: vec![#(#declares),*],
            native: ::std::option::Option::None,
        }
    };
    let module = term_module(vis, ident, term);
    Ok(quote! {
        #(#attrs)*
        #[allow(unused_variables)]
        #vis #sig {
            ::std::panic!(#message)
        }
        #module
    })
}
