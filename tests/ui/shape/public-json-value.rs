// Untyped JSON can hold anything: a `public` `serde_json::Value` needs
// `dynamic = "..."`.
use claims_core::Claims;

#[derive(Claims)]
struct Session {
    #[claim(public)]
    role: String,
    #[claim(public)]
    extra: Option<serde_json::Value>,
}

fn main() {}
