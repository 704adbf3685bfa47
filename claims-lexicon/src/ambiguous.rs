//! Ambiguous names, decided in one place: words that are personal data in
//! some names and not in others, each with the decision and its reason.
//!
//! The policy behind every row: a false positive costs the user one
//! `allow_pii = "..."` with a reason, a miss leaks personal data, so a
//! name is decided personal unless it more often holds something else and
//! the personal meaning has a more specific name of its own.

use crate::Category;

use Verdict::{NotPersonal, Personal};

/// How a [`Decision`]'s phrase applies to a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Scope {
    /// Only when the phrase is the whole name (`name`, but not
    /// `role_name`).
    Alone,
    /// When the phrase ends the name, and then for the whole name
    /// (`last_updated_by`, but not `created_by_flow`; `cvc_check` is a
    /// check's outcome, whatever it checked).
    Ending,
    /// Wherever the phrase spells whole words of the name (`pod_ip` in
    /// `podIPs`); a decision "not personal" shadows the vocabulary's
    /// phrases inside those words.
    Anywhere,
}

/// What a [`Decision`] says of its phrase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Personal data of this category: a `public` field needs
    /// `allow_pii = "..."`.
    Personal(Category),
    /// Not personal data.
    NotPersonal,
}

/// One row of the table of ambiguous names.
#[derive(Debug)]
#[non_exhaustive]
pub struct Decision {
    /// The phrase decided: lowercase ASCII words joined by `_`, matched
    /// like the vocabulary's (any case style, open or closed, plural).
    pub phrase: &'static str,
    /// Where the phrase applies.
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

const fn alone(phrase: &'static str, verdict: Verdict, reason: &'static str) -> Decision {
    Decision {
        phrase,
        scope: Scope::Alone,
        verdict,
        reason,
    }
}

const fn ending(phrase: &'static str, verdict: Verdict, reason: &'static str) -> Decision {
    Decision {
        phrase,
        scope: Scope::Ending,
        verdict,
        reason,
    }
}

const fn anywhere(phrase: &'static str, verdict: Verdict, reason: &'static str) -> Decision {
    Decision {
        phrase,
        scope: Scope::Anywhere,
        verdict,
        reason,
    }
}

const COARSE: &str = "a coarse region, shared by many people; a person's address is named for it";
const PREFERENCE: &str =
    "a setting shared by millions of people, which services need to serve them";
const ACTOR: &str = "names who did it: a user id or an email";
const INFRASTRUCTURE_IP: &str = "the address of a service's machine, not of a person's device";
const SECRET_REFERENCE: &str = "names a secret stored elsewhere, not the secret";
const AUTHORIZATION: &str = "authorization data, what a token exists to carry";

static DECISIONS: &[Decision] = &[
    // Names of people, and fields that stand for a person.
    alone(
        "name",
        Personal(Category::PersonName),
        "alone, it names a person (OIDC, SCIM); `file_name` or `role_name` do not",
    ),
    alone(
        "given",
        Personal(Category::PersonName),
        "FHIR HumanName's given names",
    ),
    alone(
        "family",
        Personal(Category::PersonName),
        "FHIR HumanName's family name; `ip_family` is another word",
    ),
    anywhere(
        "nickname",
        Personal(Category::PersonName),
        "the name a person goes by (OIDC, SCIM); Stripe's price nicknames are the exception",
    ),
    alone(
        "short_name",
        Personal(Category::PersonName),
        "a person's short name (Meta) as often as a product's",
    ),
    alone(
        "cn",
        Personal(Category::PersonName),
        "LDAP's and X.509's common name: a person's full name in a directory",
    ),
    alone("sn", Personal(Category::PersonName), "LDAP's surname"),
    alone(
        "sub",
        Personal(Category::OnlineId),
        "the JWT subject: whom the token is about",
    ),
    alone(
        "uid",
        Personal(Category::OnlineId),
        "a user id in LDAP, POSIX and Firebase; a Kubernetes object uid is never a claim",
    ),
    alone(
        "user",
        Personal(Category::OnlineId),
        "holds a user id, a login or an email",
    ),
    alone(
        "login",
        Personal(Category::OnlineId),
        "the name a person signs in with",
    ),
    alone(
        "account",
        Personal(Category::OnlineId),
        "the account a person signs in with or is billed under",
    ),
    alone(
        "owner",
        Personal(Category::OnlineId),
        "who owns the resource: a user id or an email",
    ),
    alone(
        "customer",
        Personal(Category::OnlineId),
        "a customer id (Stripe's `cus_...`) stands for one person",
    ),
    alone(
        "member",
        Personal(Category::OnlineId),
        "a member id stands for one person",
    ),
    alone(
        "profile",
        Personal(Category::OnlineId),
        "OIDC's `profile`: the URL of the person's profile page",
    ),
    alone(
        "token",
        Personal(Category::Credential),
        "alone, it carries a bearer credential",
    ),
    ending("created_by", Personal(Category::OnlineId), ACTOR),
    ending("updated_by", Personal(Category::OnlineId), ACTOR),
    ending("modified_by", Personal(Category::OnlineId), ACTOR),
    ending("deleted_by", Personal(Category::OnlineId), ACTOR),
    ending("cancelled_by", Personal(Category::OnlineId), ACTOR),
    ending("sent_by", Personal(Category::OnlineId), ACTOR),
    // Places.
    anywhere(
        "city",
        Personal(Category::Address),
        "part of a postal address; with a few other claims it finds the person",
    ),
    anywhere(
        "zip",
        Personal(Category::Address),
        "a US postal code; JWE's `zip` header is a header, never a claim",
    ),
    anywhere("address_country", NotPersonal, COARSE),
    anywhere("address_region", NotPersonal, COARSE),
    anywhere("address_state", NotPersonal, COARSE),
    alone("country", NotPersonal, COARSE),
    alone("region", NotPersonal, COARSE),
    alone(
        "state",
        NotPersonal,
        "a status, OAuth's CSRF value, or a coarse region",
    ),
    alone("province", NotPersonal, COARSE),
    alone("district", NotPersonal, COARSE),
    alone("county", NotPersonal, COARSE),
    alone("locale", NotPersonal, PREFERENCE),
    alone("language", NotPersonal, PREFERENCE),
    alone("timezone", NotPersonal, PREFERENCE),
    alone("zoneinfo", NotPersonal, PREFERENCE),
    // Generic words that name a record, not a person.
    alone(
        "id",
        NotPersonal,
        "a record's own id; a person's is named for them (`user_id`, `patient_id`)",
    ),
    alone(
        "identifier",
        NotPersonal,
        "a record's own identifier; a person's is named for them",
    ),
    alone(
        "title",
        NotPersonal,
        "a product, page or document title far more often than a job title",
    ),
    alone("status", NotPersonal, "the state of a record"),
    alone("type", NotPersonal, "the kind of a record"),
    alone(
        "number",
        NotPersonal,
        "an invoice, order or line number; a person's numbers are named for what they are",
    ),
    alone(
        "code",
        NotPersonal,
        "a status, country, currency or discount code; OAuth's authorization code is exchanged, not carried",
    ),
    alone(
        "key",
        NotPersonal,
        "a key id, map key or lookup key; secrets are named for what they are (`api_key`)",
    ),
    alone(
        "url",
        NotPersonal,
        "a resource's address; a person's page is `profile` or `website`",
    ),
    alone("host", NotPersonal, "names a machine of the service"),
    alone("hostname", NotPersonal, "names a machine of the service"),
    alone(
        "line",
        NotPersonal,
        "an invoice, file or text line far more often than FHIR's address line; `line1` is flagged",
    ),
    alone(
        "height",
        NotPersonal,
        "a product dimension far more often than a body measurement",
    ),
    alone(
        "weight",
        NotPersonal,
        "a product dimension far more often than a body measurement",
    ),
    alone("groups", NotPersonal, AUTHORIZATION),
    alone("roles", NotPersonal, AUTHORIZATION),
    alone("entitlements", NotPersonal, AUTHORIZATION),
    alone("member_of", NotPersonal, AUTHORIZATION),
    // Phrases that contain a vocabulary word but name something else.
    anywhere("pod_ip", NotPersonal, INFRASTRUCTURE_IP),
    anywhere("host_ip", NotPersonal, INFRASTRUCTURE_IP),
    anywhere("node_ip", NotPersonal, INFRASTRUCTURE_IP),
    anywhere("cluster_ip", NotPersonal, INFRASTRUCTURE_IP),
    anywhere("load_balancer_ip", NotPersonal, INFRASTRUCTURE_IP),
    anywhere("ip_family", NotPersonal, "IPv4 or IPv6, not an address"),
    anywhere(
        "health_check",
        NotPersonal,
        "a probe of a service, not of a person",
    ),
    anywhere("pull_secret", NotPersonal, SECRET_REFERENCE),
    anywhere("secret_ref", NotPersonal, SECRET_REFERENCE),
    anywhere("secret_name", NotPersonal, SECRET_REFERENCE),
    anywhere("secret_key_ref", NotPersonal, SECRET_REFERENCE),
    anywhere(
        "mobile_url",
        NotPersonal,
        "a page for mobile devices, not a phone number",
    ),
    ending(
        "check",
        NotPersonal,
        "the outcome of a check (`cvc_check`: pass, fail, unavailable), not the value checked",
    ),
    anywhere(
        "max_age",
        NotPersonal,
        "a duration in seconds (OIDC, cookies), not a person's age",
    ),
];
