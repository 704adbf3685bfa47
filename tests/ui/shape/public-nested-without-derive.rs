// A nested struct of the user's own, serializable but not checked: it needs
// `#[derive(ClaimValue)]`, which checks its fields' names.
use claims_core::Claims;
use serde::{Deserialize, Serialize};

#[derive(Debug, Serialize, Deserialize)]
struct Profile {
    email: String,
    phone: String,
}

#[derive(Claims)]
struct Session {
    #[claim(public)]
    extra: Profile,
}

fn main() {}
