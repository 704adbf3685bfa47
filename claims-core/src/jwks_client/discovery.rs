//! OpenID Connect Discovery 1.0: from an issuer to its `jwks_uri`.

use reqwest::Url;
use serde::Deserialize;

use super::fetch::{Fetcher, checked_url};
use crate::error::{Error, JwksError};

/// The members we read; others are ignored.
#[derive(Deserialize)]
struct Metadata {
    issuer: String,
    jwks_uri: String,
}

/// Fetches `<issuer>/.well-known/openid-configuration` (§4: any trailing
/// `/` of the issuer removed first) and returns its `jwks_uri`, after
/// checking that the document's `issuer` is exactly the one asked for
/// (§4.3), so one issuer's metadata cannot stand in for another's.
pub(super) async fn jwks_uri(fetcher: &Fetcher, issuer: &str) -> Result<Url, Error> {
    let issuer_url = checked_url(issuer)?;
    if issuer_url.query().is_some() || issuer_url.fragment().is_some() {
        return Err(Error::Config(
            "an issuer URL has no query or fragment (OpenID Connect Discovery §2)",
        ));
    }
    let config_url = checked_url(&format!(
        "{}/.well-known/openid-configuration",
        issuer.trim_end_matches('/')
    ))?;
    let body = fetcher.get(&config_url).await.map_err(Error::Jwks)?;
    let metadata: Metadata =
        serde_json::from_slice(&body.bytes).map_err(|_| Error::Jwks(JwksError::Malformed))?;
    if metadata.issuer != issuer {
        return Err(Error::Jwks(JwksError::IssuerMismatch));
    }
    checked_url(&metadata.jwks_uri)
}
