// One build reports every rule broken, across fields and rules.
use claims_core::{Claims, Hashed};

#[derive(Claims)]
struct Session {
    tenant: String,
    #[claim(public)]
    phone: String,
    #[claim(public, encrypted)]
    role: String,
    #[claim(hashed, rename = "exp")]
    expiry: Hashed<u64>,
    #[claim(encrypted, mask = "first4")]
    card: String,
    #[claim(public, rename = "phone", allow_pii = "shown on the receipt")]
    receipt_phone: String,
}

fn main() {}
