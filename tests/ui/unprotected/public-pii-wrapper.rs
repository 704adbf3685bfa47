use claims_core::{Claims, Pii};

#[derive(Claims)]
struct Session {
    #[claim(public)]
    contact: Pii<String>,
    #[claim(public)]
    role: String,
}

fn main() {}
