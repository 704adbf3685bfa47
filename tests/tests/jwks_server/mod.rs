//! A scripted HTTP server on 127.0.0.1 for the JWKS client tests: each path
//! answers with the `Reply` a test sets (status, headers, body, delay, or a
//! body that never ends), and every request is counted per path.
//!
//! Plus the test clock injected into the client, and test keys.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use claims_core::jwks_client::JwksClientBuilder;
use claims_core::{Claims, Keys, SigningKey, VerifyingKey};
use rand::RngCore as _;

/// What the server sends for one path.
#[derive(Clone)]
pub(crate) struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Payload,
    delay: Duration,
}

#[derive(Clone)]
enum Payload {
    Full(String),
    /// 8 KiB chunks without a `Content-Length`, up to 64 MiB.
    Endless,
    /// One byte every 100 ms, up to 100 bytes.
    Dribble,
}

impl Reply {
    /// 200 with this body.
    pub(crate) fn body(body: impl Into<String>) -> Self {
        Self {
            status: 200,
            headers: Vec::new(),
            body: Payload::Full(body.into()),
            delay: Duration::ZERO,
        }
    }

    /// A status with an empty body.
    pub(crate) fn status(status: u16) -> Self {
        Self {
            status,
            ..Self::body("")
        }
    }

    /// 200 whose body never ends.
    pub(crate) fn endless() -> Self {
        Self {
            body: Payload::Endless,
            ..Self::body("")
        }
    }

    /// 200 whose body trickles in.
    pub(crate) fn dribble() -> Self {
        Self {
            body: Payload::Dribble,
            ..Self::body("")
        }
    }

    /// No answer for a minute (the client's timeout is far shorter).
    pub(crate) fn hang() -> Self {
        Self::status(200).after(Duration::from_secs(60))
    }

    pub(crate) fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    pub(crate) fn after(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

#[derive(Default)]
struct Script {
    replies: HashMap<String, Reply>,
    hits: HashMap<String, usize>,
}

type Shared = Arc<Mutex<Script>>;

/// The server; it stops when the test's runtime does.
pub(crate) struct Server {
    pub(crate) base: String,
    script: Shared,
}

impl Server {
    pub(crate) async fn start() -> Self {
        let script = Shared::default();
        let app = Router::new()
            .fallback(answer)
            .with_state(Arc::clone(&script));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port");
        let base = format!("http://{}", listener.local_addr().expect("local address"));
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self { base, script }
    }

    /// The full URL of `path`.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// From now on, `path` answers `reply`.
    pub(crate) fn serve(&self, path: &str, reply: Reply) {
        self.script().replies.insert(path.into(), reply);
    }

    /// Requests received for `path` so far.
    pub(crate) fn hits(&self, path: &str) -> usize {
        self.script().hits.get(path).copied().unwrap_or(0)
    }

    fn script(&self) -> std::sync::MutexGuard<'_, Script> {
        self.script.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

async fn answer(State(script): State<Shared>, uri: Uri) -> Response {
    let reply = {
        let mut script = script.lock().unwrap_or_else(PoisonError::into_inner);
        *script.hits.entry(uri.path().into()).or_default() += 1;
        script.replies.get(uri.path()).cloned()
    };
    let Some(reply) = reply else {
        return StatusCode::NOT_FOUND.into_response();
    };
    tokio::time::sleep(reply.delay).await;
    let body = match reply.body {
        Payload::Full(body) => Body::from(body),
        Payload::Endless => Body::from_stream(futures_util::stream::iter(
            std::iter::repeat_n(Bytes::from(vec![b' '; 8192]), 8192).map(Ok::<_, Infallible>),
        )),
        Payload::Dribble => Body::from_stream(futures_util::stream::unfold(0, |sent| async move {
            tokio::time::sleep(Duration::from_millis(100)).await;
            (sent < 100).then(|| (Ok::<_, Infallible>(Bytes::from_static(b" ")), sent + 1))
        })),
    };
    let mut response = Response::builder().status(reply.status);
    for (name, value) in reply.headers {
        response = response.header(name, value);
    }
    response.body(body).expect("a valid response")
}

/// A clock the test moves by hand, injected with [`TestClock::install`].
#[derive(Clone)]
pub(crate) struct TestClock {
    start: Instant,
    elapsed: Arc<Mutex<Duration>>,
}

impl TestClock {
    pub(crate) fn new() -> Self {
        Self {
            start: Instant::now(),
            elapsed: Arc::default(),
        }
    }

    pub(crate) fn advance(&self, by: Duration) {
        *self.elapsed.lock().unwrap_or_else(PoisonError::into_inner) += by;
    }

    pub(crate) fn install(&self, builder: JwksClientBuilder) -> JwksClientBuilder {
        let clock = self.clone();
        builder.clock(move || {
            clock.start + *clock.elapsed.lock().unwrap_or_else(PoisonError::into_inner)
        })
    }
}

/// A fresh Ed25519 signing key (random seed) under `kid`.
pub(crate) fn signing_key(kid: &str) -> SigningKey {
    let mut seed = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut seed);
    SigningKey::ed25519(kid, &seed).expect("an Ed25519 key")
}

pub(crate) fn public(key: &SigningKey) -> VerifyingKey {
    key.verifying_key().expect("an asymmetric key")
}

/// A JWK Set of these keys' public halves, plus any raw JWK JSON.
pub(crate) fn set_of(keys: &[&SigningKey], raw: &[&str]) -> String {
    let mut entries: Vec<String> = keys
        .iter()
        .map(|k| public(k).to_jwk().to_string())
        .collect();
    entries.extend(raw.iter().map(ToString::to_string));
    format!(r#"{{"keys":[{}]}}"#, entries.join(","))
}

#[derive(Claims)]
pub(crate) struct Access {
    #[claim(public)]
    pub(crate) role: String,
}

pub(crate) const ISSUER: &str = "https://idp.example.test";
pub(crate) const AUDIENCE: &str = "orders-api";

/// A token signed by `key`, as the identity provider would issue it.
pub(crate) fn token(key: &SigningKey) -> String {
    Keys::builder()
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .signing_key(key.clone())
        .build()
        .and_then(|keys| {
            keys.encode(&Access {
                role: "reader".into(),
            })
        })
        .expect("a token")
}

/// An HTTPS endpoint on 127.0.0.1 answering every request with `body`,
/// under a fresh self-signed certificate for `127.0.0.1`: its URL, the
/// certificate (PEM) to trust, and its request count.
pub(crate) async fn https_server(body: String) -> (String, String, Arc<Mutex<usize>>) {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

    let certified = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()])
        .expect("a self-signed certificate");
    let chain = vec![CertificateDer::from(certified.cert.der().to_vec())];
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(certified.key_pair.serialize_der()));
    let config = tokio_rustls::rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .expect("a TLS server config");
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let url = format!(
        "https://{}/jwks",
        listener.local_addr().expect("local address")
    );
    let hits = Arc::new(Mutex::new(0));
    let counter = Arc::clone(&hits);
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let (acceptor, counter) = (acceptor.clone(), Arc::clone(&counter));
            let response = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            tokio::spawn(async move {
                // A client that refuses the certificate ends here.
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let mut request = Vec::new();
                let mut buf = [0u8; 1024];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") && request.len() < 16 * 1024 {
                    match tls.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                *counter.lock().unwrap_or_else(PoisonError::into_inner) += 1;
                let _ = tls.write_all(response.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    (url, certified.cert.pem(), hits)
}
