//! SD-JWT issue and verify of DESIGN.md's `Session` with two disclosable
//! fields (`email`, `phone`), against plain `jsonwebtoken` HS256 encode and
//! decode of the same claims in the clear, in the same run.
//!
//! Run: `cargo bench -p claims-core --bench sd`; ratios in BENCHMARKS.md.

mod fixture;

use std::hint::black_box;
use std::time::Duration;

use claims_core::{KeyBinding, SigningKey};
use criterion::{Criterion, criterion_group, criterion_main};
use fixture::Wire;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};

const SECRET: [u8; 32] = [7; 32];

fn bench(c: &mut Criterion) {
    let keys = fixture::keys(SigningKey::hs256("sig-1", &SECRET).unwrap(), &[9; 32]);
    let session = fixture::sd_session();
    let wire = Wire::new(
        "x1Y2z3A4b5C6d7E8f9G0hA".into(),
        fixture::SUB.into(),
        fixture::EMAIL.into(),
        Some(fixture::PHONE.into()),
    );
    let enc = EncodingKey::from_secret(&SECRET);
    let dec = DecodingKey::from_secret(&SECRET);
    let header = Header::new(Algorithm::HS256);
    let mut validation = Validation::new(Algorithm::HS256);
    validation.set_issuer(&[fixture::ISS]);
    validation.set_audience(&[fixture::AUD]);

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
            keys.verify_sd::<fixture::SdSession>(black_box(&all), &KeyBinding::None)
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
