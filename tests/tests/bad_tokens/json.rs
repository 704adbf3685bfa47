//! JSON shape: duplicate member names (plain or escaped), 10,000-deep
//! arrays and objects where a value is read and where one is skipped, a
//! header or payload that is not a JSON object, trailing bytes, bad UTF-8.

use claims_core::{Algorithm, Error};

use crate::common::{
    HS256_HEADER, ISSUER, Profile, b64, claim_str, keys as profile_keys, now, payload_text,
    profile_token,
};
use crate::forge::{
    DEFAULT_CAP, DEPTH, JKU, KID, X5U, claims, compact_with, deep, forge, forge_by, header, keys,
    ours, q, roomy,
};
use crate::issued::{
    Prefs, append_raw_claim, deep_token, hs256_signature, keys_large, sign_raw, with_header,
};
use crate::runner::{Case, Expect, decode_as, run};

#[test]
fn duplicate_keys_are_malformed() {
    let mut cases = Vec::new();
    for alg in Algorithm::ALL {
        let now = now();
        let payloads = [
            ("exp twice", claims().push("exp", (now + 3_000).to_string())),
            (
                "iss twice",
                claims().push("iss", q("https://attacker.example.invalid")),
            ),
            ("iss twice, same value", claims().push("iss", q(ISSUER))),
            ("aud twice", claims().push("aud", q("billing-api"))),
            ("role twice", claims().push("role", q("admin"))),
            (
                "an undeclared claim twice",
                claims().push("note", q("again")),
            ),
            (
                "exp and an escaped exp",
                claims().push(r"\u0065xp", (now + 3_000).to_string()),
            ),
            (
                "role and an escaped role",
                claims().push(r"rol\u0065", q("admin")),
            ),
            ("a duplicate among 40 claims", {
                let mut many = claims();
                for i in 0..32 {
                    many = many.push(&format!("x{i}"), i.to_string());
                }
                many.push("x7", q("again"))
            }),
        ];
        for (what, payload) in payloads {
            cases.push(Case::decode(
                format!("{alg}: payload with {what}"),
                keys(alg),
                forge(alg, &header(alg), &payload),
                Expect::Malformed,
            ));
        }
        let headers = [
            ("alg twice, then none", header(alg).push("alg", q("none"))),
            (
                "alg twice, same value",
                header(alg).push("alg", q(alg.as_str())),
            ),
            (
                "alg and an escaped alg",
                header(alg).push(r"\u0061lg", q("none")),
            ),
            ("kid twice", header(alg).push("kid", q("hostile-2"))),
            ("typ twice", header(alg).push("typ", q("JWT"))),
            (
                "crit twice",
                header(alg).push("crit", "[]").push("crit", "[]"),
            ),
        ];
        for (what, h) in headers {
            cases.push(Case::decode(
                format!("{alg}: header with {what}"),
                keys(alg),
                forge(alg, &h, &claims()),
                Expect::Malformed,
            ));
        }
        // A member the header does not read, twice: RFC 7515 §4 lets a parser
        // keep the last one; `claims` reads neither.
        cases.push(Case::decode(
            format!("{alg}: header with jku twice"),
            keys(alg),
            forge(
                alg,
                &header(alg).push("jku", q(JKU)).push("jku", q(X5U)),
                &claims(),
            ),
            Expect::Accepted,
        ));
    }
    run("duplicate keys", &cases);
}

/// 10,000-deep arrays and objects, where the decoder reads a value (an error
/// from `serde_json`'s recursion limit, never a stack overflow) and where it
/// skips one (iteratively).
#[test]
#[allow(clippy::too_many_lines)] // a table of cases
fn json_nested_10000_deep_is_an_error_not_a_crash() {
    let mut cases = Vec::new();
    for alg in Algorithm::ALL {
        for objects in [false, true] {
            let nested = deep(DEPTH, objects);
            let shape = if objects { "objects" } else { "arrays" };
            let in_claim = |claim: &str| claims().set(claim, nested.as_str());
            let payloads = [
                (
                    "exp",
                    in_claim("exp"),
                    Expect::Is(Error::InvalidClaim { claim: "exp" }),
                ),
                (
                    "nbf",
                    in_claim("nbf"),
                    Expect::Is(Error::InvalidClaim { claim: "nbf" }),
                ),
                (
                    "iat",
                    in_claim("iat"),
                    Expect::Is(Error::InvalidClaim { claim: "iat" }),
                ),
                (
                    "jti",
                    in_claim("jti"),
                    Expect::Is(Error::InvalidClaim { claim: "jti" }),
                ),
                (
                    "role",
                    in_claim("role"),
                    Expect::Is(Error::InvalidClaim { claim: "role" }),
                ),
                (
                    "prefs (a Value)",
                    in_claim("prefs"),
                    Expect::Is(Error::InvalidClaim { claim: "prefs" }),
                ),
                ("aud", in_claim("aud"), Expect::Is(Error::Audience)),
                ("iss", in_claim("iss"), Expect::Is(Error::Issuer)),
                ("an undeclared claim", in_claim("x-deep"), Expect::Accepted),
            ];
            for (place, payload, expect) in payloads {
                cases.push(Case::decode(
                    format!("{alg}: {shape} in {place}"),
                    roomy(alg),
                    forge(alg, &header(alg), &payload),
                    expect,
                ));
            }
            cases.push(Case::decode(
                format!("{alg}: {shape} as the whole payload"),
                roomy(alg),
                forge_by(ours(), alg, &header(alg).text(), &nested),
                if objects {
                    // One member, `a`, skipped: no `iss`.
                    Expect::Is(Error::MissingClaim { claim: "iss" })
                } else {
                    Expect::Malformed
                },
            ));
            let headers = [
                (
                    "alg",
                    header(alg).set("alg", nested.as_str()),
                    Expect::Malformed,
                ),
                (
                    "kid",
                    header(alg).set("kid", nested.as_str()),
                    Expect::Malformed,
                ),
                (
                    "typ",
                    header(alg).set("typ", nested.as_str()),
                    Expect::Malformed,
                ),
                (
                    "crit",
                    header(alg).push("crit", nested.as_str()),
                    Expect::Is(Error::CriticalHeader),
                ),
                (
                    "an unknown member",
                    header(alg).push("x-deep", nested.as_str()),
                    Expect::Accepted,
                ),
            ];
            for (place, h, expect) in headers {
                cases.push(Case::decode(
                    format!("{alg}: {shape} in header {place}"),
                    roomy(alg),
                    forge(alg, &h, &claims()),
                    expect,
                ));
            }
            cases.push(Case::decode(
                format!("{alg}: {shape} as the whole header"),
                roomy(alg),
                forge_by(ours(), alg, &nested, &claims().text()),
                if objects {
                    // One unknown member, skipped: no `alg`.
                    Expect::Is(Error::Algorithm)
                } else {
                    Expect::Malformed
                },
            ));
            let token = forge(alg, &header(alg), &in_claim("prefs"));
            cases.push(Case::decode(
                format!("{alg}: {shape} in prefs, default size cap"),
                keys(alg),
                token.clone(),
                Expect::Is(Error::TooLarge {
                    len: token.len(),
                    max: DEFAULT_CAP,
                }),
            ));
        }
    }
    run("deep JSON", &cases);
}

/// A header that is a JSON array is `Malformed`, even one whose elements
/// line up with the header's members: `serde_json` would let
/// `["ES256","JWT","hostile-1",null]` fill a derived struct in order, as
/// `{"alg":"ES256","typ":"JWT","kid":"hostile-1","crit":null}`, and the token
/// would verify. FORMAT.md §7 and RFC 7515 §4 require a JSON object, and
/// other JOSE libraries reject such a token, so accepting it would be a
/// parser differential. (The issued-token case "header a three-element
/// array" fails on length alone.)
#[test]
fn a_header_that_is_a_json_array_is_malformed() {
    let mut cases = Vec::new();
    for alg in Algorithm::ALL {
        let array = format!(r#"["{alg}","JWT","{KID}",null]"#);
        cases.push(Case::decode(
            format!("{alg}: header {array}"),
            keys(alg),
            forge_by(ours(), alg, &array, &claims().text()),
            Expect::Malformed,
        ));
        cases.push(Case::new(
            format!("{alg}: header {array} (verify_compact)"),
            compact_with(alg),
            forge_by(ours(), alg, &array, &claims().text()),
            Expect::Malformed,
        ));
    }
    run("header as an array", &cases);
}

/// The same on a token `claims` issued for the canary profile.
#[test]
fn issued_tokens_of_a_bad_json_shape_are_malformed() {
    let token = profile_token();
    let text = payload_text(&token);
    let mut bytes = text.clone().into_bytes();
    let at = bytes.len() - 3; // inside the last claim's string value
    bytes[at] = 0xff;
    let invalid_utf8 = format!("{}.{}", b64(HS256_HEADER), b64(&bytes));
    let phone = claim_str(&token, "phone");
    let cases = vec![
        Case::profile(
            "payload not JSON",
            sign_raw(HS256_HEADER, "iss=https://auth.example.test"),
            Expect::Malformed,
        ),
        Case::profile(
            "payload an array",
            sign_raw(HS256_HEADER, r#"["iss","aud"]"#),
            Expect::Malformed,
        ),
        Case::profile(
            "payload with trailing bytes",
            sign_raw(HS256_HEADER, &format!("{text}{{}}")),
            Expect::Malformed,
        ),
        Case::profile(
            "payload not UTF-8",
            format!("{invalid_utf8}.{}", hs256_signature(&invalid_utf8)),
            Expect::Malformed,
        ),
        Case::profile(
            "header not JSON",
            with_header("alg=HS256"),
            Expect::Malformed,
        ),
        Case::profile(
            "header a three-element array",
            with_header(r#"["HS256","JWT","sig-1"]"#),
            Expect::Malformed,
        ),
        Case::profile(
            "header with alg twice",
            with_header(r#"{"alg":"HS256","typ":"JWT","kid":"sig-1","alg":"none"}"#),
            Expect::Malformed,
        ),
        Case::profile(
            "role twice",
            append_raw_claim(&token, "role", r#""superuser""#),
            Expect::Malformed,
        ),
        Case::profile(
            "role and an escaped role",
            append_raw_claim(&token, r"rol\u0065", r#""superuser""#),
            Expect::Malformed,
        ),
        Case::profile(
            "exp twice",
            append_raw_claim(&token, "exp", &(now() + 3_000).to_string()),
            Expect::Malformed,
        ),
        Case::profile(
            "iss twice",
            append_raw_claim(&token, "iss", r#""https://evil.example.invalid""#),
            Expect::Malformed,
        ),
        Case::profile(
            "an encrypted claim twice",
            append_raw_claim(&token, "email", &format!(r#""{phone}""#)),
            Expect::Malformed,
        ),
    ];
    run("JSON shape (issued tokens)", &cases);
}

/// 10,000-deep JSON in the claims of an issued token: an error naming the
/// claim, never a crash; skipped where the struct does not read it.
#[test]
fn issued_tokens_with_deep_json_are_an_error_not_a_crash() {
    let large = |name: &str, token: String, expect: Expect| {
        Case::new(name, decode_as::<Profile>(keys_large()), token, expect)
    };
    let prefs = |name: &str, objects: bool| {
        Case::new(
            name,
            decode_as::<Prefs>(keys_large()),
            deep_token("prefs", objects),
            Expect::Is(Error::InvalidClaim { claim: "prefs" }),
        )
    };
    let at_default_cap = deep_token("prefs", false);
    let deep_header = |member: &str| {
        format!(
            r#"{{"alg":"HS256","typ":"JWT","kid":"sig-1","{member}":{}}}"#,
            deep(DEPTH, false)
        )
    };
    let cases = vec![
        prefs("arrays in a public Value", false),
        prefs("objects in a public Value", true),
        large(
            "arrays in a public String",
            deep_token("role", false),
            Expect::Is(Error::InvalidClaim { claim: "role" }),
        ),
        large(
            "arrays in an encrypted claim",
            deep_token("email", false),
            Expect::Is(Error::InvalidClaim { claim: "email" }),
        ),
        large(
            "objects in a hashed claim",
            deep_token("sub", true),
            Expect::Is(Error::InvalidClaim { claim: "sub" }),
        ),
        large(
            "arrays in iss",
            deep_token("iss", false),
            Expect::Is(Error::Issuer),
        ),
        large(
            "arrays in an undeclared claim",
            deep_token("extra", false),
            Expect::Accepted,
        ),
        large(
            "arrays in crit",
            with_header(&deep_header("crit")),
            Expect::Is(Error::CriticalHeader),
        ),
        large(
            "arrays in an unknown header member",
            with_header(&deep_header("x")),
            Expect::Accepted,
        ),
        Case::new(
            "arrays in a public Value, default size cap",
            decode_as::<Prefs>(profile_keys()),
            at_default_cap.clone(),
            Expect::Is(Error::TooLarge {
                len: at_default_cap.len(),
                max: DEFAULT_CAP,
            }),
        ),
    ];
    run("deep JSON (issued tokens)", &cases);
}
