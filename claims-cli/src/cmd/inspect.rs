//! `claims inspect`: a token's header and claims, each labelled by how it
//! travels, without verifying unless asked to. The command line and files;
//! the parsing and the report are `claims_cli::inspect`.

use std::error::Error;
use std::io::Read as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use claims_cli::inspect::{Inspection, verify_with_jwks, verify_with_key};

/// Show a token's header and claims (not verified unless --key or --jwks).
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
}

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
    Valid(String),
    Invalid(claims_core::Error),
}

impl Verification {
    fn describe(&self) -> String {
        match self {
            Verification::NotVerified => "not verified (pass --key or --jwks)".to_owned(),
            Verification::Valid(kid) => format!("valid (key {kid})"),
            Verification::Invalid(err) => format!("INVALID: {err}"),
        }
    }
}

fn verify(
    args: &Args,
    token: &str,
    inspection: &Inspection,
) -> Result<Verification, Box<dyn Error>> {
    let result = if let Some(path) = &args.key {
        verify_with_key(&std::fs::read(path)?, args.alg.as_deref(), token)?
    } else if let Some(path) = &args.jwks {
        verify_with_jwks(&std::fs::read(path)?, inspection.kid(), token)?
    } else {
        return Ok(Verification::NotVerified);
    };
    Ok(match result {
        Ok(kid) => Verification::Valid(kid),
        Err(err) => Verification::Invalid(err),
    })
}
