use claims_core::Claims;

#[derive(Claims)]
struct Session {
    tenant: String,
    #[claim(public)]
    role: String,
    locale: String,
    #[claim(rename = "org")]
    organisation: String,
}

fn main() {}
