//! How long a response stays fresh, from its `Cache-Control` and `Age`
//! headers (RFC 9111 §5.2, §4.2.3), clamped to the configured bounds.
//!
//! Three directives matter to a private cache of one document: `max-age`,
//! `no-cache` and `no-store` (both read as "the minimum": the client never
//! fetches per request). Everything else (`s-maxage`, `must-revalidate`,
//! `Expires`, ...) is ignored: without a `max-age` the default TTL applies.
//! Written here rather than taken from a crate: the typed-header crates
//! would add half a dozen dependencies (a second `base64` major among them)
//! for these few lines.

use std::time::Duration;

use super::config::Freshness;

/// What a response's headers say about its freshness.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct CacheControl {
    /// `max-age`, less the response's `Age`.
    max_age: Option<Duration>,
    /// `no-cache`, `no-store`, or a `max-age` that is repeated or not a
    /// number (RFC 9111 §4.2.1: then the response is stale).
    stale: bool,
}

impl CacheControl {
    /// Reads every `Cache-Control` field line and the first `Age`.
    pub(super) fn from_headers<'a>(
        cache_control: impl IntoIterator<Item = &'a str>,
        age: Option<&str>,
    ) -> Self {
        let mut parsed = Self::default();
        let mut max_age_seen = false;
        for directive in cache_control.into_iter().flat_map(|line| line.split(',')) {
            let (name, value) = match directive.split_once('=') {
                Some((name, value)) => (name.trim(), Some(value.trim())),
                None => (directive.trim(), None),
            };
            if name.eq_ignore_ascii_case("no-cache") || name.eq_ignore_ascii_case("no-store") {
                parsed.stale = true;
            } else if name.eq_ignore_ascii_case("max-age") {
                match value.and_then(delta_seconds) {
                    Some(max_age) if !max_age_seen => parsed.max_age = Some(max_age),
                    _ => parsed.stale = true,
                }
                max_age_seen = true;
            }
        }
        let age = age.and_then(delta_seconds).unwrap_or_default();
        parsed.max_age = parsed.max_age.map(|max_age| max_age.saturating_sub(age));
        parsed
    }

    /// The set's lifetime: what the headers ask for, within the bounds.
    pub(super) fn ttl(&self, bounds: &Freshness) -> Duration {
        let wanted = if self.stale {
            bounds.min_ttl
        } else {
            self.max_age.unwrap_or(bounds.default_ttl)
        };
        wanted.clamp(bounds.min_ttl, bounds.max_ttl)
    }
}

/// `delta-seconds` (RFC 9111 §1.2.2): digits, optionally quoted (§5.2 lets
/// a recipient accept the quoted form). Too many digits saturate.
fn delta_seconds(value: &str) -> Option<Duration> {
    let digits = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(value);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(Duration::from_secs(digits.parse().unwrap_or(u64::MAX)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: u64 = 60;
    const MAX: u64 = 3600;
    const DEFAULT: u64 = 600;

    fn ttl(lines: &[&str], age: Option<&str>) -> u64 {
        let bounds = Freshness {
            min_ttl: Duration::from_secs(MIN),
            max_ttl: Duration::from_secs(MAX),
            default_ttl: Duration::from_secs(DEFAULT),
            refresh_interval: Duration::from_secs(30),
            max_stale: Duration::from_secs(300),
        };
        CacheControl::from_headers(lines.iter().copied(), age)
            .ttl(&bounds)
            .as_secs()
    }

    #[test]
    fn max_age_within_the_bounds_is_kept() {
        assert_eq!(ttl(&["public, max-age=120"], None), 120);
        assert_eq!(ttl(&["MAX-AGE=120"], None), 120);
        assert_eq!(ttl(&["max-age = 120 , must-revalidate"], None), 120);
        assert_eq!(ttl(&[r#"max-age="120""#], None), 120);
    }

    #[test]
    fn max_age_is_clamped() {
        assert_eq!(ttl(&["max-age=31536000"], None), MAX);
        assert_eq!(ttl(&["max-age=99999999999999999999999999"], None), MAX);
        assert_eq!(ttl(&["max-age=1"], None), MIN);
        assert_eq!(ttl(&["max-age=0"], None), MIN);
    }

    #[test]
    fn no_cache_and_no_store_mean_the_minimum() {
        assert_eq!(ttl(&["no-cache"], None), MIN);
        assert_eq!(ttl(&["no-store"], None), MIN);
        assert_eq!(ttl(&["max-age=900, no-store"], None), MIN);
        assert_eq!(ttl(&[r#"No-Cache="set-cookie""#, "max-age=900"], None), MIN);
    }

    #[test]
    fn a_bad_or_repeated_max_age_is_stale() {
        assert_eq!(ttl(&["max-age=abc"], None), MIN);
        assert_eq!(ttl(&["max-age=-5"], None), MIN);
        assert_eq!(ttl(&["max-age"], None), MIN);
        assert_eq!(ttl(&["max-age=900", "max-age=1200"], None), MIN);
    }

    #[test]
    fn no_max_age_means_the_default() {
        assert_eq!(ttl(&[], None), DEFAULT);
        assert_eq!(
            ttl(&["public, must-revalidate, s-maxage=900"], None),
            DEFAULT
        );
        assert_eq!(ttl(&[""], Some("100")), DEFAULT);
    }

    #[test]
    fn age_is_subtracted() {
        assert_eq!(ttl(&["max-age=900"], Some("300")), 600);
        assert_eq!(ttl(&["max-age=900"], Some("899")), MIN);
        assert_eq!(ttl(&["max-age=900"], Some("5000")), MIN);
        assert_eq!(ttl(&["max-age=900"], Some("junk")), 900);
    }
}
