use claims_core::Claims;

#[derive(Claims)]
struct Session {
    #[claim(hashed)]
    sub: String,
}

fn main() {}
