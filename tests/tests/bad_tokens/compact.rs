//! `verify_compact`, the bare JWS check: size, shape, `alg`, `crit` and the
//! signature are its business; `typ`, `kid` and the payload are its
//! caller's.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use claims_core::{Algorithm, Error};

use crate::forge::{
    KID, attackers, claims, compact_with, forge, forge_by, header, ours, q, split, valid,
    verifying_key,
};
use crate::runner::{Case, Expect, run};

/// `verify_compact` checks size, shape, `alg`, `crit` and the signature, and
/// leaves `typ`, `kid` and the payload to its caller.
#[test]
#[allow(clippy::too_many_lines)] // a table of cases
fn verify_compact_refuses_hostile_jws_and_leaves_typ_and_kid_to_the_caller() {
    let mut cases = Vec::new();
    for alg in Algorithm::ALL {
        let compact = |what: &str, token: String, expect: Expect| {
            Case::new(format!("{alg}: {what}"), compact_with(alg), token, expect)
        };
        let token = valid(alg);
        let (h, p, s) = split(&token);
        for none in ["none", "None", "NONE", "nOnE"] {
            for sig in ["", s] {
                cases.push(compact(
                    &format!("alg {none}, signature {}", sig.len()),
                    format!(
                        "{}.{p}.{sig}",
                        B64.encode(header(alg).set("alg", q(none)).text())
                    ),
                    Expect::Is(Error::Algorithm),
                ));
            }
        }
        cases.push(compact(
            "alg missing",
            forge(alg, &header(alg).without("alg"), &claims()),
            Expect::Is(Error::Algorithm),
        ));
        for other in Algorithm::ALL.into_iter().filter(|o| *o != alg) {
            cases.push(compact(
                &format!("a {other} token"),
                valid(other),
                Expect::Is(Error::Algorithm),
            ));
        }
        cases.push(compact(
            "crit",
            forge(
                alg,
                &header(alg).push("crit", r#"["exp"]"#).push("exp", "1"),
                &claims(),
            ),
            Expect::Is(Error::CriticalHeader),
        ));
        cases.push(compact(
            "duplicate alg",
            forge(alg, &header(alg).push("alg", q("none")), &claims()),
            Expect::Malformed,
        ));
        cases.push(compact(
            "two segments",
            format!("{h}.{p}"),
            Expect::Malformed,
        ));
        cases.push(compact(
            "padded signature",
            format!("{token}="),
            Expect::Malformed,
        ));
        cases.push(compact(
            "attacker signature",
            forge_by(attackers(), alg, &header(alg).text(), &claims().text()),
            Expect::Is(Error::Signature),
        ));
        cases.push(compact(
            "embedded jwk, attacker signature",
            forge_by(
                attackers(),
                alg,
                &header(alg)
                    .push("jwk", attackers().jwk(alg).to_string())
                    .text(),
                &claims().text(),
            ),
            Expect::Is(Error::Signature),
        ));
        // Not its business: any kid, any typ, any payload bytes.
        cases.push(compact(
            "unknown kid, valid signature",
            forge(
                alg,
                &header(alg).set("kid", q("../../etc/passwd")),
                &claims(),
            ),
            Expect::Accepted,
        ));
        cases.push(compact(
            "typ at+jwt, no kid",
            forge(
                alg,
                &header(alg).set("typ", q("at+jwt")).without("kid"),
                &claims(),
            ),
            Expect::Accepted,
        ));
        cases.push(compact(
            "a payload that is not JSON",
            forge_by(ours(), alg, &header(alg).text(), "not JSON"),
            Expect::Accepted,
        ));
    }
    run("verify_compact", &cases);

    // What it returns is the payload, byte for byte.
    for alg in Algorithm::ALL {
        let payload = claims().push("x", q("y")).text();
        let token = forge_by(ours(), alg, &header(alg).text(), &payload);
        let key = compact_with(alg);
        assert_eq!(key(&token), Ok(()));
        let bytes = match verifying_key(alg) {
            Some(public) => public.verify_compact(&token),
            None => ours().signing_key(alg, KID).verify_compact(&token),
        };
        assert_eq!(bytes.expect("verifies"), payload.as_bytes(), "{alg}");
    }
}
