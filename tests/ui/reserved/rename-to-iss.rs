use claims_core::Claims;

#[derive(Claims)]
struct Session {
    #[claim(public, rename = "iss")]
    issuer: String,
    // Renamed away from a reserved name: fine.
    #[claim(public, rename = "audience_hint")]
    aud: String,
}

fn main() {}
