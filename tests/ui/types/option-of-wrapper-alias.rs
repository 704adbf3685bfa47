// Through an alias the derive cannot see the wrapper: the trait's error
// says the same.
use claims_core::{Claims, Hashed};

type UserId = Hashed<String>;

#[derive(Claims)]
struct Session {
    #[claim(hashed)]
    sub: Option<UserId>,
}

fn main() {}
