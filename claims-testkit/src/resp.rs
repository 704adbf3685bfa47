//! Just enough of the Redis protocol (RESP2) for a launcher to ask a server
//! whether it is up and who it is: one command, one reply of text.

use std::io::{self, BufRead as _, BufReader, Read as _, Write as _};
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::time::Duration;

/// Longest reply read: `INFO` is about 5 KB.
const MAX_REPLY: usize = 64 * 1024;

/// A reply a launcher can act on.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Reply {
    /// `+OK`, `+PONG`, or a bulk string's text.
    Text(String),
    /// `:0`.
    Integer(i64),
    /// `$-1`: no such key.
    Nil,
    /// `*<n>`: `CLUSTER GETKEYSINSLOT`'s keys.
    Array(Vec<Reply>),
    /// `-LOADING ...`, `-ERR ...`: the server answered, but not with a value.
    Error(String),
}

/// Sends `args` as one command to the server on `127.0.0.1:port` and reads
/// its reply. Connection, reading and writing each give up after `timeout`.
pub(crate) fn command(port: u16, args: &[&str], timeout: Duration) -> io::Result<Reply> {
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let mut stream = TcpStream::connect_timeout(&address, timeout)?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    let mut request = Vec::new();
    write!(request, "*{}\r\n", args.len())?;
    for arg in args {
        write!(request, "${}\r\n{arg}\r\n", arg.len())?;
    }
    stream.write_all(&request)?;
    read_reply(&mut BufReader::new(stream))
}

fn read_reply(reader: &mut BufReader<TcpStream>) -> io::Result<Reply> {
    let mut line = String::new();
    reader
        .by_ref()
        .take(MAX_REPLY as u64)
        .read_line(&mut line)?;
    let line = line
        .strip_suffix("\r\n")
        .ok_or_else(|| invalid("a reply line without CRLF"))?;
    let (kind, rest) = line.split_at_checked(1).unwrap_or(("", ""));
    match kind {
        "+" => Ok(Reply::Text(rest.to_owned())),
        "-" => Ok(Reply::Error(rest.to_owned())),
        ":" => rest
            .parse()
            .map(Reply::Integer)
            .map_err(|_| invalid("an integer reply that is not one")),
        "$" | "*" if rest == "-1" => Ok(Reply::Nil),
        "*" => {
            let len: usize = rest.parse().map_err(|_| invalid("an array of no length"))?;
            if len > MAX_REPLY {
                return Err(invalid("an array over 64 Ki items"));
            }
            (0..len)
                .map(|_| read_reply(reader))
                .collect::<io::Result<_>>()
                .map(Reply::Array)
        }
        "$" => {
            let len: usize = rest
                .parse()
                .map_err(|_| invalid("a bulk string of no length"))?;
            if len > MAX_REPLY {
                return Err(invalid("a bulk string over 64 KiB"));
            }
            let mut bytes = vec![0; len + 2];
            reader.read_exact(&mut bytes)?;
            bytes.truncate(len);
            let text = String::from_utf8(bytes).map_err(|_| invalid("a reply not in UTF-8"))?;
            Ok(Reply::Text(text))
        }
        _ => Err(invalid("a reply of another type")),
    }
}

fn invalid(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("redis sent {what}"))
}
