//! The rules of a `#[derive(ClaimValue)]` type: a value that travels in the
//! clear, whole, inside a `public` claim. Its fields take no protection of
//! their own, only the reasons a public claim may give (`allow_pii`,
//! `dynamic`), and the name rule applies to every name serde writes.

use proc_macro2::TokenStream;
use quote::ToTokens as _;

use super::{check_reason, is_bool, looks_like};
use crate::ast::{PiiName, ValueField, ValueInput, ValueVariant};
use crate::attr::{ALLOW_PII, CLAIM, DYNAMIC, FieldAttrs, RENAME};
use crate::ctxt::Ctxt;
use crate::serde_attr::SerdeAttrs;

pub(crate) fn check(cx: &Ctxt, input: &ValueInput<'_>) {
    check_container_serializer(cx, input);
    for field in &input.fields {
        check_value_keys(cx, &field.attrs, &field.path);
        check_field_pii(cx, field);
        check_custom_serializer(cx, field);
        check_reasons(cx, &field.attrs, &field.path);
    }
    for variant in &input.variants {
        check_value_keys(cx, &variant.attrs, &variant.path);
        check_dynamic_on_variant(cx, &variant.attrs, &variant.path);
        check_variant_pii(cx, variant);
        check_variant_serializer(cx, &variant.serde, &variant.path);
        check_reasons(cx, &variant.attrs, &variant.path);
    }
}

/// A nested value travels whole, in the clear, inside its claim: its
/// fields take no protection, `rename` is serde's, and `mask` is a claim's.
fn check_value_keys(cx: &Ctxt, attrs: &FieldAttrs, path: &str) {
    for protection in &attrs.protections {
        let keyword = protection.value.keyword();
        cx.error_spanned_by(
            &protection.tokens,
            format!(
                "`{keyword}` does not apply to `{path}`: a `ClaimValue` travels in the clear, \
                 whole, inside the claim that holds it; protect that claim instead (e.g. \
                 `#[{CLAIM}(encrypted)] profile: Profile`), or keep this field public with \
                 `{ALLOW_PII} = \"...\"` or `{DYNAMIC} = \"...\"`"
            ),
        );
    }
    if let Some(rename) = &attrs.rename {
        cx.error_spanned_by(
            &rename.tokens,
            format!(
                "`{RENAME}` does not apply to `{path}`: serde writes a `ClaimValue`, so name it \
                 with `#[serde({RENAME} = \"...\")]`, which the name rule checks too"
            ),
        );
    }
    if let Some(mask) = &attrs.mask {
        cx.error_spanned_by(
            &mask.tokens,
            format!(
                "`mask` does not apply to `{path}`: `Debug` shows a `ClaimValue` whole; put \
                 the mask on a claim"
            ),
        );
    }
}

/// A variant's contents are its fields': `dynamic` goes on them.
fn check_dynamic_on_variant(cx: &Ctxt, attrs: &FieldAttrs, path: &str) {
    if let Some(dynamic) = &attrs.dynamic {
        cx.error_spanned_by(
            &dynamic.tokens,
            format!(
                "`{DYNAMIC}` applies to fields, not to variant `{path}`: put it on the field \
                 whose contents vary"
            ),
        );
    }
}

fn check_reasons(cx: &Ctxt, attrs: &FieldAttrs, path: &str) {
    let subject = format!("`{path}`");
    check_reason(cx, ALLOW_PII, attrs.allow_pii.as_ref(), &subject);
    check_reason(cx, DYNAMIC, attrs.dynamic.as_ref(), &subject);
}

/// A field whose name (or a serde `rename`) is in the PII lexicon needs
/// `allow_pii = "..."`, as a `public` claim does; `bool` fields are exempt.
fn check_field_pii(cx: &Ctxt, field: &ValueField<'_>) {
    if field.attrs.allow_pii.is_some() || is_bool(field.ty) {
        return;
    }
    let Some(pii) = &field.pii else {
        return;
    };
    let tokens = name_tokens(pii, &field.serde).unwrap_or_else(|| field.tokens.clone());
    cx.error_spanned_by(
        tokens,
        format!(
            "field `{}` {}, and a `ClaimValue` travels in the clear inside any `public` claim \
             that holds it: take the field out, protect the claim that holds it (e.g. \
             `#[{CLAIM}(encrypted)]`), or keep it with `#[{CLAIM}({ALLOW_PII} = \"why this is \
             safe\")]`",
            field.path,
            looks_like(pii.found),
        ),
    );
}

/// A variant that carries data travels as `{"Name": ...}`: its name is a
/// key of the JSON, and the name rule applies to it.
fn check_variant_pii(cx: &Ctxt, variant: &ValueVariant<'_>) {
    if variant.attrs.allow_pii.is_some() {
        return;
    }
    let Some(pii) = &variant.pii else {
        return;
    };
    let tokens =
        name_tokens(pii, &variant.serde).unwrap_or_else(|| variant.ident.to_token_stream());
    cx.error_spanned_by(
        tokens,
        format!(
            "variant `{}` {}, and its name travels in the clear as a key of the JSON: rename \
             it (`#[serde({RENAME} = \"...\")]`), protect the claim that holds it, or keep it \
             with `#[{CLAIM}({ALLOW_PII} = \"why this is safe\")]`",
            variant.path,
            looks_like(pii.found),
        ),
    );
}

/// The serde `rename` the lexicon matched, if it was not the Rust name.
fn name_tokens(pii: &PiiName, serde: &SerdeAttrs) -> Option<TokenStream> {
    let rename = serde.renames.get(pii.rename?)?;
    Some(rename.to_token_stream())
}

/// A field serde writes with other code (`with`, `serialize_with`) may
/// write anything: it needs `dynamic = "..."`, as a map does.
fn check_custom_serializer(cx: &Ctxt, field: &ValueField<'_>) {
    let (Some(custom), None) = (&field.serde.custom, &field.attrs.dynamic) else {
        return;
    };
    cx.error_spanned_by(
        custom,
        format!(
            "`{}` is written by `#[serde({custom})]`, which no derive can check: say why what \
             it writes is safe in the clear with `#[{CLAIM}({DYNAMIC} = \"...\")]`",
            field.path,
        ),
    );
}

/// A variant written by other code cannot be checked field by field.
fn check_variant_serializer(cx: &Ctxt, serde: &SerdeAttrs, path: &str) {
    if let Some(custom) = &serde.custom {
        cx.error_spanned_by(
            custom,
            unchecked_serializer(&format!("variant `{path}`"), custom),
        );
    }
}

/// A type serialized `into` another is that other type on the wire.
fn check_container_serializer(cx: &Ctxt, input: &ValueInput<'_>) {
    if let Some(custom) = &input.serde.custom {
        let subject = format!("`{}`", input.ident);
        cx.error_spanned_by(custom, unchecked_serializer(&subject, custom));
    }
}

fn unchecked_serializer(subject: &str, custom: &TokenStream) -> String {
    format!(
        "{subject} is written by `#[serde({custom})]`, which `#[derive(ClaimValue)]` cannot \
         check: derive `ClaimValue` on the type that is written, or implement \
         `claims_core::ClaimValue` by hand, a statement that you checked what it writes"
    )
}
