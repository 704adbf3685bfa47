//! Size: a token over the cap is refused on its length alone, before any
//! parsing; at the cap it is parsed; a raised cap lets a big token through.

use claims_core::{Algorithm, Error};

use crate::common::{Profile, builder, hs256_key, pii_key_a};
use crate::forge::{DEFAULT_CAP, MIB, claims, compact_with, forge, header, keys, q, roomy};
use crate::issued::oversized_token;
use crate::runner::{Case, Expect, run};

/// A megabyte is refused on its length alone: the same megabyte of
/// characters base64 cannot decode is `TooLarge` under the default cap, and
/// only under a raised cap does it reach the parser (and become `Malformed`).
#[test]
fn a_megabyte_token_is_too_large_before_any_parsing() {
    let too_large = |len: usize| {
        Expect::Is(Error::TooLarge {
            len,
            max: DEFAULT_CAP,
        })
    };
    let garbage = [
        ("'!' (not base64)", "!".repeat(MIB)),
        ("'.' (a million segments)", ".".repeat(MIB)),
        ("NUL bytes", "\0".repeat(MIB)),
        ("'é' (two bytes each)", "é".repeat(MIB / 2)),
        ("'A' (valid base64, no dots)", "A".repeat(MIB)),
    ];
    let mut cases = Vec::new();
    for alg in Algorithm::ALL {
        for (what, text) in &garbage {
            assert_eq!(text.len(), MIB);
            cases.push(Case::decode(
                format!("{alg}: 1 MiB of {what}"),
                keys(alg),
                text.clone(),
                too_large(MIB),
            ));
            cases.push(Case::new(
                format!("{alg}: 1 MiB of {what} (verify_compact)"),
                compact_with(alg),
                text.clone(),
                too_large(MIB),
            ));
        }
        // The same garbage reaches the parser only under a raised cap.
        cases.push(Case::decode(
            format!("{alg}: 1 MiB of '!', 4 MiB cap"),
            roomy(alg),
            "!".repeat(MIB),
            Expect::Malformed,
        ));
        // A validly signed megabyte token: too large, and fine under the raised cap.
        let big = forge(
            alg,
            &header(alg),
            &claims().push("x-pad", q(&"p".repeat(MIB))),
        );
        assert!(big.len() > MIB);
        cases.push(Case::decode(
            format!("{alg}: validly signed 1 MiB token"),
            keys(alg),
            big.clone(),
            too_large(big.len()),
        ));
        cases.push(Case::decode(
            format!("{alg}: validly signed 1 MiB token, 4 MiB cap"),
            roomy(alg),
            big,
            Expect::Accepted,
        ));
        // The boundary: one byte over is refused unparsed, at the cap it is parsed.
        cases.push(Case::decode(
            format!("{alg}: cap + 1 bytes of '!'"),
            keys(alg),
            "!".repeat(DEFAULT_CAP + 1),
            too_large(DEFAULT_CAP + 1),
        ));
        cases.push(Case::decode(
            format!("{alg}: cap bytes of '!'"),
            keys(alg),
            "!".repeat(DEFAULT_CAP),
            Expect::Malformed,
        ));
    }
    run("size", &cases);
}

/// The cap's edges with a token `claims` issued for the canary profile.
#[test]
fn issued_tokens_over_the_cap_are_too_large() {
    let oversized = oversized_token();
    assert!(oversized.len() > DEFAULT_CAP);
    let cases = vec![
        Case::profile(
            "a 9 KB token of ours",
            oversized.clone(),
            Expect::Is(Error::TooLarge {
                len: oversized.len(),
                max: DEFAULT_CAP,
            }),
        ),
        Case::profile(
            "cap bytes of 'a'",
            "a".repeat(DEFAULT_CAP),
            Expect::Malformed,
        ),
        Case::profile(
            "cap + 1 bytes of 'a'",
            "a".repeat(DEFAULT_CAP + 1),
            Expect::Is(Error::TooLarge {
                len: DEFAULT_CAP + 1,
                max: DEFAULT_CAP,
            }),
        ),
    ];
    run("size (issued tokens)", &cases);
}

#[test]
fn an_oversized_token_decodes_under_a_raised_cap() {
    let roomy = builder()
        .max_token_size(64 * 1024)
        .signing_key(hs256_key())
        .pii_key(pii_key_a())
        .build()
        .expect("keys");
    let verified = roomy
        .decode::<Profile>(&oversized_token())
        .expect("decodes");
    assert_eq!(verified.tenant.len(), 9_000);
}
