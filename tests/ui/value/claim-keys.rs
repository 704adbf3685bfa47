// A nested value travels whole: its fields take no protection, `rename` is
// serde's, `mask` is a claim's, and an empty reason is no reason.
use claims_core::ClaimValue;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, ClaimValue)]
#[claim(allow_pii = "everything")]
struct Settings {
    #[claim(encrypted)]
    level: u32,
    #[claim(rename = "t")]
    theme: String,
    #[claim(mask = "last4")]
    code: String,
    #[claim(dynamic = " ")]
    extra: u32,
    #[claim(pubic)]
    typo: u32,
}

#[derive(Serialize, Deserialize, ClaimValue)]
enum Event {
    #[claim(dynamic = "varies")]
    Moved(u32),
}

fn main() {}
