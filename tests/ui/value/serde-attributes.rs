// serde writes a `ClaimValue`: the names it writes are checked, and a value
// written by other code needs a reason or a hand-written impl.
use claims_core::ClaimValue;
use serde::{Deserialize, Serialize};

fn as_text<S: serde::Serializer>(value: &u64, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(value)
}

#[derive(Serialize, Deserialize, ClaimValue)]
struct Renamed {
    #[serde(rename = "email")]
    primary: String,
    #[serde(rename(serialize = "ssn", deserialize = "ref"))]
    reference: String,
    #[serde(serialize_with = "as_text")]
    count: u64,
}

#[derive(Clone, Serialize, Deserialize, ClaimValue)]
#[serde(into = "String", from = "String")]
struct Opaque(String);

impl From<Opaque> for String {
    fn from(value: Opaque) -> Self {
        value.0
    }
}

impl From<String> for Opaque {
    fn from(value: String) -> Self {
        Self(value)
    }
}

fn main() {}
