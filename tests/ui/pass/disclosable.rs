use claims_core::{Claims, Disclosable, Protection};

// PII names are allowed: a disclosable field is not in the clear.
#[derive(Claims)]
struct Credential<T> {
    #[claim(disclosable)]
    email: Option<String>,
    #[claim(disclosable)]
    birthdate: Disclosable<String>,
    #[claim(disclosable, rename = "phone_number")]
    phone: Option<T>,
    #[claim(public)]
    role: String,
}

// Without a disclosable field, `cnf` is an ordinary claim name.
#[derive(Claims)]
struct Plain {
    #[claim(public)]
    cnf: String,
}

fn main() {
    let policy = Credential::<u64>::POLICY;
    assert_eq!(policy[0].protection, Protection::Disclosable);
    assert_eq!(policy[2].wire_name, "phone_number");
    let c = Credential::<u64> {
        email: Some("a@example.com".into()),
        birthdate: Disclosable::new("2000-01-01".into()),
        phone: None,
        role: String::new(),
    };
    assert_eq!(
        format!("{c:?}"),
        r#"Credential { email: <disclosable>, birthdate: <disclosable>, phone: <disclosable>, role: "" }"#
    );
    let _ = Plain { cnf: String::new() };
}
