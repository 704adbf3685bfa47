//! Ambiguous names, decided in one place: words that are personal data in
//! some names and not in others, each with the decision and its reason.
//!
//! The policy behind every row: a false positive costs the user one
//! `allow_pii = "..."` with a reason, a miss leaks personal data, so a
//! name is decided personal unless it more often holds something else and
//! the personal meaning has a more specific name of its own.

use crate::category::Category;

use Scope::{Alone, Anywhere, Ending};
use Verdict::{NotPersonal, Personal};

/// How a [`Decision`]'s phrases apply to a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Scope {
    /// Only when a phrase is the whole name (`name`, but not
    /// `role_name`).
    Alone,
    /// When a phrase ends the name, and then for the whole name
    /// (`last_updated_by`, but not `created_by_flow`; `cvc_check` is a
    /// check's outcome, whatever it checked).
    Ending,
    /// Wherever a phrase spells whole words of the name (`pod_ip` in
    /// `podIPs`); a decision "not personal" shadows the vocabulary's
    /// phrases inside those words.
    Anywhere,
}

/// What a [`Decision`] says of its phrases.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Personal data of this category: a `public` field needs
    /// `allow_pii = "..."`.
    Personal(Category),
    /// Not personal data.
    NotPersonal,
}

/// One row of the table of ambiguous names: phrases decided alike, for
/// one reason.
#[derive(Debug)]
#[non_exhaustive]
pub struct Decision {
    /// The phrases decided: lowercase ASCII words joined by `_`, matched
    /// like the vocabulary's (any case style, open or closed, plural).
    pub phrases: &'static [&'static str],
    /// Where the phrases apply.
    pub scope: Scope,
    /// The decision.
    pub verdict: Verdict,
    /// Why, in one line.
    pub reason: &'static str,
}

/// Every decision, for documentation and tools; [`crate::lookup`]
/// applies them.
pub fn decisions() -> &'static [Decision] {
    DECISIONS
}

const fn decide(
    scope: Scope,
    phrases: &'static [&'static str],
    verdict: Verdict,
    reason: &'static str,
) -> Decision {
    Decision {
        phrases,
        scope,
        verdict,
        reason,
    }
}

static DECISIONS: &[Decision] = &[
    // Names of people, and fields that stand for a person.
    decide(
        Alone,
        &["name", "cn", "short_name"],
        Personal(Category::PersonName),
        "alone, it names a person (OIDC, SCIM, LDAP's common name, Meta's short name); \
         `file_name` and `role_name` do not",
    ),
    decide(
        Alone,
        &["given", "family", "sn"],
        Personal(Category::PersonName),
        "parts of a person's name (FHIR HumanName, LDAP's surname); `ip_family` is another word",
    ),
    decide(
        Anywhere,
        &["nickname"],
        Personal(Category::PersonName),
        "the name a person goes by (OIDC, SCIM); Stripe's price nicknames are the exception",
    ),
    decide(
        Alone,
        &[
            "sub", "uid", "user", "login", "account", "owner", "customer", "member", "profile",
        ],
        Personal(Category::OnlineId),
        "alone, it stands for a person: the JWT subject, a user id, login, account or customer \
         id, OIDC's profile URL; a Kubernetes object's `uid` or `owner` is never a claim",
    ),
    decide(
        Alone,
        &["token"],
        Personal(Category::Credential),
        "alone, it carries a bearer credential; `token_type` and `token_endpoint` do not",
    ),
    decide(
        Ending,
        &[
            "created_by",
            "updated_by",
            "modified_by",
            "deleted_by",
            "cancelled_by",
            "sent_by",
        ],
        Personal(Category::OnlineId),
        "names who did it, a user id or an email, where it ends the name (not `created_by_flow`)",
    ),
    // Places.
    decide(
        Anywhere,
        &["city", "zip"],
        Personal(Category::Address),
        "parts of a postal address; JWE's `zip` header is a header, never a claim",
    ),
    decide(
        Alone,
        &[
            "country", "region", "state", "province", "district", "county",
        ],
        NotPersonal,
        "a coarse region, shared by many people (or a status, or OAuth's CSRF `state`); a \
         person's address is named for it",
    ),
    decide(
        Anywhere,
        &["address_country", "address_region", "address_state"],
        NotPersonal,
        "the coarse parts of an address, as `country` and `region` alone",
    ),
    decide(
        Alone,
        &["locale", "language", "timezone", "zoneinfo"],
        NotPersonal,
        "a setting shared by millions of people, which services need to serve them",
    ),
    // Generic words that name a record, not a person.
    decide(
        Alone,
        &["id", "identifier", "number", "code", "key", "line"],
        NotPersonal,
        "a record's own id, number or code, a lookup key, an invoice line; a person's is named \
         for what it is (`patient_id`, `card_number`, `api_key`, `address_line1`)",
    ),
    decide(
        Alone,
        &[
            "title", "status", "type", "url", "host", "hostname", "height", "weight",
        ],
        NotPersonal,
        "describes a record, a product or a machine far more often than a person (a job title, \
         a body measurement)",
    ),
    decide(
        Alone,
        &["groups", "roles", "entitlements", "member_of"],
        NotPersonal,
        "authorization data, what a token exists to carry",
    ),
    // Phrases that contain a vocabulary word but name something else.
    decide(
        Anywhere,
        &[
            "pod_ip",
            "host_ip",
            "node_ip",
            "cluster_ip",
            "load_balancer_ip",
            "ip_family",
        ],
        NotPersonal,
        "the address of a service's machine, or IPv4 against IPv6: not a person's device",
    ),
    decide(
        Anywhere,
        &["pull_secret", "secret_ref", "secret_name", "secret_key_ref"],
        NotPersonal,
        "names a secret stored elsewhere, not the secret",
    ),
    decide(
        Anywhere,
        &["health_check", "mobile_url", "max_age"],
        NotPersonal,
        "a probe of a service, a page for phones, a duration in seconds (OIDC, cookies)",
    ),
    decide(
        Ending,
        &["check"],
        NotPersonal,
        "the outcome of a check (`cvc_check`: pass, fail, unavailable), not the value checked",
    ),
];
