//! [`Scrubber`]: finds what the detectors find and writes placeholders or
//! keyed pseudonyms in its place.

use std::borrow::Cow;
use std::fmt;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::detector::{Detector, DetectorSet, Label};
use crate::finding::Finding;
use crate::scan::{resolve, scan_all};

type HmacSha256 = Hmac<Sha256>;

/// The domain-separation label of scrubber pseudonyms.
const PSEUDONYM_LABEL: &[u8] = b"claims/scrub/v1";
/// Hex characters of a pseudonym (48 bits: enough to correlate incidents,
/// too few to serve as a stable identifier across data sets).
const PSEUDONYM_HEX: usize = 12;

/// Finds tokens and personal data in text and replaces them.
///
/// Built once (cheap to clone, `Send + Sync`) and used for any number of
/// inputs. Inputs are bytes: logs are not always UTF-8, and every detector
/// is ASCII-based, so invalid UTF-8 is simply skipped over.
///
/// Each finding is replaced by a typed placeholder (`<email>`, `<jwt>`, ...;
/// see [`Detector`]) or, with a [pseudonym key](ScrubberBuilder::pseudonym_key),
/// by a keyed pseudonym such as `<email:3f9a1c2b7d4e>`: the first 12 hex
/// digits of `HMAC-SHA256(key, "claims/scrub/v1" 0x00 label 0x00 value)`,
/// where `label` is the placeholder kind and `value` the matched bytes,
/// normalized so that spellings of one value agree (emails, IPv6 and hex
/// lowercased; phone, card, SSN and IBAN separators removed, IBAN uppercased).
/// The same value always gives the same pseudonym under the same key, so
/// incidents can be correlated without the value itself.
///
/// Overlapping findings are resolved by keeping the one that starts first,
/// then the longest, then the detector listed first in [`Detector::ALL`]
/// (so `Bearer eyJ...` shows `Bearer <jwt>`).
///
/// Cost: one pass per trigger (see the module docs) plus a bounded
/// look-around per candidate, so time is linear in the input; memory is the
/// output plus 24 bytes per finding.
#[derive(Clone)]
pub struct Scrubber {
    detectors: DetectorSet,
    key: Option<HmacSha256>,
}

impl Scrubber {
    /// A scrubber with every detector and plain placeholders.
    pub fn new() -> Self {
        Scrubber::builder().build()
    }

    /// Starts a builder (every detector, no key).
    pub fn builder() -> ScrubberBuilder {
        ScrubberBuilder {
            detectors: DetectorSet::all(),
            key: None,
        }
    }

    /// The enabled detectors.
    pub fn detectors(&self) -> DetectorSet {
        self.detectors
    }

    /// Whether findings are replaced by keyed pseudonyms.
    pub fn is_keyed(&self) -> bool {
        self.key.is_some()
    }

    /// The findings in `input`, sorted and non-overlapping (what
    /// [`scrub`](Self::scrub) replaces). Ranges index `input`.
    pub fn findings(&self, input: &[u8]) -> Vec<Finding> {
        self.findings_from(input, 0)
    }

    /// [`findings`](Self::findings) restricted to those starting at or
    /// after `from` (bytes before it are context: they decide boundaries).
    pub(crate) fn findings_from(&self, input: &[u8], from: usize) -> Vec<Finding> {
        let mut found = Vec::new();
        scan_all(input, self.detectors, &mut found);
        if from > 0 {
            found.retain(|f| f.range.start >= from);
        }
        resolve(&mut found);
        found
    }

    /// Whether `input` holds anything to scrub.
    pub fn is_clean(&self, input: &[u8]) -> bool {
        self.findings(input).is_empty()
    }

    /// `input` with every finding replaced; borrowed when there is none.
    pub fn scrub<'a>(&self, input: &'a [u8]) -> Cow<'a, [u8]> {
        let found = self.findings(input);
        if found.is_empty() {
            return Cow::Borrowed(input);
        }
        let mut out = Vec::with_capacity(input.len());
        self.replace(input, 0, &found, &mut out);
        Cow::Owned(out)
    }

    /// [`scrub`](Self::scrub) for text. Findings are ASCII and placeholders
    /// are ASCII, so the result is valid UTF-8 whenever the input is.
    pub fn scrub_str<'a>(&self, input: &'a str) -> Cow<'a, str> {
        match self.scrub(input.as_bytes()) {
            Cow::Borrowed(_) => Cow::Borrowed(input),
            Cow::Owned(bytes) => Cow::Owned(
                String::from_utf8(bytes)
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
            ),
        }
    }

    /// Appends `input`, scrubbed, to `out`; returns how many findings were
    /// replaced.
    pub fn scrub_into(&self, input: &[u8], out: &mut Vec<u8>) -> usize {
        let found = self.findings(input);
        self.replace(input, 0, &found, out);
        found.len()
    }

    /// Appends `input[from..]` to `out` with `found` (sorted,
    /// non-overlapping, inside `from..`) replaced.
    pub(crate) fn replace(&self, input: &[u8], from: usize, found: &[Finding], out: &mut Vec<u8>) {
        let mut last = from;
        for f in found {
            out.extend_from_slice(&input[last..f.range.start]);
            self.write_placeholder(f.label_kind(), &input[f.range.clone()], out);
            last = f.range.end;
        }
        out.extend_from_slice(&input[last..]);
    }

    /// The replacement for one finding (`value` its matched bytes).
    pub fn placeholder_for(&self, finding: &Finding, value: &[u8]) -> String {
        let mut out = Vec::new();
        self.write_placeholder(finding.label_kind(), value, &mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    fn write_placeholder(&self, label: Label, value: &[u8], out: &mut Vec<u8>) {
        let Some(key) = &self.key else {
            out.extend_from_slice(label.placeholder().as_bytes());
            return;
        };
        let mut mac = key.clone();
        mac.update(PSEUDONYM_LABEL);
        mac.update(&[0]);
        mac.update(label.name().as_bytes());
        mac.update(&[0]);
        normalize(label, value, |chunk| mac.update(chunk));
        let tag = mac.finalize().into_bytes();
        out.push(b'<');
        out.extend_from_slice(label.name().as_bytes());
        out.push(b':');
        for &b in &tag[..PSEUDONYM_HEX / 2] {
            out.push(HEX[usize::from(b >> 4)]);
            out.push(HEX[usize::from(b & 0xf)]);
        }
        out.push(b'>');
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Feeds `value`, normalized for its kind, to `sink` (a byte at a time where
/// bytes change, the whole value where none do).
fn normalize(label: Label, value: &[u8], mut sink: impl FnMut(&[u8])) {
    match label {
        Label::Email | Label::Ipv6 => {
            for &b in value {
                sink(&[b.to_ascii_lowercase()]);
            }
        }
        Label::Phone | Label::Card | Label::Ssn => {
            for &b in value.iter().filter(|b| b.is_ascii_digit()) {
                sink(&[b]);
            }
        }
        Label::Iban => {
            for &b in value.iter().filter(|b| b.is_ascii_alphanumeric()) {
                sink(&[b.to_ascii_uppercase()]);
            }
        }
        Label::Jwt | Label::Bearer | Label::Ipv4 | Label::H1 | Label::E1 => sink(value),
    }
}

impl Default for Scrubber {
    fn default() -> Self {
        Scrubber::new()
    }
}

impl fmt::Debug for Scrubber {
    /// Shows the detectors and whether a key is set, never the key.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Scrubber")
            .field("detectors", &self.detectors)
            .field("keyed", &self.key.is_some())
            .finish()
    }
}

/// Configures a [`Scrubber`].
#[derive(Clone)]
pub struct ScrubberBuilder {
    detectors: DetectorSet,
    key: Option<HmacSha256>,
}

impl ScrubberBuilder {
    /// Uses exactly these detectors.
    #[must_use]
    pub fn detectors(mut self, detectors: impl Into<DetectorSet>) -> Self {
        self.detectors = detectors.into();
        self
    }

    /// Adds a detector.
    #[must_use]
    pub fn enable(mut self, detector: Detector) -> Self {
        self.detectors = self.detectors.with(detector);
        self
    }

    /// Removes a detector.
    #[must_use]
    pub fn disable(mut self, detector: Detector) -> Self {
        self.detectors = self.detectors.without(detector);
        self
    }

    /// Replaces findings by keyed pseudonyms (`<email:3f9a1c2b7d4e>`) made
    /// with this 32-byte key. Use a key of its own (not a signing or PII
    /// key): anyone holding it can test guesses against a pseudonym.
    #[must_use]
    pub fn pseudonym_key(mut self, key: &[u8; 32]) -> Self {
        // HMAC takes keys of any length, so this is always `Some`.
        self.key = <HmacSha256 as Mac>::new_from_slice(key).ok();
        self
    }

    /// Builds the scrubber.
    pub fn build(self) -> Scrubber {
        Scrubber {
            detectors: self.detectors,
            key: self.key,
        }
    }
}

impl fmt::Debug for ScrubberBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ScrubberBuilder")
            .field("detectors", &self.detectors)
            .field("keyed", &self.key.is_some())
            .finish()
    }
}
