//! What the load, fault and bad-input suites share: the service as its own
//! process, an HTTP client for its endpoints, request traffic recorded
//! request by request, and `wrk`.

// Each suite is its own crate and uses part of this module.
#![allow(dead_code, unreachable_pub)]

pub mod client;
pub mod service;
pub mod traffic;
pub mod wrk;

/// One fault or load suite at a time in a test binary: they measure
/// latency, on a machine of two cores or so.
pub static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
