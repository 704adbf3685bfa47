use claims_core::Claims;

#[derive(Claims)]
struct Session {
    #[claim(disclosable)]
    email: Option<String>,
    #[claim(public)]
    cnf: String,
    #[claim(public, rename = "_sd")]
    digests: Vec<String>,
}

fn main() {}
