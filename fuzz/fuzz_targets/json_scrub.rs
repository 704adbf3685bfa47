//! `JsonScrubber::scrub_line` on JSON log lines, well formed or broken.
//!
//! Every input is used twice:
//!
//! 1. as the line itself: no panic; the output is UTF-8 when the input is;
//!    and scrubbing is idempotent (see [`check_idempotent`]);
//! 2. through `arbitrary`, as a JSON document the harness writes (keys and
//!    strings escaped in fuzzer-chosen ways, masked field names in any ASCII
//!    case, `\u`-escaped or not, nesting past the depth limit), optionally
//!    inside text and then broken by fuzzer-chosen edits that keep JSON's
//!    lexical structure around the masked fields (a non-UTF-8 byte, a lone
//!    surrogate escape, a raw control character, `NaN`, a stray bracket,
//!    a truncation anywhere). Every masked field's value carries the marker
//!    [`SECRET`], which nothing else in the line can spell: the marker
//!    must never reach the output, whether the line was transcoded as
//!    JSON or read by the tolerant scanner. The checks of 1. apply too.

#![no_main]

use std::sync::LazyLock;

use arbitrary::{Arbitrary, Unstructured};
use claims_scrub::{JsonScrubber, Scrubber};
use libfuzzer_sys::fuzz_target;

/// In every masked value, and nowhere else: uppercase, so no `\u` escape
/// (written with lowercase hex digits) can spell it.
const SECRET: &str = "ZQXJ";

/// Masked in [`JSONS`] besides the defaults (a `-` in the name).
const EXTRA_MASKED: &str = "x-api-key";

/// The masked names the harness writes keys from.
const MASKED: &[&str] = &["password", "token", "authorization", "email", EXTRA_MASKED];

/// The scrubbers tried: the defaults, and a shallow one with an extra mask
/// and keyed pseudonyms (placeholders that carry a tag).
static JSONS: LazyLock<[JsonScrubber; 2]> = LazyLock::new(|| {
    let keyed = Scrubber::builder()
        .pseudonym_key(b"FUZZ-ONLY-not-a-real-scrub-key!!")
        .build();
    [
        JsonScrubber::new(Scrubber::new()),
        JsonScrubber::builder(keyed)
            .mask_field(EXTRA_MASKED)
            .max_depth(3)
            .build(),
    ]
});

#[derive(Arbitrary, Debug)]
enum Node<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Text<'a>),
    Array(Vec<Node<'a>>),
    Object(Vec<Member<'a>>),
}

/// A string and how to escape it.
#[derive(Arbitrary, Debug)]
struct Text<'a> {
    text: &'a str,
    escapes: u8,
}

#[derive(Arbitrary, Debug)]
enum Member<'a> {
    /// A key that is not masked (the harness skips it otherwise).
    Plain(Text<'a>, Node<'a>),
    Masked {
        name: u8,
        /// Bit i: upper-case letter i; bit 7 also `\u`-escapes letters.
        case: u8,
        spaces: u8,
        value: Secret<'a>,
    },
}

/// A masked field's value: each holds [`SECRET`].
#[derive(Arbitrary, Debug)]
enum Secret<'a> {
    Str(Text<'a>),
    /// Not JSON (`hunter2ZQXJ`): the line falls back to the tolerant scanner.
    Bare(&'a str),
    Array(Vec<Node<'a>>),
    Object(Vec<Member<'a>>),
}

/// Where the harness may edit the line without changing its string tokens.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Spot {
    /// Inside a non-masked string.
    InString,
    /// Between tokens, outside any masked field.
    Between,
}

#[derive(Arbitrary, Debug)]
enum Edit {
    Insert { at: u16, what: Snippet },
    Truncate(u16),
}

#[derive(Arbitrary, Debug)]
enum Snippet {
    NonUtf8,
    TruncatedUtf8,
    LoneSurrogate,
    Control,
    NaN,
    Comma,
    Colon,
    OpenBrace,
    CloseBrace,
    OpenBracket,
    CloseBracket,
    Space,
}

impl Snippet {
    fn bytes(&self, spot: Spot) -> &'static [u8] {
        match (self, spot) {
            (Snippet::NonUtf8, _) => b"\xff",
            (Snippet::TruncatedUtf8, _) => b"\xc3",
            (Snippet::LoneSurrogate, Spot::InString) => br"\ud800",
            (Snippet::LoneSurrogate, Spot::Between) => b"\"\\ud800\"",
            (Snippet::Control, _) => b"\x01",
            (Snippet::NaN, _) => b"NaN",
            (Snippet::Comma, _) => b",",
            (Snippet::Colon, _) => b":",
            (Snippet::OpenBrace, _) => b"{",
            (Snippet::CloseBrace, _) => b"}",
            (Snippet::OpenBracket, _) => b"[",
            (Snippet::CloseBracket, _) => b"]",
            (Snippet::Space, _) => b" ",
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Line<'a> {
    scrubber: bool,
    /// Text before the document: no `"` or `\` (they would pair with the
    /// document's quotes), else dropped.
    prefix: &'a [u8],
    doc: Node<'a>,
    suffix: &'a [u8],
    edits: Vec<Edit>,
}

/// Writes the document, noting where edits may go.
struct Writer<'j> {
    json: &'j JsonScrubber,
    out: Vec<u8>,
    spots: Vec<(usize, Spot)>,
    /// Masked values written (each must hold the marker).
    secrets: usize,
    /// Bounds the work on deeply nested fuzzer input.
    budget: usize,
}

impl Writer<'_> {
    fn between(&mut self) {
        self.spots.push((self.out.len(), Spot::Between));
    }

    /// `text` as a JSON string: control characters, `"` and `\` escaped as
    /// JSON requires; other characters `\u`-escaped when `escapes` says so
    /// (astral ones as a surrogate pair).
    fn string(&mut self, text: &str, escapes: u8, spots: bool) {
        self.out.push(b'"');
        for (i, c) in text.chars().enumerate() {
            if spots && i % 4 == 0 {
                self.spots.push((self.out.len(), Spot::InString));
            }
            let escape = escapes.rotate_left(u32::try_from(i % 8).unwrap()) & 1 == 1;
            match c {
                '"' => self.out.extend_from_slice(br#"\""#),
                '\\' => self.out.extend_from_slice(br"\\"),
                '\n' if !escape => self.out.extend_from_slice(br"\n"),
                '/' if escape => self.out.extend_from_slice(br"\/"),
                c if escape || u32::from(c) < 0x20 => {
                    let mut units = [0u16; 2];
                    for unit in c.encode_utf16(&mut units) {
                        self.out
                            .extend_from_slice(format!("\\u{unit:04x}").as_bytes());
                    }
                }
                c => self
                    .out
                    .extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
            }
        }
        if spots {
            self.spots.push((self.out.len(), Spot::InString));
        }
        self.out.push(b'"');
    }

    /// A non-masked string: the marker is taken out first.
    fn plain(&mut self, text: &Text<'_>) {
        let clean = text.text.replace(SECRET, "");
        self.string(&clean, text.escapes, true);
    }

    fn node(&mut self, node: &Node<'_>) {
        if self.budget == 0 {
            self.out.extend_from_slice(b"0");
            return;
        }
        self.budget -= 1;
        match node {
            Node::Null => self.out.extend_from_slice(b"null"),
            Node::Bool(b) => self
                .out
                .extend_from_slice(if *b { b"true" } else { b"false" }),
            Node::Int(i) => self.out.extend_from_slice(i.to_string().as_bytes()),
            Node::Float(f) if f.is_finite() => {
                self.out.extend_from_slice(format!("{f:e}").as_bytes());
            }
            Node::Float(_) => self.out.extend_from_slice(b"1.50"),
            Node::Str(text) => self.plain(text),
            Node::Array(items) => self.array(items),
            Node::Object(members) => self.object(members),
        }
    }

    fn array(&mut self, items: &[Node<'_>]) {
        self.out.push(b'[');
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.out.push(b',');
            }
            self.between();
            self.node(item);
            self.between();
        }
        self.out.push(b']');
    }

    fn object(&mut self, members: &[Member<'_>]) {
        self.out.push(b'{');
        let mut first = true;
        for member in members {
            if let Member::Plain(key, _) = member
                && (self.json.is_masked(key.text) || key.text.contains(SECRET))
            {
                continue;
            }
            if !first {
                self.out.push(b',');
            }
            first = false;
            self.between();
            match member {
                Member::Plain(key, value) => {
                    self.string(key.text, key.escapes, false);
                    self.out.push(b':');
                    self.between();
                    self.node(value);
                }
                Member::Masked {
                    name,
                    case,
                    spaces,
                    value,
                } => self.masked(*name, *case, *spaces, value),
            }
            self.between();
        }
        self.out.push(b'}');
    }

    /// A masked key and its value; no edit spot inside.
    fn masked(&mut self, name: u8, case: u8, spaces: u8, value: &Secret<'_>) {
        let names: Vec<&str> = MASKED
            .iter()
            .copied()
            .filter(|n| self.json.is_masked(n))
            .collect();
        let name = names[usize::from(name) % names.len()];
        let name: String = name
            .chars()
            .enumerate()
            .map(|(i, c)| {
                if case.rotate_right(u32::try_from(i % 7).unwrap()) & 1 == 1 {
                    c.to_ascii_uppercase()
                } else {
                    c
                }
            })
            .collect();
        let escapes = if case & 0x80 == 0 { 0 } else { case };
        self.string(&name, escapes, false);
        let blanks = [b' ', b'\t', b'\r', b'\n'];
        for i in 0..usize::from(spaces % 3) {
            self.out.push(blanks[(usize::from(spaces) + i) % 4]);
        }
        self.out.push(b':');
        for i in 0..usize::from(spaces / 64) {
            self.out.push(blanks[i % 4]);
        }
        self.secrets += 1;
        // The spots collected inside a masked value are dropped: the
        // value's extent is the scanner's business.
        let spots = self.spots.len();
        match value {
            Secret::Str(text) => {
                let secret = format!("{}{SECRET}{}", text.text, text.text);
                self.string(&secret, text.escapes, false);
            }
            Secret::Bare(word) => {
                let word: String = word
                    .chars()
                    .filter(|c| !matches!(c, ',' | '}' | ']' | '"' | '\\' | '{' | '['))
                    .filter(|c| !c.is_whitespace())
                    .collect();
                self.out.extend_from_slice(word.as_bytes());
                self.out.extend_from_slice(SECRET.as_bytes());
            }
            Secret::Array(items) => {
                self.out.push(b'[');
                for item in items {
                    self.node(item);
                    self.out.push(b',');
                }
                self.string(SECRET, 0, false);
                self.out.push(b']');
            }
            Secret::Object(members) => {
                self.out.extend_from_slice(br#"{"k":"#);
                self.string(SECRET, 0x55, false);
                for member in members {
                    if let Member::Plain(key, value) = member {
                        self.out.push(b',');
                        self.string(key.text, key.escapes, false);
                        self.out.push(b':');
                        self.node(value);
                    }
                }
                self.out.push(b'}');
            }
        }
        self.spots.truncate(spots);
    }
}

/// Scrubbing the output again changes nothing that the JSON scrubber
/// itself did: a transcoded line is a fixed point, and so is a
/// text-scrubbed one, unless its masks turned it into JSON
/// (`{"password": NaN}` became `{"password": "<redacted>"}`), which is then
/// transcoded once and stays so.
///
/// Unless the second pass finds text the first did not: the text
/// scrubber's detectors look at a candidate's neighbours, and a replacement
/// changes them (in `1::11%Z::11%Zx` the second address is glued to the
/// first one's zone id; once the first is `<ipv6>`, it is found). That is
/// the text scrubber's property, not this one's, so such lines are skipped.
fn check_idempotent(json: &JsonScrubber, line: &[u8], once: &[u8], was_json: bool) {
    let mut twice = Vec::new();
    let report = json.scrub_line_into(once, &mut twice);
    if report.findings.total() > 0 {
        return;
    }
    assert!(!was_json || report.json, "a transcoded line is still JSON");
    let (before, after) = if !was_json && report.json {
        let thrice = json.scrub_line(&twice);
        (twice, thrice)
    } else {
        (once.to_vec(), twice)
    };
    assert_eq!(
        String::from_utf8_lossy(&after),
        String::from_utf8_lossy(&before),
        "scrubbing is idempotent on {:?}",
        String::from_utf8_lossy(line)
    );
}

/// Scrubs `line`; checks UTF-8 and idempotence; returns the output.
fn scrub(json: &JsonScrubber, line: &[u8]) -> Vec<u8> {
    let mut once = Vec::new();
    let report = json.scrub_line_into(line, &mut once);
    if std::str::from_utf8(line).is_ok() {
        assert!(
            std::str::from_utf8(&once).is_ok(),
            "UTF-8 in, not UTF-8 out: {:?}",
            String::from_utf8_lossy(line)
        );
    }
    check_idempotent(json, line, &once, report.json);
    once
}

fuzz_target!(|data: &[u8]| {
    let jsons = &*JSONS;

    // 1. The bytes as a line.
    for json in jsons {
        scrub(json, data);
    }

    // 2. The bytes as a document with secrets in its masked fields.
    let Ok(line) = Line::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    let json = &jsons[usize::from(line.scrubber)];
    let mut writer = Writer {
        json,
        out: Vec::new(),
        spots: Vec::new(),
        secrets: 0,
        budget: 512,
    };
    if !line.prefix.iter().any(|b| matches!(b, b'"' | b'\\'))
        && !line
            .prefix
            .windows(SECRET.len())
            .any(|w| w == SECRET.as_bytes())
    {
        writer.out.extend_from_slice(line.prefix);
    }
    writer.between();
    writer.node(&line.doc);
    writer.between();
    if !line
        .suffix
        .windows(SECRET.len())
        .any(|w| w == SECRET.as_bytes())
    {
        writer.out.extend_from_slice(line.suffix);
    }
    let Writer {
        mut out, mut spots, ..
    } = writer;
    // Edits from the last spot backwards keep the earlier offsets valid.
    spots.sort_by_key(|&(at, _)| std::cmp::Reverse(at));
    for edit in &line.edits {
        match edit {
            Edit::Insert { at, what } if !spots.is_empty() => {
                let (at, spot) = spots[usize::from(*at) % spots.len()];
                out.splice(at..at, what.bytes(spot).iter().copied());
                spots.retain(|&(later, _)| later < at);
            }
            Edit::Insert { .. } => {}
            Edit::Truncate(at) => {
                let at = usize::from(*at) % (out.len() + 1);
                out.truncate(at);
                spots.retain(|&(spot, _)| spot <= at);
            }
        }
    }
    let scrubbed = scrub(json, &out);
    assert!(
        !scrubbed
            .windows(SECRET.len())
            .any(|w| w == SECRET.as_bytes()),
        "a masked value leaked: {:?} -> {:?}",
        String::from_utf8_lossy(&out),
        String::from_utf8_lossy(&scrubbed)
    );
});
