//! `#[derive(Claims)]` for [`claims-core`](https://docs.rs/claims-core):
//! use it through `claims_core::Claims`, not from this crate.
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
//! | `public` | in the clear; the type is `Serialize + DeserializeOwned`; its strings pass the value guard at encode time |
//! | `public(unguarded = "...")` | `public` without the value guard; the reason is kept in `POLICY` |
//! | `hashed`, `hashed(domain = "...", normalize = "email" \| "nfc")` | a keyed pseudonym; the type is `Hashed<T>` (of text, with `normalize`); the domain defaults to the claim name; `normalize` hashes the value's NFC (and lowercase) form |
//! | `encrypted`, `encrypted(pad = N)` | AES-256-GCM; `Pii<T>` or any `Serialize + DeserializeOwned`; the plaintext padded to a multiple of N bytes (16 to 4096, default 16) |
//! | `forbidden` | never in a token; `Default` after decoding |
//! | `disclosable` | an RFC 9901 selective disclosure (SD-JWT only); `Option<T>` or `Disclosable<T>`, absent when not disclosed |
//! | `rename = "..."` | the claim name in the token (default: the field name) |
//! | `allow_pii = "..."` | why a field that looks like personal data may be `public`; kept in `POLICY` |
//! | `mask = "last4"` | `public` or `encrypted` text fields only: `Debug` shows `•••1234` |
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
//! 3. Field types must suit their protection (`public` rejects `Pii<T>`,
//!    `hashed` needs `Hashed<T>`, `forbidden` needs `Default`,
//!    `disclosable` needs `Option<T>` or `Disclosable<T>`): checked by
//!    the runtime's traits, reported on the field's type.
//! 4. `iss`, `aud`, `exp`, `nbf`, `iat` and `jti` are set by `Keys` and
//!    cannot be claim names; in a struct with a `disclosable` field, neither
//!    can `_sd`, `_sd_alg`, `...` and `cnf`. A `disclosable` field is not in
//!    the clear, so PII names are allowed.
//! 5. Unknown and duplicate keys, duplicate claim names after `rename`,
//!    empty `rename`, `domain`, `allow_pii` or `unguarded`, `allow_pii` off a `public`
//!    field, `mask` on a `hashed` or `forbidden` field, and enums, unions,
//!    tuple and unit structs are errors.
//!
//! Generic structs work: each field whose type mentions a type parameter is
//! bounded by its protection's trait.
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
mod check;
mod ctxt;
mod expand;
mod fallback;

use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

/// Derives `Claims`, `Debug` and `Display` from `#[claim(...)]` field
/// attributes; see the crate docs for the grammar and the rules.
#[proc_macro_derive(Claims, attributes(claim))]
pub fn derive_claims(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive(&input).into()
}
