//! Where clauses for generic structs: a bound on every field whose type
//! mentions a type or const parameter, so `Session<T>` implements `Claims`
//! exactly when each generic field can travel as declared.

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens as _;
use syn::{Generics, Ident, WherePredicate, parse_quote};

use crate::ast::{Field, Input};

/// The struct's generics plus `FieldTy: #bound` for each generic field that
/// `bound` returns a bound for.
pub(super) fn with_field_bounds(
    input: &Input<'_>,
    bound: impl Fn(&Field<'_>) -> Option<TokenStream>,
) -> Generics {
    let mut generics = input.generics.clone();
    let params: Vec<&Ident> = input
        .generics
        .type_params()
        .map(|param| &param.ident)
        .chain(input.generics.const_params().map(|param| &param.ident))
        .collect();
    if params.is_empty() {
        return generics;
    }
    let predicates: Vec<WherePredicate> = input
        .fields
        .iter()
        .filter(|field| mentions(field.ty.to_token_stream(), &params))
        .filter_map(|field| {
            let ty = field.ty;
            let bound = bound(field)?;
            Some(parse_quote!(#ty: #bound))
        })
        .collect();
    if !predicates.is_empty() {
        generics.make_where_clause().predicates.extend(predicates);
    }
    generics
}

/// Whether `tokens` name one of `params` anywhere, e.g. `Option<Vec<T>>`.
fn mentions(tokens: TokenStream, params: &[&Ident]) -> bool {
    tokens.into_iter().any(|token| match token {
        TokenTree::Ident(ident) => params.iter().any(|param| **param == ident),
        TokenTree::Group(group) => mentions(group.stream(), params),
        TokenTree::Punct(_) | TokenTree::Literal(_) => false,
    })
}
