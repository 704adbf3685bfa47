//! What a PEM input says it holds, by its labels (RFC 7468), so that a key
//! of the wrong kind gets an error naming what was found ("expected a PKCS#8
//! private key, found a `PUBLIC KEY` block"). A label is not secret; the
//! base64 body is never read here.

use super::algorithm::Algorithm;

/// The kind of key a loader asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Want {
    /// A private key: PKCS#8, or PKCS#1 for RSA.
    Private,
    /// A public key: SPKI, or PKCS#1 for RSA.
    Public,
}

/// The labels this module tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    Pkcs8,
    RsaPrivate,
    EcPrivate,
    EncryptedPrivate,
    OpensshPrivate,
    Spki,
    RsaPublic,
    Certificate,
    Other,
}

impl Label {
    fn of(label: &str) -> Self {
        match label {
            "PRIVATE KEY" => Self::Pkcs8,
            "RSA PRIVATE KEY" => Self::RsaPrivate,
            "EC PRIVATE KEY" => Self::EcPrivate,
            "ENCRYPTED PRIVATE KEY" => Self::EncryptedPrivate,
            "OPENSSH PRIVATE KEY" => Self::OpensshPrivate,
            "PUBLIC KEY" => Self::Spki,
            "RSA PUBLIC KEY" => Self::RsaPublic,
            "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE" => Self::Certificate,
            _ => Self::Other,
        }
    }
}

/// `concat!`s an error message for a private-key loader.
macro_rules! private {
    ($found:literal) => {
        concat!("expected a PKCS#8 private key, found ", $found)
    };
}

/// `concat!`s an error message for a public-key loader.
macro_rules! public {
    ($found:literal) => {
        concat!("expected an SPKI public key, found ", $found)
    };
}

/// Why `pem` cannot be the key asked for, judged by its labels alone; `None`
/// when it is one block of the right kind (then its body, or its key type,
/// is what is wrong, and the caller says so).
pub(super) fn wrong_kind(want: Want, alg: Algorithm, pem: &str) -> Option<&'static str> {
    let mut labels = pem.lines().filter_map(|line| {
        line.trim()
            .strip_prefix("-----BEGIN ")?
            .strip_suffix("-----")
    });
    let Some(first) = labels.next() else {
        return Some("expected PEM, found no `-----BEGIN …-----` line");
    };
    if labels.next().is_some() {
        return Some(match want {
            Want::Private => "expected one PEM block, found several: keep the private key's only",
            Want::Public => "expected one PEM block, found several: keep the public key's only",
        });
    }
    let rsa = matches!(
        alg,
        Algorithm::RS256
            | Algorithm::RS384
            | Algorithm::RS512
            | Algorithm::PS256
            | Algorithm::PS384
            | Algorithm::PS512
    );
    match (want, Label::of(first)) {
        (Want::Private, Label::Pkcs8) | (Want::Public, Label::Spki) => None,
        (Want::Private, Label::RsaPrivate) | (Want::Public, Label::RsaPublic) if rsa => None,
        (Want::Private, label) => Some(private_message(label)),
        (Want::Public, label) => Some(public_message(label)),
    }
}

fn private_message(found: Label) -> &'static str {
    match found {
        Label::RsaPrivate => private!("an `RSA PRIVATE KEY` block: an RSA key, for RS* or PS*"),
        Label::EcPrivate => {
            private!("an `EC PRIVATE KEY` (SEC1) block: convert it with `openssl pkey`")
        }
        Label::EncryptedPrivate => {
            private!("an `ENCRYPTED PRIVATE KEY` block: decrypt it with `openssl pkey`")
        }
        Label::OpensshPrivate => private!("an `OPENSSH PRIVATE KEY` block, a format not read here"),
        Label::Spki => private!("a `PUBLIC KEY` block: that is the public half"),
        Label::RsaPublic => private!("an `RSA PUBLIC KEY` block: that is the public half"),
        Label::Certificate => private!("a `CERTIFICATE` block"),
        Label::Pkcs8 | Label::Other => private!("a PEM block of another kind"),
    }
}

fn public_message(found: Label) -> &'static str {
    match found {
        Label::RsaPublic => public!("an `RSA PUBLIC KEY` block: an RSA key, for RS* or PS*"),
        Label::Pkcs8 => public!("a `PRIVATE KEY` block: pass the public half"),
        Label::RsaPrivate => public!("an `RSA PRIVATE KEY` block: pass the public half"),
        Label::EcPrivate => public!("an `EC PRIVATE KEY` block: pass the public half"),
        Label::EncryptedPrivate => {
            public!("an `ENCRYPTED PRIVATE KEY` block: pass the public half")
        }
        Label::OpensshPrivate => public!("an `OPENSSH PRIVATE KEY` block: pass the public half"),
        Label::Certificate => {
            public!("a `CERTIFICATE` block: extract its key with `openssl x509 -pubkey -noout`")
        }
        Label::Spki | Label::Other => public!("a PEM block of another kind"),
    }
}

#[cfg(test)]
mod tests {
    use super::{Want, wrong_kind};
    use crate::jws::Algorithm;

    fn block(label: &str) -> String {
        format!("-----BEGIN {label}-----\nAAAA\n-----END {label}-----\n")
    }

    #[test]
    fn the_right_kind_is_left_to_the_decoder() {
        for alg in [Algorithm::EdDSA, Algorithm::ES256, Algorithm::RS256] {
            assert_eq!(wrong_kind(Want::Private, alg, &block("PRIVATE KEY")), None);
            assert_eq!(wrong_kind(Want::Public, alg, &block("PUBLIC KEY")), None);
        }
        let pkcs1 = block("RSA PRIVATE KEY");
        assert_eq!(wrong_kind(Want::Private, Algorithm::PS256, &pkcs1), None);
        let pkcs1 = block("RSA PUBLIC KEY");
        assert_eq!(wrong_kind(Want::Public, Algorithm::RS256, &pkcs1), None);
        // Text around the block (RFC 7468 §2) does not count.
        let framed = format!("a comment\n{}trailing\n", block("PRIVATE KEY"));
        assert_eq!(wrong_kind(Want::Private, Algorithm::EdDSA, &framed), None);
    }

    #[test]
    fn a_block_of_another_kind_is_named() {
        let cases = [
            (
                Want::Private,
                "PUBLIC KEY",
                "expected a PKCS#8 private key, found a `PUBLIC KEY` block: that is the public half",
            ),
            (
                Want::Private,
                "CERTIFICATE",
                "expected a PKCS#8 private key, found a `CERTIFICATE` block",
            ),
            (
                Want::Private,
                "RSA PRIVATE KEY",
                "expected a PKCS#8 private key, found an `RSA PRIVATE KEY` block: an RSA key, for RS* or PS*",
            ),
            (
                Want::Public,
                "PRIVATE KEY",
                "expected an SPKI public key, found a `PRIVATE KEY` block: pass the public half",
            ),
            (
                Want::Public,
                "X509 CRL",
                "expected an SPKI public key, found a PEM block of another kind",
            ),
        ];
        for (want, label, message) in cases {
            assert_eq!(
                wrong_kind(want, Algorithm::ES256, &block(label)),
                Some(message),
                "{label}"
            );
        }
    }

    #[test]
    fn several_blocks_or_none_are_refused() {
        let both = format!("{}{}", block("PRIVATE KEY"), block("PUBLIC KEY"));
        assert_eq!(
            wrong_kind(Want::Private, Algorithm::EdDSA, &both),
            Some("expected one PEM block, found several: keep the private key's only")
        );
        assert_eq!(
            wrong_kind(Want::Public, Algorithm::EdDSA, "MCowBQYDK2VwAyEA"),
            Some("expected PEM, found no `-----BEGIN …-----` line")
        );
    }
}
