use claims_core::{Claims, Hashed};

#[derive(Claims)]
struct Session {
    #[claim(hashed, allow_pii = "pseudonymous")]
    sub: Hashed<String>,
}

fn main() {}
