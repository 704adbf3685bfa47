use claims_core::{Claims, Hashed};

#[derive(Claims)]
struct Session {
    #[claim(public, hashed)]
    tenant: Hashed<String>,
}

fn main() {}
