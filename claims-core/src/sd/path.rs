//! Where a disclosure sits in the payload: `email`, `address.street`,
//! `nationalities[1]`, `degrees[].type`. The issuer names nested
//! disclosable members and elements by path
//! ([`SdOptions::disclosable`](super::SdOptions::disclosable)); the holder
//! lists and presents disclosures by path ([`SdJwt::present`](super::SdJwt::present)).
//!
//! Syntax: a claim name, then any number of `.name` (an object member),
//! `[n]` (the element at index `n`) or `[]` (every element). A name that is
//! empty or holds `.`, `[`, `]` or `"` is written as a JSON string in
//! brackets: `["a.b"]`. Indices count the elements of the array as issued,
//! decoys excluded.

use std::fmt;

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Step {
    /// An object member.
    Member(String),
    /// The element at this index.
    Index(usize),
    /// Every element (`[]`).
    Every,
}

/// A parsed path: at least one step, the first a member (a top-level claim).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct SdPath(Vec<Step>);

impl SdPath {
    /// A top-level claim.
    pub(super) fn claim(name: &str) -> Self {
        Self(vec![Step::Member(name.to_owned())])
    }

    pub(super) fn parse(text: &str) -> Option<Self> {
        let mut steps = Vec::new();
        let mut rest = text;
        while !rest.is_empty() {
            let (step, tail) = if let Some(tail) = rest.strip_prefix('[') {
                bracket(tail)?
            } else {
                let tail = if steps.is_empty() {
                    rest
                } else {
                    rest.strip_prefix('.')?
                };
                let end = tail.find(['.', '[']).unwrap_or(tail.len());
                let name = &tail[..end];
                if name.is_empty() || name.contains([']', '"']) {
                    return None;
                }
                (Step::Member(name.to_owned()), &tail[end..])
            };
            steps.push(step);
            rest = tail;
        }
        matches!(steps.first(), Some(Step::Member(_))).then_some(Self(steps))
    }

    pub(super) fn steps(&self) -> &[Step] {
        &self.0
    }

    /// The top-level claim name.
    pub(super) fn claim_name(&self) -> &str {
        match self.0.first() {
            Some(Step::Member(name)) => name,
            _ => "",
        }
    }

    pub(super) fn push(&mut self, step: Step) {
        self.0.push(step);
    }

    pub(super) fn pop(&mut self) {
        self.0.pop();
    }

    /// Whether `self` is `other` or lies inside it; `[]` in `other` matches
    /// any index.
    pub(super) fn is_within(&self, other: &Self) -> bool {
        other.0.len() <= self.0.len()
            && self.0.iter().zip(&other.0).all(|(mine, theirs)| {
                mine == theirs || matches!((mine, theirs), (Step::Index(_), Step::Every))
            })
    }
}

/// `[n]`, `[]` or `["name"]`, after the opening bracket.
fn bracket(tail: &str) -> Option<(Step, &str)> {
    if let Some(rest) = tail.strip_prefix(']') {
        return Some((Step::Every, rest));
    }
    if tail.starts_with('"') {
        let mut stream = serde_json::Deserializer::from_str(tail).into_iter::<String>();
        let name = stream.next()?.ok()?;
        let rest = tail[stream.byte_offset()..].strip_prefix(']')?;
        return Some((Step::Member(name), rest));
    }
    let end = tail.find(']')?;
    let digits = &tail[..end];
    // No sign, no leading zero: one spelling per index.
    if digits.is_empty()
        || !digits.bytes().all(|b| b.is_ascii_digit())
        || (digits.len() > 1 && digits.starts_with('0'))
    {
        return None;
    }
    Some((Step::Index(digits.parse().ok()?), &tail[end + 1..]))
}

impl fmt::Display for SdPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.0.iter().enumerate() {
            match step {
                Step::Member(name) if !name.is_empty() && !name.contains(['.', '[', ']', '"']) => {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    f.write_str(name)?;
                }
                Step::Member(name) => {
                    write!(f, "[{}]", serde_json::Value::from(name.as_str()))?;
                }
                Step::Index(n) => write!(f, "[{n}]")?,
                Step::Every => f.write_str("[]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_back() {
        for text in [
            "email",
            "address.street",
            "nationalities[1]",
            "degrees[].type",
            "a[0][2].b",
            r#"["a.b"]"#,
            r#"x["a.b"].c"#,
            r#"x[""]"#,
        ] {
            let path = SdPath::parse(text).unwrap_or_else(|| panic!("{text} parses"));
            assert_eq!(path.to_string(), text);
        }
        let p = SdPath::parse("address.street").unwrap();
        assert_eq!(
            p.steps(),
            [
                Step::Member("address".into()),
                Step::Member("street".into())
            ]
        );
        assert_eq!(p.claim_name(), "address");
    }

    #[test]
    fn refuses_what_is_not_a_path() {
        for text in [
            "", ".a", "a.", "a..b", "[0]", "[]", "a[", "a[01]", "a[-1]", "a[x]", "a]", "a\"b",
            r#"a["b"#, "a[0]b",
        ] {
            assert_eq!(SdPath::parse(text), None, "{text}");
        }
    }

    #[test]
    fn within() {
        let p = |s| SdPath::parse(s).unwrap();
        assert!(p("nationalities[1]").is_within(&p("nationalities")));
        assert!(p("nationalities[1]").is_within(&p("nationalities[]")));
        assert!(p("nationalities[1]").is_within(&p("nationalities[1]")));
        assert!(!p("nationalities[1]").is_within(&p("nationalities[0]")));
        assert!(!p("nationalities").is_within(&p("nationalities[1]")));
        assert!(!p("addresses").is_within(&p("address")));
    }
}
