use claims_core::{Claims, Hashed};

#[derive(Claims)]
struct Session {
    #[claim(public, rename = "r", rename = "role")]
    role: String,
    #[claim(public, public)]
    tenant: String,
    #[claim(hashed(domain = "user", domain = "account"))]
    sub: Hashed<String>,
    #[claim(encrypted, mask = "last4")]
    #[claim(mask = "last4")]
    phone: String,
}

fn main() {}
