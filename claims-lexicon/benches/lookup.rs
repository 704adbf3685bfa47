//! What the derive pays per field: `lookup` on single names of several
//! shapes, and on every name of the corpus (953 names) in one pass.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};

const CORPUS: [&str; 2] = [
    include_str!("../tests/corpus/pii.txt"),
    include_str!("../tests/corpus/not-pii.txt"),
];

fn lookup(c: &mut Criterion) {
    let mut group = c.benchmark_group("lookup");
    for name in [
        "role",
        "email",
        "creditCardNumber",
        "loadBalancerSourceRanges",
        "token_endpoint_auth_signing_alg_values_supported",
    ] {
        group.bench_function(name, |b| b.iter(|| claims_lexicon::lookup(black_box(name))));
    }
    let names: Vec<&str> = CORPUS
        .iter()
        .flat_map(|text| text.lines())
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .collect();
    group.bench_function("corpus", |b| {
        b.iter(|| {
            names
                .iter()
                .filter(|name| claims_lexicon::lookup(black_box(name)).is_some())
                .count()
        });
    });
    group.finish();
}

criterion_group!(benches, lookup);
criterion_main!(benches);
