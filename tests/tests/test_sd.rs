//! Selective disclosure (RFC 9901 SD-JWT): round trips with every subset of
//! disclosures, key binding, the holder's and the issuer's errors, canaries
//! for undisclosed values. Hostile presentations, each with its exact
//! error, are in the bad-token suite (`bad_tokens/sd_jwt.rs`).

mod common;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use claims_core::{
    Claims, Disclosable, DisclosureError, Error, KeyBinding, Keys, PiiKey, Protection, SdJwt,
    SdMediaType, SdOptions, SdVerification, SigningKey, Verified,
};
use common::sd::{
    AUD, Address, EMAIL, Loose, NONCE, PHONE, PID_VCT, Pid, SECRET, STREET, Session, bound,
    disclosure, forge_hs256_raw, forge_presentation, forge_typed, holder, issued, keys, pid,
    pid_options, required, sd_header, session, sha, verify,
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

// ---------------------------------------------------------------------------
// Nested and array-element disclosures (RFC 9901 §4.2.1, §4.2.2, §4.2.6).

fn pid_issued(options: &SdOptions) -> SdJwt {
    keys().issue_sd_with(&pid(), options).unwrap()
}

fn verify_pid(presentation: &str) -> Result<Verified<Pid>, Error> {
    keys().verify_sd::<Pid>(presentation, &KeyBinding::None)
}

/// Each disclosure of `sd` decoded: `[salt, name, value]` or `[salt, value]`.
fn opened(sd: &SdJwt) -> Vec<Value> {
    let parts: Vec<&str> = sd.as_str().split('~').collect();
    parts[1..parts.len() - 1]
        .iter()
        .map(|d| serde_json::from_slice(&B64.decode(d).unwrap()).unwrap())
        .collect()
}

#[test]
fn nested_and_array_disclosures_are_issued_recursively() {
    let sd = pid_issued(&pid_options());
    assert_eq!(
        sd.disclosures(),
        [
            "address",
            "address.street",
            "address.locality",
            "nationalities",
            "nationalities[0]",
            "nationalities[1]",
            "nationalities[2]",
        ]
    );
    // The holder reads the same paths back from the serialization.
    assert_eq!(
        SdJwt::parse(sd.as_str()).unwrap().disclosures(),
        sd.disclosures()
    );
    let p = payload(sd.issuer_jwt());
    assert_eq!(p["_sd"].as_array().unwrap().len(), 2);
    assert!(p.get("address").is_none() && p.get("nationalities").is_none());
    let d = opened(&sd);
    // `address` carries `country` in the clear and its members' digests.
    assert_eq!(d[0][1], "address");
    let address = d[0][2].as_object().unwrap();
    assert_eq!(address["country"], "DE");
    assert!(address.get("street").is_none() && address.get("locality").is_none());
    let digests: Vec<&str> = address["_sd"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let parts: Vec<&str> = sd.as_str().split('~').collect();
    assert!(digests.contains(&sha(parts[2]).as_str()) && digests.contains(&sha(parts[3]).as_str()));
    assert_eq!(d[1], json!([d[1][0], "street", STREET]));
    // Array elements are `[salt, value]`, their digests `{"...": digest}` in place.
    let elements = d[3][2].as_array().unwrap();
    assert_eq!(elements.len(), 3);
    for (i, element) in elements.iter().enumerate() {
        assert_eq!(element, &json!({"...": sha(parts[5 + i])}));
        assert_eq!(d[4 + i].as_array().unwrap().len(), 2);
    }
    assert_eq!(d[5][1], "FR");
}

#[test]
fn holders_present_nested_disclosures_by_path() {
    let sd = pid_issued(&pid_options().decoys(2));
    let expect = |paths: &[&str], address: Option<Address>, nationalities: Option<&[&str]>| {
        let presentation = sd.present(paths).unwrap();
        let v = verify_pid(&presentation).unwrap_or_else(|e| panic!("{paths:?}: {e}"));
        assert_eq!(v.address, address, "{paths:?}");
        assert_eq!(
            v.nationalities,
            nationalities.map(|n| n.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>()),
            "{paths:?}"
        );
        assert_eq!(v.role, "citizen");
        presentation
    };
    let whole = pid().address;
    let bare = Address {
        street: None,
        locality: None,
        country: "DE".into(),
    };
    let street_only = Address {
        street: Some(STREET.into()),
        ..bare.clone()
    };
    expect(&[], None, None);
    // A path discloses what it names, whole, with the disclosures around it.
    expect(&["address"], whole.clone(), None);
    let p = expect(&["address.street"], Some(street_only), None);
    assert_eq!(p.matches('~').count(), 3, "address and street");
    expect(&["nationalities"], None, Some(&["DE", "FR", "canary-UK"]));
    expect(&["nationalities[1]"], None, Some(&["FR"]));
    expect(&["nationalities[]"], None, Some(&["DE", "FR", "canary-UK"]));
    expect(
        &[
            "nationalities[0]",
            "nationalities[2]",
            "address.locality",
            "address.street",
        ],
        whole,
        Some(&["DE", "canary-UK"]),
    );
    // The container alone shows its members only as digests.
    let container: Vec<&str> = sd.as_str().split('~').collect();
    let presentation = format!("{}~{}~", container[0], container[1]);
    assert_eq!(verify_pid(&presentation).unwrap().address, Some(bare));
    // Undisclosed nested values appear nowhere in the presentation.
    let p = sd
        .present(&["address.locality", "nationalities[1]"])
        .unwrap();
    let mut texts = vec![p.clone()];
    texts.extend(
        p.split(['~', '.'])
            .filter_map(|s| B64.decode(s).ok())
            .map(|b| String::from_utf8_lossy(&b).into_owned()),
    );
    for text in &texts {
        assert!(
            !text.contains(STREET) && !text.contains("canary-UK"),
            "{text}"
        );
    }
    for unknown in [
        "address.zip",
        "nationalities[3]",
        "address[0]",
        "addr",
        "a..b",
    ] {
        assert_eq!(
            sd.present(&[unknown]).unwrap_err(),
            Error::Disclosure(DisclosureError::Unknown),
            "{unknown}"
        );
    }
}

#[test]
fn nested_decoys_pad_every_level() {
    let sd = pid_issued(&pid_options().decoys(3));
    let d = opened(&sd);
    assert_eq!(
        payload(sd.issuer_jwt())["_sd"].as_array().unwrap().len(),
        2 + 3
    );
    assert_eq!(d[0][2]["_sd"].as_array().unwrap().len(), 2 + 3);
    let elements = d[3][2].as_array().unwrap();
    assert_eq!(elements.len(), 3 + 3);
    assert!(elements.iter().all(|e| {
        e.as_object()
            .is_some_and(|m| m.len() == 1 && m["..."].is_string())
    }));
    // Decoys are not counted in paths, and verify away.
    let sd = SdJwt::parse(sd.as_str()).unwrap();
    assert_eq!(sd.disclosures().len(), 7);
    let v = verify_pid(&sd.present(&["nationalities[2]"]).unwrap()).unwrap();
    assert_eq!(v.nationalities, Some(vec!["canary-UK".to_owned()]));
}

#[test]
fn nested_paths_are_checked_when_issuing() {
    #[derive(Claims)]
    struct Odd {
        #[claim(public, dynamic = "test: any JSON, to carry nested digests")]
        settings: Value,
        #[claim(disclosable)]
        extra: Option<Value>,
    }
    let config = |options: &SdOptions| {
        matches!(
            keys().issue_sd_with(&pid(), options).map(drop),
            Err(Error::Config(_))
        )
    };
    // Not a path; not inside a disclosable field; the field itself; the
    // wrong shape.
    for path in [
        "address..street",
        "role.x",
        "address",
        "address[0]",
        "nationalities.x",
        "nosuch.x",
    ] {
        assert!(config(&SdOptions::new().disclosable(path)), "{path}");
    }
    // A member the value lacks is skipped; a null one leaves no disclosure.
    let mut p = pid();
    p.address.as_mut().unwrap().street = None;
    let sd = keys()
        .issue_sd_with(
            &p,
            &SdOptions::new()
                .disclosable("address.street")
                .disclosable("address.zip"),
        )
        .unwrap();
    assert_eq!(sd.disclosures(), ["address", "nationalities"]);
    let v = verify_pid(sd.as_str()).unwrap();
    assert_eq!(v.address.as_ref().unwrap().street, None);
    assert_eq!(
        v.address.as_ref().unwrap().locality.as_deref(),
        Some("Berlin")
    );
    // Values with an `_sd` or `...` member would read as digests: refused.
    for (settings, extra, claim) in [
        (json!({"a": {"_sd": ["x"]}}), json!(1), "settings"),
        (json!([{"...": "x"}]), json!(1), "settings"),
        (json!(1), json!({"b": [{"_sd": 1}]}), "extra"),
    ] {
        let odd = Odd {
            settings,
            extra: Some(extra),
        };
        assert_eq!(
            keys().issue_sd(&odd).map(drop),
            Err(Error::Encode { claim })
        );
    }
}

/// A container in the clear with disclosable members (RFC 9901 §6.2,
/// "structured"): the verifier processes digests wherever they are; an
/// `_sd` key spelled with an escape is still `_sd`.
#[test]
fn structured_disclosures_in_the_clear_are_processed() {
    let street = disclosure(&json!(["c2FsdA", "street", STREET]));
    let element = disclosure(&json!(["c2FsdB", "FR"]));
    let read = |extra: &Value, disclosures: &[String]| {
        keys()
            .verify_sd::<Loose>(
                &forge_presentation(extra, &[], disclosures),
                &KeyBinding::None,
            )
            .map(|v| v.settings.clone())
    };
    let extra = json!({"settings": {"country": "DE", "_sd": [sha(&street)], "list": ["DE", {"...": sha(&element)}]}});
    assert_eq!(
        read(&extra, &[street.clone(), element.clone()]),
        Ok(Some(
            json!({"country": "DE", "street": STREET, "list": ["DE", "FR"]})
        ))
    );
    assert_eq!(
        read(&extra, &[]),
        Ok(Some(json!({"country": "DE", "list": ["DE"]})))
    );
    // Values that hold digests nest at most 32 levels (the claim's value is
    // level 1): a digest in 32 nested arrays is found, in 33 refused.
    let nested_arrays = |levels: usize| {
        let mut v = json!([{"...": sha(&element)}]);
        for _ in 1..levels {
            v = json!([v]);
        }
        json!({ "settings": v })
    };
    let mut expected = json!(["FR"]);
    for _ in 1..32 {
        expected = json!([expected]);
    }
    assert_eq!(
        read(&nested_arrays(32), std::slice::from_ref(&element)),
        Ok(Some(expected))
    );
    assert_eq!(
        read(&nested_arrays(33), std::slice::from_ref(&element)),
        Err(Error::Disclosure(DisclosureError::TooDeep))
    );
    // `\u005fsd` is `_sd`: the digest is found, and the key is gone.
    let payload = format!(
        r#"{{"iss":"https://issuer.example","aud":"wallet","iat":{now},"nbf":{now},"exp":{exp},"jti":"j","settings":{{"\u005fsd":["{d}"]}},"_sd":[]}}"#,
        now = now(),
        exp = now() + 60,
        d = sha(&street)
    );
    let jwt = forge_hs256_raw(&sd_header(), &payload);
    let v = keys()
        .verify_sd::<Loose>(&format!("{jwt}~{street}~"), &KeyBinding::None)
        .unwrap();
    assert_eq!(v.settings, Some(json!({"street": STREET})));
}

// ---------------------------------------------------------------------------
// SD-JWT VC (draft-ietf-oauth-sd-jwt-vc): `typ: dc+sd-jwt` and `vct`.

fn vc_check() -> SdVerification<'static> {
    SdVerification::vc(PID_VCT, KeyBinding::None)
}

fn verify_as(presentation: &str, check: &SdVerification<'_>) -> Result<(), Error> {
    keys().verify_sd_with::<Pid>(presentation, check).map(drop)
}

fn header_of(jwt: &str) -> Value {
    serde_json::from_slice(&B64.decode(jwt.split('.').next().unwrap()).unwrap()).unwrap()
}

#[test]
fn sd_jwt_vcs_are_typed_and_verified_by_credential_type() {
    let sd = keys()
        .issue_sd_with(&pid(), &pid_options().vct(PID_VCT))
        .unwrap();
    assert_eq!(header_of(sd.issuer_jwt())["typ"], "dc+sd-jwt");
    assert_eq!(payload(sd.issuer_jwt())["vct"], PID_VCT);
    let presentation = sd.present(&["address.street"]).unwrap();
    let v = keys()
        .verify_sd_with::<Pid>(&presentation, &vc_check())
        .unwrap();
    assert_eq!(v.address.as_ref().unwrap().street.as_deref(), Some(STREET));
    // A plain SD-JWT is not a VC, nor the other way round.
    let plain = keys()
        .issue_sd_with(&pid(), &pid_options())
        .unwrap()
        .present(&[])
        .unwrap();
    assert_eq!(
        verify_as(&presentation, &SdVerification::sd_jwt(KeyBinding::None)),
        Err(Error::TokenType)
    );
    assert_eq!(verify_pid(&presentation).map(drop), Err(Error::TokenType));
    assert_eq!(verify_as(&plain, &vc_check()), Err(Error::TokenType));
    let either = vc_check().accept(SdMediaType::SdJwt);
    assert_eq!(verify_as(&plain, &either), Ok(()));
    assert_eq!(verify_as(&presentation, &either), Ok(()));
    // Another credential type is refused; listing it as well accepts it.
    let other = SdVerification::vc("https://credentials.example/other", KeyBinding::None);
    assert_eq!(
        verify_as(&presentation, &other),
        Err(Error::InvalidClaim { claim: "vct" })
    );
    assert_eq!(verify_as(&presentation, &other.or_vct(PID_VCT)), Ok(()));
    // Accepting VCs needs their types.
    assert!(matches!(
        verify_as(
            &presentation,
            &SdVerification::sd_jwt(KeyBinding::None).accept(SdMediaType::DcSdJwt)
        ),
        Err(Error::Config(_))
    ));
    // Key binding works the same.
    let options = pid_options()
        .vct(PID_VCT)
        .holder_key(holder().verifying_key().unwrap());
    let bound = keys().issue_sd_with(&pid(), &options).unwrap();
    let kb = bound
        .present_with_key_binding(&["nationalities[0]"], &holder(), AUD, NONCE, now())
        .unwrap();
    let check = SdVerification::vc(PID_VCT, required());
    let v = keys().verify_sd_with::<Pid>(&kb, &check).unwrap();
    assert_eq!(v.nationalities, Some(vec!["DE".to_owned()]));
    assert_eq!(
        verify_as(&bound.present(&[]).unwrap(), &check),
        Err(Error::KeyBinding(claims_core::KeyBindingError::Missing))
    );
}

/// `vc+sd-jwt`, the drafts' name until late 2024, only where asked for;
/// `aka_vcts` names further types; `vct` is required and a string.
#[test]
fn forged_vc_headers_and_types() {
    let typed = |typ: &str| json!({"alg": "HS256", "typ": typ, "kid": "sig-1"});
    let forged = |typ: &str, extra: Value| forge_typed(&typed(typ), &extra, &[], &[]);
    let ok = json!({"role": "r", "vct": PID_VCT});
    assert_eq!(
        verify_as(&forged("dc+sd-jwt", ok.clone()), &vc_check()),
        Ok(())
    );
    assert_eq!(
        verify_as(&forged("application/DC+SD-JWT", ok.clone()), &vc_check()),
        Ok(())
    );
    let legacy = forged("vc+sd-jwt", ok);
    assert_eq!(verify_as(&legacy, &vc_check()), Err(Error::TokenType));
    assert_eq!(
        verify_as(&legacy, &vc_check().accept(SdMediaType::VcSdJwt)),
        Ok(())
    );
    let derived =
        json!({"role": "r", "vct": "https://credentials.example/pid/1/de", "aka_vcts": [PID_VCT]});
    assert_eq!(
        verify_as(&forged("dc+sd-jwt", derived), &vc_check()),
        Ok(())
    );
    assert_eq!(
        verify_as(&forged("dc+sd-jwt", json!({"role": "r"})), &vc_check()),
        Err(Error::MissingClaim { claim: "vct" })
    );
    assert_eq!(
        verify_as(
            &forged("dc+sd-jwt", json!({"role": "r", "vct": [PID_VCT]})),
            &vc_check()
        ),
        Err(Error::InvalidClaim { claim: "vct" })
    );
}

#[test]
fn sd_jwt_vc_issuance_rules() {
    #[derive(Claims)]
    struct OwnVct {
        #[claim(public)]
        vct: String,
    }
    #[derive(Claims)]
    struct Level {
        #[claim(public)]
        level: u8,
    }
    #[derive(Claims)]
    struct SecretStatus {
        #[claim(disclosable)]
        status: Option<u8>,
    }
    // No disclosures and no decoys: no `_sd` (draft §3.2.2.4). An absent
    // disclosable claim still gets its decoy, so a VC whose optional claims
    // are all absent looks like one where they are set (issue 10 §5).
    #[derive(Claims)]
    struct Badge {
        #[claim(public)]
        level: u8,
        #[claim(disclosable)]
        note: Option<String>,
    }
    let vc = |decoys| SdOptions::new().decoys(decoys).vct("https://badge.example");
    let bare = keys().issue_sd_with(&Level { level: 3 }, &vc(0)).unwrap();
    let p = payload(bare.issuer_jwt());
    assert!(p.get("_sd").is_none() && p.get("_sd_alg").is_none(), "{p}");
    let absent = keys()
        .issue_sd_with(
            &Badge {
                level: 3,
                note: None,
            },
            &vc(3),
        )
        .unwrap();
    let p = payload(absent.issuer_jwt());
    assert_eq!(p["_sd"].as_array().map(Vec::len), Some(4), "{p}");
    let set = keys()
        .issue_sd_with(
            &Badge {
                level: 3,
                note: Some("ok".into()),
            },
            &vc(3),
        )
        .unwrap();
    assert_eq!(
        payload(set.issuer_jwt())["_sd"].as_array().map(Vec::len),
        Some(4)
    );
    for sd in [&absent, &set] {
        assert!(
            keys()
                .verify_sd_with::<Badge>(
                    sd.as_str(),
                    &SdVerification::vc("https://badge.example", KeyBinding::None)
                )
                .is_ok()
        );
    }
    // `vct` is the options' to set; `status` and friends are never disclosed.
    let vc = SdOptions::new().vct("https://x.example");
    assert!(matches!(
        keys().issue_sd_with(&OwnVct { vct: "v".into() }, &vc),
        Err(Error::Config(_))
    ));
    assert!(matches!(
        keys().issue_sd_with(&SecretStatus { status: Some(1) }, &vc),
        Err(Error::Config(_))
    ));
    assert!(matches!(
        keys().issue_sd_with(&Level { level: 3 }, &SdOptions::new().vct("")),
        Err(Error::Config(_))
    ));
    // Without a `vct`, the same struct is a plain SD-JWT.
    let plain = keys().issue_sd(&SecretStatus { status: Some(1) }).unwrap();
    assert_eq!(header_of(plain.issuer_jwt())["typ"], "sd+jwt");
}
