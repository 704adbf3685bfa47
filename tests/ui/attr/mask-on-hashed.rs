use claims_core::{Claims, Hashed};

#[derive(Claims)]
struct Session {
    #[claim(hashed, mask = "last4")]
    sub: Hashed<String>,
    #[claim(forbidden, mask = "last4")]
    password: Option<String>,
}

fn main() {}
