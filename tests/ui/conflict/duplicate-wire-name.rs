use claims_core::Claims;

#[derive(Claims)]
struct Session {
    #[claim(public)]
    role: String,
    #[claim(public, rename = "role")]
    roles: Vec<String>,
    #[claim(public, rename = "scope")]
    scopes: Vec<String>,
    #[claim(encrypted)]
    scope: String,
}

fn main() {}
