use claims_core::{Claims, Hashed};

#[derive(Claims)]
struct Session {
    #[claim(public = "yes")]
    role: String,
    #[claim(public, rename = role)]
    tenant: String,
    #[claim(hashed(salt = "x"))]
    sub: Hashed<String>,
    #[claim(encrypted, mask)]
    phone: String,
    #[claim]
    locale: String,
}

fn main() {}
