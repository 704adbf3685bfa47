use claims_core::Claims;

#[derive(Claims)]
struct Session {
    #[claim(disclosable, encrypted)]
    email: Option<String>,
}

fn main() {}
