//! [`Pii`]: a secret wrapper.

use zeroize::Zeroize;

use crate::placeholder::Placeholder;

/// A secret value: personal data that may travel only encrypted.
///
/// `Pii<T>` has no `Display` and no `Serialize`, so a `public` `Pii<T>` field does
/// not compile; its `Debug` prints `Pii(<redacted>)`; the value is zeroized on
/// drop. Read it with [`Pii::expose`], a name that stands out in review.
///
/// An optional secret is `Pii<Option<T>>` (`Option<Pii<T>>` is not an
/// encrypted field type: coherence forbids the impl next to the blanket one).
///
/// `T: Zeroize` is required (a deliberate tightening of "zeroized when
/// `T: Zeroize`": a `Drop` impl cannot depend on a bound, and a wrapper that
/// only sometimes zeroizes would be a trap). Encrypted fields of other types can
/// be declared without the wrapper.
pub struct Pii<T: Zeroize>(T);

impl<T: Zeroize> Pii<T> {
    /// Wraps a secret value.
    pub fn new(value: T) -> Self {
        Self(value)
    }

    /// The secret value.
    pub fn expose(&self) -> &T {
        &self.0
    }

    /// The secret value, mutably.
    pub fn expose_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

impl<T: Zeroize> From<T> for Pii<T> {
    fn from(value: T) -> Self {
        Self(value)
    }
}

impl<T: Zeroize + Clone> Clone for Pii<T> {
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

impl<T: Zeroize + Default> Default for Pii<T> {
    fn default() -> Self {
        Self(T::default())
    }
}

impl<T: Zeroize> Drop for Pii<T> {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl<T: Zeroize> std::fmt::Debug for Pii<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Pii({})", Placeholder::Redacted.as_str())
    }
}
