//! Processing an SD-JWT's disclosures against its issuer-signed payload
//! (RFC 9901 §7.1 steps 3 to 5), at any depth: the verifier's processed
//! payload, and the holder's map of where each disclosure sits.
//!
//! Fail-closed where the RFC leaves room: `_sd` must be an array of strings
//! and `{"...": digest}` an array element with exactly that one key and a
//! string digest; a `...` key anywhere else is [`DisclosureError::Malformed`]
//! rather than data. A value is walked only when its JSON text may hold
//! `_sd` or `...` (or a `\u` escape, which could spell them): the flat
//! SD-JWTs of `Keys::issue_sd` never parse a value twice.

use std::borrow::Cow;
use std::sync::LazyLock;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use claims_lexicon::reserved;
use memchr::memmem::Finder;
use serde_json::Value;
use serde_json::value::RawValue;
use zeroize::Zeroizing;

use super::disclosure::{Opened, SD_ALG, digest};
use super::path::{SdPath, Step};
use crate::contract::RawClaims;
use crate::error::{DisclosureError, Error};

/// How deep a value that holds digests is walked, counting each object and
/// array level, disclosed values included: a bound on recursion however the
/// disclosures nest (a "recursion bomb" is refused as
/// [`DisclosureError::TooDeep`]).
pub(super) const MAX_DEPTH: usize = 32;

/// Claim names that no top-level disclosure may carry: `_sd`, `...`,
/// `_sd_alg`, `cnf` and the registered claims; for an SD-JWT VC also the
/// claims the draft keeps out of disclosures, sub-claims included (`vct`,
/// `vct#integrity`, `aka_vcts`, `status`; `iss`, `nbf`, `exp` and `cnf`
/// are already above).
#[derive(Debug, Clone, Copy)]
pub(super) struct Rules {
    pub(super) vc: bool,
}

impl Rules {
    fn reserved_at_top(self, name: &str) -> bool {
        reserved::SD_JWT.contains(&name)
            || reserved::REGISTERED.contains(&name)
            || (self.vc && reserved::SD_JWT_VC.contains(&name))
    }

    /// A claim in the clear none of whose sub-claims may be disclosed.
    fn sealed(self, name: &str) -> bool {
        self.vc && (reserved::SD_JWT_VC.contains(&name) || name == reserved::CNF)
    }
}

/// The outcome of processing: what the fields read.
pub(super) struct Resolved {
    /// Top-level disclosed claims, nested digests resolved, in `_sd` order.
    pub(super) disclosed: Vec<(String, Box<RawValue>)>,
    /// Claims in the clear whose value held digests, resolved.
    pub(super) rewritten: Vec<(String, Box<RawValue>)>,
    /// Each presented disclosure's path, when asked for.
    pub(super) paths: Vec<SdPath>,
}

/// Processes `disclosures` (base64url, as presented) against `raw`, the
/// issuer-signed payload: `_sd_alg`; no disclosure presented twice; every
/// digest once across the whole payload; each disclosure referenced, of the
/// right kind for where its digest sits, with an allowed, unique name.
/// With `paths`, records where each disclosure sits (the holder's view).
pub(super) fn resolve(
    raw: &RawClaims<'_>,
    disclosures: &[&str],
    rules: Rules,
    paths: bool,
) -> Result<Resolved, Error> {
    let error = Error::Disclosure;
    if let Some(alg) = raw.get(reserved::SD_ALG)
        && serde_json::from_str::<&str>(alg.get()).ok() != Some(SD_ALG)
    {
        return Err(error(DisclosureError::Algorithm));
    }
    let top: Vec<Cow<'_, str>> = match raw.get(reserved::SD) {
        Some(sd) => {
            serde_json::from_str(sd.get()).map_err(|_| error(DisclosureError::Malformed))?
        }
        None => Vec::new(),
    };
    let mut top_sorted: Vec<&str> = top.iter().map(AsRef::as_ref).collect();
    top_sorted.sort_unstable();
    if top_sorted.windows(2).any(|w| w[0] == w[1]) {
        return Err(error(DisclosureError::RepeatedDigest));
    }

    let mut walk = Walk::new(disclosures, paths)?;
    let mut disclosed: Vec<(String, Box<RawValue>)> = Vec::with_capacity(disclosures.len());
    for d in &top {
        let Some(i) = walk.take(d)? else { continue };
        let (name, value) = walk.open(i)?;
        let name = name.ok_or(error(DisclosureError::Misplaced))?;
        if rules.reserved_at_top(&name) {
            return Err(error(DisclosureError::ReservedName));
        }
        if raw.get(&name).is_some() {
            return Err(error(DisclosureError::InClear));
        }
        if disclosed.iter().any(|(earlier, _)| *earlier == name) {
            return Err(error(DisclosureError::RepeatedName));
        }
        walk.at = SdPath::claim(&name);
        walk.record(i);
        let value = walk.value(&value)?;
        disclosed.push((name, value));
    }

    let mut rewritten = Vec::new();
    for (name, value) in raw.iter() {
        if name == reserved::SD || name == reserved::SD_ALG {
            continue;
        }
        if name == reserved::ELLIPSIS {
            return Err(error(DisclosureError::Malformed));
        }
        if may_hold_digests(value.get().as_bytes()) {
            let used = walk.used_count();
            walk.at = SdPath::claim(name);
            let value = walk.value(value)?;
            if rules.sealed(name) && walk.used_count() > used {
                return Err(error(DisclosureError::ReservedName));
            }
            rewritten.push((name.to_owned(), value));
        }
    }
    walk.finish(&top_sorted)?;
    Ok(Resolved {
        disclosed,
        rewritten,
        paths: walk.paths.into_iter().flatten().collect(),
    })
}

/// Whether JSON may hold an `_sd` member or a `...` element: the literal
/// names, or a `\u` escape (the only way JSON can spell `_`, `s`, `d` or
/// `.` otherwise). Three SIMD scans, as issuing and verifying run this
/// over every payload, the searchers built once.
pub(super) fn may_hold_digests(json: &[u8]) -> bool {
    static NEEDLES: LazyLock<[Finder<'static>; 3]> =
        LazyLock::new(|| [b"\\u".as_slice(), b"\"_sd\"", b"\"...\""].map(Finder::new));
    NEEDLES.iter().any(|needle| needle.find(json).is_some())
}

/// One presented disclosure.
struct Presented<'a> {
    text: &'a str,
    digest: String,
    used: bool,
}

/// The walk's state: the disclosures, which are used, every digest met
/// below the top level, and the path being walked.
struct Walk<'a> {
    presented: Vec<Presented<'a>>,
    /// Indices into `presented`, sorted by digest.
    by_digest: Vec<usize>,
    /// Digests met below the top level, decoys included.
    nested: Vec<String>,
    at: SdPath,
    /// Where each disclosure sits; `None` inside when not recorded.
    paths: Option<Vec<SdPath>>,
    depth: usize,
}

impl<'a> Walk<'a> {
    fn new(disclosures: &[&'a str], paths: bool) -> Result<Self, Error> {
        let presented: Vec<Presented<'a>> = disclosures
            .iter()
            .map(|text| Presented {
                text,
                digest: digest(text),
                used: false,
            })
            .collect();
        let mut by_digest: Vec<usize> = (0..presented.len()).collect();
        by_digest.sort_unstable_by(|&a, &b| presented[a].digest.cmp(&presented[b].digest));
        if by_digest
            .windows(2)
            .any(|w| presented[w[0]].digest == presented[w[1]].digest)
        {
            return Err(Error::Disclosure(DisclosureError::Repeated));
        }
        let paths = paths.then(|| vec![SdPath::claim(""); presented.len()]);
        Ok(Self {
            presented,
            by_digest,
            nested: Vec::new(),
            at: SdPath::claim(""),
            paths,
            depth: 0,
        })
    }

    /// The disclosure whose digest is `d`, marked used; `None` for a decoy
    /// (or an undisclosed claim). A disclosure met twice means its digest
    /// is in the payload twice.
    fn take(&mut self, d: &str) -> Result<Option<usize>, Error> {
        let Ok(at) = self
            .by_digest
            .binary_search_by(|&i| self.presented[i].digest.as_str().cmp(d))
        else {
            return Ok(None);
        };
        let presented = &mut self.presented[self.by_digest[at]];
        if presented.used {
            return Err(Error::Disclosure(DisclosureError::RepeatedDigest));
        }
        presented.used = true;
        Ok(Some(self.by_digest[at]))
    }

    fn used_count(&self) -> usize {
        self.presented.iter().filter(|p| p.used).count()
    }

    /// Disclosure `i` decoded: its name (`None` for an array element) and value.
    fn open(&self, i: usize) -> Result<(Option<String>, Box<RawValue>), Error> {
        let json = Zeroizing::new(
            B64.decode(self.presented[i].text)
                .map_err(|_| Error::Disclosure(DisclosureError::Malformed))?,
        );
        let opened = Opened::parse(&json)?;
        Ok((opened.name, opened.value.to_owned()))
    }

    fn record(&mut self, i: usize) {
        if let Some(paths) = &mut self.paths {
            paths[i] = self.at.clone();
        }
    }

    /// A top-level value with its digests resolved (unchanged when its
    /// text holds none).
    fn value(&mut self, value: &RawValue) -> Result<Box<RawValue>, Error> {
        let malformed = || Error::Disclosure(DisclosureError::Malformed);
        if !may_hold_digests(value.get().as_bytes()) {
            return Ok(value.to_owned());
        }
        let mut parsed: Value = serde_json::from_str(value.get()).map_err(|_| malformed())?;
        self.depth = 1;
        self.walk(&mut parsed)?;
        serde_json::value::to_raw_value(&parsed).map_err(|_| malformed())
    }

    /// Resolves the digests in `value` and everything below it.
    fn walk(&mut self, value: &mut Value) -> Result<(), Error> {
        match value {
            Value::Object(map) => self.nest(|walk| walk.object(map)),
            Value::Array(items) => self.nest(|walk| walk.array(items)),
            _ => Ok(()),
        }
    }

    fn nest(&mut self, f: impl FnOnce(&mut Self) -> Result<(), Error>) -> Result<(), Error> {
        if self.depth > MAX_DEPTH {
            return Err(Error::Disclosure(DisclosureError::TooDeep));
        }
        self.depth += 1;
        let result = f(self);
        self.depth -= 1;
        result
    }

    /// §7.1 step 3.3.2: each `_sd` digest with a disclosure inserts its
    /// claim; members in the clear are walked first, inserted values once.
    fn object(&mut self, map: &mut serde_json::Map<String, Value>) -> Result<(), Error> {
        let error = Error::Disclosure;
        if map.contains_key(reserved::ELLIPSIS) {
            return Err(error(DisclosureError::Malformed));
        }
        let sd = map.remove(reserved::SD);
        for (name, member) in map.iter_mut() {
            self.at.push(Step::Member(name.clone()));
            self.walk(member)?;
            self.at.pop();
        }
        let Some(sd) = sd else { return Ok(()) };
        let Value::Array(digests) = sd else {
            return Err(error(DisclosureError::Malformed));
        };
        let mut inserted: Vec<String> = Vec::new();
        for d in digests {
            let Value::String(d) = d else {
                return Err(error(DisclosureError::Malformed));
            };
            let taken = self.take(&d)?;
            self.nested.push(d);
            let Some(i) = taken else { continue };
            let (name, value) = self.open(i)?;
            let name = name.ok_or(error(DisclosureError::Misplaced))?;
            if name == reserved::SD || name == reserved::ELLIPSIS {
                return Err(error(DisclosureError::ReservedName));
            }
            if map.contains_key(&name) {
                return Err(error(if inserted.contains(&name) {
                    DisclosureError::RepeatedName
                } else {
                    DisclosureError::InClear
                }));
            }
            self.at.push(Step::Member(name.clone()));
            self.record(i);
            let value = self.disclosed_value(&value)?;
            self.at.pop();
            map.insert(name.clone(), value);
            inserted.push(name);
        }
        Ok(())
    }

    /// §7.1 steps 3.3.3 and 3.4: a `{"...": digest}` element with a
    /// disclosure becomes its value, one without is removed.
    fn array(&mut self, items: &mut Vec<Value>) -> Result<(), Error> {
        let mut index = 0;
        let mut out = Vec::with_capacity(items.len());
        for mut item in items.drain(..) {
            let Some(d) = element_digest(&mut item)? else {
                self.at.push(Step::Index(index));
                self.walk(&mut item)?;
                self.at.pop();
                out.push(item);
                index += 1;
                continue;
            };
            let taken = self.take(&d)?;
            self.nested.push(d);
            let Some(i) = taken else { continue };
            let (name, value) = self.open(i)?;
            if name.is_some() {
                return Err(Error::Disclosure(DisclosureError::Misplaced));
            }
            self.at.push(Step::Index(index));
            self.record(i);
            out.push(self.disclosed_value(&value)?);
            self.at.pop();
            index += 1;
        }
        *items = out;
        Ok(())
    }

    /// A nested disclosure's value, parsed and walked.
    fn disclosed_value(&mut self, value: &RawValue) -> Result<Value, Error> {
        let mut parsed: Value = serde_json::from_str(value.get())
            .map_err(|_| Error::Disclosure(DisclosureError::Malformed))?;
        self.walk(&mut parsed)?;
        Ok(parsed)
    }

    /// §7.1 steps 4 and 5: no digest twice in the whole payload, no
    /// disclosure left unreferenced.
    fn finish(&mut self, top_sorted: &[&str]) -> Result<(), Error> {
        self.nested.sort_unstable();
        if self.nested.windows(2).any(|w| w[0] == w[1])
            || self
                .nested
                .iter()
                .any(|d| top_sorted.binary_search(&d.as_str()).is_ok())
        {
            return Err(Error::Disclosure(DisclosureError::RepeatedDigest));
        }
        if self.presented.iter().any(|p| !p.used) {
            return Err(Error::Disclosure(DisclosureError::Unreferenced));
        }
        Ok(())
    }
}

/// The digest of an array element `{"...": digest}`; `None` for any other
/// element. An object with a `...` key and anything else, or a digest
/// that is not a string, is malformed.
fn element_digest(item: &mut Value) -> Result<Option<String>, Error> {
    let Value::Object(map) = item else {
        return Ok(None);
    };
    if !map.contains_key(reserved::ELLIPSIS) {
        return Ok(None);
    }
    match map.remove(reserved::ELLIPSIS) {
        Some(Value::String(d)) if map.is_empty() => Ok(Some(d)),
        _ => Err(Error::Disclosure(DisclosureError::Malformed)),
    }
}
