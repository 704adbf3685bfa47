// `rename` sets the claim name; `Debug` keeps the Rust name. A reserved or
// PII-looking Rust name renamed to a neutral claim name is fine, as are raw
// identifiers.
use claims_core::Claims;

#[derive(Claims)]
struct Session {
    #[claim(public, rename = "https://example.com/roles")]
    roles: Vec<String>,
    #[claim(public, rename = "tenantId")]
    tenant: String,
    #[claim(public, rename = "expires_hint")]
    exp: u64,
    #[claim(public)]
    r#type: String,
}

fn main() {
    let wire: Vec<_> = Session::POLICY.iter().map(|f| f.wire_name).collect();
    assert_eq!(
        wire,
        [
            "https://example.com/roles",
            "tenantId",
            "expires_hint",
            "type"
        ]
    );
    assert_eq!(Session::POLICY[3].name, "type");
    let session = Session {
        roles: vec![],
        tenant: "acme".to_owned(),
        exp: 0,
        r#type: "access".to_owned(),
    };
    assert_eq!(
        format!("{session:?}"),
        r#"Session { roles: [], tenant: "acme", exp: 0, type: "access" }"#,
    );
}
