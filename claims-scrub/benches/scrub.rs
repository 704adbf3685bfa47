//! Throughput of the log scrubber, in bytes per second, on text from the
//! corpus generator (`tests/corpus/generate.rs`):
//!
//! - `clean`: realistic lines with no finding but full of look-alikes
//!   (timestamps, levels, paths, durations, versions, ids, hashes, UUIDs);
//! - `dense`: lines with four planted values each (emails, phones, cards,
//!   IBANs, IPs, JWTs, bearer credentials, wire values).
//!
//! Each is measured as one block (what `scrub_stream` hands the scrubber)
//! and line by line (what a logging integration does), plus the streaming
//! and JSON paths; and `guard/*`, [`ValueGuard::check`] on short claim
//! values (time per value); and `adversarial/*`, hostile repetitions
//! (megabytes of digits, `@`, `eyJ`, JSON-looking fragments) at 64 KiB
//! and at 1 MiB, whose throughputs must match (work linear in the input).
//! The comparison, in the same run, is what one would
//! write by hand: one `regex` alternation of the same kinds of value
//! (shapes only: no Luhn, mod-97 or JWT header check), replaced with
//! `replace_all`. Run: `cargo bench -p claims-scrub --bench scrub`;
//! figures in BENCHMARKS.md.

#[path = "../../tests/corpus/generate.rs"]
mod generate;

use std::hint::black_box;
use std::time::Duration;

use claims_scrub::{JsonScrubber, Scrubber, ValueGuard, scrub_stream};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn lines(text: &[u8]) -> Vec<&[u8]> {
    text.split_inclusive(|&b| b == b'\n').collect()
}

/// The hand-written comparison: every kind the scrubber finds, as one
/// alternation of the usual patterns.
fn by_hand_regex() -> regex::bytes::Regex {
    let patterns = [
        r"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]*)*",
        r"(?i:bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}",
        r"\b[he]1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+",
        r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}",
        r"\+[1-9][0-9 .-]{7,17}[0-9]",
        r"\(?\b[0-9]{3}\)?[ .-][0-9]{3}[ .-][0-9]{4}\b",
        r"\b(?:(?:25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\b",
        r"\b(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}\b",
        r"\b(?:[0-9A-Fa-f]{1,4}:){1,7}:(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4})*)?",
        r"\b(?:[0-9][ -]?){12,18}[0-9]\b",
        r"\b[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b",
    ];
    regex::bytes::Regex::new(&format!("(?-u){}", patterns.join("|"))).expect("valid patterns")
}

fn bench(c: &mut Criterion) {
    let clean = generate::generate(7, 10_000, 0.0).text;
    let dense = generate::dense(8, 10_000).text;
    let scrubber = Scrubber::new();
    let keyed = Scrubber::builder().pseudonym_key(&[7; 32]).build();
    assert!(scrubber.is_clean(&clean), "the clean text has findings");
    let regex = by_hand_regex();

    let mut group = c.benchmark_group("scrub");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(4));
    for (name, text) in [("clean", &clean), ("dense", &dense)] {
        let by_line = lines(text);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("{name}/block"), |b| {
            let mut out = Vec::with_capacity(text.len() * 2);
            b.iter(|| {
                out.clear();
                scrubber.scrub_into(black_box(text), &mut out)
            });
        });
        group.bench_function(format!("{name}/regex"), |b| {
            b.iter(|| regex.replace_all(black_box(text), &b"<redacted>"[..]).len());
        });
        group.bench_function(format!("{name}/lines"), |b| {
            let mut out = Vec::with_capacity(1 << 16);
            b.iter(|| {
                out.clear();
                for line in &by_line {
                    scrubber.scrub_into(black_box(line), &mut out);
                }
            });
        });
        group.bench_function(format!("{name}/stream"), |b| {
            b.iter(|| scrub_stream(&scrubber, black_box(&text[..]), std::io::sink()));
        });
    }
    group.throughput(Throughput::Bytes(dense.len() as u64));
    group.bench_function("dense/block-keyed", |b| {
        let mut out = Vec::with_capacity(dense.len() * 2);
        b.iter(|| {
            out.clear();
            keyed.scrub_into(black_box(&dense), &mut out)
        });
    });

    // JSON lines: the generator's JSON-format lines, with PII.
    let mixed = generate::generate(9, 20_000, 0.35).text;
    let json_lines: Vec<&[u8]> = lines(&mixed)
        .into_iter()
        .filter(|l| l.starts_with(b"{"))
        .collect();
    let json = JsonScrubber::new(scrubber.clone());
    let bytes: usize = json_lines.iter().map(|l| l.len()).sum();
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("json/lines", |b| {
        let mut out = Vec::with_capacity(1 << 16);
        b.iter(|| {
            out.clear();
            for line in &json_lines {
                json.scrub_line_into(black_box(line), &mut out);
            }
        });
    });
    group.finish();
}

/// [`ValueGuard::check`] on claim values: what the encode-time guard of
/// public claims will cost per value.
fn guard(c: &mut Criterion) {
    let guard = ValueGuard::new();
    let mut group = c.benchmark_group("guard");
    group
        .sample_size(50)
        .measurement_time(Duration::from_secs(2));
    for (name, value) in [
        ("clean-short", "premium"),
        ("clean-scope", "orders:read orders:write profile"),
        (
            "clean-note",
            "Leave the parcel at the back door after 6pm, ring twice, flat 12B.",
        ),
        ("hit-email", "call alice@example.com"),
    ] {
        group.bench_function(name, |b| b.iter(|| guard.check(black_box(value))));
    }
    group.finish();
}

/// Hostile inputs, each one pattern repeated, at two sizes: equal
/// throughput at both is linear work (a quadratic scan would be 16 times
/// slower per byte at the larger size). The `json-` rows are lines the JSON
/// scrubber hands to its tolerant scanner.
fn adversarial(c: &mut Criterion) {
    let scrubber = Scrubber::new();
    let json = JsonScrubber::new(scrubber.clone());
    let patterns: [(&str, &[u8]); 8] = [
        ("digits", b"0"),
        ("at", b"@"),
        ("jwt-start", b"eyJ"),
        ("email-start", b"a@b."),
        ("phone-start", b"+1 "),
        ("ipv6", b"::1 "),
        ("json-key", b"\"password\":"),
        ("json-escape", b"\"pass\\u0077ord\":\""),
    ];
    let mut group = c.benchmark_group("adversarial");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(1))
        .warm_up_time(Duration::from_millis(300));
    for (name, pattern) in patterns {
        for size in [64 << 10, 1 << 20] {
            // A leading `x`: the JSON scrubber's transcoder refuses the
            // line at once, and the plain scrubber does not care.
            let mut input = b"x".to_vec();
            input.extend(pattern.iter().copied().cycle().take(size));
            group.throughput(Throughput::Bytes(input.len() as u64));
            let id = format!("{name}/{}KiB", size >> 10);
            if name.starts_with("json-") {
                let mut out = Vec::with_capacity(input.len() * 2);
                group.bench_function(id, |b| {
                    b.iter(|| {
                        out.clear();
                        json.scrub_line_into(black_box(&input), &mut out)
                    });
                });
            } else {
                group.bench_function(id, |b| b.iter(|| scrubber.scrub(black_box(&input)).len()));
            }
        }
    }
    group.finish();
}

criterion_group!(benches, bench, guard, adversarial);
criterion_main!(benches);
