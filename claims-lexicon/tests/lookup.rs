//! What `lookup` matches, and what it leaves alone.

use claims_lexicon::{Category, Scope, Verdict, decision, lookup};

fn found(name: &str) -> Option<(&'static str, Category)> {
    lookup(name).map(|found| (found.term, found.category))
}

/// The phrase `name` matches, whatever its category.
fn term(name: &str) -> Option<&'static str> {
    lookup(name).map(|found| found.term)
}

/// The names of issue 10 that compiled as `public` before the lexicon
/// had categories: each is matched, under the right category.
#[test]
fn issue_10_names_are_matched_with_their_category() {
    use Category::*;
    let cases = [
        ("creditCard", "credit_card", Financial),
        ("credit_card_number", "credit_card", Financial),
        ("cc_number", "cc", Financial),
        ("social_security_number", "social_security", GovernmentId),
        ("socialSecurityNumber", "social_security", GovernmentId),
        ("drivers_license", "drivers_license", GovernmentId),
        ("home_address", "address", Address),
        ("postal_code", "postal_code", Address),
        ("zipcode", "zip_code", Address),
        ("latitude", "latitude", Address),
        ("birthday", "birthday", Demographic),
        ("firstname", "first_name", PersonName),
        ("telephone", "telephone", Contact),
        ("emails", "email", Contact),
        ("mac_address", "mac_address", OnlineId),
        ("diagnosis", "diagnosis", Health),
        ("mrn", "mrn", Health),
        ("medical_record", "medical_record", Health),
        ("allergies", "allergy", Health),
        ("insurance_number", "insurance", Health),
        ("religion", "religion", Belief),
        ("ethnicity", "ethnicity", EthnicOrigin),
        ("salary", "salary", Financial),
        ("biometric", "biometric", Biometric),
        ("fingerprint", "fingerprint", Biometric),
        ("api_key", "api_key", Credential),
    ];
    for (name, term, category) in cases {
        assert_eq!(found(name), Some((term, category)), "{name}");
    }
}

#[test]
fn every_case_style_matches() {
    for name in [
        "user_email",
        "userEmail",
        "UserEmail",
        "user-email",
        "USER_EMAIL",
        "User-Email",
        "user.email",
        "email2",
        "email_1",
        "EMAIL",
    ] {
        assert_eq!(term(name), Some("email"), "{name}");
    }
    for name in [
        "creditCard",
        "CreditCard",
        "credit-card",
        "CREDIT_CARD",
        "creditcard",
        "credit_cards",
    ] {
        assert_eq!(term(name), Some("credit_card"), "{name}");
    }
}

#[test]
fn closed_compounds_and_plurals_match() {
    assert_eq!(term("phonenumber"), Some("phone_number"));
    assert_eq!(term("phoneNumbers"), Some("phone_number"));
    assert_eq!(term("zip_codes"), Some("zip_code"));
    assert_eq!(term("addresses"), Some("address"));
    assert_eq!(term("emailAddresses"), Some("email_address"));
    assert_eq!(term("birthdate"), Some("birth_date"));
    assert_eq!(term("dateOfBirth"), Some("birth"));
    assert_eq!(term("apikey"), Some("api_key"));
    assert_eq!(term("API_KEYS"), Some("api_key"));
    assert_eq!(term("passwords"), Some("password"));
}

#[test]
fn abbreviations_digits_and_acronyms_match() {
    assert_eq!(term("ssn"), Some("ssn"));
    assert_eq!(term("SSNLast4"), Some("ssn"));
    assert_eq!(term("dob"), Some("dob"));
    assert_eq!(term("patient_mrn"), Some("patient"));
    assert_eq!(term("dl_number"), Some("dl_number"));
    assert_eq!(term("tin"), Some("tin"));
    assert_eq!(term("address2"), Some("address"));
    assert_eq!(term("address_line1"), Some("address"));
    assert_eq!(term("line1"), Some("line1"));
    assert_eq!(term("phone_1"), Some("phone"));
    assert_eq!(term("IPAddress"), Some("ip_address"));
    assert_eq!(term("clientIP"), Some("ip"));
    assert_eq!(term("ipv6"), Some("ipv6"));
    assert_eq!(term("cvv2"), Some("cvv"));
}

#[test]
fn the_longest_phrase_at_the_first_word_wins() {
    // `mac_address` is a device id, not a postal address.
    assert_eq!(
        found("macAddress"),
        Some(("mac_address", Category::OnlineId))
    );
    assert_eq!(
        found("email_address"),
        Some(("email_address", Category::Contact))
    );
    assert_eq!(found("billing_email"), Some(("email", Category::Contact)));
    assert_eq!(found("sex_life"), Some(("sex_life", Category::SexLife)));
    assert_eq!(found("sex"), Some(("sex", Category::Demographic)));
}

#[test]
fn words_match_whole() {
    for name in [
        "tip",
        "ship_to",
        "zipper",
        "pipeline",
        "role",
        "tenant_id",
        "subject",
        "agent",
        "usage",
        "page",
        "image",
        "signature",
        "nonce",
        "scope",
        "currency",
        "quantity",
        "description",
        "phonetic",
        "emailing",
        "interface",
        "tinker",
        "pinned",
        "mailer",
    ] {
        assert_eq!(found(name), None, "{name}");
    }
}

#[test]
fn ambiguous_names_follow_the_table() {
    assert_eq!(found("name"), Some(("name", Category::PersonName)));
    assert_eq!(found("Names"), Some(("name", Category::PersonName)));
    assert_eq!(found("role_name"), None);
    assert_eq!(found("file_name"), None);
    assert_eq!(found("sub"), Some(("sub", Category::OnlineId)));
    assert_eq!(found("SUB"), Some(("sub", Category::OnlineId)));
    assert_eq!(found("sub_total"), None);
    assert_eq!(found("city"), Some(("city", Category::Address)));
    assert_eq!(found("billingCity"), Some(("city", Category::Address)));
    assert_eq!(found("zip"), Some(("zip", Category::Address)));
    assert_eq!(found("token"), Some(("token", Category::Credential)));
    assert_eq!(found("token_type"), None);
    assert_eq!(
        found("created_by"),
        Some(("created_by", Category::OnlineId))
    );
    assert_eq!(
        found("lastUpdatedBy"),
        Some(("updated_by", Category::OnlineId))
    );
    for name in [
        "id", "title", "locale", "country", "state", "language", "timezone", "key", "code", "url",
    ] {
        assert_eq!(found(name), None, "{name}");
    }
}

/// A decision "not personal" shadows the vocabulary inside its words,
/// and only there.
#[test]
fn not_personal_phrases_shadow_only_their_words() {
    assert_eq!(found("podIPs"), None);
    assert_eq!(found("loadBalancerIP"), None);
    assert_eq!(found("ipFamilyPolicy"), None);
    assert_eq!(found("imagePullSecrets"), None);
    assert_eq!(found("healthCheckNodePort"), None);
    assert_eq!(found("max_age"), None);
    assert_eq!(found("podIP_and_email"), Some(("email", Category::Contact)));
    assert_eq!(found("client_ip"), Some(("ip", Category::OnlineId)));
    assert_eq!(found("health_status"), Some(("health", Category::Health)));
    assert_eq!(found("age"), Some(("age", Category::Demographic)));
    assert_eq!(
        found("client_secret"),
        Some(("secret", Category::Credential))
    );
}

#[test]
fn decision_settles_whole_names_only() {
    let name = decision("Name").expect("`name` is decided");
    assert!(name.phrases.contains(&"name"));
    assert_eq!(
        (name.scope, name.verdict),
        (Scope::Alone, Verdict::Personal(Category::PersonName))
    );
    assert_eq!(
        decision("clusterIPs").map(|d| d.verdict),
        Some(Verdict::NotPersonal)
    );
    assert!(!decision("id").expect("`id` is decided").reason.is_empty());
    assert!(decision("role_name").is_none());
    assert!(decision("billing_city").is_none());
    assert!(decision("").is_none());
}

#[test]
fn odd_input_is_handled() {
    for name in [
        "", "_", "---", "0", "1234", "é", "名前", "\u{0}", "a\u{301}", " email ",
    ] {
        let _ = lookup(name);
    }
    assert_eq!(term(" email "), Some("email"));
    assert_eq!(term("名前_email"), Some("email"));
    assert_eq!(term(&"x_".repeat(10_000)), None);
    assert_eq!(
        term(&format!("{}email", "x_".repeat(10_000))),
        Some("email")
    );
}

#[test]
fn categories_have_stable_names() {
    assert_eq!(Category::GovernmentId.as_str(), "government id");
    assert_eq!(
        Category::Address.to_string(),
        "address and precise location"
    );
    assert!(Category::Health.is_special());
    assert!(Category::SexLife.is_special());
    assert!(!Category::Contact.is_special());
    assert_eq!(
        Category::ALL
            .iter()
            .filter(|category| category.is_special())
            .count(),
        8,
        "the eight special categories of GDPR Art. 9"
    );
}
