//! The byte scanners behind each [`Detector`](crate::Detector).
//!
//! Every scanner is a hand-written, forward-only pass over the input, with
//! a bounded look-around at each candidate, so the work per input byte is a
//! constant and adversarial inputs (megabytes of digits, `@`, `:`, `.`,
//! `eyJ`) stay linear. Candidates are found by a cheap trigger:
//!
//! | detectors | trigger |
//! |---|---|
//! | JWT, wire values, bearer | one Aho-Corasick pass (SIMD Teddy prefilter) for `eyJ`, `h1.`, `e1.`, `Bearer`/`bearer`/`BEARER`, `Basic`/`basic`/`BASIC` |
//! | email | `memchr` for `@` |
//! | phone, IPv4, card, IBAN, SSN, IPv6 | byte-class bitmaps of 64-byte blocks (AVX2 or SSE2 on `x86_64`, chosen at run time) screening every digit run and `:` at once by mask arithmetic, then a few byte tests on the runs left |
//!
//! Scanners push raw, possibly overlapping [`Finding`](crate::Finding)s;
//! the dispatcher (`scan.rs`) sorts them and keeps the first of any overlap.
//! Scanners import only the shared types below them (`detector`, `finding`,
//! `bytes`), never the dispatcher.

pub(crate) mod bearer;
pub(crate) mod bitmaps;
pub(crate) mod card;
pub(crate) mod digits;
pub(crate) mod email;
pub(crate) mod iban;
pub(crate) mod ip;
pub(crate) mod jwt;
pub(crate) mod literals;
pub(crate) mod phone;
pub(crate) mod ssn;
pub(crate) mod wire;
