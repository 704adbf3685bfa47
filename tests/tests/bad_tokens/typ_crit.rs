//! `typ` other than `JWT` (any case, or `application/jwt`), missing or not a
//! string; `crit` in any form, `null` included, refused before `typ` and
//! `kid` are read.

use claims_core::{Algorithm, Error};

use crate::forge::{Obj, claims, compact_with, forge, header, keys, q};
use crate::issued::with_header;
use crate::runner::{Case, Expect, run};

#[test]
fn a_token_of_another_typ_is_token_type() {
    let others = [
        "at+jwt",
        "at+JWT",
        "JWS",
        "JOSE",
        "JOSE+JSON",
        "application/at+jwt",
        "text/jwt",
        "application/jwt; charset=utf-8",
        "dpop+jwt",
        "JWT ",
        " JWT",
        "JWT\0",
        "JW",
        "JWTJWT",
        "",
        "x-hostile-typ-5e1f",
    ];
    let mut cases = Vec::new();
    for alg in Algorithm::ALL {
        // RFC 7515 §4.1.9: `JWT` stands for `application/jwt`, any case.
        for typ in ["application/jwt", "Application/JWT"] {
            cases.push(Case::decode(
                format!("{alg}: typ {typ:?} is JWT"),
                keys(alg),
                forge(alg, &header(alg).set("typ", q(typ)), &claims()),
                Expect::Accepted,
            ));
        }
        for typ in others {
            cases.push(
                Case::decode(
                    format!("{alg}: typ {typ:?}"),
                    keys(alg),
                    forge(alg, &header(alg).set("typ", q(typ)), &claims()),
                    Expect::Is(Error::TokenType),
                )
                .planted("x-hostile-typ-5e1f"),
            );
        }
        let mut push = |what: &str, h: Obj, expect| cases.push(Case::header(alg, what, &h, expect));
        push(
            "typ missing",
            header(alg).without("typ"),
            Expect::Is(Error::TokenType),
        );
        push(
            "typ null",
            header(alg).set("typ", "null"),
            Expect::Is(Error::TokenType),
        );
        push("typ 1", header(alg).set("typ", "1"), Expect::Malformed);
        push(
            "typ [\"JWT\"]",
            header(alg).set("typ", r#"["JWT"]"#),
            Expect::Malformed,
        );
        push(
            "cty JWT, no typ",
            header(alg).without("typ").push("cty", q("JWT")),
            Expect::Is(Error::TokenType),
        );
    }
    run("typ", &cases);
}

#[test]
fn crit_is_critical_header() {
    let crits = [
        (r#"["exp"]"#, Some(("exp", "1"))),
        (r#"["b64"]"#, Some(("b64", "false"))),
        (r#"["x-hostile-extension"]"#, None),
        (r#"["x-hostile-extension","exp"]"#, None),
        ("[]", None),
        ("[1]", None),
        (r#""exp""#, None),
        ("{}", None),
        ("true", None),
        ("0", None),
    ];
    let mut cases = Vec::new();
    for alg in Algorithm::ALL {
        for (crit, member) in crits {
            let mut h = header(alg).push("crit", crit);
            if let Some((name, raw)) = member {
                h = h.push(name, raw);
            }
            cases.push(
                Case::decode(
                    format!("{alg}: crit {crit}"),
                    keys(alg),
                    forge(alg, &h, &claims()),
                    Expect::Is(Error::CriticalHeader),
                )
                .planted("x-hostile-extension"),
            );
        }
        // crit is refused before typ and kid are looked at.
        let h = header(alg)
            .set("kid", q("no-such-kid"))
            .set("typ", q("at+jwt"))
            .push("crit", r#"["exp"]"#);
        cases.push(Case::decode(
            format!("{alg}: crit with an unknown kid and typ"),
            keys(alg),
            forge(alg, &h, &claims()),
            Expect::Is(Error::CriticalHeader),
        ));
    }
    run("crit", &cases);
}

/// `"crit":null` is `CriticalHeader`, not an absent `crit`: FORMAT.md §7
/// accepts only an absent `crit` (RFC 7515 §4.1.11 makes it a non-empty
/// array), and serde reads a JSON `null` in an `Option` as `None`, so the
/// member's presence is what must count, whatever its value.
#[test]
fn crit_null_is_critical_header() {
    let mut cases = Vec::new();
    for alg in Algorithm::ALL {
        let h = header(alg).push("crit", "null");
        cases.push(Case::decode(
            format!("{alg}: crit null"),
            keys(alg),
            forge(alg, &h, &claims()),
            Expect::Is(Error::CriticalHeader),
        ));
        cases.push(Case::new(
            format!("{alg}: crit null (verify_compact)"),
            compact_with(alg),
            forge(alg, &h, &claims()),
            Expect::Is(Error::CriticalHeader),
        ));
    }
    run("crit null", &cases);
}

/// The same on a token `claims` issued for the canary profile.
#[test]
fn issued_tokens_of_another_typ_or_with_crit_are_refused() {
    let cases = vec![
        Case::profile(
            "typ JOSE",
            with_header(r#"{"alg":"HS256","typ":"JOSE","kid":"sig-1"}"#),
            Expect::Is(Error::TokenType),
        ),
        Case::profile(
            "typ at+jwt",
            with_header(r#"{"alg":"HS256","typ":"at+jwt","kid":"sig-1"}"#),
            Expect::Is(Error::TokenType),
        ),
        Case::profile(
            "typ missing",
            with_header(r#"{"alg":"HS256","kid":"sig-1"}"#),
            Expect::Is(Error::TokenType),
        ),
        Case::profile(
            "typ jwt (any case is JWT)",
            with_header(r#"{"alg":"HS256","typ":"jwt","kid":"sig-1"}"#),
            Expect::Accepted,
        ),
        Case::profile(
            "crit [\"exp\"]",
            with_header(r#"{"alg":"HS256","typ":"JWT","kid":"sig-1","crit":["exp"],"exp":1}"#),
            Expect::Is(Error::CriticalHeader),
        ),
    ];
    run("typ and crit (issued tokens)", &cases);
}
