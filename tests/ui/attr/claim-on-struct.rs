use claims_core::Claims;

#[derive(Claims)]
#[claim(public)]
struct Session {
    #[claim(public)]
    role: String,
}

fn main() {}
