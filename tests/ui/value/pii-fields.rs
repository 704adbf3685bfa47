// A nested value travels in the clear inside its claim: the name rule applies
// to its fields, one error each, naming `Profile.email`.
use claims_core::ClaimValue;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, ClaimValue)]
struct Profile {
    email: String,
    phone: String,
    email_verified: bool,
    #[claim(allow_pii = "the company's name, shown on invoices")]
    company_name: String,
    #[serde(skip)]
    password: String,
}

fn main() {}
