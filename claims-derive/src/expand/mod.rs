//! Code generation: the checked IR becomes `impl Claims`, `impl Debug` and
//! `impl Display` inside one `const _: () = { ... };`.

mod bounds;
mod claims;
mod redact;

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

use crate::ast::{Field, Input};
use crate::attr::Protection;
use crate::check;
use crate::ctxt::Ctxt;
use crate::fallback;

/// Parse, check, expand. On any error: every error, plus fallback impls so
/// that code using the struct reports nothing else.
pub(crate) fn derive(node: &DeriveInput) -> TokenStream {
    let cx = Ctxt::new();
    let input = Input::from_syn(&cx, node);
    check::check(&cx, &input);
    if let Err(errors) = cx.check() {
        let errors = errors.to_compile_error();
        let fallback = fallback::impls(node);
        return quote! {
            #errors
            #fallback
        };
    }
    let claims = claims::impl_claims(&input);
    let redact = redact::impl_debug_display(&input);
    quote! {
        const _: () = {
            #claims
            #redact
        };
    }
}

/// The field's one protection: `check.rs` has rejected fields with none or
/// several, so expansion never sees them.
fn protection<'f>(field: &'f Field<'_>) -> &'f Protection {
    field
        .protection()
        .expect("check.rs rejects fields without a protection")
}
