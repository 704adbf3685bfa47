//! The `claims` command's token reading, shared by its binary and the fuzz
//! targets (`fuzz/`). Not an API: no stability promise; the command line is
//! the interface.

#[doc(hidden)]
pub mod inspect;
