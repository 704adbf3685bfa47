use claims_core::{Claims, Pii};

#[derive(Claims)]
struct Profile {
    #[claim(encrypted(pad = 64))]
    address: Pii<String>,
    #[claim(encrypted(pad = 4096))]
    notes: Vec<String>,
    #[claim(encrypted(pad = 16), rename = "tz")]
    timezone: String,
    #[claim(encrypted())]
    locale: String,
}

fn main() {}
