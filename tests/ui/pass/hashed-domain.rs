// Two fields sharing a pseudonym domain produce comparable pseudonyms.
use claims_core::{Claims, Hashed, Protection};

#[derive(Claims)]
struct Transfer {
    #[claim(hashed(domain = "user"))]
    from: Hashed<String>,
    #[claim(hashed(domain = "user"))]
    to: Hashed<String>,
    #[claim(hashed)]
    account: Hashed<String>,
    #[claim(hashed())]
    device: Hashed<u64>,
}

fn main() {
    let domains: Vec<_> = Transfer::POLICY.iter().map(|f| f.protection).collect();
    assert_eq!(
        domains,
        [
            Protection::Hashed { domain: "user" },
            Protection::Hashed { domain: "user" },
            Protection::Hashed { domain: "account" },
            Protection::Hashed { domain: "device" },
        ],
    );
}
