//! `impl Debug` and `impl Display`: public fields as they are, masked fields
//! through `Last4`, every other field as the runtime's `Placeholder` of its
//! protection (`<hashed>`, ...). `Display` prints the same as `Debug`.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::Ident;
use syn::ext::IdentExt as _;
use syn::spanned::Spanned as _;

use super::protection;
use crate::ast::{Field, Input};
use crate::attr::{Mask, Protection};
use crate::bounds;

pub(super) fn impl_debug_display(input: &Input<'_>) -> TokenStream {
    let ident = input.ident;
    let generics =
        bounds::with_field_bounds(input, |field| match (protection(field), field.mask()) {
            (_, Some(Mask::Last4)) => Some(quote!(::claims_core::__private::MaskableField)),
            (Protection::Public, None) => Some(quote!(::core::fmt::Debug)),
            (_, None) => None,
        });
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let name = ident.unraw().to_string();
    let fields = input.fields.iter().map(debug_field);
    quote! {
        #[automatically_derived]
        impl #impl_generics ::core::fmt::Debug for #ident #ty_generics #where_clause {
            fn fmt(&self, __f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                __f.debug_struct(#name) #(#fields)* .finish()
            }
        }

        #[automatically_derived]
        impl #impl_generics ::core::fmt::Display for #ident #ty_generics #where_clause {
            fn fmt(&self, __f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Debug::fmt(self, __f)
            }
        }
    }
}

/// `.field("name", value)`, spanned on the field's type when the value is
/// the field itself, so a missing `Debug` or `MaskableField` is reported there.
fn debug_field(field: &Field<'_>) -> TokenStream {
    let name = &field.name;
    let member = field.ident;
    let ty = field.ty;
    let protection = protection(field);
    match (protection, field.mask()) {
        (_, Some(Mask::Last4)) => quote_spanned! {ty.span()=>
            .field(#name, &::claims_core::__private::Last4(&self.#member))
        },
        (Protection::Public, None) => quote_spanned! {ty.span()=>
            .field(#name, &self.#member)
        },
        (Protection::Hashed { .. }, None) => placeholder(name, "Hashed"),
        (Protection::Encrypted, None) => placeholder(name, "Encrypted"),
        (Protection::Forbidden, None) => placeholder(name, "Forbidden"),
        (Protection::Disclosable, None) => placeholder(name, "Disclosable"),
        (Protection::Sensitive, None) => placeholder(name, "Sensitive"),
    }
}

/// `.field("name", <placeholder>)`: the runtime's placeholder of that name,
/// so its text (`<hashed>`, ...) has one home.
fn placeholder(name: &str, variant: &str) -> TokenStream {
    let variant = Ident::new(variant, Span::call_site());
    quote! {
        .field(#name, &::claims_core::__private::Placeholder::#variant)
    }
}
