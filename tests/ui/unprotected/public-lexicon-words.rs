// Whole names (OpenID Connect claims) and words inside longer names.
use claims_core::Claims;

#[derive(Claims)]
struct Profile {
    #[claim(public)]
    given_name: String,
    #[claim(public)]
    work_phone_number: String,
    #[claim(public)]
    client_ip: String,
    #[claim(public)]
    Sub: String,
    #[claim(public)]
    role_name: String,
}

fn main() {}
