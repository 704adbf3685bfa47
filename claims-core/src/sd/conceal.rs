//! The issuer's side of nested disclosures (RFC 9901 §4.2.4, §4.2.6): the
//! members and elements an [`SdOptions::disclosable`](super::SdOptions::disclosable)
//! path names, inside a disclosable claim's value, become disclosures of
//! their own, innermost first, so an outer disclosure carries the digests
//! of the inner ones (recursive disclosure).

use rand::RngCore;
use serde_json::{Map, Value};
use zeroize::Zeroizing;

use super::disclosure::{self, Issued};
use super::path::{SdPath, Step};
use crate::error::Error;

/// Conceals what `paths` (relative to `value`, which sits at `at`) name.
/// Disclosures go to `out`, each before the ones inside it. Every `_sd`
/// written and every array with concealed elements gets `decoys` decoy
/// digests.
///
/// A member or index the value does not have is skipped (an optional member
/// left out); a `null` member is removed without a disclosure, as a `None`
/// claim makes none. A path that meets a value of the other shape (a member
/// of an array, an index of a string) is [`Error::Config`].
pub(super) fn conceal(
    value: &mut Value,
    paths: &[&[Step]],
    at: SdPath,
    decoys: usize,
    rng: &mut dyn RngCore,
    out: &mut Vec<Issued>,
) -> Result<(), Error> {
    Concealer {
        at,
        decoys,
        rng,
        out,
    }
    .value(value, paths)
}

struct Concealer<'a> {
    /// Where the value being concealed sits.
    at: SdPath,
    decoys: usize,
    rng: &'a mut dyn RngCore,
    out: &'a mut Vec<Issued>,
}

fn shape() -> Error {
    Error::Config("an `SdOptions::disclosable` path does not match the shape of the issued value")
}

/// Where one step leads: the paths that go on below it, and whether a
/// path ends there (the member or element itself is disclosable).
fn below<'p>(paths: &[&'p [Step]], matches: impl Fn(&Step) -> bool) -> (Vec<&'p [Step]>, bool) {
    let mut deeper = Vec::new();
    let mut here = false;
    for path in paths.iter().filter(|p| matches(&p[0])) {
        if path.len() == 1 {
            here = true;
        } else {
            deeper.push(&path[1..]);
        }
    }
    (deeper, here)
}

impl Concealer<'_> {
    fn value(&mut self, value: &mut Value, paths: &[&[Step]]) -> Result<(), Error> {
        if paths.is_empty() {
            return Ok(());
        }
        match value {
            Value::Object(map) => self.object(map, paths),
            Value::Array(items) => self.array(items, paths),
            Value::Null => Ok(()),
            _ => Err(shape()),
        }
    }

    /// A disclosure of `value` at the current path (`name` for a member,
    /// `None` for an element), put before the ones made inside it since
    /// `start`; its digest.
    fn disclose(
        &mut self,
        start: usize,
        name: Option<&str>,
        value: &Value,
    ) -> Result<String, Error> {
        let json = Zeroizing::new(
            serde_json::to_vec(value)
                .map_err(|_| Error::Config("a disclosable value does not serialize"))?,
        );
        let issued = Issued::new(self.at.clone(), name, &json, self.rng);
        let digest = issued.digest.clone();
        self.out.insert(start, issued);
        Ok(digest)
    }

    fn object(&mut self, map: &mut Map<String, Value>, paths: &[&[Step]]) -> Result<(), Error> {
        let mut names: Vec<&str> = Vec::new();
        for path in paths {
            match &path[0] {
                Step::Member(name) if !names.contains(&name.as_str()) => names.push(name),
                Step::Member(_) => {}
                Step::Index(_) | Step::Every => return Err(shape()),
            }
        }
        let mut digests = Vec::new();
        for name in names {
            let (deeper, here) = below(paths, |step| matches!(step, Step::Member(n) if n == name));
            let Some(member) = map.get_mut(name) else {
                continue;
            };
            self.at.push(Step::Member(name.to_owned()));
            let start = self.out.len();
            self.value(member, &deeper)?;
            if here && let Some(member) = map.remove(name).filter(|m| !m.is_null()) {
                digests.push(self.disclose(start, Some(name), &member)?);
            }
            self.at.pop();
        }
        if !digests.is_empty() {
            digests.extend((0..self.decoys).map(|_| disclosure::decoy(self.rng)));
            // The order must not reveal which digest is which member (§4.2.4.1).
            digests.sort_unstable();
            map.insert(
                claims_lexicon::reserved::SD.to_owned(),
                digests.into_iter().map(Value::String).collect(),
            );
        }
        Ok(())
    }

    fn array(&mut self, items: &mut Vec<Value>, paths: &[&[Step]]) -> Result<(), Error> {
        if paths.iter().any(|p| matches!(p[0], Step::Member(_))) {
            return Err(shape());
        }
        let mut concealed = false;
        for (i, item) in items.iter_mut().enumerate() {
            let (deeper, here) = below(paths, |step| {
                *step == Step::Index(i) || *step == Step::Every
            });
            if deeper.is_empty() && !here {
                continue;
            }
            self.at.push(Step::Index(i));
            let start = self.out.len();
            self.value(item, &deeper)?;
            if here {
                *item = element(self.disclose(start, None, item)?);
                concealed = true;
            }
            self.at.pop();
        }
        if concealed {
            for _ in 0..self.decoys {
                let len = u32::try_from(items.len()).unwrap_or(u32::MAX);
                let at = usize::try_from(self.rng.next_u32() % len.saturating_add(1)).unwrap_or(0);
                items.insert(at.min(items.len()), element(disclosure::decoy(self.rng)));
            }
        }
        Ok(())
    }
}

/// `{"...": digest}`.
fn element(digest: String) -> Value {
    let mut map = Map::new();
    map.insert(
        claims_lexicon::reserved::ELLIPSIS.to_owned(),
        Value::String(digest),
    );
    Value::Object(map)
}
