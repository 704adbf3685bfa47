//! The typed IR: the derive input as a struct of claims ([`Input`]), or as
//! a value that travels inside a claim ([`ValueInput`]), borrowing the syn
//! nodes so every error can point at the tokens the user wrote.

use proc_macro2::TokenStream;
use quote::ToTokens as _;
use syn::ext::IdentExt as _;
use syn::punctuated::Punctuated;
use syn::{Attribute, Data, DeriveInput, Fields, Generics, Ident, LitStr, Path, Token, Type};

use crate::attr::{self, Attr, CLAIM, FieldAttrs, Protection, Site};
use crate::ctxt::Ctxt;
use crate::serde_attr::SerdeAttrs;

/// A `#[derive(Claims)]` struct.
pub(crate) struct Input<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) generics: &'a Generics,
    /// Empty for an unsupported item (an enum, union, tuple or unit struct),
    /// which has already been reported.
    pub(crate) fields: Vec<Field<'a>>,
    /// The derives of the `#[derive(...)]` attributes after the one that
    /// invoked this derive: rustc hands a derive the attributes that follow
    /// it, not the derives listed beside it or before it.
    pub(crate) later_derives: Vec<Path>,
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

/// A name the PII lexicon flags.
pub(crate) struct PiiName {
    pub(crate) found: claims_lexicon::Match,
    /// Which of the renames matched (the claim's `rename`, serde's
    /// `rename`s); `None` when the Rust name did.
    pub(crate) rename: Option<usize>,
}

impl PiiName {
    /// The lexicon's verdict on the Rust name, else on the first rename
    /// it flags.
    fn lookup(name: Option<&str>, renames: &[String]) -> Option<Self> {
        if let Some(found) = name.and_then(claims_lexicon::lookup) {
            return Some(Self {
                found,
                rename: None,
            });
        }
        renames.iter().enumerate().find_map(|(i, rename)| {
            Some(Self {
                found: claims_lexicon::lookup(rename)?,
                rename: Some(i),
            })
        })
    }
}

/// The paths of every `#[derive(...)]` in `attrs` (those that fail to parse
/// are rustc's to report).
pub(crate) fn later_derives(attrs: &[Attribute]) -> Vec<Path> {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("derive"))
        .filter_map(|attr| {
            attr.parse_args_with(Punctuated::<Path, Token![,]>::parse_terminated)
                .ok()
        })
        .flatten()
        .collect()
}

/// `#[claim(...)]` on the struct or enum itself: an error, with `fix`.
fn reject_container_attrs(cx: &Ctxt, attrs: &[Attribute], fix: &str) {
    for attr in attrs.iter().filter(|attr| attr.path() == CLAIM) {
        cx.error_spanned_by(
            attr,
            format!("`#[{CLAIM}(...)]` goes on each field, not on the type itself: {fix}"),
        );
    }
}

impl<'a> Input<'a> {
    pub(crate) fn from_syn(cx: &Ctxt, node: &'a DeriveInput) -> Self {
        reject_container_attrs(
            cx,
            &node.attrs,
            &format!("put a protection on every field, e.g. `#[{CLAIM}(public)] role: String`"),
        );
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
            later_derives: later_derives(&node.attrs),
        }
    }
}

impl<'a> Field<'a> {
    fn from_syn(cx: &Ctxt, node: &'a syn::Field) -> Option<Self> {
        let ident = node.ident.as_ref()?;
        let name = ident.unraw().to_string();
        let attrs = FieldAttrs::from_attrs(cx, Site::Claim, &name, &node.attrs);
        let renames: Vec<String> = attrs.rename.iter().map(|r| r.value.value()).collect();
        let wire_name = renames.first().unwrap_or(&name).clone();
        Some(Self {
            ident,
            ty: &node.ty,
            pii: PiiName::lookup(Some(&name), &renames),
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
    pub(crate) fn wire_name_tokens(&self) -> TokenStream {
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

/// A `#[derive(ClaimValue)]` struct or enum: everything serde writes of it
/// that has a name or a type to check.
pub(crate) struct ValueInput<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) generics: &'a Generics,
    /// The container's `#[serde(...)]`: `into` hands the JSON to another type.
    pub(crate) serde: SerdeAttrs,
    /// The fields of the struct, or of every variant; not those serde skips.
    pub(crate) fields: Vec<ValueField<'a>>,
    /// The variants that carry data: their names are keys of the JSON
    /// (`{"Email": ...}`). A unit variant is a value (`"Free"`) the code
    /// fixes, so it is not listed.
    pub(crate) variants: Vec<ValueVariant<'a>>,
}

/// A field of a `ClaimValue` struct or variant.
pub(crate) struct ValueField<'a> {
    /// How messages name it: `Profile.email`, `Contact::Person.email`,
    /// `Wrapper.0`.
    pub(crate) path: String,
    /// Where errors about it point: its name, or its type when it has none.
    pub(crate) tokens: TokenStream,
    pub(crate) ty: &'a Type,
    pub(crate) attrs: FieldAttrs,
    pub(crate) serde: SerdeAttrs,
    pub(crate) pii: Option<PiiName>,
}

/// A variant that carries data.
pub(crate) struct ValueVariant<'a> {
    /// `Contact::Email`.
    pub(crate) path: String,
    pub(crate) ident: &'a Ident,
    pub(crate) attrs: FieldAttrs,
    pub(crate) serde: SerdeAttrs,
    pub(crate) pii: Option<PiiName>,
}

impl<'a> ValueInput<'a> {
    pub(crate) fn from_syn(cx: &Ctxt, node: &'a DeriveInput) -> Self {
        let ident = &node.ident;
        let name = ident.unraw().to_string();
        reject_container_attrs(
            cx,
            &node.attrs,
            "a field may carry `allow_pii = \"...\"` or `dynamic = \"...\"`",
        );
        let mut input = Self {
            ident,
            generics: &node.generics,
            serde: SerdeAttrs::from_attrs(&node.attrs),
            fields: Vec::new(),
            variants: Vec::new(),
        };
        match &node.data {
            Data::Struct(data) => input.push_fields(cx, &name, &data.fields),
            Data::Enum(data) => {
                for variant in &data.variants {
                    let serde = SerdeAttrs::from_attrs(&variant.attrs);
                    if serde.skipped {
                        continue;
                    }
                    let path = format!("{name}::{}", variant.ident.unraw());
                    input.push_fields(cx, &path, &variant.fields);
                    if matches!(variant.fields, Fields::Unit) {
                        continue;
                    }
                    let attrs = FieldAttrs::from_attrs(cx, Site::Value, &path, &variant.attrs);
                    let renames = rename_values(&serde);
                    input.variants.push(ValueVariant {
                        pii: PiiName::lookup(Some(&variant.ident.unraw().to_string()), &renames),
                        path,
                        ident: &variant.ident,
                        attrs,
                        serde,
                    });
                }
            }
            Data::Union(data) => cx.error_spanned_by(
                data.union_token,
                "`#[derive(ClaimValue)]` does not support unions: serde cannot write them",
            ),
        }
        input
    }

    /// The fields of the struct or variant `owner` (`Profile`, `Contact::Person`).
    fn push_fields(&mut self, cx: &Ctxt, owner: &str, fields: &'a Fields) {
        for (i, field) in fields.iter().enumerate() {
            let serde = SerdeAttrs::from_attrs(&field.attrs);
            if serde.skipped {
                continue;
            }
            let name = field.ident.as_ref().map(|ident| ident.unraw().to_string());
            let path = format!("{owner}.{}", name.clone().unwrap_or_else(|| i.to_string()));
            let attrs = FieldAttrs::from_attrs(cx, Site::Value, &path, &field.attrs);
            let renames = rename_values(&serde);
            self.fields.push(ValueField {
                tokens: match &field.ident {
                    Some(ident) => ident.to_token_stream(),
                    None => field.ty.to_token_stream(),
                },
                pii: PiiName::lookup(name.as_deref(), &renames),
                path,
                ty: &field.ty,
                attrs,
                serde,
            });
        }
    }
}

fn rename_values(serde: &SerdeAttrs) -> Vec<String> {
    serde.renames.iter().map(LitStr::value).collect()
}
