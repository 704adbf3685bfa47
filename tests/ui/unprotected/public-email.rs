use claims_core::Claims;

#[derive(Claims)]
struct Session {
    #[claim(public)]
    email: String,
    #[claim(public)]
    role: String,
}

fn main() {}
