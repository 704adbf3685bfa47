//! The typed IR: the derive input as a struct of claims, borrowing the syn
//! nodes so every error can point at the tokens the user wrote.

use quote::ToTokens as _;
use syn::ext::IdentExt as _;
use syn::{Data, DeriveInput, Fields, Generics, Ident, LitStr, Type};

use crate::attr::{self, Attr, CLAIM, FieldAttrs, Protection};
use crate::ctxt::Ctxt;

/// A `#[derive(Claims)]` struct.
pub(crate) struct Input<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) generics: &'a Generics,
    /// Empty for an unsupported item (an enum, union, tuple or unit struct),
    /// which has already been reported.
    pub(crate) fields: Vec<Field<'a>>,
}

/// One named field: one claim.
pub(crate) struct Field<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) ty: &'a Type,
    /// The Rust name, without `r#`.
    pub(crate) name: String,
    /// The claim name in the token: `rename` or the Rust name.
    pub(crate) wire_name: String,
    pub(crate) attrs: FieldAttrs,
    /// What the Rust name, else the claim name, looks like to the PII
    /// lexicon: the compile-time rule and `POLICY` both read it.
    pub(crate) pii: Option<PiiName>,
}

/// A field name the PII lexicon flags.
pub(crate) struct PiiName {
    pub(crate) found: claims_lexicon::Match,
    /// The claim name matched (through `rename`), not the Rust name.
    pub(crate) renamed: bool,
}

impl PiiName {
    /// The lexicon's verdict on `name`, else on `wire_name` when it differs.
    fn lookup(name: &str, wire_name: &str) -> Option<Self> {
        let (found, renamed) = match claims_lexicon::lookup(name) {
            Some(found) => (found, false),
            None if wire_name != name => (claims_lexicon::lookup(wire_name)?, true),
            None => return None,
        };
        Some(Self { found, renamed })
    }
}

impl<'a> Input<'a> {
    pub(crate) fn from_syn(cx: &Ctxt, node: &'a DeriveInput) -> Self {
        for attr in node.attrs.iter().filter(|attr| attr.path() == CLAIM) {
            cx.error_spanned_by(
                attr,
                format!(
                    "`#[{CLAIM}(...)]` goes on each field, not on the struct: \
                     put a protection on every field, e.g. `#[{CLAIM}(public)] role: String`"
                ),
            );
        }
        let fields = match &node.data {
            Data::Struct(data) => match &data.fields {
                Fields::Named(fields) => fields
                    .named
                    .iter()
                    .filter_map(|field| Field::from_syn(cx, field))
                    .collect(),
                Fields::Unnamed(fields) => {
                    cx.error_spanned_by(
                        fields,
                        "`#[derive(Claims)]` does not support tuple structs: each claim is a named \
                         field, write `struct Name { field: Type }`",
                    );
                    Vec::new()
                }
                Fields::Unit => {
                    let unit = data.semi_token.map_or_else(
                        || node.ident.to_token_stream(),
                        |semi| semi.to_token_stream(),
                    );
                    cx.error_spanned_by(
                        unit,
                        "`#[derive(Claims)]` does not support unit structs: declare the claims as \
                         named fields, write `struct Name { #[claim(public)] role: String }`",
                    );
                    Vec::new()
                }
            },
            Data::Enum(data) => {
                cx.error_spanned_by(
                    data.enum_token,
                    "`#[derive(Claims)]` does not support enums: a token's claims are a struct \
                     with one named field per claim",
                );
                Vec::new()
            }
            Data::Union(data) => {
                cx.error_spanned_by(
                    data.union_token,
                    "`#[derive(Claims)]` does not support unions: a token's claims are a struct \
                     with one named field per claim",
                );
                Vec::new()
            }
        };
        Self {
            ident: &node.ident,
            generics: &node.generics,
            fields,
        }
    }
}

impl<'a> Field<'a> {
    fn from_syn(cx: &Ctxt, node: &'a syn::Field) -> Option<Self> {
        let ident = node.ident.as_ref()?;
        let name = ident.unraw().to_string();
        let attrs = FieldAttrs::from_attrs(cx, &name, &node.attrs);
        let wire_name = attrs
            .rename
            .as_ref()
            .map_or_else(|| name.clone(), |rename| rename.value.value());
        Some(Self {
            ident,
            ty: &node.ty,
            pii: PiiName::lookup(&name, &wire_name),
            name,
            wire_name,
            attrs,
        })
    }

    /// The declared protection; the first one if there are several (which
    /// `check.rs` reports).
    pub(crate) fn protection(&self) -> Option<&Protection> {
        self.attrs.protections.first().map(|attr| &attr.value)
    }

    /// The `rename = "..."` literal, if any.
    pub(crate) fn rename(&self) -> Option<&Attr<LitStr>> {
        self.attrs.rename.as_ref()
    }

    /// Where an error about the claim name points: the `rename` if there is
    /// one, else the field's name.
    pub(crate) fn wire_name_tokens(&self) -> proc_macro2::TokenStream {
        match self.rename() {
            Some(rename) => rename.tokens.clone(),
            None => self.ident.to_token_stream(),
        }
    }

    /// `mask = "..."`, if any.
    pub(crate) fn mask(&self) -> Option<&attr::Mask> {
        self.attrs.mask.as_ref().map(|mask| &mask.value)
    }
}
