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

/// Conceals what `paths` (relative to `value`, at `at`) name. Disclosures
/// go to `out`, each before the ones inside it. Every `_sd` written and
/// every array with concealed elements gets `decoys` decoy digests.
///
/// A member or index the value does not have is skipped (an optional member
/// left out); a `null` member is removed without a disclosure, as a `None`
/// claim makes none. A path that meets a value of the other shape (a member
/// of an array, an index of a string) is [`Error::Config`].
pub(super) fn conceal(
    value: &mut Value,
    paths: &[&[Step]],
    at: &mut SdPath,
    decoys: usize,
    rng: &mut dyn RngCore,
    out: &mut Vec<Issued>,
) -> Result<(), Error> {
    if paths.is_empty() {
        return Ok(());
    }
    match value {
        Value::Object(map) => object(map, paths, at, decoys, rng, out),
        Value::Array(items) => array(items, paths, at, decoys, rng, out),
        Value::Null => Ok(()),
        _ => Err(shape()),
    }
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

fn object(
    map: &mut Map<String, Value>,
    paths: &[&[Step]],
    at: &mut SdPath,
    decoys: usize,
    rng: &mut dyn RngCore,
    out: &mut Vec<Issued>,
) -> Result<(), Error> {
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
        at.push(Step::Member(name.to_owned()));
        let start = out.len();
        conceal(member, &deeper, at, decoys, rng, out)?;
        if here && let Some(member) = map.remove(name).filter(|m| !m.is_null()) {
            let issued = Issued::new(at.clone(), Some(name), &json(&member)?, rng);
            digests.push(issued.digest.clone());
            out.insert(start, issued);
        }
        at.pop();
    }
    if !digests.is_empty() {
        digests.extend((0..decoys).map(|_| disclosure::decoy(rng)));
        // The order must not reveal which digest is which member (§4.2.4.1).
        digests.sort_unstable();
        map.insert(
            claims_lexicon::reserved::SD.to_owned(),
            digests.into_iter().map(Value::String).collect(),
        );
    }
    Ok(())
}

fn array(
    items: &mut Vec<Value>,
    paths: &[&[Step]],
    at: &mut SdPath,
    decoys: usize,
    rng: &mut dyn RngCore,
    out: &mut Vec<Issued>,
) -> Result<(), Error> {
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
        at.push(Step::Index(i));
        let start = out.len();
        conceal(item, &deeper, at, decoys, rng, out)?;
        if here {
            let issued = Issued::new(at.clone(), None, &json(item)?, rng);
            *item = element(issued.digest.clone());
            out.insert(start, issued);
            concealed = true;
        }
        at.pop();
    }
    if concealed {
        for _ in 0..decoys {
            let len = u32::try_from(items.len()).unwrap_or(u32::MAX);
            let at = usize::try_from(rng.next_u32() % len.saturating_add(1)).unwrap_or(0);
            items.insert(at.min(items.len()), element(disclosure::decoy(rng)));
        }
    }
    Ok(())
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

fn json(value: &Value) -> Result<Zeroizing<Vec<u8>>, Error> {
    serde_json::to_vec(value)
        .map(Zeroizing::new)
        .map_err(|_| Error::Config("a disclosable value does not serialize"))
}
