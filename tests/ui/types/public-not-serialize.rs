use claims_core::Claims;

#[derive(Debug)]
struct Tenant {
    id: u64,
}

#[derive(Claims)]
struct Session {
    #[claim(public)]
    tenant: Tenant,
}

fn main() {}
