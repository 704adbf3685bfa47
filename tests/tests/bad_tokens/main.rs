//! Bad tokens, in one place: every way a token can be wrong, by attack
//! family, each case naming the exact outcome it must produce.
//!
//! The tokens come two ways:
//! - hand-forged ([`forge`]): header and payload JSON written as text and
//!   signed here with the test key material directly, never through
//!   `Keys::encode`, once per algorithm `claims` supports (HS256, HS384,
//!   HS512, EdDSA, Ed25519, ES256, ES384, ES512, RS256, RS384, RS512,
//!   PS256, PS384, PS512), each family a table of cases and one loop over
//!   the algorithms;
//! - issued, then edited ([`issued`]): a token `claims` issued for the
//!   canary `Profile`, one thing changed and re-signed.
//!
//! Every case goes through [`runner::run`]: the exact `Error` variant (or
//! acceptance, for the positive controls), no panic (`catch_unwind`), and
//! no leak: no rendering of the error shows a canary or a text the attacker
//! chose (kids, header values, claim values). [`controls`] shows that the
//! forging itself is right, so a rejection elsewhere is the check under test.
//!
//! Run one family with `cargo test -p claims-tests --test bad_tokens alg::`;
//! `-- --nocapture` prints each family's case count.

#[path = "../common/mod.rs"]
mod common;
mod forge;
mod issued;
mod runner;

mod alg;
mod claim_values;
mod compact;
mod controls;
mod header_keys;
mod json;
mod registered;
mod sd_jwt;
mod segments;
mod signature;
mod size;
mod typ_crit;
