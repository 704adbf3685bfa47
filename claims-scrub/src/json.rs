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
//! Anything else (plain text, invalid JSON, invalid UTF-8, a bare JSON
//! scalar) falls back to the text scrubber, byte for byte. Nesting deeper
//! than [`max_depth`](JsonScrubberBuilder::max_depth) is replaced whole by
//! `"<redacted>"` rather than walked.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::finding::FindingCounts;
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
    /// Whether the line was transcoded as JSON (else it was text-scrubbed).
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
        self.fields.iter().any(|f| f.eq_ignore_ascii_case(name))
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
        let mut report = JsonReport::default();
        let looks_structured = matches!(line.trim_ascii_start().first(), Some(b'{' | b'['));
        if looks_structured {
            let mark = out.len();
            let mut ctx = Ctx {
                json: self,
                out: &mut *out,
                scratch: Vec::new(),
                report: &mut report,
            };
            let mut de = serde_json::Deserializer::from_slice(line);
            let done = Node {
                ctx: &mut ctx,
                depth: 0,
            }
            .deserialize(&mut de)
            .and_then(|()| de.end());
            if done.is_ok() {
                report.json = true;
                return report;
            }
            out.truncate(mark);
            report = JsonReport::default();
        }
        let found = self.text.findings(line);
        report.findings.add_all(&found);
        self.text.replace(line, 0, &found, out);
        report
    }
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

// ---------------------------------------------------------------------------
// The transcoder: a serde visitor that writes as it reads.

struct Ctx<'a> {
    json: &'a JsonScrubber,
    out: &'a mut Vec<u8>,
    /// Reused buffer for a scrubbed string before escaping.
    scratch: Vec<u8>,
    report: &'a mut JsonReport,
}

impl Ctx<'_> {
    fn redacted(&mut self) {
        self.out.push(b'"');
        self.out.extend_from_slice(REDACTED.as_bytes());
        self.out.push(b'"');
        self.report.masked += 1;
    }

    /// Writes `text`, text-scrubbed, as a JSON string.
    fn string(&mut self, text: &str) {
        let found = self.json.text.findings(text.as_bytes());
        self.out.push(b'"');
        if found.is_empty() {
            escape_into(text.as_bytes(), self.out);
        } else {
            self.report.findings.add_all(&found);
            self.scratch.clear();
            self.json
                .text
                .replace(text.as_bytes(), 0, &found, &mut self.scratch);
            escape_into(&self.scratch, self.out);
        }
        self.out.push(b'"');
    }

    /// Writes an integer, or its scrubbed text as a string if it holds a
    /// finding (a card number logged as a number).
    fn integer(&mut self, digits: &str) {
        if self.json.text.findings(digits.as_bytes()).is_empty() {
            self.out.extend_from_slice(digits.as_bytes());
        } else {
            self.string(digits);
        }
    }
}

/// JSON string escaping (RFC 8259 §7): quote, backslash and controls.
fn escape_into(text: &[u8], out: &mut Vec<u8>) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut last = 0;
    for (i, &b) in text.iter().enumerate() {
        let short: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            0..0x20 => &[],
            _ => continue,
        };
        out.extend_from_slice(&text[last..i]);
        if short.is_empty() {
            out.extend_from_slice(b"\\u00");
            out.push(HEX[usize::from(b >> 4)]);
            out.push(HEX[usize::from(b & 0xf)]);
        } else {
            out.extend_from_slice(short);
        }
        last = i + 1;
    }
    out.extend_from_slice(&text[last..]);
}

/// One JSON value at some depth.
struct Node<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for Node<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        if self.depth > self.ctx.json.max_depth {
            de.deserialize_ignored_any(IgnoredAny)?;
            self.ctx.redacted();
            return Ok(());
        }
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.ctx
            .out
            .extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.ctx.integer(itoa::Buffer::new().format(v));
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.ctx.integer(itoa::Buffer::new().format(v));
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        match serde_json::Number::from_f64(v) {
            Some(n) => self.ctx.out.extend_from_slice(n.to_string().as_bytes()),
            None => self.ctx.out.extend_from_slice(b"null"),
        }
        Ok(())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.ctx.string(v);
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.ctx.out.extend_from_slice(b"null");
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Node { ctx, depth } = self;
        ctx.out.push(b'[');
        let mut first = true;
        loop {
            let comma = ctx.out.len();
            if !first {
                ctx.out.push(b',');
            }
            let seed = Node {
                ctx: &mut *ctx,
                depth: depth + 1,
            };
            if seq.next_element_seed(seed)?.is_none() {
                ctx.out.truncate(comma);
                break;
            }
            first = false;
        }
        ctx.out.push(b']');
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Node { ctx, depth } = self;
        ctx.out.push(b'{');
        let mut first = true;
        while let Some(key) = map.next_key_seed(Key)? {
            if !first {
                ctx.out.push(b',');
            }
            first = false;
            ctx.string(&key);
            ctx.out.push(b':');
            if ctx.json.is_masked(&key) {
                map.next_value::<IgnoredAny>()?;
                ctx.redacted();
            } else {
                map.next_value_seed(Node {
                    ctx: &mut *ctx,
                    depth: depth + 1,
                })?;
            }
        }
        ctx.out.push(b'}');
        Ok(())
    }
}

/// An object key, borrowed from the input when it has no escapes.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        de.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        let mut out = Vec::new();
        escape_into(b"a\"b\\c\nd\x01e\x7f\xc3\xa9", &mut out);
        assert_eq!(out, b"a\\\"b\\\\c\\nd\\u0001e\x7f\xc3\xa9");
    }
}
