//! Names as words, and phrases spelled over them.
//!
//! A name is split into words once ([`split`]); a phrase of the lexicon
//! then matches a run of whole words whose letters, joined, spell it
//! ([`spell`]). Joining makes closed compounds match their open form
//! (`zipcode` and `zip_code` both spell `zip_code`) without listing both.

/// The words of `name`, as slices of it.
///
/// Words end at every character that is neither a letter nor a digit
/// (`_`, `-`, `.`, spaces, ...), between a lowercase and an uppercase
/// letter (`userEmail`), between letters and digits (`address2`,
/// `phone_1`), and before the last capital of an acronym followed by a
/// word (`IPAddress` is `IP` `Address`; `podIPs` keeps its plural: `pod`
/// `IPs`). Letters without case count as lowercase.
pub(crate) fn split(name: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start = None;
    let mut previous = Kind::Separator;
    let mut chars = name.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let kind = Kind::of(c);
        let boundary = match (previous, kind) {
            (_, Kind::Separator)
            | (Kind::Lower, Kind::Upper)
            | (Kind::Digit, Kind::Upper | Kind::Lower)
            | (Kind::Upper | Kind::Lower, Kind::Digit) => true,
            (Kind::Upper, Kind::Upper) => {
                chars
                    .peek()
                    .is_some_and(|&(_, next)| Kind::of(next) == Kind::Lower)
                    && !is_plural_s(&name[at + c.len_utf8()..])
            }
            _ => false,
        };
        if boundary && let Some(start) = start.take() {
            words.push(&name[start..at]);
        }
        if kind != Kind::Separator && start.is_none() {
            start = Some(at);
        }
        previous = kind;
    }
    if let Some(start) = start {
        words.push(&name[start..]);
    }
    words
}

/// How many words, from the first of `words`, spell `phrase`, if they do.
///
/// `phrase` is lowercase ASCII with `_` between its words; the `_` are
/// ignored, so word boundaries may fall anywhere in it. The words are
/// compared ignoring ASCII case, and the last one may add a plural
/// ending: `s`, `es` after `s`, `x`, `z`, `ch` or `sh` (`addresses`), or
/// `ies` for a final `y` (`allergies`).
pub(crate) fn spell(words: &[&str], phrase: &str) -> Option<usize> {
    // Most phrases differ from the name at the first letter: say so
    // before setting up the walk (a phrase never starts with `_`).
    let first = words.first()?.as_bytes().first()?;
    if Some(&first.to_ascii_lowercase()) != phrase.as_bytes().first() {
        return None;
    }
    let mut letters = phrase.bytes().filter(|&b| b != b'_').peekable();
    for (index, word) in words.iter().enumerate() {
        let word = word.as_bytes();
        for (at, &byte) in word.iter().enumerate() {
            let Some(&letter) = letters.peek() else {
                return is_plural_ending(phrase, &word[at..]).then_some(index + 1);
            };
            if word[at..].eq_ignore_ascii_case(b"ies") && letters.clone().eq([b'y']) {
                return Some(index + 1);
            }
            if byte.to_ascii_lowercase() != letter {
                return None;
            }
            letters.next();
        }
        if letters.peek().is_none() {
            return Some(index + 1);
        }
    }
    None
}

/// `tail`, left in a word after a phrase's last letter, makes it plural.
fn is_plural_ending(phrase: &str, tail: &[u8]) -> bool {
    tail.eq_ignore_ascii_case(b"s")
        || tail.eq_ignore_ascii_case(b"es")
            && ["s", "x", "z", "ch", "sh"]
                .iter()
                .any(|end| phrase.ends_with(end))
}

/// `rest` is a lone `s` closing an acronym (`IPs`, `URLs`): a plural, not
/// the start of a word.
fn is_plural_s(rest: &str) -> bool {
    let mut chars = rest.chars();
    chars.next() == Some('s') && chars.next().is_none_or(|c| !c.is_lowercase())
}

/// What a character is to the splitter.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Upper,
    Lower,
    Digit,
    Separator,
}

impl Kind {
    fn of(c: char) -> Kind {
        if c.is_uppercase() {
            Kind::Upper
        } else if c.is_numeric() {
            Kind::Digit
        } else if c.is_alphanumeric() {
            Kind::Lower
        } else {
            Kind::Separator
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{spell, split};

    #[test]
    fn splits_every_case_style() {
        assert_eq!(split("user_email"), ["user", "email"]);
        assert_eq!(split("userEmail"), ["user", "Email"]);
        assert_eq!(split("UserEmail"), ["User", "Email"]);
        assert_eq!(split("user-email"), ["user", "email"]);
        assert_eq!(split("USER_EMAIL"), ["USER", "EMAIL"]);
        assert_eq!(split("user.email"), ["user", "email"]);
        assert_eq!(split("__user__email__"), ["user", "email"]);
        assert_eq!(split(""), [] as [&str; 0]);
        assert_eq!(split("_-_"), [] as [&str; 0]);
    }

    #[test]
    fn splits_digits_and_acronyms() {
        assert_eq!(split("address2"), ["address", "2"]);
        assert_eq!(split("phone_1"), ["phone", "1"]);
        assert_eq!(split("line1Check"), ["line", "1", "Check"]);
        assert_eq!(split("IPAddress"), ["IP", "Address"]);
        assert_eq!(split("SSNNumber"), ["SSN", "Number"]);
        assert_eq!(split("podIPs"), ["pod", "IPs"]);
        assert_eq!(split("userID"), ["user", "ID"]);
        assert_eq!(split("IDsFor"), ["IDs", "For"]);
        assert_eq!(split("x5t#S256"), ["x", "5", "t", "S", "256"]);
    }

    #[test]
    fn splits_non_ascii_without_panicking() {
        assert_eq!(split("straßeNummer"), ["straße", "Nummer"]);
        assert_eq!(split("ÉtatCivil"), ["État", "Civil"]);
        assert_eq!(split("名前_email"), ["名前", "email"]);
        assert_eq!(split("ÀÉ"), ["ÀÉ"]);
    }

    #[test]
    fn spells_open_and_closed_compounds() {
        assert_eq!(spell(&["zip", "code"], "zip_code"), Some(2));
        assert_eq!(spell(&["zipcode"], "zip_code"), Some(1));
        assert_eq!(spell(&["ZIPCODE", "x"], "zip_code"), Some(1));
        assert_eq!(spell(&["zi", "pcode"], "zip_code"), Some(2));
        assert_eq!(spell(&["zip"], "zip_code"), None);
        assert_eq!(spell(&["zip", "codes"], "zip_code"), Some(2));
        assert_eq!(spell(&["zipcoder"], "zip_code"), None);
        assert_eq!(spell(&[], "zip_code"), None);
    }

    #[test]
    fn spells_plurals() {
        assert_eq!(spell(&["emails"], "email"), Some(1));
        assert_eq!(spell(&["addresses"], "address"), Some(1));
        assert_eq!(spell(&["Allergies"], "allergy"), Some(1));
        assert_eq!(spell(&["allergy"], "allergy"), Some(1));
        assert_eq!(spell(&["IPs"], "ip"), Some(1));
        assert_eq!(spell(&["emailes"], "email"), None);
        assert_eq!(spell(&["emailing"], "email"), None);
        assert_eq!(spell(&["allergie"], "allergy"), None);
        assert_eq!(spell(&["allergys"], "allergy"), Some(1));
    }
}
