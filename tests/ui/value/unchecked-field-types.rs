// A nested value's field types must be checked too: a map, a foreign type,
// a nested struct without the derive.
use std::collections::BTreeMap;

use claims_core::ClaimValue;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize)]
struct Unchecked {
    label: String,
}

#[derive(Serialize, Deserialize, ClaimValue)]
struct Settings {
    labels: BTreeMap<String, String>,
    origin: std::net::Ipv4Addr,
    inner: Vec<Unchecked>,
}

fn main() {}
