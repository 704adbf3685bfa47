//! A TCP proxy on loopback in front of a server, for fault tests: it can
//! hold every byte in both directions (a partition, or a hung server as its
//! clients see it), delay each chunk (a slow network) and cut every
//! connection (a reset), while the server itself runs on.

use std::io::{self, Read as _, Write as _};
use std::net::{Ipv4Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

/// Bytes read at once by a forwarding thread.
const CHUNK: usize = 16 * 1024;

/// A proxy from a free port on `127.0.0.1` to `127.0.0.1:<target>`: each
/// connection accepted opens one to the target, and two threads forward
/// bytes between them. Dropping it closes everything.
#[derive(Debug)]
pub struct TcpProxy {
    port: u16,
    control: Arc<Control>,
    accept: Option<JoinHandle<()>>,
}

#[derive(Debug, Default)]
struct Control {
    state: Mutex<State>,
    changed: Condvar,
    /// Both ends of every connection, to cut them.
    streams: Mutex<Vec<TcpStream>>,
}

#[derive(Debug, Default)]
struct State {
    paused: bool,
    latency: Duration,
    stopped: bool,
}

impl Control {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn update(&self, change: impl FnOnce(&mut State)) {
        change(&mut self.state());
        self.changed.notify_all();
    }

    /// Waits while paused; the latency to apply, or `None` once stopped.
    fn pass(&self) -> Option<Duration> {
        let mut state = self.state();
        while state.paused && !state.stopped {
            state = self
                .changed
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        (!state.stopped).then_some(state.latency)
    }

    fn cut_all(&self) {
        let mut streams = self.streams.lock().unwrap_or_else(PoisonError::into_inner);
        for stream in streams.drain(..) {
            // Already closed is as good.
            let _ = stream.shutdown(Shutdown::Both);
        }
    }
}

impl TcpProxy {
    /// Listens on a free loopback port and forwards to `target_port`.
    pub fn start(target_port: u16) -> io::Result<Self> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
        let port = listener.local_addr()?.port();
        let control = Arc::new(Control::default());
        let target = SocketAddr::from((Ipv4Addr::LOCALHOST, target_port));
        let accept = {
            let control = control.clone();
            std::thread::spawn(move || accept(&listener, target, &control))
        };
        Ok(Self {
            port,
            control,
            accept: Some(accept),
        })
    }

    /// The port clients connect to.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Holds every byte in both directions until [`resume`](Self::resume):
    /// connections stay open, requests hang.
    pub fn pause(&self) {
        self.control.update(|s| s.paused = true);
    }

    /// Forwards again what was held, and what comes.
    pub fn resume(&self) {
        self.control.update(|s| s.paused = false);
    }

    /// Delays every chunk forwarded, either way, by `latency`.
    pub fn set_latency(&self, latency: Duration) {
        self.control.update(|s| s.latency = latency);
    }

    /// Closes every connection open now (both ends); new ones are accepted.
    pub fn cut(&self) {
        self.control.cut_all();
    }
}

impl Drop for TcpProxy {
    fn drop(&mut self) {
        self.control.update(|s| s.stopped = true);
        self.control.cut_all();
        // Wakes the accept loop, which then sees `stopped`.
        let _ = TcpStream::connect((Ipv4Addr::LOCALHOST, self.port));
        if let Some(accept) = self.accept.take() {
            let _ = accept.join();
        }
    }
}

fn accept(listener: &TcpListener, target: SocketAddr, control: &Arc<Control>) {
    for client in listener.incoming() {
        if control.state().stopped {
            return;
        }
        let Ok(client) = client else { continue };
        let Ok(server) = TcpStream::connect(target) else {
            continue;
        };
        let (Ok(client_r), Ok(server_r)) = (client.try_clone(), server.try_clone()) else {
            continue;
        };
        {
            let mut streams = control
                .streams
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            for stream in [&client, &server] {
                if let Ok(clone) = stream.try_clone() {
                    streams.push(clone);
                }
            }
        }
        for (from, to) in [(client_r, server), (server_r, client)] {
            let control = control.clone();
            std::thread::spawn(move || forward(from, to, &control));
        }
    }
}

/// Copies `from` to `to` chunk by chunk, as the controls say, until either
/// side closes.
fn forward(mut from: TcpStream, mut to: TcpStream, control: &Control) {
    let mut buffer = vec![0u8; CHUNK];
    loop {
        let n = match from.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        let Some(latency) = control.pass() else { break };
        if !latency.is_zero() {
            std::thread::sleep(latency);
        }
        if to.write_all(&buffer[..n]).is_err() {
            break;
        }
    }
    let _ = to.shutdown(Shutdown::Write);
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::*;

    /// An echo server on a free port: one thread per connection.
    fn echo() -> u16 {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                std::thread::spawn(move || {
                    let mut stream = stream;
                    let mut buffer = [0u8; 64];
                    while let Ok(n @ 1..) = stream.read(&mut buffer) {
                        let _ = stream.write_all(&buffer[..n]);
                    }
                });
            }
        });
        port
    }

    fn round_trip(stream: &mut TcpStream) -> io::Result<Duration> {
        let start = Instant::now();
        stream.write_all(b"ping")?;
        let mut reply = [0u8; 4];
        stream.read_exact(&mut reply)?;
        assert_eq!(&reply, b"ping");
        Ok(start.elapsed())
    }

    fn connect(proxy: &TcpProxy) -> TcpStream {
        let stream = TcpStream::connect((Ipv4Addr::LOCALHOST, proxy.port())).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_millis(300)))
            .unwrap();
        stream
    }

    #[test]
    fn forwards_pauses_delays_and_cuts() {
        let proxy = TcpProxy::start(echo()).unwrap();
        let mut stream = connect(&proxy);
        round_trip(&mut stream).unwrap();

        proxy.pause();
        let hung = round_trip(&mut stream).expect_err("no reply while paused");
        assert!(matches!(
            hung.kind(),
            io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
        ));
        proxy.resume();
        // What was held arrives.
        let mut reply = [0u8; 4];
        stream.read_exact(&mut reply).unwrap();
        assert_eq!(&reply, b"ping");

        proxy.set_latency(Duration::from_millis(40));
        assert!(round_trip(&mut stream).unwrap() >= Duration::from_millis(80));
        proxy.set_latency(Duration::ZERO);

        proxy.cut();
        assert!(round_trip(&mut stream).is_err(), "cut");
        let mut again = connect(&proxy);
        round_trip(&mut again).unwrap();
    }
}
