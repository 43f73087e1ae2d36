//! Paths and names the generated code uses.

use proc_macro2::{Span, TokenStream};
use quote::quote;

/// The name of the generated function that returns a spec's term. It lives in a module named
/// like the spec, so that importing the spec (`use lower::f;`) imports it too.
const TERM_FN: &str = "__autov_term";

/// The path of the term function of the spec at `path`.
pub fn term_fn_path(path: &syn::Path) -> syn::Path {
    let mut p = path.clone();
    if let Some(last) = p.segments.last_mut() {
        last.arguments = syn::PathArguments::None;
    }
    p.segments
        .push(syn::Ident::new(TERM_FN, Span::call_site()).into());
    p
}

/// The module `name` (next to the function `name`) holding `fn __autov_term() -> FnDef` with
/// `body`. Paths in `body` must be written as from inside the module (see [`crate::reanchor`]).
pub fn term_module(vis: &syn::Visibility, name: &syn::Ident, body: TokenStream) -> TokenStream {
    let term = syn::Ident::new(TERM_FN, Span::call_site());
    quote! {
        #[doc(hidden)]
        #[allow(clippy::all, unused_imports, non_snake_case)]
        #vis mod #name {
            use super::*;
            pub fn #term() -> ::autov::spec::FnDef {
                #body
            }
        }
    }
}

/// Whether `name` is written like a constant (`SCREAMING_CASE`).
pub fn is_const_name(name: &str) -> bool {
    name.chars().any(|c| c.is_ascii_uppercase())
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// Whether `name` is written like a type or variant (`CamelCase`).
pub fn is_camel_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase()) && !is_const_name(name)
}

/// The tokens of `::std::string::String::from(s)`.
pub fn string(s: &str) -> TokenStream {
    quote!(::std::string::String::from(#s))
}

/// The span expression (`__sp(line, col)`) of a token's position, for the generated term code.
pub fn span_of(span: Span) -> TokenStream {
    let start = span.start();
    let line = start.line as u32;
    let col = start.column as u32 + 1;
    quote!(__sp(#line, #col))
}

/// The statements that define `__sp` for the spans of a function defined at `span`.
pub fn span_prelude(span: Span) -> TokenStream {
    let file = span.file();
    quote! {
        let __file: ::std::sync::Arc<str> = ::std::sync::Arc::from(#file);
        let __sp = |line: u32, col: u32| ::autov::spec::Span::new(&__file, line, col);
    }
}

/// The last segment of a path, as text.
pub fn last_segment(path: &syn::Path) -> String {
    path.segments
        .last()
        .map(|s| s.ident.to_string())
        .unwrap_or_default()
}

/// The path text as written, e.g. `u64::MAX`.
pub fn path_text(path: &syn::Path) -> String {
    path.segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect::<Vec<_>>()
        .join("::")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(name: &str, expected: (bool, bool)) {
        assert_eq!(
            (is_const_name(name), is_camel_name(name)),
            expected,
            "{name}"
        );
    }

    #[test]
    fn tells_constants_from_types_and_variables() {
        check("MAX_PAGES", (true, false));
        check("N2", (true, false));
        check("PageDb", (false, true));
        check("A", (true, false));
        check("addr", (false, false));
        check("_", (false, false));
    }

    #[test]
    fn term_functions_sit_next_to_their_spec() {
        let p: syn::Path = syn::parse_quote!(super::store::page_index);
        let t = term_fn_path(&p);
        assert_eq!(path_text(&t), "super::store::page_index::__autov_term");
    }
}
