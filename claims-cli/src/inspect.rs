//! What `claims inspect` reads from a token, free of I/O so the fuzz
//! targets can call it: the parser ([`Inspection::parse`]), the report it
//! prints, and the signature checks on key bytes.

use std::borrow::Cow;
use std::fmt::{self, Write as _};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use claims_core::reserved::{LIFECYCLE, REGISTERED};
use claims_core::{Algorithm, SigningKey, VerifyingKey, looks_like_pii};
use claims_scrub::Scrubber;
use serde_json::{Map, Value, json};

/// A token's header and its claims, each labelled.
pub struct Inspection {
    header: Map<String, Value>,
    claims: Vec<Value>,
}

impl Inspection {
    /// Splits a compact JWS and labels its claims; the signature is not
    /// looked at. The error names the part that is wrong, never its text.
    pub fn parse(token: &str) -> Result<Self, &'static str> {
        let mut segments = token.split('.');
        let (Some(header), Some(payload), Some(_), None) = (
            segments.next(),
            segments.next(),
            segments.next(),
            segments.next(),
        ) else {
            return Err("not a compact JWS: a token has three segments");
        };
        let header = decode_object(header).ok_or("the header is not base64url JSON")?;
        let payload = decode_object(payload).ok_or("the payload is not base64url JSON")?;
        Ok(Self {
            header,
            claims: label(&payload),
        })
    }

    /// The header, as decoded.
    pub fn header(&self) -> &Map<String, Value> {
        &self.header
    }

    /// One object per claim, in the payload's order: `claim`, `kind`,
    /// `value` and an optional `warning` (see [`label`]).
    pub fn claims(&self) -> &[Value] {
        &self.claims
    }

    /// The kid the header names, or `""`.
    pub fn kid(&self) -> &str {
        self.header
            .get("kid")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    /// The report as one JSON object (`--json`).
    pub fn to_json(&self, signature: &str) -> Value {
        json!({"header": self.header, "claims": self.claims, "signature": signature})
    }

    /// The report as text, one line per claim (a warning on a line of its own).
    pub fn to_text(&self, signature: &str) -> String {
        let mut out = format!("header: {}\nclaims:\n", Value::Object(self.header.clone()));
        // Writing to a String cannot fail.
        for claim in &self.claims {
            let _ = writeln!(
                out,
                "  {:<12} {:<10} {}",
                claim["claim"].as_str().unwrap_or_default(),
                claim["kind"].as_str().unwrap_or_default(),
                claim["value"]
            );
            if let Some(warning) = claim.get("warning").and_then(Value::as_str) {
                let _ = writeln!(out, "  {:<12} warning: {warning}", "");
            }
        }
        let _ = writeln!(out, "signature: {signature}");
        out
    }
}

/// Claim names only: the values may be personal data.
impl fmt::Debug for Inspection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self
            .claims
            .iter()
            .filter_map(|c| c["claim"].as_str())
            .collect();
        f.debug_struct("Inspection")
            .field("claims", &names)
            .finish_non_exhaustive()
    }
}

fn decode_object(segment: &str) -> Option<Map<String, Value>> {
    match serde_json::from_slice(&B64.decode(segment).ok()?).ok()? {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

/// One entry per claim: name, kind (registered, which includes the
/// lifecycle's `fid`; public, hashed, encrypted),
/// the value (public values scrubbed of PII) and, for public claims whose
/// name looks like personal data, the lexicon's category and a warning.
fn label(payload: &Map<String, Value>) -> Vec<Value> {
    let scrubber = Scrubber::new();
    payload
        .iter()
        .map(|(name, value)| {
            let wire = value.as_str().unwrap_or_default();
            let kind = if REGISTERED.contains(&name.as_str()) || LIFECYCLE.contains(&name.as_str())
            {
                "registered"
            } else if wire.starts_with("h1.") {
                "hashed"
            } else if wire.starts_with("e1.") {
                "encrypted"
            } else {
                "public"
            };
            let mut entry = json!({"claim": name, "kind": kind, "value": value});
            if kind == "public" {
                let text = value.to_string();
                let cleaned = scrub_fully(&scrubber, &text);
                let mut warnings = Vec::new();
                if let Some(found) = looks_like_pii(name) {
                    entry["category"] = found.category.as_str().into();
                    warnings.push(format!(
                        "`{name}` looks like personal data ({}: matched `{}`): make it hashed or \
                         encrypted",
                        found.category, found.term
                    ));
                }
                if cleaned != text {
                    warnings.push("the value contains personal data (shown scrubbed)".to_owned());
                    entry["value"] =
                        serde_json::from_str(&cleaned).unwrap_or(Value::String(cleaned));
                }
                if !warnings.is_empty() {
                    entry["warning"] = warnings.join("; ").into();
                }
            }
            entry
        })
        .collect()
}

/// The most passes [`scrub_fully`] makes.
const MAX_SCRUB_PASSES: usize = 4;

/// `text` (a claim's JSON) scrubbed until the scrubber finds nothing more.
/// One pass is not always enough: a detector looks at a candidate's
/// neighbours, and a replacement changes them (a phone number glued to a
/// card number, as in `4111 1111 1111 1111+44 20 7946 0999`, is found once
/// the card is `<card>`). A chain of glued values takes a pass each, so
/// after a few passes a value that is still not clean is withheld whole
/// (`"<redacted>"`), which keeps the work linear.
fn scrub_fully(scrubber: &Scrubber, text: &str) -> String {
    let mut text = text.to_owned();
    for _ in 0..MAX_SCRUB_PASSES {
        match scrubber.scrub_str(&text) {
            Cow::Borrowed(_) => return text,
            Cow::Owned(next) => text = next,
        }
    }
    if scrubber.is_clean(text.as_bytes()) {
        text
    } else {
        "\"<redacted>\"".to_owned()
    }
}

/// Checks `token`'s signature with key file bytes (`--key`): a JWK (public,
/// or an `oct` secret) or, with `alg`, a PEM or DER public key. The outer
/// error is a key that cannot be read; the inner one a failed check; `Ok`
/// holds the kid that verified.
pub fn verify_with_key(
    bytes: &[u8],
    alg: Option<&str>,
    token: &str,
) -> Result<Result<String, claims_core::Error>, Box<dyn std::error::Error>> {
    if let Ok(text) = std::str::from_utf8(bytes)
        && text.trim_start().starts_with('{')
    {
        // A public JWK, else a private one (an HMAC secret verifies only as itself).
        let verified = if let Ok(key) = VerifyingKey::from_jwk(text) {
            key.verify_compact(token).map(|_| key.kid().to_owned())
        } else {
            let key = SigningKey::from_jwk(text)?;
            key.verify_compact(token).map(|_| key.kid().to_owned())
        };
        return Ok(verified);
    }
    let alg = alg.ok_or("a PEM or DER --key needs --alg")?;
    let alg = Algorithm::from_name(alg).ok_or_else(|| format!("unknown algorithm `{alg}`"))?;
    let key = VerifyingKey::from_pem_or_der("key", alg, bytes)?;
    Ok(key.verify_compact(token).map(|_| "from --key".to_owned()))
}

/// Checks `token`'s signature with the key `kid` names in JWK Set bytes
/// (`--jwks`); errors as [`verify_with_key`].
pub fn verify_with_jwks(
    jwks: &[u8],
    kid: &str,
    token: &str,
) -> Result<Result<String, claims_core::Error>, claims_core::Error> {
    let keys = VerifyingKey::from_jwks(jwks)?;
    if kid.is_empty() {
        return Ok(Err(claims_core::Error::MissingKeyId));
    }
    Ok(match keys.iter().find(|k| k.kid() == kid) {
        Some(key) => key.verify_compact(token).map(|_| key.kid().to_owned()),
        None => Err(claims_core::Error::UnknownKey(
            claims_core::KeyKind::Signing,
        )),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(payload: &Value) -> String {
        let header = B64.encode(r#"{"alg":"HS256","typ":"JWT"}"#);
        format!("{header}.{}.c2ln", B64.encode(payload.to_string()))
    }

    /// Found by the `inspect` fuzz target: one scrubbing pass left the phone
    /// number, glued to the card number before it, in the report.
    #[test]
    fn public_values_are_scrubbed_to_a_fixed_point() {
        let payload = json!({"note": "4111 1111 1111 1111+44 20 7946 0999"});
        let inspection = Inspection::parse(&token(&payload)).expect("parses");
        let note = &inspection.claims()[0];
        assert_eq!(note["value"], "<card><phone>");
        assert!(
            note["warning"]
                .as_str()
                .expect("warns")
                .contains("personal data")
        );
        let report = inspection.to_text("not verified");
        assert!(!report.contains("7946"), "{report}");
    }

    /// Also found by the fuzz target: a chain of glued phone numbers takes
    /// a pass each; past the bound the value is withheld whole.
    #[test]
    fn a_value_still_dirty_after_the_passes_is_withheld() {
        let chain = "+44 20 7946 0199".repeat(12);
        let payload = json!({"note": chain});
        let inspection = Inspection::parse(&token(&payload)).expect("parses");
        assert_eq!(inspection.claims()[0]["value"], "<redacted>");
        assert!(!inspection.to_text("not verified").contains("7946"));
    }

    #[test]
    fn a_clean_public_value_is_shown_as_is() {
        let payload = json!({"role": "admin", "n": 1.5});
        let inspection = Inspection::parse(&token(&payload)).expect("parses");
        assert_eq!(inspection.claims()[0]["value"], 1.5);
        assert_eq!(inspection.claims()[1]["value"], "admin");
        assert!(
            inspection
                .claims()
                .iter()
                .all(|c| c.get("warning").is_none())
        );
    }
}
