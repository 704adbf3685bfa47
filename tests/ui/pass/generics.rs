use claims_core::{ClaimValue, Claims, Hashed, Pii};
use serde::{Deserialize, Serialize};

#[derive(Claims)]
struct Tagged<T, U> {
    #[claim(public)]
    tag: T,
    #[claim(hashed)]
    sub: Hashed<U>,
    #[claim(encrypted)]
    payload: Vec<U>,
    #[claim(forbidden)]
    scratch: Option<T>,
}

#[derive(Claims)]
struct Bounded<'a, T: Clone + 'a, const N: usize>
where
    T: Default,
{
    #[claim(public)]
    values: [T; N],
    #[claim(encrypted)]
    secret: Pii<String>,
    #[claim(forbidden)]
    marker: std::marker::PhantomData<&'a T>,
}

#[derive(Debug, Serialize, Deserialize, Default, Clone, ClaimValue)]
struct Level(u8);

fn assert_claims<C: Claims + std::fmt::Debug + std::fmt::Display>() {}

fn main() {
    assert_claims::<Tagged<u32, String>>();
    assert_claims::<Tagged<Level, Level>>();
    assert_claims::<Bounded<'static, Level, 3>>();
    let tagged = Tagged {
        tag: 1_u32,
        sub: Hashed::new("u".to_owned()),
        payload: vec!["x".to_owned()],
        scratch: None,
    };
    assert_eq!(
        tagged.to_string(),
        "Tagged { tag: 1, sub: <hashed>, payload: <encrypted>, scratch: <forbidden> }",
    );
}
