//! `claims-scrub`: find tokens and personal data in logs and replace them.
//!
//! Production logs must be safe to read during an outage, whatever the
//! application printed. A [`Scrubber`] finds compact JWS/JWE tokens, bearer
//! and basic credentials, emails (internationalized ones too), phone
//! numbers, IPv4 and IPv6 addresses, payment card numbers, IBANs, US social
//! security numbers and `claims`' own `h1.`/`e1.` wire values
//! (each a [`Detector`], documented with its rule, misses and false
//! positives), and replaces each with a typed placeholder or, given a key, a
//! keyed pseudonym that stays the same for the same value, so incidents can
//! still be correlated.
//!
//! ```
//! use claims_scrub::{Detector, Scrubber};
//!
//! let scrubber = Scrubber::new();
//! let line = "login ok user=alice@example.com ip=203.0.113.7 card=4111 1111 1111 1111";
//! assert_eq!(
//!     scrubber.scrub_str(line),
//!     "login ok user=<email> ip=<ipv4> card=<card>"
//! );
//! // Clean input is returned as is, without copying.
//! assert!(matches!(scrubber.scrub_str("GET /health 200 3ms"), std::borrow::Cow::Borrowed(_)));
//!
//! // Keyed pseudonyms: the same value, the same placeholder.
//! let keyed = Scrubber::builder().pseudonym_key(&[7; 32]).build();
//! let a = keyed.scrub_str("from alice@example.com");
//! let b = keyed.scrub_str("to ALICE@example.com");
//! assert!(a.starts_with("from <email:") && a[5..] == b[3..]);
//!
//! // Only some detectors, and findings for an audit.
//! let emails = Scrubber::builder().detectors(Detector::Email).build();
//! let input = b"alice@example.com 10.0.0.1";
//! let found = emails.findings(input);
//! assert_eq!(found.len(), 1);
//! assert_eq!((found[0].detector, found[0].range.clone()), (Detector::Email, 0..17));
//! ```
//!
//! - [`Scrubber`] works on bytes (logs are not always UTF-8; every detector
//!   is ASCII-based and skips anything else) and on `&str`.
//! - [`JsonScrubber`] handles JSON log lines: it masks named fields
//!   (`password`, `authorization`, `token`, `email`, ... configurable) and
//!   text-scrubs every other string.
//! - [`stream`] scrubs or audits a whole log with bounded memory.
//! - [`ValueGuard`] checks one short value (a claim about to travel in the
//!   clear) and names the first detector that fires, without allocating
//!   on clean input.
//! - `tracing` (feature `tracing`) scrubs every event a
//!   `tracing-subscriber` formatter writes.
//!
//! This crate needs nothing from `claims-core`: a service can scrub its
//! logs without the JWT runtime, and a JWT-only service does not compile
//! the scrubber.
//!
//! # Features
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `fast` | yes | the literal triggers found by one Aho-Corasick searcher, and the number pass's byte classes computed with SSE2/AVX2 (`pulp`) on `x86_64`; without it, a plain forward scan and a byte loop find exactly the same findings, more slowly |
//! | `tracing` | no | [`tracing::ScrubbingWriter`], a `tracing-subscriber` writer |
//!
//! # Cost
//!
//! Every detector is a hand-written byte scanner behind a cheap trigger
//! (one Aho-Corasick pass for the literals `eyJ`, `h1.`, `e1.`, `Bearer`,
//! `Basic`; `memchr` for `@`; a block-at-a-time bitmap of digits and `:` for the
//! number-shaped detectors), with a bounded look-around per candidate: time
//! is linear in the input, also on adversarial input (megabytes of digits,
//! `@`, `:`, `.` or `eyJ`). No regular expressions. Figures: BENCHMARKS.md
//! (`cargo bench -p claims-scrub --bench scrub`).
//!
//! # What it cannot do
//!
//! It finds shapes, not meaning: a name, a street address or a password in
//! free text is not found (the [`JsonScrubber`] masks such fields by name in
//! structured logs). Encoded forms (percent-encoding, base64 other than
//! JWTs) hide values from it.

#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

// Layers, bottom up: the shared types (`detector`, `finding`) and byte
// helpers (`bytes`); the scanners (`detect/*`), which import only those;
// the dispatcher (`scan`); then what users call (`scrubber`, `guard`,
// `json`, `stream`, `tracing`).
mod bytes;
mod detect;
mod detector;
mod finding;
mod guard;
mod json;
mod scan;
mod scrubber;
pub mod stream;
#[cfg(feature = "tracing")]
#[cfg_attr(docsrs, doc(cfg(feature = "tracing")))]
pub mod tracing;

pub use detector::{Detector, DetectorSet, UnknownDetector};
pub use finding::{Finding, FindingCounts};
pub use guard::ValueGuard;
pub use json::{
    DEFAULT_MASKED_FIELDS, DEFAULT_MAX_DEPTH, JsonReport, JsonScrubber, JsonScrubberBuilder,
    REDACTED,
};
pub use scrubber::{Scrubber, ScrubberBuilder};
pub use stream::{
    Location, Stats, StreamOptions, audit_stream, scrub_json_stream, scrub_stream,
    scrub_stream_with,
};
