//! The contract between `#[derive(Claims)]` and the runtime: the
//! [`Claims`], [`EncodeClaims`] and [`EncodeSdClaims`] traits the derive
//! implements, and everything its generated code calls
//! (the payload writer and reader, the view writer, the masks). It knows the
//! protections and the wire format, never how a token is framed or signed:
//! the token and SD-JWT layers above hand it a payload to fill or read.

mod disclosure;
mod guard;
mod payload;
mod reader;
mod redact;
mod view;
mod writer;

use crate::error::Error;
use crate::policy::FieldPolicy;

pub(crate) use disclosure::Disclosed;
pub use disclosure::Disclosures;
pub(crate) use payload::RawClaims;
pub use reader::PayloadReader;
pub use redact::Last4;
pub use view::ViewWriter;
pub use writer::PayloadWriter;

/// A claims struct: implemented by `#[derive(Claims)]`, never by hand. What
/// every claims struct can do: be decoded, list its policy, show a masked
/// view. Issuing a token needs more ([`EncodeClaims`]).
///
/// The hidden methods are the derive's contract with the codec in
/// [`Keys`](crate::Keys); they are not a stable API.
pub trait Claims: Sized {
    /// Every field's policy, in declaration order.
    const POLICY: &'static [FieldPolicy];

    #[doc(hidden)]
    fn __decode(reader: &PayloadReader<'_>) -> Result<Self, Error>;

    #[doc(hidden)]
    fn __view(&self, view: &mut ViewWriter<'_>);

    /// A JSON view for logs and responses: public values, pseudonyms (or
    /// `<hashed>` before encoding), encrypted values as their mask or
    /// `<encrypted>`; forbidden fields left out. Keys are the wire names.
    /// To reveal encrypted values to some roles, use [`RevealPolicy`](crate::RevealPolicy).
    fn masked_view(&self) -> serde_json::Value {
        let mut view = ViewWriter::new(&[]);
        self.__view(&mut view);
        view.into_value()
    }
}

/// A claims struct that `claims` may issue as a JWT
/// ([`Keys::encode`](crate::Keys::encode), `Lifecycle::login`): one with no
/// `disclosable` field (those travel only in an SD-JWT) and no `sensitive`
/// field (personal data read from another issuer's token, which must never
/// travel in the clear again). `#[derive(Claims)]` implements it when that
/// holds, so the rule is checked at compile time.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be issued as a JWT: it has a `disclosable` or a `sensitive` field",
    label = "`Keys::encode` and `Lifecycle::login` need a struct without them",
    note = "a struct with `disclosable` fields is issued as an SD-JWT: call `Keys::issue_sd`",
    note = "a `sensitive` field holds personal data read in the clear from another issuer's token, which `claims` never issues: declare another struct, without it, for the tokens you issue"
)]
pub trait EncodeClaims: Claims {
    #[doc(hidden)]
    fn __encode(&self, writer: &mut PayloadWriter<'_>) -> Result<(), Error>;
}

/// A claims struct that `claims` may issue as an SD-JWT
/// ([`Keys::issue_sd`](crate::Keys::issue_sd)): one with no `sensitive`
/// field. `#[derive(Claims)]` implements it when that holds.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be issued as an SD-JWT: it has a `sensitive` field",
    label = "a struct with `sensitive` fields can only be decoded",
    note = "a `sensitive` field holds personal data read in the clear from another issuer's token, which `claims` never issues: declare another struct, without it, for the tokens you issue"
)]
pub trait EncodeSdClaims: Claims {
    /// Public, hashed and encrypted fields to `writer` (the issuer JWT's
    /// payload), `disclosable` ones to `disclosures`.
    #[doc(hidden)]
    fn __encode_sd(
        &self,
        writer: &mut PayloadWriter<'_>,
        disclosures: &mut Disclosures,
    ) -> Result<(), Error>;
}
