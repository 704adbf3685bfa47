//! Canary test over tracing output: an instrumented encode / decode / failure
//! flow that logs carelessly (tokens, headers, payloads, raw emails) writes
//! none of it, in the text and in the JSON format, once its subscriber's
//! writer is a `ScrubbingWriter`.

use std::io::Write;
use std::sync::{Arc, Mutex, PoisonError};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use claims_core::{Claims, Hashed, Keys, Pii, PiiKey, SigningKey};
use claims_scrub::tracing::ScrubbingWriter;
use claims_scrub::{JsonScrubber, Scrubber};
use rand::RngCore as _;
use tracing_subscriber::fmt::MakeWriter;

const EMAIL: &str = "trace-canary-3b7e@example.org";
const PHONE: &str = "+44 20 7946 0958";
const USER: &str = "trace-canary-user-5d21";

#[derive(Claims)]
struct Session {
    #[claim(hashed)]
    sub: Hashed<String>,
    #[claim(encrypted)]
    email: Pii<String>,
    #[claim(encrypted)]
    phone: Pii<String>,
    #[claim(public)]
    role: String,
}

/// An in-memory sink shared with the test.
#[derive(Clone, Default)]
struct Sink(Arc<Mutex<Vec<u8>>>);

impl Sink {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(PoisonError::into_inner)).into_owned()
    }
}

impl Write for Sink {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl MakeWriter<'_> for Sink {
    type Writer = Sink;

    fn make_writer(&self) -> Sink {
        self.clone()
    }
}

/// Encodes, logs carelessly, decodes, fails a tampered token: returns every
/// secret string the flow handled (the canaries).
fn careless_flow() -> Vec<String> {
    let mut secret = [0u8; 32];
    let mut master = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut secret);
    rand::thread_rng().fill_bytes(&mut master);
    let keys = Keys::builder()
        .issuer("https://auth.example.test")
        .audience("orders-api")
        .signing_key(SigningKey::hs256("sig-1", &secret).expect("key"))
        .pii_key(PiiKey::new("pii-1", &master).expect("key"))
        .build()
        .expect("keys");
    let session = Session {
        sub: Hashed::new(USER.into()),
        email: Pii::new(EMAIL.into()),
        phone: Pii::new(PHONE.into()),
        role: "admin".into(),
    };
    let token = keys.encode(&session).expect("encodes");
    let payload = String::from_utf8(
        B64.decode(token.split('.').nth(1).expect("payload"))
            .expect("base64url"),
    )
    .expect("UTF-8");
    tracing::info!(%token, "issued a token");
    tracing::info!(authorization = %format!("Bearer {token}"), "request headers");
    tracing::debug!(%payload, "decoded payload");
    let verified = keys.decode::<Session>(&token).expect("decodes");
    tracing::info!(?verified, "verified");
    tracing::info!(
        "user {} logged in from {}",
        verified.email.expose(),
        verified.phone.expose()
    );
    let mut tampered = token.clone();
    tampered.insert(tampered.len() - 3, 'x');
    if let Err(err) = keys.decode::<Session>(&tampered) {
        tracing::warn!(%err, token = %tampered, "rejected a token");
    }
    let wire: serde_json::Value = serde_json::from_str(&payload).expect("JSON");
    vec![
        token,
        tampered,
        EMAIL.into(),
        PHONE.into(),
        USER.into(),
        wire["sub"].as_str().expect("h1").into(),
        wire["email"].as_str().expect("e1").into(),
        wire["phone"].as_str().expect("e1").into(),
    ]
}

fn assert_no_canary(output: &str, canaries: &[String]) {
    assert!(output.lines().count() >= 6, "the flow logged: {output}");
    for canary in canaries {
        assert_eq!(
            output.matches(canary.as_str()).count(),
            0,
            "{canary} leaked into:\n{output}"
        );
    }
    // The phone number without its spaces, and the email's local part, too.
    assert!(!output.contains("2079460958") && !output.contains("trace-canary-3b7e"));
}

#[test]
fn text_format_output_has_no_canary() {
    let sink = Sink::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_writer(ScrubbingWriter::text(Scrubber::new(), sink.clone()))
        .finish();
    let canaries = tracing::subscriber::with_default(subscriber, careless_flow);
    let output = sink.text();
    assert_no_canary(&output, &canaries);
    assert!(
        output.contains("<jwt>") && output.contains("<email>"),
        "{output}"
    );
    assert!(output.contains("<phone>"), "{output}");
}

#[test]
fn json_format_output_has_no_canary() {
    let sink = Sink::default();
    let subscriber = tracing_subscriber::fmt()
        .json()
        .with_max_level(tracing::Level::DEBUG)
        .with_writer(ScrubbingWriter::json(
            JsonScrubber::new(Scrubber::new()),
            sink.clone(),
        ))
        .finish();
    let canaries = tracing::subscriber::with_default(subscriber, careless_flow);
    let output = sink.text();
    assert_no_canary(&output, &canaries);
    for line in output.lines() {
        serde_json::from_str::<serde_json::Value>(line).expect("each event is still one JSON line");
    }
}

#[test]
fn without_the_scrubbing_writer_the_same_flow_leaks() {
    // The control: proves the flow really logs its canaries.
    let sink = Sink::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_writer(sink.clone())
        .finish();
    let canaries = tracing::subscriber::with_default(subscriber, careless_flow);
    let output = sink.text();
    for canary in canaries.iter().filter(|c| *c != USER) {
        assert!(output.contains(canary.as_str()), "{canary} not in {output}");
    }
    // The clear hashed value never reaches a log even unscrubbed: the flow
    // only ever logs the claims through their redacting `Debug`.
    assert!(!output.contains(USER));
}
