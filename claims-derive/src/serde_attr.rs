//! What `#[serde(...)]` changes about the JSON of a `#[derive(ClaimValue)]`
//! type, which serde (not `claims`) writes: the names its fields and
//! variants travel under, the ones it never writes, and the values written
//! by code the derive cannot see.
//!
//! Read leniently: serde reports its own attribute errors, so a key this
//! module does not know, or an attribute it cannot parse, is passed over.

use proc_macro2::{Group, TokenStream};
use quote::ToTokens as _;
use syn::meta::ParseNestedMeta;
use syn::{Attribute, Lit, LitStr, Token, token};

/// The `#[serde(...)]` keys of one field, variant or container that matter
/// to the derive.
#[derive(Default)]
pub(crate) struct SerdeAttrs {
    /// `rename = "..."`, and both names of `rename(serialize = "...",
    /// deserialize = "...")`: names the value travels or is read under.
    pub(crate) renames: Vec<LitStr>,
    /// `skip` or `skip_serializing`: never written.
    pub(crate) skipped: bool,
    /// `with`, `serialize_with` (fields, variants) or `into` (containers):
    /// the JSON is written by other code; the key, for errors.
    pub(crate) custom: Option<TokenStream>,
}

impl SerdeAttrs {
    pub(crate) fn from_attrs(attrs: &[Attribute]) -> Self {
        let mut parsed = Self::default();
        for attr in attrs.iter().filter(|attr| attr.path().is_ident("serde")) {
            // serde itself reports a malformed attribute.
            let _ = attr.parse_nested_meta(|meta| parsed.parse_key(&meta));
        }
        parsed
    }

    fn parse_key(&mut self, meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
        let path = &meta.path;
        if path.is_ident("rename") && meta.input.peek(Token![=]) {
            self.renames.push(meta.value()?.parse()?);
        } else if path.is_ident("rename") {
            meta.parse_nested_meta(|inner| {
                if inner.path.is_ident("serialize") || inner.path.is_ident("deserialize") {
                    self.renames.push(inner.value()?.parse()?);
                    Ok(())
                } else {
                    skip_value(&inner)
                }
            })?;
        } else if path.is_ident("skip") || path.is_ident("skip_serializing") {
            self.skipped = true;
        } else if ["with", "serialize_with", "into"]
            .iter()
            .any(|key| path.is_ident(key))
        {
            self.custom = Some(path.to_token_stream());
            skip_value(meta)?;
        } else {
            skip_value(meta)?;
        }
        Ok(())
    }
}

/// Consumes a key's `= "..."` or `(...)`, if any.
fn skip_value(meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        meta.value()?.parse::<Lit>()?;
    } else if meta.input.peek(token::Paren) {
        meta.input.parse::<Group>()?;
    }
    Ok(())
}
