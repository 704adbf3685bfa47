//! The JWKS client (feature `jwks-client`) against a scripted server on
//! 127.0.0.1: caching by `Cache-Control`, refresh on unknown kids (rate
//! limited, coalesced), key rotation, the stale window then failing closed,
//! slow, failing, malformed and oversized endpoints, and OIDC discovery.
//!
//! Time that matters to the cache comes from an injected clock, moved by
//! hand; real time is spent only where a timeout must fire (300 ms).
//! Each test asserts which fetches the server saw and the exact outcome.

mod jwks_server;

use std::time::Duration;

use claims_core::jwks_client::{JwksClient, JwksClientBuilder};
use claims_core::{Algorithm, Error, JwksError, KeyKind, Keys};
use jwks_server::{
    AUDIENCE, Access, ISSUER, Reply, Server, TestClock, public, set_of, signing_key, token,
};

const JWKS: &str = "/jwks";
const MIN_TTL: Duration = Duration::from_secs(60);
const MAX_TTL: Duration = Duration::from_secs(3600);
const DEFAULT_TTL: Duration = Duration::from_secs(600);
const INTERVAL: Duration = Duration::from_secs(30);
const MAX_STALE: Duration = Duration::from_secs(300);
const SECOND: Duration = Duration::from_secs(1);

/// The bounds every test uses unless it says otherwise.
fn bounds() -> JwksClientBuilder {
    JwksClient::builder()
        .ttl_bounds(MIN_TTL, MAX_TTL)
        .default_ttl(DEFAULT_TTL)
        .refresh_interval(INTERVAL)
        .max_stale(MAX_STALE)
}

fn client(server: &Server, clock: &TestClock) -> JwksClient {
    clock
        .install(bounds())
        .build(&server.url(JWKS))
        .expect("a client")
}

fn jwks_error(result: Result<impl std::fmt::Debug, Error>) -> JwksError {
    match result {
        Err(Error::Jwks(error)) => error,
        other => panic!("expected Error::Jwks, got {other:?}"),
    }
}

// --- Caching ---------------------------------------------------------------

#[tokio::test]
async fn a_fetched_set_verifies_tokens_and_is_cached() {
    let server = Server::start().await;
    let key = signing_key("k1");
    server.serve(JWKS, Reply::body(set_of(&[&key], &[])));
    let clock = TestClock::new();
    let jwks = client(&server, &clock);

    let found = jwks.key_for(Some("k1"), Algorithm::EdDSA).await.unwrap();
    found.verify_compact(&token(&key)).unwrap();
    // A `Keys` built from the set decodes the provider's tokens.
    let set = jwks.key_set().await.unwrap();
    let keys = Keys::builder()
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .verifying_keys(set.keys().to_vec())
        .build()
        .unwrap();
    assert_eq!(keys.decode::<Access>(&token(&key)).unwrap().role, "reader");
    for _ in 0..10 {
        jwks.key_for(Some("k1"), Algorithm::EdDSA).await.unwrap();
    }
    assert_eq!(server.hits(JWKS), 1);
    assert_eq!(set.generation(), 1);
    assert!(set.skipped().is_empty());
}

/// After the first fetch, the set is fresh for `ttl`: no fetch one second
/// before it ends, one fetch when it ends.
async fn assert_ttl(headers: &[(&'static str, &str)], ttl: Duration) {
    let server = Server::start().await;
    let mut reply = Reply::body(set_of(&[&signing_key("k1")], &[]));
    for (name, value) in headers {
        reply = reply.header(name, *value);
    }
    server.serve(JWKS, reply);
    let clock = TestClock::new();
    let jwks = client(&server, &clock);
    jwks.key_set().await.unwrap();
    clock.advance(ttl.saturating_sub(SECOND));
    jwks.key_set().await.unwrap();
    assert_eq!(
        server.hits(JWKS),
        1,
        "{headers:?}: refetched before {ttl:?}"
    );
    clock.advance(SECOND);
    assert_eq!(jwks.key_set().await.unwrap().generation(), 2);
    assert_eq!(
        server.hits(JWKS),
        2,
        "{headers:?}: not refetched at {ttl:?}"
    );
}

#[tokio::test]
async fn max_age_sets_the_lifetime_within_the_bounds() {
    assert_ttl(
        &[("cache-control", "public, max-age=120")],
        Duration::from_secs(120),
    )
    .await;
    assert_ttl(
        &[("cache-control", "max-age=900"), ("age", "300")],
        Duration::from_secs(600),
    )
    .await;
    // A year is clamped to the maximum, zero and tiny values to the minimum.
    assert_ttl(&[("cache-control", "max-age=31536000")], MAX_TTL).await;
    assert_ttl(&[("cache-control", "max-age=0")], MIN_TTL).await;
    assert_ttl(&[("cache-control", "max-age=5")], MIN_TTL).await;
}

#[tokio::test]
async fn no_cache_and_no_store_mean_the_minimum_never_every_request() {
    assert_ttl(&[("cache-control", "no-store")], MIN_TTL).await;
    assert_ttl(&[("cache-control", "no-cache, max-age=900")], MIN_TTL).await;
    assert_ttl(&[("cache-control", "max-age=soon")], MIN_TTL).await;
}

#[tokio::test]
async fn without_max_age_the_default_lifetime_applies() {
    assert_ttl(&[], DEFAULT_TTL).await;
    assert_ttl(&[("cache-control", "public, must-revalidate")], DEFAULT_TTL).await;
}

// --- Rotation --------------------------------------------------------------

#[tokio::test]
async fn a_new_kid_is_found_by_one_refresh() {
    let server = Server::start().await;
    let (old, new) = (signing_key("2026-10"), signing_key("2026-11"));
    server.serve(JWKS, Reply::body(set_of(&[&old], &[])));
    let clock = TestClock::new();
    let jwks = client(&server, &clock);
    jwks.key_for(Some("2026-10"), Algorithm::EdDSA)
        .await
        .unwrap();

    // The provider publishes a new key and signs with it.
    server.serve(JWKS, Reply::body(set_of(&[&new, &old], &[])));
    clock.advance(INTERVAL);
    let found = jwks
        .key_for(Some("2026-11"), Algorithm::EdDSA)
        .await
        .unwrap();
    found.verify_compact(&token(&new)).unwrap();
    assert_eq!(server.hits(JWKS), 2);
    // The old key still verifies, from the same set.
    jwks.key_for(Some("2026-10"), Algorithm::EdDSA)
        .await
        .unwrap();
    assert_eq!(server.hits(JWKS), 2);
}

#[tokio::test]
async fn a_new_kid_right_after_a_fetch_waits_for_the_interval() {
    let server = Server::start().await;
    let (old, new) = (signing_key("2026-10"), signing_key("2026-11"));
    server.serve(JWKS, Reply::body(set_of(&[&old], &[])));
    let clock = TestClock::new();
    let jwks = client(&server, &clock);
    jwks.key_set().await.unwrap();
    server.serve(JWKS, Reply::body(set_of(&[&new, &old], &[])));

    clock.advance(INTERVAL.saturating_sub(SECOND));
    assert_eq!(
        jwks.key_for(Some("2026-11"), Algorithm::EdDSA).await.err(),
        Some(Error::UnknownKey(KeyKind::Signing))
    );
    assert_eq!(server.hits(JWKS), 1);
    clock.advance(SECOND);
    jwks.key_for(Some("2026-11"), Algorithm::EdDSA)
        .await
        .unwrap();
    assert_eq!(server.hits(JWKS), 2);
}

#[tokio::test]
async fn a_retired_key_stops_verifying_once_the_set_is_fetched_again() {
    let server = Server::start().await;
    let (old, new) = (signing_key("2026-10"), signing_key("2026-11"));
    server.serve(
        JWKS,
        Reply::body(set_of(&[&new, &old], &[])).header("cache-control", "max-age=300"),
    );
    let clock = TestClock::new();
    let jwks = client(&server, &clock);
    jwks.key_for(Some("2026-10"), Algorithm::EdDSA)
        .await
        .unwrap();

    // The provider retires the old key; until the set expires it verifies.
    server.serve(JWKS, Reply::body(set_of(&[&new], &[])));
    clock.advance(Duration::from_secs(299));
    jwks.key_for(Some("2026-10"), Algorithm::EdDSA)
        .await
        .unwrap();
    assert_eq!(server.hits(JWKS), 1);
    clock.advance(SECOND);
    assert_eq!(
        jwks.key_for(Some("2026-10"), Algorithm::EdDSA).await.err(),
        Some(Error::UnknownKey(KeyKind::Signing))
    );
    // One fetch on expiry; the miss right after it is rate limited.
    assert_eq!(server.hits(JWKS), 2);
    jwks.key_for(Some("2026-11"), Algorithm::EdDSA)
        .await
        .unwrap();
    assert_eq!(server.hits(JWKS), 2);
}

#[tokio::test]
async fn made_up_kids_cost_one_fetch_per_interval() {
    let server = Server::start().await;
    server.serve(JWKS, Reply::body(set_of(&[&signing_key("k1")], &[])));
    let clock = TestClock::new();
    let jwks = client(&server, &clock);
    jwks.key_set().await.unwrap();

    for round in 1..=3 {
        clock.advance(INTERVAL);
        for i in 0..50 {
            let kid = format!("junk-{round}-{i}");
            assert_eq!(
                jwks.key_for(Some(&kid), Algorithm::EdDSA).await.err(),
                Some(Error::UnknownKey(KeyKind::Signing))
            );
        }
        assert_eq!(server.hits(JWKS), 1 + round);
    }
    // A kid no set can hold (too long, a space, a quote, not visible
    // ASCII) and a token without a kid never cause a fetch.
    clock.advance(INTERVAL);
    for kid in ["k".repeat(129).as_str(), "k 1", "k1\"", "k\u{e9}", ""] {
        assert_eq!(
            jwks.key_for(Some(kid), Algorithm::EdDSA).await.err(),
            Some(Error::UnknownKey(KeyKind::Signing))
        );
    }
    assert_eq!(server.hits(JWKS), 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_lookups_for_a_new_kid_share_one_fetch() {
    let server = Server::start().await;
    let (old, new) = (signing_key("old"), signing_key("new"));
    server.serve(JWKS, Reply::body(set_of(&[&old], &[])));
    // No rate limit: only coalescing keeps this to one fetch.
    let jwks = bounds()
        .refresh_interval(Duration::ZERO)
        .build(&server.url(JWKS))
        .unwrap();
    jwks.key_set().await.unwrap();

    // The slow answer keeps the fetch in flight while every lookup arrives.
    server.serve(
        JWKS,
        Reply::body(set_of(&[&new, &old], &[])).after(Duration::from_millis(500)),
    );
    let lookups: Vec<_> = (0..64)
        .map(|_| {
            let jwks = jwks.clone();
            tokio::spawn(async move { jwks.key_for(Some("new"), Algorithm::EdDSA).await })
        })
        .collect();
    for lookup in lookups {
        lookup.await.unwrap().unwrap();
    }
    assert_eq!(server.hits(JWKS), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_first_lookups_share_one_fetch_and_its_failure() {
    let server = Server::start().await;
    server.serve(JWKS, Reply::status(503).after(Duration::from_millis(500)));
    let jwks = bounds()
        .refresh_interval(Duration::ZERO)
        .build(&server.url(JWKS))
        .unwrap();
    let lookups: Vec<_> = (0..64)
        .map(|_| {
            let jwks = jwks.clone();
            tokio::spawn(async move { jwks.key_set().await })
        })
        .collect();
    for lookup in lookups {
        assert_eq!(jwks_error(lookup.await.unwrap()), JwksError::Status(503));
    }
    assert_eq!(server.hits(JWKS), 1);
}

// --- Outages: stale window, then fail closed --------------------------------

#[tokio::test]
async fn the_last_good_set_is_served_within_its_stale_window_then_lookups_fail_closed() {
    let server = Server::start().await;
    let key = signing_key("k1");
    server.serve(
        JWKS,
        Reply::body(set_of(&[&key], &[])).header("cache-control", "max-age=600"),
    );
    let clock = TestClock::new();
    let jwks = client(&server, &clock);
    jwks.key_for(Some("k1"), Algorithm::EdDSA).await.unwrap();

    server.serve(JWKS, Reply::status(500));
    clock.advance(Duration::from_secs(600));
    // Expired: one failed fetch, then the stale set.
    jwks.key_for(Some("k1"), Algorithm::EdDSA).await.unwrap();
    assert_eq!(server.hits(JWKS), 2);
    // Within the interval after a failure: no new try.
    jwks.key_for(Some("k1"), Algorithm::EdDSA).await.unwrap();
    assert_eq!(server.hits(JWKS), 2);
    clock.advance(INTERVAL);
    jwks.key_for(Some("k1"), Algorithm::EdDSA).await.unwrap();
    assert_eq!(server.hits(JWKS), 3);

    // Past the stale window: the last failure, and no key.
    clock.advance(MAX_STALE.saturating_sub(INTERVAL));
    assert_eq!(
        jwks_error(jwks.key_for(Some("k1"), Algorithm::EdDSA).await),
        JwksError::Status(500)
    );
    assert_eq!(server.hits(JWKS), 4);
    assert_eq!(jwks_error(jwks.key_set().await), JwksError::Status(500));
    assert_eq!(server.hits(JWKS), 4);

    // The endpoint recovers: the next try (one interval on) succeeds.
    server.serve(JWKS, Reply::body(set_of(&[&key], &[])));
    clock.advance(INTERVAL);
    assert_eq!(jwks.key_set().await.unwrap().generation(), 5);
    assert_eq!(server.hits(JWKS), 5);
}

#[tokio::test]
async fn a_malformed_or_empty_set_never_replaces_a_good_one() {
    let server = Server::start().await;
    let key = signing_key("k1");
    server.serve(JWKS, Reply::body(set_of(&[&key], &[])));
    let clock = TestClock::new();
    let jwks = client(&server, &clock);
    jwks.key_set().await.unwrap();
    clock.advance(DEFAULT_TTL);
    for (body, error) in [
        ("<html>oops</html>", JwksError::Malformed),
        (r#"{"keys":[]}"#, JwksError::NoUsableKey),
    ] {
        server.serve(JWKS, Reply::body(body));
        clock.advance(INTERVAL);
        let set = jwks.key_set().await.unwrap();
        assert_eq!((set.generation(), set.keys().len()), (1, 1), "{error:?}");
    }
    assert_eq!(server.hits(JWKS), 3);
}

#[tokio::test]
async fn a_slow_endpoint_times_out() {
    let server = Server::start().await;
    let jwks = |path: &str| {
        bounds()
            .timeout(Duration::from_millis(300))
            .build(&server.url(path))
            .unwrap()
    };
    server.serve("/hang", Reply::hang());
    assert_eq!(
        jwks_error(jwks("/hang").key_set().await),
        JwksError::Timeout
    );
    // Headers at once, then a body slower than the timeout allows.
    server.serve("/dribble", Reply::dribble());
    assert_eq!(
        jwks_error(jwks("/dribble").key_set().await),
        JwksError::Timeout
    );
    assert_eq!((server.hits("/hang"), server.hits("/dribble")), (1, 1));
}

#[tokio::test]
async fn a_timeout_with_a_held_set_serves_the_held_set() {
    let server = Server::start().await;
    server.serve(JWKS, Reply::body(set_of(&[&signing_key("k1")], &[])));
    let clock = TestClock::new();
    let jwks = clock
        .install(bounds().timeout(Duration::from_millis(300)))
        .build(&server.url(JWKS))
        .unwrap();
    jwks.key_set().await.unwrap();
    server.serve(JWKS, Reply::hang());
    clock.advance(DEFAULT_TTL);
    assert_eq!(jwks.key_set().await.unwrap().generation(), 1);
    assert_eq!(server.hits(JWKS), 2);
}

#[tokio::test]
async fn a_refused_connection_is_a_network_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/jwks", listener.local_addr().unwrap());
    drop(listener);
    let jwks = bounds().build(&url).unwrap();
    assert_eq!(jwks_error(jwks.key_set().await), JwksError::Network);
}

#[tokio::test]
async fn statuses_other_than_200_and_redirects_are_failures() {
    let server = Server::start().await;
    server.serve(
        "/elsewhere",
        Reply::body(set_of(&[&signing_key("k1")], &[])),
    );
    for (reply, status) in [
        (Reply::status(404), 404),
        (Reply::status(204), 204),
        (Reply::status(500), 500),
        (
            Reply::status(302).header("location", server.url("/elsewhere")),
            302,
        ),
        (
            Reply::status(308).header("location", server.url("/elsewhere")),
            308,
        ),
    ] {
        let path = format!("/status-{status}");
        server.serve(&path, reply);
        let jwks = bounds().build(&server.url(&path)).unwrap();
        assert_eq!(jwks_error(jwks.key_set().await), JwksError::Status(status));
    }
    assert_eq!(server.hits("/elsewhere"), 0, "a redirect was followed");
}

// --- Hostile bodies --------------------------------------------------------

#[tokio::test]
async fn oversized_responses_are_refused() {
    let server = Server::start().await;
    // Declared over the cap: refused from `Content-Length`.
    server.serve("/big", Reply::body(" ".repeat(64 * 1024 + 1)));
    // No length, never ends: refused once the cap is passed (64 MiB would
    // otherwise take far longer than the 5-second timeout on a slow CI).
    server.serve("/endless", Reply::endless());
    for path in ["/big", "/endless"] {
        let jwks = JwksClient::builder().build(&server.url(path)).unwrap();
        assert_eq!(
            jwks_error(jwks.key_set().await),
            JwksError::TooLarge,
            "{path}"
        );
    }
}

#[tokio::test]
async fn the_size_cap_is_exact() {
    let server = Server::start().await;
    let set = set_of(&[&signing_key("k1")], &[]);
    let cap = set.len() + 10;
    server.serve("/at-cap", Reply::body(format!("{set}{}", " ".repeat(10))));
    server.serve("/over-cap", Reply::body(format!("{set}{}", " ".repeat(11))));
    let jwks = |path: &str| {
        bounds()
            .max_response_size(cap)
            .build(&server.url(path))
            .unwrap()
    };
    jwks("/at-cap").key_set().await.unwrap();
    assert_eq!(
        jwks_error(jwks("/over-cap").key_set().await),
        JwksError::TooLarge
    );
}

#[tokio::test]
async fn malformed_sets_are_refused() {
    let server = Server::start().await;
    let key = signing_key("k1");
    let cases = [
        ("not json", JwksError::Malformed),
        (r#"{"keys":"k1"}"#, JwksError::Malformed),
        (r#"{"keys":[{"kty":"OKP"}],"#, JwksError::Malformed),
        (r#"[{"kty":"OKP"}]"#, JwksError::Malformed),
        ("{}", JwksError::Malformed),
        (r#"{"keys":[]}"#, JwksError::NoUsableKey),
        (
            r#"{"keys":[{"kty":"oct","kid":"h","alg":"HS256","k":"c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI"}]}"#,
            JwksError::NoUsableKey,
        ),
    ];
    for (i, (body, error)) in cases.into_iter().enumerate() {
        let path = format!("/case-{i}");
        server.serve(&path, Reply::body(body));
        let jwks = bounds().build(&server.url(&path)).unwrap();
        assert_eq!(jwks_error(jwks.key_set().await), error, "{body}");
    }
    // The key count is bounded, unusable entries included.
    let filler = r#"{"kty":"EC","use":"enc"}"#;
    let at_max = set_of(&[&key], &[filler; 3]);
    let over_max = set_of(&[&key], &[filler; 4]);
    server.serve("/at-max", Reply::body(at_max));
    server.serve("/over-max", Reply::body(over_max));
    let jwks = |path: &str| bounds().max_keys(4).build(&server.url(path)).unwrap();
    assert_eq!(jwks("/at-max").key_set().await.unwrap().skipped().len(), 3);
    assert_eq!(
        jwks_error(jwks("/over-max").key_set().await),
        JwksError::TooManyKeys
    );
}

#[tokio::test]
async fn one_unusable_key_never_disables_the_others() {
    let server = Server::start().await;
    let (good, twin) = (signing_key("good"), signing_key("good"));
    let unusable = [
        // Another use, an unknown key type, an unknown algorithm.
        r#"{"kty":"RSA","kid":"enc-1","use":"enc","n":"AQAB","e":"AQAB"}"#,
        r#"{"kty":"PQC","kid":"future-1","x":"AAAA"}"#,
        r#"{"kty":"EC","crv":"P-256","kid":"other-alg","alg":"ES999","x":"AA","y":"AA"}"#,
        // A supported type, malformed: a point that is not on the curve.
        r#"{"kty":"EC","crv":"P-256","kid":"broken","x":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","y":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}"#,
        // A shared secret is never a public key.
        r#"{"kty":"oct","kid":"hmac","alg":"HS256","k":"c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI"}"#,
        // Not even an object.
        "42",
    ];
    // A second key under a kid already taken is skipped too.
    let mut raw = unusable.to_vec();
    let twin_jwk = public(&twin).to_jwk().to_string();
    raw.push(&twin_jwk);
    server.serve(JWKS, Reply::body(set_of(&[&good], &raw)));
    let jwks = bounds().build(&server.url(JWKS)).unwrap();
    let set = jwks.key_set().await.unwrap();
    assert_eq!(set.keys().len(), 1);
    // Each skipped entry says where it was, its kid and why: no key material.
    let skipped: Vec<(usize, Option<&str>)> = set
        .skipped()
        .iter()
        .map(|s| (s.index, s.kid.as_deref()))
        .collect();
    assert_eq!(
        skipped,
        [
            (1, Some("enc-1")),
            (2, Some("future-1")),
            (3, Some("other-alg")),
            (4, Some("broken")),
            (5, Some("hmac")),
            (6, None),
            (7, Some("good")),
        ]
    );
    let reasons: Vec<&str> = set.skipped().iter().map(|s| s.reason).collect();
    assert_eq!(
        reasons,
        [
            "a JWK marked for another use (use, key_ops)",
            "unsupported JWK key type",
            "a JWK names an unsupported alg",
            "not a valid public JWK",
            "an HMAC secret is not a public key: use a SigningKey",
            "not a JWK",
            "a kid an earlier key of the set took",
        ]
    );
    assert_eq!(
        set.skipped()[0].to_string(),
        "JWK #1 (kid enc-1) skipped: a JWK marked for another use (use, key_ops)"
    );
    let found = jwks.key_for(Some("good"), Algorithm::EdDSA).await.unwrap();
    found.verify_compact(&token(&good)).unwrap();
    assert_eq!(
        found.verify_compact(&token(&twin)).err(),
        Some(Error::Signature)
    );
}

// --- Lookups ---------------------------------------------------------------

#[tokio::test]
async fn the_key_decides_the_algorithm_and_a_kidless_token_needs_a_single_key_set() {
    let server = Server::start().await;
    server.serve("/one", Reply::body(set_of(&[&signing_key("k1")], &[])));
    server.serve(
        "/two",
        Reply::body(set_of(&[&signing_key("k1"), &signing_key("k2")], &[])),
    );
    let one = bounds().build(&server.url("/one")).unwrap();
    assert_eq!(
        one.key_for(Some("k1"), Algorithm::ES256).await.err(),
        Some(Error::Algorithm)
    );
    assert_eq!(
        one.key_for(None, Algorithm::EdDSA).await.unwrap().kid(),
        "k1"
    );
    assert_eq!(
        one.key_for(None, Algorithm::RS256).await.err(),
        Some(Error::Algorithm)
    );
    let two = bounds().build(&server.url("/two")).unwrap();
    assert_eq!(
        two.key_for(None, Algorithm::EdDSA).await.err(),
        Some(Error::MissingKeyId)
    );
    // Neither case fetched again.
    assert_eq!((server.hits("/one"), server.hits("/two")), (1, 1));
}

#[tokio::test]
async fn refresh_after_miss_returns_a_newer_set_without_fetching_again() {
    let server = Server::start().await;
    server.serve(JWKS, Reply::body(set_of(&[&signing_key("k1")], &[])));
    let clock = TestClock::new();
    let jwks = client(&server, &clock);
    let first = jwks.key_set().await.unwrap();
    clock.advance(INTERVAL);
    let second = jwks.refresh_after_miss(&first).await.unwrap();
    assert_eq!((second.generation(), server.hits(JWKS)), (2, 2));
    // A caller still holding the first set gets the second, no fetch.
    clock.advance(INTERVAL);
    let again = jwks.refresh_after_miss(&first).await.unwrap();
    assert_eq!((again.generation(), server.hits(JWKS)), (2, 2));
}

// --- Discovery -------------------------------------------------------------

const DISCOVERY: &str = "/.well-known/openid-configuration";

fn metadata(issuer: &str, jwks_uri: &str) -> String {
    serde_json::json!({
        "issuer": issuer,
        "jwks_uri": jwks_uri,
        "id_token_signing_alg_values_supported": ["EdDSA"],
    })
    .to_string()
}

#[tokio::test]
async fn discovery_finds_the_jwks_uri_of_the_issuer() {
    let server = Server::start().await;
    let key = signing_key("k1");
    server.serve("/keys", Reply::body(set_of(&[&key], &[])));
    server.serve(
        DISCOVERY,
        Reply::body(metadata(&server.base, &server.url("/keys"))),
    );
    let jwks = bounds().discover(&server.base).await.unwrap();
    jwks.key_for(Some("k1"), Algorithm::EdDSA)
        .await
        .unwrap()
        .verify_compact(&token(&key))
        .unwrap();
    assert_eq!((server.hits(DISCOVERY), server.hits("/keys")), (1, 1));

    // An issuer with a path and a trailing slash (Auth0's shape): the slash
    // is dropped to build the URL, kept to compare.
    let issuer = server.url("/tenant/");
    server.serve(
        &format!("/tenant{DISCOVERY}"),
        Reply::body(metadata(&issuer, &server.url("/keys"))),
    );
    bounds()
        .discover(&issuer)
        .await
        .unwrap()
        .key_set()
        .await
        .unwrap();
    assert_eq!(server.hits(&format!("/tenant{DISCOVERY}")), 1);
}

#[tokio::test]
async fn discovery_refuses_another_issuers_metadata() {
    let server = Server::start().await;
    let keys = server.url("/keys");
    let cases = [
        (
            metadata("https://evil.example", &keys),
            Error::Jwks(JwksError::IssuerMismatch),
        ),
        (
            metadata(&format!("{}/", server.base), &keys),
            Error::Jwks(JwksError::IssuerMismatch),
        ),
        (
            serde_json::json!({ "issuer": server.base }).to_string(),
            Error::Jwks(JwksError::Malformed),
        ),
        (
            metadata(&server.base, "http://idp.example/keys"),
            Error::Config("a JWKS or issuer URL must be https (http only to a loopback address)"),
        ),
    ];
    for (document, error) in cases {
        server.serve(DISCOVERY, Reply::body(document.clone()));
        assert_eq!(
            bounds().discover(&server.base).await.err(),
            Some(error),
            "{document}"
        );
    }
    server.serve(DISCOVERY, Reply::status(404));
    assert_eq!(
        bounds().discover(&server.base).await.err(),
        Some(Error::Jwks(JwksError::Status(404)))
    );
    assert_eq!(server.hits("/keys"), 0);
}

// --- Configuration and redaction -------------------------------------------

#[test]
fn urls_must_be_https_or_loopback_http() {
    let refused = Some(Error::Config(
        "a JWKS or issuer URL must be https (http only to a loopback address)",
    ));
    for url in [
        "http://idp.example/jwks",
        "http://localhost/jwks",
        "http://10.0.0.1/jwks",
        "ftp://idp.example/jwks",
        "file:///etc/jwks.json",
    ] {
        assert_eq!(JwksClient::builder().build(url).err(), refused, "{url}");
    }
    assert_eq!(
        JwksClient::builder().build("not a url").err(),
        Some(Error::Config("not a valid URL"))
    );
    for url in [
        "https://idp.example/jwks",
        "http://127.0.0.1:8080/jwks",
        "http://127.1.2.3/jwks",
        "http://[::1]:8080/jwks",
    ] {
        JwksClient::builder().build(url).unwrap();
    }
}

#[test]
fn inconsistent_bounds_are_refused() {
    let url = "https://idp.example/jwks";
    let m = Duration::from_secs(60);
    for builder in [
        JwksClient::builder().ttl_bounds(Duration::ZERO, m),
        JwksClient::builder().ttl_bounds(m * 2, m),
        JwksClient::builder().default_ttl(Duration::from_secs(7 * 24 * 3600)),
        JwksClient::builder().timeout(Duration::ZERO),
        JwksClient::builder().max_response_size(0),
        JwksClient::builder().max_keys(0),
        JwksClient::builder().root_certificate_pem(b"not a certificate"),
    ] {
        assert!(matches!(builder.build(url), Err(Error::Config(_))));
    }
}

#[tokio::test]
async fn debug_and_errors_show_no_key_material_and_no_url_secrets() {
    let server = Server::start().await;
    let key = signing_key("k1");
    let jwk = public(&key).to_jwk();
    let x = jwk["x"].as_str().unwrap().to_owned();
    server.serve(JWKS, Reply::body(set_of(&[&key], &[])));
    let port = server.base.rsplit(':').next().unwrap();
    let url = format!("http://user:hunter2@127.0.0.1:{port}{JWKS}?api_key=s3cr3t#frag");
    let jwks = bounds().build(&url).unwrap();
    let set = jwks.key_set().await.unwrap();
    let shown = format!("{jwks:?} {set:?} {:?}", bounds());
    assert!(shown.contains("k1") && shown.contains(JWKS), "{shown}");
    for secret in [x.as_str(), "hunter2", "user", "s3cr3t", "frag"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    server.serve(JWKS, Reply::status(500));
    let failing = bounds().build(&url).unwrap();
    let error = failing.key_set().await.unwrap_err().to_string();
    assert_eq!(
        error,
        "cannot get the JWK Set: the endpoint answered HTTP 500"
    );
}

// --- HTTPS -----------------------------------------------------------------

#[tokio::test]
async fn https_verifies_the_server_certificate() {
    let key = signing_key("k1");
    let (url, certificate, hits) = jwks_server::https_server(set_of(&[&key], &[])).await;
    // A certificate no trusted root vouches for: the handshake fails.
    let untrusting = bounds().build(&url).unwrap();
    assert_eq!(jwks_error(untrusting.key_set().await), JwksError::Network);
    // Trusting the endpoint's CA: the set arrives over TLS.
    let trusting = bounds()
        .root_certificate_pem(certificate.as_bytes())
        .build(&url)
        .unwrap();
    let found = trusting
        .key_for(Some("k1"), Algorithm::EdDSA)
        .await
        .unwrap();
    found.verify_compact(&token(&key)).unwrap();
    assert_eq!(*hits.lock().unwrap(), 1);
}
