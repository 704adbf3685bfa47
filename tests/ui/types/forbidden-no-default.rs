use claims_core::Claims;

struct Credential {
    hash: String,
}

#[derive(Claims)]
struct Session {
    #[claim(forbidden)]
    credential: Credential,
    #[claim(public)]
    role: String,
}

fn main() {}
