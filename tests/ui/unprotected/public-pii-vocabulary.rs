// The names of issue 10 that compiled as `public` before the lexicon had
// categories: every one is refused in one build, naming its category and
// the phrase matched.
use claims_core::Claims;

#[derive(Claims)]
struct Profile {
    #[claim(public)]
    creditCard: String,
    #[claim(public)]
    credit_card_number: String,
    #[claim(public)]
    cc_number: String,
    #[claim(public)]
    social_security_number: String,
    #[claim(public)]
    socialSecurityNumber: String,
    #[claim(public)]
    drivers_license: String,
    #[claim(public)]
    home_address: String,
    #[claim(public)]
    postal_code: String,
    #[claim(public)]
    zipcode: String,
    #[claim(public)]
    latitude: f64,
    #[claim(public)]
    birthday: String,
    #[claim(public)]
    firstname: String,
    #[claim(public)]
    telephone: String,
    #[claim(public)]
    emails: Vec<String>,
    #[claim(public)]
    mac_address: String,
    #[claim(public)]
    diagnosis: String,
    #[claim(public)]
    mrn: String,
    #[claim(public)]
    medical_record: String,
    #[claim(public)]
    allergies: Vec<String>,
    #[claim(public)]
    insurance_number: String,
    #[claim(public)]
    religion: String,
    #[claim(public)]
    ethnicity: String,
    #[claim(public)]
    salary: u64,
    #[claim(public)]
    biometric: String,
    #[claim(public)]
    fingerprint: String,
    #[claim(public)]
    api_key: String,
    #[claim(public)]
    role: String,
}

fn main() {}
