//! A verify-only service that follows its identity provider's key rotation
//! with `JwksClient` (feature `jwks-client`).
//!
//! The provider is a small axum server on 127.0.0.1 publishing its JWK Set
//! (plain `http` is allowed to loopback addresses only; a real provider is
//! `https`). The service's `Keys` take their verifying keys from the client
//! (`KeysBuilder::jwks`) and decode with `decode_async`, which on an unknown
//! kid asks the client to refresh (rate limited, concurrent callers sharing
//! one fetch) before it tries once more. Durations are shortened so the
//! demo runs in three seconds; the defaults are in the `jwks_client` module
//! docs.
//!
//! Run: `cargo run -p orders-api --example jwks_refresh`

use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::header::CACHE_CONTROL;
use axum::response::IntoResponse;
use axum::routing::get;
use claims_core::jwks_client::JwksClient;
use claims_core::{Claims, Error, Keys, SigningKey, Verified};
use rand::RngCore as _;

#[derive(Claims)]
struct Access {
    #[claim(public)]
    role: String,
}

const ISSUER: &str = "https://auth.example.com";
const AUDIENCE: &str = "orders-api";

/// The verify-only side: `Keys` whose verifying keys the client fetches.
/// `decode_async` looks a token's kid up in the client's current set and,
/// when it is not there, asks for the set again (rate limited, concurrent
/// callers sharing one fetch) before it gives up.
struct Verifier {
    keys: Keys,
}

impl Verifier {
    fn new(jwks: JwksClient) -> Result<Self, Error> {
        let keys = Keys::builder()
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .jwks(jwks)
            .build()?;
        Ok(Self { keys })
    }

    async fn decode(&self, token: &str) -> Result<Verified<Access>, Error> {
        self.keys.decode_async(token).await
    }
}

/// The provider's state: the keys it signs with and publishes.
type Provider = Arc<RwLock<Keys>>;

async fn jwks_endpoint(State(provider): State<Provider>) -> impl IntoResponse {
    let jwks = provider
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .jwks();
    ([(CACHE_CONTROL, "max-age=2")], jwks)
}

fn provider_keys(signing: &[(&str, [u8; 32])]) -> Result<Keys, Error> {
    signing
        .iter()
        .try_fold(
            Keys::builder().issuer(ISSUER).audience(AUDIENCE),
            |b, (kid, seed)| Ok(b.signing_key(SigningKey::ed25519(kid, seed)?)),
        )?
        .build()
}

fn seed() -> [u8; 32] {
    let mut seed = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut seed);
    seed
}

fn issue(provider: &Provider, role: &str) -> Result<String, Error> {
    provider
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .encode(&Access { role: role.into() })
}

fn publish(provider: &Provider, keys: Keys) {
    *provider.write().unwrap_or_else(PoisonError::into_inner) = keys;
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (old, new) = (seed(), seed());
    let provider: Provider = Arc::new(RwLock::new(provider_keys(&[("sig-2026-10", old)])?));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/.well-known/jwks.json", listener.local_addr()?);
    let app = Router::new()
        .route("/.well-known/jwks.json", get(jwks_endpoint))
        .with_state(Arc::clone(&provider));
    tokio::spawn(async move { axum::serve(listener, app).await });

    let verifier = Verifier::new(
        JwksClient::builder()
            .ttl_bounds(Duration::from_secs(1), Duration::from_secs(3600))
            .refresh_interval(Duration::from_secs(1))
            .build(&url)?,
    )?;
    let token = issue(&provider, "reader")?;
    println!(
        "token under sig-2026-10 -> {}",
        verifier.decode(&token).await?.role
    );

    // The provider rotates: the new key signs, the old one is still published.
    tokio::time::sleep(Duration::from_secs(1)).await;
    publish(
        &provider,
        provider_keys(&[("sig-2026-11", new), ("sig-2026-10", old)])?,
    );
    let token = issue(&provider, "writer")?;
    println!(
        "token under sig-2026-11 -> {} (one refresh on the unknown kid)",
        verifier.decode(&token).await?.role
    );

    // The old key is retired. Its tokens verify until the cached set
    // expires (the endpoint's max-age), and never after.
    let stale = provider_keys(&[("sig-2026-10", old)])?.encode(&Access {
        role: "stale".into(),
    })?;
    publish(&provider, provider_keys(&[("sig-2026-11", new)])?);
    println!(
        "token under retired sig-2026-10, set still cached -> {}",
        verifier.decode(&stale).await?.role
    );
    tokio::time::sleep(Duration::from_secs(2)).await;
    match verifier.decode(&stale).await {
        Ok(_) => return Err("a token of a retired key was accepted".into()),
        Err(err) => println!("token under retired sig-2026-10, set expired -> rejected: {err}"),
    }
    Ok(())
}
