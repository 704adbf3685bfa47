//! [`Codec`]: what a `Keys` holds, and the one path every token takes out
//! (registered claims, fields, signature, size cap) and in (size cap,
//! header, signature, payload, registered claims, fields).

use std::time::Duration;

use rand::RngCore;

use super::framing::Framing;
use super::header::{self, TokenSigner, TokenVerifier};
use super::profile::Profile;
use super::registered::{self, RegisteredClaims};
use super::typ::Typ;
use super::validation::Validation;
use super::verified::Verified;
use crate::contract::{Claims, Disclosed, EncodeClaims, PayloadReader, PayloadWriter, RawClaims};
use crate::error::Error;
use crate::jws::{DEFAULT_MAX_TOKEN_SIZE, Segments, SigningKey, VerifyingKey};
use crate::policy::Protection;
use crate::protect::{PiiKey, PiiKeyRing};

/// Default token lifetime: 5 minutes.
pub const DEFAULT_LIFETIME: Duration = Duration::from_secs(300);
/// Default ceiling on `exp - iat`, for issuing and accepting: 1 hour.
pub const DEFAULT_MAX_LIFETIME: Duration = Duration::from_secs(3600);
/// Default clock leeway on `exp`, `nbf` and `iat`: 30 seconds.
pub const DEFAULT_LEEWAY: Duration = Duration::from_secs(30);

/// What `Keys::builder()` collects; [`Codec::new`] checks it. The time
/// settings are `None` when not set, so that they can be told apart from a
/// [`Validation`] that brings its own.
#[derive(Debug, Default)]
pub(crate) struct Config {
    pub(crate) issuer: Option<String>,
    pub(crate) audience: Option<String>,
    pub(crate) lifetime: Option<Duration>,
    pub(crate) max_lifetime: Option<Duration>,
    pub(crate) leeway: Option<Duration>,
    pub(crate) max_token_size: Option<usize>,
    pub(crate) validation: Option<Validation>,
    /// Verifying keys come from elsewhere too (a JWKS client): none loaded is fine.
    pub(crate) fetches_keys: bool,
    pub(crate) signing: Vec<SigningKey>,
    pub(crate) verifying: Vec<VerifyingKey>,
    pub(crate) pii: Vec<PiiKey>,
}

/// Keys and policy for one issuer and audience, every keyed state built once.
#[derive(Clone)]
pub(crate) struct Codec {
    issuer: Box<str>,
    audience: Box<str>,
    lifetime: u64,
    max_lifetime: u64,
    max_token_size: usize,
    /// What decoding requires: `claims`' own rules, or a third party's.
    rules: Validation,
    /// Whether `rules` are `claims`' own (so issued headers may skip parsing).
    own_rules: bool,
    /// The current signer; `None` for a verify-only service.
    signer: Option<TokenSigner>,
    /// Every key tokens may be signed with, the signer's own included.
    verifiers: Vec<TokenVerifier>,
    pii: PiiKeyRing,
    /// `{"iss":…,"aud":…`: the fixed start of every payload.
    payload_prefix: Box<str>,
}

impl Codec {
    /// Checks the configuration: an issuer, an audience (or a validation,
    /// which brings them and only verifies), a key that verifies, unique
    /// kids, `0 < lifetime <= max_lifetime`, a positive size cap.
    pub(crate) fn new(mut config: Config) -> Result<Self, Error> {
        let (rules, own_rules) = match config.validation.take() {
            Some(rules) => (Self::third_party(rules, &config)?, false),
            None => (Self::own(&config)?, true),
        };
        let issuer = rules.issuers[0].clone();
        let audience = rules.audiences[0].clone();
        let verifiers: Vec<TokenVerifier> = config
            .signing
            .iter()
            .map(SigningKey::verifier)
            .chain(config.verifying)
            .map(TokenVerifier::new)
            .collect();
        if verifiers.is_empty() && !config.fetches_keys {
            return Err(Error::Config("a signing or verifying key is required"));
        }
        let pii = PiiKeyRing::new(config.pii);
        if has_duplicate(verifiers.iter().map(|v| v.key().kid())) || has_duplicate(pii.kids()) {
            return Err(Error::Config("two keys share a kid"));
        }
        let lifetime = config.lifetime.unwrap_or(DEFAULT_LIFETIME).as_secs();
        let max_lifetime = rules.max_lifetime.map_or(u64::MAX, |m| m.as_secs());
        if lifetime == 0 || lifetime > max_lifetime {
            return Err(Error::Config(
                "the lifetime must be positive and at most the maximum lifetime",
            ));
        }
        let max_token_size = config.max_token_size.unwrap_or(DEFAULT_MAX_TOKEN_SIZE);
        if max_token_size == 0 {
            return Err(Error::Config("the maximum token size must be positive"));
        }
        let payload_prefix = format!(
            r#"{{"iss":{},"aud":{}"#,
            serde_json::Value::from(issuer.as_str()),
            serde_json::Value::from(audience.as_str()),
        );
        Ok(Self {
            issuer: issuer.into(),
            audience: audience.into(),
            lifetime,
            max_lifetime,
            max_token_size,
            rules,
            own_rules,
            signer: config.signing.into_iter().next().map(TokenSigner::new),
            verifiers,
            pii,
            payload_prefix: payload_prefix.into(),
        })
    }

    /// `claims`' own rules, from the builder's issuer, audience and times.
    fn own(config: &Config) -> Result<Validation, Error> {
        let issuer = config
            .issuer
            .clone()
            .filter(|s| !s.is_empty())
            .ok_or(Error::Config("an issuer is required"))?;
        let audience = config
            .audience
            .clone()
            .filter(|s| !s.is_empty())
            .ok_or(Error::Config("an audience is required"))?;
        Ok(Validation::new(issuer, audience)
            .leeway(config.leeway.unwrap_or(DEFAULT_LEEWAY))
            .max_lifetime(Some(config.max_lifetime.unwrap_or(DEFAULT_MAX_LIFETIME))))
    }

    /// A third party's rules: the validation brings the issuers, audiences
    /// and times, and such keys only verify.
    fn third_party(rules: Validation, config: &Config) -> Result<Validation, Error> {
        if config.issuer.is_some()
            || config.audience.is_some()
            || config.leeway.is_some()
            || config.max_lifetime.is_some()
            || config.lifetime.is_some()
        {
            return Err(Error::Config(
                "with a validation, set the issuers, audiences and times in the Validation",
            ));
        }
        if !config.signing.is_empty() {
            return Err(Error::Config(
                "keys with a validation only verify: add verifying keys, not signing keys",
            ));
        }
        let empty = |values: &[String]| values.is_empty() || values.iter().any(String::is_empty);
        if empty(&rules.issuers) || empty(&rules.audiences) {
            return Err(Error::Config(
                "a validation needs non-empty issuers and audiences",
            ));
        }
        Ok(rules)
    }

    pub(crate) fn issuer(&self) -> &str {
        &self.issuer
    }

    pub(crate) fn audience(&self) -> &str {
        &self.audience
    }

    /// How long issued tokens live, in seconds.
    pub(crate) fn lifetime(&self) -> u64 {
        self.lifetime
    }

    /// The ceiling on `exp - iat` of the tokens issued and accepted, in seconds.
    #[cfg(feature = "lifecycle")]
    pub(crate) fn max_lifetime(&self) -> u64 {
        self.max_lifetime
    }

    /// Clock skew tolerated, in seconds.
    pub(crate) fn leeway(&self) -> u64 {
        self.rules.leeway.as_secs()
    }

    pub(crate) fn pii(&self) -> &PiiKeyRing {
        &self.pii
    }

    /// The key that signs; `None` for a verify-only service.
    pub(crate) fn signing_key(&self) -> Option<&SigningKey> {
        self.signer.as_ref().map(TokenSigner::key)
    }

    /// Every key tokens may be signed with, the signer's own first.
    pub(crate) fn verifying_keys(&self) -> impl Iterator<Item = &VerifyingKey> {
        self.verifiers.iter().map(TokenVerifier::key)
    }

    /// What a token of type `typ` must satisfy: this configuration's rules
    /// (for `JWT`, its accepted `typ` values too).
    pub(crate) fn profile(&self, typ: Typ) -> Profile<'_> {
        Profile {
            typ: if typ == Typ::Jwt && !self.own_rules {
                &self.rules.typ
            } else {
                typ.rule()
            },
            issued: self.own_rules.then_some(typ),
            rules: &self.rules,
            max_lifetime: self.max_lifetime,
        }
    }

    /// A token of type `typ`: its payload, signed, within the size cap.
    /// The encoding of [`Keys::encode`](crate::Keys::encode) and of the
    /// lifecycle's tokens; nonces come from `rng`.
    pub(crate) fn encode<T: EncodeClaims>(
        &self,
        claims: &T,
        typ: Typ,
        framing: &Framing<'_>,
        now: u64,
        rng: &mut dyn RngCore,
    ) -> Result<String, Error> {
        let mut payload = self.payload(framing, now, rng, |writer| claims.__encode(writer))?;
        payload.push(b'}');
        let token = self.sign(typ, &payload)?;
        // Never issue a token our own decoding would refuse.
        self.check_size(token.len())?;
        Ok(token)
    }

    /// The payload up to (not including) its closing brace: the registered
    /// claims, then each field, as `fields` writes them (the derived
    /// `__encode`, or an SD-JWT's `__encode_sd`).
    pub(crate) fn payload(
        &self,
        framing: &Framing<'_>,
        now: u64,
        rng: &mut dyn RngCore,
        fields: impl FnOnce(&mut PayloadWriter<'_>) -> Result<(), Error>,
    ) -> Result<Vec<u8>, Error> {
        let mut payload = Vec::with_capacity(256);
        framing.write(&self.payload_prefix, now, &mut payload);
        fields(&mut PayloadWriter::new(&self.pii, &mut payload, rng))?;
        Ok(payload)
    }

    /// `header . base64url(payload) . base64url(signature)` under the
    /// current signer, with the header of type `typ`: the one signing path
    /// of JWTs, SD-JWTs and refresh tokens.
    pub(crate) fn sign(&self, typ: Typ, payload: &[u8]) -> Result<String, Error> {
        let signer = self
            .signer
            .as_ref()
            .ok_or(Error::Config("no signing key: these keys only verify"))?;
        let mut token = String::new();
        signer
            .key()
            .sign_compact(signer.header(typ), payload, &mut token);
        Ok(token)
    }

    /// The size cap, checked before any parsing and after any issuing.
    pub(crate) fn check_size(&self, len: usize) -> Result<(), Error> {
        if len > self.max_token_size {
            return Err(Error::TooLarge {
                len,
                max: self.max_token_size,
            });
        }
        Ok(())
    }

    /// The decode pipeline, the one way in for every kind of token: the
    /// size cap, the header (`typ` per `profile`, `alg`, `crit`, `kid`), the
    /// signature, the payload parsed once, the registered claims
    /// checked per `profile`; then `read` takes the claims. See FORMAT.md §7
    /// for each check and its error.
    pub(crate) fn decode<R>(
        &self,
        token: &str,
        profile: &Profile<'_>,
        now: u64,
        read: impl FnOnce(&RawClaims<'_>, RegisteredClaims) -> Result<R, Error>,
    ) -> Result<R, Error> {
        self.decode_among(token, &[], profile, now, read)
    }

    /// [`Codec::decode`] with `fetched` keys (a JWKS client's) besides the
    /// loaded ones.
    pub(crate) fn decode_among<R>(
        &self,
        token: &str,
        fetched: &[VerifyingKey],
        profile: &Profile<'_>,
        now: u64,
        read: impl FnOnce(&RawClaims<'_>, RegisteredClaims) -> Result<R, Error>,
    ) -> Result<R, Error> {
        // The size cap comes before any splitting, base64 or JSON work.
        self.check_size(token.len())?;
        let segments = Segments::split(token)?;
        let (key, alg) = header::key_for(&self.verifiers, fetched, segments.header, profile)?;
        let payload = key.verify_segments(&segments, alg)?;
        let raw = RawClaims::parse(&payload)?;
        let registered = registered::check(&raw, profile, now)?;
        read(&raw, registered)
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
                Protection::Public
                | Protection::Hashed { .. }
                | Protection::Encrypted
                | Protection::Sensitive
                    if in_disclosure =>
                {
                    return Err(Error::InvalidClaim {
                        claim: field.wire_name,
                    });
                }
                _ => {}
            }
        }
        let claims = T::__decode(&PayloadReader::new(&self.pii, raw, disclosed))?;
        Ok(Verified::new(claims, registered))
    }
}

fn has_duplicate<'a>(kids: impl Iterator<Item = &'a str>) -> bool {
    let mut seen: Vec<&str> = kids.collect();
    let len = seen.len();
    seen.sort_unstable();
    seen.dedup();
    seen.len() != len
}
