//! The derived `Debug` and `Display` print public values and placeholders,
//! never a protected value; `POLICY` lists every field as declared.

use claims_core::{Claims, FieldPolicy, Hashed, Mask, Pii, Protection};

#[derive(Claims)]
pub struct Session {
    #[claim(hashed)]
    pub sub: Hashed<String>,
    #[claim(encrypted)]
    pub email: Pii<String>,
    #[claim(public)]
    pub role: String,
    #[claim(forbidden)]
    pub password_hash: Option<String>,
}

fn session() -> Session {
    Session {
        sub: Hashed::new("u-123".to_owned()),
        email: Pii::new("ada@example.com".to_owned()),
        role: "admin".to_owned(),
        password_hash: Some("$argon2id$v=19$secret".to_owned()),
    }
}

#[derive(Claims)]
struct Profile {
    #[claim(hashed(domain = "user"), rename = "uid")]
    user: Hashed<String>,
    #[claim(encrypted, mask = "last4")]
    phone: Pii<String>,
    #[claim(encrypted, mask = "last4")]
    pin: Pii<String>,
    #[claim(encrypted, mask = "last4")]
    backup_phone: Option<String>,
    #[claim(public, allow_pii = "chosen by the user to be shown")]
    nickname: String,
    #[claim(public, mask = "last4")]
    #[claim(rename = "ref")]
    reference: String,
    #[claim(public)]
    email_verified: bool,
    #[claim(public)]
    tenant: Option<String>,
}

fn profile() -> Profile {
    Profile {
        user: Hashed::new("u-123".to_owned()),
        phone: Pii::new("+44 7700 900123".to_owned()),
        pin: Pii::new("4711".to_owned()),
        backup_phone: None,
        nickname: "ada".to_owned(),
        reference: "ORD-2026-000042".to_owned(),
        email_verified: true,
        tenant: Some("acme".to_owned()),
    }
}

#[test]
fn debug_prints_public_values_and_placeholders() {
    assert_eq!(
        format!("{:?}", session()),
        r#"Session { sub: <hashed>, email: <encrypted>, role: "admin", password_hash: <forbidden> }"#,
    );
}

#[test]
fn display_prints_what_debug_prints() {
    let session = session();
    assert_eq!(session.to_string(), format!("{session:?}"));
    assert_eq!(format!("{session:#}"), format!("{session:#?}"));
}

#[test]
fn pretty_debug_prints_one_field_a_line() {
    assert_eq!(
        format!("{:#?}", session()),
        "Session {\n    \
            sub: <hashed>,\n    \
            email: <encrypted>,\n    \
            role: \"admin\",\n    \
            password_hash: <forbidden>,\n\
         }",
    );
}

#[test]
fn masks_show_at_most_the_last_four_characters() {
    assert_eq!(
        format!("{:?}", profile()),
        "Profile { user: <hashed>, phone: •••0123, pin: •••, backup_phone: None, \
         nickname: \"ada\", reference: •••0042, email_verified: true, tenant: Some(\"acme\") }",
    );
    assert_eq!(
        format!("{:#?}", profile()),
        "Profile {\n    \
            user: <hashed>,\n    \
            phone: •••0123,\n    \
            pin: •••,\n    \
            backup_phone: None,\n    \
            nickname: \"ada\",\n    \
            reference: •••0042,\n    \
            email_verified: true,\n    \
            tenant: Some(\n        \"acme\",\n    ),\n\
         }",
    );
}

#[test]
fn no_protected_value_reaches_any_format() {
    let session = session();
    let profile = profile();
    let printed = [
        format!("{session:?}"),
        format!("{session:#?}"),
        format!("{session}"),
        format!("{session:#}"),
        format!("{profile:?}"),
        format!("{profile:#?}"),
        format!("{profile}"),
    ];
    for text in &printed {
        for secret in [
            "u-123",
            "ada@example.com",
            "argon2id",
            "7700",
            "4711",
            "ORD-2026",
        ] {
            assert!(!text.contains(secret), "{secret:?} in {text:?}");
        }
    }
}

/// Asserts every public field of one `FieldPolicy`.
fn assert_field(
    policy: &FieldPolicy,
    name: &str,
    wire_name: &str,
    protection: Protection,
    reason: Option<&str>,
    mask: Option<Mask>,
) {
    assert_eq!(policy.name, name, "name of {name}");
    assert_eq!(policy.wire_name, wire_name, "wire name of {name}");
    assert_eq!(policy.protection, protection, "protection of {name}");
    assert_eq!(policy.reason, reason, "reason of {name}");
    assert_eq!(policy.mask, mask, "mask of {name}");
}

#[test]
fn policy_lists_the_session_fields_in_order() {
    let [sub, email, role, password_hash] = Session::POLICY else {
        panic!("expected 4 fields, got {:?}", Session::POLICY);
    };
    assert_field(
        sub,
        "sub",
        "sub",
        Protection::Hashed { domain: "sub" },
        None,
        None,
    );
    assert_field(email, "email", "email", Protection::Encrypted, None, None);
    assert_field(role, "role", "role", Protection::Public, None, None);
    assert_field(
        password_hash,
        "password_hash",
        "password_hash",
        Protection::Forbidden,
        None,
        None,
    );
}

#[test]
fn policy_keeps_renames_domains_reasons_and_masks() {
    let [
        user,
        phone,
        pin,
        backup_phone,
        nickname,
        reference,
        email_verified,
        tenant,
    ] = Profile::POLICY
    else {
        panic!("expected 8 fields, got {:?}", Profile::POLICY);
    };
    assert_field(
        user,
        "user",
        "uid",
        Protection::Hashed { domain: "user" },
        None,
        None,
    );
    let last4 = Some(Mask::Last4);
    assert_field(phone, "phone", "phone", Protection::Encrypted, None, last4);
    assert_field(pin, "pin", "pin", Protection::Encrypted, None, last4);
    assert_field(
        backup_phone,
        "backup_phone",
        "backup_phone",
        Protection::Encrypted,
        None,
        last4,
    );
    assert_field(
        nickname,
        "nickname",
        "nickname",
        Protection::Public,
        Some("chosen by the user to be shown"),
        None,
    );
    assert_field(
        reference,
        "reference",
        "ref",
        Protection::Public,
        None,
        last4,
    );
    assert_field(
        email_verified,
        "email_verified",
        "email_verified",
        Protection::Public,
        None,
        None,
    );
    assert_field(tenant, "tenant", "tenant", Protection::Public, None, None);
}

#[test]
fn policy_is_a_constant() {
    const FIELDS: usize = Session::POLICY.len();
    assert_eq!(FIELDS, 4);
}

#[derive(Claims)]
struct Tagged<T> {
    #[claim(public)]
    tag: T,
    #[claim(encrypted)]
    payload: T,
}

#[test]
fn generic_structs_print_like_the_others() {
    let tagged = Tagged {
        tag: 7_u32,
        payload: 42_u32,
    };
    assert_eq!(
        format!("{tagged:?}"),
        "Tagged { tag: 7, payload: <encrypted> }"
    );
    assert_eq!(
        tagged.to_string(),
        "Tagged { tag: 7, payload: <encrypted> }"
    );
}
