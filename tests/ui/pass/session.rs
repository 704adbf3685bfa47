// The DESIGN's `Session`, used the way an application uses it.
use claims_core::{Claims, Hashed, Keys, Pii, Verified};

#[derive(Claims)]
pub struct Session {
    #[claim(hashed)]
    pub sub: Hashed<String>,
    #[claim(encrypted)]
    pub email: Pii<String>,
    #[claim(public)]
    pub role: String,
    #[claim(forbidden)]
    pub password_hash: Option<String>,
}

#[allow(dead_code)]
fn roundtrip(keys: &Keys, session: &Session) -> Result<String, claims_core::Error> {
    let token = keys.encode(session)?;
    let verified: Verified<Session> = keys.decode(&token)?;
    Ok(format!("{} {:?}", verified.role, *verified))
}

fn main() {
    let session = Session {
        sub: Hashed::new("u-123".to_owned()),
        email: Pii::new("ada@example.com".to_owned()),
        role: "admin".to_owned(),
        password_hash: None,
    };
    assert_eq!(
        format!("{session:?}"),
        r#"Session { sub: <hashed>, email: <encrypted>, role: "admin", password_hash: <forbidden> }"#,
    );
    assert_eq!(Session::POLICY.len(), 4);
}
