//! A PII key's JSON form, `{"kid":"pii-1","master":"<b64u of 32 bytes>"}`
//! (what `claims keygen --alg pii` writes, FORMAT.md §2), and the places it
//! is read from: a string, a file, an environment variable.
//!
//! Whatever holds the master secret on the way is zeroized: the file's bytes,
//! the variable's copy, the decoded master. The master is read in place
//! (base64url needs no JSON escape, so it is never copied by the parser).

use std::io::Read as _;
use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use serde::Deserialize;
use zeroize::Zeroizing;

use super::pii_key::PiiKey;
use crate::error::Error;

/// Longest PII key file read: a key is under 100 bytes, and nothing larger
/// is ever allocated for one.
const MAX_FILE_LEN: usize = 4096;

/// The members read; others are ignored (room for later ones).
#[derive(Deserialize)]
struct Json<'a> {
    kid: &'a str,
    master: &'a str,
}

impl PiiKey {
    /// A PII key from its JSON form: `{"kid":"pii-1","master":"…"}`, the
    /// master secret as base64url without padding (43 characters for 32
    /// bytes), as `claims keygen --alg pii` writes it. Other members are
    /// ignored. The decoded master is zeroized once the key is built.
    pub fn from_json(json: &str) -> Result<Self, Error> {
        let Json { kid, master } = serde_json::from_str(json).map_err(|_| {
            Error::Key(r#"a PII key is a JSON object {"kid": "…", "master": "<base64url>"}"#)
        })?;
        // 48 bytes: room for the decoder's estimate of any 64-character input.
        let mut bytes = Zeroizing::new([0u8; 48]);
        let bad_master = Error::Key("a PII key's master is base64url (no padding) of 32 bytes");
        if master.len() != 43 {
            return Err(bad_master);
        }
        let len = B64
            .decode_slice(master, bytes.as_mut())
            .map_err(|_| bad_master.clone())?;
        if len != 32 {
            return Err(bad_master);
        }
        Self::new(kid, &bytes[..32])
    }

    /// A PII key from a file holding its JSON form ([`PiiKey::from_json`]).
    /// The file is read into one buffer of at most 4 KiB, zeroized after.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self, Error> {
        let file = std::fs::File::open(path).map_err(|err| {
            Error::Key(match err.kind() {
                std::io::ErrorKind::NotFound => "the PII key file does not exist",
                std::io::ErrorKind::PermissionDenied => {
                    "the PII key file cannot be read: permission denied"
                }
                _ => "the PII key file cannot be opened",
            })
        })?;
        // Sized once, so reading never reallocates and leaves no copy behind.
        let mut text = Zeroizing::new(Vec::with_capacity(MAX_FILE_LEN + 1));
        file.take(MAX_FILE_LEN as u64 + 1)
            .read_to_end(&mut text)
            .map_err(|_| Error::Key("the PII key file cannot be read"))?;
        if text.len() > MAX_FILE_LEN {
            return Err(Error::Key("the PII key file is over 4 KiB: not a PII key"));
        }
        let text = std::str::from_utf8(&text)
            .map_err(|_| Error::Key("the PII key file is not UTF-8 text"))?;
        Self::from_json(text)
    }

    /// A PII key from an environment variable holding its JSON form
    /// ([`PiiKey::from_json`]), e.g. `PiiKey::from_env("CLAIMS_PII_KEY")`.
    /// The copy read is zeroized; the process environment keeps its own
    /// (clearing it is `unsafe` in a threaded program: the caller's choice).
    pub fn from_env(name: &str) -> Result<Self, Error> {
        let value = std::env::var_os(name)
            .ok_or(Error::Key("the PII key environment variable is not set"))?;
        let value = Zeroizing::new(
            value
                .into_string()
                .map_err(|_| Error::Key("the PII key environment variable is not UTF-8"))?,
        );
        Self::from_json(&value)
    }
}

#[cfg(test)]
mod tests {
    use std::process::Command;

    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;

    use crate::{Error, Keys, PiiKey, SigningKey};

    const KID: &str = "pii-json";
    const MASTER: [u8; 32] = [0x5a; 32];

    fn json() -> String {
        format!(r#"{{"kid":"{KID}","master":"{}"}}"#, B64.encode(MASTER))
    }

    /// Loaded from JSON, the key makes the pseudonyms of the key it describes.
    fn assert_is_the_key(key: &PiiKey) {
        let keys = |key: PiiKey| {
            Keys::builder()
                .issuer("i")
                .audience("a")
                .signing_key(SigningKey::hs256("s", &[1; 32]).expect("HS256"))
                .pii_key(key)
                .build()
                .expect("keys")
        };
        let expected = keys(PiiKey::new(KID, &MASTER).expect("key"))
            .pseudonym("sub", &"u-1")
            .expect("pseudonym");
        assert_eq!(key.kid(), KID);
        let loaded = keys(key.clone())
            .pseudonym("sub", &"u-1")
            .expect("pseudonym");
        assert_eq!(loaded, expected);
    }

    #[test]
    fn from_json_reads_what_keygen_writes_and_ignores_other_members() {
        assert_is_the_key(&PiiKey::from_json(&json()).expect("loads"));
        let more = format!(
            r#"{{"v":1,"master":"{}","kid":"{KID}"}}"#,
            B64.encode(MASTER)
        );
        assert_is_the_key(&PiiKey::from_json(&more).expect("loads"));
    }

    #[test]
    fn from_json_refuses_what_is_not_a_key_without_echoing_it() {
        let secret = B64.encode(MASTER);
        let short = B64.encode([0x5a; 31]);
        let long = B64.encode([0x5a; 33]);
        let padded = format!("{secret}=");
        let standard = base64::engine::general_purpose::STANDARD_NO_PAD.encode([0xfb; 32]);
        let cases = [
            "not json".to_owned(),
            "[]".to_owned(),
            format!(r#"{{"master":"{secret}"}}"#),
            format!(r#"{{"kid":"{KID}"}}"#),
            format!(r#"{{"kid":"{KID}","master":"{short}"}}"#),
            format!(r#"{{"kid":"{KID}","master":"{long}"}}"#),
            format!(r#"{{"kid":"{KID}","master":"{padded}"}}"#),
            format!(r#"{{"kid":"{KID}","master":"{standard}"}}"#),
            format!(r#"{{"kid":"{KID}","master":{}}}"#, 7),
            format!(r#"{{"kid":"bad kid!","master":"{secret}"}}"#),
            format!(r#"{{"kid":"{KID}","master":"{secret}"}} trailing"#),
        ];
        for case in &cases {
            let err = PiiKey::from_json(case).expect_err(case);
            assert!(matches!(err, Error::Key(_)), "{case}: {err:?}");
            assert!(!err.to_string().contains(&secret[..8]), "{err}");
        }
    }

    #[test]
    fn from_file_reads_a_key_file_and_refuses_a_large_or_missing_one() {
        let dir = std::env::temp_dir().join(format!("claims-pii-key-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("pii.json");
        std::fs::write(&path, format!("{}\n", json())).expect("writes");
        assert_is_the_key(&PiiKey::from_file(&path).expect("loads"));

        let big = dir.join("big.json");
        std::fs::write(&big, vec![b' '; 5000]).expect("writes");
        assert_eq!(
            PiiKey::from_file(&big).err(),
            Some(Error::Key("the PII key file is over 4 KiB: not a PII key"))
        );
        assert_eq!(
            PiiKey::from_file(dir.join("absent.json")).err(),
            Some(Error::Key("the PII key file does not exist"))
        );
        std::fs::remove_dir_all(&dir).expect("cleans up");
    }

    /// Run in a child process with the variable set (setting one here would
    /// need `unsafe`, and would race the other tests' threads).
    #[test]
    fn from_env_reads_the_variable() {
        const VAR: &str = "CLAIMS_TEST_PII_KEY";
        if std::env::var_os(VAR).is_some() {
            assert_is_the_key(&PiiKey::from_env(VAR).expect("loads"));
            return;
        }
        assert_eq!(
            PiiKey::from_env(VAR).err(),
            Some(Error::Key("the PII key environment variable is not set"))
        );
        let output = Command::new(std::env::current_exe().expect("test binary"))
            .args([
                "--exact",
                "protect::pii_key_json::tests::from_env_reads_the_variable",
            ])
            .env(VAR, json())
            .output()
            .expect("runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success(), "{stdout}");
        assert!(
            stdout.contains("1 passed"),
            "the child ran the test: {stdout}"
        );
    }
}
