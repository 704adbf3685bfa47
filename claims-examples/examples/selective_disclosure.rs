//! Selective disclosure (RFC 9901 SD-JWT, as an SD-JWT VC): the issuer makes
//! `email`, `birthdate`, `address` and, inside it, `address.street`
//! disclosable, and each of the `nationalities`; the holder reveals only
//! `birthdate`, the street and one nationality to a verifier, with a key
//! binding JWT proving it holds the key the issuer bound the credential to.
//!
//! `cargo run -p claims-examples --example selective_disclosure`

use std::time::{SystemTime, UNIX_EPOCH};

use claims_core::{
    Claims, Disclosable, Error, KeyBinding, Keys, SdJwt, SdOptions, SdVerification, SigningKey,
    Verified,
};
use serde::{Deserialize, Serialize};

/// The credential type (`vct`) the issuer issues and the verifier accepts.
const VCT: &str = "https://credentials.example/member/1";

#[derive(Claims)]
struct Credential {
    #[claim(public)]
    role: String,
    #[claim(disclosable)]
    email: Option<String>,
    #[claim(disclosable)]
    birthdate: Disclosable<String>,
    #[claim(disclosable)]
    address: Option<Address>,
    #[claim(disclosable)]
    nationalities: Option<Vec<String>>,
}

/// Undisclosed members read back as `None`.
#[derive(Debug, Serialize, Deserialize)]
struct Address {
    street: Option<String>,
    country: String,
}

fn main() -> Result<(), Error> {
    // Issuer: an Ed25519 signing key; verifiers hold only its public half.
    let issuer_key = SigningKey::ed25519("issuer-1", &rand::random())?;
    let issuer = Keys::builder()
        .issuer("https://issuer.example")
        .audience("wallet")
        .signing_key(issuer_key.clone())
        .build()?;

    // Holder: a key pair of its own; the issuer binds the credential to its public half.
    let holder_key = SigningKey::ed25519("holder", &rand::random())?;
    let holder_public = holder_key
        .verifying_key()
        .expect("Ed25519 has a public key");

    let credential = Credential {
        role: "member".into(),
        email: Some("alice@example.com".into()),
        birthdate: Disclosable::new("1990-04-01".into()),
        address: Some(Address {
            street: Some("1 Main St".into()),
            country: "DE".into(),
        }),
        nationalities: Some(vec!["DE".into(), "FR".into()]),
    };
    println!("issuer's claims:  {credential:?}");
    let options = SdOptions::new()
        .vct(VCT)
        .disclosable("address.street")
        .disclosable("nationalities[]")
        .decoys(3)
        .holder_key(holder_public);
    let sd_jwt: SdJwt = issuer.issue_sd_with(&credential, &options)?;
    println!(
        "sd_jwt SD-JWT:    {} bytes, disclosures {:?}",
        sd_jwt.as_str().len(),
        sd_jwt.disclosures()
    );

    // Holder: stores the SD-JWT, later reveals only `birthdate`, the street
    // (with the address around it, its other members hidden) and the second
    // nationality to a verifier that sent the nonce.
    let held = SdJwt::parse(sd_jwt.as_str())?;
    let nonce = "n-3f9a1c";
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let presentation = held.present_with_key_binding(
        &["birthdate", "address.street", "nationalities[1]"],
        &holder_key,
        "https://shop.example",
        nonce,
        now,
    )?;
    println!(
        "presentation:     {} bytes, {} disclosure(s) + KB-JWT",
        presentation.len(),
        presentation.matches('~').count() - 1
    );
    assert!(!presentation.contains("alice"));

    // Verifier: knows the issuer's public key, accepts this credential type,
    // requires key binding.
    let verifier = Keys::builder()
        .issuer("https://issuer.example")
        .audience("wallet")
        .verifying_key(issuer_key.verifying_key().expect("public key"))
        .build()?;
    let check = SdVerification::vc(
        VCT,
        KeyBinding::Required {
            audience: "https://shop.example",
            nonce,
        },
    );
    let credential_seen: Verified<Credential> = verifier.verify_sd_with(&presentation, &check)?;
    println!("verified:         {credential_seen:?}");
    println!("  birthdate:      {:?}", credential_seen.birthdate.get());
    println!(
        "  email:          {:?} (not disclosed)",
        credential_seen.email.is_some().then_some("?")
    );
    assert_eq!(
        credential_seen.birthdate.get().map(String::as_str),
        Some("1990-04-01")
    );
    assert!(credential_seen.email.is_none());
    let street = credential_seen
        .address
        .as_ref()
        .and_then(|a| a.street.as_deref());
    assert_eq!(street, Some("1 Main St"));
    assert_eq!(credential_seen.nationalities, Some(vec!["FR".to_owned()]));

    // Replayed with another nonce, it fails.
    let replay = SdVerification::vc(
        VCT,
        KeyBinding::Required {
            audience: "https://shop.example",
            nonce: "n-other",
        },
    );
    let error = verifier
        .verify_sd_with::<Credential>(&presentation, &replay)
        .unwrap_err();
    println!("replayed:         {error}");
    Ok(())
}
