//! The payload as a flat list of claim names and raw JSON values, parsed once.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{MapAccess, Visitor};
use serde_json::value::RawValue;

use crate::error::Error;

/// The top-level claims, values left as raw JSON for the typed pass.
/// Duplicate names are rejected: a duplicated claim means two readers may
/// disagree on its value.
pub(crate) struct RawClaims<'a> {
    entries: Vec<(Cow<'a, str>, &'a RawValue)>,
}

impl<'a> RawClaims<'a> {
    pub(crate) fn parse(payload: &'a [u8]) -> Result<Self, Error> {
        let raw: Self = serde_json::from_slice(payload)
            .map_err(|_| Error::Malformed("the payload is not a JSON object"))?;
        if raw.has_duplicate() {
            return Err(Error::Malformed("the payload has a duplicate claim"));
        }
        Ok(raw)
    }

    /// Every claim, in payload order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &'a RawValue)> + '_ {
        self.entries
            .iter()
            .map(|(name, value)| (name.as_ref(), *value))
    }

    pub(crate) fn get(&self, name: &str) -> Option<&'a RawValue> {
        self.entries
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| *value)
    }

    fn has_duplicate(&self) -> bool {
        let n = self.entries.len();
        if n <= 16 {
            return (0..n).any(|i| (i + 1..n).any(|j| self.entries[i].0 == self.entries[j].0));
        }
        let mut names: Vec<&str> = self.entries.iter().map(|(k, _)| k.as_ref()).collect();
        names.sort_unstable();
        names.windows(2).any(|w| w[0] == w[1])
    }
}

impl<'de> Deserialize<'de> for RawClaims<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(RawClaimsVisitor)
    }
}

struct RawClaimsVisitor;

impl<'de> Visitor<'de> for RawClaimsVisitor {
    type Value = RawClaims<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(12).min(64));
        while let Some(Name(name)) = map.next_key()? {
            entries.push((name, map.next_value::<&'de RawValue>()?));
        }
        Ok(RawClaims { entries })
    }
}

/// A claim name, borrowed from the payload unless it has escapes.
struct Name<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Name<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NameVisitor;
        impl<'de> Visitor<'de> for NameVisitor {
            type Value = Name<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a claim name")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Name(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Name(Cow::Owned(v.to_owned())))
            }
        }
        deserializer.deserialize_str(NameVisitor)
    }
}
