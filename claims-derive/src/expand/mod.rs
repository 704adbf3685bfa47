//! Code generation: the checked IR becomes `impl Claims`, `impl Debug` and
//! `impl Display` (or `impl ClaimValue`) inside one `const _: () = { ... };`.

mod claims;
mod redact;
mod value;

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

use crate::ast::{Field, Input, ValueInput};
use crate::attr::Protection;
use crate::check;
use crate::ctxt::Ctxt;
use crate::fallback;

/// `#[derive(Claims)]`: `impl Claims`, `Debug` and `Display`.
pub(crate) fn derive(node: &DeriveInput) -> TokenStream {
    run(
        node,
        Input::from_syn,
        check::claims,
        |input| {
            let claims = claims::impl_claims(input);
            let redact = redact::impl_debug_display(input);
            quote! {
                const _: () = {
                    #claims
                    #redact
                };
            }
        },
        fallback::claims,
    )
}

/// `#[derive(ClaimValue)]`: `impl ClaimValue`.
pub(crate) fn derive_value(node: &DeriveInput) -> TokenStream {
    run(
        node,
        ValueInput::from_syn,
        check::value,
        value::impl_claim_value,
        fallback::value,
    )
}

/// Parse and check, then expand. On any error: every error, plus fallback
/// impls so that code using the type reports nothing else.
fn run<'a, I>(
    node: &'a DeriveInput,
    parse: impl FnOnce(&Ctxt, &'a DeriveInput) -> I,
    check: impl FnOnce(&Ctxt, &I),
    expand: impl FnOnce(&I) -> TokenStream,
    fallback: impl FnOnce(&DeriveInput) -> TokenStream,
) -> TokenStream {
    let cx = Ctxt::new();
    let input = parse(&cx, node);
    check(&cx, &input);
    if let Err(errors) = cx.check() {
        let errors = errors.to_compile_error();
        let fallback = fallback(node);
        return quote! {
            #errors
            #fallback
        };
    }
    expand(&input)
}

/// The field's one protection: `check.rs` has rejected fields with none or
/// several, so expansion never sees them.
fn protection<'f>(field: &'f Field<'_>) -> &'f Protection {
    field
        .protection()
        .expect("check.rs rejects fields without a protection")
}
