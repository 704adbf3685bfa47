//! [`ValueGuard`]: the scrubber's detectors as a check on one short value,
//! for code that must refuse personal data rather than rewrite it (a
//! public claim about to travel in a token in the clear).

use crate::detector::{Detector, DetectorSet};
use crate::scan::{first, scan_all};

/// Says whether one short value holds personal data or a credential, and
/// which kind: the [`Detector`] of the first finding, as the [`Scrubber`]
/// would report it (leftmost, then longest, then by [`Detector::ALL`]
/// order). The answer never carries any part of the value.
///
/// The default detectors ([`ValueGuard::DEFAULT_DETECTORS`]) are the kinds
/// that are personal data or a secret wherever they appear: email, phone,
/// card, IBAN, US SSN, JWT, bearer credential and `h1.`/`e1.` wire values.
/// IP addresses are left out: they are the point of some claims (a
/// client address bound into a token) and four-part version numbers look
/// like them. [`with_detectors`](Self::with_detectors) picks another set.
///
/// ```
/// use claims_scrub::{Detector, ValueGuard};
///
/// let guard = ValueGuard::new();
/// assert_eq!(guard.check("admin"), None);
/// assert_eq!(guard.check("call alice@example.com"), Some(Detector::Email));
/// assert_eq!(guard.check("v1.2.3.4 at 10.0.0.1"), None);
/// ```
///
/// # Cost
///
/// One pass of each enabled scanner over the value: linear in its length,
/// with a bounded look-around per candidate, whatever the input. On a
/// value with no finding it allocates nothing (the findings list is only
/// allocated when a scanner finds something); the first call in a process
/// builds the literal searcher once. A short claim value takes a few tens
/// of nanoseconds (BENCHMARKS.md, `guard/*` in
/// `cargo bench -p claims-scrub --bench scrub`).
///
/// [`Scrubber`]: crate::Scrubber
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ValueGuard {
    detectors: DetectorSet,
}

impl ValueGuard {
    /// Email, phone, card, IBAN, US SSN, JWT, bearer credential, wire value.
    pub const DEFAULT_DETECTORS: DetectorSet = DetectorSet::empty()
        .with(Detector::Email)
        .with(Detector::Phone)
        .with(Detector::Card)
        .with(Detector::Iban)
        .with(Detector::Ssn)
        .with(Detector::Jwt)
        .with(Detector::Bearer)
        .with(Detector::WireValue);

    /// A guard with [`DEFAULT_DETECTORS`](Self::DEFAULT_DETECTORS).
    pub const fn new() -> Self {
        ValueGuard::with_detectors(ValueGuard::DEFAULT_DETECTORS)
    }

    /// A guard with exactly these detectors.
    pub const fn with_detectors(detectors: DetectorSet) -> Self {
        ValueGuard { detectors }
    }

    /// The detectors this guard runs.
    pub const fn detectors(self) -> DetectorSet {
        self.detectors
    }

    /// The detector of the first finding in `value`, if any.
    pub fn check(self, value: impl AsRef<[u8]>) -> Option<Detector> {
        let mut found = Vec::new();
        scan_all(value.as_ref(), self.detectors, &mut found);
        first(&found).map(|f| f.detector)
    }
}

impl Default for ValueGuard {
    fn default() -> Self {
        ValueGuard::new()
    }
}
