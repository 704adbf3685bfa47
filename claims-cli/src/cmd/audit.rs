//! `claims audit`: which tokens and personal data a log holds, and where.
//! Exits 1 when it finds any, so a pipeline can gate on it.

use std::error::Error;
use std::io::Write;
use std::io::{BufRead, IsTerminal as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use claims_scrub::{FindingCounts, Location, audit_stream};
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::{Value, json};

/// Files at least this large get a progress bar (when stderr is a terminal).
const PROGRESS_MIN_BYTES: u64 = 64 << 20;

/// Report the tokens and PII in logs (files, or standard input); exit 1 if any.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The logs to read; standard input when none or `-`.
    files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// How many locations to list per file.
    #[arg(long, default_value_t = 10)]
    locations: usize,
    #[command(flatten)]
    detection: super::scrub::Detection,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

struct Report {
    name: String,
    counts: FindingCounts,
    lines: u64,
    bytes: u64,
    first: Vec<Location>,
}

pub(crate) fn run(args: &Args) -> Result<ExitCode, Box<dyn Error>> {
    let scrubber = args.detection.scrubber()?;
    let stdin = [PathBuf::from("-")];
    let files = if args.files.is_empty() {
        &stdin[..]
    } else {
        &args.files
    };
    let mut reports = Vec::with_capacity(files.len());
    for path in files {
        let input = super::open_input(Some(path))?;
        let progress = progress_bar(path);
        let input: Box<dyn BufRead> = match &progress {
            Some(bar) => Box::new(bar.wrap_read(input)),
            None => input,
        };
        let mut first = Vec::new();
        let stats = audit_stream(
            &scrubber,
            std::io::BufReader::new(input),
            args.detection.options(),
            |at| {
                if first.len() < args.locations {
                    first.push(at.clone());
                }
            },
        )?;
        if let Some(bar) = progress {
            bar.finish_and_clear();
        }
        reports.push(Report {
            name: path.display().to_string(),
            counts: stats.findings,
            lines: stats.lines,
            bytes: stats.bytes,
            first,
        });
    }
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Text => print_text(&mut out, &reports)?,
        Format::Json => writeln!(out, "{}", to_json(&reports))?,
    }
    let found = reports.iter().any(|r| r.counts.total() > 0);
    Ok(if found {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn progress_bar(path: &Path) -> Option<ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let len = std::fs::metadata(path).ok()?.len();
    (len >= PROGRESS_MIN_BYTES).then(|| {
        let bar = ProgressBar::new(len);
        if let Ok(style) =
            ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {bytes_per_sec} {eta}")
        {
            bar.set_style(style);
        }
        bar
    })
}

fn print_text(out: &mut impl Write, reports: &[Report]) -> std::io::Result<()> {
    for report in reports {
        let total = report.counts.total();
        writeln!(
            out,
            "{}: {} finding{} in {} lines ({} bytes)",
            report.name,
            total,
            if total == 1 { "" } else { "s" },
            report.lines,
            report.bytes
        )?;
        for (detector, count) in report.counts.iter().filter(|(_, n)| *n > 0) {
            writeln!(out, "  {detector:<8} {count}")?;
        }
        for at in &report.first {
            writeln!(
                out,
                "  {}:{}:{}: {} {}",
                report.name, at.line, at.column, at.label, at.masked
            )?;
        }
    }
    Ok(())
}

fn to_json(reports: &[Report]) -> Value {
    let files: Vec<Value> = reports
        .iter()
        .map(|r| {
            let counts: serde_json::Map<String, Value> = r
                .counts
                .iter()
                .filter(|(_, n)| *n > 0)
                .map(|(d, n)| (d.name().to_owned(), n.into()))
                .collect();
            let first: Vec<Value> = r
                .first
                .iter()
                .map(|at| {
                    json!({"line": at.line, "column": at.column, "offset": at.offset,
                    "kind": at.label, "len": at.len, "masked": at.masked})
                })
                .collect();
            json!({"file": r.name, "lines": r.lines, "bytes": r.bytes,
                "total": r.counts.total(), "counts": counts, "first": first})
        })
        .collect();
    json!({"files": files, "total": reports.iter().map(|r| r.counts.total()).sum::<u64>()})
}
