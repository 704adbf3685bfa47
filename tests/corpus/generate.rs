//! A seeded generator of realistic, labelled log text for the scrubber.
//!
//! Shared by `tests/tests/test_scrub_corpus.rs` (precision and recall per
//! detector) and `claims-scrub/benches/scrub.rs` (throughput on clean and on
//! PII-dense lines), both of which include this file with `#[path]`.
//!
//! Planted kinds: emails (some internationalized: UTF-8 local parts and
//! domains, `xn--` labels), phones, cards, IBANs, US SSNs, IPv4/IPv6,
//! JWTs (a few with a header over 4 KiB), bearer credentials, wire values.
//!
//! Lines come from templates: nginx access lines, key=value application
//! logs, JSON logs, syslog, logfmt, and Java, Python and Rust stack traces.
//! Each template has slots; a PII slot is filled, with probability `pii`,
//! with a value planted at a recorded byte range (its [`Planted`] label),
//! and otherwise with a look-alike: timestamps, versions, hashes, UUIDs,
//! order ids, durations, amounts, ports, Luhn-invalid card numbers, IBANs
//! with a wrong check, SSNs the SSA never issues (`000-`, `666-`, `9xx-`,
//! group `00`, serial `0000`), dates, ISBNs, `user@localhost`, `h1.example.com`,
//! JSON cursors starting `eyJ`, MAC addresses, C++ paths, ... When `pii`
//! is above zero, the look-alikes also include a few that the scrubber is
//! documented to flag (mail message ids, random 16-digit ids), so the
//! measured precision includes them; a clean corpus (`pii == 0.0`) has
//! none of them.
//!
//! The labels follow the scrubber's documented rules (for example a bearer
//! credential that is a JWT is labelled `Jwt`, as the JWT detector wins),
//! but are written from what was planted, never from the scrubber's output.
//! Same seed, same corpus (rand 0.8's `StdRng`, which is `ChaCha12`).

#![allow(dead_code)]

use std::fmt::Write as _;
use std::ops::Range;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD as B64STD, URL_SAFE_NO_PAD as B64};
use claims_scrub::Detector;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

/// One planted value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Planted {
    pub(crate) detector: Detector,
    pub(crate) range: Range<usize>,
}

/// Generated text and its labels (sorted by start).
#[derive(Clone, Debug, Default)]
pub(crate) struct Corpus {
    pub(crate) text: Vec<u8>,
    pub(crate) labels: Vec<Planted>,
    pub(crate) lines: usize,
}

/// `lines` lines (stack traces count each of their lines) from `seed`,
/// with each PII slot filled with probability `pii` (0.0: clean text with
/// look-alikes only; 1.0: every slot planted).
pub(crate) fn generate(seed: u64, lines: usize, pii: f64) -> Corpus {
    let mut g = Gen {
        rng: StdRng::seed_from_u64(seed),
        out: Corpus::default(),
        pii,
    };
    while g.out.lines < lines {
        g.line();
    }
    g.out
}

/// A text made only of PII-dense lines: several planted values per line.
pub(crate) fn dense(seed: u64, lines: usize) -> Corpus {
    let mut g = Gen {
        rng: StdRng::seed_from_u64(seed),
        out: Corpus::default(),
        pii: 1.0,
    };
    while g.out.lines < lines {
        g.dense_line();
    }
    g.out
}

struct Gen {
    rng: StdRng,
    out: Corpus,
    pii: f64,
}

const FIRST: &[&str] = &[
    "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory",
    "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter", "zoe", "jean-luc",
    "mary", "o.connor", "li", "mohammed", "sofia",
];
const LAST: &[&str] = &[
    "smith", "jones", "garcia", "muller", "dubois", "rossi", "nakamura", "kowalski", "silva",
    "nguyen", "oconnor", "van-dijk", "schmidt", "martin", "brown",
];
const DOMAINS: &[&str] = &[
    "example.com",
    "example.org",
    "mail.example.net",
    "corp.example.co.uk",
    "gmail.com",
    "outlook.com",
    "yahoo.fr",
    "web.de",
    "example.io",
    "sub.mail.example.com",
];
/// Internationalized addresses (RFC 6531 local parts, IDNA domains in
/// UTF-8 and as `xn--` labels).
const INTL_LOCALS: &[&str] = &[
    "josé",
    "zoë",
    "andré.martin",
    "françois",
    "søren",
    "müller",
    "пользователь",
    "用户",
    "δοκιμή",
];
const INTL_DOMAINS: &[&str] = &[
    "bücher.de",
    "xn--bcher-kva.de",
    "exemple.fr",
    "пример.рф",
    "例子.中国",
    "xn--e1afmkfd.xn--p1ai",
    "mail.example.com",
];
const LEVELS: &[&str] = &["INFO", "WARN", "ERROR", "DEBUG", "TRACE"];
const METHODS: &[&str] = &["GET", "POST", "PUT", "DELETE", "PATCH"];
const LOGGERS: &[&str] = &[
    "c.e.orders.OrderController",
    "c.e.auth.LoginService",
    "o.s.web.servlet.DispatcherServlet",
    "c.e.payments.StripeGateway",
    "io.netty.channel.nio.NioEventLoop",
    "app::http::server",
    "tower_http::trace::on_response",
];
const AGENTS: &[&str] = &[
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.109 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15",
    "curl/8.5.0",
    "okhttp/4.12.0",
    "Go-http-client/2.0",
    "kube-probe/1.29",
    "python-requests/2.31.0",
];
const MONTHS: &[&str] = &[
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl Gen {
    // -- plumbing ----------------------------------------------------------

    fn push(&mut self, s: &str) {
        self.out.text.extend_from_slice(s.as_bytes());
    }

    fn plant(&mut self, detector: Detector, value: &str) {
        let start = self.out.text.len();
        self.push(value);
        self.out.labels.push(Planted {
            detector,
            range: start..self.out.text.len(),
        });
    }

    fn end_line(&mut self) {
        self.push("\n");
        self.out.lines += 1;
    }

    fn yes(&mut self) -> bool {
        self.rng.gen_bool(self.pii)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items.choose(&mut self.rng).copied().unwrap_or("")
    }

    fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.rng.gen_range(0..10u8)))
            .collect()
    }

    fn hex(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b"0123456789abcdef"[self.rng.gen_range(0..16)]))
            .collect()
    }

    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.rng.r#gen::<u8>()).collect()
    }

    fn alnum(&mut self, n: usize) -> String {
        const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        (0..n)
            .map(|_| char::from(A[self.rng.gen_range(0..A.len())]))
            .collect()
    }

    // -- look-alikes ---------------------------------------------------------

    fn iso_ts(&mut self) -> String {
        format!(
            "2024-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
            self.rng.gen_range(1..13),
            self.rng.gen_range(1..29),
            self.rng.gen_range(0..24),
            self.rng.gen_range(0..60),
            self.rng.gen_range(0..60),
            self.rng.gen_range(0..1000)
        )
    }

    fn clf_ts(&mut self) -> String {
        let month = self.pick(MONTHS);
        format!(
            "{:02}/{month}/2024:{:02}:{:02}:{:02} +0000",
            self.rng.gen_range(1..29),
            self.rng.gen_range(0..24),
            self.rng.gen_range(0..60),
            self.rng.gen_range(0..60)
        )
    }

    fn uuid(&mut self) -> String {
        format!(
            "{}-{}-4{}-a{}-{}",
            self.hex(8),
            self.hex(4),
            self.hex(3),
            self.hex(3),
            self.hex(12)
        )
    }

    fn version(&mut self) -> String {
        match self.rng.gen_range(0..4) {
            0 => format!(
                "v{}.{}.{}",
                self.rng.gen_range(0..5),
                self.rng.gen_range(0..30),
                self.rng.gen_range(0..20)
            ),
            1 => format!(
                "{}.{}.{}",
                self.rng.gen_range(0..5),
                self.rng.gen_range(0..30),
                self.rng.gen_range(0..20)
            ),
            2 => format!(
                "10.0.{}.{}",
                self.rng.gen_range(19000..23000),
                self.rng.gen_range(256..4000)
            ),
            _ => format!(
                "{}.{}.{}-rc.{}",
                self.rng.gen_range(0..5),
                self.rng.gen_range(0..30),
                self.rng.gen_range(0..20),
                self.rng.gen_range(1..5)
            ),
        }
    }

    fn duration(&mut self) -> String {
        match self.rng.gen_range(0..4) {
            0 => format!("{}ms", self.rng.gen_range(0..5000)),
            1 => format!(
                "{}.{:03}s",
                self.rng.gen_range(0..60),
                self.rng.gen_range(0..1000)
            ),
            2 => format!(
                "{:02}:{:02}:{:02}",
                self.rng.gen_range(0..3),
                self.rng.gen_range(0..60),
                self.rng.gen_range(0..60)
            ),
            _ => format!("{}µs", self.rng.gen_range(0..100_000)),
        }
    }

    fn amount(&mut self) -> String {
        match self.rng.gen_range(0..3) {
            0 => format!(
                "${},{:03}.{:02}",
                self.rng.gen_range(1..99),
                self.rng.gen_range(0..1000),
                self.rng.gen_range(0..100)
            ),
            1 => format!(
                "EUR {}.{:02}",
                self.rng.gen_range(1..5000),
                self.rng.gen_range(0..100)
            ),
            _ => format!("{}", self.rng.gen_range(100..1_000_000)),
        }
    }

    fn order_id(&mut self) -> String {
        match self.rng.gen_range(0..6) {
            0 => format!("ORD-2024-{}", self.digits(6)),
            1 => self.digits(10),
            2 => format!("1{}", self.digits(18)), // snowflake id
            3 => format!("17{}", self.digits(11)), // epoch millis
            4 => self.digits(12),                 // cloud account id
            _ => format!("inv_{}", self.alnum(14)),
        }
    }

    /// Something number-shaped that is not a finding.
    fn number_lookalike(&mut self) -> String {
        match self.rng.gen_range(0..17) {
            0 => self.bad_card(),
            16 => self.bad_ssn(),
            1 => self.bad_iban(),
            2 => format!(
                "{:02}/{:02}/2024",
                self.rng.gen_range(1..13),
                self.rng.gen_range(1..29)
            ),
            3 => format!("978-3-16-{}-{}", self.digits(6), self.rng.gen_range(0..10)),
            4 => format!(
                "+{}.{}%",
                self.rng.gen_range(0..99),
                self.rng.gen_range(0..99)
            ),
            5 => format!("localhost:{}", self.rng.gen_range(1024..65535)),
            6 => self.version(),
            7 => format!(
                "{}-{:02}-{:02}",
                2024,
                self.rng.gen_range(1..13),
                self.rng.gen_range(1..29)
            ),
            8 => self.duration(),
            9 => self.amount(),
            10 => self.order_id(),
            11 => format!(
                "pid {} tid {}",
                self.rng.gen_range(1..65535),
                self.rng.gen_range(1..65535)
            ),
            // Numeric ids of card length: about 4% have an issuer prefix
            // and pass Luhn by chance (false alarms the card rule accepts).
            12 if self.pii > 0.0 => format!("txn={}{}", self.rng.gen_range(1..10), self.digits(15)),
            12 => format!("txn_{}", self.digits(15)),
            13 => "latency buckets 250 500 1000 2500 5000".into(),
            14 => format!(
                "counts {}",
                (0..6)
                    .map(|i| format!("{:02}", i * 7 % 60))
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
            _ => format!(
                "oid=1.3.6.1.4.1.{}.10.1.3.1",
                self.rng.gen_range(1000..9999)
            ),
        }
    }

    fn text_lookalike(&mut self) -> String {
        // A look-alike the scrubber is documented to flag (a mail message
        // id) is kept rare: 1 in 100.
        let k = if self.pii > 0.0 && self.rng.gen_bool(0.01) {
            15
        } else {
            *[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 17]
                .choose(&mut self.rng)
                .unwrap_or(&0)
        };
        match k {
            0 => "user@localhost".into(),
            1 => format!("lodash@4.17.{}", self.rng.gen_range(0..30)),
            2 => "ping @oncall-team".into(),
            3 => "h1.example.com".into(),
            4 => format!("cursor=eyJpZCI6{}fQ", self.alnum(6)),
            5 => format!(
                "mac={}:{}:{}:{}:{}:{}",
                self.hex(2),
                self.hex(2),
                self.hex(2),
                self.hex(2),
                self.hex(2),
                self.hex(2)
            ),
            6 => "std::vector<std::string>".into(),
            7 => "invalid Bearer token".into(),
            8 => "WWW-Authenticate: Bearer realm=\"api\", error=\"invalid_token\"".into(),
            9 => format!("sha256:{}", self.hex(64)),
            10 => format!("commit {}", self.hex(40)),
            11 => format!("trace_id={}", self.hex(32)),
            12 => "basic auth disabled for /metrics".into(),
            13 => format!("image@sha256:{}", self.hex(16)),
            // An already-redacted header (not flagged) and a mail message
            // id (flagged: an address-shaped id).
            14 => "Authorization: Bearer REDACTED".into(),
            15 => format!("message-id=<CAF={}@mail.gmail.com>", self.alnum(12)),
            16 => "tokio::runtime::task::raw".into(),
            _ => format!("git sha {} on {}", self.hex(7), self.iso_ts()),
        }
    }

    fn bad_card(&mut self) -> String {
        // A card number with its check digit off by one or more: Luhn-invalid.
        let good = self.card_digits();
        let mut bytes = good.into_bytes();
        let last = bytes.len() - 1;
        bytes[last] = b'0' + (bytes[last] - b'0' + self.rng.gen_range(1..10)) % 10;
        String::from_utf8(bytes).unwrap_or_default()
    }

    /// An SSN-shaped number the SSA never issues: area `000`, `666` or
    /// `9xx`, group `00` or serial `0000`.
    fn bad_ssn(&mut self) -> String {
        // Areas from 100: `0xx-xx-xxxx` is also the shape of a national
        // phone number with a trunk `0`, which the phone detector flags.
        let (area, group, serial) = (
            self.rng.gen_range(100..900),
            self.rng.gen_range(1..100),
            self.rng.gen_range(1..10_000),
        );
        match self.rng.gen_range(0..5) {
            0 => format!("000-{group:02}-{serial:04}"),
            1 => format!("666-{group:02}-{serial:04}"),
            2 => format!("9{:02}-{group:02}-{serial:04}", self.rng.gen_range(0..100)),
            3 => format!("{area:03}-00-{serial:04}"),
            _ => format!("{area:03}-{group:02}-0000"),
        }
    }

    fn bad_iban(&mut self) -> String {
        let good = self.iban_compact();
        let check: u32 = good[2..4].parse().unwrap_or(0);
        let bad = if check >= 97 { check - 1 } else { check + 1 };
        format!("{}{:02}{}", &good[..2], bad, &good[4..])
    }

    // -- PII -----------------------------------------------------------------

    fn email(&mut self) -> String {
        let first = self.pick(FIRST);
        let last = self.pick(LAST);
        let domain = self.pick(DOMAINS);
        if self.rng.gen_bool(0.15) {
            let local = self.pick(INTL_LOCALS);
            let domain = self.pick(INTL_DOMAINS);
            return format!("{local}@{domain}");
        }
        let local = match self.rng.gen_range(0..5) {
            0 => format!("{first}.{last}"),
            1 => format!("{}{last}", &first[..1]),
            2 => format!("{first}_{last}{}", self.rng.gen_range(1..99)),
            3 => format!("{first}+{}", self.pick(&["news", "test", "billing"])),
            _ => first.to_uppercase(),
        };
        format!("{local}@{domain}")
    }

    /// A US SSN the SSA may issue: area 001-899 but 666, group and serial
    /// not all zeros.
    fn ssn(&mut self) -> String {
        let mut area = self.rng.gen_range(1..900);
        if area == 666 {
            area = 665;
        }
        format!(
            "{area:03}-{:02}-{:04}",
            self.rng.gen_range(1..100),
            self.rng.gen_range(1..10_000)
        )
    }

    fn phone(&mut self) -> String {
        let d = |g: &mut Gen, n| g.digits(n);
        match self.rng.gen_range(0..17) {
            0 => format!(
                "+1 {} {} {}",
                self.rng.gen_range(201..990),
                d(self, 3),
                d(self, 4)
            ),
            1 => format!(
                "+1-{}-{}-{}",
                self.rng.gen_range(201..990),
                d(self, 3),
                d(self, 4)
            ),
            2 => format!("+44 20 {} {}", d(self, 4), d(self, 4)),
            3 => format!("+44 7700 {}", d(self, 6)),
            4 => format!(
                "+33 6 {} {} {} {}",
                d(self, 2),
                d(self, 2),
                d(self, 2),
                d(self, 2)
            ),
            5 => format!("+49{}{}", self.rng.gen_range(151..180), d(self, 8)),
            6 => format!(
                "({}) {}-{}",
                self.rng.gen_range(201..990),
                d(self, 3),
                d(self, 4)
            ),
            7 => format!(
                "{}-{}-{}",
                self.rng.gen_range(201..990),
                d(self, 3),
                d(self, 4)
            ),
            8 => format!("020 {} {}", d(self, 4), d(self, 4)),
            9 => format!(
                "06 {} {} {} {}",
                d(self, 2),
                d(self, 2),
                d(self, 2),
                d(self, 2)
            ),
            10 => format!("0151 {}", d(self, 8)),
            11 => format!(
                "+1 ({}) {}-{}",
                self.rng.gen_range(201..990),
                d(self, 3),
                d(self, 4)
            ),
            12 => format!(
                "+1.{}.{}.{}",
                self.rng.gen_range(201..990),
                d(self, 3),
                d(self, 4)
            ),
            13 => format!("+44 (0) 20 {} {}", d(self, 4), d(self, 4)),
            14 => format!(
                "{}.{}.{}",
                self.rng.gen_range(201..990),
                d(self, 3),
                d(self, 4)
            ),
            // Forms outside the rules (misses): `(555)-123-4567`, a 7-digit
            // local number.
            15 => format!(
                "({})-{}-{}",
                self.rng.gen_range(201..990),
                d(self, 3),
                d(self, 4)
            ),
            _ => format!("{}-{}", self.rng.gen_range(201..990), d(self, 4)),
        }
    }

    fn ipv4(&mut self) -> String {
        let a = *[10u8, 172, 192, 203, 198, 81, 93, 151]
            .choose(&mut self.rng)
            .unwrap_or(&10);
        format!(
            "{a}.{}.{}.{}",
            self.rng.gen_range(0..256),
            self.rng.gen_range(0..256),
            self.rng.gen_range(1..255)
        )
    }

    fn ipv6(&mut self) -> String {
        match self.rng.gen_range(0..5) {
            0 => format!(
                "2001:db8:{:x}::{}",
                self.rng.gen_range(1..0xffff_u32),
                self.rng.gen_range(1..9999)
            ),
            1 => {
                let mut groups: Vec<String> = (0..8)
                    .map(|_| format!("{:x}", self.rng.gen_range(1..0xffff_u32)))
                    .collect();
                if !groups.iter().any(|g| g.bytes().any(|b| b.is_ascii_digit())) {
                    groups[0] = "2001".into();
                }
                groups.join(":")
            }
            2 => format!(
                "fe80::{}:{}%eth0",
                self.rng.gen_range(1..0xfff),
                self.rng.gen_range(1..9999)
            ),
            3 => format!("::ffff:{}", self.ipv4()),
            _ => format!(
                "2a02:{}:{}::{}",
                self.rng.gen_range(1000..9999),
                self.rng.gen_range(1..999),
                self.rng.gen_range(1..99)
            ),
        }
    }

    fn card_digits(&mut self) -> String {
        let (prefix, len) = match self.rng.gen_range(0..6) {
            0 | 1 => ("4".to_string(), 16),
            2 => (format!("5{}", self.rng.gen_range(1..6)), 16),
            3 => (
                ["34", "37"]
                    .choose(&mut self.rng)
                    .unwrap_or(&"34")
                    .to_string(),
                15,
            ),
            4 => ("6011".to_string(), 16),
            _ => (format!("35{}", self.rng.gen_range(28..90)), 16),
        };
        let mut body = prefix;
        let fill = len - 1 - body.len();
        body.push_str(&self.digits(fill));
        // The Luhn check digit.
        let sum: u32 = body
            .bytes()
            .rev()
            .enumerate()
            .map(|(i, b)| {
                let d = u32::from(b - b'0');
                if i % 2 == 0 {
                    let dd = d * 2;
                    if dd > 9 { dd - 9 } else { dd }
                } else {
                    d
                }
            })
            .sum();
        let check = (10 - sum % 10) % 10;
        write!(body, "{check}").unwrap_or(());
        body
    }

    fn card(&mut self) -> String {
        let digits = self.card_digits();
        match self.rng.gen_range(0..3) {
            0 => digits,
            k => {
                let sep = if k == 1 { " " } else { "-" };
                if digits.len() == 15 {
                    format!(
                        "{}{sep}{}{sep}{}",
                        &digits[..4],
                        &digits[4..10],
                        &digits[10..]
                    )
                } else {
                    let groups: Vec<&str> = (0..4).map(|i| &digits[i * 4..i * 4 + 4]).collect();
                    groups.join(sep)
                }
            }
        }
    }

    fn iban_compact(&mut self) -> String {
        let (country, bban) = match self.rng.gen_range(0..6) {
            0 => ("DE", self.digits(18)),
            1 => (
                "GB",
                format!(
                    "{}{}",
                    self.pick(&["WEST", "NWBK", "BARC", "MIDL"]),
                    self.digits(14)
                ),
            ),
            2 => (
                "FR",
                format!(
                    "{}{}{}",
                    self.digits(10),
                    self.alnum(11).to_uppercase(),
                    self.digits(2)
                ),
            ),
            3 => (
                "NL",
                format!(
                    "{}{}",
                    self.pick(&["ABNA", "INGB", "RABO"]),
                    self.digits(10)
                ),
            ),
            4 => ("ES", self.digits(20)),
            _ => ("IT", format!("X{}{}", self.digits(10), self.digits(12))),
        };
        // ISO 7064 MOD 97-10 check digits.
        let rearranged = format!("{bban}{country}00");
        let rem = rearranged.bytes().fold(0u32, |acc, b| {
            if b.is_ascii_digit() {
                (acc * 10 + u32::from(b - b'0')) % 97
            } else {
                (acc * 100 + u32::from(b - b'A') + 10) % 97
            }
        });
        format!("{country}{:02}{bban}", 98 - rem)
    }

    fn iban(&mut self) -> String {
        let compact = self.iban_compact();
        if self.rng.gen_bool(0.5) {
            compact
        } else {
            let chunks: Vec<String> = compact
                .as_bytes()
                .chunks(4)
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect();
            chunks.join(" ")
        }
    }

    fn jwt(&mut self) -> String {
        let header = match self.rng.gen_range(0..40) {
            // A header over 4 KiB: a certificate chain in `x5c`.
            39 => {
                let chain: Vec<String> = (0..3).map(|_| B64STD.encode(self.bytes(1200))).collect();
                format!(
                    r#"{{"typ":"JWT","x5c":["{}"],"alg":"RS256"}}"#,
                    chain.join("\",\"")
                )
            }
            0..13 => r#"{"alg":"HS256","typ":"JWT"}"#.to_string(),
            13..26 => format!(r#"{{"alg":"RS256","typ":"JWT","kid":"{}"}}"#, self.hex(8)),
            _ => r#"{"typ":"JWT","alg":"EdDSA"}"#.to_string(),
        };
        let payload = format!(
            r#"{{"sub":"{}","email":"{}","iat":{},"exp":{}}}"#,
            self.uuid(),
            self.email(),
            1_710_000_000 + self.rng.gen_range(0..10_000_000),
            1_720_000_000
        );
        let sig_len = if header.contains("RS256") { 256 } else { 64 };
        let sig = self.bytes(sig_len);
        if self.rng.gen_bool(0.1) {
            // A JWE (direct encryption): empty encrypted key.
            let h = B64.encode(br#"{"alg":"dir","enc":"A256GCM"}"#);
            let (iv, ct, tag) = (self.bytes(12), self.bytes(80), self.bytes(16));
            return format!(
                "{h}..{}.{}.{}",
                B64.encode(iv),
                B64.encode(ct),
                B64.encode(tag)
            );
        }
        format!(
            "{}.{}.{}",
            B64.encode(header),
            B64.encode(payload),
            B64.encode(sig)
        )
    }

    /// A bearer credential that is not a JWT.
    fn opaque_token(&mut self) -> String {
        match self.rng.gen_range(0..4) {
            0 => format!("ghp_{}", self.alnum(36)),
            1 => format!("sk_live_{}", self.alnum(24)),
            2 => format!(
                "xoxb-{}-{}-{}",
                self.digits(12),
                self.digits(13),
                self.alnum(24)
            ),
            _ => self.alnum(32),
        }
    }

    fn kid(&mut self) -> String {
        self.pick(&["pii-1", "pii-2", "k2024", "main"]).to_string()
    }

    fn wire(&mut self) -> (Detector, String) {
        let kid = self.kid();
        if self.rng.gen_bool(0.5) {
            let tag = self.bytes(32);
            (Detector::WireValue, format!("h1.{kid}.{}", B64.encode(tag)))
        } else {
            let n = self.rng.gen_range(28..90);
            let body = self.bytes(n);
            (
                Detector::WireValue,
                format!("e1.{kid}.{}", B64.encode(body)),
            )
        }
    }

    // -- slots ---------------------------------------------------------------

    /// A client address: planted IPv4/IPv6, or a host name.
    fn client(&mut self) {
        if self.yes() {
            if self.rng.gen_bool(0.75) {
                let ip = self.ipv4();
                self.plant(Detector::Ipv4, &ip);
            } else {
                let ip = self.ipv6();
                self.plant(Detector::Ipv6, &ip);
            }
        } else {
            let host = format!("lb-{}.internal", self.rng.gen_range(1..9));
            self.push(&host);
        }
    }

    /// `key=value` with a PII value, or a look-alike.
    fn kv_pii(&mut self) {
        if !self.yes() {
            let v = if self.rng.gen_bool(0.5) {
                self.number_lookalike()
            } else {
                self.text_lookalike()
            };
            let key = self.pick(&["ref", "note", "id", "v", "detail"]);
            let text = format!("{key}={v}");
            self.push(&text);
            return;
        }
        match self.rng.gen_range(0..10) {
            9 => {
                self.push("ssn=");
                let v = self.ssn();
                self.plant(Detector::Ssn, &v);
            }
            0 => {
                self.push("email=");
                let v = self.email();
                self.plant(Detector::Email, &v);
            }
            1 => {
                self.push("phone=\"");
                let v = self.phone();
                self.plant(Detector::Phone, &v);
                self.push("\"");
            }
            2 => {
                self.push("card=");
                let v = self.card();
                self.plant(Detector::Card, &v);
            }
            3 => {
                self.push("iban=");
                let v = self.iban();
                self.plant(Detector::Iban, &v);
            }
            4 => {
                self.push("remote_addr=");
                let v = self.ipv4();
                self.plant(Detector::Ipv4, &v);
            }
            5 => {
                self.push("peer=[");
                let v = self.ipv6();
                self.plant(Detector::Ipv6, &v);
                let text = format!("]:{}", self.rng.gen_range(1024..65535));
                self.push(&text);
            }
            6 => {
                self.push("token=");
                let v = self.jwt();
                self.plant(Detector::Jwt, &v);
            }
            7 => {
                let (d, v) = self.wire();
                self.push("sub=");
                self.plant(d, &v);
            }
            _ => self.authorization(),
        }
    }

    /// An `Authorization` header in one of its logged forms.
    fn authorization(&mut self) {
        let (before, after) = match self.rng.gen_range(0..4) {
            0 => ("Authorization: ", ""),
            1 => ("authorization=", ""),
            2 => ("headers={\"Authorization\": \"", "\"}"),
            _ => ("-H 'Authorization: ", "'"),
        };
        self.push(before);
        match self.rng.gen_range(0..4) {
            0 => {
                self.push("Bearer ");
                let v = self.jwt();
                self.plant(Detector::Jwt, &v);
            }
            1 => {
                self.push("Basic ");
                let user = self.pick(FIRST);
                let pass = self.alnum(12);
                let v = B64STD.encode(format!("{user}:{pass}"));
                self.plant(Detector::Bearer, &v);
            }
            _ => {
                self.push("Bearer ");
                let v = self.opaque_token();
                self.plant(Detector::Bearer, &v);
            }
        }
        self.push(after);
    }

    // -- templates -------------------------------------------------------------

    fn line(&mut self) {
        match self.rng.gen_range(0..20) {
            0..=4 => self.nginx(),
            5..=9 => self.app(),
            10..=13 => self.json(),
            14..=15 => self.syslog(),
            16..=17 => self.logfmt(),
            _ => self.trace(),
        }
    }

    fn nginx(&mut self) {
        self.client();
        let ts = self.clf_ts();
        let method = self.pick(METHODS);
        let text = format!(" - - [{ts}] \"{method} /api/v1/orders/");
        self.push(&text);
        let id = self.order_id();
        self.push(&id);
        self.push("/items?limit=50");
        if self.rng.gen_bool(0.3) {
            self.push("&email=");
            if self.yes() {
                let v = self.email();
                self.plant(Detector::Email, &v);
            } else {
                self.push("none");
            }
        }
        let status = *[200, 201, 204, 301, 400, 401, 404, 500, 503]
            .choose(&mut self.rng)
            .unwrap_or(&200);
        let agent = self.pick(AGENTS);
        let line = format!(
            " HTTP/1.1\" {status} {} \"-\" \"{agent}\" rt={}.{:03} uct=\"0.00{}\"",
            self.rng.gen_range(0..50_000),
            self.rng.gen_range(0..3),
            self.rng.gen_range(0..1000),
            self.rng.gen_range(0..10)
        );
        self.push(&line);
        self.end_line();
    }

    fn app(&mut self) {
        let ts = self.iso_ts();
        let level = self.pick(LEVELS);
        let thread = format!("http-nio-8080-exec-{}", self.rng.gen_range(1..50));
        let logger = self.pick(LOGGERS);
        let text = format!("{ts} {level:5} [{thread}] {logger} - ");
        self.push(&text);
        let msg = self.pick(&[
            "request completed",
            "user login succeeded",
            "payment authorized",
            "retrying upstream call",
            "cache miss",
            "sending notification",
            "token refreshed",
        ]);
        self.push(msg);
        let n = self.rng.gen_range(1..4);
        for _ in 0..n {
            self.push(" ");
            self.kv_pii();
        }
        let dur = self.duration();
        let id = self.uuid();
        let text = format!(" request_id={id} duration={dur}");
        self.push(&text);
        self.end_line();
    }

    fn json(&mut self) {
        let ts = self.iso_ts();
        let level = self.pick(LEVELS).to_lowercase();
        let text = format!("{{\"ts\":\"{ts}\",\"level\":\"{level}\",\"msg\":\"");
        self.push(&text);
        let msg = self.pick(&[
            "checkout started",
            "profile updated",
            "webhook delivered",
            "login",
        ]);
        self.push(msg);
        self.push("\",\"user\":{\"id\":\"");
        let id = self.uuid();
        self.push(&id);
        self.push("\",\"email\":\"");
        if self.yes() {
            let v = self.email();
            self.plant(Detector::Email, &v);
        } else {
            self.push("user@localhost");
        }
        self.push("\"},\"client_ip\":\"");
        self.client();
        self.push("\",\"extra\":\"");
        self.kv_pii();
        let version = self.version();
        let hex = self.hex(32);
        let text = format!(
            "\",\"latency_ms\":{},\"trace_id\":\"{hex}\",\"version\":\"{version}\"}}",
            self.rng.gen_range(0..2000)
        );
        self.push(&text);
        self.end_line();
    }

    fn syslog(&mut self) {
        let month = self.pick(MONTHS);
        let text = format!(
            "{month} {:2} {:02}:{:02}:{:02} host-{:02} sshd[{}]: Accepted publickey for deploy from ",
            self.rng.gen_range(1..29),
            self.rng.gen_range(0..24),
            self.rng.gen_range(0..60),
            self.rng.gen_range(0..60),
            self.rng.gen_range(1..20),
            self.rng.gen_range(100..65535)
        );
        self.push(&text);
        self.client();
        let fp = B64STD.encode(self.bytes(32));
        let text = format!(
            " port {} ssh2: ED25519 SHA256:{}",
            self.rng.gen_range(1024..65535),
            fp.trim_end_matches('=')
        );
        self.push(&text);
        self.end_line();
    }

    fn logfmt(&mut self) {
        let ts = self.iso_ts();
        let caller = format!("main.go:{}", self.rng.gen_range(1..900));
        let pod = format!("api-{}-{}", self.hex(9), self.alnum(5).to_lowercase());
        let text = format!(
            "level=info ts={ts} caller={caller} msg=\"scrape done\" duration_seconds=0.{} samples={} pod={pod} ",
            self.digits(4),
            self.rng.gen_range(0..100_000)
        );
        self.push(&text);
        let look = self.number_lookalike();
        let text = format!("note=\"{look}\" ");
        self.push(&text);
        let look = self.text_lookalike();
        let text = format!("detail=\"{look}\" ");
        self.push(&text);
        self.kv_pii();
        self.end_line();
    }

    fn trace(&mut self) {
        match self.rng.gen_range(0..3) {
            0 => {
                let order = self.order_id();
                let text = format!(
                    "Exception in thread \"main\" java.lang.IllegalStateException: order {order} failed for "
                );
                self.push(&text);
                if self.yes() {
                    let v = self.email();
                    self.plant(Detector::Email, &v);
                } else {
                    self.push("anonymous");
                }
                self.end_line();
                for _ in 0..self.rng.gen_range(2..6) {
                    let class = self.pick(&["OrderService", "PaymentClient", "Retry", "Handler"]);
                    let line = format!(
                        "\tat com.example.{class}.process({class}.java:{})",
                        self.rng.gen_range(10..900)
                    );
                    self.push(&line);
                    self.end_line();
                }
            }
            1 => {
                self.push("Traceback (most recent call last):");
                self.end_line();
                let line = format!(
                    "  File \"/app/service.py\", line {}, in handle",
                    self.rng.gen_range(10..500)
                );
                self.push(&line);
                self.end_line();
                self.push("ValueError: cannot reach ");
                // An address followed by a port: IPv6 in brackets (RFC 3986),
                // as software writes it.
                self.push("[");
                self.client();
                self.push("]");
                let text = format!(":{} after 3 retries", self.rng.gen_range(1024..65535));
                self.push(&text);
                self.end_line();
            }
            _ => {
                let line = format!(
                    "thread 'tokio-runtime-worker' panicked at src/handlers/user.rs:{}:{}:",
                    self.rng.gen_range(10..500),
                    self.rng.gen_range(1..80)
                );
                self.push(&line);
                self.end_line();
                self.push("called `Result::unwrap()` on an `Err` value: Invalid(\"");
                self.kv_pii();
                self.push("\")");
                self.end_line();
                self.push(
                    "note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace",
                );
                self.end_line();
            }
        }
    }

    /// A line with a planted value every few tokens.
    fn dense_line(&mut self) {
        let ts = self.iso_ts();
        let text = format!("{ts} INFO ");
        self.push(&text);
        for _ in 0..4 {
            self.kv_pii();
            self.push(" ");
        }
        self.end_line();
    }
}
