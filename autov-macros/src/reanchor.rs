//! Re-anchoring of relative paths for code generated one module deeper.
//!
//! The term of a spec is built inside a module named like the spec (see
//! [`crate::names::term_module`]), which glob-imports its parent. Paths the user wrote relative
//! to the parent (`self::x`, `super::y`) get one more `super`.

use syn::visit_mut::VisitMut;

struct Reanchor;

impl VisitMut for Reanchor {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        if path.leading_colon.is_none() {
            if let Some(first) = path.segments.first_mut() {
                if first.ident == "self" {
                    first.ident = syn::Ident::new("super", first.ident.span());
                } else if first.ident == "super" {
                    let outer = syn::Ident::new("super", first.ident.span());
                    path.segments.insert(0, outer.into());
                }
            }
        }
        syn::visit_mut::visit_path_mut(self, path);
    }
}

/// `f` with its relative paths re-anchored one module deeper.
pub fn function(f: &syn::ItemFn) -> syn::ItemFn {
    let mut g = f.clone();
    Reanchor.visit_item_fn_mut(&mut g);
    g
}

/// `d` with its relative paths re-anchored one module deeper.
pub fn declaration(d: &syn::ForeignItemFn) -> syn::ForeignItemFn {
    let mut g = d.clone();
    Reanchor.visit_foreign_item_fn_mut(&mut g);
    g
}

/// `e` with its relative paths re-anchored one module deeper.
pub fn expr(e: &syn::Expr) -> syn::Expr {
    let mut g = e.clone();
    Reanchor.visit_expr_mut(&mut g);
    g
}
