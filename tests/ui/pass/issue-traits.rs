// Which structs may be issued, and how: a plain struct as a JWT and as an
// SD-JWT; a struct with `disclosable` fields as an SD-JWT only; a struct
// with `sensitive` fields never (it can still be decoded).
use claims_core::{Claims, EncodeClaims, EncodeSdClaims, Pii};

#[derive(Claims)]
struct Plain {
    #[claim(public)]
    role: String,
}

#[derive(Claims)]
struct Credential<T> {
    #[claim(public)]
    role: T,
    #[claim(disclosable)]
    email: Option<String>,
}

#[derive(Claims)]
struct Identity {
    #[claim(sensitive)]
    email: Pii<String>,
}

fn jwt<T: EncodeClaims>() {}
fn sd_jwt<T: EncodeSdClaims>() {}
fn decoded<T: Claims>() {}

fn main() {
    jwt::<Plain>();
    sd_jwt::<Plain>();
    sd_jwt::<Credential<u32>>();
    decoded::<Identity>();
}
