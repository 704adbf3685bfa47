//! [`JsonScrubber`]: structured scrubbing of JSON log lines.
//!
//! A line that is a JSON object or array is transcoded value by value (keys
//! keep their order, duplicates included): the value of a *masked field* is
//! replaced whole by `"<redacted>"`, and every other string, and every object
//! key, goes through the text [`Scrubber`]. Unescaping first means findings
//! hidden behind JSON escapes (`\u0040`, `\/`) are caught too. Integers are
//! scrubbed as text as well, so `{"pan":4111111111111111}` becomes
//! `{"pan":"<card>"}`. Output is compact JSON on one line (no trailing
//! newline); numbers are rewritten from their parsed value (`1.50` becomes
//! `1.5`).
//!
//! Anything else (plain text, malformed JSON: a non-UTF-8 byte, a lone
//! `\ud800`, `NaN`, trailing text, a truncated line; a bare JSON scalar)
//! is text-scrubbed byte for byte, and the field masks still hold: a
//! tolerant scanner ([`lenient`]) finds `"name": value` pairs by JSON's
//! lexical rules alone and replaces a masked field's value, whatever else
//! on the line is broken, so `{"password":"hunter2", NaN}` still hides
//! `hunter2`. Nesting deeper than
//! [`max_depth`](JsonScrubberBuilder::max_depth) is replaced whole by
//! `"<redacted>"` rather than walked.

mod lenient;
mod transcode;

use std::fmt;
use std::ops::Range;

use crate::finding::{Finding, FindingCounts};
use crate::scrubber::Scrubber;

/// Field names masked by default (compared ASCII case-insensitively, whole).
pub const DEFAULT_MASKED_FIELDS: &[&str] = &[
    "password",
    "passwd",
    "secret",
    "authorization",
    "token",
    "access_token",
    "refresh_token",
    "id_token",
    "cookie",
    "set-cookie",
    "email",
    "phone",
];

/// Default nesting depth walked (the top-level value is depth 0).
pub const DEFAULT_MAX_DEPTH: usize = 32;

/// What replaces a masked field's value.
pub const REDACTED: &str = "<redacted>";

/// Scrubs JSON log lines: masks named fields, text-scrubs the rest.
///
/// ```
/// use claims_scrub::{JsonScrubber, Scrubber};
///
/// let json = JsonScrubber::new(Scrubber::new());
/// let out = json.scrub_line(br#"{"msg":"login alice@example.com","Password":"hunter2","n":1}"#);
/// assert_eq!(out, br#"{"msg":"login <email>","Password":"<redacted>","n":1}"#);
/// ```
#[derive(Clone)]
pub struct JsonScrubber {
    text: Scrubber,
    fields: Vec<String>,
    max_depth: usize,
}

/// What [`JsonScrubber::scrub_line_into`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct JsonReport {
    /// Whether the line was transcoded as JSON (else it was text-scrubbed,
    /// with masked fields' values found by the tolerant scanner).
    pub json: bool,
    /// Masked fields (and over-deep values) replaced by `"<redacted>"`.
    pub masked: u64,
    /// Text findings replaced, per detector.
    pub findings: FindingCounts,
}

impl JsonScrubber {
    /// Masks [`DEFAULT_MASKED_FIELDS`] and walks [`DEFAULT_MAX_DEPTH`] levels.
    pub fn new(text: Scrubber) -> Self {
        JsonScrubber::builder(text).build()
    }

    /// Starts a builder with the defaults.
    pub fn builder(text: Scrubber) -> JsonScrubberBuilder {
        JsonScrubberBuilder {
            inner: JsonScrubber {
                text,
                fields: DEFAULT_MASKED_FIELDS
                    .iter()
                    .map(|&f| f.to_owned())
                    .collect(),
                max_depth: DEFAULT_MAX_DEPTH,
            },
        }
    }

    /// The text scrubber used for string values and fallback lines.
    pub fn text(&self) -> &Scrubber {
        &self.text
    }

    /// The masked field names (lowercase).
    pub fn masked_fields(&self) -> impl Iterator<Item = &str> {
        self.fields.iter().map(String::as_str)
    }

    /// Whether a field of this name is masked.
    pub fn is_masked(&self, name: &str) -> bool {
        self.is_masked_bytes(name.as_bytes())
    }

    fn is_masked_bytes(&self, name: &[u8]) -> bool {
        self.fields
            .iter()
            .any(|f| f.as_bytes().eq_ignore_ascii_case(name))
    }

    /// The scrubbed line (see [`JsonScrubber`]).
    pub fn scrub_line(&self, line: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(line.len());
        self.scrub_line_into(line, &mut out);
        out
    }

    /// Appends the scrubbed line to `out` and says what was done. `line`
    /// should not include its newline (trailing whitespace is allowed in
    /// JSON mode and kept in text mode).
    pub fn scrub_line_into(&self, line: &[u8], out: &mut Vec<u8>) -> JsonReport {
        let looks_structured = matches!(line.trim_ascii_start().first(), Some(b'{' | b'['));
        if looks_structured {
            let mark = out.len();
            let mut report = JsonReport::default();
            if transcode::transcode(self, line, out, &mut report) {
                report.json = true;
                return report;
            }
            out.truncate(mark);
        }
        let masks = lenient::masked_values(line, |name| self.is_masked_bytes(name));
        self.text_with_masks(line, &masks, out)
    }

    /// Appends `line` text-scrubbed, with each of `masks` (sorted, disjoint
    /// value ranges) replaced by `"<redacted>"`. A text finding that
    /// overlaps a masked value is redacted with it, so no part of either
    /// is written.
    fn text_with_masks(
        &self,
        line: &[u8],
        masks: &[Range<usize>],
        out: &mut Vec<u8>,
    ) -> JsonReport {
        let mut report = JsonReport::default();
        let found = self.text.findings(line);
        let mut written = 0;
        let (mut f, mut m) = (0, 0);
        while m < masks.len() {
            let mut redact = masks[m].clone();
            m += 1;
            report.masked += 1;
            let before = f;
            while f < found.len() && found[f].range.end <= redact.start {
                f += 1;
            }
            let clear = before..f;
            // Grow the redaction over whatever overlaps it.
            loop {
                if f < found.len() && found[f].range.start < redact.end {
                    redact.start = redact.start.min(found[f].range.start);
                    redact.end = redact.end.max(found[f].range.end);
                    f += 1;
                } else if m < masks.len() && masks[m].start < redact.end {
                    redact.end = redact.end.max(masks[m].end);
                    m += 1;
                    report.masked += 1;
                } else {
                    break;
                }
            }
            self.write_text(
                &line[..redact.start],
                written,
                &found[clear],
                out,
                &mut report,
            );
            write_redacted(out);
            written = redact.end;
        }
        self.write_text(line, written, &found[f..], out, &mut report);
        report
    }

    /// Appends `text[from..]` with `found` (inside it) replaced, counting them.
    fn write_text(
        &self,
        text: &[u8],
        from: usize,
        found: &[Finding],
        out: &mut Vec<u8>,
        report: &mut JsonReport,
    ) {
        report.findings.add_all(found);
        self.text.replace(text, from, found, out);
    }
}

/// Appends `"<redacted>"`, a JSON string.
fn write_redacted(out: &mut Vec<u8>) {
    out.push(b'"');
    out.extend_from_slice(REDACTED.as_bytes());
    out.push(b'"');
}

impl fmt::Debug for JsonScrubber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsonScrubber")
            .field("text", &self.text)
            .field("fields", &self.fields)
            .field("max_depth", &self.max_depth)
            .finish()
    }
}

/// Configures a [`JsonScrubber`].
#[derive(Clone, Debug)]
pub struct JsonScrubberBuilder {
    inner: JsonScrubber,
}

impl JsonScrubberBuilder {
    /// Masks fields named `name` too (ASCII case-insensitive, whole name).
    #[must_use]
    pub fn mask_field(mut self, name: &str) -> Self {
        if !self.inner.is_masked(name) {
            self.inner.fields.push(name.to_ascii_lowercase());
        }
        self
    }

    /// Stops masking fields named `name` (their values are text-scrubbed
    /// like any other).
    #[must_use]
    pub fn unmask_field(mut self, name: &str) -> Self {
        self.inner.fields.retain(|f| !f.eq_ignore_ascii_case(name));
        self
    }

    /// Masks no field by name (start from an empty list).
    #[must_use]
    pub fn clear_masked_fields(mut self) -> Self {
        self.inner.fields.clear();
        self
    }

    /// Nesting depth walked; deeper values become `"<redacted>"`.
    #[must_use]
    pub fn max_depth(mut self, depth: usize) -> Self {
        self.inner.max_depth = depth;
        self
    }

    /// Builds the scrubber.
    pub fn build(self) -> JsonScrubber {
        self.inner
    }
}
