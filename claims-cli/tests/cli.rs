//! The built `claims` binary, run on files and standard input: output and exit codes.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use claims_core::{Algorithm, Claims, Keys, PiiKey, SigningKey, VerifyingKey};
use serde_json::Value;

const EMAIL: &str = "cli-canary-91c2@example.invalid";
const LOG: &str = "2026-11-24T12:00:00Z INFO GET /orders/1234 took 35ms status=200\n\
2026-11-24T12:00:01Z WARN login failed for cli-canary-91c2@example.invalid from 203.0.113.77\n\
2026-11-24T12:00:02Z INFO card 4111 1111 1111 1111 declined\n";

fn claims(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_claims"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs the binary");
    let mut pipe = child.stdin.take().expect("stdin");
    // The binary may exit (e.g. on a bad argument) before reading stdin.
    if let Err(e) = pipe.write_all(stdin.unwrap_or_default()) {
        assert_eq!(
            e.kind(),
            std::io::ErrorKind::BrokenPipe,
            "writes stdin: {e}"
        );
    }
    drop(pipe);
    child.wait_with_output().expect("finishes")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

fn temp_file(name: &str, contents: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("claims-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("writes temp file");
    path
}

#[test]
fn scrub_a_file_and_stdin_alike() {
    let path = temp_file("scrub.log", LOG.as_bytes());
    let from_file = claims(&["scrub", path.to_str().expect("path")], None);
    let from_stdin = claims(&["scrub"], Some(LOG.as_bytes()));
    assert_eq!(from_file.status.code(), Some(0));
    assert_eq!(stdout(&from_file), stdout(&from_stdin));
    let out = stdout(&from_file);
    assert!(
        out.contains("login failed for <email> from <ipv4>"),
        "{out}"
    );
    assert!(out.contains("card <card> declined"), "{out}");
    // Clean lines pass through byte for byte.
    assert!(out.starts_with("2026-11-24T12:00:00Z INFO GET /orders/1234 took 35ms status=200\n"));
    assert!(!out.contains(EMAIL) && !out.contains("4111"));
}

#[test]
fn scrub_with_a_pseudonym_key_is_stable_and_keyed() {
    let key = temp_file("pseudonym.key", B64.encode([7u8; 32]).as_bytes());
    let other = temp_file("other.key", B64.encode([8u8; 32]).as_bytes());
    let run = |key: &PathBuf| {
        stdout(&claims(
            &["scrub", "--pseudonym-key", key.to_str().expect("path")],
            Some(LOG.as_bytes()),
        ))
    };
    let (a, b, c) = (run(&key), run(&key), run(&other));
    assert_eq!(a, b);
    assert_ne!(a, c);
    assert!(a.contains("<email:"), "{a}");
    assert!(!a.contains(EMAIL));
}

#[test]
fn scrub_json_lines_masks_fields_by_name() {
    let line = format!(r#"{{"msg":"login from {EMAIL}","password":"hunter2","n":3}}"#);
    let output = claims(&["scrub", "--json"], Some(line.as_bytes()));
    let value: Value = serde_json::from_str(stdout(&output).trim()).expect("one JSON line");
    assert_eq!(value["password"], "<redacted>");
    assert_eq!(value["msg"], "login from <email>");
    assert_eq!(value["n"], 3);
}

#[test]
fn scrub_refuses_a_bad_key_file() {
    let key = temp_file("short.key", b"c2hvcnQ");
    let output = claims(
        &["scrub", "--pseudonym-key", key.to_str().expect("path")],
        Some(b"x"),
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("32 bytes"));
}

#[test]
fn audit_exits_one_on_findings_and_zero_when_clean() {
    let dirty = temp_file("dirty.log", LOG.as_bytes());
    let clean = temp_file("clean.log", b"2026-11-24T12:00:00Z INFO ok took 3ms\n");
    let output = claims(&["audit", dirty.to_str().expect("path")], None);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.contains("3 findings in 3 lines"), "{text}");
    assert!(text.contains(":2:"), "a location on line 2: {text}");
    assert!(
        !text.contains(EMAIL) && !text.contains("4111 1111"),
        "values are masked: {text}"
    );

    let output = claims(&["audit", clean.to_str().expect("path")], None);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let output = claims(&["audit"], Some(b"nothing to see\n"));
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn audit_json_reports_counts_per_kind_and_file() {
    let dirty = temp_file("dirty-json.log", LOG.as_bytes());
    let clean = temp_file("clean-json.log", b"fine\n");
    let output = claims(
        &[
            "audit",
            "--format",
            "json",
            dirty.to_str().expect("path"),
            clean.to_str().expect("path"),
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_eq!(report["total"], 3);
    let files = report["files"].as_array().expect("files");
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["counts"]["email"], 1);
    assert_eq!(files[0]["counts"]["ipv4"], 1);
    assert_eq!(files[0]["counts"]["card"], 1);
    assert_eq!(files[1]["total"], 0);
    assert_eq!(files[0]["first"][0]["line"], 2);
}

#[test]
fn audit_limits_to_chosen_detectors() {
    let output = claims(
        &["audit", "--detectors", "card", "--format", "json"],
        Some(LOG.as_bytes()),
    );
    let report: Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_eq!(report["total"], 1);
    let output = claims(&["audit", "--detectors", "nonsense"], Some(LOG.as_bytes()));
    assert_eq!(output.status.code(), Some(2));
}

fn keygen(alg: &str, kid: &str) -> Value {
    let output = claims(&["keygen", "--alg", alg, "--kid", kid], None);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_str(&stdout(&output)).expect("JSON")
}

#[test]
fn keygen_prints_keys_that_load() {
    for alg in [
        "EdDSA", "ES256", "ES384", "RS256", "PS256", "HS256", "HS512",
    ] {
        let keys = keygen(alg, "sig-test");
        let signing = SigningKey::from_jwk(&keys["private"].to_string()).expect(alg);
        assert_eq!(signing.algorithm().as_str(), alg);
        if signing.algorithm().is_symmetric() {
            assert!(keys["public"].is_null(), "{alg}: no public half");
        } else {
            let public = VerifyingKey::from_jwk(&keys["public"].to_string()).expect(alg);
            assert_eq!(public.kid(), "sig-test");
            assert!(
                keys["public"].get("d").is_none(),
                "{alg}: public JWK has no private part"
            );
        }
    }
    let pem = stdout(&claims(
        &["keygen", "--alg", "ES256", "--pem", "--kid", "k"],
        None,
    ));
    let (private, public) =
        pem.split_at(pem.find("-----BEGIN PUBLIC KEY-----").expect("public PEM"));
    SigningKey::from_pem("k", Algorithm::ES256, private).expect("private PEM loads");
    VerifyingKey::from_pem("k", Algorithm::ES256, public).expect("public PEM loads");

    let pii: Value =
        serde_json::from_str(&stdout(&claims(&["keygen", "--alg", "pii"], None))).expect("JSON");
    let master = B64
        .decode(pii["master"].as_str().expect("master"))
        .expect("base64url");
    PiiKey::new(pii["kid"].as_str().expect("kid"), &master).expect("PII key loads");
    assert_eq!(
        claims(&["keygen", "--alg", "none"], None).status.code(),
        Some(2)
    );
}

#[derive(Claims)]
struct Profile {
    #[claim(public, allow_pii = "test: inspect must warn")]
    name: String,
    // A token from elsewhere: our own encoder refuses the email in `note`
    // unless the field opts out of the value guard.
    #[claim(public(unguarded = "test: inspect must flag the email in it"))]
    note: String,
    #[claim(encrypted)]
    email: String,
}

#[test]
fn inspect_labels_claims_and_verifies_with_a_key_or_jwks() {
    let generated = keygen("EdDSA", "sig-inspect");
    let signing = SigningKey::from_jwk(&generated["private"].to_string()).expect("key");
    let keys = Keys::builder()
        .issuer("https://auth.example.test")
        .audience("cli")
        .signing_key(signing)
        .pii_key(PiiKey::new("pii-1", &[5u8; 32]).expect("PII key"))
        .build()
        .expect("keys");
    let token = keys
        .encode(&Profile {
            name: "Ada".into(),
            note: format!("contact {EMAIL}"),
            email: EMAIL.into(),
        })
        .expect("encodes");

    let output = claims(&["inspect", "--json", &token], None);
    assert_eq!(output.status.code(), Some(0));
    let report: Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    let claim = |name: &str| {
        report["claims"]
            .as_array()
            .expect("claims")
            .iter()
            .find(|c| c["claim"] == name)
            .cloned()
            .expect(name)
    };
    assert_eq!(claim("email")["kind"], "encrypted");
    assert_eq!(claim("iss")["kind"], "registered");
    assert_eq!(claim("name")["kind"], "public");
    assert!(
        claim("name")["warning"]
            .as_str()
            .expect("warns")
            .contains("personal data")
    );
    assert_eq!(claim("note")["value"], "contact <email>");
    assert!(!stdout(&output).contains(EMAIL), "the report shows no PII");
    assert!(
        report["signature"]
            .as_str()
            .expect("signature")
            .starts_with("not verified")
    );

    let public = temp_file("inspect.jwk", generated["public"].to_string().as_bytes());
    let jwks = temp_file("inspect.jwks", keys.jwks().as_bytes());
    for flag in ["--key", "--jwks"] {
        let path = if flag == "--key" { &public } else { &jwks };
        let output = claims(
            &["inspect", flag, path.to_str().expect("path"), "-"],
            Some(token.as_bytes()),
        );
        assert_eq!(output.status.code(), Some(0), "{flag}");
        assert!(stdout(&output).contains("signature: valid"), "{flag}");
    }
    let mut tampered = token.clone();
    tampered.pop();
    tampered.push(if token.ends_with('A') { 'B' } else { 'A' });
    let output = claims(
        &[
            "inspect",
            "--key",
            public.to_str().expect("path"),
            &tampered,
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("signature: INVALID"));
    assert_eq!(
        claims(&["inspect", "not-a-token"], None).status.code(),
        Some(2)
    );
}
