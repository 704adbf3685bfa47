//! The PII lexicon: field and claim names that look like personal data,
//! each with the [`Category`] of data it would hold. One vocabulary for
//! every stage: the derive refuses a matching `public` field without
//! `allow_pii = "..."`, and the `claims` CLI warns about matching public
//! claims in tokens it inspects.
//!
//! ```
//! use claims_lexicon::{lookup, Category};
//!
//! let found = lookup("homeAddress").unwrap();
//! assert_eq!((found.term, found.category), ("address", Category::Address));
//! assert_eq!(found.category.as_str(), "address and precise location");
//! assert_eq!(lookup("cc_number").unwrap().category, Category::Financial);
//! assert_eq!(lookup("role"), None);
//! ```
//!
//! # Policy
//!
//! A false positive costs the user one `allow_pii = "why this is safe"`;
//! a miss leaks personal data in the clear. So the lexicon leans to
//! flagging, within a budget of 2% false positives on names of
//! non-personal schemas and at least 97% recall on names of personal
//! ones. The corpus in `tests/corpus/` (field names of `OpenID Connect`,
//! SCIM, FHIR, schema.org, LDAP, Stripe, `PayPal`, Microsoft Graph, Meta,
//! Google People and HL7 v2 on one side; Kubernetes, Stripe and `PayPal`
//! products and invoices, schema.org products and orders, OAuth and JOSE
//! on the other) measures 97.6% recall (247 of 253) and 1.6% false
//! positives (11 of 700): `cargo test -p claims-lexicon --test corpus --
//! --nocapture` prints the misses and false positives.
//!
//! # What it covers
//!
//! Sixteen categories (see [`Category`]): contact, person name, address
//! and precise location, government id, financial, the GDPR Art. 9
//! special categories (health, genetic, biometric, racial or ethnic
//! origin, political opinions, religious or philosophical beliefs, trade
//! union membership, sex life or sexual orientation), demographic, online
//! and device identifiers, and credentials and secrets. The vocabulary is
//! data (`src/vocabulary.rs`), apart from the matcher (`src/lookup.rs`).
//!
//! # How a name matches
//!
//! A name is split into words at `_`, `-`, `.` and every other character
//! that is neither letter nor digit, at `camelCase` and `PascalCase` humps,
//! between letters and digits, and after acronyms (`IPAddress`), so
//! `user_email`, `userEmail`, `User-Email`, `USER_EMAIL` and `email2` all
//! contain the word `email`. A phrase of the vocabulary matches a run of
//! whole words whose letters, joined, spell it: `credit_card` matches
//! `creditCard` and `creditcard`, `zip_code` matches `zipcode`. The last
//! word may be plural (`emails`, `addresses`, `allergies`). Common
//! abbreviations are phrases of their own where they are unambiguous
//! (`ssn`, `dob`, `mrn`, `cc`, `tin`, `dl_number`).
//!
//! Words are matched whole: `tip` does not contain `ip`, and a compound
//! written as one lowercase word is matched only if the vocabulary lists
//! it (`birthdate`, `nickname`, `username` are; an arbitrary `useremail`
//! is not: write `user_email`).
//!
//! # Ambiguous names
//!
//! Words that are personal data in some names and not in others (`name`,
//! `id`, `city`, `title`, `token`, `pod_ip`, ...) are decided in one table
//! ([`decisions`]), each with its [`Verdict`] and a one-line reason. A
//! decision applies to the whole name ([`Scope::Alone`]: `name` is a
//! person's, `role_name` is not), to a name it ends ([`Scope::Ending`]:
//! `last_updated_by` names a person, `cvc_check` is a check's outcome), or
//! wherever its words appear ([`Scope::Anywhere`]: `podIPs` is not a
//! person's IP address).
//!
//! Some decisions trade a miss for fewer false positives, and say so:
//! `id`, `identifier`, `number` and `line` alone are not flagged, though
//! FHIR's `identifier` and a card's `number` hold personal data; a
//! personal value is expected under a name that says what it is
//! (`patient_id`, `card_number`, `address_line1`).

mod ambiguous;
mod category;
mod lookup;
pub mod reserved;
mod vocabulary;
mod words;

pub use ambiguous::{Decision, Scope, Verdict, decisions};
pub use category::Category;
pub use lookup::{Match, decision, lookup};

#[cfg(test)]
mod tests;
