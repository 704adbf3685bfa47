//! Masked views of claims, for logs and API responses: JSON with public
//! values, pseudonyms, and encrypted values masked, or revealed to the roles a
//! [`RevealPolicy`] names.

use serde_json::{Map, Value};
use zeroize::Zeroizing;

use crate::error::Error;
use crate::policy::{Claims, Protection};
use crate::protect::{EncryptedField, HashedField, PublicField};

/// Which encrypted claims each role may see in clear in a view.
///
/// Roles and claims are named by the application; a role the policy does not
/// know sees nothing. Check a policy against a claims struct once at start-up
/// with [`RevealPolicy::check`], so a typo fails loudly instead of hiding a field.
///
/// ```
/// # use claims_core::{Claims, Pii, RevealPolicy};
/// #[derive(Claims)]
/// struct Session {
///     #[claim(public)] role: String,
///     #[claim(encrypted, mask = "last4")] phone: Pii<String>,
/// }
/// let policy = RevealPolicy::new().allow("support", &["phone"]);
/// policy.check::<Session>().unwrap();
/// let s = Session { role: "admin".into(), phone: Pii::new("+44 20 7946 0123".into()) };
/// assert_eq!(s.masked_view()["phone"], "•••0123");
/// assert_eq!(policy.view(&s, "support")["phone"], "+44 20 7946 0123");
/// assert_eq!(policy.view(&s, "intern")["phone"], "•••0123");
/// ```
#[derive(Debug, Clone, Default)]
pub struct RevealPolicy {
    roles: Vec<(Box<str>, Vec<Box<str>>)>,
}

impl RevealPolicy {
    /// A policy that reveals nothing to anyone.
    pub fn new() -> Self {
        Self::default()
    }

    /// Lets `role` see the named encrypted claims (by wire name) in clear.
    #[must_use]
    pub fn allow(mut self, role: &str, claims: &[&str]) -> Self {
        let claims = claims.iter().map(|&c| Box::from(c));
        match self.roles.iter_mut().find(|(r, _)| &**r == role) {
            Some((_, allowed)) => allowed.extend(claims),
            None => self.roles.push((role.into(), claims.collect())),
        }
        self
    }

    /// Every claim the policy names is an encrypted claim of `T`.
    pub fn check<T: Claims>(&self) -> Result<(), Error> {
        let encrypted = |name: &str| {
            T::POLICY
                .iter()
                .any(|f| f.wire_name == name && f.protection == Protection::Encrypted)
        };
        if self.roles.iter().flat_map(|(_, c)| c).all(|c| encrypted(c)) {
            Ok(())
        } else {
            Err(Error::Config(
                "a reveal policy names a claim that is not encrypted",
            ))
        }
    }

    /// The view of `claims` that `role` may see.
    pub fn view<T: Claims>(&self, claims: &T, role: &str) -> Value {
        let revealed: &[Box<str>] = self
            .roles
            .iter()
            .find(|(r, _)| &**r == role)
            .map_or(&[], |(_, c)| c);
        render(claims, revealed)
    }
}

pub(crate) fn render<T: Claims>(claims: &T, revealed: &[Box<str>]) -> Value {
    let mut view = ViewWriter {
        out: Map::new(),
        revealed,
    };
    claims.__view(&mut view);
    Value::Object(view.out)
}

/// Handed to the derived `__view`: one call per non-forbidden field.
#[doc(hidden)]
pub struct ViewWriter<'a> {
    out: Map<String, Value>,
    revealed: &'a [Box<str>],
}

const HASHED: &str = "<hashed>";
const ENCRYPTED: &str = "<encrypted>";
const DISCLOSABLE: &str = "<disclosable>";
const UNSERIALIZABLE: &str = "<unserializable>";

impl ViewWriter<'_> {
    /// A public value as it travels.
    pub fn public<F: PublicField>(&mut self, claim: &str, value: &F) {
        let value = serde_json::to_value(value).unwrap_or_else(|_| UNSERIALIZABLE.into());
        self.out.insert(claim.into(), value);
    }

    /// A public value shown through its mask (the derive passes `Last4(&field)`,
    /// the same expression its `Debug` prints, so a bad mask reports once).
    pub fn public_masked(&mut self, claim: &str, mask: &dyn std::fmt::Debug) {
        self.out.insert(claim.into(), format!("{mask:?}").into());
    }

    /// The pseudonym a decoded value carries; `<hashed>` before encoding.
    pub fn hashed<F: HashedField>(&mut self, claim: &str, value: &F) {
        let shown = value
            .__pseudonym()
            .map_or_else(|| HASHED.into(), |p| p.as_str().into());
        self.out.insert(claim.into(), shown);
    }

    /// `<disclosable>`: whether the holder disclosed it is not a log's business.
    pub fn disclosable(&mut self, claim: &str) {
        self.out.insert(claim.into(), DISCLOSABLE.into());
    }

    /// The clear value when revealed, else `<encrypted>`.
    pub fn encrypted<F: EncryptedField>(&mut self, claim: &str, value: &F) {
        let shown = self
            .reveal(claim, value)
            .unwrap_or_else(|| ENCRYPTED.into());
        self.out.insert(claim.into(), shown);
    }

    /// The clear value when revealed, else the mask.
    pub fn encrypted_masked<F: EncryptedField>(
        &mut self,
        claim: &str,
        value: &F,
        mask: &dyn std::fmt::Debug,
    ) {
        let shown = self
            .reveal(claim, value)
            .unwrap_or_else(|| format!("{mask:?}").into());
        self.out.insert(claim.into(), shown);
    }

    fn reveal<F: EncryptedField>(&self, claim: &str, value: &F) -> Option<Value> {
        if !self.revealed.iter().any(|c| &**c == claim) {
            return None;
        }
        let mut plaintext = Zeroizing::new(Vec::new());
        value.__plaintext(&mut plaintext).ok()?;
        serde_json::from_slice(&plaintext).ok()
    }
}

impl std::fmt::Debug for ViewWriter<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ViewWriter")
    }
}
