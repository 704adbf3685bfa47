use claims_core::Claims;

#[derive(Claims)]
struct Session;

fn main() {
    println!("{:?}", Session::POLICY);
}
