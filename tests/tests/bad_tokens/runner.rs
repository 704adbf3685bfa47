//! The case table and its runner: every case names the exact outcome it
//! must produce, runs under `catch_unwind` (a panic fails the case, by
//! name, instead of ending the run), and its error goes through the leak
//! check. A family reports every failing case at once.

use std::borrow::Borrow;
use std::collections::HashSet;
use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};

use claims_core::{Claims, Error, Keys};

use crate::common::leaked_canary;

/// Planted in every hand-forged payload as an undeclared claim; the leak
/// check finds it (and every other canary of `common::CANARIES`) in any case.
pub(crate) const CANARY: &str = "canary-7f3a9c-hostile-payload";

/// What a case must produce.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Expect {
    /// Decodes (a positive control, or a header the check must ignore).
    Accepted,
    /// Exactly this error.
    Is(Error),
    /// `Error::Malformed`, whatever its message.
    Malformed,
}

impl Expect {
    fn matches(&self, outcome: &Result<(), Error>) -> bool {
        match (self, outcome) {
            (Expect::Accepted, Ok(())) | (Expect::Malformed, Err(Error::Malformed(_))) => true,
            (Expect::Is(expected), Err(got)) => expected == got,
            _ => false,
        }
    }
}

/// What a case does with its token: decode it, verify it, present it.
pub(crate) type Check = Box<dyn Fn(&str) -> Result<(), Error>>;

/// `Keys::decode::<T>` under `keys` (owned, or `&'static` for shared keys).
pub(crate) fn decode_as<T: Claims>(keys: impl Borrow<Keys> + 'static) -> Check {
    Box::new(move |token| keys.borrow().decode::<T>(token).map(drop))
}

pub(crate) struct Case {
    name: String,
    check: Check,
    token: String,
    expect: Expect,
    /// Attacker-chosen texts that must not appear in the error.
    planted: Vec<String>,
}

impl Case {
    pub(crate) fn new(
        name: impl Into<String>,
        check: Check,
        token: String,
        expect: Expect,
    ) -> Self {
        Self {
            name: name.into(),
            check,
            token,
            expect,
            planted: Vec::new(),
        }
    }

    /// Also fail if the error shows `text` (texts under 4 bytes are not
    /// looked for: they occur in any message).
    pub(crate) fn planted(mut self, text: impl Into<String>) -> Self {
        self.planted.push(text.into());
        self
    }

    /// Runs the case: `None` if it holds, or why it does not.
    fn failure(&self) -> Option<String> {
        let Ok(outcome) = catch_unwind(AssertUnwindSafe(|| (self.check)(&self.token))) else {
            return Some("PANICKED".to_string());
        };
        if !self.expect.matches(&outcome) {
            return Some(format!("expected {:?}, got {outcome:?}", self.expect));
        }
        outcome.err().and_then(|err| self.leak(&err))
    }

    /// Whether any rendering of `err` (`Display`, `Debug`, pretty `Debug`,
    /// its sources) shows a planted text, or a canary in any case.
    fn leak(&self, err: &Error) -> Option<String> {
        let mut shown = vec![err.to_string(), format!("{err:?}"), format!("{err:#?}")];
        if shown[0].is_empty() {
            return Some("the error's Display is empty".to_string());
        }
        let mut source = std::error::Error::source(err);
        while let Some(inner) = source {
            shown.push(inner.to_string());
            source = inner.source();
        }
        for text in &shown {
            if let Some(planted) = self
                .planted
                .iter()
                .filter(|planted| planted.len() >= 4)
                .find(|planted| text.contains(planted.as_str()))
            {
                return Some(format!("the error shows {planted:?}"));
            }
            if let Some(canary) = leaked_canary(text) {
                return Some(format!("the error shows the canary {canary:?}"));
            }
        }
        None
    }
}

/// Runs every case of `family`: exact outcome, no panic, no leak, names
/// unique. Reports every failing case at once.
pub(crate) fn run(family: &str, cases: &[Case]) {
    let mut failures = String::new();
    let mut names = HashSet::new();
    for case in cases {
        if !names.insert(case.name.as_str()) {
            let _ = writeln!(failures, "  {}: a second case of this name", case.name);
        }
        if let Some(why) = case.failure() {
            let _ = writeln!(failures, "  {}: {why}", case.name);
        }
    }
    eprintln!("{family}: {} bad-token cases", cases.len());
    assert!(failures.is_empty(), "{family}: failing cases:\n{failures}");
}

#[test]
fn the_runner_reports_wrong_variants_leaks_panics_and_twins() {
    let fails = |name: &str, outcome: Result<(), Error>, expect: Expect| {
        Case::new(
            name,
            Box::new(move |_| outcome.clone()),
            String::new(),
            expect,
        )
    };
    let bad = [
        vec![fails(
            "wrong variant",
            Err(Error::Signature),
            Expect::Is(Error::Algorithm),
        )],
        vec![fails("unexpected success", Ok(()), Expect::Malformed)],
        vec![fails(
            "leaks the canary",
            Err(Error::Malformed("canary-7f3a9c-hostile-payload")),
            Expect::Malformed,
        )],
        vec![fails(
            "leaks a canary fragment, re-cased",
            Err(Error::Malformed("CANARINA")),
            Expect::Malformed,
        )],
        vec![
            fails(
                "leaks a planted text",
                Err(Error::Key("../../etc/passwd")),
                Expect::Is(Error::Key("../../etc/passwd")),
            )
            .planted("../../etc/passwd"),
        ],
        vec![Case::new(
            "panics",
            Box::new(|_| panic!("a deliberate panic in the runner's self-test")),
            String::new(),
            Expect::Accepted,
        )],
        vec![
            fails("twin", Ok(()), Expect::Accepted),
            fails("twin", Ok(()), Expect::Accepted),
        ],
    ];
    for cases in bad {
        let name = cases[0].name.clone();
        let caught = catch_unwind(AssertUnwindSafe(|| run("self-test", &cases)));
        assert!(caught.is_err(), "the runner let `{name}` pass");
    }
    run(
        "self-test",
        &[
            fails("fine", Ok(()), Expect::Accepted),
            fails(
                "the expected error",
                Err(Error::Signature),
                Expect::Is(Error::Signature),
            ),
            fails(
                "a short planted text is not looked for",
                Err(Error::Algorithm),
                Expect::Is(Error::Algorithm),
            )
            .planted("alg"),
        ],
    );
}
