//! The contract between `#[derive(Claims)]` and the runtime: the [`Claims`]
//! trait the derive implements, and everything its generated code calls
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

pub(crate) use disclosure::{Disclosed, Disclosures};
pub(crate) use payload::RawClaims;
pub use reader::PayloadReader;
pub use redact::Last4;
pub use view::ViewWriter;
pub use writer::PayloadWriter;

/// A claims struct: implemented by `#[derive(Claims)]`, never by hand.
///
/// The hidden methods are the derive's contract with the codec in
/// [`Keys`](crate::Keys); they are not a stable API.
pub trait Claims: Sized {
    /// Every field's policy, in declaration order.
    const POLICY: &'static [FieldPolicy];

    #[doc(hidden)]
    fn __encode(&self, writer: &mut PayloadWriter<'_>) -> Result<(), Error>;

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
