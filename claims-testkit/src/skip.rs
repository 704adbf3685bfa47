//! Suites that need a tool this machine may lack (`redis-server`, the
//! SD-JWT reference implementation) skip without it, and say so.
//!
//! libtest captures what a passing test prints with `println!` or
//! `eprintln!`, so a skip notice written that way never shows: a run
//! without the tool prints only `ok`. [`skip`] writes to the process's
//! standard error through [`std::io::stderr`], which libtest does not
//! capture, once per suite and process.

use std::collections::BTreeSet;
use std::io::Write as _;
use std::sync::{Mutex, PoisonError};

/// Whether this is a CI run: `CI` set to anything but empty, `0` or
/// `false` (`CI=true` on every common CI service).
pub fn in_ci() -> bool {
    is_ci(std::env::var("CI").ok().as_deref())
}

/// Reports that `suite` cannot run here because of `reason`, and how to
/// `enable` it.
///
/// Under CI ([`in_ci`]) it panics: CI must run every suite. Otherwise it
/// writes `<suite>: SKIPPED, <reason>. To run it: <enable>` to standard
/// error, bypassing libtest's capture, the first time it is called for
/// `suite` in this process, and the caller returns without testing.
///
/// # Panics
///
/// Under CI, always.
#[track_caller]
pub fn skip(suite: &str, reason: &str, enable: &str) {
    assert!(
        !in_ci(),
        "{suite} must run under CI, but {reason}. To run it: {enable}"
    );
    if first_notice(suite) {
        // A notice that cannot be written is no reason to fail a test.
        let _ = writeln!(
            std::io::stderr(),
            "{suite}: SKIPPED, {reason}. To run it: {enable}"
        );
    }
}

fn is_ci(value: Option<&str>) -> bool {
    value.is_some_and(|v| !matches!(v, "" | "0" | "false"))
}

/// True the first time it is asked about `suite` in this process.
fn first_notice(suite: &str) -> bool {
    static NOTIFIED: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());
    NOTIFIED
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(suite.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ci_is_any_value_but_empty_zero_or_false() {
        for value in ["true", "1", "yes", "TRUE"] {
            assert!(is_ci(Some(value)), "{value}");
        }
        for value in [None, Some(""), Some("0"), Some("false")] {
            assert!(!is_ci(value), "{value:?}");
        }
    }

    #[test]
    fn a_suite_is_noticed_once() {
        assert!(first_notice("suite a"));
        assert!(!first_notice("suite a"));
        assert!(first_notice("suite b"));
    }
}
