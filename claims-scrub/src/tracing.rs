//! Scrubbing for `tracing` (feature `tracing`): a [`MakeWriter`] that passes
//! every formatted event through a [`Scrubber`] (or, for the JSON format, a
//! [`JsonScrubber`]) before it reaches the real sink.
//!
//! ```
//! use claims_scrub::Scrubber;
//! use claims_scrub::tracing::ScrubbingWriter;
//!
//! let subscriber = tracing_subscriber::fmt()
//!     .with_writer(ScrubbingWriter::text(Scrubber::new(), std::io::stderr))
//!     .finish();
//! # drop(subscriber);
//! ```
//!
//! tracing-subscriber's formatter asks for a writer per event and writes the
//! whole formatted event to it; each [`EventWriter`] buffers what it is given
//! and scrubs and writes it when dropped, so a finding split across the
//! formatter's `write` calls is still one finding.

use std::io::{self, Write};
use std::sync::Arc;

use tracing_subscriber::fmt::MakeWriter;

use crate::json::JsonScrubber;
use crate::scrubber::Scrubber;

/// How events are scrubbed.
#[derive(Debug)]
enum Mode {
    Text(Scrubber),
    Json(JsonScrubber),
}

/// Wraps a [`MakeWriter`] so that every event is scrubbed before it is written.
#[derive(Debug, Clone)]
pub struct ScrubbingWriter<M> {
    inner: M,
    mode: Arc<Mode>,
}

impl<M> ScrubbingWriter<M> {
    /// For the text formats (`full`, `compact`, `pretty`): the text scrubber
    /// runs over each event.
    pub fn text(scrubber: Scrubber, inner: M) -> Self {
        Self {
            inner,
            mode: Arc::new(Mode::Text(scrubber)),
        }
    }

    /// For the `json` format: each event line goes through the JSON scrubber
    /// (fields masked by name, the text scrubber over every other string).
    pub fn json(scrubber: JsonScrubber, inner: M) -> Self {
        Self {
            inner,
            mode: Arc::new(Mode::Json(scrubber)),
        }
    }
}

impl<'a, M: MakeWriter<'a>> MakeWriter<'a> for ScrubbingWriter<M> {
    type Writer = EventWriter<'a, M::Writer>;

    fn make_writer(&'a self) -> Self::Writer {
        EventWriter {
            inner: self.inner.make_writer(),
            mode: &self.mode,
            buf: Vec::new(),
        }
    }
}

/// One event's writer: buffers, then scrubs and writes on drop.
#[derive(Debug)]
pub struct EventWriter<'a, W: Write> {
    inner: W,
    mode: &'a Mode,
    buf: Vec<u8>,
}

impl<W: Write> EventWriter<'_, W> {
    fn emit(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let mut out = Vec::with_capacity(self.buf.len());
        match self.mode {
            Mode::Text(scrubber) => {
                scrubber.scrub_into(&self.buf, &mut out);
            }
            Mode::Json(json) => {
                // One event is one line; keep its newline.
                for line in self.buf.split_inclusive(|&b| b == b'\n') {
                    let (body, newline) = match line.strip_suffix(b"\n") {
                        Some(body) => (body, true),
                        None => (line, false),
                    };
                    json.scrub_line_into(body, &mut out);
                    if newline {
                        out.push(b'\n');
                    }
                }
            }
        }
        self.buf.clear();
        self.inner.write_all(&out)?;
        self.inner.flush()
    }
}

impl<W: Write> Write for EventWriter<'_, W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        // Flushing mid-event would split findings: the event is written on drop.
        Ok(())
    }
}

impl<W: Write> Drop for EventWriter<'_, W> {
    fn drop(&mut self) {
        // Errors cannot surface from drop; tracing drops write errors too.
        let _ = self.emit();
    }
}
