use claims_core::Claims;

#[derive(Claims)]
enum Session {
    Admin { role: String },
    Guest,
}

fn main() {}
