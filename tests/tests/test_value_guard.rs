//! The value guard on `public` claims: a string that looks like personal
//! data or a credential is refused at encode time with
//! `Error::PiiInPublicClaim`, naming the claim and the detector, never the
//! value; `public(unguarded = "...")` opts a field out, recorded in `POLICY`.

mod common;

use std::collections::BTreeMap;

use claims_core::{ClaimValue, Claims, Error, SdOptions};
use common::keys;
use serde::{Deserialize, Serialize};

#[derive(Claims)]
struct Note {
    #[claim(public)]
    note: String,
}

/// One value per detector the guard runs, and the kind it is refused as.
const FINDINGS: &[(&str, &str)] = &[
    ("call alice@example.com", "email"),
    ("josé@exemple.fr", "email"),
    ("+44 20 7946 0958", "phone"),
    ("4111 1111 1111 1111", "card"),
    ("DE89370400440532013000", "iban"),
    ("123-45-6789", "ssn"),
    (
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
        "jwt",
    ),
    ("Bearer ghp_16C7e42F292c6912E7710c838347Ae178B4a", "bearer"),
    (
        "h1.pii-1.uZo5XWxSTEpxCI2CBB1F0ZCP8sSg_ULYSDvqQYPtaZ0",
        "wire",
    ),
    (
        "e1.pii-1.AAAAAAAAAAAAAAABnbhuVZ5UX3ALAMzppGhSGCIRS2qihIcSPPkrFsJmZu7WDsc",
        "wire",
    ),
];

/// What public claims usually hold: none of it is refused.
const CLEAN: &[&str] = &[
    "admin",
    "orders:read orders:write",
    "https://auth.example.com",
    "en-GB",
    "tenant-42",
    "a7f3c2e1-9b4d-4e5f-8a6b-1c2d3e4f5a6b",
    "2024-01-09T01:08:39Z",
    "10.0.0.1",
    "",
];

#[test]
fn each_detector_is_refused_with_its_kind() {
    let keys = keys();
    for &(value, kind) in FINDINGS {
        let error = keys.encode(&Note { note: value.into() }).expect_err(value);
        assert_eq!(
            error,
            Error::PiiInPublicClaim {
                claim: "note",
                kind
            },
            "{value}"
        );
    }
}

#[test]
fn clean_values_pass_and_read_back() {
    let keys = keys();
    for &value in CLEAN {
        let token = keys.encode(&Note { note: value.into() }).expect(value);
        assert_eq!(keys.decode::<Note>(&token).expect("decodes").note, value);
    }
}

#[test]
fn the_error_carries_no_value() {
    let keys = keys();
    for &(value, _) in FINDINGS {
        let error = keys.encode(&Note { note: value.into() }).expect_err(value);
        for shown in [error.to_string(), format!("{error:?}")] {
            assert!(shown.contains("note"), "{shown}");
            // No word of the value, not even a part of it.
            for part in value.split([' ', '@', '.', '-']).filter(|p| p.len() >= 4) {
                assert!(!shown.contains(part), "{shown} shows {part}");
            }
        }
    }
}

#[derive(Debug, Serialize, Deserialize, ClaimValue)]
struct Team {
    label: String,
    tags: Vec<String>,
}

#[derive(Claims)]
struct Nested {
    #[claim(public)]
    tenant: String,
    #[claim(public, dynamic = "test: a map of opaque labels")]
    labels: BTreeMap<String, String>,
    #[claim(public)]
    team: Option<Team>,
}

fn nested() -> Nested {
    Nested {
        tenant: "acme".into(),
        labels: BTreeMap::from([("team".into(), "payments".into())]),
        team: Some(Team {
            label: "primary".into(),
            tags: vec!["ops".into()],
        }),
    }
}

#[test]
fn strings_inside_nested_values_and_map_keys_are_checked() {
    let keys = keys();
    keys.encode(&nested()).expect("clean nested values pass");

    let mut keyed = nested();
    keyed.labels.insert("bob@example.com".into(), "x".into());
    assert_eq!(
        keys.encode(&keyed).expect_err("a map key"),
        Error::PiiInPublicClaim {
            claim: "labels",
            kind: "email"
        }
    );

    let mut deep = nested();
    deep.team
        .as_mut()
        .expect("set")
        .tags
        .push("+44 20 7946 0958".into());
    assert_eq!(
        keys.encode(&deep).expect_err("a nested string"),
        Error::PiiInPublicClaim {
            claim: "team",
            kind: "phone"
        }
    );

    // An escaped string is read as the text it stands for.
    let mut escaped = nested();
    escaped.tenant = "\"quoted\"\nbob@example.com".into();
    assert_eq!(
        keys.encode(&escaped).expect_err("escaped"),
        Error::PiiInPublicClaim {
            claim: "tenant",
            kind: "email"
        }
    );
}

#[derive(Claims)]
struct Support {
    #[claim(public(unguarded = "the company's support line, not a person's number"))]
    support_line: String,
    #[claim(public)]
    role: String,
}

#[test]
fn an_unguarded_field_opts_out_and_policy_records_why() {
    let keys = keys();
    let support = Support {
        support_line: "+44 20 7946 0958".into(),
        role: "agent".into(),
    };
    let token = keys.encode(&support).expect("the unguarded field passes");
    assert_eq!(
        keys.decode::<Support>(&token)
            .expect("decodes")
            .support_line,
        "+44 20 7946 0958"
    );
    // Only that field: its neighbour is still guarded.
    let leaky = Support {
        role: "+44 20 7946 0958".into(),
        ..support
    };
    assert_eq!(
        keys.encode(&leaky).expect_err("role is guarded"),
        Error::PiiInPublicClaim {
            claim: "role",
            kind: "phone"
        }
    );
    assert_eq!(
        Support::POLICY[0].unguarded,
        Some("the company's support line, not a person's number")
    );
    assert_eq!(Support::POLICY[1].unguarded, None);
}

#[derive(Claims)]
struct Credential {
    #[claim(public)]
    role: String,
    #[claim(disclosable)]
    email: Option<String>,
}

#[test]
fn sd_jwt_public_claims_are_guarded_and_disclosures_are_not() {
    let keys = keys();
    let clean = Credential {
        role: "member".into(),
        email: Some("alice@example.com".into()),
    };
    keys.issue_sd_with(&clean, &SdOptions::new())
        .expect("a disclosable email is not in the clear");
    let leaky = Credential {
        role: "alice@example.com".into(),
        email: None,
    };
    assert_eq!(
        keys.issue_sd(&leaky).expect_err("public role"),
        Error::PiiInPublicClaim {
            claim: "role",
            kind: "email"
        }
    );
}
