//! Selective disclosure (RFC 9901 SD-JWT): round trips with every subset of
//! disclosures, key binding, the holder's and the issuer's errors, canaries
//! for undisclosed values. Hostile presentations, each with its exact
//! error, are in the bad-token suite (`bad_tokens/sd_jwt.rs`).

mod common;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use claims_core::{
    Claims, Disclosable, DisclosureError, Error, KeyBinding, Keys, PiiKey, Protection, SdJwt,
    SdOptions, SigningKey,
};
use common::sd::{
    AUD, EMAIL, NONCE, PHONE, SECRET, Session, bound, disclosure, forge_presentation, holder,
    issued, keys, required, session, sha, verify,
};
use common::{now, payload};
use serde_json::{Value, json};

#[test]
fn policy_and_redaction() {
    let protections: Vec<Protection> = Session::POLICY.iter().map(|f| f.protection).collect();
    assert_eq!(protections[1], Protection::Disclosable);
    assert_eq!(protections[2], Protection::Disclosable);
    let s = session();
    let expected =
        r#"Session { sub: <hashed>, email: <disclosable>, phone: <disclosable>, role: "admin" }"#;
    assert_eq!(format!("{s:?}"), expected);
    assert_eq!(format!("{s}"), expected);
    assert_eq!(s.masked_view()["email"], "<disclosable>");
    assert_eq!(s.masked_view()["phone"], "<disclosable>");
    assert_eq!(format!("{:?}", s.phone), "<disclosable>");
}

#[test]
fn every_subset_of_disclosures_round_trips() {
    let sd = issued();
    assert_eq!(sd.disclosures(), ["email", "phone"]);
    assert!(sd.as_str().ends_with('~'));
    let reparsed = SdJwt::parse(sd.as_str()).unwrap();
    assert_eq!(reparsed.disclosures(), ["email", "phone"]);
    for names in [&[][..], &["email"], &["phone"], &["email", "phone"]] {
        let presentation = reparsed.present(names).unwrap();
        assert_eq!(presentation.matches('~').count(), names.len() + 1);
        let v = verify(&presentation).unwrap();
        assert_eq!(
            v.email.as_deref(),
            names.contains(&"email").then_some(EMAIL)
        );
        assert_eq!(
            v.phone.get().map(String::as_str),
            names.contains(&"phone").then_some(PHONE)
        );
        assert_eq!(v.phone.is_disclosed(), names.contains(&"phone"));
        assert_eq!(v.role, "admin");
        assert!(v.sub.pseudonym().is_some());
        assert_eq!(v.registered().iss, "https://issuer.example");
    }
    // The whole issuance is itself a presentation of everything.
    assert_eq!(verify(sd.as_str()).unwrap().email.as_deref(), Some(EMAIL));
}

#[test]
fn issuer_jwt_is_explicitly_typed_and_carries_digests() {
    let sd = issued();
    let header: Value = serde_json::from_slice(
        &B64.decode(sd.issuer_jwt().split('.').next().unwrap())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        header,
        json!({"alg": "HS256", "typ": "sd+jwt", "kid": "sig-1"})
    );
    let p = payload(sd.issuer_jwt());
    assert_eq!(p["_sd_alg"], "sha-256");
    let digests: Vec<&str> = p["_sd"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    assert_eq!(digests.len(), 2);
    let mut sorted = digests.clone();
    sorted.sort_unstable();
    assert_eq!(digests, sorted, "digests are sorted");
    assert!(p.get("email").is_none() && p.get("phone").is_none());
    // Each disclosure is [salt (128 bits), name, value] and its digest is in `_sd`.
    let parts: Vec<&str> = sd.as_str().split('~').collect();
    for d in &parts[1..parts.len() - 1] {
        assert!(digests.contains(&sha(d).as_str()));
        let array: Value = serde_json::from_slice(&B64.decode(d).unwrap()).unwrap();
        let salt = B64.decode(array[0].as_str().unwrap()).unwrap();
        assert_eq!(salt.len(), 16);
    }
    // Fresh salts every time.
    assert_ne!(issued().as_str().split('~').nth(1), parts.get(1).copied());
}

#[test]
fn absent_values_make_no_disclosure() {
    let mut s = session();
    s.email = None;
    s.phone = Disclosable::absent();
    let sd = keys().issue_sd(&s).unwrap();
    assert!(sd.disclosures().is_empty());
    // Two decoys stand where the two digests would be.
    assert_eq!(payload(sd.issuer_jwt())["_sd"].as_array().unwrap().len(), 2);
    let v = verify(sd.as_str()).unwrap();
    assert!(v.email.is_none() && !v.phone.is_disclosed());
}

#[test]
fn absence_does_not_show_in_sd_length() {
    let sd_len = |email: Option<&str>, phone: Option<&str>, decoys: usize| {
        let mut s = session();
        s.email = email.map(Into::into);
        s.phone = phone.map_or_else(Disclosable::absent, |p| Disclosable::new(p.into()));
        let sd = keys()
            .issue_sd_with(&s, &SdOptions::new().decoys(decoys))
            .unwrap();
        let present = usize::from(email.is_some()) + usize::from(phone.is_some());
        assert_eq!(sd.disclosures().len(), present);
        payload(sd.issuer_jwt())["_sd"].as_array().unwrap().len()
    };
    for decoys in [0, 3] {
        let all = sd_len(Some(EMAIL), Some(PHONE), decoys);
        assert_eq!(all, 2 + decoys);
        assert_eq!(sd_len(None, Some(PHONE), decoys), all);
        assert_eq!(sd_len(Some(EMAIL), None, decoys), all);
        assert_eq!(sd_len(None, None, decoys), all);
    }
}

#[test]
fn decoys_count() {
    for decoys in [0, 1, 5] {
        let sd = keys()
            .issue_sd_with(&session(), &SdOptions::new().decoys(decoys))
            .unwrap();
        let p = payload(sd.issuer_jwt());
        assert_eq!(p["_sd"].as_array().unwrap().len(), 2 + decoys);
        assert_eq!(sd.disclosures().len(), 2);
        let v = verify(&sd.present(&["phone"]).unwrap()).unwrap();
        assert_eq!(v.phone.get().map(String::as_str), Some(PHONE));
    }
}

#[test]
fn key_binding_round_trip() {
    let sd = bound();
    let p = payload(sd.issuer_jwt());
    assert_eq!(p["cnf"]["jwk"]["kty"], "OKP");
    let presentation = sd
        .present_with_key_binding(&["email"], &holder(), AUD, NONCE, now())
        .unwrap();
    let kb = presentation.rsplit('~').next().unwrap();
    let kb_header: Value =
        serde_json::from_slice(&B64.decode(kb.split('.').next().unwrap()).unwrap()).unwrap();
    assert_eq!(kb_header["typ"], "kb+jwt");
    let kb_claims = payload(kb);
    let prefix = &presentation[..presentation.len() - kb.len()];
    assert_eq!(kb_claims["sd_hash"], sha(prefix));
    let v = keys()
        .verify_sd::<Session>(&presentation, &required())
        .unwrap();
    assert_eq!(v.email.as_deref(), Some(EMAIL));
    assert!(!v.phone.is_disclosed());
    // Optional accepts it with or without the KB-JWT.
    let optional = KeyBinding::Optional {
        audience: AUD,
        nonce: NONCE,
    };
    assert!(
        keys()
            .verify_sd::<Session>(&presentation, &optional)
            .is_ok()
    );
    assert!(keys().verify_sd::<Session>(prefix, &optional).is_ok());
}

#[test]
fn holder_errors() {
    let sd = issued();
    assert_eq!(
        sd.present(&["address"]).unwrap_err(),
        Error::Disclosure(DisclosureError::Unknown)
    );
    assert!(SdJwt::parse(sd.issuer_jwt()).is_err());
    assert!(SdJwt::parse(&format!("{}~!!~", sd.issuer_jwt())).is_err());
    assert_eq!(
        format!("{sd:?}"),
        r#"SdJwt { disclosures: ["email", "phone"], .. }"#
    );
    // An HMAC holder key is refused when presenting.
    let hmac = SigningKey::hs256("h", &SECRET).unwrap();
    assert!(matches!(
        bound().present_with_key_binding(&["email"], &hmac, AUD, NONCE, now()),
        Err(Error::Config(_))
    ));
}

#[test]
fn issuer_errors() {
    // A struct with disclosable fields is issued only as an SD-JWT:
    // `Keys::encode` of it does not compile (`ui/encode/`).
    // The size cap covers the whole issuance.
    let small = Keys::builder()
        .issuer("https://issuer.example")
        .audience("wallet")
        .signing_key(SigningKey::hs256("sig-1", &SECRET).unwrap())
        .pii_key(PiiKey::new("pii-1", &[9; 32]).unwrap())
        .max_token_size(600)
        .build()
        .unwrap();
    let mut s = session();
    s.email = Some("x".repeat(400));
    assert!(matches!(small.issue_sd(&s), Err(Error::TooLarge { .. })));
}

/// Undisclosed values appear nowhere: not in the presentation (raw or
/// base64url-decoded), nor in Debug, Display, or any error above.
#[test]
fn canary_undisclosed_values_never_surface() {
    let sd = bound();
    let presentations = [
        sd.present(&[]).unwrap(),
        sd.present_with_key_binding(&[], &holder(), AUD, NONCE, now())
            .unwrap(),
    ];
    for p in &presentations {
        let mut texts = vec![p.clone()];
        for part in p.split(['~', '.']) {
            if let Ok(bytes) = B64.decode(part) {
                texts.push(String::from_utf8_lossy(&bytes).into_owned());
            }
        }
        for text in &texts {
            assert!(!text.contains(EMAIL) && !text.contains(PHONE), "{text}");
            assert!(!text.contains("canary"), "{text}");
        }
        let v = keys()
            .verify_sd::<Session>(
                p,
                &KeyBinding::Optional {
                    audience: AUD,
                    nonce: NONCE,
                },
            )
            .unwrap();
        for shown in [
            format!("{v:?}"),
            format!("{v}"),
            v.masked_view().to_string(),
        ] {
            assert!(!shown.contains(EMAIL) && !shown.contains(PHONE), "{shown}");
        }
    }
    // A disclosed value is still redacted by Debug and Display.
    let v = verify(sd.as_str()).unwrap();
    assert_eq!(v.email.as_deref(), Some(EMAIL));
    for shown in [format!("{v:?}"), format!("{v}"), format!("{sd:?}")] {
        assert!(!shown.contains(EMAIL) && !shown.contains(PHONE), "{shown}");
    }
    // Errors never carry a value.
    let parts: Vec<&str> = sd.as_str().split('~').collect();
    let mut array: Value = serde_json::from_slice(&B64.decode(parts[1]).unwrap()).unwrap();
    array[2] = json!(42);
    for bad in [
        format!("{}~{}~", parts[0], disclosure(&array)),
        format!("{}~{}~{}~", parts[0], parts[1], parts[1]),
    ] {
        let e = verify(&bad).unwrap_err();
        for shown in [format!("{e}"), format!("{e:?}")] {
            assert!(!shown.contains(EMAIL) && !shown.contains(PHONE), "{shown}");
        }
    }
}

/// Nested selective disclosure (RFC 9901 §4.2.4) is not supported: digests
/// below the top level are never matched, and their `_sd` members and
/// `{"...": digest}` elements are removed before values reach the fields
/// (§7.1 step 3), never handed to the field's type as data.
#[test]
fn nested_digests_are_removed_and_never_matched() {
    #[derive(Claims)]
    struct Profile {
        #[claim(public, dynamic = "test: any JSON, to carry nested digests")]
        settings: Value,
        #[claim(disclosable)]
        tags: Option<Value>,
    }
    let verify = |p: &str| {
        keys()
            .verify_sd::<Profile>(p, &KeyBinding::None)
            .map(|v| (v.settings.clone(), v.tags.clone()))
    };
    let street = disclosure(&json!(["c2FsdA", "street", "1 Main St"]));
    let digest = sha(&street);

    let element = disclosure(&json!(["c2FsdA", "tags", ["open", {"...": digest}]]));
    let nested = forge_presentation(
        &json!({"settings": {"_sd": [digest], "country": "DE"}}),
        &[sha(&element)],
        std::slice::from_ref(&element),
    );
    assert_eq!(
        verify(&nested),
        Ok((json!({"country": "DE"}), Some(json!(["open"]))))
    );

    // A disclosure only a nested digest references is not accepted.
    let mut with_street = nested.clone();
    with_street.push_str(&street);
    with_street.push('~');
    assert_eq!(
        verify(&with_street).map(drop),
        Err(Error::Disclosure(DisclosureError::Unreferenced))
    );
}
