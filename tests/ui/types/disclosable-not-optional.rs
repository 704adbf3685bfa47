use claims_core::Claims;

#[derive(Claims)]
struct Session {
    #[claim(disclosable)]
    email: String,
}

fn main() {}
