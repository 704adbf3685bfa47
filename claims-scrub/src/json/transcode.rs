//! The transcoder for lines that parse as JSON: a serde visitor that
//! writes as it reads, masking named fields and text-scrubbing every other
//! string and key.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::{JsonReport, JsonScrubber};

/// Transcodes `line` into `out` if it is one JSON value and nothing else;
/// on `false`, `out` may hold a partial write (the caller truncates it).
pub(super) fn transcode(
    json: &JsonScrubber,
    line: &[u8],
    out: &mut Vec<u8>,
    report: &mut JsonReport,
) -> bool {
    let mut ctx = Ctx {
        json,
        out,
        scratch: Vec::new(),
        report,
    };
    let mut de = serde_json::Deserializer::from_slice(line);
    Node {
        ctx: &mut ctx,
        depth: 0,
    }
    .deserialize(&mut de)
    .and_then(|()| de.end())
    .is_ok()
}

struct Ctx<'a> {
    json: &'a JsonScrubber,
    out: &'a mut Vec<u8>,
    /// Reused buffer for a scrubbed string before escaping.
    scratch: Vec<u8>,
    report: &'a mut JsonReport,
}

impl Ctx<'_> {
    fn redacted(&mut self) {
        super::write_redacted(self.out);
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
