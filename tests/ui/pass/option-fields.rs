use claims_core::{Claims, Hashed, Pii};

#[derive(Claims)]
struct Session {
    #[claim(public)]
    tenant: Option<String>,
    #[claim(hashed)]
    sub: Hashed<Option<String>>,
    #[claim(encrypted)]
    email: Option<String>,
    #[claim(encrypted)]
    phone: Pii<Option<String>>,
    #[claim(forbidden)]
    password: Option<String>,
}

fn main() {
    let session = Session {
        tenant: None,
        sub: Hashed::new(None),
        email: None,
        phone: Pii::new(None),
        password: None,
    };
    assert_eq!(
        format!("{session:?}"),
        "Session { tenant: None, sub: <hashed>, email: <encrypted>, phone: <encrypted>, password: <forbidden> }",
    );
}
