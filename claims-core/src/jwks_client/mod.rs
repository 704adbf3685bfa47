//! A JWKS client (feature `jwks-client`): fetches an identity provider's JWK
//! Set over HTTPS, caches it, follows its key rotation, and fails closed.
//!
//! ```no_run
//! use claims_core::jwks_client::JwksClient;
//! use claims_core::{Algorithm, Error};
//!
//! # async fn demo() -> Result<(), Error> {
//! // From the issuer's OpenID Connect discovery document, or with
//! // `.build("https://idp.example.com/.well-known/jwks.json")`.
//! let jwks = JwksClient::builder().discover("https://idp.example.com").await?;
//! jwks.key_set().await?; // at startup: fail fast if the set cannot be had
//! // Per token: the kid and alg from its header.
//! let key = jwks.key_for(Some("2026-11"), Algorithm::ES256).await?;
//! let payload = key.verify_compact("eyJ...")?;
//! # let _ = payload; Ok(()) }
//! ```
//!
//! The rules, each a builder setting with a safe default:
//!
//! - **Caching.** A fetched set is fresh for its response's
//!   `Cache-Control: max-age` (less `Age`), clamped to
//!   [`ttl_bounds`](JwksClientBuilder::ttl_bounds) (default 5 minutes to
//!   24 hours); `no-cache` and `no-store` mean the minimum; without a
//!   `max-age`, [`default_ttl`](JwksClientBuilder::default_ttl) (1 hour).
//!   An expired set is fetched again by the next lookup.
//! - **Rotation.** A token naming a kid the set lacks makes
//!   [`JwksClient::key_for`] fetch again, at most once per
//!   [`refresh_interval`](JwksClientBuilder::refresh_interval) (30 seconds)
//!   since the last fetch, and concurrent lookups share that one fetch. A
//!   key removed from the set stops verifying once the set is fetched again.
//! - **Outages.** When a fetch fails (timeout, connection, status other than
//!   200, a body that is not a usable JWK Set), the last good set is served
//!   for up to [`max_stale`](JwksClientBuilder::max_stale) (1 hour) past its
//!   freshness, with one new try per refresh interval. After that, lookups
//!   fail with [`Error::Jwks`](crate::Error::Jwks) carrying the last
//!   failure's [`JwksError`](crate::JwksError). A set with no usable key
//!   never replaces a good one.
//! - **Hostile endpoints.** A total [`timeout`](JwksClientBuilder::timeout)
//!   per request (5 seconds); the body read as a stream and dropped past
//!   [`max_response_size`](JwksClientBuilder::max_response_size) (64 KiB,
//!   also refused up front from `Content-Length`); at most
//!   [`max_keys`](JwksClientBuilder::max_keys) entries (64); redirects are
//!   not followed (configure the final URL). URLs must be `https`; plain
//!   `http` only to a loopback address literal (`127.0.0.1`, `[::1]`), for
//!   tests and local sidecars. TLS is rustls with the Mozilla roots, plus
//!   any [`root_certificate_pem`](JwksClientBuilder::root_certificate_pem).
//!   Proxies come from the usual environment variables (`HTTPS_PROXY`,
//!   `NO_PROXY`).
//! - **Lenient sets.** A key that cannot be used (another `use`, an
//!   unsupported type or algorithm, a malformed key, a kid already taken by
//!   an earlier key) is skipped, counted in [`KeySet::skipped`], and never
//!   disables the others.
//! - **Nothing leaks.** Errors carry neither the URL nor the body; `Debug`
//!   shows the URL without user info or query, and keys as kid and
//!   algorithm only.
//!
//! Lookups never hold a lock across a fetch except the one that makes
//! concurrent lookups wait for it; a fetch abandoned by a cancelled lookup
//! leaves the cache as it was.

mod cache;
mod cache_control;
mod client;
mod config;
mod discovery;
mod fetch;
mod key_set;

pub use client::JwksClient;
pub use config::JwksClientBuilder;
pub use key_set::KeySet;
