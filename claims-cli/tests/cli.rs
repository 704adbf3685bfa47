//! The built `claims` binary, run on files and standard input: output and exit codes.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use claims_core::{Algorithm, Claims, Hashed, Keys, Pii, PiiKey, SigningKey, VerifyingKey};
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

/// A key pair from `keygen` as JWK: `{"private": …, "public": …}`.
fn keygen(alg: &str, kid: &str) -> Value {
    let private = temp_dir("keygen-pairs").join(format!("{kid}.jwk"));
    let output = claims(
        &[
            "keygen",
            "--alg",
            alg,
            "--kid",
            kid,
            "--out",
            private.to_str().expect("path"),
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(0), "{:?}", failed(&output));
    let parse = |text: &str| serde_json::from_str::<Value>(text).expect("JSON");
    serde_json::json!({"private": parse(&read(&private)), "public": parse(&stdout(&output))})
}

/// A fresh directory per test, for files keygen must create.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir()
        .join(format!("claims-cli-test-{}", std::process::id()))
        .join(name);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("reads the key file")
}

/// `keygen`'s exit status, standard error as text.
fn failed(output: &Output) -> (Option<i32>, String) {
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[derive(Claims)]
struct Probe {
    #[claim(public)]
    role: String,
}

/// Signs a token with `signing` that `verifying` (for HMAC, `signing`) decodes.
fn assert_signs(signing: SigningKey, verifying: Option<VerifyingKey>, what: &str) {
    let builder = || Keys::builder().issuer("i").audience("a");
    let token = builder()
        .signing_key(signing.clone())
        .build()
        .expect(what)
        .encode(&Probe {
            role: "admin".into(),
        })
        .expect(what);
    let verifier = match verifying {
        Some(key) => builder().verifying_key(key),
        None => builder().signing_key(signing),
    };
    let decoded = verifier.build().expect(what).decode::<Probe>(&token);
    assert_eq!(decoded.expect(what).role, "admin", "{what}");
}

/// Every algorithm, as JWK and (asymmetric ones) PEM, written to `--out` and
/// `--public-out`: each file loads, as it is, through the documented loader,
/// and the pair signs and verifies a token. `--alg` is case-insensitive.
#[test]
fn keygen_writes_every_key_where_its_loader_reads_it() {
    let dir = temp_dir("keygen-files");
    for (i, alg) in Algorithm::ALL.into_iter().enumerate() {
        let forms: &[bool] = if alg.is_symmetric() {
            &[false]
        } else {
            &[false, true]
        };
        for &pem in forms {
            let what = format!("{alg} {}", if pem { "PEM" } else { "JWK" });
            let kid = format!("k-{i}-{pem}");
            let (private, public) = (
                dir.join(format!("{kid}.key")),
                dir.join(format!("{kid}.pub")),
            );
            let name = if i % 2 == 0 {
                alg.as_str().to_lowercase()
            } else {
                alg.as_str().to_uppercase()
            };
            let mut args = vec!["keygen", "--alg", &name, "--kid", &kid];
            args.extend(["--out", private.to_str().expect("path")]);
            if !alg.is_symmetric() {
                args.extend(["--public-out", public.to_str().expect("path")]);
            }
            if pem {
                args.push("--pem");
            }
            let output = claims(&args, None);
            assert_eq!(
                output.status.code(),
                Some(0),
                "{what}: {:?}",
                failed(&output)
            );
            assert!(
                stdout(&output).is_empty(),
                "{what}: every key went to a file"
            );
            assert!(
                failed(&output).1.contains(&kid),
                "{what}: the summary names the kid"
            );
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt as _;
                let mode = std::fs::metadata(&private)
                    .expect("file")
                    .permissions()
                    .mode();
                assert_eq!(mode & 0o777, 0o600, "{what}: the private key is owner-only");
            }
            let (signing, verifying) = if pem {
                (
                    SigningKey::from_pem(&kid, alg, &read(&private)).expect(&what),
                    Some(VerifyingKey::from_pem(&kid, alg, &read(&public)).expect(&what)),
                )
            } else {
                let verifying = (!alg.is_symmetric())
                    .then(|| VerifyingKey::from_jwk(&read(&public)).expect(&what));
                (
                    SigningKey::from_jwk(&read(&private)).expect(&what),
                    verifying,
                )
            };
            assert_eq!((signing.kid(), signing.algorithm()), (kid.as_str(), alg));
            if let Some(verifying) = &verifying {
                assert_eq!(verifying.kid(), kid, "{what}");
                assert!(!read(&public).contains("PRIVATE") && !read(&public).contains(r#""d""#));
            } else {
                assert!(
                    !public.exists(),
                    "{what}: an HMAC secret has no public half"
                );
            }
            assert_signs(signing, verifying, &what);
        }
    }
}

/// Standard output holds one key too: the private key, or the public key
/// when `--out` took the private one.
#[test]
fn keygen_prints_one_key_that_loads_as_it_is() {
    let jwk = claims(&["keygen", "--kid", "k"], None);
    let signing = SigningKey::from_jwk(&stdout(&jwk)).expect("private JWK");
    assert_eq!(signing.algorithm(), Algorithm::EdDSA);
    assert!(failed(&jwk).1.contains("public key not written"));
    // A private JWK's public members make its verifying key.
    let public = VerifyingKey::from_jwk(&stdout(&jwk)).expect("public members");
    assert_signs(signing, Some(public), "EdDSA JWK on stdout");

    let pem = claims(&["keygen", "--alg", "ES256", "--pem", "--kid", "k"], None);
    let signing = SigningKey::from_pem("k", Algorithm::ES256, &stdout(&pem)).expect("private PEM");
    let public = signing.verifying_key();
    assert_signs(signing, public, "ES256 PEM on stdout");

    let private = temp_dir("keygen-stdout").join("es384.pem");
    let path = private.to_str().expect("path");
    let output = claims(
        &[
            "keygen", "--alg", "es384", "--pem", "--kid", "k", "--out", path,
        ],
        None,
    );
    let public =
        VerifyingKey::from_pem("k", Algorithm::ES384, &stdout(&output)).expect("public PEM");
    let private =
        SigningKey::from_pem("k", Algorithm::ES384, &read(&private)).expect("private PEM");
    assert_signs(private, Some(public), "ES384 PEM, public key on stdout");
}

#[derive(Claims)]
struct Personal {
    #[claim(hashed)]
    sub: Hashed<String>,
    #[claim(encrypted)]
    email: Pii<String>,
}

/// A PII key, from a file (`PiiKey::from_file`) and from standard output
/// (`PiiKey::from_json`), protects a token that then decodes.
#[test]
fn keygen_pii_keys_load_and_protect_a_token() {
    let path = temp_dir("keygen-pii").join("pii.json");
    let output = claims(
        &[
            "keygen",
            "--alg",
            "PII",
            "--kid",
            "pii-7",
            "--out",
            path.to_str().expect("path"),
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(0), "{:?}", failed(&output));
    let printed = stdout(&claims(&["keygen", "--alg", "pii"], None));
    for key in [
        PiiKey::from_file(&path).expect("PII key file"),
        PiiKey::from_json(&printed).expect("printed PII key"),
    ] {
        let keys = Keys::builder()
            .issuer("i")
            .audience("a")
            .signing_key(SigningKey::hs256("s", &[3; 32]).expect("HS256"))
            .pii_key(key)
            .build()
            .expect("keys");
        let token = keys
            .encode(&Personal {
                sub: Hashed::new("u-1".into()),
                email: Pii::new(EMAIL.into()),
            })
            .expect("protects");
        assert!(!token.contains(EMAIL));
        let decoded = keys.decode::<Personal>(&token).expect("decodes");
        assert_eq!(decoded.email.expose(), EMAIL);
        assert_eq!(
            decoded.sub.pseudonym(),
            Some(&keys.pseudonym("sub", "u-1").expect("pseudonym"))
        );
    }
    assert!(PiiKey::from_file(&path).expect("PII key").kid() == "pii-7");
}

#[test]
fn keygen_refuses_what_a_key_cannot_be_written_as() {
    let dir = temp_dir("keygen-refusals");
    let taken = dir.join("taken.key");
    std::fs::write(&taken, "keep me").expect("writes");
    let taken = taken.to_str().expect("path");
    let fresh = dir.join("fresh.key");
    let fresh = fresh.to_str().expect("path");
    let cases: [(&[&str], &str); 8] = [
        (&["--alg", "pii", "--pem"], "a PII key has no PEM form"),
        (
            &["--alg", "pii", "--public-out", fresh],
            "a PII key has no public half",
        ),
        (
            &["--alg", "HS256", "--pem"],
            "an HMAC secret has no PEM form",
        ),
        (
            &["--alg", "hs512", "--public-out", fresh],
            "an HMAC secret has no public half",
        ),
        (&["--alg", "none"], "unknown algorithm `none`"),
        (&["--out", taken], "exists: keygen never overwrites a key"),
        (
            &["--out", fresh, "--public-out", taken],
            "exists: keygen never overwrites a key",
        ),
        (
            &["--out", fresh, "--public-out", fresh],
            "name the same file",
        ),
    ];
    for (args, message) in cases {
        let output = claims(&[&["keygen"], args].concat(), None);
        let (code, stderr) = failed(&output);
        assert_eq!(code, Some(2), "{args:?}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
        assert!(stdout(&output).is_empty(), "{args:?}: no key printed");
    }
    assert_eq!(std::fs::read_to_string(taken).expect("reads"), "keep me");
    assert!(!Path::new(fresh).exists(), "a refused run leaves no file");
}

/// A PEM of the wrong kind says what it holds, in the library and the CLI.
#[test]
fn a_pem_of_the_wrong_kind_names_what_was_found() {
    let dir = temp_dir("keygen-wrong-kind");
    let (private, public) = (dir.join("k.pem"), dir.join("k.pub.pem"));
    let output = claims(
        &[
            "keygen",
            "--alg",
            "ES256",
            "--pem",
            "--kid",
            "k",
            "--out",
            private.to_str().expect("path"),
            "--public-out",
            public.to_str().expect("path"),
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(0), "{:?}", failed(&output));
    let (private_pem, public_pem) = (read(&private), read(&public));
    let message = |err: claims_core::Error| err.to_string();
    assert_eq!(
        SigningKey::from_pem("k", Algorithm::ES256, &public_pem)
            .map(|_| ())
            .map_err(message),
        Err(
            "invalid key: expected a PKCS#8 private key, found a `PUBLIC KEY` block: \
             that is the public half"
                .to_owned()
        )
    );
    assert_eq!(
        VerifyingKey::from_pem("k", Algorithm::ES256, &private_pem)
            .map(|_| ())
            .map_err(message),
        Err(
            "invalid key: expected an SPKI public key, found a `PRIVATE KEY` block: \
             pass the public half"
                .to_owned()
        )
    );
    // The stream keygen used to print, private and public key together.
    let both = format!("{private_pem}{public_pem}");
    assert_eq!(
        SigningKey::from_pem("k", Algorithm::ES256, &both)
            .map(|_| ())
            .map_err(message),
        Err("invalid key: expected one PEM block, found several: \
             keep the private key's only"
            .to_owned())
    );

    // `inspect --key` verifies with the public file and names a private one.
    let signing = SigningKey::from_pem("k", Algorithm::ES256, &private_pem).expect("loads");
    let token = Keys::builder()
        .issuer("i")
        .audience("a")
        .signing_key(signing)
        .build()
        .expect("keys")
        .encode(&Probe { role: "r".into() })
        .expect("encodes");
    let inspect = |key: &Path| {
        claims(
            &[
                "inspect",
                "--alg",
                "ES256",
                "--key",
                key.to_str().expect("path"),
                &token,
            ],
            None,
        )
    };
    let output = inspect(&public);
    assert_eq!(output.status.code(), Some(0), "{:?}", failed(&output));
    assert!(stdout(&output).contains("signature: valid"));
    let (code, stderr) = failed(&inspect(&private));
    assert_eq!(code, Some(2));
    assert!(stderr.contains("found a `PRIVATE KEY` block"), "{stderr}");
}

/// `fid`, the lifecycle's family id, is registered (from the reserved-name
/// table), not a public claim of the application's.
#[test]
fn inspect_labels_the_family_id_as_registered() {
    let payload = r#"{"iss":"i","fid":"f-1","role":"admin"}"#;
    let token = format!(
        "{}.{}.c2ln",
        B64.encode(r#"{"alg":"HS256"}"#),
        B64.encode(payload)
    );
    let output = claims(&["inspect", "--json", &token], None);
    assert_eq!(output.status.code(), Some(0), "{:?}", failed(&output));
    let report: Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    let kind = |name: &str| {
        report["claims"]
            .as_array()
            .expect("claims")
            .iter()
            .find(|c| c["claim"] == name)
            .map(|c| c["kind"].clone())
    };
    assert_eq!(kind("fid"), Some("registered".into()));
    assert_eq!(kind("role"), Some("public".into()));
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

/// An issuer whose EdDSA key `claims keygen` made under `kid` (its output,
/// the `Keys`), and a `Profile` token it issued.
fn issuer_and_token(kid: &str) -> (Value, Keys, String) {
    let generated = keygen("EdDSA", kid);
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
    (generated, keys, token)
}

#[test]
fn inspect_labels_claims_and_verifies_with_a_key_or_jwks() {
    let (generated, keys, token) = issuer_and_token("sig-inspect");

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
    assert_eq!(claim("name")["category"], "person name");
    assert!(
        claim("name")["warning"]
            .as_str()
            .expect("warns")
            .contains("looks like personal data (person name: matched `name`)")
    );
    assert_eq!(claim("note")["category"], Value::Null);
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

#[test]
fn inspect_checks_claims_under_a_validation_profile() {
    let (_, keys, token) = issuer_and_token("sig-profile");
    let jwks = temp_file("profile.jwks", keys.jwks().as_bytes());
    let jwks = jwks.to_str().expect("path");
    let inspect = |extra: &[&str]| {
        let mut args = vec!["inspect", "--jwks", jwks];
        args.extend_from_slice(extra);
        args.push(&token);
        let output = claims(&args, None);
        let line = stdout(&output)
            .lines()
            .find(|l| l.starts_with("signature:"))
            .expect("a signature line")
            .to_owned();
        (output.status.code(), line)
    };
    let ours = ["--issuer", "https://auth.example.test", "--audience", "cli"];
    let with = |more: &[&'static str]| -> Vec<&'static str> {
        let mut args: Vec<&'static str> = ours.to_vec();
        args.extend_from_slice(more);
        args
    };
    assert_eq!(
        inspect(&with(&["--preset", "claims"])),
        (
            Some(0),
            "signature: valid (key sig-profile; claims checked under the claims profile)"
                .to_owned()
        )
    );
    assert_eq!(
        inspect(&[
            "--preset",
            "claims",
            "--issuer",
            "https://auth.example.test",
            "--audience",
            "another-api"
        ]),
        (
            Some(1),
            "signature: INVALID: token audience is not accepted".to_owned()
        )
    );
    // Our tokens are typed `JWT`, not `at+jwt`, and carry no `token_use`.
    assert_eq!(
        inspect(&with(&["--preset", "access-token"])),
        (
            Some(1),
            "signature: INVALID: token type is not the one expected".to_owned()
        )
    );
    assert_eq!(
        inspect(&with(&["--preset", "access-token", "--typ", "JWT"])).0,
        Some(0)
    );
    assert_eq!(
        inspect(&with(&[
            "--preset",
            "access-token",
            "--typ",
            "JWT",
            "--require-claim",
            "token_use=access"
        ])),
        (
            Some(1),
            "signature: INVALID: missing claim `token_use`".to_owned()
        )
    );
    // A profile needs its issuer and audience.
    let output = claims(
        &["inspect", "--jwks", jwks, "--preset", "claims", &token],
        None,
    );
    assert_eq!(output.status.code(), Some(2));
}
