//! SD-JWT issue and verify of DESIGN.md's `Session` with two disclosable
//! fields (`email`, `phone`), against plain `jsonwebtoken` HS256 encode and
//! decode of the same claims in the clear, in the same run; and an SD-JWT VC
//! with nested and array-element disclosures (`Resident`: 7 disclosures).
//!
//! Run: `cargo bench -p claims-core --bench sd`; ratios in BENCHMARKS.md.

mod fixture;

use std::hint::black_box;
use std::time::Duration;

use claims_core::{Claims, KeyBinding, SdOptions, SdVerification, SigningKey};
use criterion::{Criterion, criterion_group, criterion_main};
use fixture::Wire;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};

const SECRET: [u8; 32] = [7; 32];
const VCT: &str = "https://credentials.example/resident/1";

#[derive(serde::Serialize, serde::Deserialize)]
struct Address {
    street: Option<String>,
    locality: Option<String>,
    country: String,
}

/// An address whose street and locality are disclosable inside it, and
/// three nationalities each disclosable: 7 disclosures, two levels deep.
#[derive(Claims)]
struct Resident {
    #[claim(public)]
    role: String,
    #[claim(disclosable)]
    address: Option<Address>,
    #[claim(disclosable)]
    nationalities: Option<Vec<String>>,
}

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

    let resident = Resident {
        role: "member".into(),
        address: Some(Address {
            street: Some("1 Main St".into()),
            locality: Some("Springfield".into()),
            country: "DE".into(),
        }),
        nationalities: Some(vec!["DE".into(), "FR".into(), "IT".into()]),
    };
    let options = SdOptions::new()
        .vct(VCT)
        .disclosable("address.street")
        .disclosable("address.locality")
        .disclosable("nationalities[]");
    let nested = keys.issue_sd_with(&resident, &options).unwrap();
    let nested_all = nested.as_str().to_owned();
    let check = SdVerification::vc(VCT, KeyBinding::None);
    let mut g = c.benchmark_group("sd_vc_nested_hs256");
    g.bench_function("issue_sd", |b| {
        b.iter(|| keys.issue_sd_with(black_box(&resident), &options).unwrap());
    });
    g.bench_function("verify_sd_all_disclosed", |b| {
        b.iter(|| {
            keys.verify_sd_with::<Resident>(black_box(&nested_all), &check)
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
