//! The rules of a `#[derive(Claims)]` struct.

use std::collections::HashMap;

use claims_lexicon::reserved;

use super::{check_reason, generic_arg, is_bool, looks_like, type_text};
use crate::ast::{Field, Input};
use crate::attr::{ALLOW_PII, CLAIM, DOMAIN, DYNAMIC, MASK, Protection, RENAME};
use crate::ctxt::Ctxt;

pub(crate) fn check(cx: &Ctxt, input: &Input<'_>) {
    for field in &input.fields {
        check_one_protection(cx, field);
        check_pii_not_public(cx, field);
        check_reserved_claim(cx, field);
        check_non_empty_strings(cx, field);
        check_reasons_only_on_public(cx, field);
        check_mask_protection(cx, field);
        check_optional_wrapper(cx, field);
    }
    check_unique_wire_names(cx, input);
    check_sd_reserved(cx, input);
    check_no_debug_derive(cx, input);
}

/// `Claims` implements `Debug` and `Display` (redacted): a derive of either
/// beside it would print protected values, and conflicts. Only a derive in
/// a later `#[derive(...)]` attribute is visible here; one listed beside
/// `Claims` or before it is rustc's conflicting-impl error (E0119), which
/// the derive's docs explain.
fn check_no_debug_derive(cx: &Ctxt, input: &Input<'_>) {
    for path in &input.later_derives {
        let Some(name) = path.segments.last().map(|segment| &segment.ident) else {
            continue;
        };
        if name != "Debug" && name != "Display" {
            continue;
        }
        cx.error_spanned_by(
            path,
            format!(
                "`#[derive(Claims)]` implements `Debug` and `Display` already, redacted \
                 (`<hashed>`, `<encrypted>`, ... in place of protected values): remove \
                 `{name}` from this derive"
            ),
        );
    }
}

/// An optional secret is `Pii<Option<T>>` and an optional pseudonymized
/// value `Hashed<Option<T>>`: the wrapper outside, so the field type is one
/// the protection's trait accepts (`Option<Pii<T>>` is not `Serialize`).
/// Seen in the syntax, as it is usually written. Through an alias, a
/// hashed field gets `HashedField`'s error, whose note says the same; an
/// encrypted one gets serde's (`Pii<T>` is not `Serialize`).
fn check_optional_wrapper(cx: &Ctxt, field: &Field<'_>) {
    let Some(protection) = field.protection() else {
        return;
    };
    let wrapper = match protection {
        Protection::Encrypted | Protection::Sensitive => "Pii",
        Protection::Hashed { .. } => "Hashed",
        _ => return,
    };
    let Some(inner) =
        generic_arg(field.ty, "Option").and_then(|option| generic_arg(option, wrapper))
    else {
        return;
    };
    let (name, inner) = (&field.name, type_text(inner));
    cx.error_spanned_by(
        field.ty,
        format!(
            "field `{name}` is `Option<{wrapper}<{inner}>>`: an optional `{}` value is \
             `{wrapper}<Option<{inner}>>`, the `Option` inside the wrapper; write `{name}: \
             {wrapper}<Option<{inner}>>`",
            protection.keyword(),
        ),
    );
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

/// Every field declares exactly one protection: none is reported on the
/// field, a second one on its keyword.
fn check_one_protection(cx: &Ctxt, field: &Field<'_>) {
    match field.attrs.protections.as_slice() {
        // A malformed attribute may have held the protection: its parse
        // error is the one to fix first.
        [] if field.attrs.malformed => {}
        [] => cx.error_spanned_by(
            field.ident,
            format!(
                "field `{}` declares no protection: add `#[{CLAIM}(public)]`, `#[{CLAIM}(hashed)]`, \
                 `#[{CLAIM}(encrypted)]`, `#[{CLAIM}(forbidden)]` or `#[{CLAIM}(disclosable)]`, \
                 or, for personal data in another issuer's token, `#[{CLAIM}(sensitive)]`",
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
        Some(rename) if pii.rename.is_some() => (
            format!(
                "field `{}`, sent as claim `{}`,",
                field.name, field.wire_name
            ),
            &rename.tokens,
        ),
        _ => (format!("field `{}`", field.name), &public.tokens),
    };
    cx.error_spanned_by(
        tokens,
        format!(
            "{subject} {} and cannot be `public`: mark it `#[{CLAIM}(hashed)]`, \
             `#[{CLAIM}(encrypted)]` or `#[{CLAIM}(forbidden)]`, or keep it public with \
             `#[{CLAIM}(public, {ALLOW_PII} = \"why this is safe\")]`",
            looks_like(pii.found),
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

/// `rename`, `hashed(domain)`, `allow_pii` and `dynamic` cannot be empty
/// (a blank reason is no reason), and a domain cannot contain NUL, which
/// separates it from the value in the HMAC input.
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
    let subject = format!("field `{}`", field.name);
    check_reason(cx, ALLOW_PII, field.attrs.allow_pii.as_ref(), &subject);
    check_reason(cx, DYNAMIC, field.attrs.dynamic.as_ref(), &subject);
}

/// `allow_pii` and `dynamic` give reasons for a value in the clear: they
/// only make sense on a `public` field.
fn check_reasons_only_on_public(cx: &Ctxt, field: &Field<'_>) {
    let Some(protection) = field.protection() else {
        return;
    };
    if matches!(protection, Protection::Public) {
        return;
    }
    let reasons = [
        (ALLOW_PII, &field.attrs.allow_pii),
        (DYNAMIC, &field.attrs.dynamic),
    ];
    for (key, reason) in reasons {
        let Some(reason) = reason else {
            continue;
        };
        cx.error_spanned_by(
            &reason.tokens,
            format!(
                "`{key}` only applies to `public` fields, and field `{}` is `{}`, which keeps \
                 it out of the clear already: remove `{key}`",
                field.name,
                protection.keyword(),
            ),
        );
    }
}

/// `mask` applies to fields `Debug` can show, `public`, `encrypted` and
/// `sensitive` ones: a `hashed` field holds only a pseudonym after
/// decoding, a `forbidden` one is never shown.
fn check_mask_protection(cx: &Ctxt, field: &Field<'_>) {
    let (Some(mask), Some(protection)) = (&field.attrs.mask, field.protection()) else {
        return;
    };
    if matches!(
        protection,
        Protection::Public | Protection::Encrypted | Protection::Sensitive
    ) {
        return;
    }
    let keyword = protection.keyword();
    cx.error_spanned_by(
        &mask.tokens,
        format!(
            "`{MASK}` applies to `public`, `encrypted` and `sensitive` fields, and field `{}` is \
             `{keyword}`, \
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
