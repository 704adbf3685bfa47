//! `claims scrub`: a log, scrubbed, streaming with bounded memory.

use std::error::Error;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use claims_scrub::{
    Detector, DetectorSet, JsonScrubber, Scrubber, StreamOptions, scrub_json_stream,
    scrub_stream_with,
};

/// Replace tokens and personal data in a log (a file, or standard input).
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The log to read; standard input when absent or `-`.
    file: Option<PathBuf>,
    /// Write here instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Treat each line as JSON: mask sensitive fields by name, scrub the other strings.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    detection: Detection,
}

/// Options shared by `scrub` and `audit`.
#[derive(clap::Args)]
pub(crate) struct Detection {
    /// Only these detectors (comma-separated: jwt,bearer,email,phone,ipv4,ipv6,card,iban,ssn,wire).
    #[arg(long, value_delimiter = ',')]
    pub(crate) detectors: Vec<Detector>,
    /// A file holding a base64url 32-byte key: replace each finding with a
    /// keyed pseudonym (`<email:3f9a…>`) instead of a bare placeholder, so
    /// one value always maps to one placeholder.
    #[arg(long)]
    pub(crate) pseudonym_key: Option<PathBuf>,
    /// Lines longer than this many bytes are handled in windows.
    #[arg(long, default_value_t = claims_scrub::stream::DEFAULT_MAX_LINE)]
    pub(crate) max_line: usize,
}

impl Detection {
    pub(crate) fn scrubber(&self) -> Result<Scrubber, Box<dyn Error>> {
        let mut builder = Scrubber::builder();
        if !self.detectors.is_empty() {
            builder = builder.detectors(self.detectors.iter().copied().collect::<DetectorSet>());
        }
        if let Some(path) = &self.pseudonym_key {
            builder = builder.pseudonym_key(&read_key(path)?);
        }
        Ok(builder.build())
    }

    pub(crate) fn options(&self) -> StreamOptions {
        StreamOptions::default().max_line(self.max_line)
    }
}

fn read_key(path: &Path) -> Result<[u8; 32], Box<dyn Error>> {
    let text = std::fs::read_to_string(path)?;
    let key = B64
        .decode(text.trim())
        .map_err(|_| "the pseudonym key file must hold base64url (no padding)")?;
    key.try_into()
        .map_err(|_| "the pseudonym key must be 32 bytes".into())
}

pub(crate) fn run(args: &Args) -> Result<ExitCode, Box<dyn Error>> {
    let scrubber = args.detection.scrubber()?;
    let input = super::open_input(args.file.as_deref())?;
    let output: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(File::create(path)?),
        None => Box::new(io::stdout().lock()),
    };
    let output = BufWriter::with_capacity(1 << 16, output);
    let options = args.detection.options();
    if args.json {
        scrub_json_stream(&JsonScrubber::new(scrubber), input, output, options)?;
    } else {
        scrub_stream_with(&scrubber, input, output, options)?;
    }
    Ok(ExitCode::SUCCESS)
}
