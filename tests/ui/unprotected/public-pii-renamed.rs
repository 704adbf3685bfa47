// The claim name is checked too, after `rename`, whatever its case style.
use claims_core::Claims;

#[derive(Claims)]
struct Session {
    #[claim(public, rename = "userEmail")]
    primary: String,
}

fn main() {}
