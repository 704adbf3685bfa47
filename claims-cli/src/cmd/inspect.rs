//! `claims inspect`: a token's header and claims, each labelled by how it
//! travels, without verifying unless asked to. The command line and files;
//! the parsing and the report are `claims_cli::inspect`.

use std::error::Error;
use std::io::Read as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use claims_cli::inspect::{Inspection, verify_with_jwks, verify_with_key};
use claims_core::{Algorithm, Claims, Keys, Validation, VerifyingKey};
use serde_json::Value;

/// Show a token's header and claims (not verified unless --key or --jwks;
/// with --preset, its claims checked under a validation profile too).
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The token, or `-` to read it from standard input (keeps it out of shell history).
    token: String,
    /// Verify with this key file: a JWK, or PEM/DER with --alg.
    #[arg(long)]
    key: Option<PathBuf>,
    /// The algorithm of a PEM or DER --key.
    #[arg(long)]
    alg: Option<String>,
    /// Verify with the key the token's kid names in this JWK Set file.
    #[arg(long, conflicts_with = "key")]
    jwks: Option<PathBuf>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
    // Boxed: the profile flags would make this the largest command by far.
    #[command(flatten)]
    profile: Box<ProfileArgs>,
}

/// Checks the claims too, under a validation profile (with --key or --jwks).
#[derive(clap::Args)]
struct ProfileArgs {
    /// Decode under this validation profile, not only check the signature:
    /// `claims` (our own tokens' rules), `access-token` (RFC 9068) or
    /// `id-token` (OpenID Connect). Needs --issuer and --audience.
    #[arg(long, value_parser = ["claims", "access-token", "id-token"], requires_all = ["issuer", "audience"])]
    preset: Option<String>,
    /// An accepted issuer (`iss`, exact); repeat for several.
    #[arg(long, requires = "preset")]
    issuer: Vec<String>,
    /// An accepted audience (or, for an ID token, client id); repeat for several.
    #[arg(long, requires = "preset")]
    audience: Vec<String>,
    /// The claim that carries the audience, when not `aud` (Cognito: `client_id`).
    #[arg(long, requires = "preset")]
    audience_claim: Option<String>,
    /// An accepted `typ`, replacing the preset's; repeat for several.
    #[arg(long, requires = "preset")]
    typ: Vec<String>,
    /// Accept a token without `typ`.
    #[arg(long, requires = "preset")]
    allow_missing_typ: bool,
    /// A registered claim not to require: `jti`, `nbf`, `iat` or `kid`; repeat.
    #[arg(long, value_parser = ["jti", "nbf", "iat", "kid"], requires = "preset")]
    optional: Vec<String>,
    /// A claim that must have this string value, as NAME=VALUE
    /// (`token_use=access`, `nonce=...`); repeat.
    #[arg(long, requires = "preset")]
    require_claim: Vec<String>,
    /// The most seconds since `iat` (ID tokens).
    #[arg(long, requires = "preset")]
    max_age: Option<u64>,
    /// The most seconds between `iat` and `exp`; 0 for no limit.
    #[arg(long, requires = "preset")]
    max_lifetime: Option<u64>,
    /// Clock skew tolerated, in seconds.
    #[arg(long, requires = "preset")]
    leeway: Option<u64>,
}

impl ProfileArgs {
    /// The validation these flags describe; `None` without --preset.
    fn validation(&self) -> Result<Option<Validation>, Box<dyn Error>> {
        let Some(preset) = self.preset.as_deref() else {
            return Ok(None);
        };
        let (issuer, audience) = (&self.issuer[0], &self.audience[0]);
        let mut v = match preset {
            "access-token" => Validation::access_token(issuer, audience),
            "id-token" => Validation::id_token(issuer, audience),
            _ => Validation::new(issuer, audience),
        };
        for issuer in &self.issuer[1..] {
            v = v.issuer(issuer);
        }
        for audience in &self.audience[1..] {
            v = v.audience(audience);
        }
        if let Some(claim) = &self.audience_claim {
            v = v.audience_claim(leak(claim));
        }
        if !self.typ.is_empty() {
            let typ: Vec<&str> = self.typ.iter().map(String::as_str).collect();
            v = v.accept_typ(&typ);
        }
        if self.allow_missing_typ {
            v = v.accept_missing_typ();
        }
        for claim in &self.optional {
            v = match claim.as_str() {
                "jti" => v.require_jti(false),
                "nbf" => v.require_nbf(false),
                "iat" => v.require_iat(false),
                _ => v.require_kid(false),
            };
        }
        for pair in &self.require_claim {
            let (name, value) = pair
                .split_once('=')
                .ok_or("--require-claim takes NAME=VALUE")?;
            v = v.require_claim(leak(name), [value]);
        }
        if let Some(seconds) = self.max_age {
            v = v.max_age(Some(Duration::from_secs(seconds)));
        }
        if let Some(seconds) = self.max_lifetime {
            v = v.max_lifetime((seconds > 0).then(|| Duration::from_secs(seconds)));
        }
        if let Some(seconds) = self.leeway {
            v = v.leeway(Duration::from_secs(seconds));
        }
        Ok(Some(v))
    }
}

/// A claim name for the life of the process: a `Validation` names claims
/// with `&'static str` (errors name claims, never values), and this command
/// runs once.
fn leak(name: &str) -> &'static str {
    Box::leak(name.to_owned().into_boxed_str())
}

/// A claims struct that reads nothing: the checks are the point.
#[derive(Claims)]
struct Unread {}

pub(crate) fn run(args: &Args) -> Result<ExitCode, Box<dyn Error>> {
    let token = read_token(&args.token)?;
    let inspection = Inspection::parse(&token)?;
    let verification = verify(args, &token, &inspection)?;
    let signature = verification.describe();
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", inspection.to_json(&signature))?;
    } else {
        write!(out, "{}", inspection.to_text(&signature))?;
    }
    Ok(match verification {
        Verification::Invalid(_) => ExitCode::from(1),
        _ => ExitCode::SUCCESS,
    })
}

fn read_token(arg: &str) -> Result<String, Box<dyn Error>> {
    if arg != "-" {
        return Ok(arg.trim().to_owned());
    }
    let mut token = String::new();
    // A token is small; anything longer than 1 MiB is not one.
    std::io::stdin().take(1 << 20).read_to_string(&mut token)?;
    Ok(token.trim().to_owned())
}

enum Verification {
    NotVerified,
    /// The signature holds under the key of this kid; `Some(profile)` when
    /// the claims were checked under that validation profile too.
    Valid(String, Option<String>),
    Invalid(claims_core::Error),
}

impl Verification {
    fn describe(&self) -> String {
        match self {
            Verification::NotVerified => "not verified (pass --key or --jwks)".to_owned(),
            Verification::Valid(kid, None) => format!("valid (key {kid})"),
            Verification::Valid(kid, Some(profile)) => {
                format!("valid (key {kid}; claims checked under the {profile} profile)")
            }
            Verification::Invalid(err) => format!("INVALID: {err}"),
        }
    }
}

fn verify(
    args: &Args,
    token: &str,
    inspection: &Inspection,
) -> Result<Verification, Box<dyn Error>> {
    if let Some(validation) = args.profile.validation()? {
        return verify_claims(args, token, inspection, validation);
    }
    let result = if let Some(path) = &args.key {
        verify_with_key(&std::fs::read(path)?, args.alg.as_deref(), token)?
    } else if let Some(path) = &args.jwks {
        verify_with_jwks(&std::fs::read(path)?, inspection.kid(), token)?
    } else {
        return Ok(Verification::NotVerified);
    };
    Ok(match result {
        Ok(kid) => Verification::Valid(kid, None),
        Err(err) => Verification::Invalid(err),
    })
}

/// The token decoded under `validation` with the public keys of --key or
/// --jwks: signature, header and registered claims, as a service would.
fn verify_claims(
    args: &Args,
    token: &str,
    inspection: &Inspection,
    validation: Validation,
) -> Result<Verification, Box<dyn Error>> {
    let keys: Vec<VerifyingKey> = if let Some(path) = &args.key {
        vec![public_key(&std::fs::read(path)?, args.alg.as_deref())?]
    } else if let Some(path) = &args.jwks {
        VerifyingKey::from_jwks(&std::fs::read(path)?)?.into_keys()
    } else {
        return Err("--preset needs --key or --jwks".into());
    };
    let keys = Keys::builder()
        .validation(validation)
        .verifying_keys(keys)
        .build()?;
    let profile = args.profile.preset.clone();
    Ok(match keys.decode::<Unread>(token) {
        Ok(_) => {
            let kid = verified_kid(&keys, inspection.kid()).unwrap_or_default();
            Verification::Valid(kid, profile)
        }
        Err(err) => Verification::Invalid(err),
    })
}

/// The kid of the loaded key a verified token named (`kid`; its only key
/// when the token names none).
fn verified_kid(keys: &Keys, kid: &str) -> Option<String> {
    if !kid.is_empty() {
        return Some(kid.to_owned());
    }
    serde_json::from_str::<Value>(&keys.jwks()).ok()?["keys"][0]["kid"]
        .as_str()
        .map(str::to_owned)
}

/// A public key: a JWK, or PEM/DER with --alg. (A validation profile
/// verifies with public keys only: an HMAC secret is not one.)
fn public_key(bytes: &[u8], alg: Option<&str>) -> Result<VerifyingKey, Box<dyn Error>> {
    if let Ok(text) = std::str::from_utf8(bytes)
        && text.trim_start().starts_with('{')
    {
        return Ok(VerifyingKey::from_jwk(text)?);
    }
    let alg = alg.ok_or("a PEM or DER --key needs --alg")?;
    let alg = Algorithm::from_name(alg).ok_or_else(|| format!("unknown algorithm `{alg}`"))?;
    Ok(VerifyingKey::from_pem_or_der("key", alg, bytes)?)
}
