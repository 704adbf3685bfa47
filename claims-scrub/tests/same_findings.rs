//! Exact output for a line of every kind. This file runs in both builds
//! (`cargo test -p claims-scrub` and `--no-default-features`): the plain
//! trigger scan and the byte-loop classifier must give what Aho-Corasick
//! and SIMD give, byte for byte. (Unit tests also compare the two
//! implementations directly on random text, in the default build.)

use claims_scrub::Scrubber;

const JWT: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";

#[test]
fn every_kind_scrubbed_the_same_way() {
    let scrubber = Scrubber::new();
    for (line, want) in [
        (
            "2024-01-09T01:08:39.542Z INFO login user=alice@example.com ip=203.0.113.7",
            "2024-01-09T01:08:39.542Z INFO login user=<email> ip=<ipv4>",
        ),
        (
            "card=4111 1111 1111 1111 iban=DE89 3704 0044 0532 0130 00 ssn=123-45-6789",
            "card=<card> iban=<iban> ssn=<ssn>",
        ),
        (
            "call +44 20 7946 0958 or (555) 123-4567 from fe80::1%eth0",
            "call <phone> or <phone> from <ipv6>",
        ),
        (
            &format!("Authorization: Bearer {JWT}"),
            "Authorization: Bearer <jwt>",
        ),
        (
            "authorization=Basic dXNlcjpwYXNz sub=h1.pii-1.uZo5XWxSTEpxCI2CBB1F0ZCP8sSg_ULYSDvqQYPtaZ0",
            "authorization=Basic <bearer> sub=<h1>",
        ),
        (
            "BEARER ghp_16C7e42F292c6912E7710c838347Ae178B4a, to josé@exemple.fr",
            "BEARER <bearer>, to <email>",
        ),
        (
            "GET /v1.2.3.4/x 200 5123 rt=0.019 v1.2.3.4 user@localhost eyJpZCI6MTIzfQ",
            "GET /v1.2.3.4/x 200 5123 rt=0.019 v1.2.3.4 user@localhost eyJpZCI6MTIzfQ",
        ),
    ] {
        assert_eq!(scrubber.scrub_str(line), want, "{line}");
        // Every alignment to the 16/32/64-byte blocks the classifiers use.
        for shift in 1..64 {
            let moved = format!("{}\n{line}", " ".repeat(shift));
            assert_eq!(
                scrubber.scrub_str(&moved),
                format!("{}\n{want}", " ".repeat(shift)),
                "shift {shift}"
            );
        }
    }
}
