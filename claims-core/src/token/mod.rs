//! Encoding and decoding compact JWS tokens (RFC 7515) under [`Keys`].
//!
//! Framing is done here rather than by `jsonwebtoken::encode`/`decode`: the
//! header segment is precomputed per key, the HMAC and Ed25519 states are
//! built once per key, and the payload is parsed once.

mod header;
mod payload;
mod reader;
pub(crate) mod registered;
mod verified;
mod writer;

use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use rand::RngCore;

use crate::error::Error;
use crate::jws::VerifyingKey;
use crate::keys::Keys;
use crate::policy::{Claims, Protection};

pub(crate) use header::Typ;
pub(crate) use payload::RawClaims;
pub use reader::PayloadReader;
pub use registered::RegisteredClaims;
pub use verified::Verified;
pub use writer::PayloadWriter;

impl Keys {
    /// Encodes `claims` as a signed token: applies each field's protection and
    /// sets `iss`, `aud`, `iat`, `nbf`, `exp` and a random `jti`.
    ///
    /// A struct with `disclosable` fields is refused with [`Error::Config`]:
    /// issue it as an SD-JWT with [`Keys::issue_sd`].
    pub fn encode<T: Claims>(&self, claims: &T) -> Result<String, Error> {
        self.encode_with(claims, unix_now(), &mut rand::thread_rng())
    }

    /// [`Keys::encode`] with the clock and randomness given: the test-vector
    /// hook, never public.
    pub(crate) fn encode_with<T: Claims>(
        &self,
        claims: &T,
        now: u64,
        rng: &mut dyn RngCore,
    ) -> Result<String, Error> {
        let mut payload = self.write_payload(claims, now, rng, None)?;
        payload.push(b'}');
        let token = self.sign_payload(Typ::Jwt, &payload)?;
        // Never issue a token our own decoding would refuse.
        self.check_size(token.len())?;
        Ok(token)
    }

    /// The payload up to (not including) its closing brace: the registered
    /// claims, then each field. `sd` collects the disclosures of
    /// `disclosable` fields; without it they are refused.
    pub(crate) fn write_payload<T: Claims>(
        &self,
        claims: &T,
        now: u64,
        rng: &mut dyn RngCore,
        sd: Option<&mut Vec<crate::sd::Issued>>,
    ) -> Result<Vec<u8>, Error> {
        let mut jti = [0u8; 16];
        rng.fill_bytes(&mut jti);
        let framing = Framing {
            lifetime: self.lifetime,
            jti,
            fid: None,
        };
        self.write_payload_framed(claims, now, &framing, rng, sd)
    }

    /// [`Keys::write_payload`] with the lifetime, `jti` and family id given.
    pub(crate) fn write_payload_framed<T: Claims>(
        &self,
        claims: &T,
        now: u64,
        framing: &Framing<'_>,
        rng: &mut dyn RngCore,
        sd: Option<&mut Vec<crate::sd::Issued>>,
    ) -> Result<Vec<u8>, Error> {
        let mut payload = Vec::with_capacity(256);
        writer::write_registered(self, now, framing, &mut payload);
        claims.__encode(&mut PayloadWriter::new(self, &mut payload, rng, sd))?;
        Ok(payload)
    }

    /// A token of the given type, with the framing given: the
    /// [`Lifecycle`](crate::Lifecycle)'s access and refresh tokens.
    pub(crate) fn encode_framed<T: Claims>(
        &self,
        claims: &T,
        typ: Typ,
        now: u64,
        framing: &Framing<'_>,
    ) -> Result<String, Error> {
        let mut rng = rand::thread_rng();
        let mut payload = self.write_payload_framed(claims, now, framing, &mut rng, None)?;
        payload.push(b'}');
        let token = self.sign_payload(typ, &payload)?;
        self.check_size(token.len())?;
        Ok(token)
    }

    /// Verifies a token of the given type and its registered claims, with
    /// `max_lifetime` as the ceiling on `exp - iat`; the claims are not read.
    pub(crate) fn verify_registered(
        &self,
        token: &str,
        typ: Typ,
        now: u64,
        max_lifetime: u64,
    ) -> Result<(Vec<u8>, RegisteredClaims), Error> {
        self.check_size(token.len())?;
        let payload = self.verified_payload(token, typ)?;
        let raw = RawClaims::parse(&payload)?;
        let registered = registered::check_with(self, &raw, now, max_lifetime)?;
        Ok((payload, registered))
    }

    /// Reads the claims of a payload [`Keys::verify_registered`] returned.
    pub(crate) fn read_verified<T: Claims>(
        &self,
        payload: &[u8],
        registered: RegisteredClaims,
    ) -> Result<Verified<T>, Error> {
        let raw = RawClaims::parse(payload)?;
        self.read_claims(&raw, &[], registered)
    }

    pub(crate) fn check_size(&self, len: usize) -> Result<(), Error> {
        if len > self.max_token_size {
            return Err(Error::TooLarge {
                len,
                max: self.max_token_size,
            });
        }
        Ok(())
    }

    /// `header . base64url(payload) . base64url(signature)` under the current
    /// signer, with the header of the given type. The one signing path for
    /// JWTs and SD-JWTs.
    pub(crate) fn sign_payload(&self, typ: Typ, payload: &[u8]) -> Result<String, Error> {
        let signer = self.signer()?;
        let typed_header;
        let header = match typ {
            Typ::Jwt => signer.header_b64(),
            Typ::SdJwt | Typ::Refresh => {
                // The kid is `[A-Za-z0-9_-]`: no escaping needed.
                typed_header = B64.encode(format!(
                    r#"{{"alg":"{}","typ":"{}","kid":"{}"}}"#,
                    signer.algorithm().as_str(),
                    typ.as_str(),
                    signer.kid()
                ));
                &typed_header
            }
        };
        let mut token = String::with_capacity(header.len() + payload.len() * 4 / 3 + 92);
        token.push_str(header);
        token.push('.');
        B64.encode_string(payload, &mut token);
        let signing_input_len = token.len();
        token.push('.');
        let (input, _) = token.split_at(signing_input_len);
        let mut signature = String::with_capacity(88);
        signer.sign_into(input.as_bytes(), &mut signature);
        token.push_str(&signature);
        Ok(token)
    }

    /// Verifies `token` and decodes its claims, failing closed: see the crate
    /// docs' "Decoding" section for every check and its error.
    pub fn decode<T: Claims>(&self, token: &str) -> Result<Verified<T>, Error> {
        self.decode_at(token, unix_now())
    }

    pub(crate) fn decode_at<T: Claims>(&self, token: &str, now: u64) -> Result<Verified<T>, Error> {
        // The size cap comes before any splitting, base64 or JSON work.
        self.check_size(token.len())?;
        let payload = self.verified_payload(token, Typ::Jwt)?;
        let raw = RawClaims::parse(&payload)?;
        let registered = registered::check(self, &raw, now)?;
        self.read_claims(&raw, &[], registered)
    }

    /// Checks a compact JWS's header (`typ` as given) and signature under
    /// the key its `kid` names: the decoded payload bytes if it holds. The
    /// one verification path for JWTs and SD-JWTs.
    pub(crate) fn verified_payload(&self, jws: &str, typ: Typ) -> Result<Vec<u8>, Error> {
        let segments = Segments::split(jws)?;
        let key = header::key_for(self, segments.header, typ)?;
        segments.verify(key)
    }

    /// After the registered claims: forbidden claims absent (in the clear or
    /// disclosed), then each field read back.
    pub(crate) fn read_claims<T: Claims>(
        &self,
        raw: &RawClaims<'_>,
        disclosed: &[Disclosed<'_>],
        registered: RegisteredClaims,
    ) -> Result<Verified<T>, Error> {
        for field in T::POLICY {
            let in_clear = raw.get(field.wire_name).is_some();
            let in_disclosure = disclosed.iter().any(|d| d.name == field.wire_name);
            match field.protection {
                Protection::Forbidden if in_clear || in_disclosure => {
                    return Err(Error::ForbiddenClaim {
                        claim: field.wire_name,
                    });
                }
                // A claim the struct does not declare disclosable arrives
                // only in the clear: two readers must not disagree on it.
                Protection::Public | Protection::Hashed { .. } | Protection::Encrypted
                    if in_disclosure =>
                {
                    return Err(Error::InvalidClaim {
                        claim: field.wire_name,
                    });
                }
                _ => {}
            }
        }
        let claims = T::__decode(&PayloadReader::new(self, raw, disclosed))?;
        Ok(Verified::new(claims, registered))
    }
}

/// How a token is framed: its lifetime, its `jti` (16 random bytes) and,
/// for the [`Lifecycle`](crate::Lifecycle)'s tokens, its family id.
pub(crate) struct Framing<'a> {
    pub(crate) lifetime: u64,
    pub(crate) jti: [u8; 16],
    pub(crate) fid: Option<&'a str>,
}

impl Framing<'_> {
    /// The `jti` as issued: base64url, 22 characters.
    pub(crate) fn jti_str(&self) -> String {
        Self::id_str(&self.jti)
    }

    /// A random id as issued (`jti`, `fid`): base64url, 22 characters.
    pub(crate) fn id_str(id: &[u8; 16]) -> String {
        B64.encode(id)
    }
}

/// A disclosed claim, after its digest was matched: name and raw JSON value.
pub(crate) struct Disclosed<'a> {
    pub(crate) name: std::borrow::Cow<'a, str>,
    pub(crate) value: &'a serde_json::value::RawValue,
}

#[cfg(test)]
pub(crate) fn b64_decode(s: &str) -> Option<Vec<u8>> {
    B64.decode(s).ok()
}

/// A compact JWS split at its dots, before any decoding.
struct Segments<'a> {
    header: &'a str,
    signing_input: &'a str,
    payload: &'a str,
    signature: &'a str,
}

impl<'a> Segments<'a> {
    fn split(token: &'a str) -> Result<Self, Error> {
        let three = Error::Malformed("a token has three segments");
        let (signing_input, signature) = token.rsplit_once('.').ok_or(three.clone())?;
        let (header, payload) = signing_input.split_once('.').ok_or(three.clone())?;
        if payload.contains('.') {
            return Err(three);
        }
        Ok(Self {
            header,
            signing_input,
            payload,
            signature,
        })
    }

    /// Checks the signature under `key`; the decoded payload bytes if it holds.
    fn verify(&self, key: &VerifyingKey) -> Result<Vec<u8>, Error> {
        let signature = B64
            .decode(self.signature)
            .map_err(|_| Error::Malformed("the signature is not base64url"))?;
        if !key.verify(self.signing_input.as_bytes(), &signature) {
            return Err(Error::Signature);
        }
        B64.decode(self.payload)
            .map_err(|_| Error::Malformed("the payload is not base64url"))
    }
}

impl VerifyingKey {
    /// Verifies a bare compact JWS (RFC 7515) under this key alone and returns
    /// its payload bytes, for JWS that are not `claims` tokens. Checks the
    /// size cap ([`DEFAULT_MAX_TOKEN_SIZE`](crate::DEFAULT_MAX_TOKEN_SIZE)),
    /// the shape, `alg` (this key's, never `none`), `crit` (refused) and the
    /// signature; `typ`, `kid` and the payload are the caller's to check.
    pub fn verify_compact(&self, jws: &str) -> Result<Vec<u8>, Error> {
        let max = crate::DEFAULT_MAX_TOKEN_SIZE;
        if jws.len() > max {
            return Err(Error::TooLarge {
                len: jws.len(),
                max,
            });
        }
        let segments = Segments::split(jws)?;
        header::check_for_key(self, segments.header)?;
        segments.verify(self)
    }
}

pub(crate) fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}
