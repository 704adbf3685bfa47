//! `#[claim(...)]` parsing: the attribute and key names (serde's `symbol.rs`)
//! and one [`FieldAttrs`] per field, merged over all its `#[claim]` attributes.
//!
//! Parsing reports what is wrong with a key on its own (unknown, duplicate,
//! malformed value); rules that need the whole field or struct are in
//! `check.rs`.

use std::fmt::{self, Display};

use proc_macro2::{Group, TokenStream};
use quote::{ToTokens, quote};
use syn::meta::ParseNestedMeta;
use syn::parse::Parser as _;
use syn::{Attribute, LitStr, Path, Token, token};

use crate::ctxt::Ctxt;

/// An attribute or key name, compared with `path == PUBLIC`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct Symbol(&'static str);

/// The field attribute: `#[claim(...)]`.
pub(crate) const CLAIM: Symbol = Symbol("claim");
/// Protection: in the clear.
pub(crate) const PUBLIC: Symbol = Symbol("public");
/// Protection: a keyed pseudonym; takes an optional `(domain = "...")`.
pub(crate) const HASHED: Symbol = Symbol("hashed");
/// Protection: AES-256-GCM.
pub(crate) const ENCRYPTED: Symbol = Symbol("encrypted");
/// Protection: never in a token.
pub(crate) const FORBIDDEN: Symbol = Symbol("forbidden");
/// Protection: an RFC 9901 selective disclosure (SD-JWT).
pub(crate) const DISCLOSABLE: Symbol = Symbol("disclosable");
/// Protection, decode only: personal data a third-party token carries in
/// the clear, read into `Pii<T>`.
pub(crate) const SENSITIVE: Symbol = Symbol("sensitive");
/// `rename = "..."`: the claim name in the token.
pub(crate) const RENAME: Symbol = Symbol("rename");
/// `allow_pii = "..."`: why a PII-looking field may be public.
pub(crate) const ALLOW_PII: Symbol = Symbol("allow_pii");
/// `dynamic = "..."`: why a public value whose contents no derive checks
/// (a map, `serde_json::Value`) may travel in the clear.
pub(crate) const DYNAMIC: Symbol = Symbol("dynamic");
/// `mask = "..."`: how `Debug` shows the field.
pub(crate) const MASK: Symbol = Symbol("mask");
/// `hashed(domain = "...")`: the pseudonym domain.
pub(crate) const DOMAIN: Symbol = Symbol("domain");
/// The one value of `mask = "..."`.
pub(crate) const LAST4: &str = "last4";

/// The keys `#[claim(...)]` accepts on a claim, in the order error
/// messages list them.
const CLAIM_KEYS: &[Symbol] = &[
    PUBLIC,
    HASHED,
    ENCRYPTED,
    FORBIDDEN,
    DISCLOSABLE,
    SENSITIVE,
    RENAME,
    ALLOW_PII,
    DYNAMIC,
    MASK,
];

/// The keys `#[claim(...)]` accepts inside a `#[derive(ClaimValue)]`.
pub(crate) const VALUE_KEYS: &[Symbol] = &[ALLOW_PII, DYNAMIC];

/// Which derive a `#[claim(...)]` attribute is read for.
#[derive(Clone, Copy)]
pub(crate) enum Site {
    /// A field of a `#[derive(Claims)]` struct: one claim.
    Claim,
    /// A field or variant of a `#[derive(ClaimValue)]` type, which travels
    /// inside a claim.
    Value,
}

impl Site {
    /// The keys accepted here, as error messages list them.
    fn keys(self) -> &'static [Symbol] {
        match self {
            Self::Claim => CLAIM_KEYS,
            Self::Value => VALUE_KEYS,
        }
    }
}

impl PartialEq<Symbol> for Path {
    fn eq(&self, word: &Symbol) -> bool {
        self.is_ident(word.0)
    }
}

impl PartialEq<Symbol> for &Path {
    fn eq(&self, word: &Symbol) -> bool {
        self.is_ident(word.0)
    }
}

impl Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// A declared protection: the one enum every stage (checks, `POLICY`,
/// encoding, decoding, redaction) matches on, as `claims_core::Protection`
/// is at runtime.
pub(crate) enum Protection {
    Public,
    /// `domain` is `None` unless `hashed(domain = "...")`: the wire name then.
    Hashed {
        domain: Option<LitStr>,
    },
    Encrypted,
    Forbidden,
    Disclosable,
    Sensitive,
}

impl Protection {
    /// The keyword that declares it.
    pub(crate) fn keyword(&self) -> Symbol {
        match self {
            Self::Public => PUBLIC,
            Self::Hashed { .. } => HASHED,
            Self::Encrypted => ENCRYPTED,
            Self::Forbidden => FORBIDDEN,
            Self::Disclosable => DISCLOSABLE,
            Self::Sensitive => SENSITIVE,
        }
    }
}

/// A log mask (`mask = "last4"`).
pub(crate) enum Mask {
    Last4,
}

/// One parsed key: its value and the tokens it was written as, so an error
/// about it points at exactly that key.
pub(crate) struct Attr<T> {
    pub(crate) tokens: TokenStream,
    pub(crate) value: T,
}

/// Everything the `#[claim(...)]` attributes of one field declare.
#[derive(Default)]
pub(crate) struct FieldAttrs {
    /// Every protection declared, in order: `check.rs` requires exactly one.
    pub(crate) protections: Vec<Attr<Protection>>,
    pub(crate) rename: Option<Attr<LitStr>>,
    pub(crate) allow_pii: Option<Attr<LitStr>>,
    pub(crate) dynamic: Option<Attr<LitStr>>,
    pub(crate) mask: Option<Attr<Mask>>,
    /// An attribute failed to parse (already reported): rules that would only
    /// echo that error, such as "declares no protection", skip the field.
    pub(crate) malformed: bool,
}

impl FieldAttrs {
    /// Parses and merges every `#[claim(...)]` in `attrs`; `field` names the
    /// field in messages. Every key parses at every site (so a misplaced one
    /// is reported by `check.rs` with its fix), but an unknown key's error
    /// lists those of `site`.
    pub(crate) fn from_attrs(cx: &Ctxt, site: Site, field: &str, attrs: &[Attribute]) -> Self {
        let mut parsed = Self::default();
        for attr in attrs.iter().filter(|attr| attr.path() == CLAIM) {
            let result = attr.parse_nested_meta(|meta| parsed.parse_key(cx, site, field, &meta));
            if let Err(error) = result {
                cx.syn_error(error);
                parsed.malformed = true;
            }
        }
        parsed
    }

    fn parse_key(
        &mut self,
        cx: &Ctxt,
        site: Site,
        field: &str,
        meta: &ParseNestedMeta<'_>,
    ) -> syn::Result<()> {
        let path = &meta.path;
        if let Some(protection) = parse_protection(cx, field, meta)? {
            let keyword = protection.keyword();
            if self
                .protections
                .iter()
                .any(|p| p.value.keyword() == keyword)
            {
                cx.error_spanned_by(path, duplicate(keyword, field));
            } else {
                self.protections.push(Attr {
                    tokens: path.to_token_stream(),
                    value: protection,
                });
            }
        } else if path == RENAME {
            set_string(cx, meta, RENAME, &mut self.rename, field)?;
        } else if path == ALLOW_PII {
            set_string(cx, meta, ALLOW_PII, &mut self.allow_pii, field)?;
        } else if path == DYNAMIC {
            set_string(cx, meta, DYNAMIC, &mut self.dynamic, field)?;
        } else if path == MASK {
            let value = parse_string(meta, MASK)?;
            if value.value() != LAST4 {
                cx.error_spanned_by(
                    &value,
                    format!(
                        "unknown mask {} on field `{field}`: the only mask is `{MASK} = \"{LAST4}\"`",
                        quote!(#value),
                    ),
                );
                return Ok(());
            }
            let attr = Attr {
                tokens: quote!(#path = #value),
                value: Mask::Last4,
            };
            set_once(cx, &mut self.mask, attr, || duplicate(MASK, field));
        } else if path == DOMAIN {
            return Err(syn::Error::new_spanned(
                path,
                format!(
                    "`{DOMAIN}` goes inside `{HASHED}(...)`: write `#[{CLAIM}({HASHED}({DOMAIN} = \"...\"))]`"
                ),
            ));
        } else {
            let keys = site
                .keys()
                .iter()
                .map(|key| format!("`{key}`"))
                .collect::<Vec<_>>()
                .join(", ");
            return Err(syn::Error::new_spanned(
                path,
                format!(
                    "unknown key `{}` in `#[{CLAIM}(...)]` on field `{field}`: expected one of {keys}",
                    path_text(path),
                ),
            ));
        }
        Ok(())
    }
}

/// A protection keyword (`hashed` with its optional `(domain = "...")`);
/// `None` for any other key.
fn parse_protection(
    cx: &Ctxt,
    field: &str,
    meta: &ParseNestedMeta<'_>,
) -> syn::Result<Option<Protection>> {
    let path = &meta.path;
    let protection = if path == HASHED {
        return Ok(Some(Protection::Hashed {
            domain: parse_hashed_args(cx, field, meta)?,
        }));
    } else if path == PUBLIC {
        Protection::Public
    } else if path == ENCRYPTED {
        Protection::Encrypted
    } else if path == FORBIDDEN {
        Protection::Forbidden
    } else if path == DISCLOSABLE {
        Protection::Disclosable
    } else if path == SENSITIVE {
        Protection::Sensitive
    } else {
        return Ok(None);
    };
    let keyword = protection.keyword();
    if meta.input.peek(Token![=]) || meta.input.peek(token::Paren) {
        return Err(meta.error(format!(
            "`{keyword}` takes no value: write `#[{CLAIM}({keyword})]`"
        )));
    }
    Ok(Some(protection))
}

/// `hashed` or `hashed(domain = "...")`.
fn parse_hashed_args(
    cx: &Ctxt,
    field: &str,
    meta: &ParseNestedMeta<'_>,
) -> syn::Result<Option<LitStr>> {
    if meta.input.peek(Token![=]) {
        return Err(meta.error(format!(
            "`{HASHED}` takes no value: write `{HASHED}` or `{HASHED}({DOMAIN} = \"...\")`"
        )));
    }
    if !meta.input.peek(token::Paren) {
        return Ok(None);
    }
    let args: Group = meta.input.parse()?;
    if args.stream().is_empty() {
        // `hashed()`: as `hashed`.
        return Ok(None);
    }
    let mut domain: Option<LitStr> = None;
    let parser = syn::meta::parser(|inner| {
        if inner.path == DOMAIN {
            let value = parse_string(&inner, DOMAIN)?;
            if domain.is_some() {
                cx.error_spanned_by(&inner.path, duplicate(DOMAIN, field));
            } else {
                domain = Some(value);
            }
            Ok(())
        } else {
            Err(syn::Error::new_spanned(
                &inner.path,
                format!(
                    "unknown key `{}` in `{HASHED}(...)` on field `{field}`: the only key is `{DOMAIN}`, as in `{HASHED}({DOMAIN} = \"user\")`",
                    path_text(&inner.path),
                ),
            ))
        }
    });
    parser.parse2(args.stream())?;
    Ok(domain)
}

/// `key = "..."`.
fn parse_string(meta: &ParseNestedMeta<'_>, key: Symbol) -> syn::Result<LitStr> {
    if !meta.input.peek(Token![=]) {
        return Err(meta.error(format!("`{key}` needs a value: write `{key} = \"...\"`")));
    }
    meta.value()?.parse::<LitStr>().map_err(|error| {
        syn::Error::new(
            error.span(),
            format!("`{key}` takes a string literal: write `{key} = \"...\"`"),
        )
    })
}

/// `key = "..."` into `slot`, once.
fn set_string(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
    key: Symbol,
    slot: &mut Option<Attr<LitStr>>,
    field: &str,
) -> syn::Result<()> {
    let value = parse_string(meta, key)?;
    let path = &meta.path;
    let attr = Attr {
        tokens: quote!(#path = #value),
        value,
    };
    set_once(cx, slot, attr, || duplicate(key, field));
    Ok(())
}

/// Stores a key's value, or reports the key as a duplicate.
fn set_once<T>(
    cx: &Ctxt,
    slot: &mut Option<Attr<T>>,
    attr: Attr<T>,
    duplicate: impl FnOnce() -> String,
) {
    if slot.is_some() {
        cx.error_spanned_by(&attr.tokens, duplicate());
    } else {
        *slot = Some(attr);
    }
}

fn duplicate(key: Symbol, field: &str) -> String {
    format!("duplicate key `{key}` in `#[{CLAIM}(...)]` on field `{field}`: remove one")
}

/// A path as written, without the spaces `to_string` puts around `::`.
fn path_text(path: &Path) -> String {
    path.to_token_stream().to_string().replace(' ', "")
}
