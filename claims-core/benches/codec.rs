//! Encode and decode of DESIGN.md's `Session`, against `jsonwebtoken` with the
//! same fields in the clear ("plain") and against the same protection written
//! by hand with `jsonwebtoken` + `hmac` + `aes-gcm` ("by-hand"), at HS256,
//! EdDSA, ES256, RS256 and PS256; at HS256 also encoded with the value guard
//! off on `role` ("claims-unguarded"). Every key is generated at start-up (RSA: 2048 bits)
//! and handed to `jsonwebtoken` as the DER its own loaders take.
//!
//! Run: `cargo bench -p claims-core --bench codec`; figures in BENCHMARKS.md.

mod fixture;

use std::hint::black_box;
use std::time::Duration;

use aes_gcm::aead::{AeadInPlace, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use claims_core::SigningKey;
use criterion::{Criterion, criterion_group, criterion_main};
use ed25519_dalek::pkcs8::EncodePrivateKey as _;
use fixture::Wire;
use hmac::{Hmac, Mac};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore as _;
use rsa::pkcs1::{EncodeRsaPrivateKey as _, EncodeRsaPublicKey as _};
use sha2::Sha256;

/// DESIGN.md's `Session` with the value guard off on `role`: the guard's
/// cost is `claims` minus `claims-unguarded` in the same run.
#[derive(claims_core::Claims)]
struct Unguarded {
    #[claim(hashed)]
    sub: claims_core::Hashed<String>,
    #[claim(encrypted)]
    email: claims_core::Pii<String>,
    #[claim(public(unguarded = "bench: the value guard's cost"))]
    role: String,
    #[claim(forbidden)]
    password_hash: Option<String>,
}

/// `fixture::Wire` with a random `jti`, as `Keys::encode` makes one.
fn wire(sub: String, email: String) -> Wire {
    let mut jti = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut jti);
    Wire::new(B64.encode(jti), sub, email, None)
}

/// The protection done by hand, keyed once like a careful hand-writer would.
struct ByHand {
    mac: Hmac<Sha256>,
    cipher: Aes256Gcm,
}

impl ByHand {
    fn new(master: &[u8; 32]) -> Self {
        let hkdf = hkdf::Hkdf::<Sha256>::new(None, master);
        let (mut enc, mut mac) = ([0u8; 32], [0u8; 32]);
        hkdf.expand(b"claims/v1/enc", &mut enc).unwrap();
        hkdf.expand(b"claims/v1/mac", &mut mac).unwrap();
        Self {
            mac: <Hmac<Sha256> as Mac>::new_from_slice(&mac).unwrap(),
            cipher: Aes256Gcm::new(&enc.into()),
        }
    }

    fn protect(&self, sub: &str, email: &str) -> Wire {
        let mut mac = self.mac.clone();
        mac.update(b"claims/v1/hash\0sub\0");
        mac.update(&serde_json::to_vec(sub).unwrap());
        let sub = format!("h1.pii-1.{}", B64.encode(mac.finalize().into_bytes()));
        let mut nonce = [0u8; 12];
        rand::thread_rng().fill_bytes(&mut nonce);
        let mut buf = serde_json::to_vec(email).unwrap();
        let tag = self
            .cipher
            .encrypt_in_place_detached(
                &Nonce::from(nonce),
                b"claims/v1/enc\0pii-1\0email",
                &mut buf,
            )
            .unwrap();
        let sealed = [&nonce[..], &buf, &tag].concat();
        wire(sub, format!("e1.pii-1.{}", B64.encode(sealed)))
    }

    fn reveal(&self, w: &Wire) -> String {
        let sealed = B64
            .decode(w.email.strip_prefix("e1.pii-1.").unwrap())
            .unwrap();
        let (nonce, rest) = sealed.split_at(12);
        let mut buf = rest.to_vec();
        let tag = buf.split_off(buf.len() - 16);
        let nonce: [u8; 12] = nonce.try_into().unwrap();
        let tag: [u8; 16] = tag.try_into().unwrap();
        self.cipher
            .decrypt_in_place_detached(
                &Nonce::from(nonce),
                b"claims/v1/enc\0pii-1\0email",
                &mut buf,
                &tag.into(),
            )
            .unwrap();
        serde_json::from_slice(&buf).unwrap()
    }
}

struct Alg {
    name: &'static str,
    algorithm: Algorithm,
    signing: SigningKey,
    enc: EncodingKey,
    dec: DecodingKey,
}

fn algorithms() -> Vec<Alg> {
    let mut secret = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut secret);
    let mut seed = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut seed);
    let ed = ed25519_dalek::SigningKey::from_bytes(&seed);
    let p256 = p256::ecdsa::SigningKey::random(&mut rand::thread_rng());
    let p256_pkcs8 = p256.to_pkcs8_der().unwrap();
    let p256_point = p256.verifying_key().to_encoded_point(false);
    // One RSA key for RS256 and PS256; `jsonwebtoken` takes PKCS#1 DER.
    let rsa = rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 2048).unwrap();
    let rsa_pkcs1 = rsa.to_pkcs1_der().unwrap();
    let rsa_public_pkcs1 = rsa.to_public_key().to_pkcs1_der().unwrap();
    let rsa_alg = |name, algorithm, alg| Alg {
        name,
        algorithm,
        signing: SigningKey::from_der("sig-1", alg, rsa_pkcs1.as_bytes()).unwrap(),
        enc: EncodingKey::from_rsa_der(rsa_pkcs1.as_bytes()),
        dec: DecodingKey::from_rsa_der(rsa_public_pkcs1.as_bytes()),
    };
    vec![
        Alg {
            name: "HS256",
            algorithm: Algorithm::HS256,
            signing: SigningKey::hs256("sig-1", &secret).unwrap(),
            enc: EncodingKey::from_secret(&secret),
            dec: DecodingKey::from_secret(&secret),
        },
        Alg {
            name: "EdDSA",
            algorithm: Algorithm::EdDSA,
            signing: SigningKey::ed25519("sig-1", &seed).unwrap(),
            enc: EncodingKey::from_ed_der(ed.to_pkcs8_der().unwrap().as_bytes()),
            dec: DecodingKey::from_ed_der(ed.verifying_key().as_bytes()),
        },
        Alg {
            name: "ES256",
            algorithm: Algorithm::ES256,
            signing: SigningKey::from_der(
                "sig-1",
                claims_core::Algorithm::ES256,
                p256_pkcs8.as_bytes(),
            )
            .unwrap(),
            enc: EncodingKey::from_ec_der(p256_pkcs8.as_bytes()),
            // `jsonwebtoken`'s EC "DER" is the SEC1 point (an SPKI's bit string).
            dec: DecodingKey::from_ec_der(p256_point.as_bytes()),
        },
        rsa_alg("RS256", Algorithm::RS256, claims_core::Algorithm::RS256),
        rsa_alg("PS256", Algorithm::PS256, claims_core::Algorithm::PS256),
    ]
}

fn bench(c: &mut Criterion) {
    let mut master = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut master);
    let by_hand = ByHand::new(&master);
    for a in algorithms() {
        let keys = fixture::keys(a.signing, &master);
        let mut header = Header::new(a.algorithm);
        header.kid = Some("sig-1".into());
        let mut validation = Validation::new(a.algorithm);
        validation.set_issuer(&[fixture::ISS]);
        validation.set_audience(&[fixture::AUD]);
        validation.set_required_spec_claims(&["exp", "iat", "nbf", "iss", "aud"]);
        validation.validate_nbf = true;

        let session = fixture::session();
        let token = keys.encode(&session).unwrap();
        let plain = jsonwebtoken::encode(
            &header,
            &wire(fixture::SUB.into(), fixture::EMAIL.into()),
            &a.enc,
        )
        .unwrap();
        let hand = jsonwebtoken::encode(
            &header,
            &by_hand.protect(fixture::SUB, fixture::EMAIL),
            &a.enc,
        )
        .unwrap();

        let mut g = c.benchmark_group(format!("encode/{}", a.name));
        g.bench_function("claims", |b| {
            b.iter(|| keys.encode(black_box(&session)).unwrap());
        });
        if a.name == "HS256" {
            let unguarded = Unguarded {
                sub: claims_core::Hashed::new(fixture::SUB.into()),
                email: claims_core::Pii::new(fixture::EMAIL.into()),
                role: session.role.clone(),
                password_hash: None,
            };
            g.bench_function("claims-unguarded", |b| {
                b.iter(|| keys.encode(black_box(&unguarded)).unwrap());
            });
        }
        g.bench_function("plain", |b| {
            b.iter(|| {
                let w = wire(
                    black_box(fixture::SUB).into(),
                    black_box(fixture::EMAIL).into(),
                );
                jsonwebtoken::encode(&header, &w, &a.enc).unwrap()
            });
        });
        g.bench_function("by-hand", |b| {
            b.iter(|| {
                let w = by_hand.protect(black_box(fixture::SUB), black_box(fixture::EMAIL));
                jsonwebtoken::encode(&header, &w, &a.enc).unwrap()
            });
        });
        g.finish();

        let mut g = c.benchmark_group(format!("decode/{}", a.name));
        g.bench_function("claims", |b| {
            b.iter(|| keys.decode::<fixture::Session>(black_box(&token)).unwrap());
        });
        g.bench_function("plain", |b| {
            b.iter(|| {
                jsonwebtoken::decode::<Wire>(black_box(&plain), &a.dec, &validation).unwrap()
            });
        });
        g.bench_function("by-hand", |b| {
            b.iter(|| {
                let data =
                    jsonwebtoken::decode::<Wire>(black_box(&hand), &a.dec, &validation).unwrap();
                by_hand.reveal(&data.claims)
            });
        });
        g.finish();
    }
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
}

criterion_group! {
    name = benches;
    config = config();
    targets = bench
}
criterion_main!(benches);
