//! `#[derive(Claims)]` and `#[derive(ClaimValue)]` for
//! [`claims-core`](https://docs.rs/claims-core): use them through
//! `claims_core::Claims` and `claims_core::ClaimValue`, not from this crate.
//!
//! ```ignore
//! #[derive(Claims)]
//! pub struct Session {
//!     #[claim(hashed)]    pub sub: Hashed<String>,
//!     #[claim(encrypted)] pub email: Pii<String>,
//!     #[claim(public)]    pub role: String,
//!     #[claim(forbidden)] pub password_hash: Option<String>,
//! }
//! ```
//!
//! # Attributes
//!
//! Every named field takes `#[claim(...)]` (several on one field merge) with
//! exactly one protection and optional keys:
//!
//! | key | meaning |
//! |---|---|
//! | `public` | in the clear; the type is a `ClaimValue` (its contents are known), or the field says `dynamic = "..."`; its strings pass the value guard at encode time |
//! | `public(unguarded = "...")` | `public` without the value guard; the reason is kept in `POLICY` |
//! | `hashed`, `hashed(domain = "...", normalize = "email" \| "nfc")` | a keyed pseudonym; the type is `Hashed<T>` (of text, with `normalize`); the domain defaults to the claim name; `normalize` hashes the value's NFC (and lowercase) form |
//! | `encrypted`, `encrypted(pad = N)` | AES-256-GCM; `Pii<T>` or any `Serialize + DeserializeOwned`; the plaintext padded to a multiple of N bytes (16 to 4096, default 16) |
//! | `forbidden` | never in a token; `Default` after decoding |
//! | `disclosable` | an RFC 9901 selective disclosure (SD-JWT only); `Option<T>` or `Disclosable<T>`, absent when not disclosed |
//! | `sensitive` | decode only: personal data another issuer's token carries in the clear, read into `Pii<T>`; the struct is never issued (no `EncodeClaims`) |
//! | `rename = "..."` | the claim name in the token (default: the field name) |
//! | `allow_pii = "..."` | why a field that looks like personal data may be `public`; kept in `POLICY` |
//! | `dynamic = "..."` | why a `public` value whose contents no derive checks (a map, `serde_json::Value`, a foreign type) may travel in the clear; kept in `POLICY` |
//! | `mask = "last4"` | `public`, `encrypted` or `sensitive` text fields only: `Debug` shows `•••1234` |
//!
//! # Rules
//!
//! Each is a compile error on the field or the attribute, that says the
//! fix. All errors of a type are reported in one build, alongside fallback
//! impls, so no follow-on error hides them. The table names what enforces
//! each rule (a function of this crate's `check` stage, or a trait of
//! `claims-core` whose `on_unimplemented` message is the error) and the
//! folders of `tests/ui/` (crate `claims-tests`) that hold its trybuild
//! cases; a test checks every function, trait and folder it names exists.
//!
//! | rule | enforced by | cases |
//! |---|---|---|
//! | Every field declares exactly one protection. | `check::claim::check_one_protection` | `ui/unprotected`, `ui/conflict` |
//! | A `public` field whose Rust or claim name is in the PII lexicon needs `allow_pii = "why"`; the error names the category and the phrase matched (`bool` fields are exempt). | `check::claim::check_pii_not_public` | `ui/unprotected` |
//! | A `public` field's type is one whose contents are known (`ClaimValue`), or the field says `dynamic = "why"`. | `ClaimValue`, asserted by `expand::claims::assert_field_traits` | `ui/shape` |
//! | Inside a `#[derive(ClaimValue)]` type, the names serde writes follow the name rule, field types are `ClaimValue`s, no protection, `rename` or `mask` applies, and what other code writes needs a reason. | `check::value::check_field_pii`, `check::value::check_variant_pii`, `check::value::check_value_keys`, `check::value::check_custom_serializer`, `check::value::check_container_serializer`, `ClaimValue` | `ui/value` |
//! | Field types suit their protection: `hashed` on `Hashed<T>` (of text with `normalize`), `encrypted` on a serde type, `forbidden` on a `Default`, `disclosable` on `Option<T>` or `Disclosable<T>`, `sensitive` on `Pii<T>`, `mask` on text. | `HashedField`, `EncryptedField`, `ForbiddenField`, `DisclosableField`, `SensitiveField`, `MaskableField`, `NormalizableField`, asserted by `expand::claims::assert_field_traits` | `ui/types` |
//! | An optional secret is `Pii<Option<T>>`, an optional pseudonymized value `Hashed<Option<T>>`. | `check::claim::check_optional_wrapper` | `ui/types` |
//! | `iss`, `aud`, `exp`, `nbf`, `iat` and `jti` (set by `Keys`) are not claim names; in a struct with a `disclosable` field, neither are `_sd`, `_sd_alg`, `...` and `cnf`. | `check::claim::check_reserved_claim`, `check::claim::check_sd_reserved` | `ui/reserved` |
//! | Claim names are unique after `rename`. | `check::claim::check_unique_wire_names` | `ui/conflict` |
//! | Keys are known, given once and well-formed (`pad` in 16..=4096, `normalize` one of `email`, `nfc`, protection options inside their protection's parentheses); `rename`, `domain`, `allow_pii`, `dynamic` and `unguarded` are not empty; `allow_pii` and `dynamic` only on `public` fields, `mask` only on `public`, `encrypted` and `sensitive` ones; `#[claim]` only on fields. | `attr::FieldAttrs::from_attrs`, `check::claim::check_non_empty_strings`, `check::claim::check_reasons_only_on_public`, `check::claim::check_mask_protection`, `ast::reject_container_attrs` | `ui/attr` |
//! | No `Debug` or `Display` derive next to `Claims`, which implements both (refused in a later `#[derive]`; beside or before `Claims`, rustc's E0119, see below). | `check::claim::check_no_debug_derive` | `ui/conflict` |
//! | Claims are a struct with named fields. | `ast::Input::from_syn` | `ui/unsupported` |
//! | Only a struct with no `disclosable` and no `sensitive` field is issued as a JWT (`Keys::encode`, `Lifecycle::login`), and only one with no `sensitive` field as an SD-JWT (`Keys::issue_sd`). | `EncodeClaims`, `EncodeSdClaims`, implemented or not by `expand::claims::impl_claims` | `ui/encode` |
//! | What must compile does: every protection and option, generics, nested values, containers, `dynamic`. | | `ui/pass` |
//!
//! The PII lexicon is crate `claims-lexicon`: contact, names, addresses,
//! government ids, financial, health and the other special categories,
//! demographic, online identifiers, credentials (`email`, `home_address`,
//! `ssn`, `creditCard`, `allergies`, `api_key`, ...), matched in any case
//! style, with plurals and closed compounds. A `hashed`, `encrypted`,
//! `forbidden`, `disclosable` or `sensitive` field is not in the clear, so
//! PII names are allowed; `POLICY` records the category whatever the
//! protection.
//!
//! Generic structs work: each field whose type mentions a type parameter is
//! bounded by its protection's trait.
//!
//! # Nested values: `#[derive(ClaimValue)]`
//!
//! A struct or enum that travels inside a `public` claim derives
//! `ClaimValue` (next to serde's derives), which checks what serde writes
//! of it as the claims derive checks a claim:
//!
//! ```ignore
//! #[derive(Serialize, Deserialize, ClaimValue)]
//! pub struct Tenant {
//!     pub id: u64,
//!     pub plan: Plan,
//!     #[claim(allow_pii = "the company's name, not a person's")]
//!     pub name: String,
//!     #[claim(dynamic = "feature flags operators set")]
//!     pub flags: BTreeMap<String, bool>,
//! }
//! ```
//!
//! - A field whose name looks like personal data needs `allow_pii = "..."`
//!   (`bool` fields are exempt), and the error names it `Tenant.email`.
//!   So does a variant that carries data, whose name is a key of the JSON
//!   (`{"Email": ...}`); unit variants are values the code fixes, and are
//!   not checked. serde's `rename` (both forms) is checked too.
//! - Every field's type must be a `ClaimValue`, unless the field says
//!   `dynamic = "..."`. A field serde writes with `with` or
//!   `serialize_with` needs `dynamic`; a variant written so, or a type
//!   serialized `into` another, cannot be checked: implement `ClaimValue`
//!   by hand instead, a statement that you checked it.
//! - Fields take no protection, `rename` or `mask`: a nested value travels
//!   whole, in the clear, inside its claim. To hide part of it, protect the
//!   claim that holds it (`#[claim(encrypted)] tenant: Tenant`), or make
//!   that part a claim of its own.
//! - Fields and variants serde skips (`skip`, `skip_serializing`) are
//!   never written, and not checked.
//!
//! # Generated code
//!
//! `#[derive(Claims)]` writes, in one `const _: () = { ... };`:
//!
//! - `impl Claims`: the `POLICY` table, decoding, the masked view;
//! - `impl EncodeClaims` (a JWT) when the struct has no `disclosable` and
//!   no `sensitive` field, and `impl EncodeSdClaims` (an SD-JWT) when it has
//!   no `sensitive` field: encoding;
//! - `impl Debug` and `impl Display`. `Debug` prints public fields, masked
//!   fields through their mask, and `<hashed>`, `<encrypted>`,
//!   `<forbidden>`, `<disclosable>` or `<sensitive>` for the rest:
//!   `Session { sub: <hashed>, email: <encrypted>, role: "admin", password_hash: <forbidden> }`.
//!   `Display` prints exactly what `Debug` prints. A claims struct has no
//!   natural one-line text form, and the usual reason to `Display` it is a
//!   log line: printing the same redacted form means no format string,
//!   `{}` or `{:?}`, can reveal a protected value.
//!
//! So do not also derive `Debug` (or `Display`). A derive cannot see the
//! derives listed beside it or before it, only those of a later
//! `#[derive(...)]` attribute: `#[derive(Claims)] #[derive(Debug)]` gets an
//! error that says this, but `#[derive(Debug, Claims)]` gets rustc's
//! "conflicting implementations of trait `Debug`" (E0119) pointing at
//! `Claims`: remove `Debug`.
//!
//! `#[derive(ClaimValue)]` writes `impl ClaimValue` and a function that
//! asserts each checked field's type is a `ClaimValue`.

mod ast;
mod attr;
mod bounds;
mod check;
mod ctxt;
mod expand;
mod fallback;
mod serde_attr;

use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

/// Derives `Claims` (and `EncodeClaims`, `EncodeSdClaims` where they
/// apply), `Debug` and `Display` from `#[claim(...)]` field attributes; see
/// the crate docs for the grammar and the rules. It implements `Debug`
/// itself: do not also derive `Debug` (a conflicting-impl error, E0119).
#[proc_macro_derive(Claims, attributes(claim))]
pub fn derive_claims(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive(&input).into()
}

/// Derives `ClaimValue` for a struct or enum that travels inside a
/// `public` claim, after checking every name serde writes of it; see the
/// crate docs.
#[proc_macro_derive(ClaimValue, attributes(claim))]
pub fn derive_claim_value(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive_value(&input).into()
}
