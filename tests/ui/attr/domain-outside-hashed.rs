use claims_core::Claims;

#[derive(Claims)]
struct Session {
    #[claim(public, domain = "user")]
    role: String,
}

fn main() {}
