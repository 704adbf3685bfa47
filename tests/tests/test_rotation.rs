//! A full rotation of the signing key and the PII key across a fleet, walking
//! README's "Key rotation" procedure: tokens issued before, during and after
//! it, decoded by instances at every phase (a rolling deploy means two phases
//! are live at once).

use claims_core::{
    Algorithm, Claims, Error, Hashed, KeyKind, Keys, Pii, PiiKey, SigningKey, VerifyingKey,
};
use rand::RngCore as _;

#[derive(Claims)]
struct Session {
    #[claim(hashed)]
    sub: Hashed<String>,
    #[claim(encrypted)]
    email: Pii<String>,
    #[claim(public)]
    role: String,
}

fn session() -> Session {
    Session {
        sub: Hashed::new("u-42".into()),
        email: Pii::new("rotation@example.invalid".into()),
        role: "admin".into(),
    }
}

fn seed() -> [u8; 32] {
    let mut seed = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut seed);
    seed
}

/// The fleet's keys: old and new signing (Ed25519) and PII keys.
struct Material {
    old_sig: [u8; 32],
    new_sig: [u8; 32],
    old_pii: [u8; 32],
    new_pii: [u8; 32],
}

impl Material {
    fn signing(&self, kid: &str) -> SigningKey {
        let seed = if kid == "sig-old" {
            &self.old_sig
        } else {
            &self.new_sig
        };
        SigningKey::ed25519(kid, seed).expect("signing key")
    }

    fn verifying(&self, kid: &str) -> VerifyingKey {
        self.signing(kid).verifying_key().expect("public half")
    }

    fn pii(&self, kid: &str) -> PiiKey {
        let master = if kid == "pii-old" {
            &self.old_pii
        } else {
            &self.new_pii
        };
        PiiKey::new(kid, master).expect("PII key")
    }

    /// The keys an instance holds at each phase of the procedure.
    fn phase(&self, phase: Phase) -> Keys {
        let builder = Keys::builder()
            .issuer("https://auth.example.test")
            .audience("orders-api");
        match phase {
            Phase::Before => builder
                .signing_key(self.signing("sig-old"))
                .pii_key(self.pii("pii-old")),
            // 1. Publish: the new keys are trusted everywhere, nothing uses them yet.
            Phase::Publish => builder
                .signing_key(self.signing("sig-old"))
                .verifying_key(self.verifying("sig-new"))
                .pii_key(self.pii("pii-old"))
                .pii_key(self.pii("pii-new")),
            // 2. Switch: the new keys sign and encrypt; the old ones only decode.
            Phase::Switch => builder
                .signing_key(self.signing("sig-new"))
                .verifying_key(self.verifying("sig-old"))
                .pii_key(self.pii("pii-new"))
                .pii_key(self.pii("pii-old")),
            // 3. Retire: once every old token has expired.
            Phase::Retire => builder
                .signing_key(self.signing("sig-new"))
                .pii_key(self.pii("pii-new")),
        }
        .build()
        .expect("keys")
    }
}

#[derive(Clone, Copy, Debug)]
enum Phase {
    Before,
    Publish,
    Switch,
    Retire,
}

fn material() -> Material {
    Material {
        old_sig: seed(),
        new_sig: seed(),
        old_pii: seed(),
        new_pii: seed(),
    }
}

fn decodes(keys: &Keys, token: &str) -> Result<String, Error> {
    keys.decode::<Session>(token)
        .map(|v| v.email.expose().clone())
}

#[test]
fn every_phase_decodes_what_the_live_phases_issue() {
    let m = material();
    let phases = [Phase::Before, Phase::Publish, Phase::Switch, Phase::Retire];
    let keys: Vec<Keys> = phases.iter().map(|&p| m.phase(p)).collect();
    let tokens: Vec<String> = keys
        .iter()
        .map(|k| k.encode(&session()).expect("encodes"))
        .collect();

    // Old keys issue until the switch and are trusted until retirement; new
    // keys are trusted from publication and issue from the switch. Adjacent
    // phases overlap during a rolling deploy, and always understand each other.
    for (i, token) in tokens.iter().enumerate() {
        for (j, decoder) in keys.iter().enumerate() {
            let result = decodes(decoder, token);
            let issued_with_new_keys = i >= 2;
            let expected_ok = if issued_with_new_keys { j >= 1 } else { j <= 2 };
            assert!(
                i.abs_diff(j) > 1 || expected_ok,
                "adjacent phases must overlap"
            );
            if expected_ok {
                assert_eq!(
                    result.as_deref(),
                    Ok("rotation@example.invalid"),
                    "issued at {:?}, decoded at {:?}",
                    phases[i],
                    phases[j]
                );
            } else {
                assert_eq!(
                    result,
                    Err(Error::UnknownKey(KeyKind::Signing)),
                    "issued at {:?}, decoded at {:?}",
                    phases[i],
                    phases[j]
                );
            }
        }
    }
}

#[test]
fn retired_keys_fail_with_unknown_key() {
    let m = material();
    let before = m.phase(Phase::Before).encode(&session()).expect("encodes");
    let retired = m.phase(Phase::Retire);
    assert_eq!(
        decodes(&retired, &before),
        Err(Error::UnknownKey(KeyKind::Signing))
    );

    // A token signed with the new key but carrying an old-key PII value (an
    // instance in the switch phase re-issuing a decoded value is refused at
    // encode; here one is forged by an instance still on the old PII key that
    // already signs with the new key) fails on the PII kid once it is retired.
    let mixed = Keys::builder()
        .issuer("https://auth.example.test")
        .audience("orders-api")
        .signing_key(m.signing("sig-new"))
        .pii_key(m.pii("pii-old"))
        .build()
        .expect("keys")
        .encode(&session())
        .expect("encodes");
    assert_eq!(
        decodes(&retired, &mixed),
        Err(Error::UnknownKey(KeyKind::Pii))
    );
}

#[test]
fn new_tokens_use_the_new_kids_after_the_switch() {
    let m = material();
    for (phase, sig, pii) in [
        (Phase::Publish, "sig-old", "pii-old"),
        (Phase::Switch, "sig-new", "pii-new"),
        (Phase::Retire, "sig-new", "pii-new"),
    ] {
        let token = m.phase(phase).encode(&session()).expect("encodes");
        let verified = m
            .phase(Phase::Switch)
            .decode::<Session>(&token)
            .expect("decodes");
        assert_eq!(
            verified.sub.pseudonym().expect("decoded").kid(),
            pii,
            "{phase:?}"
        );
        let header = token.split('.').next().expect("header");
        let header =
            base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, header)
                .expect("base64url");
        let header: serde_json::Value = serde_json::from_slice(&header).expect("json");
        assert_eq!(header["kid"], sig, "{phase:?}");
        assert_eq!(header["alg"], Algorithm::EdDSA.as_str());
    }
}

#[test]
fn pseudonyms_change_with_the_pii_key_and_matches_follows_the_token() {
    let m = material();
    let old = m.phase(Phase::Publish);
    let new = m.phase(Phase::Switch);
    let before = old.encode(&session()).expect("encodes");
    let after = new.encode(&session()).expect("encodes");
    let before = new.decode::<Session>(&before).expect("decodes");
    let after = new.decode::<Session>(&after).expect("decodes");

    // Same user, two pseudonyms: stored pseudonyms must be re-keyed (README).
    assert_ne!(before.sub.pseudonym(), after.sub.pseudonym());
    assert_eq!(
        after.sub.pseudonym(),
        Some(&new.pseudonym("sub", "u-42").expect("pseudonym"))
    );
    // `matches` uses the kid in the value, so both still identify the user.
    let user = "u-42".to_string();
    assert!(before.sub.matches(&new, &user).expect("old kid loaded"));
    assert!(after.sub.matches(&new, &user).expect("new kid loaded"));
    assert!(
        !after
            .sub
            .matches(&new, &"u-43".to_string())
            .expect("loaded")
    );
}

/// What a verify-only service without the PII key reads.
#[derive(Claims)]
struct Public {
    #[claim(public)]
    role: String,
}

#[test]
fn a_published_jwks_lets_verifiers_follow_the_rotation() {
    let m = material();
    // The issuer publishes during "publish"; a verify-only service builds its
    // keys from that JWK Set alone and then accepts tokens of both signing keys.
    let jwks = m.phase(Phase::Publish).jwks();
    let verifier = Keys::builder()
        .issuer("https://auth.example.test")
        .audience("orders-api")
        .verifying_keys(VerifyingKey::from_jwks(jwks.as_bytes()).expect("JWK Set"))
        .build()
        .expect("verify-only keys");
    for phase in [Phase::Before, Phase::Switch] {
        let token = m.phase(phase).encode(&session()).expect("encodes");
        assert_eq!(
            verifier.decode::<Public>(&token).expect("decodes").role,
            "admin"
        );
    }
    assert!(matches!(
        verifier.encode(&Public { role: "x".into() }),
        Err(Error::Config(_))
    ));
}
