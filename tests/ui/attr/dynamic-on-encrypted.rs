use claims_core::Claims;

#[derive(Claims)]
struct Session {
    #[claim(encrypted, dynamic = "anything")]
    prefs: serde_json::Value,
}

fn main() {}
