// A type from another crate, without `ClaimValue`: `claims` cannot know what
// it holds (an IP address is personal data).
use std::net::IpAddr;

use claims_core::Claims;

#[derive(Claims)]
struct Session {
    #[claim(public)]
    origin: IpAddr,
}

fn main() {}
