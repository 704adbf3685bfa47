//! The compile-time policy: one function per rule, each reporting to the
//! [`Ctxt`] so that every mistake in the struct is reported in one build.

use std::collections::HashMap;

use claims_lexicon::reserved;
use syn::{GenericArgument, PathArguments, Type};

use crate::ast::{Field, Input};
use crate::attr::{ALLOW_PII, CLAIM, DOMAIN, MASK, Protection, RENAME};
use crate::ctxt::Ctxt;

pub(crate) fn check(cx: &Ctxt, input: &Input<'_>) {
    for field in &input.fields {
        check_one_protection(cx, field);
        check_pii_not_public(cx, field);
        check_reserved_claim(cx, field);
        check_non_empty_strings(cx, field);
        check_allow_pii_only_on_public(cx, field);
        check_mask_protection(cx, field);
    }
    check_unique_wire_names(cx, input);
    check_sd_reserved(cx, input);
}

/// A struct with a `disclosable` field is issued as an SD-JWT, whose issuer
/// JWT carries `_sd`, `_sd_alg` and `cnf` itself: no field may use them.
fn check_sd_reserved(cx: &Ctxt, input: &Input<'_>) {
    if !input
        .fields
        .iter()
        .any(|f| matches!(f.protection(), Some(Protection::Disclosable)))
    {
        return;
    }
    for field in &input.fields {
        if reserved::SD_JWT.contains(&field.wire_name.as_str()) {
            cx.error_spanned_by(
                field.wire_name_tokens(),
                format!(
                    "claim `{}` is reserved in SD-JWTs: a struct with `disclosable` fields is \
                     issued as an SD-JWT, which uses `_sd`, `_sd_alg` and `cnf` itself; send \
                     field `{}` under another name with `#[{CLAIM}({RENAME} = \"...\")]`",
                    field.wire_name, field.name,
                ),
            );
        }
    }
}

/// Every field declares exactly one of `public`, `hashed`, `encrypted` and
/// `forbidden`: none is reported on the field, a second one on its keyword.
fn check_one_protection(cx: &Ctxt, field: &Field<'_>) {
    match field.attrs.protections.as_slice() {
        // A malformed attribute may have held the protection: its parse
        // error is the one to fix first.
        [] if field.attrs.malformed => {}
        [] => cx.error_spanned_by(
            field.ident,
            format!(
                "field `{}` declares no protection: add `#[{CLAIM}(public)]`, `#[{CLAIM}(hashed)]`, \
                 `#[{CLAIM}(encrypted)]`, `#[{CLAIM}(forbidden)]` or `#[{CLAIM}(disclosable)]`",
                field.name,
            ),
        ),
        [_] => {}
        [first, others @ ..] => {
            for other in others {
                cx.error_spanned_by(
                    &other.tokens,
                    format!(
                        "conflicting protections on field `{}`: `{}` and `{}`; keep exactly one",
                        field.name,
                        first.value.keyword(),
                        other.value.keyword(),
                    ),
                );
            }
        }
    }
}

/// A field whose Rust name or claim name is in the PII lexicon cannot be
/// `public` unless `allow_pii = "..."` says why; the error names the
/// lexicon's category and the phrase matched. `bool` and `Option<bool>`
/// fields (`email_verified`) are exempt: they say something about the
/// data, not the data.
fn check_pii_not_public(cx: &Ctxt, field: &Field<'_>) {
    let Some(public) = field.attrs.protections.first() else {
        return;
    };
    if !matches!(public.value, Protection::Public)
        || field.attrs.allow_pii.is_some()
        || is_bool(field.ty)
    {
        return;
    }
    let Some(pii) = &field.pii else {
        return;
    };
    let (subject, tokens) = match field.rename() {
        Some(rename) if pii.renamed => (
            format!(
                "field `{}`, sent as claim `{}`,",
                field.name, field.wire_name
            ),
            &rename.tokens,
        ),
        _ => (format!("field `{}`", field.name), &public.tokens),
    };
    let found = pii.found;
    cx.error_spanned_by(
        tokens,
        format!(
            "{subject} looks like personal data ({}: matched `{}`) and cannot be `public`: mark \
             it `#[{CLAIM}(hashed)]`, `#[{CLAIM}(encrypted)]` or `#[{CLAIM}(forbidden)]`, or keep \
             it public with `#[{CLAIM}(public, {ALLOW_PII} = \"why this is safe\")]`",
            found.category, found.term,
        ),
    );
}

/// `Keys` sets `iss`, `aud`, `exp`, `nbf`, `iat` and `jti`: no field may
/// travel under those names.
fn check_reserved_claim(cx: &Ctxt, field: &Field<'_>) {
    if !reserved::REGISTERED.contains(&field.wire_name.as_str()) {
        return;
    }
    cx.error_spanned_by(
        field.wire_name_tokens(),
        format!(
            "claim `{}` is reserved: `Keys` sets `iss`, `aud`, `exp`, `nbf`, `iat` and `jti` on \
             every token (read them with `Verified::registered()`); send field `{}` under another \
             name with `#[{CLAIM}({RENAME} = \"...\")]`",
            field.wire_name, field.name,
        ),
    );
}

/// `rename`, `hashed(domain)` and `allow_pii` cannot be empty (a blank
/// reason is no reason), and a domain cannot contain NUL, which separates
/// it from the value in the HMAC input.
fn check_non_empty_strings(cx: &Ctxt, field: &Field<'_>) {
    if let Some(rename) = field.rename()
        && rename.value.value().is_empty()
    {
        cx.error_spanned_by(
            &rename.tokens,
            format!(
                "`{RENAME}` on field `{}` is empty: write the claim name, e.g. `{RENAME} = \"user\"`",
                field.name,
            ),
        );
    }
    if let Some(Protection::Hashed {
        domain: Some(domain),
    }) = field.protection()
    {
        let value = domain.value();
        if value.is_empty() || value.contains('\0') {
            cx.error_spanned_by(
                domain,
                format!(
                    "`{DOMAIN}` on field `{}` must be a non-empty string without NUL: write the \
                     pseudonym domain, e.g. `hashed({DOMAIN} = \"user\")`, or drop it to use the \
                     claim name",
                    field.name,
                ),
            );
        }
    }
    if let Some(allow_pii) = &field.attrs.allow_pii
        && allow_pii.value.value().trim().is_empty()
    {
        cx.error_spanned_by(
            &allow_pii.tokens,
            format!(
                "`{ALLOW_PII}` on field `{}` is empty: say why this value is safe in the clear, \
                 e.g. `{ALLOW_PII} = \"a display name the user chose to share\"`",
                field.name,
            ),
        );
    }
}

/// `allow_pii` only makes sense on a `public` field: the others are not in
/// the clear.
fn check_allow_pii_only_on_public(cx: &Ctxt, field: &Field<'_>) {
    let (Some(allow_pii), Some(protection)) = (&field.attrs.allow_pii, field.protection()) else {
        return;
    };
    if matches!(protection, Protection::Public) {
        return;
    }
    cx.error_spanned_by(
        &allow_pii.tokens,
        format!(
            "`{ALLOW_PII}` only applies to `public` fields, and field `{}` is `{}`, which keeps it \
             out of the clear already: remove `{ALLOW_PII}`",
            field.name,
            protection.keyword(),
        ),
    );
}

/// `mask` applies to fields `Debug` can show, `public` and `encrypted` ones:
/// a `hashed` field holds only a pseudonym after decoding, a `forbidden`
/// one is never shown.
fn check_mask_protection(cx: &Ctxt, field: &Field<'_>) {
    let (Some(mask), Some(protection)) = (&field.attrs.mask, field.protection()) else {
        return;
    };
    if matches!(protection, Protection::Public | Protection::Encrypted) {
        return;
    }
    let keyword = protection.keyword();
    cx.error_spanned_by(
        &mask.tokens,
        format!(
            "`{MASK}` applies to `public` and `encrypted` fields, and field `{}` is `{keyword}`, \
             which `Debug` always shows as `<{keyword}>`: remove `{MASK}`",
            field.name,
        ),
    );
}

/// Claim names are unique after `rename`: the second field sent under a
/// name is reported.
fn check_unique_wire_names(cx: &Ctxt, input: &Input<'_>) {
    let mut seen: HashMap<&str, &Field<'_>> = HashMap::new();
    for field in &input.fields {
        if let Some(first) = seen.get(field.wire_name.as_str()) {
            cx.error_spanned_by(
                field.wire_name_tokens(),
                format!(
                    "field `{}` is sent as claim `{}`, and so is field `{}`: claim names must be \
                     unique, give one of them another name with `#[{CLAIM}({RENAME} = \"...\")]`",
                    field.name, field.wire_name, first.name,
                ),
            );
        } else {
            seen.insert(&field.wire_name, field);
        }
    }
}

/// `bool` or `Option<bool>`, however spelled (`core::primitive::bool`).
fn is_bool(ty: &Type) -> bool {
    match ty {
        Type::Paren(paren) => is_bool(&paren.elem),
        Type::Group(group) => is_bool(&group.elem),
        Type::Path(path) if path.qself.is_none() => {
            let Some(last) = path.path.segments.last() else {
                return false;
            };
            match &last.arguments {
                PathArguments::None => last.ident == "bool",
                PathArguments::AngleBracketed(args) if last.ident == "Option" => {
                    matches!(
                        args.args.first(),
                        Some(GenericArgument::Type(inner)) if args.args.len() == 1 && is_plain_bool(inner)
                    )
                }
                _ => false,
            }
        }
        _ => false,
    }
}

/// `bool`, not `Option<bool>`.
fn is_plain_bool(ty: &Type) -> bool {
    matches!(ty, Type::Path(path) if path.qself.is_none()
    && path.path.segments.last().is_some_and(|last| {
        last.ident == "bool" && matches!(last.arguments, PathArguments::None)
    }))
}
