//! A verify-only service that keeps its keys in step with an issuer's JWK Set.
//!
//! Fetching stays with the application (any HTTP client; here a closure that
//! reads the issuer's current set). The service holds its `Keys` behind an
//! `RwLock<Arc<Keys>>`, rebuilds them from each fetched set, and refreshes
//! early, at most once per interval, when a token names a kid it does not know
//! yet: that is how it follows the issuer's rotation without a restart.
//!
//! Run: `cargo run -p claims-examples --example jwks_refresh`

use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};

use claims_core::{Claims, Error, KeyKind, Keys, SigningKey, VerifyingKey};
use rand::RngCore as _;

#[derive(Claims)]
struct Access {
    #[claim(public)]
    role: String,
}

const ISSUER: &str = "https://auth.example.com";
const AUDIENCE: &str = "orders-api";

/// The verify-only side: keys rebuilt from the issuer's JWK Set.
struct Verifier<F: Fn() -> Vec<u8>> {
    fetch: F,
    keys: RwLock<Arc<Keys>>,
    last_refresh: RwLock<Instant>,
    min_interval: Duration,
}

impl<F: Fn() -> Vec<u8>> Verifier<F> {
    fn new(fetch: F, min_interval: Duration) -> Result<Self, Error> {
        let keys = keys_from(&(fetch)())?;
        Ok(Self {
            fetch,
            keys: RwLock::new(Arc::new(keys)),
            last_refresh: RwLock::new(Instant::now()),
            min_interval,
        })
    }

    /// Re-fetches and swaps the keys; also the periodic job's body.
    fn refresh(&self) -> Result<(), Error> {
        let keys = keys_from(&(self.fetch)())?;
        *self.keys.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(keys);
        *self
            .last_refresh
            .write()
            .unwrap_or_else(PoisonError::into_inner) = Instant::now();
        Ok(())
    }

    fn decode(&self, token: &str) -> Result<String, Error> {
        let current = Arc::clone(&self.keys.read().unwrap_or_else(PoisonError::into_inner));
        match current.decode::<Access>(token) {
            // A kid we have not seen: the issuer may have rotated. Refresh,
            // rate-limited so a flood of junk kids cannot hammer the issuer.
            Err(Error::UnknownKey(KeyKind::Signing)) if self.may_refresh() => {
                self.refresh()?;
                let current = Arc::clone(&self.keys.read().unwrap_or_else(PoisonError::into_inner));
                current.decode::<Access>(token).map(|v| v.into_inner().role)
            }
            result => result.map(|v| v.into_inner().role),
        }
    }

    fn may_refresh(&self) -> bool {
        let last = *self
            .last_refresh
            .read()
            .unwrap_or_else(PoisonError::into_inner);
        last.elapsed() >= self.min_interval
    }
}

fn keys_from(jwks: &[u8]) -> Result<Keys, Error> {
    Keys::builder()
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .verifying_keys(VerifyingKey::from_jwks(jwks)?)
        .build()
}

fn issuer(signing: &[(&str, [u8; 32])]) -> Result<Keys, Error> {
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

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (old, new) = (seed(), seed());
    // The issuer's state, as its JWKS endpoint would serve it.
    let published = Arc::new(RwLock::new(issuer(&[("sig-2026-10", old)])?));
    let endpoint = Arc::clone(&published);
    let fetch = move || {
        let issuer = endpoint.read().unwrap_or_else(PoisonError::into_inner);
        issuer.jwks().into_bytes()
    };
    let verifier = Verifier::new(fetch, Duration::ZERO)?;
    println!(
        "JWK Set served by the issuer:\n{}\n",
        published.read().map_err(|_| "lock")?.jwks()
    );

    let token = published.read().map_err(|_| "lock")?.encode(&Access {
        role: "reader".into(),
    })?;
    println!("token under sig-2026-10 -> {}", verifier.decode(&token)?);

    // The issuer rotates: the new key signs, the old one is still published.
    *published.write().map_err(|_| "lock")? =
        issuer(&[("sig-2026-11", new), ("sig-2026-10", old)])?;
    let token = published.read().map_err(|_| "lock")?.encode(&Access {
        role: "writer".into(),
    })?;
    println!(
        "token under sig-2026-11 -> {} (refreshed on the unknown kid)",
        verifier.decode(&token)?
    );

    // The old key is retired from the set; the next refresh drops it.
    let stale = issuer(&[("sig-2026-10", old)])?.encode(&Access {
        role: "stale".into(),
    })?;
    *published.write().map_err(|_| "lock")? = issuer(&[("sig-2026-11", new)])?;
    verifier.refresh()?;
    match verifier.decode(&stale) {
        Ok(_) => return Err("a token of a retired key was accepted".into()),
        Err(err) => println!("token under retired sig-2026-10 -> rejected: {err}"),
    }
    Ok(())
}
