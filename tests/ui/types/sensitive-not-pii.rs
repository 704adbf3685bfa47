// A `sensitive` claim is read into `Pii<T>`, nothing else.
use claims_core::Claims;

#[derive(Claims)]
struct Identity {
    #[claim(sensitive)]
    email: String,
}

fn main() {}
