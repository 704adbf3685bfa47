use claims_core::{Claims, FieldPolicy};

#[derive(Claims)]
struct Ticket {
    #[claim(public(unguarded = "the support line printed on every ticket"))]
    support_line: String,
    #[claim(public())]
    queue: String,
}

const POLICY: &[FieldPolicy] = Ticket::POLICY;

fn main() {
    assert_eq!(POLICY[0].unguarded, Some("the support line printed on every ticket"));
    assert_eq!(POLICY[1].unguarded, None);
}
