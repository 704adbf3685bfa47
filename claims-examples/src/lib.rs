//! Runnable examples for `claims`, in `examples/`:
//! `cargo run -p claims-examples --example quickstart` (also
//! `selective_disclosure`). The `orders-api` demo service is its own
//! package, `orders-api/`, with the examples that need an async runtime
//! (`cargo run -p orders-api --example jwks_refresh`).
