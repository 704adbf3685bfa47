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
//! | `public` | in the clear; the type is a `ClaimValue` (its contents are known), or the field says `dynamic = "..."` |
//! | `hashed`, `hashed(domain = "...")` | a keyed pseudonym; the type is `Hashed<T>`; the domain defaults to the claim name |
//! | `encrypted` | AES-256-GCM; `Pii<T>` or any `Serialize + DeserializeOwned` |
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
//! Each is a compile error on the field or the attribute that names the fix.
//! All errors of a struct are reported in one build, alongside fallback
//! impls, so no follow-on error hides them.
//!
//! 1. Every field declares exactly one protection.
//! 2. A field whose Rust name or claim name is in the PII lexicon (crate
//!    `claims-lexicon`: contact, names, addresses, government ids,
//!    financial, health and the other special categories, demographic,
//!    online identifiers, credentials; `email`, `home_address`, `ssn`,
//!    `creditCard`, `allergies`, `api_key`, ...) cannot be `public`
//!    without `allow_pii = "..."`; the error names the category and the
//!    phrase matched. Matching ignores case style, plurals and closed
//!    compounds. `bool` and `Option<bool>` fields are exempt.
//! 3. Field types must suit their protection (`hashed` needs `Hashed<T>`,
//!    `forbidden` needs `Default`, `disclosable` needs `Option<T>` or
//!    `Disclosable<T>`): checked by the runtime's traits, reported on the
//!    field's type.
//! 4. A `public` field's type must be one whose contents are known, a
//!    `ClaimValue`: scalars, strings, `Option`, `Box`, tuples, arrays,
//!    `Vec`, `VecDeque`, `BTreeSet`, `HashSet` of them, and types that
//!    `#[derive(ClaimValue)]`. A map, `serde_json::Value` or a foreign type
//!    needs `dynamic = "why"`; `Pii<T>` and `Hashed<T>` are never
//!    `ClaimValue`s.
//! 5. `iss`, `aud`, `exp`, `nbf`, `iat` and `jti` are set by `Keys` and
//!    cannot be claim names; in a struct with a `disclosable` field, neither
//!    can `_sd`, `_sd_alg`, `...` and `cnf`. A `disclosable` field is not in
//!    the clear, so PII names are allowed.
//! 6. Unknown and duplicate keys, duplicate claim names after `rename`,
//!    empty `rename`, `domain`, `allow_pii` or `dynamic`, `allow_pii` or
//!    `dynamic` off a `public` field, `mask` on a `hashed` or `forbidden` field, and enums, unions,
//!    tuple and unit structs are errors.
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
//! `impl Claims` (the `POLICY` table, encode, decode), `impl Debug` and
//! `impl Display`, so do not also derive `Debug`. `Debug` prints public
//! fields, masked fields through their mask, and `<hashed>`, `<encrypted>`,
//! `<forbidden>` or `<disclosable>` for the rest:
//! `Session { sub: <hashed>, email: <encrypted>, role: "admin", password_hash: <forbidden> }`.
//!
//! `Display` prints exactly what `Debug` prints. A claims struct has no
//! natural one-line text form, and the usual reason to `Display` it is a log
//! line: printing the same redacted form means no format string, `{}` or
//! `{:?}`, can reveal a protected value.

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

/// Derives `Claims`, `Debug` and `Display` from `#[claim(...)]` field
/// attributes; see the crate docs for the grammar and the rules.
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
