//! SD-JWT issue and verify of DESIGN.md's `Session` with two disclosable
//! fields (`email`, `phone`), against plain `jsonwebtoken` HS256 encode and
//! decode of the same claims in the clear, in the same run.
//!
//! Run: `cargo bench -p claims-core --bench sd`; ratios in BENCHMARKS.md.

use std::hint::black_box;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use claims_core::{Claims, Hashed, KeyBinding, Keys, PiiKey, SigningKey};
use criterion::{Criterion, criterion_group, criterion_main};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

const ISS: &str = "https://auth.example.com";
const AUD: &str = "orders-api";
const SECRET: [u8; 32] = [7; 32];

#[derive(Claims)]
pub struct Session {
    #[claim(hashed)]
    pub sub: Hashed<String>,
    #[claim(disclosable)]
    pub email: Option<String>,
    #[claim(disclosable)]
    pub phone: Option<String>,
    #[claim(public)]
    pub role: String,
    #[claim(forbidden)]
    pub password_hash: Option<String>,
}

/// The same claims for plain `jsonwebtoken`, registered claims included.
#[derive(Serialize, Deserialize)]
struct Wire {
    iss: String,
    aud: String,
    iat: u64,
    nbf: u64,
    exp: u64,
    jti: String,
    sub: String,
    email: String,
    phone: String,
    role: String,
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn bench(c: &mut Criterion) {
    let keys = Keys::builder()
        .issuer(ISS)
        .audience(AUD)
        .signing_key(SigningKey::hs256("sig-1", &SECRET).unwrap())
        .pii_key(PiiKey::new("pii-1", &[9; 32]).unwrap())
        .build()
        .unwrap();
    let session = Session {
        sub: Hashed::new("u-123".into()),
        email: Some("alice@example.com".into()),
        phone: Some("+44 20 7946 0123".into()),
        role: "admin".into(),
        password_hash: None,
    };
    let t = now();
    let wire = Wire {
        iss: ISS.into(),
        aud: AUD.into(),
        iat: t,
        nbf: t,
        exp: t + 300,
        jti: "x1Y2z3A4b5C6d7E8f9G0hA".into(),
        sub: "u-123".into(),
        email: "alice@example.com".into(),
        phone: "+44 20 7946 0123".into(),
        role: "admin".into(),
    };
    let enc = EncodingKey::from_secret(&SECRET);
    let dec = DecodingKey::from_secret(&SECRET);
    let header = Header::new(Algorithm::HS256);
    let mut validation = Validation::new(Algorithm::HS256);
    validation.set_issuer(&[ISS]);
    validation.set_audience(&[AUD]);

    let sd = keys.issue_sd(&session).unwrap();
    let all = sd.as_str().to_owned();
    let token = jsonwebtoken::encode(&header, &wire, &enc).unwrap();

    let mut g = c.benchmark_group("sd_hs256");
    g.bench_function("plain_encode", |b| {
        b.iter(|| jsonwebtoken::encode(&header, black_box(&wire), &enc).unwrap());
    });
    g.bench_function("issue_sd", |b| {
        b.iter(|| keys.issue_sd(black_box(&session)).unwrap());
    });
    g.bench_function("plain_decode", |b| {
        b.iter(|| jsonwebtoken::decode::<Wire>(black_box(&token), &dec, &validation).unwrap());
    });
    g.bench_function("verify_sd_all_disclosed", |b| {
        b.iter(|| {
            keys.verify_sd::<Session>(black_box(&all), &KeyBinding::None)
                .unwrap()
        });
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
