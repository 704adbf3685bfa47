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
use syn::{Attribute, LitInt, LitStr, Path, Token, token};

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
/// `public(unguarded = "...")`: why the field's values skip the value guard.
pub(crate) const UNGUARDED: Symbol = Symbol("unguarded");
/// `encrypted(pad = N)`: the plaintext is padded to a multiple of N bytes.
pub(crate) const PAD: Symbol = Symbol("pad");
/// `hashed(normalize = "...")`: the text normalization before hashing.
pub(crate) const NORMALIZE: Symbol = Symbol("normalize");
/// The bounds of `pad`: the default bucket (smaller ones would tell more)
/// and a bucket well inside the 8 KiB token cap.
const PAD_RANGE: std::ops::RangeInclusive<u16> = 16..=4096;

/// The keys that go inside a protection's parentheses, with the protection
/// and an example value, for the error when one is written outside.
const PROTECTION_KEYS: &[(Symbol, Symbol, &str)] = &[
    (DOMAIN, HASHED, "\"...\""),
    (UNGUARDED, PUBLIC, "\"why\""),
    (PAD, ENCRYPTED, "64"),
    (NORMALIZE, HASHED, "\"email\""),
];

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

/// A declared normalization (`hashed(normalize = "...")`): the spellings
/// and the `claims_core::Normalize` variants they name.
pub(crate) enum Normalize {
    Nfc,
    Email,
}

impl Normalize {
    const ALL: [(&'static str, Self); 2] = [("email", Self::Email), ("nfc", Self::Nfc)];

    /// The `claims_core::Normalize` variant.
    pub(crate) fn variant(&self) -> &'static str {
        match self {
            Self::Nfc => "Nfc",
            Self::Email => "Email",
        }
    }
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
    /// `public(unguarded = "...")`.
    pub(crate) unguarded: Option<Attr<LitStr>>,
    /// `encrypted(pad = N)`.
    pub(crate) pad: Option<Attr<u16>>,
    /// `hashed(normalize = "...")`.
    pub(crate) normalize: Option<Attr<Normalize>>,
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
        if let Some(protection) = self.parse_protection(cx, field, meta)? {
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
        } else if let Some((key, protection, example)) =
            PROTECTION_KEYS.iter().find(|(key, ..)| path == *key)
        {
            return Err(syn::Error::new_spanned(
                path,
                format!(
                    "`{key}` goes inside `{protection}(...)`: write `#[{CLAIM}({protection}({key} = {example}))]`"
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

impl FieldAttrs {
    /// A protection keyword and its arguments (`public(unguarded = "...")`,
    /// `hashed(domain = "...")`, `encrypted(pad = N)`); `None` for any
    /// other key.
    fn parse_protection(
        &mut self,
        cx: &Ctxt,
        field: &str,
        meta: &ParseNestedMeta<'_>,
    ) -> syn::Result<Option<Protection>> {
        let path = &meta.path;
        let protection = if path == HASHED {
            self.parse_hashed_args(cx, field, meta)?
        } else if path == PUBLIC {
            self.parse_public_args(cx, field, meta)?;
            Protection::Public
        } else if path == ENCRYPTED {
            self.parse_encrypted_args(cx, field, meta)?;
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
        if matches!(
            protection,
            Protection::Forbidden | Protection::Disclosable | Protection::Sensitive
        ) && (meta.input.peek(Token![=]) || meta.input.peek(token::Paren))
        {
            let keyword = protection.keyword();
            return Err(meta.error(format!(
                "`{keyword}` takes no value: write `#[{CLAIM}({keyword})]`"
            )));
        }
        Ok(Some(protection))
    }

    /// `hashed`, `hashed(domain = "...", normalize = "email" | "nfc")`.
    fn parse_hashed_args(
        &mut self,
        cx: &Ctxt,
        field: &str,
        meta: &ParseNestedMeta<'_>,
    ) -> syn::Result<Protection> {
        let mut domain: Option<LitStr> = None;
        let usage = format!("`{HASHED}` or `{HASHED}({DOMAIN} = \"...\")`");
        let expected = format!(
            "the keys are `{DOMAIN}` and `{NORMALIZE}`, as in `{HASHED}({DOMAIN} = \"user\", {NORMALIZE} = \"email\")`"
        );
        parse_args(meta, HASHED, &usage, field, &expected, |inner| {
            if inner.path == DOMAIN {
                let value = parse_string(inner, DOMAIN)?;
                if domain.is_some() {
                    cx.error_spanned_by(&inner.path, duplicate(DOMAIN, field));
                } else {
                    domain = Some(value);
                }
            } else if inner.path == NORMALIZE {
                self.parse_normalize(cx, field, inner)?;
            } else {
                return Ok(false);
            }
            Ok(true)
        })?;
        Ok(Protection::Hashed { domain })
    }

    /// `normalize = "email"` or `normalize = "nfc"`.
    fn parse_normalize(
        &mut self,
        cx: &Ctxt,
        field: &str,
        inner: &ParseNestedMeta<'_>,
    ) -> syn::Result<()> {
        let value = parse_string(inner, NORMALIZE)?;
        let Some((_, normalize)) = Normalize::ALL
            .into_iter()
            .find(|(name, _)| value.value() == *name)
        else {
            cx.error_spanned_by(
                &value,
                format!(
                    "unknown normalization {} on field `{field}`: write `{NORMALIZE} = \"email\"` \
                     (NFC, then lowercase) or `{NORMALIZE} = \"nfc\"`, or drop it to hash the exact value",
                    quote!(#value),
                ),
            );
            return Ok(());
        };
        let path = &inner.path;
        let attr = Attr {
            tokens: quote!(#path = #value),
            value: normalize,
        };
        set_once(cx, &mut self.normalize, attr, || {
            duplicate(NORMALIZE, field)
        });
        Ok(())
    }

    /// `public`, `public(unguarded = "...")`: the reason may not be blank.
    fn parse_public_args(
        &mut self,
        cx: &Ctxt,
        field: &str,
        meta: &ParseNestedMeta<'_>,
    ) -> syn::Result<()> {
        let usage = format!("`#[{CLAIM}({PUBLIC})]`");
        let expected = format!(
            "the only key is `{UNGUARDED}`, as in `{PUBLIC}({UNGUARDED} = \"why such values are safe in the clear\")`"
        );
        parse_args(meta, PUBLIC, &usage, field, &expected, |inner| {
            if inner.path != UNGUARDED {
                return Ok(false);
            }
            let value = parse_string(inner, UNGUARDED)?;
            if value.value().trim().is_empty() {
                cx.error_spanned_by(
                    &value,
                    format!(
                        "`{UNGUARDED}` on field `{field}` is empty: say why values that look like \
                         personal data are safe in this claim, e.g. `{UNGUARDED} = \"a support line, \
                         not a person's number\"`"
                    ),
                );
            }
            let path = &inner.path;
            let attr = Attr {
                tokens: quote!(#path = #value),
                value,
            };
            set_once(cx, &mut self.unguarded, attr, || {
                duplicate(UNGUARDED, field)
            });
            Ok(true)
        })
    }

    /// `encrypted`, `encrypted(pad = N)` with `N` in [`PAD_RANGE`].
    fn parse_encrypted_args(
        &mut self,
        cx: &Ctxt,
        field: &str,
        meta: &ParseNestedMeta<'_>,
    ) -> syn::Result<()> {
        let usage = format!("`#[{CLAIM}({ENCRYPTED})]`");
        let expected = format!("the only key is `{PAD}`, as in `{ENCRYPTED}({PAD} = 64)`");
        parse_args(meta, ENCRYPTED, &usage, field, &expected, |inner| {
            if inner.path != PAD {
                return Ok(false);
            }
            let path = &inner.path;
            let bad = || {
                format!(
                    "`{PAD}` takes a whole number of bytes from {} to {}: write `{ENCRYPTED}({PAD} = 64)`",
                    PAD_RANGE.start(),
                    PAD_RANGE.end(),
                )
            };
            if !inner.input.peek(Token![=]) {
                return Err(inner.error(bad()));
            }
            let value: LitInt = inner
                .value()?
                .parse()
                .map_err(|error| syn::Error::new(error.span(), bad()))?;
            match value.base10_parse::<u16>() {
                Ok(bucket) if PAD_RANGE.contains(&bucket) => {
                    let attr = Attr {
                        tokens: quote!(#path = #value),
                        value: bucket,
                    };
                    set_once(cx, &mut self.pad, attr, || duplicate(PAD, field));
                }
                _ => cx.error_spanned_by(&value, bad()),
            }
            Ok(true)
        })
    }
}

/// A protection's arguments: nothing, `()`, or `(key = value, ...)`, each
/// key passed to `each`, which returns `false` for a key it does not know
/// (reported with `expected`). `keyword = ...` is an error that shows `usage`.
fn parse_args(
    meta: &ParseNestedMeta<'_>,
    keyword: Symbol,
    usage: &str,
    field: &str,
    expected: &str,
    mut each: impl FnMut(&ParseNestedMeta<'_>) -> syn::Result<bool>,
) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        return Err(meta.error(format!("`{keyword}` takes no value: write {usage}")));
    }
    if !meta.input.peek(token::Paren) {
        return Ok(());
    }
    let args: Group = meta.input.parse()?;
    if args.stream().is_empty() {
        // `hashed()`: as `hashed`.
        return Ok(());
    }
    let parser = syn::meta::parser(|inner| {
        if each(&inner)? {
            Ok(())
        } else {
            Err(syn::Error::new_spanned(
                &inner.path,
                format!(
                    "unknown key `{}` in `{keyword}(...)` on field `{field}`: {expected}",
                    path_text(&inner.path),
                ),
            ))
        }
    });
    parser.parse2(args.stream())
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
