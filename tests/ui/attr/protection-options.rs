use claims_core::{Claims, Hashed};

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
    #[claim(encrypted(pad = 8))]
    a: String,
    #[claim(encrypted(pad = 5000))]
    b: String,
    #[claim(encrypted(pad = "64"))]
    c: String,
    #[claim(encrypted(pad))]
    d: String,
    #[claim(encrypted, pad = 64)]
    e: String,
    #[claim(encrypted(pad = 64, pad = 128))]
    f: String,
    #[claim(encrypted(size = 64))]
    g: String,
    #[claim(hashed(normalize = "lowercase"))]
    h: Hashed<String>,
    #[claim(hashed, normalize = "email")]
    i: Hashed<String>,
    #[claim(hashed(normalize = "email", normalize = "nfc"))]
    j: Hashed<String>,
    #[claim(hashed(salt = "x"))]
    k: Hashed<String>,
}

fn main() {}
