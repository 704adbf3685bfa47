// A service that only checks a token's registered claims.
use claims_core::Claims;

#[derive(Claims)]
struct Registered {}

fn main() {
    assert!(Registered::POLICY.is_empty());
    assert_eq!(format!("{:?}", Registered {}), "Registered");
}
