use claims_core::Claims;

#[derive(Claims)]
union Session {
    role: u32,
    tenant: u64,
}

fn main() {}
