// Nor as an SD-JWT.
use claims_core::{Claims, Keys, Pii};

#[derive(Claims)]
struct Identity {
    #[claim(sensitive)]
    email: Pii<String>,
}

fn reissue(keys: &Keys, identity: &Identity) {
    let _ = keys.issue_sd(identity);
}

fn main() {}
