// Nor as a lifecycle login.
use claims_core::{Claims, Lifecycle};

#[derive(Claims)]
struct Credential {
    #[claim(disclosable)]
    email: Option<String>,
}

fn login(lifecycle: &Lifecycle, credential: &Credential) {
    drop(lifecycle.login(credential));
}

fn main() {}
