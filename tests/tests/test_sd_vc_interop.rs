//! SD-JWT VC interop with a second, independent implementation: the
//! TypeScript `@sd-jwt/sd-jwt-vc` of the Open Wallet Foundation (with
//! `@sd-jwt/crypto-nodejs`), pinned by `tests/interop/ts/package-lock.json`
//! and run on Node.js by `tests/interop/ts/peer.cjs`. Both ways, with nested
//! and array-element disclosures and key binding:
//!
//! - SD-JWT VCs issued and presented by `claims` are verified by the peer.
//! - SD-JWT VCs issued and presented by the peer are verified by `claims`,
//!   and `claims`' holder presents the peer's issuance by path.
//!
//! `.ci/run` installs the packages into `target/sd-node` (`npm ci`) and
//! names it in `CLAIMS_SD_NODE`. Without it these tests skip with a
//! message, except under CI (`CI` set), where they fail. The peer's
//! differences from RFC 9901 that these tests pin down are documented in
//! `tests/interop/README.md`.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use claims_core::{
    Claims, DisclosureError, Error, KeyBinding, KeyBindingError, Keys, SdJwt, SdOptions,
    SdVerification, SigningKey, Verified,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// The `@sd-jwt/sd-jwt-vc` version the lock file pins; the differences
/// documented in `tests/interop/README.md` are this version's.
const PINNED: &str = "0.19.0";
const SETUP: &str = "mkdir -p target/sd-node && \
    cp tests/interop/ts/package.json tests/interop/ts/package-lock.json target/sd-node/ && \
    (cd target/sd-node && npm ci --ignore-scripts) && \
    export CLAIMS_SD_NODE=\"$PWD/target/sd-node\"";
/// `peer.cjs verify`'s exit status when the peer refuses a presentation.
const REJECTED: i32 = 3;

const ISSUER: &str = "https://issuer.example";
const AUDIENCE: &str = "wallet";
const VERIFIER: &str = "https://verifier.example";
const NONCE: &str = "n-Tq3_vK8sWm";
const VCT: &str = "https://credentials.example/identity/1";
const GIVEN_NAME: &str = "Zoë";
const STREET: &str = "Canarystraße 17";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Address {
    street: Option<String>,
    locality: Option<String>,
    country: String,
}

/// An identity credential: a flat, a nested and an array disclosure.
#[derive(Claims)]
struct Identity {
    #[claim(public)]
    role: String,
    #[claim(disclosable)]
    given_name: Option<String>,
    #[claim(disclosable)]
    address: Option<Address>,
    #[claim(disclosable)]
    nationalities: Option<Vec<String>>,
}

fn address(street: bool, locality: bool) -> Address {
    Address {
        street: street.then(|| STREET.to_owned()),
        locality: locality.then(|| "Berlin".to_owned()),
        country: "DE".into(),
    }
}

fn identity() -> Identity {
    Identity {
        role: "member".into(),
        given_name: Some(GIVEN_NAME.into()),
        address: Some(address(true, true)),
        nationalities: Some(vec!["DE".into(), "FR".into(), "IT".into()]),
    }
}

/// What a presentation must show: the given name, the address, the
/// nationalities (each `None` when undisclosed).
struct Shown {
    given_name: bool,
    address: Option<Address>,
    nationalities: Option<&'static [&'static str]>,
}

/// Each case: the paths `claims`' holder presents, the peer's presentation
/// frame for the same choice, and what a verifier reads.
fn cases() -> Vec<(&'static [&'static str], Value, Shown)> {
    vec![
        (
            &[],
            json!({}),
            Shown {
                given_name: false,
                address: None,
                nationalities: None,
            },
        ),
        (
            &["given_name", "address.street"],
            json!({"given_name": true, "address": {"street": true}}),
            Shown {
                given_name: true,
                address: Some(address(true, false)),
                nationalities: None,
            },
        ),
        (
            &["nationalities[0]", "nationalities[2]"],
            json!({"nationalities": {"0": true, "2": true}}),
            Shown {
                given_name: false,
                address: None,
                nationalities: Some(&["DE", "IT"]),
            },
        ),
        (
            &["address", "nationalities"],
            json!({"address": {"street": true, "locality": true}, "nationalities": {"0": true, "1": true, "2": true}}),
            Shown {
                given_name: false,
                address: Some(address(true, true)),
                nationalities: Some(&["DE", "FR", "IT"]),
            },
        ),
    ]
}

// ---------------------------------------------------------------------------
// The peer, run as `node peer.cjs <command>`.

struct Peer {
    node_path: PathBuf,
}

fn peer() -> Option<&'static Peer> {
    static PEER: OnceLock<Option<Peer>> = OnceLock::new();
    PEER.get_or_init(find_peer).as_ref()
}

fn find_peer() -> Option<Peer> {
    let Some(dir) = std::env::var_os("CLAIMS_SD_NODE").filter(|v| !v.is_empty()) else {
        return unavailable("CLAIMS_SD_NODE is not set");
    };
    let node_path = PathBuf::from(dir).join("node_modules");
    let probe = Command::new("node")
        .args([
            "-e",
            "const [major] = process.versions.node.split('.').map(Number); \
             if (major < 20) process.exit(2); \
             require('@sd-jwt/sd-jwt-vc'); require('@sd-jwt/crypto-nodejs'); \
             const manifest = require('path').join(process.env.NODE_PATH, \
                 '@sd-jwt/sd-jwt-vc/package.json'); \
             console.log(JSON.parse(require('fs').readFileSync(manifest)).version)",
        ])
        .env("NODE_PATH", &node_path)
        .output();
    let version = match probe {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).trim().to_owned(),
        Ok(out) if out.status.code() == Some(2) => {
            return unavailable("Node.js is older than 20");
        }
        _ => {
            return unavailable(&format!(
                "no Node.js, or no @sd-jwt/sd-jwt-vc in {}",
                node_path.display()
            ));
        }
    };
    assert_eq!(
        version, PINNED,
        "tests/interop/ts/package-lock.json pins @sd-jwt/sd-jwt-vc {PINNED}; \
         target/sd-node has {version}: run `npm ci` there again"
    );
    Some(Peer { node_path })
}

fn unavailable(reason: &str) -> Option<Peer> {
    claims_testkit::skip(
        "test_sd_vc_interop",
        reason,
        &format!("install the TypeScript peer (@sd-jwt/sd-jwt-vc {PINNED}): {SETUP}"),
    );
    None
}

impl Peer {
    /// `peer.cjs <command>` with `request` on stdin: its stdout, or the
    /// peer's refusal (`verify` only). Any other failure panics.
    fn run(&self, command: &str, request: &Value) -> Result<String, String> {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("interop/ts/peer.cjs");
        let mut child = Command::new("node")
            .arg(&script)
            .arg(command)
            .env("NODE_PATH", &self.node_path)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run node: {e}"));
        child
            .stdin
            .take()
            .expect("stdin is piped")
            .write_all(request.to_string().as_bytes())
            .expect("write the request");
        let out = child.wait_with_output().expect("wait for node");
        let stdout = String::from_utf8(out.stdout).expect("the peer prints UTF-8");
        match out.status.code() {
            Some(0) => Ok(stdout.trim().to_owned()),
            Some(REJECTED) => Err(stdout.trim().to_owned()),
            _ => panic!(
                "peer.cjs {command} failed ({}):\n{}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            ),
        }
    }

    fn issue(
        &self,
        issuer: &TestKey,
        claims: &Value,
        frame: &Value,
        holder: Option<&TestKey>,
    ) -> String {
        let mut request = json!({
            "issuer_jwk": issuer.private_jwk,
            "header": {"kid": issuer.kid},
            "claims": claims,
            "frame": frame,
        });
        if let Some(holder) = holder {
            request["holder_jwk"] = holder.public_jwk.clone();
        }
        self.run("issue", &request).expect("the peer issues")
    }

    /// The peer holder's presentation; with `holder`, a KB-JWT for
    /// [`VERIFIER`] and [`NONCE`] issued at `iat`.
    fn present(&self, sd_jwt: &str, frame: &Value, holder: Option<(&TestKey, u64)>) -> String {
        let mut request = json!({"sd_jwt": sd_jwt, "frame": frame});
        if let Some((holder, iat)) = holder {
            request["holder_jwk"] = holder.private_jwk.clone();
            request["aud"] = json!(VERIFIER);
            request["nonce"] = json!(NONCE);
            request["iat"] = json!(iat);
        }
        self.run("present", &request).expect("the peer presents")
    }

    /// The peer verifier's payload, or its refusal; with `nonce`, the
    /// KB-JWT is required.
    fn verify(
        &self,
        presentation: &str,
        issuer: &TestKey,
        nonce: Option<&str>,
    ) -> Result<Value, String> {
        let mut request = json!({"presentation": presentation, "issuer_jwk": issuer.public_jwk});
        if let Some(nonce) = nonce {
            request["nonce"] = json!(nonce);
        }
        let out: Value = serde_json::from_str(&self.run("verify", &request)?).expect("JSON");
        assert_eq!(out["key_binding_checked"], json!(nonce.is_some()));
        assert_eq!(out["header"]["typ"], "dc+sd-jwt");
        Ok(out["payload"].clone())
    }
}

// ---------------------------------------------------------------------------
// Keys: generated per run; the peer supports ES256 (P-256).

struct TestKey {
    kid: &'static str,
    signing: SigningKey,
    private_jwk: Value,
    /// `claims`' own export, what the peer verifies with.
    public_jwk: Value,
}

impl TestKey {
    fn p256(kid: &'static str) -> Self {
        let key = p256::ecdsa::SigningKey::random(&mut rand::thread_rng());
        let point = key.verifying_key().to_encoded_point(false);
        let private_jwk = json!({
            "kty": "EC", "crv": "P-256", "kid": kid, "alg": "ES256",
            "x": B64.encode(point.x().expect("x")),
            "y": B64.encode(point.y().expect("y")),
            "d": B64.encode(key.to_bytes()),
        });
        let signing = SigningKey::from_jwk(&private_jwk.to_string()).expect("private JWK");
        let public_jwk = signing.verifying_key().expect("public key").to_jwk();
        Self {
            kid,
            signing,
            private_jwk,
            public_jwk,
        }
    }

    fn issuer(&self) -> Keys {
        Keys::builder()
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .signing_key(self.signing.clone())
            .build()
            .expect("issuer keys")
    }

    fn verifier(&self) -> Keys {
        Keys::builder()
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .verifying_key(self.signing.verifying_key().expect("public key"))
            .build()
            .expect("verifier keys")
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_secs()
}

fn required() -> SdVerification<'static> {
    SdVerification::vc(
        VCT,
        KeyBinding::Required {
            audience: VERIFIER,
            nonce: NONCE,
        },
    )
}

// ---------------------------------------------------------------------------
// Checks.

/// What the peer verifier returned for a presentation showing `shown`.
fn check_peer_payload(payload: &Value, shown: &Shown) {
    assert_eq!(payload["vct"], VCT);
    assert_eq!(payload["iss"], ISSUER);
    assert_eq!(payload["role"], "member");
    assert!(payload.get("_sd").is_none() && payload.get("_sd_alg").is_none());
    assert_eq!(
        payload.get("given_name").cloned(),
        shown.given_name.then(|| json!(GIVEN_NAME))
    );
    let address = shown.address.as_ref().map(|a| {
        let mut v = json!({"country": a.country});
        if let Some(street) = &a.street {
            v["street"] = json!(street);
        }
        if let Some(locality) = &a.locality {
            v["locality"] = json!(locality);
        }
        v
    });
    assert_eq!(payload.get("address").cloned(), address);
    assert_eq!(
        payload.get("nationalities").cloned(),
        shown.nationalities.map(|n| json!(n))
    );
    let text = payload.to_string();
    if !shown.given_name {
        assert!(!text.contains(GIVEN_NAME) && !text.contains("Zo\\u00eb"));
    }
    if shown.address.as_ref().is_none_or(|a| a.street.is_none()) {
        assert!(!text.contains(STREET));
    }
}

/// What `claims` read from a presentation showing `shown`.
fn check_claims(seen: &Verified<Identity>, shown: &Shown) {
    assert_eq!(seen.role, "member");
    assert_eq!(
        seen.given_name.as_deref(),
        shown.given_name.then_some(GIVEN_NAME)
    );
    assert_eq!(seen.address, shown.address);
    assert_eq!(
        seen.nationalities,
        shown
            .nationalities
            .map(|n| n.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>())
    );
    assert_eq!(seen.registered().iss, ISSUER);
}

/// No undisclosed value in the presentation, raw or decoded.
fn check_canaries(presentation: &str, shown: &Shown) {
    let decoded: String = presentation
        .split(['~', '.'])
        .filter_map(|part| B64.decode(part).ok())
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .collect();
    if !shown.given_name {
        assert!(!decoded.contains(GIVEN_NAME) && !decoded.contains("Zo\\u00eb"));
    }
    if shown.address.as_ref().is_none_or(|a| a.street.is_none()) {
        assert!(!decoded.contains(STREET) && !decoded.contains("Canarystra\\u00dfe"));
    }
}

fn claims_options(holder: &TestKey) -> SdOptions {
    SdOptions::new()
        .vct(VCT)
        .decoys(2)
        .disclosable("address.street")
        .disclosable("address.locality")
        .disclosable("nationalities[]")
        .holder_key(holder.signing.verifying_key().expect("public key"))
}

/// The claims the peer issuer signs: the registered claims `claims`
/// requires, `vct`, `role` in the clear; its frame makes the rest
/// disclosable, nested and array elements included.
fn peer_claims() -> (Value, Value) {
    let now = now();
    let claims = json!({
        "iss": ISSUER, "aud": AUDIENCE, "iat": now, "nbf": now, "exp": now + 300,
        "jti": "peer-jti-1", "vct": VCT, "role": "member",
        "given_name": GIVEN_NAME,
        "address": {"street": STREET, "locality": "Berlin", "country": "DE"},
        "nationalities": ["DE", "FR", "IT"],
    });
    let frame = json!({
        "_sd": ["given_name", "address", "nationalities"],
        "address": {"_sd": ["street", "locality"], "_sd_decoy": 2},
        "nationalities": {"_sd": [0, 1, 2]},
        "_sd_decoy": 2,
    });
    (claims, frame)
}

// ---------------------------------------------------------------------------
// claims -> peer.

#[test]
fn claims_sd_jwt_vc_is_verified_by_the_peer() {
    let Some(peer) = peer() else { return };
    let issuer = TestKey::p256("issuer-es256");
    let holder = TestKey::p256("holder-es256");
    let sd_jwt = issuer
        .issuer()
        .issue_sd_with(&identity(), &claims_options(&holder))
        .expect("issue");
    for (paths, _, shown) in cases() {
        let presentation = sd_jwt
            .present_with_key_binding(paths, &holder.signing, VERIFIER, NONCE, now())
            .expect("present");
        check_canaries(&presentation, &shown);
        let payload = peer
            .verify(&presentation, &issuer, Some(NONCE))
            .unwrap_or_else(|e| panic!("the peer refused {paths:?}: {e}"));
        check_peer_payload(&payload, &shown);
        assert_eq!(payload["cnf"]["jwk"], holder.public_jwk);
        let seen = issuer
            .verifier()
            .verify_sd_with::<Identity>(&presentation, &required())
            .expect("claims verifies its own");
        check_claims(&seen, &shown);
    }
    // The peer checks the KB-JWT `claims` wrote: another nonce fails.
    let presentation = sd_jwt
        .present_with_key_binding(&["given_name"], &holder.signing, VERIFIER, NONCE, now())
        .expect("present");
    let error = peer
        .verify(&presentation, &issuer, Some("n-other"))
        .unwrap_err();
    assert!(error.contains("Nonce"), "{error}");
    // A disclosure of another issuance: the peer drops it, where RFC 9901
    // §7.1 step 5 says to refuse the presentation.
    let other = issuer
        .issuer()
        .issue_sd_with(&identity(), &claims_options(&holder))
        .expect("issue");
    let tampered = format!(
        "{}~{}~",
        sd_jwt.issuer_jwt(),
        other.as_str().split('~').nth(1).expect("a disclosure")
    );
    let payload = peer
        .verify(&tampered, &issuer, None)
        .expect("the peer ignores a disclosure it cannot place");
    assert!(payload.get("given_name").is_none() && payload.get("address").is_none());
    assert_eq!(
        issuer
            .verifier()
            .verify_sd_with::<Identity>(&tampered, &SdVerification::vc(VCT, KeyBinding::None))
            .map(drop),
        Err(Error::Disclosure(DisclosureError::Unreferenced))
    );
}

// ---------------------------------------------------------------------------
// peer -> claims.

#[test]
fn peer_sd_jwt_vc_is_verified_by_claims() {
    let Some(peer) = peer() else { return };
    let issuer = TestKey::p256("peer-issuer-es256");
    let holder = TestKey::p256("holder-es256");
    let (claims, frame) = peer_claims();
    let sd_jwt = peer.issue(&issuer, &claims, &frame, Some(&holder));
    let verifier = issuer.verifier();
    for (_, presentation_frame, shown) in cases() {
        let presentation = peer.present(&sd_jwt, &presentation_frame, Some((&holder, now())));
        check_canaries(&presentation, &shown);
        let seen = verifier
            .verify_sd_with::<Identity>(&presentation, &required())
            .unwrap_or_else(|e| panic!("claims refused {presentation_frame}: {e}"));
        check_claims(&seen, &shown);
        // The peer agrees with itself on the same presentation.
        let payload = peer
            .verify(&presentation, &issuer, Some(NONCE))
            .expect("the peer verifies its own");
        check_peer_payload(&payload, &shown);
    }
    // `claims` checks the peer's KB-JWT.
    let presentation = peer.present(
        &sd_jwt,
        &json!({"given_name": true}),
        Some((&holder, now())),
    );
    let refused = |check: &SdVerification<'_>| {
        verifier
            .verify_sd_with::<Identity>(&presentation, check)
            .map(drop)
            .unwrap_err()
    };
    assert_eq!(
        refused(&SdVerification::vc(
            VCT,
            KeyBinding::Required {
                audience: VERIFIER,
                nonce: "n-other",
            },
        )),
        Error::KeyBinding(KeyBindingError::Nonce)
    );
    assert_eq!(
        refused(&SdVerification::vc(VCT, KeyBinding::None)),
        Error::KeyBinding(KeyBindingError::Unexpected)
    );
    assert_eq!(
        refused(&SdVerification::vc(
            "https://credentials.example/other",
            KeyBinding::None
        )),
        Error::InvalidClaim { claim: "vct" }
    );

    // `claims`' holder reads every path in the peer's issuance and presents
    // by path; both verifiers read the presentation.
    let held = SdJwt::parse(&sd_jwt).expect("parse the peer's SD-JWT VC");
    let mut paths = held.disclosures();
    paths.sort_unstable();
    assert_eq!(
        paths,
        [
            "address",
            "address.locality",
            "address.street",
            "given_name",
            "nationalities",
            "nationalities[0]",
            "nationalities[1]",
            "nationalities[2]",
        ]
    );
    for (paths, _, shown) in cases() {
        let presentation = held
            .present_with_key_binding(paths, &holder.signing, VERIFIER, NONCE, now())
            .expect("present");
        let seen = verifier
            .verify_sd_with::<Identity>(&presentation, &required())
            .expect("claims verifies");
        check_claims(&seen, &shown);
        let payload = peer
            .verify(&presentation, &issuer, Some(NONCE))
            .unwrap_or_else(|e| panic!("the peer refused claims' presentation {paths:?}: {e}"));
        check_peer_payload(&payload, &shown);
    }
}

// ---------------------------------------------------------------------------
// Where the peer is laxer than RFC 9901 and the SD-JWT VC draft.

/// Each difference documented in `tests/interop/README.md`, pinned.
#[test]
fn peer_verifier_is_laxer_than_the_specs() {
    let Some(peer) = peer() else { return };
    let issuer = TestKey::p256("issuer-es256");
    let holder = TestKey::p256("holder-es256");
    let (claims, frame) = peer_claims();

    // The issuer JWT's `typ` is not checked (draft §3.2.1 requires
    // `dc+sd-jwt`): a `typ: JWT` SD-JWT is accepted.
    let mut request_claims = claims.clone();
    request_claims["jti"] = json!("peer-jti-typ");
    let mut request = json!({
        "issuer_jwk": issuer.private_jwk,
        "header": {"kid": issuer.kid, "typ": "JWT"},
        "claims": request_claims,
        "frame": frame,
    });
    let untyped = peer.run("issue", &request).expect("the peer issues");
    let result = peer.run(
        "verify",
        &json!({"presentation": untyped, "issuer_jwk": issuer.public_jwk}),
    );
    let out: Value =
        serde_json::from_str(&result.expect("the peer accepts typ JWT")).expect("JSON");
    assert_eq!(out["header"]["typ"], "JWT");
    assert_eq!(
        issuer
            .verifier()
            .verify_sd_with::<Identity>(&untyped, &SdVerification::vc(VCT, KeyBinding::None))
            .map(drop),
        Err(Error::TokenType)
    );

    // No `vct` at all is accepted (draft §3.2.2.1: REQUIRED).
    request["header"] = json!({"kid": issuer.kid});
    request["claims"]
        .as_object_mut()
        .expect("object")
        .remove("vct");
    let typeless = peer.run("issue", &request).expect("the peer issues");
    let result = peer.run(
        "verify",
        &json!({"presentation": typeless, "issuer_jwk": issuer.public_jwk}),
    );
    assert!(result.is_ok(), "the peer accepts an SD-JWT VC without vct");
    assert_eq!(
        issuer
            .verifier()
            .verify_sd_with::<Identity>(&typeless, &SdVerification::vc(VCT, KeyBinding::None))
            .map(drop),
        Err(Error::MissingClaim { claim: "vct" })
    );

    // The KB-JWT's `aud` is not compared with the verifier (RFC 9901 §7.3
    // step 5.6), nor its `iat` with the clock (step 5.5): the peer accepts
    // an hour-old KB-JWT for another verifier.
    let sd_jwt = issuer
        .issuer()
        .issue_sd_with(&identity(), &claims_options(&holder))
        .expect("issue");
    let stale = sd_jwt
        .present_with_key_binding(
            &["given_name"],
            &holder.signing,
            "https://other.example",
            NONCE,
            now() - 3600,
        )
        .expect("present");
    peer.verify(&stale, &issuer, Some(NONCE))
        .expect("the peer accepts a KB-JWT for another audience, an hour old");
    assert_eq!(
        issuer
            .verifier()
            .verify_sd_with::<Identity>(&stale, &required())
            .map(drop),
        Err(Error::KeyBinding(KeyBindingError::Audience))
    );
}
