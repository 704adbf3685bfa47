//! The issuer's side: [`issue`] and its [`SdOptions`].

use claims_lexicon::reserved;
use rand::RngCore;

use super::disclosure::{self, Issued, SD_ALG};
use super::holder::SdJwt;
use crate::contract::{Disclosures, EncodeSdClaims};
use crate::error::Error;
use crate::jws::VerifyingKey;
use crate::token::{Codec, Framing, Typ};

/// How [`Keys::issue_sd_with`](crate::Keys::issue_sd_with) issues: decoy
/// digests and the holder's key.
#[derive(Debug, Clone, Default)]
pub struct SdOptions {
    decoys: usize,
    holder: Option<VerifyingKey>,
}

impl SdOptions {
    /// No decoys, no holder key.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `count` decoy digests to `_sd` (RFC 9901 §4.2.5), so the number
    /// of disclosable claims is hidden. Each is the digest of 128 random bits.
    /// An absent (`None`) disclosable claim always gets a decoy of its own,
    /// on top of these: which optional claims exist never shows.
    #[must_use]
    pub fn decoys(mut self, count: usize) -> Self {
        self.decoys = count;
        self
    }

    /// Binds the SD-JWT to the holder's public key, put in `cnf.jwk`
    /// (RFC 7800): presentations then carry a KB-JWT signed with it.
    #[must_use]
    pub fn holder_key(mut self, key: VerifyingKey) -> Self {
        self.holder = Some(key);
        self
    }
}

/// Issues `claims` as an SD-JWT (RFC 9901): see
/// [`Keys::issue_sd`](crate::Keys::issue_sd). The issuer JWT is the payload
/// `Keys::encode` would write, with `_sd`, `_sd_alg` and `cnf` appended,
/// signed with `typ: sd+jwt`.
pub(crate) fn issue<T: EncodeSdClaims>(
    codec: &Codec,
    claims: &T,
    options: &SdOptions,
    now: u64,
    rng: &mut dyn RngCore,
) -> Result<SdJwt, Error> {
    if T::POLICY
        .iter()
        .any(|field| reserved::SD_JWT.contains(&field.wire_name))
    {
        return Err(Error::Config(
            "`_sd`, `_sd_alg`, `...` and `cnf` are reserved claim names in an SD-JWT",
        ));
    }
    let holder_jwk = match &options.holder {
        Some(key) => {
            let jwk = key.to_jwk();
            if jwk.is_null() {
                return Err(Error::Config("a holder key must be a public key"));
            }
            Some(jwk)
        }
        None => None,
    };
    let framing = Framing::new(codec.lifetime(), rng, None);
    let mut values = Disclosures::default();
    let mut payload = codec.payload(&framing, now, rng, |writer| {
        claims.__encode_sd(writer, &mut values)
    })?;
    let issued: Vec<Issued> = values
        .iter()
        .map(|(name, value)| Issued::new(name, value, rng))
        .collect();
    let mut digests: Vec<String> = issued.iter().map(|i| i.digest.clone()).collect();
    // A decoy for each absent claim, so `_sd` is as long whichever optional
    // claims are set (RFC 9901 §4.2.5), then the decoys asked for.
    let decoys = values.absent().saturating_add(options.decoys);
    digests.extend((0..decoys).map(|_| disclosure::decoy(rng)));
    // The order must not reveal which digest is which claim (§4.2.4.1).
    digests.sort_unstable();
    payload.extend_from_slice(br#","_sd":["#);
    for (i, d) in digests.iter().enumerate() {
        if i > 0 {
            payload.push(b',');
        }
        payload.push(b'"');
        payload.extend_from_slice(d.as_bytes());
        payload.push(b'"');
    }
    payload.extend_from_slice(br#"],"_sd_alg":""#);
    payload.extend_from_slice(SD_ALG.as_bytes());
    payload.push(b'"');
    if let Some(jwk) = holder_jwk {
        payload.extend_from_slice(br#","cnf":{"jwk":"#);
        payload.extend_from_slice(jwk.to_string().as_bytes());
        payload.push(b'}');
    }
    payload.push(b'}');
    let jwt = codec.sign(Typ::SdJwt, &payload)?;
    let sd_jwt = SdJwt::from_issued(jwt, issued.iter().map(|i| (i.name, i.disclosure.as_str())));
    // Never issue what our own verification would refuse.
    codec.check_size(sd_jwt.as_str().len())?;
    Ok(sd_jwt)
}
