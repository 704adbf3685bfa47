//! Keys used once before they are written: a token signed and verified, a
//! PII key's protections applied and reversed.

use std::error::Error;

use claims_core::{Claims, Hashed, Keys, KeysBuilder, Pii, PiiKey, SigningKey, VerifyingKey};

#[derive(Claims)]
struct Probe {
    #[claim(public)]
    ok: bool,
}

#[derive(Claims)]
struct PiiProbe {
    #[claim(hashed)]
    sub: Hashed<String>,
    #[claim(encrypted)]
    email: Pii<String>,
}

fn builder() -> KeysBuilder {
    Keys::builder()
        .issuer("claims-keygen")
        .audience("claims-keygen")
}

/// Signs with `signing`; verifies with `verifying` (for HMAC, the secret).
pub(super) fn signing(
    signing: &SigningKey,
    verifying: Option<VerifyingKey>,
) -> Result<(), Box<dyn Error>> {
    let token = builder()
        .signing_key(signing.clone())
        .build()?
        .encode(&Probe { ok: true })?;
    let verifier = match verifying {
        Some(key) => builder().verifying_key(key),
        None => builder().signing_key(signing.clone()),
    };
    if !verifier.build()?.decode::<Probe>(&token)?.ok {
        return Err("the key did not round-trip a token".into());
    }
    Ok(())
}

/// Protects a hashed and an encrypted claim with `key` and reads them back.
pub(super) fn pii(key: PiiKey) -> Result<(), Box<dyn Error>> {
    let mut secret = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut secret);
    let keys = builder()
        .signing_key(SigningKey::hs256("keygen-probe", &secret)?)
        .pii_key(key)
        .build()?;
    let probe = PiiProbe {
        sub: Hashed::new("probe".to_owned()),
        email: Pii::new("probe@example.invalid".to_owned()),
    };
    let decoded = keys.decode::<PiiProbe>(&keys.encode(&probe)?)?;
    let pseudonym = keys.pseudonym("sub", "probe")?;
    if decoded.sub.pseudonym() != Some(&pseudonym) || decoded.email.expose() != probe.email.expose()
    {
        return Err("the PII key did not round-trip a token".into());
    }
    Ok(())
}
