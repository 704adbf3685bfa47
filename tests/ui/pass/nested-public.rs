// A public claim may be any `Serialize + Deserialize` type, nested structs
// included; `Debug` prints it with its own `Debug`.
use claims_core::{Claims, Pii};
use serde::{Deserialize, Serialize};

#[derive(Debug, Serialize, Deserialize)]
struct Tenant {
    id: u64,
    plan: Plan,
}

#[derive(Debug, Serialize, Deserialize)]
enum Plan {
    Free,
    Team,
}

#[derive(Serialize, Deserialize)]
struct ShippingAddress {
    street: String,
    postcode: String,
}

#[derive(Claims)]
struct Session {
    #[claim(public)]
    tenant: Tenant,
    #[claim(public)]
    roles: Vec<String>,
    #[claim(encrypted)]
    address: ShippingAddress,
    #[claim(encrypted)]
    billing: Pii<Vec<String>>,
}

fn main() {
    let session = Session {
        tenant: Tenant {
            id: 7,
            plan: Plan::Team,
        },
        roles: vec!["admin".to_owned()],
        address: ShippingAddress {
            street: "1 Main St".to_owned(),
            postcode: "AB1 2CD".to_owned(),
        },
        billing: Pii::new(vec![]),
    };
    assert_eq!(
        format!("{session:?}"),
        r#"Session { tenant: Tenant { id: 7, plan: Team }, roles: ["admin"], address: <encrypted>, billing: <encrypted> }"#,
    );
    let _ = Plan::Free;
}
