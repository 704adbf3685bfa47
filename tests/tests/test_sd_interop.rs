//! Interop with the IETF reference implementation of RFC 9901 (Python package
//! `sd-jwt`, pinned by `.ci/run`), both ways, with and without key binding:
//!
//! - SD-JWTs issued and presented by `claims` are verified by the reference
//!   verifier (`tests/interop/verify.py`): disclosed values come through,
//!   undisclosed ones appear nowhere in its output.
//! - SD-JWTs issued by the reference issuer (`issue.py`) and presented by the
//!   reference holder (`present.py`, which also signs the KB-JWT) are
//!   verified by `Keys::verify_sd`.
//!
//! The scripts run under the Python of the virtual environment named by
//! `CLAIMS_SD_VENV`. Without it (or without the package in it) these tests
//! skip with a message, except under CI (`CI` set), where they fail: CI must
//! prove interop. Differences between the reference and RFC 9901 that these
//! tests pin down are documented in `tests/interop/README.md`.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use claims_core::{
    Claims, Disclosable, DisclosureError, Error, KeyBinding, KeyBindingError, Keys, SdJwt,
    SdOptions, SigningKey, Verified,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// The reference version `.ci/run` installs; the differences documented in
/// `tests/interop/README.md` are this version's.
const PINNED: &str = "0.10.4";
const SETUP: &str = "python3 -m venv target/sd-venv && \
    target/sd-venv/bin/pip install sd-jwt==0.10.4 && \
    export CLAIMS_SD_VENV=\"$PWD/target/sd-venv\"";
/// `verify.py`'s exit status when the reference refuses a presentation.
const REJECTED: i32 = 3;

const ISSUER: &str = "https://issuer.example";
const AUDIENCE: &str = "wallet";
const VERIFIER: &str = "https://verifier.example";
const NONCE: &str = "n-7Qx_2fKp0aZ";
const EMAIL: &str = "canary.alice@example.com";
const PHONE: &str = "+44 20 7946 0321";
/// Non-ASCII: `claims` writes it as UTF-8, the reference as `\u` escapes.
const NAME: &str = "Zoë Ångström-Łukasiewicz";
const STREET: &str = "Canarystraße 17";
const AGE: u32 = 42;

/// Every disclosable claim name of [`Credential`].
const DISCLOSABLE: [&str; 5] = ["email", "phone", "name", "age", "address"];
/// Subsets of disclosures presented: none, one, two, all.
const SUBSETS: [&[&str]; 4] = [
    &[],
    &["email"],
    &["phone", "name"],
    &["email", "phone", "name", "age", "address"],
];

#[derive(Claims)]
struct Credential {
    #[claim(public)]
    role: String,
    #[claim(disclosable)]
    email: Option<String>,
    #[claim(disclosable)]
    phone: Disclosable<String>,
    #[claim(disclosable)]
    name: Option<String>,
    #[claim(disclosable)]
    age: Option<u32>,
    #[claim(disclosable)]
    address: Option<Address>,
}

#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Address {
    street: String,
    country: String,
}

fn credential() -> Credential {
    Credential {
        role: "member".into(),
        email: Some(EMAIL.into()),
        phone: Disclosable::new(PHONE.into()),
        name: Some(NAME.into()),
        age: Some(AGE),
        address: Some(address()),
    }
}

fn address() -> Address {
    Address {
        street: STREET.into(),
        country: "DE".into(),
    }
}

/// Each disclosable claim's value as JSON.
fn expected(name: &str) -> Value {
    match name {
        "email" => json!(EMAIL),
        "phone" => json!(PHONE),
        "name" => json!(NAME),
        "age" => json!(AGE),
        "address" => json!({"street": STREET, "country": "DE"}),
        _ => unreachable!("not a disclosable claim"),
    }
}

/// The strings of an undisclosed claim that must appear nowhere.
fn canaries(name: &str) -> &'static [&'static str] {
    match name {
        "email" => &[EMAIL],
        "phone" => &[PHONE],
        "name" => &[NAME, "Zo\\u00eb"],
        "address" => &[STREET, "Canarystra\\u00dfe"],
        _ => &[],
    }
}

// ---------------------------------------------------------------------------
// The reference implementation, run as scripts under the venv's Python.

struct Reference {
    python: PathBuf,
}

/// The reference, or `None` (after a message) when it is not installed
/// outside CI. Under CI its absence is a failure.
fn reference() -> Option<&'static Reference> {
    static REFERENCE: OnceLock<Option<Reference>> = OnceLock::new();
    REFERENCE.get_or_init(find_reference).as_ref()
}

fn find_reference() -> Option<Reference> {
    let Some(venv) = std::env::var_os("CLAIMS_SD_VENV").filter(|v| !v.is_empty()) else {
        return unavailable("CLAIMS_SD_VENV is not set");
    };
    let venv = PathBuf::from(venv);
    let Some(python) = ["bin/python", "Scripts/python.exe"]
        .iter()
        .map(|p| venv.join(p))
        .find(|p| p.is_file())
    else {
        return unavailable(&format!(
            "CLAIMS_SD_VENV={} has no bin/python",
            venv.display()
        ));
    };
    let probe = Command::new(&python)
        .args([
            "-I",
            "-c",
            "import importlib.metadata as m, sd_jwt; print(m.version('sd-jwt'))",
        ])
        .output();
    let version = match probe {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).trim().to_owned(),
        _ => {
            return unavailable(&format!(
                "the venv at CLAIMS_SD_VENV={} lacks the sd-jwt package",
                venv.display()
            ));
        }
    };
    if version != PINNED {
        assert!(
            !claims_testkit::in_ci(),
            "CI pins sd-jwt=={PINNED} (tests/interop/README.md documents that version), \
             the venv has {version}"
        );
        // Written past libtest's capture, like a skip notice: a person
        // should see that the pinned differences may not hold.
        let _ = writeln!(
            std::io::stderr(),
            "test_sd_interop: sd-jwt {version} in the venv, the documented version is {PINNED}"
        );
    }
    Some(Reference { python })
}

/// Skips the suite (fails it under CI) for `reason`.
fn unavailable(reason: &str) -> Option<Reference> {
    claims_testkit::skip(
        "test_sd_interop",
        reason,
        &format!("set up the reference implementation (PyPI sd-jwt=={PINNED}): {SETUP}"),
    );
    None
}

impl Reference {
    /// Runs `tests/interop/<script>` with `request` on stdin: its stdout, or
    /// the reference's refusal (`verify.py` only). Any other failure panics.
    fn run(&self, script: &str, request: &Value) -> Result<String, String> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("interop")
            .join(script);
        // -I: no user site or PYTHON* variables; -B: no __pycache__ in the tree.
        let mut child = Command::new(&self.python)
            .arg("-I")
            .arg("-B")
            .arg(&path)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", self.python.display()));
        child
            .stdin
            .take()
            .expect("stdin is piped")
            .write_all(request.to_string().as_bytes())
            .expect("write the request");
        let out = child.wait_with_output().expect("wait for the script");
        let stdout = String::from_utf8(out.stdout).expect("the script prints UTF-8");
        match out.status.code() {
            Some(0) => Ok(stdout.trim().to_owned()),
            Some(REJECTED) => Err(stdout.trim().to_owned()),
            _ => panic!(
                "{script} failed ({}):\n{}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            ),
        }
    }

    /// The reference issuer's SD-JWT over `claims` (with `!sd:` markers).
    fn issue(&self, issuer: &TestKey, claims: &Value, extra: &Value) -> String {
        let mut request = json!({
            "issuer_jwk": issuer.private_jwk,
            "alg": issuer.alg,
            "header": {"typ": "sd+jwt", "kid": issuer.kid},
            "claims": claims,
        });
        merge(&mut request, extra);
        self.run("issue.py", &request)
            .expect("the reference issues")
    }

    /// The reference holder's presentation disclosing `disclose` (a
    /// `claims_to_disclose` object); with `holder`, a KB-JWT for
    /// [`VERIFIER`] and [`NONCE`].
    fn present(&self, sd_jwt: &str, disclose: &Value, holder: Option<&TestKey>) -> String {
        let mut request = json!({"sd_jwt": sd_jwt, "disclose": disclose});
        if let Some(holder) = holder {
            merge(
                &mut request,
                &json!({
                    "holder_jwk": holder.private_jwk,
                    "alg": holder.alg,
                    "aud": VERIFIER,
                    "nonce": NONCE,
                }),
            );
        }
        self.run("present.py", &request)
            .expect("the reference presents")
    }

    /// The reference verifier's processed payload, or its refusal. With
    /// `binding`, the KB-JWT is required for that audience and nonce.
    fn verify(
        &self,
        presentation: &str,
        issuer: &Value,
        binding: Option<(&str, &str)>,
    ) -> Result<Value, String> {
        let mut request = json!({"presentation": presentation, "issuer_jwk": issuer});
        if let Some((aud, nonce)) = binding {
            merge(&mut request, &json!({"aud": aud, "nonce": nonce}));
        }
        let out = self.run("verify.py", &request)?;
        let out: Value = serde_json::from_str(&out).expect("verify.py prints JSON");
        assert_eq!(out["key_binding_checked"], json!(binding.is_some()));
        Ok(out["payload"].clone())
    }
}

fn merge(into: &mut Value, from: &Value) {
    let (Value::Object(into), Value::Object(from)) = (into, from) else {
        unreachable!("objects")
    };
    into.extend(from.clone());
}

// ---------------------------------------------------------------------------
// Keys: generated per run, handed to the reference as JWKs.

struct TestKey {
    kid: &'static str,
    alg: &'static str,
    signing: SigningKey,
    /// What the reference signs with.
    private_jwk: Value,
    /// `claims`' own export, what the reference verifies with.
    public_jwk: Value,
}

impl TestKey {
    /// A fresh P-256 key (ES256, the reference's default `alg`).
    fn p256(kid: &'static str) -> Self {
        let key = p256::ecdsa::SigningKey::random(&mut rand::thread_rng());
        let point = key.verifying_key().to_encoded_point(false);
        let private_jwk = json!({
            "kty": "EC", "crv": "P-256", "kid": kid, "alg": "ES256",
            "x": B64.encode(point.x().expect("x")),
            "y": B64.encode(point.y().expect("y")),
            "d": B64.encode(key.to_bytes()),
        });
        Self::new(kid, "ES256", private_jwk)
    }

    /// A fresh Ed25519 key (`EdDSA`).
    fn ed25519(kid: &'static str) -> Self {
        let seed: [u8; 32] = rand::random();
        let public = SigningKey::ed25519(kid, &seed)
            .expect("Ed25519 key")
            .verifying_key()
            .expect("public key")
            .to_jwk();
        let private_jwk = json!({
            "kty": "OKP", "crv": "Ed25519", "kid": kid, "alg": "EdDSA",
            "x": public["x"], "d": B64.encode(seed),
        });
        Self::new(kid, "EdDSA", private_jwk)
    }

    fn new(kid: &'static str, alg: &'static str, private_jwk: Value) -> Self {
        let signing = SigningKey::from_jwk(&private_jwk.to_string()).expect("private JWK");
        let public_jwk = signing.verifying_key().expect("public key").to_jwk();
        Self {
            kid,
            alg,
            signing,
            private_jwk,
            public_jwk,
        }
    }

    /// `Keys` that issue with this key.
    fn issuer(&self) -> Keys {
        Keys::builder()
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .signing_key(self.signing.clone())
            .build()
            .expect("issuer keys")
    }

    /// `Keys` that only verify this key's SD-JWTs.
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

fn required() -> KeyBinding<'static> {
    KeyBinding::Required {
        audience: VERIFIER,
        nonce: NONCE,
    }
}

/// The `claims_to_disclose` object naming `names`.
fn disclose(names: &[&str]) -> Value {
    Value::Object(
        names
            .iter()
            .map(|n| ((*n).to_owned(), json!(true)))
            .collect(),
    )
}

// ---------------------------------------------------------------------------
// Checks.

/// The reference verifier's payload of a `claims` SD-JWT disclosing `disclosed`.
fn check_reference_payload(payload: &Value, disclosed: &[&str]) {
    assert_eq!(payload["iss"], json!(ISSUER));
    assert_eq!(payload["aud"], json!(AUDIENCE));
    assert_eq!(payload["role"], json!("member"));
    for claim in ["iat", "nbf", "exp", "jti"] {
        assert!(payload.get(claim).is_some(), "{claim} came through");
    }
    assert!(payload.get("_sd").is_none() && payload.get("_sd_alg").is_none());
    let text = payload.to_string();
    for name in DISCLOSABLE {
        if disclosed.contains(&name) {
            assert_eq!(payload[name], expected(name), "{name} disclosed");
        } else {
            assert!(payload.get(name).is_none(), "{name} is not disclosed");
            for canary in canaries(name) {
                assert!(!text.contains(canary), "{name}'s value leaked");
            }
        }
    }
}

/// What `claims` read from a reference SD-JWT disclosing `disclosed`.
fn check_claims(seen: &Verified<Credential>, disclosed: &[&str]) {
    let on = |name| disclosed.contains(&name);
    assert_eq!(seen.role, "member");
    assert_eq!(seen.email.as_deref(), on("email").then_some(EMAIL));
    assert_eq!(
        seen.phone.get().map(String::as_str),
        on("phone").then_some(PHONE)
    );
    assert_eq!(seen.name.as_deref(), on("name").then_some(NAME));
    assert_eq!(seen.age, on("age").then_some(AGE));
    assert_eq!(seen.address, on("address").then(address));
    assert_eq!(seen.registered().iss, ISSUER);
}

/// No undisclosed value in a presentation, in any encoding we know.
fn check_canaries(presentation: &str, disclosed: &[&str]) {
    let mut decoded = String::new();
    for part in presentation.split(['~', '.']) {
        if let Ok(bytes) = B64.decode(part) {
            decoded.push_str(&String::from_utf8_lossy(&bytes));
        }
    }
    for name in DISCLOSABLE.iter().filter(|n| !disclosed.contains(n)) {
        for canary in canaries(name) {
            assert!(
                !presentation.contains(canary) && !decoded.contains(canary),
                "{name}'s value is in the presentation"
            );
        }
    }
}

/// The claims the reference issuer signs: the registered claims `claims`
/// requires (fail-closed), `role` in the clear, the rest disclosable.
fn reference_claims() -> Value {
    let now = now();
    json!({
        "iss": ISSUER, "aud": AUDIENCE, "iat": now, "nbf": now, "exp": now + 300,
        "jti": "ref-jti-1",
        "role": "member",
        "!sd:email": EMAIL,
        "!sd:phone": PHONE,
        "!sd:name": NAME,
        "!sd:age": AGE,
        "!sd:address": {"street": STREET, "country": "DE"},
    })
}

// ---------------------------------------------------------------------------
// claims -> reference verifier.

#[test]
fn claims_sd_jwt_is_verified_by_the_reference() {
    let Some(reference) = reference() else { return };
    for (issuer, decoys) in [
        (TestKey::p256("issuer-es256"), 0),
        (TestKey::p256("issuer-es256"), 4),
        (TestKey::ed25519("issuer-eddsa"), 2),
    ] {
        let options = SdOptions::new().decoys(decoys);
        let sd_jwt = issuer
            .issuer()
            .issue_sd_with(&credential(), &options)
            .expect("issue");
        for disclosed in SUBSETS {
            let presentation = sd_jwt.present(disclosed).expect("present");
            check_canaries(&presentation, disclosed);
            let payload = reference
                .verify(&presentation, &issuer.public_jwk, None)
                .unwrap_or_else(|e| panic!("the reference refused {disclosed:?}: {e}"));
            check_reference_payload(&payload, disclosed);
            // And `claims` reads the same presentation the same way.
            let seen = issuer
                .verifier()
                .verify_sd::<Credential>(&presentation, &KeyBinding::None)
                .expect("claims verifies its own");
            check_claims(&seen, disclosed);
        }
    }
}

#[test]
fn claims_key_binding_is_verified_by_the_reference() {
    let Some(reference) = reference() else { return };
    let issuer = TestKey::p256("issuer-es256");
    let holder = TestKey::p256("holder-es256");
    let options = SdOptions::new()
        .decoys(3)
        .holder_key(holder.signing.verifying_key().expect("public key"));
    let sd_jwt = issuer
        .issuer()
        .issue_sd_with(&credential(), &options)
        .expect("issue");
    let binding = Some((VERIFIER, NONCE));
    for disclosed in SUBSETS {
        let presentation = sd_jwt
            .present_with_key_binding(disclosed, &holder.signing, VERIFIER, NONCE, now())
            .expect("present");
        check_canaries(&presentation, disclosed);
        let payload = reference
            .verify(&presentation, &issuer.public_jwk, binding)
            .unwrap_or_else(|e| panic!("the reference refused {disclosed:?}: {e}"));
        check_reference_payload(&payload, disclosed);
        assert_eq!(payload["cnf"]["jwk"], holder.public_jwk);
    }

    // The reference really checks the KB-JWT `claims` wrote.
    let presentation = sd_jwt
        .present_with_key_binding(&["email"], &holder.signing, VERIFIER, NONCE, now())
        .expect("present");
    let refused = |binding| reference.verify(&presentation, &issuer.public_jwk, binding);
    assert!(
        refused(Some((VERIFIER, "n-other")))
            .unwrap_err()
            .contains("nonce")
    );
    assert!(
        refused(Some(("https://other.example", NONCE)))
            .unwrap_err()
            .contains("audience")
    );
    // A KB-JWT moved onto another presentation: `sd_hash` no longer matches.
    let kb_jwt = presentation.rsplit('~').next().expect("a KB-JWT");
    let other = format!("{}{kb_jwt}", sd_jwt.present(&["phone"]).expect("present"));
    let error = reference
        .verify(&other, &issuer.public_jwk, binding)
        .unwrap_err();
    assert!(error.contains("digest"), "{error}");
    // Key binding required, none presented: the reference fails parsing the
    // empty KB-JWT.
    let bare = sd_jwt.present(&["email"]).expect("present");
    let error = reference
        .verify(&bare, &issuer.public_jwk, binding)
        .unwrap_err();
    assert!(error.contains("InvalidJWSObject"), "{error}");
}

/// The reference verifier checks every KB-JWT as ES256 (its
/// `DEFAULT_SIGNING_ALG`; `SDJWTVerifier` has no parameter for it), so an
/// Ed25519 holder key, which `claims` accepts, is refused there.
#[test]
fn reference_verifier_checks_key_binding_as_es256_only() {
    let Some(reference) = reference() else { return };
    let issuer = TestKey::p256("issuer-es256");
    let holder = TestKey::ed25519("holder-eddsa");
    let options = SdOptions::new().holder_key(holder.signing.verifying_key().expect("public key"));
    let sd_jwt = issuer
        .issuer()
        .issue_sd_with(&credential(), &options)
        .expect("issue");
    let presentation = sd_jwt
        .present_with_key_binding(&["email"], &holder.signing, VERIFIER, NONCE, now())
        .expect("present");
    let seen = issuer
        .verifier()
        .verify_sd::<Credential>(&presentation, &required())
        .expect("claims checks an EdDSA KB-JWT");
    check_claims(&seen, &["email"]);
    let error = reference
        .verify(&presentation, &issuer.public_jwk, Some((VERIFIER, NONCE)))
        .unwrap_err();
    assert!(error.contains("ES256"), "{error}");
    // Without expected aud and nonce, the reference does not look at the KB-JWT.
    let payload = reference
        .verify(&presentation, &issuer.public_jwk, None)
        .expect("the KB-JWT is ignored");
    check_reference_payload(&payload, &["email"]);
}

// ---------------------------------------------------------------------------
// reference issuer and holder -> claims.

#[test]
fn reference_sd_jwt_is_verified_by_claims() {
    let Some(reference) = reference() else { return };
    for (issuer, decoys) in [
        (TestKey::p256("ref-issuer-es256"), false),
        (TestKey::p256("ref-issuer-es256"), true),
        (TestKey::ed25519("ref-issuer-eddsa"), true),
    ] {
        let sd_jwt = reference.issue(&issuer, &reference_claims(), &json!({"decoys": decoys}));
        let verifier = issuer.verifier();
        for disclosed in SUBSETS {
            let presentation = reference.present(&sd_jwt, &disclose(disclosed), None);
            check_canaries(&presentation, disclosed);
            let seen = verifier
                .verify_sd::<Credential>(&presentation, &KeyBinding::None)
                .unwrap_or_else(|e| panic!("claims refused {disclosed:?}: {e}"));
            check_claims(&seen, disclosed);
            let optional = KeyBinding::Optional {
                audience: VERIFIER,
                nonce: NONCE,
            };
            verifier
                .verify_sd::<Credential>(&presentation, &optional)
                .expect("no KB-JWT, none needed");
            assert_eq!(
                verifier
                    .verify_sd::<Credential>(&presentation, &required())
                    .unwrap_err(),
                Error::KeyBinding(KeyBindingError::Missing)
            );
        }
        // Nothing disclosable: `_sd` holds only decoys, or is left out.
        let mut plain = reference_claims();
        plain
            .as_object_mut()
            .expect("object")
            .retain(|name, _| !name.starts_with("!sd:"));
        let bare = reference.issue(&issuer, &plain, &json!({"decoys": decoys}));
        let seen = verifier
            .verify_sd::<Credential>(&bare, &KeyBinding::None)
            .expect("no `_sd`, nothing disclosed");
        check_claims(&seen, &[]);
        // `claims`' holder reads the reference's issuance too.
        let held = SdJwt::parse(&sd_jwt).expect("parse the reference's SD-JWT");
        let mut names = held.disclosures();
        names.sort_unstable();
        assert_eq!(names, ["address", "age", "email", "name", "phone"]);
        let presentation = held.present(&["name", "address"]).expect("present");
        let seen = verifier
            .verify_sd::<Credential>(&presentation, &KeyBinding::None)
            .expect("verify");
        check_claims(&seen, &["name", "address"]);
    }
}

#[test]
fn reference_key_binding_is_verified_by_claims() {
    let Some(reference) = reference() else { return };
    for (issuer, holder) in [
        (
            TestKey::p256("ref-issuer-es256"),
            TestKey::p256("holder-es256"),
        ),
        (
            TestKey::ed25519("ref-issuer-eddsa"),
            TestKey::ed25519("holder-eddsa"),
        ),
    ] {
        let sd_jwt = reference.issue(
            &issuer,
            &reference_claims(),
            &json!({"holder_jwk": holder.public_jwk, "decoys": true}),
        );
        let verifier = issuer.verifier();
        for disclosed in SUBSETS {
            let presentation = reference.present(&sd_jwt, &disclose(disclosed), Some(&holder));
            check_canaries(&presentation, disclosed);
            let seen = verifier
                .verify_sd::<Credential>(&presentation, &required())
                .unwrap_or_else(|e| panic!("claims refused {disclosed:?}: {e}"));
            check_claims(&seen, disclosed);
        }

        // `claims` really checks the reference's KB-JWT.
        let presentation = reference.present(&sd_jwt, &disclose(&["email"]), Some(&holder));
        let refused = |binding: &KeyBinding<'_>| {
            verifier
                .verify_sd::<Credential>(&presentation, binding)
                .unwrap_err()
        };
        let kb = Error::KeyBinding;
        assert_eq!(
            refused(&KeyBinding::Required {
                audience: VERIFIER,
                nonce: "n-other",
            }),
            kb(KeyBindingError::Nonce)
        );
        assert_eq!(
            refused(&KeyBinding::Required {
                audience: "https://other.example",
                nonce: NONCE,
            }),
            kb(KeyBindingError::Audience)
        );
        assert_eq!(refused(&KeyBinding::None), kb(KeyBindingError::Unexpected));
        // The reference's KB-JWT moved onto another presentation.
        let kb_jwt = presentation.rsplit('~').next().expect("a KB-JWT");
        let bare = reference.present(&sd_jwt, &disclose(&["phone"]), None);
        assert_eq!(
            verifier
                .verify_sd::<Credential>(&format!("{bare}{kb_jwt}"), &required())
                .unwrap_err(),
            kb(KeyBindingError::SdHash)
        );
        // And the reference's issuance with `claims`' holder signing the KB-JWT.
        let held = SdJwt::parse(&sd_jwt).expect("parse");
        let own = held
            .present_with_key_binding(&["age"], &holder.signing, VERIFIER, NONCE, now())
            .expect("present");
        let seen = verifier
            .verify_sd::<Credential>(&own, &required())
            .expect("verify");
        check_claims(&seen, &["age"]);
    }
}

/// The reference verifier accepts what the reference issued; `claims`
/// accepts the same presentation: the two agree on one SD-JWT+KB.
#[test]
fn reference_presentation_verified_by_both() {
    let Some(reference) = reference() else { return };
    let issuer = TestKey::p256("ref-issuer-es256");
    let holder = TestKey::p256("holder-es256");
    let sd_jwt = reference.issue(
        &issuer,
        &reference_claims(),
        &json!({"holder_jwk": holder.public_jwk}),
    );
    let presentation = reference.present(&sd_jwt, &disclose(&["email", "address"]), Some(&holder));
    let payload = reference
        .verify(&presentation, &issuer.public_jwk, Some((VERIFIER, NONCE)))
        .expect("the reference verifies its own");
    check_reference_payload(&payload, &["email", "address"]);
    let seen = issuer
        .verifier()
        .verify_sd::<Credential>(&presentation, &required())
        .expect("claims verifies the reference's");
    check_claims(&seen, &["email", "address"]);
}

// ---------------------------------------------------------------------------
// Where the reference's defaults and `claims`' fail-closed rules part.

/// Without `extra_header_parameters`, the reference types the issuer JWT
/// `example+sd-jwt` (RFC 9901 §9.11's placeholder); `claims` requires
/// `sd+jwt`. Likewise, without the registered claims `claims` requires.
#[test]
fn reference_defaults_are_refused_by_claims() {
    let Some(reference) = reference() else { return };
    let issuer = TestKey::p256("ref-issuer-es256");
    let verifier = issuer.verifier();

    let untyped = reference.issue(
        &issuer,
        &reference_claims(),
        &json!({"header": {"kid": issuer.kid}}),
    );
    let header = untyped.split('.').next().expect("a header");
    let header: Value =
        serde_json::from_slice(&B64.decode(header).expect("base64url")).expect("JSON");
    assert_eq!(header["typ"], json!("example+sd-jwt"));
    assert_eq!(
        verifier
            .verify_sd::<Credential>(&untyped, &KeyBinding::None)
            .unwrap_err(),
        Error::TokenType
    );

    let mut claims = reference_claims();
    claims.as_object_mut().expect("object").remove("jti");
    let sd_jwt = reference.issue(&issuer, &claims, &json!({}));
    assert_eq!(
        verifier
            .verify_sd::<Credential>(&sd_jwt, &KeyBinding::None)
            .unwrap_err(),
        Error::MissingClaim { claim: "jti" }
    );
}

// ---------------------------------------------------------------------------
// Nested and array-element disclosures, both ways.

#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Residence {
    street: Option<String>,
    country: String,
}

#[derive(Claims)]
struct Resident {
    #[claim(public)]
    role: String,
    #[claim(disclosable)]
    address: Option<Residence>,
    #[claim(disclosable)]
    nationalities: Option<Vec<String>>,
}

fn residence(street: bool) -> Residence {
    Residence {
        street: street.then(|| STREET.to_owned()),
        country: "DE".into(),
    }
}

fn nationalities(list: &[&str]) -> Vec<String> {
    list.iter().map(|n| (*n).to_owned()).collect()
}

/// What `claims` and the reference verifier read from one presentation.
fn check_nested(
    reference: &Reference,
    issuer: &TestKey,
    presentation: &str,
    address: Option<Residence>,
    listed: Option<&[&str]>,
) {
    if address.as_ref().is_none_or(|a| a.street.is_none()) {
        let decoded: String = presentation
            .split(['~', '.'])
            .filter_map(|part| B64.decode(part).ok())
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .collect();
        assert!(
            !decoded.contains(STREET) && !decoded.contains("Canarystra\\u00dfe"),
            "an undisclosed street is in the presentation"
        );
    }
    let seen = issuer
        .verifier()
        .verify_sd::<Resident>(presentation, &KeyBinding::None)
        .unwrap_or_else(|e| panic!("claims refused a nested presentation: {e}"));
    assert_eq!(seen.address, address);
    assert_eq!(seen.nationalities, listed.map(nationalities));
    let payload = reference
        .verify(presentation, &issuer.public_jwk, None)
        .unwrap_or_else(|e| panic!("the reference refused a nested presentation: {e}"));
    let as_json = |v: Option<Value>| v.unwrap_or(Value::Null);
    assert_eq!(
        as_json(payload.get("address").cloned()),
        as_json(address.map(|a| {
            let mut v = json!({"country": a.country});
            if let Some(street) = a.street {
                v["street"] = json!(street);
            }
            v
        }))
    );
    assert_eq!(
        as_json(payload.get("nationalities").cloned()),
        as_json(listed.map(|l| json!(l)))
    );
}

/// Paths presented, then the address and nationalities read back.
type NestedCase = (
    &'static [&'static str],
    Option<Residence>,
    Option<&'static [&'static str]>,
);

/// `claims` issues recursive disclosures (a disclosable `street` inside the
/// disclosable `address`, each nationality inside the disclosable list)
/// and presents them by path; the reference verifier rebuilds the same
/// values `claims` reads.
#[test]
fn claims_nested_disclosures_are_verified_by_the_reference() {
    let Some(reference) = reference() else { return };
    let issuer = TestKey::p256("issuer-es256");
    let resident = Resident {
        role: "member".into(),
        address: Some(residence(true)),
        nationalities: Some(nationalities(&["DE", "FR", "IT"])),
    };
    let options = SdOptions::new()
        .decoys(2)
        .disclosable("address.street")
        .disclosable("nationalities[]");
    let sd_jwt = issuer
        .issuer()
        .issue_sd_with(&resident, &options)
        .expect("issue");
    let cases: [NestedCase; 5] = [
        (&[], None, None),
        (&["address.street"], Some(residence(true)), None),
        (&["nationalities[1]"], None, Some(&["FR"])),
        (
            &["address", "nationalities[0]", "nationalities[2]"],
            Some(residence(true)),
            Some(&["DE", "IT"]),
        ),
        (&["nationalities"], None, Some(&["DE", "FR", "IT"])),
    ];
    for (paths, address, listed) in cases {
        let presentation = sd_jwt.present(paths).expect("present");
        check_nested(reference, &issuer, &presentation, address, listed);
    }
    // The container alone: its members stay digests for both verifiers.
    let parts: Vec<&str> = sd_jwt.as_str().split('~').collect();
    let index = sd_jwt
        .disclosures()
        .iter()
        .position(|p| *p == "address")
        .expect("an address disclosure");
    let bare = format!("{}~{}~", parts[0], parts[index + 1]);
    check_nested(reference, &issuer, &bare, Some(residence(false)), None);
}

/// The reference issues recursive and array-element disclosures and its
/// holder presents some; `claims` reads them, and `claims`' holder finds
/// every disclosure's path in the reference's issuance.
#[test]
fn reference_nested_disclosures_are_verified_by_claims() {
    let Some(reference) = reference() else { return };
    let issuer = TestKey::p256("ref-issuer-es256");
    let now = now();
    let claims = json!({
        "iss": ISSUER, "aud": AUDIENCE, "iat": now, "nbf": now, "exp": now + 300,
        "jti": "ref-jti-2", "role": "member",
        "!sd:address": {"!sd:street": STREET, "country": "DE"},
        "!sd:nationalities": [{"!sd": "DE"}, {"!sd": "FR"}, "IT"],
    });
    // No decoys: the reference holder's array selection is by position in
    // the issued array, decoys included.
    let sd_jwt = reference.issue(&issuer, &claims, &json!({}));
    let presented = reference.present(
        &sd_jwt,
        &json!({"address": {"street": true}, "nationalities": [false, true]}),
        None,
    );
    check_nested(
        reference,
        &issuer,
        &presented,
        Some(residence(true)),
        Some(&["FR", "IT"]),
    );
    let held = SdJwt::parse(&sd_jwt).expect("parse the reference's SD-JWT");
    let mut paths = held.disclosures();
    paths.sort_unstable();
    assert_eq!(
        paths,
        [
            "address",
            "address.street",
            "nationalities",
            "nationalities[0]",
            "nationalities[1]"
        ]
    );
    let own = held
        .present(&["nationalities[0]", "address"])
        .expect("present");
    check_nested(
        reference,
        &issuer,
        &own,
        Some(residence(true)),
        Some(&["DE", "IT"]),
    );
}

/// Where the reference verifier accepts what RFC 9901 says to reject, and
/// `claims` refuses it. Pinned so that `tests/interop/README.md` stays true.
#[test]
fn reference_verifier_is_laxer_than_rfc_9901() {
    let Some(reference) = reference() else { return };
    let issuer = TestKey::p256("issuer-es256");
    let verifier = issuer.verifier();

    // §7.1 step 3: a disclosure named `_sd` or `...` must be refused. The
    // reference issues both and its verifier returns them as claims.
    let mut claims = reference_claims();
    claims["!sd:_sd"] = json!("not-a-digest");
    claims["!sd:..."] = json!("not-an-element");
    let sd_jwt = reference.issue(&issuer, &claims, &json!({}));
    let presentation = reference.present(&sd_jwt, &json!({"_sd": true, "...": true}), None);
    let payload = reference
        .verify(&presentation, &issuer.public_jwk, None)
        .expect("the reference accepts reserved names");
    assert_eq!(payload["_sd"], json!("not-a-digest"));
    assert_eq!(payload["..."], json!("not-an-element"));
    assert_eq!(
        verifier
            .verify_sd::<Credential>(&presentation, &KeyBinding::None)
            .unwrap_err(),
        Error::Disclosure(DisclosureError::ReservedName)
    );

    // §7.1 step 5: a disclosure no digest references must be refused; the
    // reference ignores it.
    let sd_jwt = issuer.issuer().issue_sd(&credential()).expect("issue");
    let stray = B64.encode(r#"["c3RyYXktc2FsdC0xMjM0NQ","stray","value"]"#);
    let presentation = format!("{}{stray}~", sd_jwt.present(&["email"]).expect("present"));
    let payload = reference
        .verify(&presentation, &issuer.public_jwk, None)
        .expect("the reference ignores an unreferenced disclosure");
    check_reference_payload(&payload, &["email"]);
    assert!(payload.get("stray").is_none());
    assert_eq!(
        verifier
            .verify_sd::<Credential>(&presentation, &KeyBinding::None)
            .unwrap_err(),
        Error::Disclosure(DisclosureError::Unreferenced)
    );

    // §7.1 step 6: `exp` in the past must be refused; the reference does
    // not check `exp`, `nbf` or `iat` ("TODO" in its verifier).
    let now = now();
    let mut claims = reference_claims();
    claims["iat"] = json!(now - 7200);
    claims["nbf"] = json!(now - 7200);
    claims["exp"] = json!(now - 3600);
    let sd_jwt = reference.issue(&issuer, &claims, &json!({}));
    let presentation = reference.present(&sd_jwt, &disclose(&["email"]), None);
    reference
        .verify(&presentation, &issuer.public_jwk, None)
        .expect("the reference accepts an expired SD-JWT");
    assert_eq!(
        verifier
            .verify_sd::<Credential>(&presentation, &KeyBinding::None)
            .unwrap_err(),
        Error::Expired
    );

    // §7.3 step 5.5: the KB-JWT's `iat` must be within an acceptable
    // window; the reference does not check it.
    let holder = TestKey::p256("holder-es256");
    let options = SdOptions::new().holder_key(holder.signing.verifying_key().expect("public key"));
    let sd_jwt = issuer
        .issuer()
        .issue_sd_with(&credential(), &options)
        .expect("issue");
    let stale = sd_jwt
        .present_with_key_binding(&["email"], &holder.signing, VERIFIER, NONCE, now - 3600)
        .expect("present");
    reference
        .verify(&stale, &issuer.public_jwk, Some((VERIFIER, NONCE)))
        .expect("the reference accepts an hour-old KB-JWT");
    assert_eq!(
        verifier
            .verify_sd::<Credential>(&stale, &required())
            .unwrap_err(),
        Error::KeyBinding(KeyBindingError::Time)
    );
}
