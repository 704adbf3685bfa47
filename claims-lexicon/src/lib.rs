//! The PII lexicon: claim and field names that look like personal data,
//! aligned with the `OpenID Connect` standard claims. One table for every
//! stage: the derive refuses a matching `public` field without
//! `allow_pii = "..."`, and the `claims` CLI warns about matching public
//! claims in tokens it inspects.

pub mod reserved;

/// A name matches when it is, whole, one of these.
const WHOLE_NAMES: &[&str] = &[
    "name",
    "given_name",
    "family_name",
    "middle_name",
    "nickname",
    "preferred_username",
    "username",
    "user_name",
    "login",
    "user_id",
    "uid",
    "sub",
    "first_name",
    "last_name",
    "full_name",
    "surname",
    "display_name",
    "picture",
    "address",
    "gender",
    "birthdate",
    "age",
    "location",
    "lat",
    "lon",
    "lng",
    "device_id",
    "card_number",
    "account_number",
    "tax_id",
    "national_id",
];

/// A name matches when one of its words is one of these.
const WORDS: &[&str] = &[
    "email", "mail", "phone", "mobile", "msisdn", "ssn", "passport", "iban", "dob", "birth", "ip",
    "imei", "street", "postcode", "zip", "password", "passwd", "secret", "cvv", "otp",
];

/// The lexicon entry `name` matches, if any.
///
/// Matching ignores case and splits words at `_`, `-` and lower-to-upper
/// case changes, so a field `user_email` and a claim renamed to `userEmail`,
/// `User-Email` or `USER_EMAIL` all match `email`, and `givenName` matches
/// `given_name`.
pub fn matches(name: &str) -> Option<&'static str> {
    let words = words(name);
    let whole = words.join("_");
    if let Some(entry) = WHOLE_NAMES.iter().find(|entry| **entry == whole) {
        return Some(entry);
    }
    words
        .iter()
        .find_map(|word| WORDS.iter().find(|entry| *entry == word))
        .copied()
}

/// `name` as lowercase words.
fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if c == '_' || c == '-' {
            words.push(std::mem::take(&mut current));
            previous_lower = false;
            continue;
        }
        if c.is_uppercase() && previous_lower {
            words.push(std::mem::take(&mut current));
        }
        previous_lower = c.is_lowercase() || c.is_ascii_digit();
        current.extend(c.to_lowercase());
    }
    words.push(current);
    words.retain(|word| !word.is_empty());
    words
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn whole_names_match_only_whole() {
        assert_eq!(matches("name"), Some("name"));
        assert_eq!(matches("given_name"), Some("given_name"));
        assert_eq!(matches("givenName"), Some("given_name"));
        assert_eq!(matches("SUB"), Some("sub"));
        assert_eq!(matches("role_name"), None);
        assert_eq!(matches("subject"), None);
        assert_eq!(matches("language"), None);
    }

    #[test]
    fn words_match_anywhere() {
        assert_eq!(matches("email"), Some("email"));
        assert_eq!(matches("user_email"), Some("email"));
        assert_eq!(matches("email_verified"), Some("email"));
        assert_eq!(matches("userEmail"), Some("email"));
        assert_eq!(matches("User-Email"), Some("email"));
        assert_eq!(matches("client_ip"), Some("ip"));
        assert_eq!(matches("zip"), Some("zip"));
        assert_eq!(matches("ship_to"), None);
        assert_eq!(matches("tip"), None);
        assert_eq!(matches("emails"), None);
        assert_eq!(matches("role"), None);
        assert_eq!(matches("tenant_id"), None);
    }
}
