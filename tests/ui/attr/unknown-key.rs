// A typo is reported once, not again as "declares no protection".
use claims_core::Claims;

#[derive(Claims)]
struct Session {
    #[claim(pubic)]
    role: String,
    #[claim(encrypted, redact)]
    tenant: String,
}

fn main() {}
