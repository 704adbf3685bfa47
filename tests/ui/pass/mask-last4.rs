use claims_core::{Claims, Mask, Pii};

#[derive(Claims)]
struct Payment {
    #[claim(encrypted, mask = "last4")]
    card_number: Pii<String>,
    #[claim(encrypted, mask = "last4")]
    phone: Pii<Option<String>>,
    #[claim(public, mask = "last4")]
    order: String,
}

fn main() {
    let payment = Payment {
        card_number: Pii::new("4111 1111 1111 1234".to_owned()),
        phone: Pii::new(None),
        order: "ORD-2026-000042".to_owned(),
    };
    assert_eq!(
        payment.to_string(),
        "Payment { card_number: •••1234, phone: None, order: •••0042 }",
    );
    assert!(Payment::POLICY.iter().all(|f| f.mask == Some(Mask::Last4)));
}
