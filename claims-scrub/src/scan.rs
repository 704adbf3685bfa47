//! The dispatcher: runs the enabled scanners over an input and resolves
//! their overlapping raw findings into the sorted, disjoint list the
//! scrubber replaces.

use crate::detect::{digits, email, literals};
use crate::detector::{Detector, DetectorSet};
use crate::finding::Finding;

/// Runs every enabled scanner over `hay`, appending raw (unsorted, possibly
/// overlapping) findings to `out`.
pub(crate) fn scan_all(hay: &[u8], set: DetectorSet, out: &mut Vec<Finding>) {
    literals::scan(hay, set, out);
    if set.contains(Detector::Email) {
        email::scan(hay, out);
    }
    // IPv6 colons are found in the digit pass.
    digits::scan(hay, set, out);
}

/// The order overlaps are resolved in: start first, then the longest, then
/// the detector listed first in [`Detector::ALL`].
fn precedence(f: &Finding) -> (usize, std::cmp::Reverse<usize>, usize) {
    (
        f.range.start,
        std::cmp::Reverse(f.range.end),
        f.detector.index(),
    )
}

/// Sorts raw findings and drops those overlapping an earlier one.
pub(crate) fn resolve(found: &mut Vec<Finding>) {
    if found.len() < 2 {
        return;
    }
    found.sort_unstable_by_key(precedence);
    let mut end = 0;
    found.retain(|f| {
        let keep = f.range.start >= end;
        if keep {
            end = f.range.end;
        }
        keep
    });
}

/// The finding [`resolve`] would put first, without sorting the rest.
pub(crate) fn first(found: &[Finding]) -> Option<&Finding> {
    found.iter().min_by_key(|f| precedence(f))
}
