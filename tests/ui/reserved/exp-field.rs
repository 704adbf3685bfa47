use claims_core::Claims;

#[derive(Claims)]
struct Session {
    #[claim(public)]
    exp: u64,
    #[claim(public)]
    jti: String,
}

fn main() {}
