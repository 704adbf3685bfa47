//! `claims inspect`'s token parser, report and key checks
//! (`claims_cli::inspect`): no panic, labels right, public values shown
//! scrubbed.
//!
//! Every input is used twice:
//!
//! 1. as the token itself (`String::from_utf8_lossy`, trimmed as the
//!    command trims it), and as `--key` bytes with and without `--alg` and
//!    as `--jwks` bytes, checking the token `eyJ.eyJ.x`;
//! 2. through `arbitrary`, as a token the harness writes: a header and
//!    payload of fuzzer JSON (claim names registered, lifecycle, PII-like or
//!    any; values with emails, phone and card numbers, `h1.`/`e1.` prefixes,
//!    escapes) or raw bytes, base64url-encoded by the harness or not, and
//!    HMAC-SHA256-signed with a fuzzer secret, which an `oct` JWK of that
//!    secret must then verify (and one of another secret must not).
//!
//! On every parsed token: each claim is labelled once, `registered` exactly
//! for the registered and lifecycle names; the shown value of a `public`
//! claim holds nothing the scrubber finds (the command promises public
//! values scrubbed of PII); both reports render, the JSON one as JSON.

#![no_main]

use std::sync::LazyLock;

use arbitrary::{Arbitrary, Unstructured};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use claims_cli::inspect::{Inspection, verify_with_jwks, verify_with_key};
use claims_core::reserved::{LIFECYCLE, REGISTERED};
use claims_scrub::Scrubber;
use hmac::{Hmac, Mac};
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value, json};
use sha2::Sha256;

static SCRUBBER: LazyLock<Scrubber> = LazyLock::new(Scrubber::new);

/// What a parsed token must look like.
fn check(inspection: &Inspection) {
    let mut names = Vec::new();
    for claim in inspection.claims() {
        let name = claim["claim"].as_str().expect("a claim has a name");
        assert!(!names.contains(&name), "{name:?} labelled twice");
        names.push(name);
        let kind = claim["kind"].as_str().expect("a claim has a kind");
        let registered = REGISTERED.contains(&name) || LIFECYCLE.contains(&name);
        assert_eq!(kind == "registered", registered, "{name:?} labelled {kind}");
        assert!(["registered", "public", "hashed", "encrypted"].contains(&kind));
        if kind == "public" {
            let shown = claim["value"].to_string();
            let found = SCRUBBER.findings(shown.as_bytes());
            assert!(
                found.is_empty(),
                "a public value is shown with {found:?}: {shown}"
            );
        }
    }
    // The report nests the payload three levels down: past serde_json's
    // recursion limit of 128 it is still JSON, but this parser stops.
    let json = inspection.to_json("not verified").to_string();
    if let Err(e) = serde_json::from_str::<Value>(&json) {
        assert!(
            e.to_string().starts_with("recursion limit exceeded"),
            "the JSON report is not JSON: {e}"
        );
    }
    let text = inspection.to_text("not verified");
    assert_eq!(
        text.lines().next().map(|l| l.starts_with("header: ")),
        Some(true)
    );
}

/// The claim names the harness writes.
#[derive(Arbitrary, Debug)]
enum Name<'a> {
    Registered(u8),
    Lifecycle,
    Email,
    Name,
    Note,
    Other(&'a str),
}

impl Name<'_> {
    fn as_str(&self) -> &str {
        match self {
            Name::Registered(i) => REGISTERED[usize::from(*i) % REGISTERED.len()],
            Name::Lifecycle => LIFECYCLE[0],
            Name::Email => "email",
            Name::Name => "name",
            Name::Note => "note",
            Name::Other(name) => name,
        }
    }
}

/// A string value made of pieces, some shaped like personal data.
#[derive(Arbitrary, Debug)]
enum Piece<'a> {
    Text(&'a str),
    Email { local: &'a str, domain: u8 },
    Phone(u32),
    Card,
    Ipv4([u8; 4]),
    Wire { encrypted: bool, body: [u8; 32] },
    Jwt,
    Control(u8),
}

impl Piece<'_> {
    fn push(&self, out: &mut String) {
        match self {
            Piece::Text(text) => out.push_str(text),
            Piece::Email { local, domain } => {
                let local: String = local.chars().filter(char::is_ascii_alphanumeric).collect();
                let domains = ["example.com", "xn--bcher-kva.example", "mail.example.org"];
                out.push_str(&format!(
                    "{}a@{}",
                    local,
                    domains[usize::from(*domain) % domains.len()]
                ));
            }
            Piece::Phone(n) => out.push_str(&format!("+44 20 7946 {:04}", n % 10_000)),
            Piece::Card => out.push_str("4111 1111 1111 1111"),
            Piece::Ipv4([a, b, c, d]) => out.push_str(&format!("{a}.{b}.{c}.{d}")),
            Piece::Wire { encrypted, body } => {
                let prefix = if *encrypted { "e1" } else { "h1" };
                out.push_str(&format!("{prefix}.pii-1.{}", B64.encode(body)));
            }
            Piece::Jwt => out.push_str("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"),
            Piece::Control(c) => out.push(char::from(c % 0x20)),
        }
    }
}

#[derive(Arbitrary, Debug)]
enum Json<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Vec<Piece<'a>>),
    Array(Vec<Json<'a>>),
    Object(Vec<(Name<'a>, Json<'a>)>),
}

impl Json<'_> {
    fn to_value(&self) -> Value {
        match self {
            Json::Null => Value::Null,
            Json::Bool(b) => json!(b),
            Json::Int(i) => json!(i),
            Json::Float(f) => json!(f),
            Json::Str(pieces) => {
                let mut s = String::new();
                for piece in pieces {
                    piece.push(&mut s);
                }
                Value::String(s)
            }
            Json::Array(items) => Value::Array(items.iter().map(Json::to_value).collect()),
            Json::Object(members) => Value::Object(object(members)),
        }
    }
}

fn object(members: &[(Name<'_>, Json<'_>)]) -> Map<String, Value> {
    members
        .iter()
        .map(|(name, value)| (name.as_str().to_owned(), value.to_value()))
        .collect()
}

/// A header or payload segment.
#[derive(Arbitrary, Debug)]
enum Segment<'a> {
    Object(Vec<(Name<'a>, Json<'a>)>),
    Json(Json<'a>),
    /// Bytes, base64url-encoded by the harness.
    Bytes(&'a [u8]),
    /// Text as the segment itself.
    Text(&'a str),
}

impl Segment<'_> {
    fn encode(&self) -> String {
        match self {
            Segment::Object(members) => B64.encode(Value::Object(object(members)).to_string()),
            Segment::Json(json) => B64.encode(json.to_value().to_string()),
            Segment::Bytes(bytes) => B64.encode(bytes),
            Segment::Text(text) => (*text).to_owned(),
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Token<'a> {
    /// `{"alg":"HS256","typ":"JWT","kid":<kid>}` when `None`.
    header: Option<Segment<'a>>,
    payload: Segment<'a>,
    /// The HMAC-SHA256 secret the token is signed with (at least 32 bytes:
    /// shorter ones are padded).
    secret: &'a [u8],
    kid: &'a str,
    /// Extra `.`-separated text after the signature.
    extra: Option<&'a str>,
}

fn hs256(secret: &[u8], input: &[u8]) -> Vec<u8> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret).expect("any key length");
    mac.update(input);
    mac.finalize().into_bytes().to_vec()
}

fn oct_jwk(kid: &str, secret: &[u8]) -> String {
    json!({"kty": "oct", "alg": "HS256", "kid": kid, "k": B64.encode(secret)}).to_string()
}

fuzz_target!(|data: &[u8]| {
    // 1. The bytes as a token, and as key files.
    let text = String::from_utf8_lossy(data);
    if let Ok(inspection) = Inspection::parse(text.trim()) {
        check(&inspection);
    }
    let token = "eyJ.eyJ.x";
    for alg in [
        None,
        Some("ES256"),
        Some("RS256"),
        Some("EdDSA"),
        Some("HS256"),
    ] {
        let _ = verify_with_key(data, alg, token);
    }
    let _ = verify_with_jwks(data, "k", token);

    // 2. The bytes as a token the harness writes and signs.
    let Ok(spec) = Token::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    // A kid `claims` accepts: 1 to 32 of `[A-Za-z0-9_-]`.
    let kid: String = spec
        .kid
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
        .take(32)
        .collect();
    let header = match &spec.header {
        Some(header) => header.encode(),
        None => B64.encode(json!({"alg": "HS256", "typ": "JWT", "kid": kid}).to_string()),
    };
    let input = format!("{header}.{}", spec.payload.encode());
    let secret = [spec.secret, &[0u8; 32][..]].concat();
    let mut token = format!("{input}.{}", B64.encode(hs256(&secret, input.as_bytes())));
    if let Some(extra) = spec.extra {
        token.push('.');
        token.push_str(extra);
    }
    match Inspection::parse(&token) {
        Ok(inspection) => check(&inspection),
        Err(_) => return,
    }
    // The oracle: a token of the standard header, within the 8 KiB cap.
    if kid.is_empty() || spec.header.is_some() || spec.extra.is_some() || token.len() > 8 * 1024 {
        return;
    }
    let verified = verify_with_key(oct_jwk(&kid, &secret).as_bytes(), None, &token)
        .expect("an oct JWK is read");
    assert_eq!(
        verified.ok(),
        Some(kid.clone()),
        "the signing secret verifies"
    );
    let other = [&secret[..], b"!"].concat();
    let refused = verify_with_key(oct_jwk(&kid, &other).as_bytes(), None, &token)
        .expect("an oct JWK is read");
    assert!(refused.is_err(), "another secret does not verify");
});
