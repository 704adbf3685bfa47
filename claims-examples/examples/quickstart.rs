//! The main job: build keys, encode a `Session`, show what travels, decode it,
//! and watch a tampered token fail.
//!
//! Run: `cargo run -p claims-examples --example quickstart`

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use claims_core::{Claims, Hashed, Keys, Pii, PiiKey, SigningKey, Verified};
use rand::RngCore as _;

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

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Fresh random keys for the demo; a service loads them from its secret store.
    let mut secret = [0u8; 32];
    let mut master = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut secret);
    rand::thread_rng().fill_bytes(&mut master);

    let keys = Keys::builder()
        .issuer("https://auth.example.com")
        .audience("orders-api")
        .lifetime(Duration::from_secs(300))
        .signing_key(SigningKey::hs256("sig-1", &secret)?)
        .pii_key(PiiKey::new("pii-1", &master)?)
        .build()?;

    let session = Session {
        sub: Hashed::new("u-123".into()),
        email: Pii::new("alice@example.com".into()),
        role: "admin".into(),
        password_hash: Some("never in a token".into()),
    };

    let token = keys.encode(&session)?;
    println!("token:\n{token}\n");

    let payload = token
        .split('.')
        .nth(1)
        .ok_or("a token has three segments")?;
    let payload: serde_json::Value = serde_json::from_slice(&B64.decode(payload)?)?;
    println!("payload (what every proxy and log sees):\n{payload:#}\n");

    let verified: Verified<Session> = keys.decode(&token)?;
    println!("verified: {verified:?}");
    println!("  email (decrypted): {}", verified.email.expose());
    println!(
        "  sub pseudonym:     {}",
        verified.sub.pseudonym().ok_or("decoded")?
    );
    println!("  expires at:        {}\n", verified.registered().exp);

    // Flip one character of the signature: verification must fail, and the
    // error names no claim value.
    let mut tampered = token.into_bytes();
    let last = tampered.len() - 2;
    tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
    let tampered = String::from_utf8(tampered)?;
    match keys.decode::<Session>(&tampered) {
        Ok(_) => return Err("a tampered token was accepted".into()),
        Err(err) => println!("tampered token rejected: {err} ({err:?})"),
    }
    Ok(())
}
