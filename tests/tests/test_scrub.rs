//! The log scrubber (`claims_scrub`): each detector's positives and
//! near misses with the exact replacement text, pseudonyms, configuration,
//! invalid UTF-8, adversarial inputs, the JSON scrubber and streaming.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::BufReader;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;

use claims_scrub::{
    Detector, DetectorSet, JsonScrubber, Scrubber, StreamOptions, audit_stream, scrub_json_stream,
    scrub_stream, scrub_stream_with, stream::OVERLAP,
};

const JWT: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
/// FORMAT.md's vectors 1 and 4.
const H1: &str = "h1.pii-1.uZo5XWxSTEpxCI2CBB1F0ZCP8sSg_ULYSDvqQYPtaZ0";
const E1: &str = "e1.pii-1.AAAAAAAAAAAAAAABnbhuVZ5UX3ALAMzppGhSGCIRS2qihIcSPPkrFsJmZu7WDsc";

fn scrub(s: &str) -> String {
    Scrubber::new().scrub_str(s).into_owned()
}

/// Each input, scrubbed alone, is exactly the placeholder.
fn all_become(placeholder: &str, inputs: &[&str]) {
    for input in inputs {
        assert_eq!(scrub(input), placeholder, "{input:?}");
        let wrapped = format!("x {input}, y");
        assert_eq!(
            scrub(&wrapped),
            format!("x {placeholder}, y"),
            "{wrapped:?}"
        );
    }
}

/// Each input is left alone.
fn untouched(inputs: &[&str]) {
    let scrubber = Scrubber::new();
    for input in inputs {
        let found = scrubber.findings(input.as_bytes());
        assert!(found.is_empty(), "{input:?}: {found:?}");
        assert!(
            matches!(scrubber.scrub_str(input), Cow::Borrowed(_)),
            "{input:?}"
        );
    }
}

// -- detectors --------------------------------------------------------------

#[test]
fn jwt() {
    let jwe = "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.OKOawDo13gRp2ojaHV7LFpZcgV7T6DVZKTyKOMTYUmKoTCVJRgckCL9kiMT03JGeipsEdY3mx_etLbbWSrFr05kLzcSr4qKAq7YN7e9jwQRb23nfa6c9d-StnImGyFDbSv04uVuxIp5Zms1gNxKKK2Da14B8S4rzVRltdYwam_lDp5XnZAYpQdb76FdIKLaVmqgfwX7XWRxv2322i-vDxRfqNzo_tETKzpVLzfiwQyeyPGLBIO56YJ7eObdv0je81860ppamavo35UgoRdbYaBcoh9QcfylQr66oc6vFWXRcZ_ZT2LawVCWTIy3brGPi6UklfCpIMfIjf7iGdXKHzg.48V1_ALb6US04U3b.5eym8TW_c8SuK0ltJ3rpYIzOeDQz7TALvtu6UG9oMo4vpzs9tX_EFShS8iB7j6jiSdiwkIr3ajwQzaBtQD_A.XFBoMYUZodetZdvTiFvSkQ";
    all_become("<jwt>", &[JWT, jwe, "eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0."]);
    assert_eq!(
        scrub(&format!("Authorization: Bearer {JWT}")),
        "Authorization: Bearer <jwt>"
    );
    assert_eq!(scrub(&format!("token={JWT}.")), "token=<jwt>.");
    // A token cut after its payload (a truncated log line) still goes.
    let cut = &JWT[..JWT.rfind('.').unwrap()];
    assert_eq!(scrub(&format!("t={cut}")), "t=<jwt>");
    // A header over 4 KiB (a certificate chain in `x5c`) is still read.
    let chain = "MIIC".repeat(1500);
    let header = format!(r#"{{"typ":"JWT","x5c":["{chain}"],"alg":"RS256"}}"#);
    let big = format!("{}.eyJzdWIiOiIxIn0.c2ln", B64.encode(header));
    assert!(big.len() > 8000);
    assert_eq!(scrub(&format!("t={big} ok")), "t=<jwt> ok");
    untouched(&[
        "cursor=eyJpZCI6MTIzfQ",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9 alone",
        "cursor=eyJpZCI6MTIzfQ.eyJ4IjoxfQ.abc",
        "blob=QUJDeyJhbGciOiJIUzI1NiJ9.eyJ4IjoxfQ.sig",
    ]);
}

#[test]
fn bearer() {
    assert_eq!(
        scrub("Authorization: Bearer abc123"),
        "Authorization: Bearer <bearer>"
    );
    assert_eq!(
        scrub("authorization=basic dXNlcjpwYXNz"),
        "authorization=basic <bearer>"
    );
    assert_eq!(
        scrub(r#"{"Authorization":"Bearer sk_live_abc","x":1}"#),
        r#"{"Authorization":"Bearer <bearer>","x":1}"#
    );
    assert_eq!(
        scrub("PROXY-AUTHORIZATION: BEARER t0k"),
        "PROXY-AUTHORIZATION: BEARER <bearer>"
    );
    assert_eq!(
        scrub("retry with Bearer ghp_16C7e42F292c6912E7710c838347Ae178B4a"),
        "retry with Bearer <bearer>"
    );
    untouched(&[
        "invalid Bearer token",
        "WWW-Authenticate: Bearer realm=\"api\", error=\"invalid_token\"",
        "basic auth disabled",
        "Authorization: Bearer ***",
        "Authorization: Bearer REDACTED",
        "Authorization: Bearer [FILTERED]",
        "Authorization: Bearer <token>",
    ]);
}

#[test]
fn email() {
    all_become(
        "<email>",
        &[
            "alice@example.com",
            "Bob.Smith+tag@mail.example.co.uk",
            "x_y-z@sub.example.io",
            "A@B.CD",
        ],
    );
    assert_eq!(scrub("mailto:alice@example.com."), "mailto:<email>.");
    assert_eq!(scrub("<alice@example.com>"), "<<email>>");
    assert_eq!(
        scrub("user=alice@example.com,bob@example.org"),
        "user=<email>,<email>"
    );
    // Decision: dotless domains are not addresses worth scrubbing (service
    // accounts, package specs), and neither are numeric "domains".
    untouched(&[
        "user@localhost",
        "lodash@4.17.21",
        "image@sha256:abc",
        "@oncall",
        "a@b.c",
        "a.@b.com",
    ]);
}

#[test]
fn internationalized_email() {
    all_become(
        "<email>",
        &[
            "josé@example.com",
            "andré.martin@exemple.fr",
            "пользователь@пример.рф",
            "用户@例子.中国",
            "x@bücher.de",
            "x@xn--bcher-kva.de",
            "x@xn--e1afmkfd.xn--p1ai",
        ],
    );
    // Non-ASCII punctuation around an address is not part of it.
    assert_eq!(scrub("«marie@example.fr»"), "«<email>»");
    // A first name with an accent no longer survives in front of `<email>`.
    assert_eq!(scrub("from andré.martin@exemple.fr"), "from <email>");
}

#[test]
fn ssn() {
    all_become("<ssn>", &["123-45-6789", "078-05-1120", "899-01-0001"]);
    assert_eq!(scrub("ssn=123-45-6789;"), "ssn=<ssn>;");
    untouched(&[
        "000-12-3456",    // area 000: never issued
        "666-12-3456",    // area 666: never issued
        "912-34-5678",    // area 9xx: ITINs, not SSNs
        "123-00-4567",    // group 00
        "123-45-0000",    // serial 0000
        "123 45 6789",    // spaces: ids and amounts look the same
        "123456789",      // no separator
        "123-45-67890",   // a longer run
        "id-123-45-6789", // glued to a word
    ]);
}

#[test]
fn phone() {
    all_become(
        "<phone>",
        &[
            "+14155550123",
            "+1 415 555 0123",
            "+1-415-555-0123",
            "+1 (415) 555-0123",
            "+44 20 7946 0000",
            "+44 (0)20 7946 0000",
            "+33 6 12 34 56 78",
            "+49 30 12345678",
            "(555) 123-4567",
            "(555)123-4567",
            "555-123-4567",
            "555.123.4567",
            "1-555-123-4567",
            "020 7946 0000",
            "06 12 34 56 78",
            "0151 12345678",
            "(020) 7946 0000",
        ],
    );
    assert_eq!(scrub("tel:+14155550123;ext=1"), "tel:<phone>;ext=1");
    untouched(&[
        "2024-03-15",
        "2024-03-15T10:23:45.123Z",
        "15/03/2024 10:23",
        "10:23:45",
        "took 00:01:23",
        "v1.2.3",
        "1.22.333",
        "123e4567-e89b-12d3-a456-426614174000",
        "12345678-1234-1234-1234-123456789012",
        "localhost:8080",
        "port 5432",
        "1710498225",
        "1710498225123",
        "+12.5%",
        "+1234567",
        "ISBN 978-3-16-148410-0",
        "buckets 250 500 1000 2500",
        "01 02 03 04 05 06 07",
        "555-1234",
        "id=a555-123-4567",
    ]);
}

#[test]
fn ipv4() {
    all_become(
        "<ipv4>",
        &["203.0.113.7", "10.0.0.1", "255.255.255.255", "0.0.0.0"],
    );
    assert_eq!(scrub("connect 10.1.2.3:5432 ok"), "connect <ipv4>:5432 ok");
    assert_eq!(scrub("net 192.168.0.0/16"), "net <ipv4>/16");
    assert_eq!(scrub("from 10.0.0.1."), "from <ipv4>.");
    untouched(&[
        "1.2.3",
        "v1.2.3.4",
        "1.2.3.4.5",
        "256.1.1.1",
        "10.0.0.01",
        "Chrome/120.0.6099.109",
        "oid 1.3.6.1.4.1",
        // A documented miss: joined to a word by `-`.
        "host-10.0.0.1",
    ]);
}

#[test]
fn ipv6() {
    all_become(
        "<ipv6>",
        &[
            "2001:db8::1",
            "::1",
            "fe80::1%eth0",
            "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
            "::ffff:192.0.2.1",
            "2001:db8::",
        ],
    );
    assert_eq!(scrub("peer=[2001:db8::7]:443"), "peer=[<ipv6>]:443");
    assert_eq!(scrub("ip:fe80::1 up"), "ip:<ipv6> up");
    assert_eq!(scrub("from ::ffff:10.0.0.1:8080"), "from <ipv6>:8080");
    untouched(&[
        "::",
        "12:34:56",
        "10:23:45.123",
        "00:1a:2b:3c:4d:5e",
        "dead::beef",
        "std::vector<int>",
        "tokio::runtime::task",
        "a:b:c",
        "1:2:3:4:5:6:7:8:9",
    ]);
}

#[test]
fn card() {
    all_become(
        "<card>",
        &[
            "4111111111111111",
            "4111 1111 1111 1111",
            "4111-1111-1111-1111",
            "5555555555554444",
            "2223003122003222",
            "378282246310005",
            "3782 822463 10005",
            "6011111111111117",
            "3530111333300000",
            "30569309025904",
            "6200000000000005",
            "4222222222222",
        ],
    );
    assert_eq!(scrub("card=4111111111111111;"), "card=<card>;");
    untouched(&[
        "4111111111111112",     // Luhn-invalid
        "4111 1111 1111 1112",  // Luhn-invalid, grouped
        "9111111111111110",     // Luhn-valid, no known issuer
        "1111111111111117",     // Luhn-valid, no known issuer
        "41111111111111111111", // too long
        "4111 1111-1111 1111",  // mixed separators
        "x4111111111111111",    // glued to a word
        "4111111111111111-2",   // glued to a suffix
        "+4111111111111111",    // a `+` number
        "1765432109876543210",  // snowflake id
    ]);
}

#[test]
fn iban() {
    all_become(
        "<iban>",
        &[
            "DE89370400440532013000",
            "DE89 3704 0044 0532 0130 00",
            "GB82WEST12345698765432",
            "GB82 WEST 1234 5698 7654 32",
            "FR1420041010050500013M02606",
            "NL91ABNA0417164300",
            "ES9121000418450200051332",
            "IT60X0542811101000000123456",
            "CH9300762011623852957",
            "NO9386011117947",
            "BE68539007547034",
        ],
    );
    assert_eq!(scrub("iban=DE89370400440532013000."), "iban=<iban>.");
    untouched(&[
        "DE88370400440532013000",   // bad check digits
        "DE8937040044053201300",    // one character short
        "DE893704004405320130001",  // one character long
        "XX89370400440532013000",   // no such country
        "de89370400440532013000",   // lowercase
        "DE89 37040044 0532013000", // irregular spacing
        "DEUTDEFF500",              // a BIC
    ]);
}

#[test]
fn wire_values() {
    assert_eq!(
        scrub(&format!("sub={H1} email={E1}")),
        "sub=<h1> email=<e1>"
    );
    assert_eq!(scrub(&format!(r#"{{"sub":"{H1}"}}"#)), r#"{"sub":"<h1>"}"#);
    untouched(&[
        "h1.example.com",
        "e1.large",
        "th1.pii-1.uZo5XWxSTEpxCI2CBB1F0ZCP8sSg_ULYSDvqQYPtaZ0",
    ]);
}

#[test]
fn mixed_line_exact_output() {
    let line = format!(
        "2024-03-15T10:23:45.123Z INFO [http-nio-8080-exec-3] c.e.Login - user=alice@example.com \
         ip=203.0.113.7 phone=+44 20 7946 0000 card=4111 1111 1111 1111 iban=DE89370400440532013000 \
         Authorization: Bearer {JWT} sub={H1} took=45ms v=1.2.3 id=123e4567-e89b-12d3-a456-426614174000"
    );
    assert_eq!(
        scrub(&line),
        "2024-03-15T10:23:45.123Z INFO [http-nio-8080-exec-3] c.e.Login - user=<email> \
         ip=<ipv4> phone=<phone> card=<card> iban=<iban> \
         Authorization: Bearer <jwt> sub=<h1> took=45ms v=1.2.3 id=123e4567-e89b-12d3-a456-426614174000"
    );
}

// -- API ----------------------------------------------------------------------

#[test]
fn findings_report_detector_range_and_label() {
    let input = format!("a alice@example.com b {E1} c 10.0.0.1");
    let found = Scrubber::new().findings(input.as_bytes());
    let summary: Vec<(Detector, &str, &str)> = found
        .iter()
        .map(|f| (f.detector, f.label(), &input[f.range.clone()]))
        .collect();
    assert_eq!(
        summary,
        [
            (Detector::Email, "email", "alice@example.com"),
            (Detector::WireValue, "e1", E1),
            (Detector::Ipv4, "ipv4", "10.0.0.1"),
        ]
    );
    assert_eq!(found[1].placeholder(), "<e1>");
    // Masked previews for an audit, and a Debug that shows no value.
    let previews: Vec<String> = found.iter().map(|f| f.masked(input.as_bytes())).collect();
    assert_eq!(previews, ["a***@example.com", "e1.pii-1.…", "10.*.*.*"]);
    assert!(!format!("{found:?}").contains("alice"));
}

#[test]
fn clean_input_is_borrowed_and_scrub_into_appends() {
    let scrubber = Scrubber::default();
    let clean = b"GET /api/v1/orders/12345 200 45ms";
    assert!(matches!(scrubber.scrub(clean), Cow::Borrowed(_)));
    assert!(scrubber.is_clean(clean));
    let mut out = b"> ".to_vec();
    assert_eq!(scrubber.scrub_into(b"to alice@example.com", &mut out), 1);
    assert_eq!(out, b"> to <email>");
}

#[test]
fn detector_set_is_configurable() {
    let input = "alice@example.com 10.0.0.1 4111111111111111";
    let only_email = Scrubber::builder().detectors(Detector::Email).build();
    assert_eq!(
        only_email.scrub_str(input),
        "<email> 10.0.0.1 4111111111111111"
    );
    let no_ip = Scrubber::builder().disable(Detector::Ipv4).build();
    assert_eq!(no_ip.scrub_str(input), "<email> 10.0.0.1 <card>");
    let set: DetectorSet = [Detector::Card, Detector::Ipv4].into_iter().collect();
    let two = Scrubber::builder().detectors(set).build();
    assert_eq!(two.scrub_str(input), "alice@example.com <ipv4> <card>");
    let none = Scrubber::builder()
        .detectors(DetectorSet::empty())
        .enable(Detector::Card)
        .build();
    assert_eq!(none.detectors(), DetectorSet::from(Detector::Card));
    assert_eq!(none.scrub_str(input), "alice@example.com 10.0.0.1 <card>");
    // Names round-trip (for a CLI's `--only email,card`).
    for d in Detector::ALL {
        assert_eq!(d.name().parse::<Detector>(), Ok(d));
        assert_eq!(d.to_string(), d.name());
    }
    assert_eq!("EMAIL".parse::<Detector>(), Ok(Detector::Email));
    assert!(
        "passport"
            .parse::<Detector>()
            .unwrap_err()
            .to_string()
            .contains("email")
    );
}

#[test]
fn pseudonyms_are_stable_distinct_and_keyed() {
    let keyed = Scrubber::builder().pseudonym_key(&[1; 32]).build();
    let other_key = Scrubber::builder().pseudonym_key(&[2; 32]).build();
    assert!(keyed.is_keyed() && !Scrubber::new().is_keyed());
    let a = keyed.scrub_str("alice@example.com").into_owned();
    assert!(a.starts_with("<email:") && a.ends_with('>'), "{a}");
    let hex = &a["<email:".len()..a.len() - 1];
    assert_eq!(hex.len(), 12);
    assert!(
        hex.bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    );
    // Stable, normalized, distinct per value, per kind and per key.
    assert_eq!(keyed.scrub_str("alice@example.com"), a);
    assert_eq!(keyed.scrub_str("ALICE@Example.COM"), a);
    assert_ne!(keyed.scrub_str("bob@example.com"), a);
    assert_ne!(other_key.scrub_str("alice@example.com"), a);
    assert_eq!(
        keyed.scrub_str("+44 20 7946 0000"),
        keyed.scrub_str("+442079460000")
    );
    assert_eq!(
        keyed.scrub_str("4111 1111 1111 1111"),
        keyed.scrub_str("4111111111111111")
    );
    let line = keyed.scrub_str(&format!("{H1} {E1}")).into_owned();
    assert!(line.starts_with("<h1:") && line.contains(" <e1:"), "{line}");
    // The pseudonym is the documented HMAC (computed independently with
    // Python's hmac: HMAC-SHA256([1; 32], "claims/scrub/v1" 0 "email" 0
    // "alice@example.com"), first 12 hex digits).
    assert_eq!(hex, "23714e3c2f26");
    // Debug never shows the key.
    assert_eq!(format!("{keyed:?}").matches("keyed: true").count(), 1);
}

#[test]
fn overlaps_resolve_to_the_most_specific() {
    // A bearer credential that is a JWT shows as a JWT.
    let found = Scrubber::new().findings(format!("Authorization: Bearer {JWT}").as_bytes());
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].detector, Detector::Jwt);
    // An IPv4-mapped IPv6 address is one IPv6 finding, not an IPv4 one too.
    assert_eq!(scrub("::ffff:192.0.2.1"), "<ipv6>");
    // Digits inside an email belong to the email.
    assert_eq!(scrub("4111111111111111@example.com"), "<email>");
}

// -- robustness -------------------------------------------------------------

#[test]
fn invalid_utf8_is_bytes() {
    let scrubber = Scrubber::new();
    let input = b"\xff\xfe user=alice@example.com \xc3\x28 10.0.0.1\x80";
    assert_eq!(
        &*scrubber.scrub(input),
        b"\xff\xfe user=<email> \xc3\x28 <ipv4>\x80"
    );
    // Non-ASCII letters around a match are not word characters of ASCII:
    // the detectors see bytes, so `é` next to an address does not glue to it.
    assert_eq!(
        scrub("café alice@example.com ümlaut"),
        "café <email> ümlaut"
    );
    // Every byte value, in every position, never panics.
    let all: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    let _ = scrubber.scrub(&all);
}

/// The size of the adversarial inputs: 1 MiB in release builds, 128 KiB
/// in debug builds. Here they are checked for what comes out; that the work
/// stays linear is measured by the `adversarial` group of
/// `claims-scrub/benches/scrub.rs` (throughput at 64 KiB against 1 MiB,
/// BENCHMARKS.md), not by a clock in a test.
const HUGE: usize = if cfg!(debug_assertions) {
    128 << 10
} else {
    1 << 20
};

/// Scrubs `input`, whose output is bounded by the input plus placeholders
/// (at most 8 bytes longer than the shortest match, 3 bytes: `::1`).
fn scrub_bounded(name: &str, input: &[u8]) -> Vec<u8> {
    let out = Scrubber::new().scrub(input).into_owned();
    assert!(
        out.len() <= input.len() * 3 + 64,
        "{name}: output {} for input {}",
        out.len(),
        input.len()
    );
    out
}

#[test]
fn adversarial_inputs_are_scrubbed_within_bounds() {
    let patterns: &[&[u8]] = &[
        b"0",
        b"@",
        b"eyJ",
        b":",
        b".",
        b"1.",
        b"1:",
        b"a@",
        b"a@b.",
        b"eyJhbGciOiJub25lIn0.",
        b"h1.k.",
        b"e1.k.",
        b"Bearer ",
        b"Authorization: Bearer x ",
        b"1 ",
        b"1-",
        b"+1 ",
        b"DE89",
        b"(555) ",
        b"::1 ",
        b"4111 ",
    ];
    for pattern in patterns {
        let input: Vec<u8> = pattern.iter().copied().cycle().take(HUGE).collect();
        scrub_bounded(&String::from_utf8_lossy(pattern), &input);
    }
    // One huge line with a huge token: masked whole.
    let long_token = format!("Bearer eyJhbGciOiJub25lIn0.{}", "A".repeat(HUGE));
    let out = scrub_bounded("long token", long_token.as_bytes());
    assert_eq!(out, b"Bearer <jwt>");
}

// -- JSON ---------------------------------------------------------------------

fn json(line: &str) -> String {
    let js = JsonScrubber::new(Scrubber::new());
    String::from_utf8(js.scrub_line(line.as_bytes())).unwrap()
}

#[test]
fn json_masks_fields_and_scrubs_strings() {
    assert_eq!(
        json(
            r#"{"level":"info","msg":"login from 10.0.0.1","user":{"Email":"a@b.com","id":7},"PASSWORD":"hunter2","token":{"a":1},"tags":["x","call +14155550123"]}"#
        ),
        r#"{"level":"info","msg":"login from <ipv4>","user":{"Email":"<redacted>","id":7},"PASSWORD":"<redacted>","token":"<redacted>","tags":["x","call <phone>"]}"#
    );
    // Whitespace goes; order and duplicate keys stay; numbers keep their value.
    assert_eq!(
        json(r#" { "b" : 1.50 , "a" : [ true , null , -3 ] , "b" : "x" } "#),
        r#"{"b":1.5,"a":[true,null,-3],"b":"x"}"#
    );
    // Escapes are undone before scrubbing, redone after.
    assert_eq!(
        json(r#"{"msg":"to alice\u0040example.com\n\"quoted\" \u00e9"}"#),
        r#"{"msg":"to <email>\n\"quoted\" é"}"#
    );
    // Keys are scrubbed too (maps keyed by address).
    assert_eq!(json(r#"{"alice@example.com":3}"#), r#"{"<email>":3}"#);
    // An integer holding a card number becomes a string placeholder.
    assert_eq!(
        json(r#"{"pan":4111111111111111,"n":42}"#),
        r#"{"pan":"<card>","n":42}"#
    );
}

#[test]
fn json_falls_back_to_text() {
    for line in [
        "plain text alice@example.com",
        r#"{"msg":"truncated alice@example.com"#,
        r#"{"a":1} trailing alice@example.com"#,
        "4111111111111111",
        r#""a string alice@example.com""#,
    ] {
        assert_eq!(json(line), scrub(line), "{line}");
    }
    // Invalid UTF-8 in a string: text mode.
    let js = JsonScrubber::new(Scrubber::new());
    let mut out = Vec::new();
    let report = js.scrub_line_into(b"{\"msg\":\"x\xff a@b.com\"}", &mut out);
    assert!(!report.json);
    assert_eq!(out, b"{\"msg\":\"x\xff <email>\"}");
    // ... unless it sits in a masked value, which is skipped unread.
    out.clear();
    let report = js.scrub_line_into(b"{\"password\":\"x\xff\"}", &mut out);
    assert!(report.json);
    assert_eq!(out, br#"{"password":"<redacted>"}"#);
}

#[test]
fn json_masks_hold_on_malformed_lines() {
    let js = JsonScrubber::new(Scrubber::new());
    let cases: [(&[u8], &[u8]); 10] = [
        // One non-UTF-8 byte.
        (
            b"{\"msg\":\"caf\xe9 a@b.com\",\"password\":\"hunter2\"}",
            b"{\"msg\":\"caf\xe9 <email>\",\"password\":\"<redacted>\"}",
        ),
        // A lone surrogate escape.
        (
            br#"{"msg":"\ud800","password":"hunter2"}"#,
            br#"{"msg":"\ud800","password":"<redacted>"}"#,
        ),
        // `NaN`, elsewhere and as the masked value itself.
        (
            br#"{"latency":NaN,"password":"hunter2"}"#,
            br#"{"latency":NaN,"password":"<redacted>"}"#,
        ),
        (
            br#"{"password":NaN , "n":1}"#,
            br#"{"password":"<redacted>" , "n":1}"#,
        ),
        // Trailing text.
        (
            br#"{"password":"hunter2"} trailing a@b.com"#,
            br#"{"password":"<redacted>"} trailing <email>"#,
        ),
        // A truncated line, and an unclosed object as the value.
        (
            br#"{"user":"a@b.com","password":"hunt"#,
            br#"{"user":"<email>","password":"<redacted>""#,
        ),
        (
            br#"{"token":{"raw":"abc","n":[1"#,
            br#"{"token":"<redacted>""#,
        ),
        // An escaped key name, with a trailing comma that breaks the line.
        (
            br#"{"pass\u0077ord":"hunter2",}"#,
            br#"{"pass\u0077ord":"<redacted>",}"#,
        ),
        // JSON inside a text line.
        (
            br#"level=info body={"Password":"hunter2"} ip=10.0.0.1"#,
            br#"level=info body={"Password":"<redacted>"} ip=<ipv4>"#,
        ),
        // A text finding that overlaps a masked value (an IPv6 address
        // taking the key's colon) is redacted with it.
        (br#"{"token"::1,"n":2"#, br#"{"token""<redacted>","n":2"#),
    ];
    for (line, want) in cases {
        let mut out = Vec::new();
        let report = js.scrub_line_into(line, &mut out);
        assert_eq!(
            String::from_utf8_lossy(&out),
            String::from_utf8_lossy(want),
            "{}",
            String::from_utf8_lossy(line)
        );
        assert!(!report.json, "{}", String::from_utf8_lossy(line));
        assert_eq!(report.masked, 1, "{}", String::from_utf8_lossy(line));
    }
    // The counts: one mask and one email on the first line.
    let report = js.scrub_line_into(cases[0].0, &mut Vec::new());
    assert_eq!(report.findings.get(Detector::Email), 1);
    // Unmasked names on a broken line are only text-scrubbed.
    assert_eq!(
        json(r#"{"note":"hunter2","n":NaN}"#),
        r#"{"note":"hunter2","n":NaN}"#
    );
    // The streaming path (`claims scrub --json`) goes through the same.
    let input = "{\"password\":\"hunter2\"} tail\n{\"password\":\"x\",\"n\":NaN}\n";
    let mut out = Vec::new();
    let stats =
        scrub_json_stream(&js, input.as_bytes(), &mut out, StreamOptions::default()).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "{\"password\":\"<redacted>\"} tail\n{\"password\":\"<redacted>\",\"n\":NaN}\n"
    );
    assert_eq!((stats.masked, stats.json_lines), (2, 0));
}

/// Lines that are not JSON but look like it go to the tolerant scanner,
/// whole (the bench's `adversarial/json-*` rows measure that its work stays
/// linear).
#[test]
fn json_fallback_takes_hostile_lines() {
    let js = JsonScrubber::new(Scrubber::new());
    let patterns: &[&[u8]] = &[
        b"\"",
        b"\\\"",
        b"\"a\":",
        b"\"password\":",
        b"{\"token\":[",
        b"\"password\": x",
        b"\"pass\\u0077ord\":\"",
    ];
    for pattern in patterns {
        // A leading `x` keeps the transcoder out: every line takes the
        // tolerant scanner.
        let mut line = b"x".to_vec();
        line.extend(pattern.iter().copied().cycle().take(HUGE));
        let mut out = Vec::new();
        let report = js.scrub_line_into(&line, &mut out);
        assert!(!report.json);
        assert!(
            out.len() <= line.len() * 3 + 64,
            "{:?}: output {} for input {}",
            String::from_utf8_lossy(pattern),
            out.len(),
            line.len()
        );
    }
}

#[test]
fn json_configuration() {
    let js = JsonScrubber::builder(Scrubber::new())
        .mask_field("SSN")
        .unmask_field("email")
        .max_depth(2)
        .build();
    assert!(js.is_masked("ssn") && js.is_masked("Password") && !js.is_masked("email"));
    let mut out = Vec::new();
    let report = js.scrub_line_into(
        br#"{"ssn":"078-05-1120","email":"alice@example.com","a":{"b":{"c":"deep"}},"d":[[1]]}"#,
        &mut out,
    );
    assert_eq!(
        String::from_utf8(out).unwrap(),
        r#"{"ssn":"<redacted>","email":"<email>","a":{"b":{"c":"<redacted>"}},"d":[["<redacted>"]]}"#
    );
    assert!(report.json);
    assert_eq!(report.masked, 3);
    assert_eq!(report.findings.get(Detector::Email), 1);
    let none = JsonScrubber::builder(Scrubber::new())
        .clear_masked_fields()
        .build();
    assert_eq!(none.masked_fields().count(), 0);
    assert_eq!(
        none.scrub_line(br#"{"password":"hunter2"}"#),
        br#"{"password":"hunter2"}"#
    );
    // Deeply nested input never overflows the stack.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let _ = JsonScrubber::new(Scrubber::new()).scrub_line(deep.as_bytes());
}

// -- streaming ------------------------------------------------------------------

#[test]
fn stream_scrubs_lines_and_counts() {
    let input = "a alice@example.com\nb 10.0.0.1 and 10.0.0.2\n\nno newline at end +14155550123";
    let mut out = Vec::new();
    let stats = scrub_stream(&Scrubber::new(), input.as_bytes(), &mut out).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "a <email>\nb <ipv4> and <ipv4>\n\nno newline at end <phone>"
    );
    assert_eq!(stats.bytes, input.len() as u64);
    assert_eq!(stats.lines, 4);
    assert_eq!(stats.long_lines, 0);
    assert_eq!(stats.findings.total(), 4);
    assert_eq!(stats.findings.get(Detector::Ipv4), 2);
    assert_eq!(
        stats.findings.iter().collect::<Vec<_>>(),
        [
            (Detector::Email, 1),
            (Detector::Phone, 1),
            (Detector::Ipv4, 2)
        ]
    );
}

#[test]
fn stream_long_lines_match_the_whole_line_at_every_boundary() {
    // A line of 60 KB with findings every ~100 bytes, windows of 8 KiB: the
    // window boundaries fall inside findings at many offsets. For each read
    // size, the stream output must equal scrubbing the whole line at once.
    let scrubber = Scrubber::new();
    let mut line = String::new();
    let mut k = 0;
    while line.len() < 60_000 {
        k += 1;
        write!(
            line,
            "user{k}@example.com 10.0.{}.{} +1 415 555 {:04} 4111 1111 1111 1111 {H1} pad{} ",
            k % 250,
            k % 200,
            k % 10_000,
            "x".repeat(k % 37)
        )
        .unwrap();
    }
    let text = format!("{line}\nshort bob@example.org\n");
    let expected = scrubber.scrub(text.as_bytes()).into_owned();
    let options = StreamOptions::default().max_line(8192);
    for read in [1usize, 333, 4096, 8192, 65536] {
        let mut out = Vec::new();
        let reader = BufReader::with_capacity(read, text.as_bytes());
        let stats = scrub_stream_with(&scrubber, reader, &mut out, options).unwrap();
        assert!(out == expected, "read size {read}: stream output differs");
        // A line that arrives whole in one read is handled whole.
        assert_eq!(
            stats.long_lines,
            u64::from(read <= 8192),
            "read size {read}"
        );
        assert_eq!(stats.lines, 2);
    }
}

#[test]
fn stream_token_longer_than_the_overlap_is_one_placeholder() {
    let scrubber = Scrubber::new();
    let payload = "Q".repeat(5 * OVERLAP);
    let token = format!("eyJhbGciOiJub25lIn0.{payload}.{payload}");
    let text = format!("{}token={token} after\n", "p ".repeat(3000));
    let mut out = Vec::new();
    let options = StreamOptions::default().max_line(2 * OVERLAP);
    scrub_stream_with(
        &scrubber,
        BufReader::with_capacity(1000, text.as_bytes()),
        &mut out,
        options,
    )
    .unwrap();
    let out = String::from_utf8(out).unwrap();
    assert_eq!(out, format!("{}token=<jwt> after\n", "p ".repeat(3000)));
}

#[test]
fn json_stream_and_audit() {
    let input = "{\"email\":\"a@b.com\",\"msg\":\"from 10.0.0.1\"}\nplain bob@example.org\n";
    let mut out = Vec::new();
    let js = JsonScrubber::new(Scrubber::new());
    let stats =
        scrub_json_stream(&js, input.as_bytes(), &mut out, StreamOptions::default()).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "{\"email\":\"<redacted>\",\"msg\":\"from <ipv4>\"}\nplain <email>\n"
    );
    assert_eq!((stats.lines, stats.json_lines, stats.masked), (2, 1, 1));
    assert_eq!(stats.findings.total(), 2);

    let mut seen = Vec::new();
    let stats = audit_stream(
        &Scrubber::new(),
        input.as_bytes(),
        StreamOptions::default(),
        |loc| {
            seen.push((
                loc.label,
                loc.line,
                loc.column,
                loc.offset,
                loc.masked.clone(),
            ));
        },
    )
    .unwrap();
    assert_eq!(
        seen,
        [
            ("email", 1, 11, 10, "a***@b.com".to_owned()),
            ("ipv4", 1, 32, 31, "10.*.*.*".to_owned()),
            ("email", 2, 7, 48, "b***@example.org".to_owned()),
        ]
    );
    assert_eq!(stats.findings.total(), 3);
}
