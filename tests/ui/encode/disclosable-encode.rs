// A struct with `disclosable` fields travels only as an SD-JWT:
// `Keys::encode` requires `EncodeClaims`, which it does not implement.
use claims_core::{Claims, Keys};

#[derive(Claims)]
struct Credential {
    #[claim(public)]
    role: String,
    #[claim(disclosable)]
    email: Option<String>,
}

fn issue(keys: &Keys, credential: &Credential) {
    let _ = keys.encode(credential);
}

fn main() {}
