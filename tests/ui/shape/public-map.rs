// A map's keys and values are data no derive sees: a `public` map needs
// `dynamic = "..."`.
use std::collections::HashMap;

use claims_core::Claims;

#[derive(Claims)]
struct Session {
    #[claim(public)]
    attributes: HashMap<String, String>,
}

fn main() {}
