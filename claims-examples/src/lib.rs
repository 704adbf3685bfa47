//! Runnable examples for `claims`, in `examples/`:
//! `cargo run -p claims-examples --example quickstart` (also `jwks_refresh`,
//! `selective_disclosure`). The `orders-api` demo service is its own
//! package, `orders-api/`.
