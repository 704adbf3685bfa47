use claims_core::Claims;

#[derive(Claims)]
struct Session(#[claim(public)] String, u64);

fn main() {}
