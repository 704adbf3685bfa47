//! The compile-time policy: one function per rule, each reporting to the
//! [`Ctxt`] so that every mistake of a type is reported in one build. The
//! rules of a claims struct are in `claim.rs`, those of a value that
//! travels inside a claim in `value.rs`; what both apply is here.

mod claim;
mod value;

use claims_lexicon::Match;
use quote::ToTokens as _;
use syn::{GenericArgument, LitStr, PathArguments, Type};

use crate::attr::{ALLOW_PII, Attr, Symbol};
use crate::ctxt::Ctxt;

pub(crate) use claim::check as claims;
pub(crate) use value::check as value;

/// `looks like personal data (contact: matched `email`)`: how every rule
/// that refuses a name says what the lexicon found.
fn looks_like(found: Match) -> String {
    format!(
        "looks like personal data ({}: matched `{}`)",
        found.category, found.term
    )
}

/// A reason (`allow_pii`, `dynamic`) cannot be blank: a blank reason is no
/// reason. `subject` names the field.
fn check_reason(cx: &Ctxt, key: Symbol, reason: Option<&Attr<LitStr>>, subject: &str) {
    let Some(reason) = reason else {
        return;
    };
    if !reason.value.value().trim().is_empty() {
        return;
    }
    let example = if key == ALLOW_PII {
        "a display name the user chose to share"
    } else {
        "free-form labels the tenant's admin sets, never a person's data"
    };
    cx.error_spanned_by(
        &reason.tokens,
        format!(
            "`{key}` on {subject} is empty: say why this value is safe in the clear, e.g. \
             `{key} = \"{example}\"`"
        ),
    );
}

/// `T` when `ty` is `name<T>` (however qualified: `std::option::Option<T>`).
fn generic_arg<'t>(ty: &'t Type, name: &str) -> Option<&'t Type> {
    let Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first() {
        Some(GenericArgument::Type(inner)) if last.ident == name && args.args.len() == 1 => {
            Some(inner)
        }
        _ => None,
    }
}

/// A type as written, without the spaces tokens print with (`Vec<String>`,
/// not `Vec < String >`).
fn type_text(ty: &Type) -> String {
    let text = ty.to_token_stream().to_string();
    let mut out = String::with_capacity(text.len());
    for token in text.split(' ') {
        let glue = out.ends_with(['<', ':', '&']) || token.starts_with(['<', '>', ':', ',']);
        if !out.is_empty() && !glue {
            out.push(' ');
        }
        out.push_str(token);
    }
    out
}

/// `bool` or `Option<bool>`, however spelled (`core::primitive::bool`): a
/// field of that type says something about the data (`email_verified`),
/// not the data, so the name rules exempt it.
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
