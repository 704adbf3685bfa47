// A derive beside `Claims` (or before it) is invisible to it: rustc reports
// the conflicting impls (E0119), pointing at `Claims`, whose docs explain.
use claims_core::Claims;

#[derive(Debug, Claims)]
struct Session {
    #[claim(public)]
    role: String,
}

fn main() {}
