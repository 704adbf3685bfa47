//! The masks the derived `Debug`, `Display` and views print a masked field
//! through (the placeholders of unmasked ones are `crate::placeholder`'s).

use std::fmt;

use crate::protect::MaskableField;

/// Values shorter than this print as `•••` alone: four characters of a short
/// value would reveal most of it.
const MIN_LEN_FOR_LAST4: usize = 8;

/// `mask = "last4"`: `•••` and the last four characters, `•••` alone for a
/// value under eight characters, `None` for an absent one.
#[doc(hidden)]
pub struct Last4<'a, F: ?Sized>(pub &'a F);

impl<F: MaskableField + ?Sized> fmt::Debug for Last4<'_, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(text) = self.0.__text() else {
            return f.write_str("None");
        };
        f.write_str("•••")?;
        let count = text.chars().count();
        if count >= MIN_LEN_FOR_LAST4 {
            let tail: String = text.chars().skip(count - 4).collect();
            f.write_str(&tail)?;
        }
        Ok(())
    }
}
