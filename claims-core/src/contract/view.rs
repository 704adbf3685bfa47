//! [`ViewWriter`]: what the derived `__view` writes each field's masked view
//! through.

use serde_json::{Map, Value};
use zeroize::Zeroizing;

use crate::placeholder::Placeholder;
use crate::protect::{EncryptedField, HashedField, PublicField};

/// Handed to the derived `__view`: one call per non-forbidden field.
pub struct ViewWriter<'a> {
    out: Map<String, Value>,
    revealed: &'a [Box<str>],
}

impl<'a> ViewWriter<'a> {
    /// A view that shows the encrypted claims named in `revealed` in clear.
    pub(crate) fn new(revealed: &'a [Box<str>]) -> Self {
        Self {
            out: Map::new(),
            revealed,
        }
    }

    /// The view written so far.
    pub(crate) fn into_value(self) -> Value {
        Value::Object(self.out)
    }

    /// A public value as it travels.
    pub fn public<F: PublicField>(&mut self, claim: &str, value: &F) {
        let value = serde_json::to_value(value)
            .unwrap_or_else(|_| Placeholder::Unserializable.as_str().into());
        self.out.insert(claim.into(), value);
    }

    /// A public or sensitive value shown through its mask (the derive passes
    /// `Last4(&field)`, the same expression its `Debug` prints, so a bad mask
    /// reports once).
    pub fn masked(&mut self, claim: &str, mask: &dyn std::fmt::Debug) {
        self.out.insert(claim.into(), format!("{mask:?}").into());
    }

    /// The pseudonym a decoded value carries; `<hashed>` before encoding.
    pub fn hashed<F: HashedField>(&mut self, claim: &str, value: &F) {
        let shown = value.__pseudonym().map_or_else(
            || Placeholder::Hashed.as_str().into(),
            |p| p.as_str().into(),
        );
        self.out.insert(claim.into(), shown);
    }

    /// `<sensitive>`: a value read from a third-party token is never
    /// revealed in a view (a masked one is shown through [`Self::masked`]).
    pub fn sensitive(&mut self, claim: &str) {
        self.out
            .insert(claim.into(), Placeholder::Sensitive.as_str().into());
    }

    /// `<disclosable>`: whether the holder disclosed it is not a log's business.
    pub fn disclosable(&mut self, claim: &str) {
        self.out
            .insert(claim.into(), Placeholder::Disclosable.as_str().into());
    }

    /// The clear value when revealed, else `<encrypted>`.
    pub fn encrypted<F: EncryptedField>(&mut self, claim: &str, value: &F) {
        let shown = self
            .reveal(claim, value)
            .unwrap_or_else(|| Placeholder::Encrypted.as_str().into());
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
