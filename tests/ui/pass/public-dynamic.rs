// Maps and untyped JSON travel in a `public` claim with a stated reason,
// kept in `POLICY`.
use std::collections::HashMap;

use claims_core::Claims;

#[derive(Claims)]
struct Session {
    #[claim(public, dynamic = "UI preferences the client sets, never personal data")]
    prefs: serde_json::Value,
    #[claim(public, dynamic = "deployment labels operators set")]
    labels: HashMap<String, String>,
    #[claim(public)]
    role: String,
}

fn main() {
    let dynamic: Vec<_> = Session::POLICY.iter().map(|f| f.dynamic).collect();
    assert_eq!(
        dynamic,
        [
            Some("UI preferences the client sets, never personal data"),
            Some("deployment labels operators set"),
            None,
        ],
    );
}
