//! `impl ClaimValue`: the marker that lets a type travel in a `public`
//! claim, and a function that asserts each checked field's type is one too.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned as _;

use crate::ast::ValueInput;
use crate::bounds;

pub(super) fn impl_claim_value(input: &ValueInput<'_>) -> TokenStream {
    let trait_path = quote!(::claims_core::__private::ClaimValue);
    // A `dynamic` field's contents are vouched for: its type is not checked.
    let checked: Vec<_> = input
        .fields
        .iter()
        .filter(|field| field.attrs.dynamic.is_none())
        .collect();
    let generics = bounds::with_bounds(
        &bounds::with_self_bound(
            input.generics,
            input.ident,
            &quote!(::claims_core::__private::PublicField),
        ),
        checked.iter().map(|field| (field.ty, trait_path.clone())),
    );
    let (impl_generics, _, where_clause) = generics.split_for_impl();
    let ident = input.ident;
    let (_, ty_generics, _) = input.generics.split_for_impl();
    let calls = checked.iter().map(|field| {
        let ty = field.ty;
        quote_spanned!(ty.span()=> __claim_value::<#ty>();)
    });
    quote! {
        const _: () = {
            #[automatically_derived]
            impl #impl_generics #trait_path for #ident #ty_generics #where_clause {}

            fn __claim_value<__F: #trait_path>() {}

            // Spanned on each field's type, so a type whose contents are
            // not checked is reported there.
            fn __check_fields #impl_generics () #where_clause {
                #(#calls)*
            }
        };
    }
}
