use claims_core::{Claims, Hashed};

#[derive(Claims)]
struct Session {
    #[claim(public, rename = "")]
    role: String,
    #[claim(hashed(domain = ""))]
    sub: Hashed<String>,
    #[claim(public, allow_pii = "  ")]
    nickname: String,
    #[claim(public, dynamic = "")]
    prefs: serde_json::Value,
}

fn main() {}
