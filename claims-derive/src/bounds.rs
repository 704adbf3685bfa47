//! Where clauses for generic types: a bound on every field whose type
//! mentions a type or const parameter, so `Session<T>` implements `Claims`
//! (and `Page<T>` `ClaimValue`) exactly when each generic field can travel
//! as declared.

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens as _;
use syn::{Generics, Ident, Type, WherePredicate, parse_quote};

use crate::ast::{Field, Input};

/// The struct's generics plus `FieldTy: #bound` for each generic field that
/// `bound` returns a bound for.
pub(crate) fn with_field_bounds(
    input: &Input<'_>,
    bound: impl Fn(&Field<'_>) -> Option<TokenStream>,
) -> Generics {
    with_bounds(
        input.generics,
        input
            .fields
            .iter()
            .filter_map(|field| Some((field.ty, bound(field)?))),
    )
}

/// `generics` plus `Ty: bound` for each pair whose type mentions a type or
/// const parameter.
pub(crate) fn with_bounds<'t>(
    generics: &Generics,
    bounds: impl IntoIterator<Item = (&'t Type, TokenStream)>,
) -> Generics {
    let mut extended = generics.clone();
    let params: Vec<&Ident> = generics
        .type_params()
        .map(|param| &param.ident)
        .chain(generics.const_params().map(|param| &param.ident))
        .collect();
    if params.is_empty() {
        return extended;
    }
    let predicates: Vec<WherePredicate> = bounds
        .into_iter()
        .filter(|(ty, _)| mentions(ty.to_token_stream(), &params))
        .map(|(ty, bound)| parse_quote!(#ty: #bound))
        .collect();
    if !predicates.is_empty() {
        extended.make_where_clause().predicates.extend(predicates);
    }
    extended
}

/// Whether `tokens` name one of `params` anywhere, e.g. `Option<Vec<T>>`.
fn mentions(tokens: TokenStream, params: &[&Ident]) -> bool {
    tokens.into_iter().any(|token| match token {
        TokenTree::Ident(ident) => params.iter().any(|param| **param == ident),
        TokenTree::Group(group) => mentions(group.stream(), params),
        TokenTree::Punct(_) | TokenTree::Literal(_) => false,
    })
}

/// `generics` plus `Type<..>: bound` on the type itself when it is generic:
/// what `ClaimValue`, whose supertrait serde implements, needs (serde's
/// derives bound the parameters their own way).
pub(crate) fn with_self_bound(generics: &Generics, ident: &Ident, bound: &TokenStream) -> Generics {
    let mut extended = generics.clone();
    if generics.params.is_empty() {
        return extended;
    }
    let (_, ty_generics, _) = generics.split_for_impl();
    extended
        .make_where_clause()
        .predicates
        .push(parse_quote!(#ident #ty_generics: #bound));
    extended
}
