//! What the scrubber looks for: each kind of value ([`Detector`]), sets of
//! them ([`DetectorSet`]), and the placeholder kinds findings carry.

use std::fmt;
use std::str::FromStr;

/// One kind of secret or personal datum the scrubber can find.
///
/// Each variant's documentation gives its rule, its known misses and its
/// known false positives. Every detector matches ASCII bytes only, so a
/// finding never splits a UTF-8 character.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Detector {
    /// A compact JWS (`xxx.yyy.zzz`) or JWE (five segments): a base64url
    /// segment starting `eyJ` that decodes to a JSON object naming `"alg"`
    /// (of any length: headers carrying a certificate chain run to several
    /// KiB), a `.`, and one to four more base64url segments (a token
    /// truncated after its payload is still a token). Placeholder `<jwt>`.
    ///
    /// Misses: headers serialized with a space after `{` (`eyAi...`), tokens
    /// glued to a preceding base64url character, percent-encoded tokens.
    Jwt,
    /// The credential after `Bearer` or `Basic` (also written all lowercase or
    /// all uppercase): everything up to
    /// whitespace, a quote, `,`, `;` or a bracket. Taken when the scheme
    /// follows an `Authorization` header name (`Authorization: Bearer x`,
    /// `authorization=Basic x`, `"Authorization":"Bearer x"`, also
    /// `Proxy-Authorization`), or, without that context, when the
    /// credential is at least 16 characters long and holds a digit.
    /// Placeholder `<bearer>`; the scheme word stays.
    ///
    /// Credentials that are already masks are skipped: no letter or digit
    /// (`***`), only `x`s, or a mask word (`REDACTED`, `FILTERED`, `null`,
    /// `undefined`, `token`, ...).
    ///
    /// Misses: short credentials outside an `Authorization` header.
    /// False positives: prose such as `authorization: Bearer required`, and
    /// placeholders outside the mask words (`Authorization: Bearer changeme`).
    Bearer,
    /// `local@domain.tld`: local part of `[A-Za-z0-9._+-]` and non-ASCII
    /// letters, digits and combining marks (at most 64 bytes, not ending in
    /// `.`), domain of at least two labels of `[A-Za-z0-9-]` and the same
    /// non-ASCII characters (at most 253 bytes), top-level label of two or
    /// more letters of any script, or `xn--`. So internationalized addresses
    /// (`josé@exemple.fr`, `用户@例子.中国`, `x@xn--bcher-kva.de`) are found.
    /// Placeholder `<email>`.
    ///
    /// Misses: `user@localhost` and other dotless domains (on purpose: they
    /// are mostly service accounts and package specs such as `pkg@1.2.3`),
    /// quoted or exotic local parts (`'`, `%`, `!`), addresses written with
    /// `%40` or `\u0040` (the JSON scrubber unescapes the latter),
    /// non-ASCII symbols and punctuation inside a part (they end it, so
    /// `«a@b.fr»` gives `a@b.fr`). False positives: address-shaped ids such
    /// as mail message ids (`<CAF=x1y2@mail.gmail.com>`).
    Email,
    /// A phone number, one of:
    /// - E.164-like: `+`, a country code starting 1-9, then digits in
    ///   groups separated by one space, `-` or `.`, with an optional
    ///   parenthesized group (`+44 (0)20 7946 0000`): 8 to 15 digits.
    /// - North American: `(555) 123-4567`, `(555)123-4567`, `(555)-123-4567`,
    ///   `555-123-4567`, `555.123.4567`, `555 123 4567`, `1-555-123-4567`
    ///   (area code starting 2-9, one separator kind throughout).
    /// - National with a trunk `0`: `020 7946 0000`, `06 12 34 56 78`,
    ///   `0151-12345678`, `(020) 7946 0000`: a first group of 2 to 5 digits
    ///   starting `0` then not `0`, further groups of 2 to 8 digits, one
    ///   separator kind throughout, 9 to 12 digits in all.
    ///
    /// Space-separated national forms must not sit in a longer list of
    /// numbers (`buckets 250 500 1000 2500` is not a phone number).
    ///
    /// Colons are never separators, so times, ports and durations never
    /// match; dates have too few digits. Placeholder `<phone>`.
    ///
    /// Misses: unseparated national numbers (`0612345678`: indistinguishable
    /// from ids), 7-digit local numbers (`555-1234`), `+` numbers under 8
    /// digits, `/` as a separator, `00` international prefixes. False positives: space-separated runs of
    /// numbers that happen to fit a pattern (`200 512 1234`, `01 02 03 04 05`).
    Phone,
    /// A dotted-quad IPv4 address: four decimal octets 0-255 without
    /// leading zeros, not part of a longer dotted run or a word
    /// (`v1.2.3.4`, `1.2.3.4.5` do not match). Any address matches,
    /// loopback and private ranges included. A `:port` or `/prefix` after
    /// it is kept. Placeholder `<ipv4>`.
    ///
    /// Misses: an address joined to a word by a `-` (`host-10.0.0.1`): the
    /// number screen treats `word-digits` as one token, as in ids and
    /// UUIDs. False positives: four-part version numbers with small parts
    /// written without a `v` (`version=1.2.3.4`).
    Ipv4,
    /// An IPv6 address: eight groups of 1-4 hex digits, or fewer with one
    /// `::`, optionally ending in a dotted IPv4 and followed by a `%zone`.
    /// It must contain a decimal digit (so `dead::beef`, `Abc::Def` and
    /// `::` alone do not match). Placeholder `<ipv6>`.
    ///
    /// Misses: addresses glued to a word or a dot. Times (`12:34:56`) and
    /// MAC addresses have no `::` and fewer than eight groups, so they never
    /// match. False positives: code paths made of hex letters with a digit
    /// (`Ab::C1`).
    Ipv6,
    /// A payment card number: 13 to 19 digits, contiguous or in groups
    /// (first group 4 digits, the others 3 to 6) separated by single spaces
    /// or single dashes (one kind throughout), passing the Luhn check, with
    /// a known issuer prefix and a length that issuer uses (Visa,
    /// Mastercard, Amex, Discover, JCB, Diners, Union Pay, Maestro, Mir).
    /// Placeholder `<card>`.
    ///
    /// Misses: other groupings, issuers outside the table. False positives:
    /// about one in ten random 13-19 digit ids that start with a listed
    /// issuer prefix (Luhn is a 1-in-10 check).
    Card,
    /// An IBAN: two uppercase letters naming a country in the IBAN registry,
    /// two check digits, and an uppercase alphanumeric BBAN, compact or
    /// printed with a single space after every four characters; its length
    /// must be that country's and the ISO 7064 mod-97 check must pass.
    /// Placeholder `<iban>`.
    ///
    /// Misses: lowercase IBANs, other spacings, countries added to the
    /// registry after this table. False positives: about one in 97 random
    /// strings of exactly a registered country's shape.
    Iban,
    /// A US social security number written `AAA-GG-SSSS` (dashes only): a
    /// 3-digit area, a 2-digit group and a 4-digit serial, none of them all
    /// zeros, an area that is not `666` nor `9xx` (the SSA never issues
    /// those; `9xx` are ITINs), not glued to a word or a longer run of
    /// numbers. Placeholder `<ssn>`.
    ///
    /// Misses: SSNs written with spaces or no separator (`123 45 6789`,
    /// `123456789`: indistinguishable from ids and amounts), and the values
    /// the SSA made invalid after issuing them. False positives: other ids
    /// of the same `3-2-4` dashed shape (some part and case numbers).
    Ssn,
    /// A `claims` wire value (FORMAT.md §4 and §5): `h1.<kid>.` and 43
    /// base64url characters, or `e1.<kid>.` and at least 38. Placeholders
    /// `<h1>` and `<e1>`.
    WireValue,
}

impl Detector {
    /// Every detector, in priority order (the first wins when two findings
    /// cover the same bytes).
    pub const ALL: [Detector; 10] = [
        Detector::Jwt,
        Detector::WireValue,
        Detector::Bearer,
        Detector::Email,
        Detector::Iban,
        Detector::Card,
        Detector::Ssn,
        Detector::Ipv6,
        Detector::Phone,
        Detector::Ipv4,
    ];

    /// The detector's name: `jwt`, `bearer`, `email`, `phone`, `ipv4`,
    /// `ipv6`, `card`, `iban`, `ssn`, `wire` (what [`FromStr`] reads back).
    pub const fn name(self) -> &'static str {
        match self {
            Detector::Jwt => "jwt",
            Detector::Bearer => "bearer",
            Detector::Email => "email",
            Detector::Phone => "phone",
            Detector::Ipv4 => "ipv4",
            Detector::Ipv6 => "ipv6",
            Detector::Card => "card",
            Detector::Iban => "iban",
            Detector::Ssn => "ssn",
            Detector::WireValue => "wire",
        }
    }

    /// A dense index (0..10), the position in [`Detector::ALL`].
    pub(crate) const fn index(self) -> usize {
        match self {
            Detector::Jwt => 0,
            Detector::WireValue => 1,
            Detector::Bearer => 2,
            Detector::Email => 3,
            Detector::Iban => 4,
            Detector::Card => 5,
            Detector::Ssn => 6,
            Detector::Ipv6 => 7,
            Detector::Phone => 8,
            Detector::Ipv4 => 9,
        }
    }

    const fn bit(self) -> u16 {
        1 << self.index()
    }
}

impl fmt::Display for Detector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The error of parsing a [`Detector`] from an unknown name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownDetector(String);

impl fmt::Display for UnknownDetector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown detector `{}` (expected one of ", self.0)?;
        for (i, d) in Detector::ALL.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(d.name())?;
        }
        f.write_str(")")
    }
}

impl std::error::Error for UnknownDetector {}

impl FromStr for Detector {
    type Err = UnknownDetector;

    /// Reads a [`Detector::name`], ASCII case-insensitively.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Detector::ALL
            .into_iter()
            .find(|d| d.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| UnknownDetector(s.to_owned()))
    }
}

/// A set of [`Detector`]s (a small bit set, `Copy`).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct DetectorSet(u16);

impl DetectorSet {
    /// Every detector.
    pub const fn all() -> Self {
        let mut bits = 0;
        let mut i = 0;
        while i < Detector::ALL.len() {
            bits |= Detector::ALL[i].bit();
            i += 1;
        }
        DetectorSet(bits)
    }

    /// No detector.
    pub const fn empty() -> Self {
        DetectorSet(0)
    }

    /// This set plus `detector`.
    #[must_use]
    pub const fn with(self, detector: Detector) -> Self {
        DetectorSet(self.0 | detector.bit())
    }

    /// This set minus `detector`.
    #[must_use]
    pub const fn without(self, detector: Detector) -> Self {
        DetectorSet(self.0 & !detector.bit())
    }

    /// Whether `detector` is in the set.
    pub const fn contains(self, detector: Detector) -> bool {
        self.0 & detector.bit() != 0
    }

    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The detectors in the set, in priority order.
    pub fn iter(self) -> impl Iterator<Item = Detector> {
        Detector::ALL.into_iter().filter(move |d| self.contains(*d))
    }
}

impl Default for DetectorSet {
    /// Every detector.
    fn default() -> Self {
        DetectorSet::all()
    }
}

impl fmt::Debug for DetectorSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl FromIterator<Detector> for DetectorSet {
    fn from_iter<I: IntoIterator<Item = Detector>>(iter: I) -> Self {
        iter.into_iter()
            .fold(DetectorSet::empty(), DetectorSet::with)
    }
}

impl From<Detector> for DetectorSet {
    fn from(detector: Detector) -> Self {
        DetectorSet::empty().with(detector)
    }
}

/// The placeholder kind of a finding: the detector, with wire values split
/// into `h1` and `e1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Label {
    Jwt,
    Bearer,
    Email,
    Phone,
    Ipv4,
    Ipv6,
    Card,
    Iban,
    Ssn,
    H1,
    E1,
}

impl Label {
    pub(crate) const fn detector(self) -> Detector {
        match self {
            Label::Jwt => Detector::Jwt,
            Label::Bearer => Detector::Bearer,
            Label::Email => Detector::Email,
            Label::Phone => Detector::Phone,
            Label::Ipv4 => Detector::Ipv4,
            Label::Ipv6 => Detector::Ipv6,
            Label::Card => Detector::Card,
            Label::Iban => Detector::Iban,
            Label::Ssn => Detector::Ssn,
            Label::H1 | Label::E1 => Detector::WireValue,
        }
    }

    pub(crate) const fn name(self) -> &'static str {
        match self {
            Label::H1 => "h1",
            Label::E1 => "e1",
            other => other.detector().name(),
        }
    }

    /// The placeholder written in place of a finding when no pseudonym key
    /// is configured.
    pub(crate) const fn placeholder(self) -> &'static str {
        match self {
            Label::Jwt => "<jwt>",
            Label::Bearer => "<bearer>",
            Label::Email => "<email>",
            Label::Phone => "<phone>",
            Label::Ipv4 => "<ipv4>",
            Label::Ipv6 => "<ipv6>",
            Label::Card => "<card>",
            Label::Iban => "<iban>",
            Label::Ssn => "<ssn>",
            Label::H1 => "<h1>",
            Label::E1 => "<e1>",
        }
    }
}
