use claims_core::{Claims, Pii};

#[derive(Claims)]
struct Session {
    #[claim(public)]
    badge: Pii<String>,
    #[claim(public)]
    role: String,
}

fn main() {}
