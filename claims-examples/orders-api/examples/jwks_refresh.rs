//! A verify-only service that follows its identity provider's key rotation
//! with `JwksClient` (feature `jwks-client`).
//!
//! The provider is a small axum server on 127.0.0.1 publishing its JWK Set
//! (plain `http` is allowed to loopback addresses only; a real provider is
//! `https`). The service keeps a `Keys` built from the client's current set,
//! rebuilds it when a newer set arrives, and on an unknown kid asks the
//! client to refresh (rate limited, concurrent callers sharing one fetch)
//! before it tries once more. Durations are shortened so the demo runs in
//! three seconds; the defaults are in the `jwks_client` module docs.
//!
//! Run: `cargo run -p orders-api --example jwks_refresh`

use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::header::CACHE_CONTROL;
use axum::response::IntoResponse;
use axum::routing::get;
use claims_core::jwks_client::{JwksClient, KeySet};
use claims_core::{Claims, Error, KeyKind, Keys, SigningKey, Verified};
use rand::RngCore as _;

#[derive(Claims)]
struct Access {
    #[claim(public)]
    role: String,
}

const ISSUER: &str = "https://auth.example.com";
const AUDIENCE: &str = "orders-api";

/// The verify-only side: `Keys` rebuilt from each new set the client fetches.
struct Verifier {
    jwks: JwksClient,
    /// The keys built from the set of this generation.
    keys: Mutex<Option<(u64, Arc<Keys>)>>,
}

impl Verifier {
    async fn decode(&self, token: &str) -> Result<Verified<Access>, Error> {
        let set = self.jwks.key_set().await?;
        match self.keys_for(&set)?.decode(token) {
            // A kid the set lacks: the provider may have rotated.
            Err(Error::UnknownKey(KeyKind::Signing)) => {
                let set = self.jwks.refresh_after_miss(&set).await?;
                self.keys_for(&set)?.decode(token)
            }
            result => result,
        }
    }

    fn keys_for(&self, set: &KeySet) -> Result<Arc<Keys>, Error> {
        let mut cached = self.keys.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((generation, keys)) = cached.as_ref()
            && *generation == set.generation()
        {
            return Ok(Arc::clone(keys));
        }
        let keys = Arc::new(
            Keys::builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .verifying_keys(set.keys().to_vec())
                .build()?,
        );
        *cached = Some((set.generation(), Arc::clone(&keys)));
        Ok(keys)
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

    let verifier = Verifier {
        jwks: JwksClient::builder()
            .ttl_bounds(Duration::from_secs(1), Duration::from_secs(3600))
            .refresh_interval(Duration::from_secs(1))
            .build(&url)?,
        keys: Mutex::new(None),
    };
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
