//! SD-JWT fixtures (RFC 9901): an issuer's `Keys`, a holder key, a struct
//! with disclosable claims, and forging of issuer JWTs, disclosures and
//! KB-JWTs, shared by `test_sd.rs` and the bad-token suite. The secrets are
//! fixed and obviously fake: these tests compare against fixed bytes.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use claims_core::{
    Claims, Disclosable, Error, Hashed, KeyBinding, Keys, PiiKey, SdJwt, SdOptions, SigningKey,
    Verified,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::now;

pub(crate) const SECRET: [u8; 32] = [7; 32];
pub(crate) const HOLDER_SEED: [u8; 32] = [42; 32];
pub(crate) const EMAIL: &str = "canary.alice@example.com";
pub(crate) const PHONE: &str = "+44 20 7946 0999";
pub(crate) const AUD: &str = "https://verifier.example";
pub(crate) const NONCE: &str = "n-0S6_WzA2Mj";

#[derive(Claims)]
pub(crate) struct Session {
    #[claim(hashed)]
    pub(crate) sub: Hashed<String>,
    #[claim(disclosable)]
    pub(crate) email: Option<String>,
    #[claim(disclosable)]
    pub(crate) phone: Disclosable<String>,
    #[claim(public)]
    pub(crate) role: String,
}

/// The same claims, with `email` declared public: a disclosed `email` is refused.
#[derive(Claims)]
pub(crate) struct PublicEmail {
    #[claim(public, allow_pii = "test")]
    pub(crate) email: Option<String>,
}

/// An address whose members the issuer makes disclosable one by one:
/// undisclosed members read back as `None`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Address {
    pub(crate) street: Option<String>,
    pub(crate) locality: Option<String>,
    pub(crate) country: String,
}

/// Nested and array disclosures: issued with [`PID_PATHS`].
#[derive(Claims)]
pub(crate) struct Pid {
    #[claim(public)]
    pub(crate) role: String,
    #[claim(disclosable)]
    pub(crate) address: Option<Address>,
    #[claim(disclosable)]
    pub(crate) nationalities: Option<Vec<String>>,
}

pub(crate) const STREET: &str = "Canarystraße 17";
pub(crate) const PID_PATHS: [&str; 3] = ["address.street", "address.locality", "nationalities[]"];
pub(crate) const PID_VCT: &str = "https://credentials.example/pid/1";

pub(crate) fn pid() -> Pid {
    Pid {
        role: "citizen".into(),
        address: Some(Address {
            street: Some(STREET.into()),
            locality: Some("Berlin".into()),
            country: "DE".into(),
        }),
        nationalities: Some(vec!["DE".into(), "FR".into(), "canary-UK".into()]),
    }
}

pub(crate) fn pid_options() -> SdOptions {
    PID_PATHS
        .iter()
        .fold(SdOptions::new(), |options, path| options.disclosable(path))
}

/// Any shape in the clear and disclosed: what hostile nested payloads are
/// read as.
#[derive(Claims)]
pub(crate) struct Loose {
    #[claim(public, dynamic = "test: any JSON, to read hostile nested payloads")]
    pub(crate) settings: Option<Value>,
    #[claim(disclosable)]
    pub(crate) address: Option<Value>,
    #[claim(disclosable)]
    pub(crate) nationalities: Option<Value>,
}

#[derive(Claims)]
pub(crate) struct Plain {
    #[claim(public)]
    pub(crate) role: String,
}

pub(crate) fn keys() -> Keys {
    Keys::builder()
        .issuer("https://issuer.example")
        .audience("wallet")
        .signing_key(SigningKey::hs256("sig-1", &SECRET).unwrap())
        .pii_key(PiiKey::new("pii-1", &[9; 32]).unwrap())
        .build()
        .unwrap()
}

pub(crate) fn holder() -> SigningKey {
    SigningKey::ed25519("holder", &HOLDER_SEED).unwrap()
}

pub(crate) fn session() -> Session {
    Session {
        sub: Hashed::new("u-123".into()),
        email: Some(EMAIL.into()),
        phone: Disclosable::new(PHONE.into()),
        role: "admin".into(),
    }
}

pub(crate) fn issued() -> SdJwt {
    keys().issue_sd(&session()).unwrap()
}

pub(crate) fn bound() -> SdJwt {
    let options = SdOptions::new().holder_key(holder().verifying_key().unwrap());
    keys().issue_sd_with(&session(), &options).unwrap()
}

pub(crate) fn required() -> KeyBinding<'static> {
    KeyBinding::Required {
        audience: AUD,
        nonce: NONCE,
    }
}

pub(crate) fn verify(presentation: &str) -> Result<Verified<Session>, Error> {
    keys().verify_sd::<Session>(presentation, &KeyBinding::None)
}

/// A JWS over `header` and `payload`, HMAC'd with the issuer's secret.
pub(crate) fn forge_hs256(header: &Value, payload: &Value) -> String {
    forge_hs256_raw(header, &payload.to_string())
}

/// [`forge_hs256`] over payload text as given (escapes kept).
pub(crate) fn forge_hs256_raw(header: &Value, payload: &str) -> String {
    let input = format!("{}.{}", B64.encode(header.to_string()), B64.encode(payload));
    let sig = jsonwebtoken::crypto::sign(
        input.as_bytes(),
        &jsonwebtoken::EncodingKey::from_secret(&SECRET),
        jsonwebtoken::Algorithm::HS256,
    )
    .unwrap();
    format!("{input}.{sig}")
}

/// A KB-JWT signed by the holder with any header and claims.
pub(crate) fn forge_kb(header: &Value, claims: &Value) -> String {
    let der = super::ed25519_pkcs8_der_of(&HOLDER_SEED);
    let input = format!(
        "{}.{}",
        B64.encode(header.to_string()),
        B64.encode(claims.to_string())
    );
    let sig = jsonwebtoken::crypto::sign(
        input.as_bytes(),
        &jsonwebtoken::EncodingKey::from_ed_der(&der),
        jsonwebtoken::Algorithm::EdDSA,
    )
    .unwrap();
    format!("{input}.{sig}")
}

/// `base64url(SHA-256(s))`: a disclosure's digest, a KB-JWT's `sd_hash`.
pub(crate) fn sha(s: &str) -> String {
    use sha2::Digest as _;
    B64.encode(sha2::Sha256::digest(s.as_bytes()))
}

/// `base64url(JSON)` of a disclosure array.
pub(crate) fn disclosure(array: &Value) -> String {
    B64.encode(array.to_string())
}

/// The registered claims of an issuer JWT `keys()` accepts.
pub(crate) fn registered() -> serde_json::Map<String, Value> {
    let now = now();
    let Value::Object(map) = json!({
        "iss": "https://issuer.example", "aud": "wallet",
        "iat": now, "nbf": now, "exp": now + 300, "jti": "j-1",
    }) else {
        unreachable!()
    };
    map
}

pub(crate) fn sd_header() -> Value {
    json!({"alg": "HS256", "typ": "sd+jwt", "kid": "sig-1"})
}

/// An issuer JWT with `extra` claims and `_sd` over `disclosures`, plus the presentation.
pub(crate) fn forge_presentation(extra: &Value, sd: &[String], disclosures: &[String]) -> String {
    forge_typed(&sd_header(), extra, sd, disclosures)
}

/// [`forge_presentation`] under another header.
pub(crate) fn forge_typed(
    header: &Value,
    extra: &Value,
    sd: &[String],
    disclosures: &[String],
) -> String {
    let mut claims = registered();
    let sub = keys().pseudonym("sub", "u-1").unwrap();
    claims.insert("sub".into(), json!(sub.as_str()));
    if let Value::Object(extra) = extra {
        claims.extend(extra.clone());
    }
    claims.insert("_sd".into(), json!(sd));
    claims.insert("_sd_alg".into(), json!("sha-256"));
    let mut out = forge_hs256(header, &Value::Object(claims));
    out.push('~');
    for d in disclosures {
        out.push_str(d);
        out.push('~');
    }
    out
}
