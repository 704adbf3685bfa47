//! What the scrubber reports: a [`Finding`] (detector, byte range,
//! placeholder) and a tally of findings per detector ([`FindingCounts`]).

use std::fmt;
use std::ops::Range;

use crate::detector::{Detector, Label};

/// One match in the input: which detector found it and where (a byte range
/// of the input, never splitting a UTF-8 character).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Finding {
    /// The detector that found it.
    pub detector: Detector,
    /// Its bytes in the input.
    pub range: Range<usize>,
    label: Label,
}

impl Finding {
    pub(crate) fn new(label: Label, range: Range<usize>) -> Self {
        Finding {
            detector: label.detector(),
            range,
            label,
        }
    }

    /// The placeholder kind: the detector's [name](Detector::name), except
    /// that wire values say `h1` or `e1`.
    pub fn label(&self) -> &'static str {
        self.label.name()
    }

    /// The placeholder that replaces this finding when no pseudonym key is
    /// configured (`<email>`, `<h1>`, ...).
    pub fn placeholder(&self) -> &'static str {
        self.label.placeholder()
    }

    pub(crate) fn label_kind(&self) -> Label {
        self.label
    }

    /// A masked preview of the finding for reports: enough to recognize it,
    /// not enough to recover it. `input` is what the finding's range
    /// indexes (an out-of-range finding gives just the placeholder).
    ///
    /// | kind | preview |
    /// |---|---|
    /// | email | first character of the local part, `***@`, the domain |
    /// | phone | `***` and the last two digits |
    /// | card | `****` and the last four digits |
    /// | SSN | `***-**-` and the last two digits |
    /// | IBAN | the country code, `**…`, the last four characters |
    /// | IPv4 | the first octet, `.*.*.*` |
    /// | IPv6 | the first group, `:…` |
    /// | h1, e1 | the prefix and kid, `.…` (kids are public) |
    /// | JWT, bearer | the placeholder and the length |
    pub fn masked(&self, input: &[u8]) -> String {
        let Some(value) = input.get(self.range.clone()) else {
            return self.placeholder().to_owned();
        };
        let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
        let tail = |n: usize, keep: fn(&u8) -> bool| {
            let kept: Vec<u8> = value.iter().copied().filter(keep).collect();
            text(&kept[kept.len().saturating_sub(n)..])
        };
        match self.label {
            Label::Email => {
                let at = value.iter().position(|&b| b == b'@').unwrap_or(0);
                let local = text(&value[..at]);
                let first: String = local.chars().take(1).collect();
                format!("{first}***{}", text(&value[at..]))
            }
            Label::Phone => format!("***{}", tail(2, u8::is_ascii_digit)),
            Label::Card => format!("****{}", tail(4, u8::is_ascii_digit)),
            Label::Ssn => format!("***-**-{}", tail(2, u8::is_ascii_digit)),
            Label::Iban => format!(
                "{}**…{}",
                text(&value[..2.min(value.len())]),
                tail(4, u8::is_ascii_alphanumeric)
            ),
            Label::Ipv4 => {
                let dot = value.iter().position(|&b| b == b'.').unwrap_or(value.len());
                format!("{}.*.*.*", text(&value[..dot]))
            }
            Label::Ipv6 => {
                let colon = value.iter().position(|&b| b == b':').unwrap_or(value.len());
                format!("{}:…", text(&value[..colon]))
            }
            Label::H1 | Label::E1 => {
                let second_dot = value
                    .iter()
                    .enumerate()
                    .filter(|&(_, &b)| b == b'.')
                    .nth(1)
                    .map_or(value.len(), |(i, _)| i);
                format!("{}.…", text(&value[..second_dot]))
            }
            Label::Jwt | Label::Bearer => format!("{} ({} bytes)", self.placeholder(), value.len()),
        }
    }
}

impl fmt::Debug for Finding {
    /// Shows the kind and range, never the matched bytes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Finding({} {:?})", self.label.name(), self.range)
    }
}

/// How many findings each detector made.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct FindingCounts([u64; Detector::ALL.len()]);

impl FindingCounts {
    /// The count for one detector.
    pub fn get(&self, detector: Detector) -> u64 {
        self.0[detector.index()]
    }

    /// The count over all detectors.
    pub fn total(&self) -> u64 {
        self.0.iter().sum()
    }

    /// `(detector, count)` for every detector with a non-zero count, in
    /// priority order.
    pub fn iter(&self) -> impl Iterator<Item = (Detector, u64)> + '_ {
        Detector::ALL
            .into_iter()
            .map(|d| (d, self.get(d)))
            .filter(|&(_, n)| n > 0)
    }

    /// Counts one finding.
    pub fn add(&mut self, detector: Detector) {
        self.0[detector.index()] += 1;
    }

    /// Counts every finding of a slice.
    pub fn add_all(&mut self, findings: &[Finding]) {
        for f in findings {
            self.add(f.detector);
        }
    }

    /// Adds another tally to this one.
    pub fn merge(&mut self, other: &FindingCounts) {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a += b;
        }
    }
}

impl fmt::Debug for FindingCounts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.iter().map(|(d, n)| (d.name(), n)))
            .finish()
    }
}
