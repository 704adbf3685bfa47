//! `ValueGuard`: the check a claim value will get before it travels in the
//! clear. It names the first detector that fires, carries nothing of the
//! value, and allocates nothing on clean input.

use claims_scrub::{Detector, DetectorSet, Scrubber, ValueGuard};

const JWT: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
const H1: &str = "h1.pii-1.uZo5XWxSTEpxCI2CBB1F0ZCP8sSg_ULYSDvqQYPtaZ0";

/// Values a public claim plausibly holds, none of them personal data.
const CLEAN: &[&str] = &[
    "admin",
    "orders:read orders:write",
    "https://auth.example.com",
    "en-GB",
    "Europe/Paris",
    "2024-01-09T01:08:39Z",
    "premium",
    "v1.2.3",
    "tenant-42",
    "a7f3c2e1-9b4d-4e5f-8a6b-1c2d3e4f5a6b",
    "10.0.0.1",
    "fe80::1",
    "ORD-2024-000123",
    "",
];

#[test]
fn names_the_first_detector_that_fires() {
    let guard = ValueGuard::new();
    for (value, want) in [
        ("call alice@example.com", Detector::Email),
        ("josé@exemple.fr", Detector::Email),
        ("+44 20 7946 0958", Detector::Phone),
        ("4111 1111 1111 1111", Detector::Card),
        ("DE89370400440532013000", Detector::Iban),
        ("123-45-6789", Detector::Ssn),
        (JWT, Detector::Jwt),
        (
            "Bearer ghp_16C7e42F292c6912E7710c838347Ae178B4a",
            Detector::Bearer,
        ),
        (H1, Detector::WireValue),
        // Two findings: the leftmost wins, as in the scrubber.
        ("4111111111111111 then bob@example.com", Detector::Card),
        ("bob@example.com then 4111111111111111", Detector::Email),
    ] {
        assert_eq!(guard.check(value), Some(want), "{value}");
        // The same first finding as the scrubber reports.
        let scrubbed = Scrubber::builder().detectors(guard.detectors()).build();
        assert_eq!(
            scrubbed
                .findings(value.as_bytes())
                .first()
                .map(|f| f.detector),
            Some(want)
        );
    }
    for value in CLEAN {
        assert_eq!(guard.check(value), None, "{value}");
    }
}

#[test]
fn default_detectors_leave_out_addresses_and_can_be_changed() {
    let set = ValueGuard::DEFAULT_DETECTORS;
    for d in [Detector::Ipv4, Detector::Ipv6] {
        assert!(!set.contains(d), "{d}");
    }
    for d in Detector::ALL {
        if !matches!(d, Detector::Ipv4 | Detector::Ipv6) {
            assert!(set.contains(d), "{d}");
        }
    }
    assert_eq!(ValueGuard::default(), ValueGuard::new());
    let ips = ValueGuard::with_detectors(DetectorSet::empty().with(Detector::Ipv4));
    assert_eq!(ips.check("from 10.0.0.1"), Some(Detector::Ipv4));
    assert_eq!(ips.check("alice@example.com"), None);
    let none = ValueGuard::with_detectors(DetectorSet::empty());
    assert_eq!(none.check("alice@example.com"), None);
}

#[test]
fn allocates_nothing_on_clean_input() {
    let guard = ValueGuard::new();
    // The first call builds the literal searcher, once per process.
    assert_eq!(guard.check("warm up"), None);
    for value in CLEAN {
        let info = allocation_counter::measure(|| {
            assert_eq!(guard.check(value), None);
        });
        assert_eq!(info.count_total, 0, "{value:?}");
    }
    // A finding does allocate (the list it was found in), and frees it.
    let info = allocation_counter::measure(|| {
        assert_eq!(guard.check("alice@example.com"), Some(Detector::Email));
    });
    assert!(info.count_total > 0);
    assert_eq!(info.count_current, 0);
}

#[test]
fn the_answer_carries_nothing_of_the_value() {
    let found = ValueGuard::new().check("alice@example.com");
    assert_eq!(format!("{found:?}"), "Some(Email)");
    assert_eq!(size_of::<Option<Detector>>(), 1);
}
