//! `hashed(normalize = "...")`: the text normalizations a pseudonym can be
//! computed over (FORMAT.md §4), each under its own HMAC label, and the
//! trait the derive checks a normalized field's type against.

use std::borrow::Cow;
use std::rc::Rc;
use std::sync::Arc;

use unicode_normalization::UnicodeNormalization as _;
use zeroize::{Zeroize, Zeroizing};

use super::Hashed;
use crate::policy::Normalize;
use crate::wire;

/// The first part of the HMAC input of a pseudonym normalized by
/// `normalize`: a label per normalization, so a normalized pseudonym is
/// never the exact value's.
pub(crate) fn label(normalize: Normalize) -> &'static [u8] {
    match normalize {
        Normalize::Exact => wire::HASH_LABEL,
        Normalize::Nfc => wire::HASH_LABEL_NFC,
        Normalize::Email => wire::HASH_LABEL_EMAIL,
    }
}

/// Normalizes a plaintext (a value's compact JSON) in place: a JSON string
/// is read, normalized and written back as compact JSON; `null` is left as
/// it is. `Err` for any other JSON, which holds no text to normalize.
pub(crate) fn normalize_plaintext(normalize: Normalize, plaintext: &mut Vec<u8>) -> Result<(), ()> {
    if normalize == Normalize::Exact || plaintext == b"null" {
        return Ok(());
    }
    let [b'"', inner @ .., b'"'] = plaintext.as_mut_slice() else {
        return Err(());
    };
    // Plain ASCII is already NFC, and its lowercase is ASCII's.
    if inner.iter().all(|&b| b.is_ascii() && b != b'\\') {
        if normalize == Normalize::Email {
            inner.make_ascii_lowercase();
        }
        return Ok(());
    }
    let text = Zeroizing::new(serde_json::from_slice::<String>(plaintext).map_err(drop)?);
    let nfc = Zeroizing::new(text.nfc().collect::<String>());
    let normalized = match normalize {
        Normalize::Email => Zeroizing::new(Zeroizing::new(nfc.to_lowercase()).nfc().collect()),
        _ => nfc,
    };
    plaintext.zeroize();
    serde_json::to_writer(&mut *plaintext, &*normalized).map_err(drop)
}

/// A `hashed` field that can declare `normalize`: a [`Hashed`] of text.
#[diagnostic::on_unimplemented(
    message = "`normalize` needs a text value, and `{Self}` does not hold one",
    label = "normalizations apply to text",
    note = "use `Hashed<String>` or `Hashed<Option<String>>`, or drop `normalize` to hash the exact value"
)]
pub trait NormalizableField {}

impl<T: TextValue> NormalizableField for Hashed<T> {}

/// A value whose JSON is a string (or `null`).
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "`normalize` needs a text value, and `{Self}` is not text",
    label = "normalizations apply to text",
    note = "use `Hashed<String>` or `Hashed<Option<String>>`, or drop `normalize` to hash the exact value"
)]
pub trait TextValue {}

impl TextValue for String {}
impl TextValue for &str {}
impl TextValue for Box<str> {}
impl TextValue for Rc<str> {}
impl TextValue for Arc<str> {}
impl TextValue for Cow<'_, str> {}
impl<T: TextValue> TextValue for Option<T> {}

#[cfg(test)]
mod tests {
    use super::{Normalize, normalize_plaintext};

    fn normalized(normalize: Normalize, json: &str) -> Result<String, ()> {
        let mut plaintext = json.as_bytes().to_vec();
        normalize_plaintext(normalize, &mut plaintext)
            .map(|()| String::from_utf8(plaintext).expect("UTF-8"))
    }

    #[test]
    fn email_is_nfc_then_lowercase() {
        for (json, want) in [
            (r#""Alice@Example.COM""#, r#""alice@example.com""#),
            // Decomposed É (E + U+0301) composes, then lowercases.
            ("\"JOSE\u{301}@Exemple.FR\"", "\"jos\u{e9}@exemple.fr\""),
            // The Kelvin sign is K under NFC; final sigma before `@`.
            (
                "\"\u{212a}\u{39f}\u{3a3}@x.gr\"",
                "\"k\u{3bf}\u{3c2}@x.gr\"",
            ),
            // ß has no single-letter uppercase and is kept.
            ("\"Stra\u{df}e@x.de\"", "\"stra\u{df}e@x.de\""),
            // Escapes are read as what they stand for, and written compact.
            (r#""A\u0042\"c""#, r#""ab\"c""#),
            ("null", "null"),
        ] {
            assert_eq!(
                normalized(Normalize::Email, json).as_deref(),
                Ok(want),
                "{json}"
            );
        }
    }

    #[test]
    fn nfc_composes_and_keeps_case() {
        assert_eq!(
            normalized(Normalize::Nfc, "\"Jose\u{301}\"").as_deref(),
            Ok("\"Jos\u{e9}\"")
        );
        assert_eq!(
            normalized(Normalize::Nfc, r#""Alice""#).as_deref(),
            Ok(r#""Alice""#)
        );
        assert_eq!(
            normalized(Normalize::Exact, "\"E\u{301}\"").as_deref(),
            Ok("\"E\u{301}\"")
        );
    }

    #[test]
    fn only_text_can_be_normalized() {
        for json in ["42", "true", r#"["a"]"#, r#"{"a":"b"}"#] {
            assert_eq!(normalized(Normalize::Email, json), Err(()), "{json}");
            assert_eq!(normalized(Normalize::Exact, json).as_deref(), Ok(json));
        }
    }
}
