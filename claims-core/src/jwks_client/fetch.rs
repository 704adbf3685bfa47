//! One bounded GET: HTTPS only (plain HTTP only to a loopback address), no
//! redirects, a total timeout, and a body read as a stream up to a cap.

use std::net::IpAddr;

use reqwest::header::{ACCEPT, AGE, CACHE_CONTROL};
use reqwest::{StatusCode, Url};

use super::cache_control::CacheControl;
use super::config::Limits;
use crate::error::{Error, JwksError};

/// A response body within the cap, and what its headers say about freshness.
pub(super) struct Body {
    pub(super) bytes: Vec<u8>,
    pub(super) cache_control: CacheControl,
}

/// The HTTP client, built once per [`JwksClient`](super::JwksClient).
pub(super) struct Fetcher {
    http: reqwest::Client,
    max_response_size: usize,
}

impl Fetcher {
    pub(super) fn new(limits: &Limits, root_certificates: &[Vec<u8>]) -> Result<Self, Error> {
        let mut builder = reqwest::Client::builder()
            .use_rustls_tls()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(limits.timeout)
            .user_agent(concat!("claims/", env!("CARGO_PKG_VERSION")));
        for pem in root_certificates {
            let certificates = reqwest::Certificate::from_pem_bundle(pem)
                .ok()
                .filter(|certificates| !certificates.is_empty())
                .ok_or(Error::Config("a root certificate is not a PEM certificate"))?;
            for certificate in certificates {
                builder = builder.add_root_certificate(certificate);
            }
        }
        let http = builder
            .build()
            .map_err(|_| Error::Config("the HTTP client could not be built"))?;
        Ok(Self {
            http,
            max_response_size: limits.max_response_size,
        })
    }

    /// GETs `url`: a 200 response's body, or why not.
    pub(super) async fn get(&self, url: &Url) -> Result<Body, JwksError> {
        let mut response = self
            .http
            .get(url.clone())
            .header(ACCEPT, "application/jwk-set+json, application/json")
            .send()
            .await
            .map_err(|e| transport(&e))?;
        if response.status() != StatusCode::OK {
            return Err(JwksError::Status(response.status().as_u16()));
        }
        let max = self.max_response_size;
        let declared = response.content_length().unwrap_or(0);
        if declared > max as u64 {
            return Err(JwksError::TooLarge);
        }
        let headers = response.headers();
        let cache_control = CacheControl::from_headers(
            headers
                .get_all(CACHE_CONTROL)
                .iter()
                .filter_map(|value| value.to_str().ok()),
            headers.get(AGE).and_then(|value| value.to_str().ok()),
        );
        // `declared` is within the cap here, so this reserves at most the cap.
        let mut bytes = Vec::with_capacity(usize::try_from(declared).unwrap_or(max));
        while let Some(chunk) = response.chunk().await.map_err(|e| transport(&e))? {
            if bytes.len() + chunk.len() > max {
                // Dropping the response closes the connection unread.
                return Err(JwksError::TooLarge);
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(Body {
            bytes,
            cache_control,
        })
    }
}

/// A transport failure, without reqwest's message (it names the URL).
fn transport(error: &reqwest::Error) -> JwksError {
    if error.is_timeout() {
        JwksError::Timeout
    } else {
        JwksError::Network
    }
}

/// A JWKS or issuer URL we will fetch: `https`, or `http` to a loopback
/// address literal (`127.0.0.0/8`, `[::1]`; for tests and sidecars). The
/// name `localhost` is refused: what it resolves to is not ours to trust.
pub(super) fn checked_url(url: &str) -> Result<Url, Error> {
    let url = Url::parse(url).map_err(|_| Error::Config("not a valid URL"))?;
    // An IPv6 host comes bracketed, as in the URL.
    let loopback = url
        .host_str()
        .map(|host| host.trim_start_matches('[').trim_end_matches(']'))
        .and_then(|host| host.parse::<IpAddr>().ok())
        .is_some_and(|ip| ip.is_loopback());
    match url.scheme() {
        "https" if url.host().is_some() => Ok(url),
        "http" if loopback => Ok(url),
        _ => Err(Error::Config(
            "a JWKS or issuer URL must be https (http only to a loopback address)",
        )),
    }
}
