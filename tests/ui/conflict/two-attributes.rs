// Several `#[claim]` attributes on one field merge, conflicts included.
use claims_core::Claims;

#[derive(Claims)]
struct Session {
    #[claim(encrypted)]
    #[claim(forbidden)]
    tenant: Option<String>,
}

fn main() {}
