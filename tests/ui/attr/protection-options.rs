use claims_core::Claims;

#[derive(Claims)]
struct Session {
    #[claim(public(unguarded = " "))]
    note: String,
    #[claim(public(reason = "x"))]
    role: String,
    #[claim(public, unguarded = "free text")]
    tenant: String,
    #[claim(public(unguarded))]
    locale: String,
    #[claim(forbidden(unguarded = "x"))]
    secret: Option<String>,
}

fn main() {}
