//! Random ids the lifecycle draws: family ids and store epochs.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use rand::RngCore as _;

/// `bytes` random bytes from the thread's CSPRNG, base64url: family ids,
/// store epochs.
pub(super) fn random_id(bytes: usize) -> String {
    let mut id = vec![0u8; bytes];
    rand::thread_rng().fill_bytes(&mut id);
    B64.encode(id)
}
