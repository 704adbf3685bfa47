//! The kinds of personal data the lexicon knows.

use std::fmt;

/// What a name that looks like personal data would hold.
///
/// The categories follow the GDPR (Art. 4(1) personal data, Art. 9 special
/// categories) and the managed identifiers of data-loss-prevention tools
/// (Google DLP infoTypes, AWS Macie). [`Category::as_str`] is the stable
/// name used in compile errors, CLI output and JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Category {
    /// Email addresses, phone and fax numbers, messaging handles.
    Contact,
    /// Given, family, full and display names.
    PersonName,
    /// Postal addresses and their parts, and precise locations
    /// (coordinates, a city); a country or region is too coarse.
    Address,
    /// Social security, passport, driver's license, tax and national
    /// identity numbers.
    GovernmentId,
    /// Card and bank account numbers, card security codes, income.
    Financial,
    /// Health data (GDPR Art. 9): diagnoses, allergies, medical records.
    Health,
    /// Genetic data (GDPR Art. 9).
    Genetic,
    /// Biometric data (GDPR Art. 9), and pictures of a person.
    Biometric,
    /// Racial or ethnic origin (GDPR Art. 9).
    EthnicOrigin,
    /// Political opinions (GDPR Art. 9).
    PoliticalOpinion,
    /// Religious or philosophical beliefs (GDPR Art. 9).
    Belief,
    /// Trade union membership (GDPR Art. 9).
    TradeUnion,
    /// Sex life or sexual orientation (GDPR Art. 9).
    SexLife,
    /// Gender, age, date and place of birth, nationality, marital status.
    Demographic,
    /// User ids, logins, IP and MAC addresses, device and advertising ids.
    OnlineId,
    /// Passwords, secrets, API keys, bearer tokens, one-time codes.
    Credential,
}

impl Category {
    /// Every category, in declaration order.
    pub const ALL: [Category; 16] = [
        Category::Contact,
        Category::PersonName,
        Category::Address,
        Category::GovernmentId,
        Category::Financial,
        Category::Health,
        Category::Genetic,
        Category::Biometric,
        Category::EthnicOrigin,
        Category::PoliticalOpinion,
        Category::Belief,
        Category::TradeUnion,
        Category::SexLife,
        Category::Demographic,
        Category::OnlineId,
        Category::Credential,
    ];

    /// The category's stable name: lowercase words separated by spaces,
    /// written for people (`"government id"`, `"address and precise
    /// location"`). It appears in compile errors and is meant for JSON
    /// too; a name never changes once released.
    pub const fn as_str(self) -> &'static str {
        match self {
            Category::Contact => "contact",
            Category::PersonName => "person name",
            Category::Address => "address and precise location",
            Category::GovernmentId => "government id",
            Category::Financial => "financial",
            Category::Health => "health",
            Category::Genetic => "genetic",
            Category::Biometric => "biometric",
            Category::EthnicOrigin => "racial or ethnic origin",
            Category::PoliticalOpinion => "political opinion",
            Category::Belief => "religious or philosophical belief",
            Category::TradeUnion => "trade union membership",
            Category::SexLife => "sex life or sexual orientation",
            Category::Demographic => "demographic",
            Category::OnlineId => "online or device identifier",
            Category::Credential => "credential or secret",
        }
    }

    /// Whether the GDPR (Art. 9) counts this category as special: data
    /// that may be processed only under stricter conditions.
    pub const fn is_special(self) -> bool {
        matches!(
            self,
            Category::Health
                | Category::Genetic
                | Category::Biometric
                | Category::EthnicOrigin
                | Category::PoliticalOpinion
                | Category::Belief
                | Category::TradeUnion
                | Category::SexLife
        )
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
