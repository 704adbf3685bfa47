//! `claims`: keep tokens and personal data out of logs, and look inside tokens.
//!
//! - `claims scrub [FILE]`: a log, scrubbed, streaming with bounded memory.
//! - `claims audit [FILE...]`: what tokens and PII a log holds; exits 1 if any.
//! - `claims inspect TOKEN`: header and claims, labelled; `--key`/`--jwks` to verify.
//! - `claims keygen`: a fresh signing or PII key, as JWK or PEM, one key per
//!   file or stream, each read as it is by its `claims_core` loader.
//!
//! Exit codes: 0 success (audit: clean), 1 audit found something or a token
//! failed verification, 2 usage or I/O error.

mod cmd;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "claims", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Scrub(cmd::scrub::Args),
    Audit(cmd::audit::Args),
    Inspect(cmd::inspect::Args),
    Keygen(cmd::keygen::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Scrub(args) => cmd::scrub::run(&args),
        Command::Audit(args) => cmd::audit::run(&args),
        Command::Inspect(args) => cmd::inspect::run(&args),
        Command::Keygen(args) => cmd::keygen::run(&args),
    };
    match result {
        Ok(code) => code,
        // The reader went away (`claims audit big.log | head`): not an error.
        Err(err)
            if err
                .downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("claims: {err}");
            ExitCode::from(2)
        }
    }
}
