//! `alg`: `none` in every spelling, missing, null, foreign or not a string;
//! a token of one algorithm shown to a key of another under the same kid;
//! an HMAC keyed with the bytes of the service's public key.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use claims_core::{Algorithm, Error};
use serde_json::json;

use crate::common::{
    Profile, b64, canary_profile, ed25519_public_key, keys_eddsa, profile_token, segments,
};
use crate::forge::{
    HMAC_ALGS, Obj, claims, compact_with, forge_by, header, hmac, jwt_hmac, keys, ours,
    public_keys, q, valid, verifying_key,
};
use crate::issued::{hs256_signature, hs256_signature_with, with_header};
use crate::runner::{Case, Expect, decode_as, run};

#[test]
fn alg_none_in_every_spelling_is_algorithm() {
    // `none` in any ASCII case, escaped, and near-spellings (which are not
    // `none` but are not the key's algorithm either).
    let nones = [
        q("none"),
        q("None"),
        q("NONE"),
        q("nOnE"),
        q("NoNe"),
        q("nonE"),
        r#""\u006eone""#.to_string(),
        r#""\u004e\u004f\u004e\u0045""#.to_string(),
    ];
    let near = [
        q("none "),
        q(" none"),
        q("none\0"),
        q("nonе"), /* Cyrillic е */
        q(""),
    ];
    let mut cases = Vec::new();
    for alg in Algorithm::ALL {
        for (is_none, spelling) in nones
            .iter()
            .map(|s| (true, s))
            .chain(near.iter().map(|s| (false, s)))
        {
            let full = header(alg).set("alg", spelling.as_str());
            let bare = Obj::default().push("alg", spelling.as_str());
            // `none` is refused before anything else is read, so a header of
            // `alg` alone fails on it too; near-spellings need typ and kid.
            let shapes: &[(&str, &Obj)] = if is_none {
                &[("full header", &full), ("alg only", &bare)]
            } else {
                &[("full header", &full)]
            };
            for &(shape, h) in shapes {
                let input = format!("{}.{}", B64.encode(h.text()), B64.encode(claims().text()));
                let ours_signature = B64.encode(ours().sign(alg, input.as_bytes()));
                for (sig_name, sig) in [
                    ("empty signature", String::new()),
                    ("our key's signature", ours_signature),
                    ("junk signature", "AAAA".to_string()),
                ] {
                    cases.push(
                        Case::decode(
                            format!("{alg}: alg {spelling}, {shape}, {sig_name}"),
                            keys(alg),
                            format!("{input}.{sig}"),
                            Expect::Is(Error::Algorithm),
                        )
                        .planted(spelling.trim_matches('"')),
                    );
                }
            }
        }
    }
    run("alg none", &cases);
}

#[test]
fn a_missing_null_foreign_or_non_string_alg_is_rejected() {
    let mut cases = Vec::new();
    for alg in Algorithm::ALL {
        let mut push = |what: &str, h: Obj, expect| cases.push(Case::header(alg, what, &h, expect));
        // Absent or null: no algorithm named.
        push(
            "alg missing",
            header(alg).without("alg"),
            Expect::Is(Error::Algorithm),
        );
        push(
            "alg null",
            header(alg).set("alg", "null"),
            Expect::Is(Error::Algorithm),
        );
        // Not a string: the header does not have the expected shape.
        for raw in ["256", "true", "1.5", "[]", "{}"] {
            push(
                &format!("alg {raw}"),
                header(alg).set("alg", raw),
                Expect::Malformed,
            );
        }
        push(
            "alg as an array holding the key's algorithm",
            header(alg).set("alg", format!("[{}]", q(alg.as_str()))),
            Expect::Malformed,
        );
        push(
            "alg as an object",
            header(alg).set("alg", format!(r#"{{"name":{}}}"#, q(alg.as_str()))),
            Expect::Malformed,
        );
        // A string that is not exactly the key's algorithm.
        let near = [
            alg.as_str().to_lowercase(),
            alg.as_str().to_uppercase(),
            format!("{} ", alg.as_str()),
            format!(" {}", alg.as_str()),
            format!("{}\0", alg.as_str()),
        ];
        for name in near.iter().filter(|n| *n != alg.as_str()) {
            push(
                &format!("alg {name:?}"),
                header(alg).set("alg", q(name)),
                Expect::Is(Error::Algorithm),
            );
        }
        // Every other algorithm, supported or not, with our key's own signature.
        let others = Algorithm::ALL
            .iter()
            .map(|a| a.as_str())
            .chain(["ES256K", "ES521", "Ed448", "HS1", "RS1"]);
        for other in others.filter(|o| *o != alg.as_str()) {
            push(
                &format!("alg {other}"),
                header(alg).set("alg", q(other)),
                Expect::Is(Error::Algorithm),
            );
        }
    }
    run("alg", &cases);
}

/// A token signed by one algorithm's key, shown to `Keys` whose key of the
/// same kid has another algorithm: refused on `alg` for every pair; and a
/// header naming the key's algorithm over another algorithm's signature
/// fails on the signature.
#[test]
fn same_kid_other_algorithm_is_algorithm() {
    let mut cases = Vec::new();
    for signed_as in Algorithm::ALL {
        let token = valid(signed_as);
        for loaded_as in Algorithm::ALL.into_iter().filter(|a| *a != signed_as) {
            cases.push(Case::decode(
                format!("{signed_as} token, {loaded_as} key"),
                keys(loaded_as),
                token.clone(),
                Expect::Is(Error::Algorithm),
            ));
            if let Some(public) = public_keys(loaded_as) {
                cases.push(Case::decode(
                    format!("{signed_as} token, {loaded_as} verify-only key"),
                    public,
                    token.clone(),
                    Expect::Is(Error::Algorithm),
                ));
            }
            // `EdDSA` and `Ed25519` name one signature algorithm (RFC
            // 9864): under the same key, the signature bytes are the same.
            let ed25519 = [Algorithm::EdDSA, Algorithm::Ed25519];
            let same_signature = ed25519.contains(&signed_as) && ed25519.contains(&loaded_as);
            cases.push(Case::decode(
                format!("{loaded_as} header over a {signed_as} signature"),
                keys(loaded_as),
                forge_by(
                    ours(),
                    signed_as,
                    &header(loaded_as).text(),
                    &claims().text(),
                ),
                if same_signature {
                    Expect::Accepted
                } else {
                    Expect::Is(Error::Signature)
                },
            ));
        }
    }
    run("same kid, other algorithm", &cases);
}

/// The classic confusion: HS256 (or HS384/HS512) keyed with the bytes of the
/// service's public key, which the attacker knows, in every encoding. The
/// header names HMAC, the key is asymmetric: refused on `alg` before any MAC
/// is computed, by full and verify-only `Keys` and by `verify_compact`.
#[test]
fn public_key_bytes_as_an_hmac_secret_is_algorithm() {
    let mut cases = Vec::new();
    for alg in Algorithm::ALL.into_iter().filter(|a| !a.is_symmetric()) {
        let pem = ours().spki_pem(alg).expect("asymmetric");
        let jwk = verifying_key(alg).expect("asymmetric").to_jwk().to_string();
        let mut secrets: Vec<(&str, Vec<u8>)> = vec![
            ("SPKI PEM", pem.clone().into_bytes()),
            ("SPKI PEM with CRLF", pem.replace('\n', "\r\n").into_bytes()),
            (
                "SPKI PEM without its last newline",
                pem.trim_end().as_bytes().to_vec(),
            ),
            ("SPKI DER", ours().spki_der(alg).expect("asymmetric")),
            ("public JWK", jwk.into_bytes()),
        ];
        secrets.extend(ours().other_public_encodings(alg));
        for (encoding, secret) in &secrets {
            for hs in HMAC_ALGS {
                let h = header(hs).text();
                let input = format!("{}.{}", B64.encode(&h), B64.encode(claims().text()));
                let mac = hmac(jwt_hmac(hs), secret, input.as_bytes());
                let token = format!("{input}.{}", B64.encode(mac));
                let name = format!("{alg} key, {hs} keyed with its {encoding}");
                cases.push(Case::decode(
                    format!("{name} (signing keys)"),
                    keys(alg),
                    token.clone(),
                    Expect::Is(Error::Algorithm),
                ));
                cases.push(Case::decode(
                    format!("{name} (verify-only keys)"),
                    public_keys(alg).expect("asymmetric"),
                    token.clone(),
                    Expect::Is(Error::Algorithm),
                ));
                cases.push(Case::new(
                    format!("{name} (verify_compact)"),
                    compact_with(alg),
                    token,
                    Expect::Is(Error::Algorithm),
                ));
            }
        }
    }
    run("key confusion", &cases);
}

/// The same attacks on a token `claims` issued for the canary profile
/// (HS256 under `sig-1`; the EdDSA `Keys` share that kid).
#[test]
fn issued_tokens_with_a_bad_alg_are_algorithm() {
    let token = profile_token();
    let [h, p, _] = segments(&token);
    let mut cases = Vec::new();
    for none in ["none", "None", "nOnE", "NONE"] {
        for signed in [false, true] {
            let header = json!({"alg": none, "typ": "JWT", "kid": "sig-1"}).to_string();
            let input = format!("{}.{p}", b64(header));
            let signature = if signed {
                hs256_signature(&input)
            } else {
                String::new()
            };
            let how = if signed { "HS256-signed" } else { "unsigned" };
            cases.push(
                Case::profile(
                    format!("alg {none}, {how}"),
                    format!("{input}.{signature}"),
                    Expect::Is(Error::Algorithm),
                )
                .planted(none),
            );
        }
    }
    let algorithm = Expect::Is(Error::Algorithm);
    cases.extend([
        Case::profile(
            "alg missing",
            with_header(r#"{"typ":"JWT","kid":"sig-1"}"#),
            algorithm.clone(),
        ),
        Case::profile(
            "alg hs256",
            with_header(r#"{"alg":"hs256","typ":"JWT","kid":"sig-1"}"#),
            algorithm.clone(),
        ),
        Case::profile(
            "alg HS384 over an HS256 signature",
            with_header(r#"{"alg":"HS384","typ":"JWT","kid":"sig-1"}"#),
            algorithm.clone(),
        ),
        Case::new(
            "an HS256 token, an Ed25519 key of the same kid",
            decode_as::<Profile>(keys_eddsa()),
            token.clone(),
            algorithm.clone(),
        ),
        Case::profile(
            "an EdDSA token, an HS256 key of the same kid",
            keys_eddsa()
                .encode(&canary_profile())
                .expect("EdDSA encodes"),
            algorithm.clone(),
        ),
        // The classic confusion: HS256 keyed with the Ed25519 public key.
        Case::new(
            "HS256 keyed with the Ed25519 public key",
            decode_as::<Profile>(keys_eddsa()),
            format!(
                "{h}.{p}.{}",
                hs256_signature_with(&ed25519_public_key(), &format!("{h}.{p}"))
            ),
            algorithm,
        ),
    ]);
    run("alg (issued tokens)", &cases);
}
