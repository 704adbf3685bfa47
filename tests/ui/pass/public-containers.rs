// Scalars, strings and the standard containers of them are `ClaimValue`s.
use std::borrow::Cow;
use std::collections::{BTreeSet, HashSet, VecDeque};
use std::num::NonZeroU32;

use claims_core::Claims;

#[derive(Claims)]
struct Session {
    #[claim(public)]
    role: Box<str>,
    #[claim(public)]
    scope: Cow<'static, str>,
    #[claim(public)]
    level: Option<NonZeroU32>,
    #[claim(public)]
    groups: BTreeSet<String>,
    #[claim(public)]
    ids: HashSet<u64>,
    #[claim(public)]
    queue: VecDeque<i16>,
    #[claim(public)]
    window: [u8; 4],
    #[claim(public)]
    ratio: (f32, char, bool, ()),
    #[claim(public)]
    nested: Vec<Option<Box<[u32]>>>,
}

fn main() {
    let session = Session {
        role: "admin".into(),
        scope: Cow::Borrowed("orders"),
        level: NonZeroU32::new(2),
        groups: BTreeSet::from(["ops".to_owned()]),
        ids: HashSet::new(),
        queue: VecDeque::new(),
        window: [1, 2, 3, 4],
        ratio: (0.5, 'x', true, ()),
        nested: vec![None],
    };
    assert!(format!("{session:?}").starts_with(r#"Session { role: "admin", scope: "orders""#));
}
