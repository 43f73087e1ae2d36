//! `#[derive(SpecType)]`: describes a state struct or enum to autov (its type definition and the
//! conversion of its values).

use crate::errors::Errors;
use crate::names::string;
use crate::types;
use proc_macro2::TokenStream;
use quote::quote;
use syn::spanned::Spanned;

/// The `impl autov::spec::SpecType` of a struct with named fields or an enum of unit and tuple
/// variants.
pub fn derive(input: &syn::DeriveInput) -> TokenStream {
    let mut errors = Errors::default();
    if !input.generics.params.is_empty() {
        errors.at(
            input.generics.span(),
            "state types are not generic: write the concrete types",
        );
    }
    let body = match &input.data {
        syn::Data::Struct(s) => derive_struct(&input.ident, s, &mut errors),
        syn::Data::Enum(e) => derive_enum(&input.ident, e, &mut errors),
        syn::Data::Union(u) => {
            errors.at(
                u.union_token.span(),
                "unions are not supported: use an enum",
            );
            TokenStream::new()
        }
    };
    if !errors.is_empty() {
        return errors.into_tokens();
    }
    let ident = &input.ident;
    quote! {
        impl ::autov::spec::SpecType for #ident {
            #body
        }
    }
}

fn derive_struct(ident: &syn::Ident, s: &syn::DataStruct, errors: &mut Errors) -> TokenStream {
    let syn::Fields::Named(named) = &s.fields else {
        errors.at(
            s.fields.span(),
            "state structs need named fields: `struct S { a: u64 }`",
        );
        return TokenStream::new();
    };
    let fields: Vec<(&syn::Ident, &syn::Type)> = named
        .named
        .iter()
        .filter_map(|f| f.ident.as_ref().map(|i| (i, &f.ty)))
        .collect();
    fields.iter().for_each(|(_, t)| types::check(t, errors));
    let name = string(&ident.to_string());
    let field_defs = fields.iter().map(|(i, t)| {
        let (n, ty) = (string(&i.to_string()), types::term(t));
        quote!((#n, #ty))
    });
    let declares = fields.iter().map(|(_, t)| types::declare(t));
    let to_values = fields.iter().map(|(i, _)| {
        let n = string(&i.to_string());
        quote!((#n, ::autov::spec::SpecType::to_value(&self.#i)))
    });
    let from_values = fields.iter().map(|(i, t)| {
        let n = i.to_string();
        quote! {
            #i: <#t as ::autov::spec::SpecType>::from_value(
                v.field(#n).ok_or_else(|| ::autov::spec::ConvertError::new::<Self>(v))?,
            )?
        }
    });
    quote! {
        fn ty() -> ::autov::spec::Ty {
            ::autov::spec::Ty::Named(#name)
        }
        fn declare(env: &mut ::autov::spec::TypeEnv) {
            let def = ::autov::spec::TypeDef::Struct { name: #name, fields: vec![#(#field_defs),*] };
            if env.declare(def) {
                #(#declares(env);)*
            }
        }
        fn to_value(&self) -> ::autov::spec::Value {
            ::autov::spec::Value::Struct { name: #name, fields: vec![#(#to_values),*] }
        }
        fn from_value(v: &::autov::spec::Value) -> ::std::result::Result<Self, ::autov::spec::ConvertError> {
            ::std::result::Result::Ok(#ident { #(#from_values),* })
        }
    }
}

fn derive_enum(ident: &syn::Ident, e: &syn::DataEnum, errors: &mut Errors) -> TokenStream {
    let name = string(&ident.to_string());
    let mut variant_defs = Vec::new();
    let mut declares = Vec::new();
    let mut to_arms = Vec::new();
    let mut from_arms = Vec::new();
    for v in &e.variants {
        let tys: Vec<&syn::Type> = match &v.fields {
            syn::Fields::Unit => Vec::new(),
            syn::Fields::Unnamed(u) => u.unnamed.iter().map(|f| &f.ty).collect(),
            syn::Fields::Named(n) => {
                errors.at(
                    n.span(),
                    "struct-like variants are not supported: use a tuple variant `V(T, ..)`",
                );
                continue;
            }
        };
        tys.iter().for_each(|t| types::check(t, errors));
        let (vi, vn) = (&v.ident, string(&v.ident.to_string()));
        let vn_text = v.ident.to_string();
        let field_tys = tys.iter().map(|t| types::term(t));
        variant_defs
            .push(quote!(::autov::spec::Variant { name: #vn, fields: vec![#(#field_tys),*] }));
        declares.extend(tys.iter().map(|t| types::declare(t)));
        let binds: Vec<syn::Ident> = (0..tys.len())
            .map(|i| quote::format_ident!("f{}", i))
            .collect();
        let pattern = if tys.is_empty() {
            quote!(#ident::#vi)
        } else {
            quote!(#ident::#vi(#(#binds),*))
        };
        to_arms.push(quote! {
            #pattern => ::autov::spec::Value::Enum {
                name: #name,
                variant: #vn,
                fields: vec![#(::autov::spec::SpecType::to_value(#binds)),*],
            }
        });
        let count = tys.len();
        let rebuild = tys
            .iter()
            .enumerate()
            .map(|(i, t)| quote!(<#t as ::autov::spec::SpecType>::from_value(&fields[#i])?));
        let value = if tys.is_empty() {
            quote!(#ident::#vi)
        } else {
            quote!(#ident::#vi(#(#rebuild),*))
        };
        from_arms.push(quote!((#vn_text, #count) => ::std::result::Result::Ok(#value),));
    }
    let ident_text = ident.to_string();
    quote! {
        fn ty() -> ::autov::spec::Ty {
            ::autov::spec::Ty::Named(#name)
        }
        fn declare(env: &mut ::autov::spec::TypeEnv) {
            let def = ::autov::spec::TypeDef::Enum { name: #name, variants: vec![#(#variant_defs),*] };
            if env.declare(def) {
                #(#declares(env);)*
            }
        }
        fn to_value(&self) -> ::autov::spec::Value {
            match self {
                #(#to_arms),*
            }
        }
        fn from_value(v: &::autov::spec::Value) -> ::std::result::Result<Self, ::autov::spec::ConvertError> {
            match v {
                ::autov::spec::Value::Enum { name, variant, fields } if name == #ident_text => {
                    match (variant.as_str(), fields.len()) {
                        #(#from_arms)*
                        _ => ::std::result::Result::Err(::autov::spec::ConvertError::new::<Self>(v)),
                    }
                }
                _ => ::std::result::Result::Err(::autov::spec::ConvertError::new::<Self>(v)),
            }
        }
    }
}
