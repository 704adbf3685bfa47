//! Impls emitted next to the errors when the derive fails, so the errors
//! stand alone: code that encodes the struct, reads `POLICY` or prints it
//! does not add "trait not implemented" errors of its own.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::{DeriveInput, Ident};

use crate::{ast, bounds};

/// `Claims`, `EncodeClaims` and `EncodeSdClaims` (with an empty `POLICY`
/// and bodies that are never run: the crate does not compile), `Debug` and
/// `Display`.
pub(crate) fn claims(node: &DeriveInput) -> TokenStream {
    let ident = &node.ident;
    let (impl_generics, ty_generics, where_clause) = node.generics.split_for_impl();
    // A later `#[derive(Debug)]` (refused by `check.rs`) already writes one:
    // a second would add rustc's conflicting-impl error to ours.
    let derived = ast::later_derives(&node.attrs);
    let fmt = ["Debug", "Display"]
        .into_iter()
        .filter(|name| {
            !derived
                .iter()
                .any(|path| path.segments.last().is_some_and(|s| s.ident == name))
        })
        .map(|name| {
            let name = Ident::new(name, Span::call_site());
            quote! {
                #[automatically_derived]
                impl #impl_generics ::core::fmt::#name for #ident #ty_generics #where_clause {
                    fn fmt(&self, _: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        ::core::unreachable!()
                    }
                }
            }
        });
    quote! {
        const _: () = {
            #[automatically_derived]
            impl #impl_generics ::claims_core::__private::Claims for #ident #ty_generics #where_clause {
                const POLICY: &'static [::claims_core::__private::FieldPolicy] = &[];

                fn __decode(
                    _: &::claims_core::__private::PayloadReader<'_>,
                ) -> ::core::result::Result<Self, ::claims_core::__private::Error> {
                    ::core::unimplemented!()
                }

                fn __view(&self, _: &mut ::claims_core::__private::ViewWriter<'_>) {
                    ::core::unreachable!()
                }
            }

            #[automatically_derived]
            impl #impl_generics ::claims_core::__private::EncodeClaims for #ident #ty_generics #where_clause {
                fn __encode(
                    &self,
                    _: &mut ::claims_core::__private::PayloadWriter<'_>,
                ) -> ::core::result::Result<(), ::claims_core::__private::Error> {
                    ::core::unreachable!()
                }
            }

            #[automatically_derived]
            impl #impl_generics ::claims_core::__private::EncodeSdClaims for #ident #ty_generics #where_clause {
                fn __encode_sd(
                    &self,
                    _: &mut ::claims_core::__private::PayloadWriter<'_>,
                    _: &mut ::claims_core::__private::Disclosures,
                ) -> ::core::result::Result<(), ::claims_core::__private::Error> {
                    ::core::unreachable!()
                }
            }

            #(#fmt)*
        };
    }
}

/// `ClaimValue`, so public claims of the type report nothing more.
pub(crate) fn value(node: &DeriveInput) -> TokenStream {
    let ident = &node.ident;
    let generics = bounds::with_self_bound(
        &node.generics,
        ident,
        &quote!(::claims_core::__private::PublicField),
    );
    let (impl_generics, _, where_clause) = generics.split_for_impl();
    let (_, ty_generics, _) = node.generics.split_for_impl();
    quote! {
        const _: () = {
            #[automatically_derived]
            impl #impl_generics ::claims_core::__private::ClaimValue for #ident #ty_generics #where_clause {}
        };
    }
}
