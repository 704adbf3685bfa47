//! Streaming: scrub or audit a log of any size with bounded memory.
//!
//! The input is read through a [`BufRead`] and handled a read at a time:
//! whole lines are scrubbed as a block (no detector crosses a newline, so a
//! block gives the same result as its lines one by one). A line longer than
//! [`StreamOptions::max_line`] (default 1 MiB) is handled in windows of that
//! size: each window's findings are final up to [`OVERLAP`] (4 KiB) before
//! its end, or up to the end of a finding straddling that point, and the
//! rest is carried over to the next window together with 64 bytes of left
//! context. Every detector except the unbounded token shapes matches at
//! most a few hundred bytes, so nothing is missed at a window boundary.
//!
//! **Limit**: a JWT, bearer credential or `e1.` value that reaches the end
//! of a window (so is longer than about `OVERLAP`) is replaced from its start
//! to the window end, and the token characters that continue it at the start
//! of the next window are dropped with it: the whole token becomes one
//! placeholder, and audits report it once with the length seen in the first
//! window.
//!
//! Memory: the reader's buffer, pending bytes (at most `max_line` plus one
//! read: a long line whose end arrives in the same read as its start is
//! handled whole), and the scrubbed copy of one block; independent of the
//! input size.

use std::io::{self, BufRead, ErrorKind, Write};

use memchr::{memchr_iter, memrchr};

use crate::bytes::is_b64url;
use crate::detector::{Detector, Label};
use crate::finding::{Finding, FindingCounts};
use crate::json::JsonScrubber;
use crate::scrubber::Scrubber;

/// How close to a window's end a finding may start and still be decided in
/// that window; findings starting later wait for the next window.
pub const OVERLAP: usize = 4096;
/// Default longest line handled whole.
pub const DEFAULT_MAX_LINE: usize = 1 << 20;
/// Bytes of left context kept before each continuation window.
const CONTEXT: usize = 64;

/// Options of the streaming functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct StreamOptions {
    /// Lines longer than this are handled in windows of this size (at least
    /// `2 * OVERLAP`; smaller values are raised to that).
    pub max_line: usize,
}

impl Default for StreamOptions {
    fn default() -> Self {
        StreamOptions {
            max_line: DEFAULT_MAX_LINE,
        }
    }
}

impl StreamOptions {
    /// Options with this line cap.
    #[must_use]
    pub fn max_line(mut self, max_line: usize) -> Self {
        self.max_line = max_line;
        self
    }

    fn window(self) -> usize {
        self.max_line.max(2 * OVERLAP)
    }
}

/// What a streaming function saw.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Stats {
    /// Input bytes read.
    pub bytes: u64,
    /// Input lines (a last line without a newline counts).
    pub lines: u64,
    /// Lines longer than the cap, handled in windows.
    pub long_lines: u64,
    /// Findings per detector.
    pub findings: FindingCounts,
    /// JSON mode only: lines transcoded as JSON.
    pub json_lines: u64,
    /// JSON mode only: masked fields replaced by `"<redacted>"`.
    pub masked: u64,
}

/// Where [`audit_stream`] found something. Carries no matched bytes, only a
/// [masked preview](Finding::masked).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Location {
    /// The detector.
    pub detector: Detector,
    /// The placeholder kind ([`Finding::label`]).
    pub label: &'static str,
    /// 1-based line number.
    pub line: u64,
    /// 1-based byte column in the line.
    pub column: u64,
    /// 0-based byte offset in the stream.
    pub offset: u64,
    /// Length in bytes (as seen in one window, for overlong tokens).
    pub len: usize,
    /// A masked preview ([`Finding::masked`]).
    pub masked: String,
}

/// Copies `reader` to `writer` with every finding replaced (see the
/// [module docs](self) for long lines).
pub fn scrub_stream<R: BufRead, W: Write>(
    scrubber: &Scrubber,
    reader: R,
    writer: W,
) -> io::Result<Stats> {
    scrub_stream_with(scrubber, reader, writer, StreamOptions::default())
}

/// [`scrub_stream`] with options.
pub fn scrub_stream_with<R: BufRead, W: Write>(
    scrubber: &Scrubber,
    reader: R,
    writer: W,
    options: StreamOptions,
) -> io::Result<Stats> {
    let mut sink = TextSink {
        scrubber,
        writer,
        out: Vec::new(),
        stats: Stats::default(),
    };
    drive(reader, options, &mut sink)?;
    sink.writer.flush()?;
    Ok(sink.stats)
}

/// Copies JSON lines from `reader` to `writer` through a [`JsonScrubber`]
/// (each line on its own; non-JSON lines are text-scrubbed). Lines over the
/// cap are text-scrubbed in windows: field masks do not apply to them.
pub fn scrub_json_stream<R: BufRead, W: Write>(
    json: &JsonScrubber,
    reader: R,
    writer: W,
    options: StreamOptions,
) -> io::Result<Stats> {
    let mut sink = JsonSink {
        json,
        text: TextSink {
            scrubber: json.text(),
            writer,
            out: Vec::new(),
            stats: Stats::default(),
        },
        continuation: false,
    };
    drive(reader, options, &mut sink)?;
    sink.text.writer.flush()?;
    Ok(sink.text.stats)
}

/// Reads `reader` and calls `on_finding` for each finding, in order.
pub fn audit_stream<R: BufRead>(
    scrubber: &Scrubber,
    reader: R,
    options: StreamOptions,
    on_finding: impl FnMut(&Location),
) -> io::Result<Stats> {
    let mut sink = AuditSink {
        scrubber,
        on_finding,
        line: 1,
        line_start: 0,
        stats: Stats::default(),
    };
    drive(reader, options, &mut sink)?;
    Ok(sink.stats)
}

// ---------------------------------------------------------------------------
// The driver

/// What the driver hands its sink. In both calls `buf[..from]` is context
/// (already handled) and `base` is the stream offset of `buf[0]`.
trait Sink {
    /// `buf[from..]` is whole lines (the last may lack its newline at EOF).
    fn lines(&mut self, buf: &[u8], from: usize, base: u64) -> io::Result<()>;
    /// `buf[from..]` is the start of an overlong line; handles a prefix of
    /// it, [`plan`] deciding where it ends.
    fn partial(&mut self, plan: &Plan, buf: &[u8], from: usize, base: u64) -> io::Result<()>;
    fn stats(&mut self) -> &mut Stats;
    fn scrubber(&self) -> &Scrubber;
}

/// How much of an overlong line's window is final.
struct Plan {
    findings: Vec<Finding>,
    commit: usize,
    /// A finding reaches the window end: drop its continuation.
    swallow: Option<Label>,
}

fn plan(scrubber: &Scrubber, buf: &[u8], from: usize) -> Plan {
    let cut = buf.len().saturating_sub(OVERLAP).max(from + 1);
    let mut findings = scrubber.findings_from(buf, from);
    let keep = findings.partition_point(|f| f.range.start < cut);
    findings.truncate(keep);
    let mut commit = cut;
    let mut swallow = None;
    if let Some(last) = findings.last() {
        commit = commit.max(last.range.end);
        if last.range.end == buf.len() {
            swallow = Some(last.label_kind());
        }
    }
    Plan {
        findings,
        commit,
        swallow,
    }
}

/// Whether `b` can continue a token of this kind across a window boundary.
fn continues(label: Label, b: u8) -> bool {
    match label {
        Label::Bearer => b.is_ascii_graphic() && !matches!(b, b'"' | b'\'' | b',' | b';' | b'\\'),
        _ => is_b64url(b) || b == b'.',
    }
}

fn drive<R: BufRead>(
    mut reader: R,
    options: StreamOptions,
    sink: &mut impl Sink,
) -> io::Result<()> {
    let window = options.window();
    let mut pend: Vec<u8> = Vec::new();
    // `pend[..ctx]` is context already handed to the sink.
    let mut ctx = 0;
    let mut base: u64 = 0;
    let mut swallow: Option<Label> = None;
    let mut last_byte = b'\n';
    let mut in_long = false;
    loop {
        let data = match reader.fill_buf() {
            Ok(data) => data,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if data.is_empty() {
            break;
        }
        let n = data.len();
        let stats = sink.stats();
        stats.bytes += n as u64;
        stats.lines += memchr_iter(b'\n', data).count() as u64;
        last_byte = data[n - 1];
        let old = pend.len();
        pend.extend_from_slice(data);
        reader.consume(n);

        // Drop the continuation of a token cut at the previous window's end
        // (it becomes context, so it is neither written nor re-scanned).
        if let Some(label) = swallow {
            let more = pend[ctx..]
                .iter()
                .take_while(|&&b| continues(label, b))
                .count();
            ctx += more;
            if ctx < pend.len() {
                swallow = None;
            }
            trim_context(&mut pend, &mut ctx, &mut base);
        }

        if let Some(k) = memrchr(b'\n', &pend[old.max(ctx)..]) {
            let cut = old.max(ctx) + k + 1;
            sink.lines(&pend[..cut], ctx, base)?;
            in_long = false;
            pend.drain(..cut);
            base += cut as u64;
            ctx = 0;
        }
        while pend.len() - ctx >= window {
            if !in_long {
                in_long = true;
                sink.stats().long_lines += 1;
            }
            let plan = plan(sink.scrubber(), &pend, ctx);
            sink.partial(&plan, &pend, ctx, base)?;
            ctx = plan.commit;
            if let Some(label) = plan.swallow {
                ctx += pend[ctx..]
                    .iter()
                    .take_while(|&&b| continues(label, b))
                    .count();
                swallow = (ctx == pend.len()).then_some(label);
            }
            trim_context(&mut pend, &mut ctx, &mut base);
        }
    }
    if pend.len() > ctx {
        sink.lines(&pend, ctx, base)?;
    }
    if last_byte != b'\n' {
        sink.stats().lines += 1;
    }
    Ok(())
}

/// Keeps at most [`CONTEXT`] bytes of context in `pend`.
fn trim_context(pend: &mut Vec<u8>, ctx: &mut usize, base: &mut u64) {
    if *ctx > CONTEXT {
        let drop = *ctx - CONTEXT;
        pend.drain(..drop);
        *ctx -= drop;
        *base += drop as u64;
    }
}

// ---------------------------------------------------------------------------
// Sinks

struct TextSink<'s, W> {
    scrubber: &'s Scrubber,
    writer: W,
    out: Vec<u8>,
    stats: Stats,
}

impl<W: Write> TextSink<'_, W> {
    fn write(&mut self, buf: &[u8], from: usize, findings: &[Finding]) -> io::Result<()> {
        self.stats.findings.add_all(findings);
        self.out.clear();
        self.scrubber.replace(buf, from, findings, &mut self.out);
        self.writer.write_all(&self.out)
    }
}

impl<W: Write> Sink for TextSink<'_, W> {
    fn lines(&mut self, buf: &[u8], from: usize, _base: u64) -> io::Result<()> {
        let findings = self.scrubber.findings_from(buf, from);
        self.write(buf, from, &findings)
    }

    fn partial(&mut self, plan: &Plan, buf: &[u8], from: usize, _base: u64) -> io::Result<()> {
        self.write(&buf[..plan.commit], from, &plan.findings)
    }

    fn stats(&mut self) -> &mut Stats {
        &mut self.stats
    }

    fn scrubber(&self) -> &Scrubber {
        self.scrubber
    }
}

struct JsonSink<'s, W> {
    json: &'s JsonScrubber,
    text: TextSink<'s, W>,
    /// The first line of the next block continues an overlong line.
    continuation: bool,
}

impl<W: Write> Sink for JsonSink<'_, W> {
    fn lines(&mut self, buf: &[u8], from: usize, base: u64) -> io::Result<()> {
        let mut start = from;
        if self.continuation {
            // The tail of an overlong line: text, like its beginning.
            self.continuation = false;
            let end = memchr::memchr(b'\n', &buf[from..]).map_or(buf.len(), |k| from + k + 1);
            self.text.lines(&buf[..end], from, base)?;
            start = end;
        }
        let out = &mut self.text.out;
        out.clear();
        for line in buf[start..].split_inclusive(|&b| b == b'\n') {
            let (body, newline) = match line.split_last() {
                Some((b'\n', body)) => (body, true),
                _ => (line, false),
            };
            let report = self.json.scrub_line_into(body, out);
            let stats = &mut self.text.stats;
            stats.findings.merge(&report.findings);
            stats.masked += report.masked;
            stats.json_lines += u64::from(report.json);
            if newline {
                out.push(b'\n');
            }
        }
        self.text.writer.write_all(out)
    }

    fn partial(&mut self, plan: &Plan, buf: &[u8], from: usize, base: u64) -> io::Result<()> {
        self.continuation = true;
        self.text.partial(plan, buf, from, base)
    }

    fn stats(&mut self) -> &mut Stats {
        &mut self.text.stats
    }

    fn scrubber(&self) -> &Scrubber {
        self.text.scrubber
    }
}

struct AuditSink<'s, F> {
    scrubber: &'s Scrubber,
    on_finding: F,
    /// The current line number and the stream offset where it starts.
    line: u64,
    line_start: u64,
    stats: Stats,
}

impl<F: FnMut(&Location)> AuditSink<'_, F> {
    /// Reports `findings` in `buf[from..end]`, keeping line numbers.
    fn report(&mut self, buf: &[u8], from: usize, end: usize, base: u64, findings: &[Finding]) {
        let mut pos = from;
        for f in findings {
            self.newlines(buf, pos, f.range.start, base);
            pos = f.range.start;
            let offset = base + f.range.start as u64;
            self.stats.findings.add(f.detector);
            (self.on_finding)(&Location {
                detector: f.detector,
                label: f.label(),
                line: self.line,
                column: offset - self.line_start + 1,
                offset,
                len: f.range.len(),
                masked: f.masked(buf),
            });
        }
        self.newlines(buf, pos, end, base);
    }

    fn newlines(&mut self, buf: &[u8], from: usize, to: usize, base: u64) {
        for k in memchr_iter(b'\n', &buf[from..to]) {
            self.line += 1;
            self.line_start = base + (from + k + 1) as u64;
        }
    }
}

impl<F: FnMut(&Location)> Sink for AuditSink<'_, F> {
    fn lines(&mut self, buf: &[u8], from: usize, base: u64) -> io::Result<()> {
        let findings = self.scrubber.findings_from(buf, from);
        self.report(buf, from, buf.len(), base, &findings);
        Ok(())
    }

    fn partial(&mut self, plan: &Plan, buf: &[u8], from: usize, base: u64) -> io::Result<()> {
        self.report(buf, from, plan.commit, base, &plan.findings);
        Ok(())
    }

    fn stats(&mut self) -> &mut Stats {
        &mut self.stats
    }

    fn scrubber(&self) -> &Scrubber {
        self.scrubber
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swallow_sets() {
        assert!(continues(Label::Jwt, b'.') && !continues(Label::Jwt, b'='));
        assert!(continues(Label::Bearer, b'=') && !continues(Label::Bearer, b' '));
    }

    #[test]
    fn context_is_trimmed() {
        let mut pend = vec![0u8; 200];
        let (mut ctx, mut base) = (150, 10);
        trim_context(&mut pend, &mut ctx, &mut base);
        assert_eq!((pend.len(), ctx, base), (114, 64, 96));
    }
}
