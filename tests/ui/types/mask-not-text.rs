use claims_core::Claims;

#[derive(Claims)]
struct Session {
    #[claim(encrypted, mask = "last4")]
    pin: u32,
}

fn main() {}
