//! The `orders-api` demo service as a library, so its end-to-end test can
//! start it in-process (`cargo run -p claims-examples --bin orders-api`).

pub mod orders_api;
