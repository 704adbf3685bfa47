// A struct that holds personal data read from another issuer's token can be
// decoded, never issued: `Keys::encode` requires `EncodeClaims`.
use claims_core::{Claims, Keys, Pii};

#[derive(Claims)]
struct Identity {
    #[claim(public)]
    role: String,
    #[claim(sensitive)]
    email: Pii<String>,
}

fn reissue(keys: &Keys, token: &str) -> Result<String, claims_core::Error> {
    let identity = keys.decode::<Identity>(token)?;
    keys.encode(&*identity)
}

fn main() {}
