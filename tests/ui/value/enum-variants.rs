// An enum's data-carrying variant names are keys of the JSON, and its
// struct variants' fields are fields: the name rule applies to both. Unit
// variants are values the code fixes, so `Plan::Email` is fine.
use claims_core::ClaimValue;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, ClaimValue)]
enum Contact {
    Email(String),
    Person { first_name: String, seats: u32 },
    Anonymous,
}

#[derive(Serialize, Deserialize, ClaimValue)]
enum Plan {
    Email,
    Team,
}

fn main() {}
