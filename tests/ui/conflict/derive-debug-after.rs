// `Claims` implements a redacted `Debug` and `Display`: a derive of either
// in a later `#[derive]` is refused with the reason.
use claims_core::Claims;

#[derive(Claims)]
#[derive(Clone, Debug)]
struct Session {
    #[claim(public)]
    role: String,
}

fn main() {}
