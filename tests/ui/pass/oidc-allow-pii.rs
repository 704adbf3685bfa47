// OpenID Connect ID-token claims: personal ones protected, or public with a
// stated reason that `POLICY` keeps.
use claims_core::{Claims, Hashed, Pii, Protection};

#[derive(Claims)]
struct IdToken {
    #[claim(hashed)]
    sub: Hashed<String>,
    #[claim(public, allow_pii = "shown in the UI, chosen by the user to be public")]
    preferred_username: String,
    #[claim(public, allow_pii = "a URL the user uploaded as their public avatar")]
    picture: Option<String>,
    #[claim(encrypted)]
    name: Pii<String>,
    #[claim(encrypted)]
    email: Pii<String>,
    #[claim(public)]
    email_verified: bool,
    #[claim(encrypted)]
    birthdate: Option<String>,
    #[claim(public)]
    locale: Option<String>,
    #[claim(public)]
    nonce: String,
}

fn main() {
    let username = &IdToken::POLICY[1];
    assert_eq!(username.protection, Protection::Public);
    assert_eq!(
        username.reason,
        Some("shown in the UI, chosen by the user to be public"),
    );
    assert_eq!(IdToken::POLICY[8].reason, None);
}
