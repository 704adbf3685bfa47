//! The `h1.`/`e1.` wire-value parser, differentially: for every string,
//! `claims_core::__fuzzing::is_wire_value` must agree with the reference
//! parser below, written from FORMAT.md §1, §4 and §5 with its own base64url
//! decoder (canonical, unpadded), and must never panic.
//!
//! Every input is used twice: as the string itself (`from_utf8_lossy`), and
//! through `arbitrary` as a near-valid value (`prefix + kid + "." + body`,
//! with kids of 0 to 40 characters, bodies of exactly 32 bytes, at least 28
//! bytes or any length, encoded canonically, padded, with the standard
//! alphabet or with non-zero trailing bits, then optionally edited by one
//! character), which reaches the accepting paths random strings rarely do.

#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use claims_core::__fuzzing::is_wire_value;
use libfuzzer_sys::fuzz_target;

/// The kid alphabet `[A-Za-z0-9_-]`: exactly 64 characters.
const KID_ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

/// RFC 4648 §5, in value order.
const B64URL_ALPHABET: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// FORMAT.md §1: 1 to 32 characters of `[A-Za-z0-9_-]`.
fn reference_kid(kid: &str) -> bool {
    (1..=32).contains(&kid.len()) && kid.bytes().all(|b| KID_ALPHABET.contains(&b))
}

/// Base64url without padding, canonical (unused trailing bits zero).
fn reference_b64url(text: &str) -> Option<Vec<u8>> {
    let sextets = text
        .bytes()
        .map(|c| match c {
            b'A'..=b'Z' => Some(c - b'A'),
            b'a'..=b'z' => Some(c - b'a' + 26),
            b'0'..=b'9' => Some(c - b'0' + 52),
            b'-' => Some(62),
            b'_' => Some(63),
            _ => None,
        })
        .collect::<Option<Vec<u8>>>()?;
    let mut out = Vec::with_capacity(sextets.len() * 3 / 4);
    for chunk in sextets.chunks(4) {
        if chunk.len() == 1 {
            return None; // 6 bits cannot hold a byte
        }
        let mut acc = 0u32;
        for (i, &v) in chunk.iter().enumerate() {
            acc |= u32::from(v) << (18 - 6 * i);
        }
        let n = chunk.len() - 1; // bytes this chunk holds
        if acc & ((1u32 << (24 - 8 * n)) - 1) != 0 {
            return None; // non-zero unused bits: not canonical
        }
        out.extend_from_slice(&acc.to_be_bytes()[1..=n]);
    }
    Some(out)
}

/// FORMAT.md §4/§5: `prefix kid "." b64u(body)`, the body 32 bytes for
/// `h1.` and at least nonce + tag (28 bytes) for `e1.`.
fn reference(value: &str, prefix: &str) -> bool {
    let Some(rest) = value.strip_prefix(prefix) else {
        return false;
    };
    let Some((kid, body)) = rest.split_once('.') else {
        return false;
    };
    let Some(body) = reference_b64url(body) else {
        return false;
    };
    reference_kid(kid)
        && match prefix {
            "h1." => body.len() == 32,
            "e1." => body.len() >= 28,
            _ => unreachable!(),
        }
}

fn check(value: &str, other_prefix: &str) {
    let h1 = is_wire_value(value, "h1.");
    let e1 = is_wire_value(value, "e1.");
    assert_eq!(h1, reference(value, "h1."), "h1. disagrees on {value:?}");
    assert_eq!(e1, reference(value, "e1."), "e1. disagrees on {value:?}");
    assert!(!(h1 && e1), "both h1. and e1.: {value:?}");
    // Only the two known prefixes select a parser.
    if other_prefix != "h1." && other_prefix != "e1." {
        assert!(!is_wire_value(value, other_prefix));
    }
}

#[derive(Arbitrary, Debug)]
enum Prefix<'a> {
    H1,
    E1,
    Other(&'a str),
}

#[derive(Arbitrary, Debug)]
enum Kid<'a> {
    /// `len % 41` characters of the kid alphabet (0 to 40: both bounds).
    Alphabet {
        len: u8,
        seed: [u8; 8],
    },
    Raw(&'a str),
}

#[derive(Arbitrary, Debug)]
enum Body<'a> {
    /// An HMAC tag's size.
    Tag([u8; 32]),
    /// Nonce and GCM tag, plus any ciphertext.
    Sealed([u8; 28], &'a [u8]),
    Free(&'a [u8]),
    /// Not base64url-encoded by the harness.
    Text(&'a str),
}

#[derive(Arbitrary, Debug)]
enum Form {
    Canonical,
    Padded,
    StandardAlphabet,
    /// Canonical, then the lowest unused bit of the last character set.
    DirtyTrailingBits,
}

#[derive(Arbitrary, Debug)]
enum Edit {
    None,
    Insert(u16, char),
    Replace(u16, char),
    Remove(u16),
    Truncate(u16),
}

#[derive(Arbitrary, Debug)]
struct NearValid<'a> {
    prefix: Prefix<'a>,
    kid: Kid<'a>,
    body: Body<'a>,
    form: Form,
    edit: Edit,
}

fn encode(bytes: &[u8], form: &Form) -> String {
    match form {
        Form::Canonical => URL_SAFE_NO_PAD.encode(bytes),
        Form::Padded => URL_SAFE.encode(bytes),
        Form::StandardAlphabet => STANDARD_NO_PAD.encode(bytes),
        Form::DirtyTrailingBits => {
            let mut text = URL_SAFE_NO_PAD.encode(bytes).into_bytes();
            if bytes.len() % 3 != 0 {
                // The last character's low bits are unused (4 of them when
                // one byte is left over, 2 when two are): set the lowest.
                let last = text.last_mut().unwrap();
                let index = B64URL_ALPHABET.iter().position(|c| c == last).unwrap();
                *last = B64URL_ALPHABET[index | 1];
            }
            String::from_utf8(text).unwrap()
        }
    }
}

impl NearValid<'_> {
    fn build(&self) -> String {
        let mut value = String::new();
        value.push_str(match self.prefix {
            Prefix::H1 => "h1.",
            Prefix::E1 => "e1.",
            Prefix::Other(p) => p,
        });
        match &self.kid {
            Kid::Alphabet { len, seed } => {
                for i in 0..usize::from(*len % 41) {
                    let pick = usize::from(seed[i % 8]).wrapping_add(i * 7) % 64;
                    value.push(char::from(KID_ALPHABET[pick]));
                }
            }
            Kid::Raw(kid) => value.push_str(kid),
        }
        value.push('.');
        match &self.body {
            Body::Tag(tag) => value.push_str(&encode(tag, &self.form)),
            Body::Sealed(head, rest) => {
                value.push_str(&encode(&[&head[..], rest].concat(), &self.form))
            }
            Body::Free(bytes) => value.push_str(&encode(bytes, &self.form)),
            Body::Text(text) => value.push_str(text),
        }
        let at = |i: u16| {
            let mut i = usize::from(i) % (value.len() + 1);
            while !value.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        match self.edit {
            Edit::None => {}
            Edit::Insert(i, c) => {
                let i = at(i);
                value.insert(i, c);
            }
            Edit::Replace(i, c) => {
                let i = at(i);
                if i < value.len() {
                    value.remove(i);
                    value.insert(i, c);
                }
            }
            Edit::Remove(i) => {
                let i = at(i);
                if i < value.len() {
                    value.remove(i);
                }
            }
            Edit::Truncate(i) => {
                let i = at(i);
                value.truncate(i);
            }
        }
        value
    }

    /// What the construction alone says, for the unedited, encoded cases:
    /// a second oracle that does not depend on the reference parser.
    fn expected(&self) -> Option<(bool, bool)> {
        if !matches!(self.edit, Edit::None) {
            return None;
        }
        let kid_ok = match &self.kid {
            Kid::Alphabet { len, .. } => (1..=32).contains(&(len % 41)),
            Kid::Raw(_) => return None,
        };
        let bytes = match &self.body {
            Body::Tag(tag) => tag.len(),
            Body::Sealed(head, rest) => head.len() + rest.len(),
            Body::Free(bytes) => bytes.len(),
            Body::Text(_) => return None,
        };
        let encoded = match &self.body {
            Body::Tag(tag) => encode(tag, &Form::Canonical),
            Body::Sealed(head, rest) => encode(&[&head[..], rest].concat(), &Form::Canonical),
            Body::Free(b) => encode(b, &Form::Canonical),
            Body::Text(_) => unreachable!(),
        };
        let form_ok = match self.form {
            Form::Canonical => true,
            Form::Padded | Form::DirtyTrailingBits => bytes % 3 == 0,
            Form::StandardAlphabet => !encoded.contains(['-', '_']),
        };
        let ok = kid_ok && form_ok;
        match self.prefix {
            Prefix::H1 => Some((ok && bytes == 32, false)),
            Prefix::E1 => Some((false, ok && bytes >= 28)),
            Prefix::Other(_) => None,
        }
    }
}

fuzz_target!(|data: &[u8]| {
    // 1. The bytes as a wire value.
    check(&String::from_utf8_lossy(data), "");

    // 2. The bytes as a near-valid wire value.
    let Ok(near) = NearValid::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    let value = near.build();
    let other = match near.prefix {
        Prefix::Other(p) => p,
        _ => "h2.",
    };
    check(&value, other);
    if let Some((h1, e1)) = near.expected() {
        assert_eq!(
            is_wire_value(&value, "h1."),
            h1,
            "h1. on {near:?} -> {value:?}"
        );
        assert_eq!(
            is_wire_value(&value, "e1."),
            e1,
            "e1. on {near:?} -> {value:?}"
        );
    }
});
