//! `claims keygen`: fresh keys, printed as JWK (default) or PEM.
//!
//! Every key is loaded back through `claims_core` before it is printed and
//! signs and verifies a test message, so what is printed is known to work.

use std::error::Error;
use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use claims_core::{Algorithm, PiiKey, SigningKey};
use ed25519_dalek::pkcs8::{
    EncodePrivateKey as _, EncodePublicKey as _, spki::der::pem::LineEnding,
};
use p521::elliptic_curve::sec1::ToEncodedPoint as _;
use rand::RngCore as _;
use rsa::traits::{PrivateKeyParts as _, PublicKeyParts as _};
use serde_json::{Value, json};

/// Generate a signing key pair or a PII key.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// A JWS algorithm (`EdDSA`, `Ed25519`, `ES256`, `ES384`, `ES512`, `RS256`,
    /// `RS384`, `RS512`, `PS256`, `PS384`, `PS512`, `HS256`, `HS384`, `HS512`), or `pii`.
    #[arg(long, default_value = "EdDSA")]
    alg: String,
    /// The key id (default: the algorithm and a random suffix).
    #[arg(long)]
    kid: Option<String>,
    /// Print PEM (PKCS#8 private key, SPKI public key) instead of JWK.
    #[arg(long)]
    pem: bool,
}

pub(crate) fn run(args: &Args) -> Result<ExitCode, Box<dyn Error>> {
    let mut out = std::io::stdout().lock();
    let kid = args.kid.clone().unwrap_or_else(|| default_kid(&args.alg));
    if args.alg.eq_ignore_ascii_case("pii") {
        let mut master = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut master);
        PiiKey::new(&kid, &master)?;
        // `PiiKey::new(kid, &base64url_decode(master))` loads it.
        writeln!(out, "{}", json!({"kid": kid, "master": B64.encode(master)}))?;
        return Ok(ExitCode::SUCCESS);
    }
    let alg = Algorithm::from_name(&args.alg)
        .ok_or_else(|| format!("unknown algorithm `{}`", args.alg))?;
    let generated = generate(alg, &kid)?;
    let loaded = SigningKey::from_jwk(&generated.private_jwk.to_string())?;
    check(&loaded)?;
    if args.pem {
        let (private, public) = generated
            .pem
            .ok_or("HMAC secrets have no PEM form: omit --pem")?;
        check(&SigningKey::from_pem(&kid, alg, &private)?)?;
        write!(out, "{private}{public}")?;
    } else {
        let public = loaded.verifying_key().map(|k| k.to_jwk());
        writeln!(
            out,
            "{}",
            json!({"private": generated.private_jwk, "public": public})
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

struct Generated {
    private_jwk: Value,
    /// PKCS#8 private and SPKI public PEM; `None` for HMAC.
    pem: Option<(String, String)>,
}

fn generate(alg: Algorithm, kid: &str) -> Result<Generated, Box<dyn Error>> {
    let mut rng = rand::thread_rng();
    let lf = LineEnding::LF;
    let (mut jwk, pem) = match alg {
        Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => {
            let mut secret = vec![0u8; hmac_len(alg)];
            rng.fill_bytes(&mut secret);
            (json!({"kty": "oct", "k": B64.encode(&secret)}), None)
        }
        Algorithm::EdDSA | Algorithm::Ed25519 => {
            let mut seed = [0u8; 32];
            rng.fill_bytes(&mut seed);
            let key = ed25519_dalek::SigningKey::from_bytes(&seed);
            let jwk = json!({"kty": "OKP", "crv": "Ed25519",
                "d": B64.encode(key.to_bytes()), "x": B64.encode(key.verifying_key().as_bytes())});
            let pem = (
                key.to_pkcs8_pem(lf)?.to_string(),
                key.verifying_key().to_public_key_pem(lf)?,
            );
            (jwk, Some(pem))
        }
        Algorithm::ES256 => {
            let key = p256::ecdsa::SigningKey::random(&mut rng);
            let point = key.verifying_key().to_encoded_point(false);
            let jwk = ec_jwk("P-256", &key.to_bytes(), point.as_bytes());
            let pem = (
                key.to_pkcs8_pem(lf)?.to_string(),
                key.verifying_key().to_public_key_pem(lf)?,
            );
            (jwk, Some(pem))
        }
        Algorithm::ES384 => {
            let key = p384::ecdsa::SigningKey::random(&mut rng);
            let point = key.verifying_key().to_encoded_point(false);
            let jwk = ec_jwk("P-384", &key.to_bytes(), point.as_bytes());
            let pem = (
                key.to_pkcs8_pem(lf)?.to_string(),
                key.verifying_key().to_public_key_pem(lf)?,
            );
            (jwk, Some(pem))
        }
        Algorithm::ES512 => {
            let key = p521::SecretKey::random(&mut rng);
            let point = key.public_key().to_encoded_point(false);
            let jwk = ec_jwk("P-521", &key.to_bytes(), point.as_bytes());
            let pem = (
                key.to_pkcs8_pem(lf)?.to_string(),
                key.public_key().to_public_key_pem(lf)?,
            );
            (jwk, Some(pem))
        }
        Algorithm::RS256
        | Algorithm::RS384
        | Algorithm::RS512
        | Algorithm::PS256
        | Algorithm::PS384
        | Algorithm::PS512 => {
            let mut key = rsa::RsaPrivateKey::new(&mut rng, 2048)?;
            key.precompute()?;
            let jwk = rsa_jwk(&key)?;
            let pem = (
                key.to_pkcs8_pem(lf)?.to_string(),
                key.to_public_key().to_public_key_pem(lf)?,
            );
            (jwk, Some(pem))
        }
        _ => return Err(format!("keygen does not support {alg}").into()),
    };
    jwk["kid"] = kid.into();
    jwk["alg"] = alg.as_str().into();
    jwk["use"] = "sig".into();
    Ok(Generated {
        private_jwk: jwk,
        pem,
    })
}

fn hmac_len(alg: Algorithm) -> usize {
    match alg {
        Algorithm::HS384 => 48,
        Algorithm::HS512 => 64,
        _ => 32,
    }
}

fn ec_jwk(crv: &str, d: &[u8], point: &[u8]) -> Value {
    // Uncompressed SEC1: 0x04 || x || y.
    let (x, y) = point[1..].split_at((point.len() - 1) / 2);
    json!({"kty": "EC", "crv": crv, "d": B64.encode(d), "x": B64.encode(x), "y": B64.encode(y)})
}

/// RFC 7518 §6.3.2: with `p` and `q` present, `dp`, `dq` and `qi` must be too.
fn rsa_jwk(key: &rsa::RsaPrivateKey) -> Result<Value, Box<dyn Error>> {
    let b = |n: &rsa::BigUint| B64.encode(n.to_bytes_be());
    let [p, q] = key.primes() else {
        return Err("expected a two-prime RSA key".into());
    };
    let (dp, dq) = key.dp().zip(key.dq()).ok_or("missing CRT values")?;
    let qi = key.crt_coefficient().ok_or("missing CRT coefficient")?;
    Ok(
        json!({"kty": "RSA", "n": b(key.n()), "e": b(key.e()), "d": b(key.d()),
        "p": b(p), "q": b(q), "dp": b(dp), "dq": b(dq), "qi": b(&qi)}),
    )
}

/// Signs a message with the loaded key and verifies it.
fn check(key: &SigningKey) -> Result<(), Box<dyn Error>> {
    let keys = claims_core::Keys::builder()
        .issuer("claims-keygen")
        .audience("claims-keygen")
        .signing_key(key.clone())
        .build()?;
    let token = keys.encode(&Probe { ok: true })?;
    keys.decode::<Probe>(&token)?;
    Ok(())
}

#[derive(claims_core::Claims)]
struct Probe {
    #[claim(public)]
    ok: bool,
}

fn default_kid(alg: &str) -> String {
    let mut suffix = [0u8; 4];
    rand::thread_rng().fill_bytes(&mut suffix);
    let suffix: String = suffix.iter().fold(String::new(), |mut hex, b| {
        let _ = write!(hex, "{b:02x}");
        hex
    });
    let prefix = if alg.eq_ignore_ascii_case("pii") {
        "pii"
    } else {
        "sig"
    };
    format!("{prefix}-{suffix}")
}
