//! `claims keygen`: a fresh key, written so that a loader reads it as it is.
//!
//! Every output holds one key. The private key (or secret) goes to `--out`
//! or standard output; the public key to `--public-out`, or to standard
//! output when `--out` took the private key (without either, only the
//! private key is written: the public half can be read from it). The forms
//! and the loaders that read them:
//!
//! | key | JWK (default) | `--pem` |
//! |---|---|---|
//! | signing, private | `SigningKey::from_jwk` | `SigningKey::from_pem(kid, alg, pem)`: PKCS#8 |
//! | signing, public | `VerifyingKey::from_jwk` | `VerifyingKey::from_pem(kid, alg, pem)`: SPKI |
//! | PII (`--alg pii`) | `PiiKey::from_json`, `from_file`, `from_env` | none |
//!
//! Before anything is written, each key is loaded back from the very text
//! that will be written, through those loaders, and used: the private key
//! signs a token that the public key verifies; a PII key protects a token
//! that then decodes. A summary (algorithm, kid, where each key went) goes
//! to standard error, since a PEM file does not hold the kid.

mod check;
mod material;

use std::error::Error;
use std::fmt::Write as _;
use std::fs::{File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use claims_core::{Algorithm, PiiKey, SigningKey, VerifyingKey};
use rand::RngCore as _;
use serde_json::json;

/// Generate a signing key pair or a PII key.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// A JWS algorithm (`EdDSA`, `Ed25519`, `ES256`, `ES384`, `ES512`, `RS256`,
    /// `RS384`, `RS512`, `PS256`, `PS384`, `PS512`, `HS256`, `HS384`, `HS512`), or `pii` (any case).
    #[arg(long, default_value = "EdDSA")]
    alg: String,
    /// The key id (default: `sig-` or `pii-` and a random suffix).
    #[arg(long)]
    kid: Option<String>,
    /// PEM (PKCS#8 private key, SPKI public key) instead of JWK; not for HMAC or PII keys.
    #[arg(long)]
    pem: bool,
    /// Write the private key (or secret) to this new file, readable by its owner only.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Write the public key to this new file (without it, the public key goes
    /// to standard output when --out is given).
    #[arg(long, value_name = "FILE")]
    public_out: Option<PathBuf>,
}

/// What `--alg` asks for.
#[derive(Clone, Copy)]
enum Kind {
    Signing(Algorithm),
    Pii,
}

impl Kind {
    fn parse(name: &str) -> Result<Self, String> {
        if name.eq_ignore_ascii_case("pii") {
            return Ok(Self::Pii);
        }
        Algorithm::ALL
            .into_iter()
            .find(|alg| alg.as_str().eq_ignore_ascii_case(name))
            .map(Self::Signing)
            .ok_or_else(|| {
                let known: Vec<&str> = Algorithm::ALL.iter().map(|alg| alg.as_str()).collect();
                format!(
                    "unknown algorithm `{name}`: use {}, or pii",
                    known.join(", ")
                )
            })
    }

    /// Refuses what this kind of key cannot be written as.
    fn check_args(self, args: &Args) -> Result<(), &'static str> {
        let no_public = match self {
            Kind::Pii if args.pem => return Err("a PII key has no PEM form: omit --pem"),
            Kind::Pii => "a PII key has no public half: omit --public-out",
            Kind::Signing(alg) if alg.is_symmetric() && args.pem => {
                return Err("an HMAC secret has no PEM form: omit --pem");
            }
            Kind::Signing(alg) if alg.is_symmetric() => {
                "an HMAC secret has no public half (whoever verifies can sign): omit --public-out"
            }
            Kind::Signing(_) => return Ok(()),
        };
        if args.public_out.is_some() {
            return Err(no_public);
        }
        Ok(())
    }
}

/// The texts to write, each one key, each loaded back already.
struct Keys {
    private: String,
    public: Option<String>,
}

pub(crate) fn run(args: &Args) -> Result<ExitCode, Box<dyn Error>> {
    let asked = Kind::parse(&args.alg)?;
    asked.check_args(args)?;
    if args.out.is_some() && args.out == args.public_out {
        return Err("--out and --public-out name the same file".into());
    }
    let kid = args.kid.clone().unwrap_or_else(|| default_kid(asked));
    let (keys, alg) = match asked {
        Kind::Pii => (pii_key(&kid)?, "PII"),
        Kind::Signing(alg) => (signing_key(alg, &kid, args.pem)?, alg.as_str()),
    };
    let (private_sink, public_sink) = Sink::open(args, keys.public.is_some())?;
    let mut summary = format!("claims: {alg} key {kid}: ");
    if let Some(public) = &keys.public {
        summary += &private_sink.write("private key", &keys.private)?;
        summary += ", ";
        summary += &public_sink.write("public key", public)?;
    } else {
        summary += &private_sink.write("secret", &keys.private)?;
    }
    eprintln!("{summary}");
    Ok(ExitCode::SUCCESS)
}

/// Where one key goes.
enum Sink {
    File(File, PathBuf),
    Stdout,
    /// The public key, when neither `--public-out` nor `--out` was given.
    Nowhere,
}

impl Sink {
    /// The private key's and the public key's: both files are created (new,
    /// never overwritten) before either is written.
    fn open(args: &Args, has_public: bool) -> Result<(Self, Self), Box<dyn Error>> {
        let private = match &args.out {
            Some(path) => Self::File(create(path, true)?, path.clone()),
            None => Self::Stdout,
        };
        let public = match &args.public_out {
            Some(path) if has_public => match create(path, false) {
                Ok(file) => Self::File(file, path.clone()),
                Err(err) => {
                    if let Self::File(_, path) = &private {
                        // Created empty a moment ago: nothing to keep.
                        let _ = std::fs::remove_file(path);
                    }
                    return Err(err);
                }
            },
            _ if has_public && args.out.is_some() => Self::Stdout,
            _ => Self::Nowhere,
        };
        Ok((private, public))
    }

    /// Writes `key`; where it went, for the summary.
    fn write(self, what: &str, key: &str) -> Result<String, Box<dyn Error>> {
        Ok(match self {
            Self::File(mut file, path) => {
                file.write_all(key.as_bytes())?;
                format!("{what} in {}", path.display())
            }
            Self::Stdout => {
                let mut out = std::io::stdout().lock();
                out.write_all(key.as_bytes())?;
                out.flush()?;
                format!("{what} on standard output")
            }
            Self::Nowhere => format!("{what} not written (--public-out FILE)"),
        })
    }
}

/// A signing key as JWK or PEM, loaded back and used.
fn signing_key(alg: Algorithm, kid: &str, pem: bool) -> Result<Keys, Box<dyn Error>> {
    let generated = material::generate(alg, kid)?;
    match generated.pem {
        Some((private, public)) if pem => {
            let signing = SigningKey::from_pem(kid, alg, &private)?;
            check::signing(&signing, Some(VerifyingKey::from_pem(kid, alg, &public)?))?;
            Ok(Keys {
                private,
                public: Some(public),
            })
        }
        _ => {
            let private = format!("{}\n", generated.private_jwk);
            let signing = SigningKey::from_jwk(&private)?;
            let public = signing
                .verifying_key()
                .map(|key| format!("{}\n", key.to_jwk()));
            let verifying = public.as_deref().map(VerifyingKey::from_jwk).transpose()?;
            check::signing(&signing, verifying)?;
            Ok(Keys { private, public })
        }
    }
}

/// A PII key as `{"kid","master"}` JSON, loaded back and used.
fn pii_key(kid: &str) -> Result<Keys, Box<dyn Error>> {
    let mut master = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut master);
    let private = format!("{}\n", json!({"kid": kid, "master": B64.encode(master)}));
    check::pii(PiiKey::from_json(&private)?)?;
    Ok(Keys {
        private,
        public: None,
    })
}

/// A new file (never an existing one), owner-only on Unix for a private key.
fn create(path: &Path, private: bool) -> Result<File, Box<dyn Error>> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    if private {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    #[cfg(not(unix))]
    let _ = private;
    options.open(path).map_err(|err| {
        if err.kind() == std::io::ErrorKind::AlreadyExists {
            format!("{} exists: keygen never overwrites a key", path.display()).into()
        } else {
            format!("{}: {err}", path.display()).into()
        }
    })
}

fn default_kid(kind: Kind) -> String {
    let mut suffix = [0u8; 4];
    rand::thread_rng().fill_bytes(&mut suffix);
    let prefix = match kind {
        Kind::Pii => "pii",
        Kind::Signing(_) => "sig",
    };
    suffix.iter().fold(format!("{prefix}-"), |mut kid, b| {
        let _ = write!(kid, "{b:02x}");
        kid
    })
}
