//! The log scrubber on arbitrary bytes: no panic, findings well formed,
//! and the same findings wherever the input sits relative to the 16-, 32-
//! and 64-byte blocks the SIMD classifier works in.

#![no_main]

use claims_scrub::{Finding, Scrubber};
use libfuzzer_sys::fuzz_target;

fn check(found: &[Finding], len: usize) {
    for pair in found.windows(2) {
        assert!(
            pair[0].range.end <= pair[1].range.start,
            "sorted, no overlap"
        );
    }
    for f in found {
        assert!(
            f.range.start < f.range.end && f.range.end <= len,
            "inside the input"
        );
    }
}

fuzz_target!(|input: (u8, &[u8])| {
    let (shift, data) = input;
    let scrubber = Scrubber::new();
    // The same text after a newline, then after `shift` spaces and a
    // newline: every detector stops looking back at the newline, so only
    // the alignment changes.
    let shift = usize::from(shift % 64);
    let base: Vec<u8> = [&b"\n"[..], data].concat();
    let moved: Vec<u8> = [&vec![b' '; shift][..], &b"\n"[..], data].concat();
    let here = scrubber.findings(&base);
    let there = scrubber.findings(&moved);
    check(&here, base.len());
    check(&there, moved.len());
    let there: Vec<_> = there
        .iter()
        .map(|f| (f.detector, f.range.start - shift..f.range.end - shift))
        .collect();
    let here: Vec<_> = here.iter().map(|f| (f.detector, f.range.clone())).collect();
    assert_eq!(here, there, "findings moved with the alignment");
    let _ = scrubber.scrub(data);
});
