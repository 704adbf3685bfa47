use claims_core::Claims;

struct Address {
    street: String,
}

#[derive(Claims)]
struct Session {
    #[claim(encrypted)]
    address: Address,
}

fn main() {}
