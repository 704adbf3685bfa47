// The struct stays usable (POLICY, Debug, Display, encode): the fallback
// impls keep the one error alone.
use claims_core::{Claims, Keys};

#[derive(Claims)]
struct Session {
    #[claim(public)]
    role: String,
    tenant: String,
}

fn encode(keys: &Keys, session: &Session) -> String {
    keys.encode(session).unwrap()
}

fn main() {
    let session = Session {
        role: "admin".to_owned(),
        tenant: "acme".to_owned(),
    };
    println!("{session:?} {session} {}", Session::POLICY.len());
    let _ = encode;
}
