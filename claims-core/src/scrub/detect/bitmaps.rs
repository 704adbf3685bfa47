//! The byte classes the number pass needs, as bitmaps of a 64-byte block
//! (bit `k` is byte `k`), so that runs of digits and their neighbours are
//! found by mask arithmetic rather than a branch per byte.
//!
//! On `x86_64` each 16 bytes are classified with SSE2 (part of the `x86_64`
//! baseline) through `safe_arch`'s safe wrappers: a few compares and one
//! `movemask` per class (a block's tail is zero-padded first). Elsewhere a
//! byte loop gives the same bits (a unit test holds the two to each other).

/// The classes of one block's bytes; bytes past the input are in none.
///
/// `glue` and `opening` look at the byte before as well, but only within
/// the same 16-byte chunk (one vector): at a chunk's first byte, `glue`
/// is its word test alone (a `-`/`.` there is never glue: the scan checks
/// the runs after one itself) and `opening` takes any capital (the IBAN
/// parser checks for two).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Block {
    /// `[0-9]`
    pub(crate) digit: u64,
    /// `:`
    pub(crate) colon: u64,
    /// ` `, `-`, `.`: separate groups of digits.
    pub(crate) sep: u64,
    /// A number right after this byte is glued to a word: a word character
    /// (`[A-Za-z0-9_]`), or a `-`/`.` after one (`v1.2`, `a716-4466`).
    pub(crate) glue: u64,
    /// A number right after this byte may open a phone number or an IBAN:
    /// `+`, `(`, or a capital after a capital (a country code).
    pub(crate) opening: u64,
}

/// The classes of `hay[from..from + 64]`.
#[inline]
pub(crate) fn block(hay: &[u8], from: usize) -> Block {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        let classify = |bytes: &[u8]| {
            let mut out = Block::default();
            for (at, chunk) in (0..64).step_by(16).zip(bytes.chunks_exact(16)) {
                let chunk: &[u8; 16] = chunk.try_into().unwrap_or(&[0; 16]);
                sse2::classify(chunk, &mut out, at);
            }
            out
        };
        match hay.get(from..from + 64) {
            Some(bytes) => classify(bytes),
            // The tail, zero-padded: a zero byte is in no class.
            None => match hay.get(from..).filter(|tail| !tail.is_empty()) {
                Some(tail) => {
                    let mut padded = [0u8; 64];
                    padded[..tail.len()].copy_from_slice(tail);
                    classify(&padded)
                }
                None => Block::default(),
            },
        }
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    bytewise(hay.get(from..).unwrap_or_default())
}

/// The classes of up to 64 bytes, a byte at a time.
#[cfg(any(test, not(all(target_arch = "x86_64", target_feature = "sse2"))))]
fn bytewise(bytes: &[u8]) -> Block {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut out = Block::default();
    let mut before = None;
    for (k, &b) in bytes.iter().take(64).enumerate() {
        // The byte before, within the same 16-byte chunk.
        let prev = if k % 16 == 0 { None } else { before };
        before = Some(b);
        let bit = 1u64 << k;
        let set = |map: &mut u64, on: bool| *map |= if on { bit } else { 0 };
        set(&mut out.digit, b.is_ascii_digit());
        set(&mut out.colon, b == b':');
        set(&mut out.sep, matches!(b, b' ' | b'-' | b'.'));
        let attached = matches!(b, b'-' | b'.') && prev.is_some_and(word);
        set(&mut out.glue, word(b) || attached);
        let capitals = b.is_ascii_uppercase() && prev.is_none_or(|p| p.is_ascii_uppercase());
        set(&mut out.opening, matches!(b, b'+' | b'(') || capitals);
    }
    out
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
mod sse2 {
    use safe_arch::{
        add_i8_m128i, bitand_m128i, bitor_m128i, byte_shl_imm_u128_m128i, cmp_eq_mask_i8_m128i,
        cmp_lt_mask_i8_m128i, load_unaligned_m128i, m128i, move_mask_i8_m128i, set_splat_i8_m128i,
    };

    use super::Block;

    /// `lo..=hi` as a lane mask: shift the range down to start at `i8::MIN`,
    /// then one signed compare (SSE2 has no unsigned one).
    #[inline]
    #[allow(clippy::cast_possible_wrap)] // byte patterns, not numbers
    fn range(v: m128i, lo: u8, hi: u8) -> m128i {
        let shifted = add_i8_m128i(v, set_splat_i8_m128i(0x80u8.wrapping_sub(lo) as i8));
        cmp_lt_mask_i8_m128i(shifted, set_splat_i8_m128i((0x80 + hi - lo + 1) as i8))
    }

    #[inline]
    #[allow(clippy::cast_possible_wrap)]
    fn eq(v: m128i, b: u8) -> m128i {
        cmp_eq_mask_i8_m128i(v, set_splat_i8_m128i(b as i8))
    }

    /// Each lane's mask moved to the next lane up: "the byte before", with
    /// lane 0 given `first`.
    #[inline]
    fn before(mask: m128i, first: i8) -> m128i {
        bitor_m128i(
            byte_shl_imm_u128_m128i::<1>(mask),
            m128i::from([first, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
        )
    }

    /// Sets the bits `at..at + 16` of `out`'s maps from `chunk`.
    #[inline]
    #[allow(clippy::cast_sign_loss, clippy::cast_possible_truncation)] // a 16-bit lane mask
    pub(super) fn classify(chunk: &[u8; 16], out: &mut Block, at: u32) {
        let v = load_unaligned_m128i(chunk);
        let bits = |mask: m128i| u64::from(move_mask_i8_m128i(mask) as u16) << at;
        let digit = range(v, b'0', b'9');
        // `| 0x20` lowercases letters and maps no other byte into a-z.
        let alpha = range(bitor_m128i(v, set_splat_i8_m128i(0x20)), b'a', b'z');
        let word = bitor_m128i(bitor_m128i(digit, alpha), eq(v, b'_'));
        let attach = bitor_m128i(eq(v, b'-'), eq(v, b'.'));
        let upper = range(v, b'A', b'Z');
        let open = bitor_m128i(eq(v, b'+'), eq(v, b'('));
        out.digit |= bits(digit);
        out.colon |= bits(eq(v, b':'));
        out.sep |= bits(bitor_m128i(attach, eq(v, b' ')));
        out.glue |= bits(bitor_m128i(word, bitand_m128i(attach, before(word, 0))));
        out.opening |= bits(bitor_m128i(open, bitand_m128i(upper, before(upper, -1))));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_byte_in_every_lane() {
        // Each byte value at each of the 64 positions, and after each of
        // a few neighbours, against the byte loop (on x86_64 the block
        // path is the SSE2 one).
        for lead in [b' ', b'a', b'A', b'-', b'7'] {
            for shift in 0..64 {
                let hay: Vec<u8> = (0..=255u8)
                    .flat_map(|b| [lead, b])
                    .cycle()
                    .skip(shift)
                    .take(64 * 8)
                    .collect();
                for from in (0..hay.len()).step_by(64) {
                    let whole = block(&hay, from);
                    let want = bytewise(&hay[from..from + 64]);
                    assert_eq!(whole, want, "lead {lead} shift {shift} at {from}");
                }
            }
        }
        let one = bytewise(b"0:aZ_+(-. xB-AB");
        assert_eq!(one.digit, 1);
        assert_eq!(one.colon, 1 << 1);
        assert_eq!(one.sep, 0b111 << 7 | 1 << 12);
        // Word characters, and the `-` after `B` (not the `.` after `-`).
        assert_eq!(one.glue, 0b100_0001_1101 | 0b1111 << 11);
        // `+`, `(`, and the second capital of `AB`.
        assert_eq!(one.opening, 0b11 << 5 | 1 << 14);
    }

    #[test]
    fn previous_byte_only_within_a_chunk() {
        let mut hay = [b' '; 64];
        hay[15] = b'x';
        hay[16] = b'.';
        hay[31] = b'A';
        hay[32] = b'B';
        let got = block(&hay, 0);
        assert_eq!(
            got.glue,
            1 << 15 | 1 << 31 | 1 << 32,
            "the `.` at 16 is not glued"
        );
        assert_eq!(got.opening, 1 << 32, "a capital at a chunk start opens");
    }

    #[test]
    fn tail_and_past_the_end() {
        let hay = b"12 ab";
        assert_eq!(block(hay, 0).digit, 0b11);
        assert_eq!(block(hay, 0).glue, 0b11011);
        assert_eq!(block(hay, 64), Block::default());
        let text = b"v1.2 +44 (0)20 AB12-x.9:0 ".repeat(5);
        for len in 0..text.len() {
            for from in [0, 1, 17, 64] {
                let hay = &text[..len];
                let want = bytewise(hay.get(from..).unwrap_or_default());
                assert_eq!(block(hay, from), want, "{len} from {from}");
            }
        }
    }
}
