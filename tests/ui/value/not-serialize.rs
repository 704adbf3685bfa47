// `ClaimValue` travels through serde: the type must be `Serialize` and
// `Deserialize`.
use claims_core::ClaimValue;

#[derive(ClaimValue)]
struct Settings {
    theme: String,
}

fn main() {}
