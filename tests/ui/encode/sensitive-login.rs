// Nor as a lifecycle login.
use claims_core::{Claims, Lifecycle, Pii};

#[derive(Claims)]
struct Identity {
    #[claim(sensitive)]
    email: Pii<String>,
}

fn login(lifecycle: &Lifecycle, identity: &Identity) {
    drop(lifecycle.login(identity));
}

fn main() {}
