//! `impl Claims`: the `POLICY` table and the per-field encode and decode
//! calls into the runtime's `PayloadWriter` and `PayloadReader`.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::Ident;
use syn::spanned::Spanned as _;

use super::{bounds, protection};
use crate::ast::{Field, Input};
use crate::attr::{Mask, Protection};

pub(super) fn impl_claims(input: &Input<'_>) -> TokenStream {
    let ident = input.ident;
    let generics = bounds::with_field_bounds(input, |field| {
        let bound = field_trait(protection(field));
        Some(match field.mask() {
            // `__view` formats the mask.
            Some(Mask::Last4) => quote!(#bound + ::claims_core::__private::MaskableField),
            None => bound,
        })
    });
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let policy = input.fields.iter().map(policy_entry);
    let (assert_fns, assert_calls) = assert_field_traits(input);
    let encode = input.fields.iter().map(encode_field);
    let decode = input.fields.iter().map(decode_field);
    let view = input.fields.iter().map(view_field);
    quote! {
        #assert_fns

        #[automatically_derived]
        impl #impl_generics ::claims_core::__private::Claims for #ident #ty_generics #where_clause {
            const POLICY: &'static [::claims_core::__private::FieldPolicy] = &[#(#policy),*];

            fn __encode(
                &self,
                __writer: &mut ::claims_core::__private::PayloadWriter<'_>,
            ) -> ::core::result::Result<(), ::claims_core::__private::Error> {
                #assert_calls
                #(#encode)*
                ::core::result::Result::Ok(())
            }

            fn __decode(
                __reader: &::claims_core::__private::PayloadReader<'_>,
            ) -> ::core::result::Result<Self, ::claims_core::__private::Error> {
                #assert_calls
                ::core::result::Result::Ok(Self { #(#decode),* })
            }

            fn __view(&self, __view: &mut ::claims_core::__private::ViewWriter<'_>) {
                #assert_calls
                #(#view)*
            }
        }
    }
}

/// One `__public::<FieldTy>()` (`__hashed`, `__encrypted`) per field, at the
/// top of `__encode`, `__decode` and `__view`, and the empty generic functions they
/// call, whose bound is the field trait.
///
/// An unsuitable field type then fails the same bound of the same function
/// at the same span in both bodies: rustc prints that error once, and drops
/// the `PayloadWriter`/`PayloadReader` call's error as a duplicate, instead
/// of one error per body and call. (`forbidden` is used in `__decode` only.)
fn assert_field_traits(input: &Input<'_>) -> (TokenStream, TokenStream) {
    let mut fns = TokenStream::new();
    let mut calls = TokenStream::new();
    let mut declared: Vec<&str> = Vec::new();
    for field in &input.fields {
        let protection = protection(field);
        let name = match protection {
            Protection::Public => "__public",
            Protection::Hashed { .. } => "__hashed",
            Protection::Encrypted => "__encrypted",
            Protection::Disclosable => "__disclosable",
            Protection::Forbidden => continue,
        };
        let function = Ident::new(name, Span::call_site());
        if !declared.contains(&name) {
            declared.push(name);
            let bound = field_trait(protection);
            fns.extend(quote!(fn #function<__F: #bound>() {}));
        }
        let ty = field.ty;
        calls.extend(quote_spanned!(ty.span()=> #function::<#ty>();));
    }
    (fns, calls)
}

/// The runtime trait a field's type must implement for its protection.
fn field_trait(protection: &Protection) -> TokenStream {
    match protection {
        Protection::Public => quote!(::claims_core::__private::PublicField),
        Protection::Hashed { .. } => quote!(::claims_core::__private::HashedField),
        Protection::Encrypted => quote!(::claims_core::__private::EncryptedField),
        Protection::Forbidden => quote!(::claims_core::__private::ForbiddenField),
        Protection::Disclosable => quote!(::claims_core::__private::DisclosableField),
    }
}

/// The domain of a `hashed` field: `hashed(domain = "...")` or the claim name.
fn domain(field: &Field<'_>) -> String {
    match protection(field) {
        Protection::Hashed {
            domain: Some(domain),
        } => domain.value(),
        _ => field.wire_name.clone(),
    }
}

/// The `HashDomain` a `hashed` field's writer and reader calls take: its
/// domain name, normalized if it declares `normalize`.
fn hash_domain(field: &Field<'_>) -> TokenStream {
    let name = domain(field);
    let normalized = normalize(field).map(|variant| quote!(.normalized(#variant)));
    quote!(::claims_core::__private::HashDomain::new(#name) #normalized)
}

/// `Normalize::<Variant>` for a field that declares `normalize = "..."`.
fn normalize(field: &Field<'_>) -> Option<TokenStream> {
    field.attrs.normalize.as_ref().map(|normalize| {
        let variant = Ident::new(normalize.value.variant(), Span::call_site());
        quote!(::claims_core::__private::Normalize::#variant)
    })
}

/// `FieldPolicy::__new(name, wire_name, protection, reason, mask)`.
fn policy_entry(field: &Field<'_>) -> TokenStream {
    let name = &field.name;
    let wire_name = &field.wire_name;
    let protection = match protection(field) {
        Protection::Public => quote!(::claims_core::__private::Protection::Public),
        Protection::Hashed { .. } => {
            let domain = domain(field);
            quote!(::claims_core::__private::Protection::Hashed { domain: #domain })
        }
        Protection::Encrypted => quote!(::claims_core::__private::Protection::Encrypted),
        Protection::Forbidden => quote!(::claims_core::__private::Protection::Forbidden),
        Protection::Disclosable => quote!(::claims_core::__private::Protection::Disclosable),
    };
    let reason = field.attrs.allow_pii.as_ref().map_or_else(
        || quote!(::core::option::Option::None),
        |allow_pii| {
            let reason = &allow_pii.value;
            quote!(::core::option::Option::Some(#reason))
        },
    );
    let mask = match field.mask() {
        Some(Mask::Last4) => {
            quote!(::core::option::Option::Some(
                ::claims_core::__private::Mask::Last4
            ))
        }
        None => quote!(::core::option::Option::None),
    };
    let unguarded = field.attrs.unguarded.as_ref().map(|unguarded| {
        let reason = &unguarded.value;
        quote!(.__unguarded(#reason))
    });
    let normalize = normalize(field).map(|variant| quote!(.__normalize(#variant)));
    quote! {
        ::claims_core::__private::FieldPolicy::__new(#name, #wire_name, #protection, #reason, #mask)
            #unguarded #normalize
    }
}

/// One `__writer` call (a mere read for a `forbidden` field). Spanned on the
/// field's type, so an unsatisfied field trait is reported there.
fn encode_field(field: &Field<'_>) -> TokenStream {
    let member = field.ident;
    let ty = field.ty;
    let wire_name = &field.wire_name;
    match protection(field) {
        Protection::Public if field.attrs.unguarded.is_some() => quote_spanned! {ty.span()=>
            __writer.public_unguarded::<#ty>(#wire_name, &self.#member)?;
        },
        Protection::Public => quote_spanned! {ty.span()=>
            __writer.public::<#ty>(#wire_name, &self.#member)?;
        },
        Protection::Hashed { .. } => {
            let domain = hash_domain(field);
            // A normalized field must hold text: said at compile time.
            let text = field.attrs.normalize.as_ref().map(
                |_| quote_spanned!(ty.span()=> ::claims_core::__private::normalizable::<#ty>();),
            );
            quote_spanned! {ty.span()=>
                #text
                __writer.hashed::<#ty>(#wire_name, #domain, &self.#member)?;
            }
        }
        Protection::Encrypted => {
            let pad = field.attrs.pad.as_ref().map_or_else(
                || quote!(::claims_core::__private::DEFAULT_PAD),
                |pad| {
                    let bucket = pad.value;
                    quote!(#bucket)
                },
            );
            quote_spanned! {ty.span()=>
                __writer.encrypted::<#ty>(#wire_name, #pad, &self.#member)?;
            }
        }
        Protection::Disclosable => quote_spanned! {ty.span()=>
            __writer.disclosable::<#ty>(#wire_name, &self.#member)?;
        },
        // Never encoded. The read marks the field used, as serde's `skip`
        // does: declaring it is the point (decoding rejects its claim).
        Protection::Forbidden => quote! {
            let _ = &self.#member;
        },
    }
}

/// `field: value` in `__decode`'s struct literal, spanned like `encode_field`.
fn decode_field(field: &Field<'_>) -> TokenStream {
    let member = field.ident;
    let ty = field.ty;
    let wire_name = &field.wire_name;
    match protection(field) {
        Protection::Public => quote_spanned! {ty.span()=>
            #member: __reader.public::<#ty>(#wire_name)?
        },
        Protection::Hashed { .. } => {
            let domain = hash_domain(field);
            quote_spanned! {ty.span()=>
                #member: __reader.hashed::<#ty>(#wire_name, #domain)?
            }
        }
        Protection::Encrypted => quote_spanned! {ty.span()=>
            #member: __reader.encrypted::<#ty>(#wire_name)?
        },
        Protection::Forbidden => quote_spanned! {ty.span()=>
            #member: ::claims_core::__private::forbidden::<#ty>()
        },
        Protection::Disclosable => quote_spanned! {ty.span()=>
            #member: __reader.disclosable::<#ty>(#wire_name)?
        },
    }
}

/// One `__view` call; nothing for a `forbidden` field. Masked fields pass
/// `Last4(&field)`, the expression `Debug` prints, so a field that cannot be
/// masked is reported once, not once per impl.
fn view_field(field: &Field<'_>) -> TokenStream {
    let member = field.ident;
    let ty = field.ty;
    let wire_name = &field.wire_name;
    let mask = quote_spanned!(ty.span()=> &::claims_core::__private::Last4(&self.#member));
    match (protection(field), field.mask()) {
        (Protection::Public, None) => quote_spanned! {ty.span()=>
            __view.public::<#ty>(#wire_name, &self.#member);
        },
        (Protection::Public, Some(Mask::Last4)) => quote! {
            __view.public_masked(#wire_name, #mask);
        },
        (Protection::Hashed { .. }, _) => quote_spanned! {ty.span()=>
            __view.hashed::<#ty>(#wire_name, &self.#member);
        },
        (Protection::Encrypted, None) => quote_spanned! {ty.span()=>
            __view.encrypted::<#ty>(#wire_name, &self.#member);
        },
        (Protection::Encrypted, Some(Mask::Last4)) => quote_spanned! {ty.span()=>
            __view.encrypted_masked::<#ty>(#wire_name, &self.#member, #mask);
        },
        // Whether the holder disclosed it is not a log's business.
        (Protection::Disclosable, _) => quote! {
            let _ = &self.#member;
            __view.disclosable(#wire_name);
        },
        (Protection::Forbidden, _) => TokenStream::new(),
    }
}
