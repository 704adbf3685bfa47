//! `impl Claims` (the `POLICY` table, the per-field decode and view calls
//! into the runtime's `PayloadReader` and `ViewWriter`) and, for a struct
//! `claims` may issue, `impl EncodeSdClaims` and, without `disclosable`
//! fields, `impl EncodeClaims` (the per-field `PayloadWriter` calls).

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned as _;
use syn::{Generics, Ident};

use super::protection;
use crate::ast::{Field, Input};
use crate::attr::{Mask, Protection};
use crate::bounds;

pub(super) fn impl_claims(input: &Input<'_>) -> TokenStream {
    let ident = input.ident;
    let generics = bounds::with_field_bounds(input, |field| {
        let bound = field_trait(field);
        Some(match field.mask() {
            // `__view` formats the mask.
            Some(Mask::Last4) => quote!(#bound + ::claims_core::__private::MaskableField),
            None => bound,
        })
    });
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let policy = input.fields.iter().map(policy_entry);
    let (assert_fns, assert_calls) = assert_field_traits(input);
    let decode = input.fields.iter().map(decode_field);
    let view = input.fields.iter().map(view_field);
    let fields = input.fields.iter().map(encode_field);
    let fields = quote! {
        #assert_calls
        #(#fields)*
        ::core::result::Result::Ok(())
    };
    // The traits a struct does not implement are the compile-time rules of
    // issuing: a `disclosable` field travels only in an SD-JWT, and a
    // `sensitive` one (another issuer's personal data) never travels.
    let encode = if has(input, |p| matches!(p, Protection::Sensitive)) {
        TokenStream::new()
    } else if has(input, |p| matches!(p, Protection::Disclosable)) {
        impl_encode_sd(input, &generics, &fields)
    } else {
        let encode_sd = impl_encode_sd(
            input,
            &generics,
            &quote!(::claims_core::__private::EncodeClaims::__encode(
                self, __writer
            )),
        );
        quote! {
            #[automatically_derived]
            impl #impl_generics ::claims_core::__private::EncodeClaims for #ident #ty_generics #where_clause {
                fn __encode(
                    &self,
                    __writer: &mut ::claims_core::__private::PayloadWriter<'_>,
                ) -> ::core::result::Result<(), ::claims_core::__private::Error> {
                    #fields
                }
            }

            #encode_sd
        }
    };
    quote! {
        #assert_fns

        #encode

        #[automatically_derived]
        impl #impl_generics ::claims_core::__private::Claims for #ident #ty_generics #where_clause {
            const POLICY: &'static [::claims_core::__private::FieldPolicy] = &[#(#policy),*];

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

/// `impl EncodeSdClaims` with `body` as `__encode_sd`.
fn impl_encode_sd(input: &Input<'_>, generics: &Generics, body: &TokenStream) -> TokenStream {
    let ident = input.ident;
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    quote! {
        #[automatically_derived]
        impl #impl_generics ::claims_core::__private::EncodeSdClaims for #ident #ty_generics #where_clause {
            fn __encode_sd(
                &self,
                __writer: &mut ::claims_core::__private::PayloadWriter<'_>,
                __disclosures: &mut ::claims_core::__private::Disclosures,
            ) -> ::core::result::Result<(), ::claims_core::__private::Error> {
                #body
            }
        }
    }
}

/// Whether a field of `input` has a protection that `matches`.
fn has(input: &Input<'_>, matches: impl Fn(&Protection) -> bool) -> bool {
    input.fields.iter().any(|field| matches(protection(field)))
}

/// One `__public::<FieldTy>()` (`__hashed`, `__encrypted`, ...) per field,
/// at the top of `__encode`, `__decode` and `__view`, and the empty generic
/// functions they call, whose bound is the field trait.
///
/// An unsuitable field type then fails the same bound of the same function
/// at the same span in every body: rustc prints that error once, and drops
/// the `PayloadWriter`/`PayloadReader` call's error as a duplicate (or as
/// implied, when the bound is `ClaimValue`, whose supertrait is the
/// writer's `PublicField`), instead of one error per body and call.
/// (`forbidden` is used in `__decode` only.)
fn assert_field_traits(input: &Input<'_>) -> (TokenStream, TokenStream) {
    let mut fns = TokenStream::new();
    let mut calls = TokenStream::new();
    let mut declared: Vec<&str> = Vec::new();
    for field in &input.fields {
        let name = match protection(field) {
            Protection::Public if field.attrs.dynamic.is_some() => "__dynamic",
            Protection::Public => "__public",
            Protection::Hashed { .. } => "__hashed",
            Protection::Encrypted => "__encrypted",
            Protection::Disclosable => "__disclosable",
            Protection::Sensitive => "__sensitive",
            Protection::Forbidden => continue,
        };
        let function = Ident::new(name, Span::call_site());
        if !declared.contains(&name) {
            declared.push(name);
            let bound = field_trait(field);
            fns.extend(quote!(fn #function<__F: #bound>() {}));
        }
        let ty = field.ty;
        calls.extend(quote_spanned!(ty.span()=> #function::<#ty>();));
    }
    (fns, calls)
}

/// The runtime trait a field's type must implement for its protection: a
/// `public` field's contents must be checked (`ClaimValue`) unless it says
/// why they need not be (`dynamic = "..."`).
fn field_trait(field: &Field<'_>) -> TokenStream {
    match protection(field) {
        Protection::Public if field.attrs.dynamic.is_some() => {
            quote!(::claims_core::__private::PublicField)
        }
        Protection::Public => quote!(::claims_core::__private::ClaimValue),
        Protection::Hashed { .. } => quote!(::claims_core::__private::HashedField),
        Protection::Encrypted => quote!(::claims_core::__private::EncryptedField),
        Protection::Forbidden => quote!(::claims_core::__private::ForbiddenField),
        Protection::Disclosable => quote!(::claims_core::__private::DisclosableField),
        Protection::Sensitive => quote!(::claims_core::__private::SensitiveField),
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

/// `FieldPolicy::__new(name, wire_name, protection, reason, mask, category,
/// dynamic)`, with `.__unguarded(..)` and `.__normalize(..)` where declared.
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
        Protection::Sensitive => quote!(::claims_core::__private::Protection::Sensitive),
    };
    let [reason, dynamic] = [&field.attrs.allow_pii, &field.attrs.dynamic].map(|reason| {
        reason.as_ref().map_or_else(
            || quote!(::core::option::Option::None),
            |reason| {
                let reason = &reason.value;
                quote!(::core::option::Option::Some(#reason))
            },
        )
    });
    let mask = match field.mask() {
        Some(Mask::Last4) => {
            quote!(::core::option::Option::Some(
                ::claims_core::__private::Mask::Last4
            ))
        }
        None => quote!(::core::option::Option::None),
    };
    let category = field.pii.as_ref().map_or_else(
        || quote!(::core::option::Option::None),
        |pii| {
            // `Category`'s derived `Debug` is its variant's name.
            let variant = Ident::new(&format!("{:?}", pii.found.category), Span::call_site());
            quote!(::core::option::Option::Some(
                ::claims_core::__private::Category::#variant
            ))
        },
    );
    let unguarded = field.attrs.unguarded.as_ref().map(|unguarded| {
        let reason = &unguarded.value;
        quote!(.__unguarded(#reason))
    });
    let normalize = normalize(field).map(|variant| quote!(.__normalize(#variant)));
    quote! {
        ::claims_core::__private::FieldPolicy::__new(
            #name, #wire_name, #protection, #reason, #mask, #category, #dynamic,
        )
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
            __disclosures.disclosable::<#ty>(#wire_name, &self.#member)?;
        },
        // Never encoded. The read marks the field used, as serde's `skip`
        // does: declaring it is the point (decoding rejects its claim).
        Protection::Forbidden => quote! {
            let _ = &self.#member;
        },
        // A struct with a `sensitive` field has no `__encode`.
        Protection::Sensitive => TokenStream::new(),
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
        Protection::Sensitive => quote_spanned! {ty.span()=>
            #member: __reader.sensitive::<#ty>(#wire_name)?
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
        (Protection::Public | Protection::Sensitive, Some(Mask::Last4)) => quote! {
            __view.masked(#wire_name, #mask);
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
        (Protection::Sensitive, None) => quote! {
            let _ = &self.#member;
            __view.sensitive(#wire_name);
        },
        (Protection::Forbidden, _) => TokenStream::new(),
    }
}
