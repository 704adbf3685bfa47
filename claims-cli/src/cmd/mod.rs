//! One module per subcommand.

pub(crate) mod audit;
pub(crate) mod inspect;
pub(crate) mod keygen;
pub(crate) mod scrub;

use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::Path;

/// A file, or standard input for `-` or no path.
pub(crate) fn open_input(path: Option<&Path>) -> io::Result<Box<dyn BufRead>> {
    match path {
        Some(path) if path != Path::new("-") => Ok(Box::new(BufReader::with_capacity(
            1 << 16,
            File::open(path)?,
        ))),
        _ => Ok(Box::new(BufReader::with_capacity(
            1 << 16,
            io::stdin().lock(),
        ))),
    }
}
