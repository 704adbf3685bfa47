//! Positive controls: hand-forged tokens and edited issued tokens that
//! must still decode, so a rejection in the other families is the check
//! under test, not a bad forgery; and the forging helpers' own checks.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use claims_core::{Algorithm, Keys};
use serde_json::{Value, json};

use crate::common::HS256_HEADER;
use crate::common::{
    self, AUDIENCE, ISSUER, Profile, keys as profile_keys, payload_text, profile_token,
};
use crate::forge::{
    DEPTH, KID, Ticket, claims, deep, forge, forge_by, header, keys, non_canonical, ours,
    public_keys, q, roomy, split, valid,
};
use crate::issued::{append_raw_claim, edited, sign_raw};
use crate::runner::{Case, Expect, run};

#[test]
fn every_algorithm_round_trips_through_keys() {
    for alg in Algorithm::ALL {
        let keys = keys(alg);
        let ticket = Ticket {
            role: "reader".to_string(),
            prefs: Some(json!({"theme": "dark"})),
        };
        let token = keys.encode(&ticket).expect("encodes");
        let (h, _, _) = split(&token);
        let issued: Value = serde_json::from_slice(&B64.decode(h).expect("b64")).expect("JSON");
        assert_eq!(issued["alg"], alg.as_str());
        let verified = keys.decode::<Ticket>(&token).expect("decodes");
        assert_eq!(verified.role, "reader");
        assert_eq!(verified.prefs, ticket.prefs);
        if let Some(public) = public_keys(alg) {
            let verified = public
                .decode::<Ticket>(&token)
                .expect("verify-only decodes");
            assert_eq!(verified.role, "reader");
        }
        let payload = ours()
            .signing_key(alg, KID)
            .verify_compact(&token)
            .expect("a bare JWS too");
        assert!(payload.starts_with(br#"{"iss":"#), "{alg}");
    }
}

#[test]
fn hand_forged_tokens_verify_under_every_algorithm() {
    let mut cases = Vec::new();
    for alg in Algorithm::ALL {
        let ok = |name: &str, keys: &'static Keys, token: String| {
            Case::decode(format!("{alg}: {name}"), keys, token, Expect::Accepted)
        };
        cases.push(ok("as issued", keys(alg), valid(alg)));
        cases.push(ok("under a 4 MiB cap", roomy(alg), valid(alg)));
        if let Some(public) = public_keys(alg) {
            cases.push(ok("verify-only keys", public, valid(alg)));
        }
        // JSON is parsed, not compared as bytes.
        let spaced = format!(
            r#"{{ "alg" : "{alg}" ,
 "typ" : "JWT" , "kid" : "{KID}" }}"#
        );
        cases.push(ok(
            "whitespace in the header",
            keys(alg),
            forge_by(ours(), alg, &spaced, &claims().text()),
        ));
        let name = alg.as_str();
        let escaped_alg = format!(r#""\u{:04x}{}""#, u32::from(name.as_bytes()[0]), &name[1..]);
        cases.push(ok(
            "alg spelled with a JSON escape",
            keys(alg),
            forge(alg, &header(alg).set("alg", escaped_alg), &claims()),
        ));
        cases.push(ok(
            "kid spelled with a JSON escape",
            keys(alg),
            forge(
                alg,
                &header(alg).set("kid", r#""\u0068ostile-1""#),
                &claims(),
            ),
        ));
        cases.push(ok(
            "typ in lower case",
            keys(alg),
            forge(alg, &header(alg).set("typ", q("jwt")), &claims()),
        ));
        cases.push(ok(
            "iss with escaped slashes",
            keys(alg),
            forge(
                alg,
                &header(alg),
                &claims().set("iss", q(ISSUER).replace('/', r"\/")),
            ),
        ));
        cases.push(ok(
            "aud as a spaced array holding ours",
            keys(alg),
            forge(
                alg,
                &header(alg),
                &claims().set("aud", format!(r#"[ "billing-api" , {} ]"#, q(AUDIENCE))),
            ),
        ));
        cases.push(ok(
            "unknown header members (b64 without crit, zip, enc)",
            keys(alg),
            forge(
                alg,
                &header(alg)
                    .push("b64", "false")
                    .push("zip", q("DEF"))
                    .push("enc", q("A256GCM"))
                    .push("x-hostile", "[1,{}]"),
                &claims(),
            ),
        ));
        cases.push(ok(
            "a deep undeclared claim is skipped without recursion",
            roomy(alg),
            forge(
                alg,
                &header(alg),
                &claims().push("x-deep", deep(DEPTH, false)),
            ),
        ));
    }
    run("positive controls", &cases);
}

/// The editing helpers keep a token valid: a rejection is the edit's doing.
#[test]
fn edited_issued_tokens_still_decode() {
    let verified = profile_keys()
        .decode::<Profile>(&edited(|_| {}))
        .expect("an unchanged, re-signed token decodes");
    assert_eq!(verified.role, "admin");
    assert_eq!(verified.email.expose(), common::CANARY_EMAIL);
    let cases = vec![
        Case::profile("re-signed unchanged", edited(|_| {}), Expect::Accepted),
        Case::profile(
            "signed raw, unchanged",
            sign_raw(HS256_HEADER, &payload_text(&profile_token())),
            Expect::Accepted,
        ),
        Case::profile(
            "an undeclared claim appended",
            append_raw_claim(&profile_token(), "extra", r#"{"any":[1,2]}"#),
            Expect::Accepted,
        ),
    ];
    run("issued-token controls", &cases);
}

#[test]
fn non_canonical_keeps_the_bytes_and_changes_the_spelling() {
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    let lenient = GeneralPurpose::new(
        &base64::alphabet::URL_SAFE,
        GeneralPurposeConfig::new()
            .with_encode_padding(false)
            .with_decode_padding_mode(DecodePaddingMode::RequireNone)
            .with_decode_allow_trailing_bits(true),
    );
    let token = profile_token();
    let signature = common::segments(&token)[2];
    let altered = non_canonical(signature);
    assert_ne!(altered, signature);
    assert_eq!(
        lenient.decode(&altered).expect("lenient"),
        B64.decode(signature).expect("strict")
    );
    // A wire value: only its body's last character changes.
    let wire = common::claim_str(&token, "email");
    let altered = non_canonical(&wire);
    assert_eq!(altered[..wire.len() - 1], wire[..wire.len() - 1]);
    assert_ne!(altered, wire);
}

#[test]
fn deep_nests_as_asked() {
    assert_eq!(deep(3, false), "[[[1]]]");
    assert_eq!(deep(2, true), r#"{"a":{"a":1}}"#);
    assert_eq!(deep(DEPTH, false).len(), 2 * DEPTH + 1);
    let nested = append_raw_claim(&profile_token(), "x", &deep(4, false));
    assert!(payload_text(&nested).ends_with(r#","x":[[[[1]]]]}"#));
}
