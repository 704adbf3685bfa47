//! The byte classes the number pass needs, as bitmaps of a 64-byte block
//! (bit `k` is byte `k`), so that runs of digits and their neighbours are
//! found by mask arithmetic rather than a branch per byte.
//!
//! With the `fast` feature (default) on `x86_64`, the bytes are classified
//! with AVX2 when the CPU has it (checked once at run time) and with SSE2
//! (the `x86_64` baseline) otherwise: a few compares and one `movemask` per
//! class and vector, through `pulp`'s safe wrappers, with the whole pass
//! compiled for the instruction set chosen ([`dispatch`]). The input's
//! last, short block is zero-padded and classified with SSE2 either way.
//! Elsewhere, and without `fast`, a byte loop gives the same bits; unit
//! tests hold every classifier to it.

/// The classes of one block's bytes; bytes past the input are in none.
///
/// `glue` and `opening` look at the byte before as well, but only within
/// the same 16-byte chunk (one SSE2 vector, or one AVX2 lane): at a
/// chunk's first byte, `glue` is its word test alone (a `-`/`.` there is
/// never glue) and `opening` takes any capital. The scan tests the runs
/// after a chunk's first byte exactly itself.
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

/// One way of computing [`Block`]s.
pub(crate) trait Classifier: Copy {
    /// The classes of `hay[from..from + 64]`.
    fn block(self, hay: &[u8], from: usize) -> Block;
}

/// Work to run with the best [`Classifier`] this CPU allows.
pub(crate) trait WithClassifier {
    type Output;
    fn run<C: Classifier>(self, classifier: C) -> Self::Output;
}

/// Runs `work` with AVX2 if the CPU has it, else SSE2, else byte by byte.
/// The SIMD runs happen inside `pulp`'s `vectorize`, a function compiled
/// with those target features, so `work` must inline into it (mark its
/// `run` and what it calls per block `#[inline(always)]`).
pub(crate) fn dispatch<W: WithClassifier>(work: W) -> W::Output {
    #[cfg(all(feature = "fast", target_arch = "x86_64"))]
    {
        if let Some(simd) = pulp::x86::V3::try_new() {
            return simd.vectorize(
                #[inline(always)]
                move || work.run(x86::Avx2(simd)),
            );
        }
        if let Some(simd) = pulp::x86::V1::try_new() {
            return simd.vectorize(
                #[inline(always)]
                move || work.run(x86::Sse2(simd)),
            );
        }
    }
    work.run(Bytewise)
}

/// Runs `work` once with each classifier this machine can run, by name.
#[cfg(test)]
pub(crate) fn run_each<W: WithClassifier + Clone>(work: &W) -> Vec<(&'static str, W::Output)> {
    // Only SIMD classifiers are pushed below.
    #[cfg_attr(not(all(feature = "fast", target_arch = "x86_64")), allow(unused_mut))]
    let mut done = vec![("bytewise", work.clone().run(Bytewise))];
    #[cfg(all(feature = "fast", target_arch = "x86_64"))]
    {
        if let Some(simd) = pulp::x86::V1::try_new() {
            done.push(("sse2", simd.vectorize(|| work.clone().run(x86::Sse2(simd)))));
        }
        if let Some(simd) = pulp::x86::V3::try_new() {
            done.push(("avx2", simd.vectorize(|| work.clone().run(x86::Avx2(simd)))));
        }
    }
    done
}

/// The classes a byte at a time: the reference, and the classifier where
/// there is no SIMD one.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Bytewise;

impl Classifier for Bytewise {
    fn block(self, hay: &[u8], from: usize) -> Block {
        let bytes = hay.get(from..).unwrap_or_default();
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
}

#[cfg(all(feature = "fast", target_arch = "x86_64"))]
#[allow(clippy::inline_always)] // each must inline into `dispatch`'s SIMD context
mod x86 {
    use core::arch::x86_64::{__m128i, __m256i};

    use pulp::x86::{V1, V3};

    use super::{Block, Classifier};

    /// 16 bytes at a time with SSE2.
    #[derive(Clone, Copy, Debug)]
    pub(crate) struct Sse2(pub(crate) V1);

    /// 32 bytes at a time with AVX2.
    #[derive(Clone, Copy, Debug)]
    pub(crate) struct Avx2(pub(crate) V3);

    /// The range `lo..=hi` shifted down to start at `i8::MIN` (add the first
    /// constant), so that one signed compare against the second tests it.
    #[allow(clippy::cast_possible_wrap)] // byte patterns, not numbers
    const fn range(lo: u8, hi: u8) -> (i8, i8) {
        (0x80u8.wrapping_sub(lo) as i8, (0x80 + hi - lo + 1) as i8)
    }

    const DIGIT: (i8, i8) = range(b'0', b'9');
    const LOWER: (i8, i8) = range(b'a', b'z');
    const UPPER: (i8, i8) = range(b'A', b'Z');

    /// The register operations [`classify`] needs, at one width. Methods,
    /// not closures: a closure is a function of its own, compiled without
    /// the target features, and the intrinsics in it would not inline.
    trait Lanes: Copy {
        type V: Copy;
        /// Bytes per register.
        const WIDTH: usize;
        /// `bytes` (exactly `WIDTH` of them) into a register.
        fn load(self, bytes: &[u8]) -> Self::V;
        fn splat(self, b: i8) -> Self::V;
        fn or(self, x: Self::V, y: Self::V) -> Self::V;
        fn and(self, x: Self::V, y: Self::V) -> Self::V;
        fn add(self, x: Self::V, y: Self::V) -> Self::V;
        /// Signed `x < y`, byte by byte.
        fn lt(self, x: Self::V, y: Self::V) -> Self::V;
        fn eq(self, x: Self::V, y: Self::V) -> Self::V;
        /// Each byte's mask moved one byte up within its 16-byte lane ("the
        /// byte before"), the lane's first byte taking `first`.
        fn shift_in(self, mask: Self::V, first: i8) -> Self::V;
        /// The high bit of each byte, byte 0 in bit 0.
        fn movemask(self, v: Self::V) -> u64;

        #[inline(always)]
        #[allow(clippy::cast_possible_wrap)] // a byte pattern
        fn is(self, v: Self::V, b: u8) -> Self::V {
            self.eq(v, self.splat(b as i8))
        }

        #[inline(always)]
        fn within(self, v: Self::V, (shift, limit): (i8, i8)) -> Self::V {
            self.lt(self.add(v, self.splat(shift)), self.splat(limit))
        }
    }

    /// Sets `out`'s maps from the 64 `bytes`, one register at a time.
    #[inline(always)]
    fn classify<L: Lanes>(l: L, bytes: &[u8], out: &mut Block) {
        for (at, chunk) in (0..64).step_by(L::WIDTH).zip(bytes.chunks_exact(L::WIDTH)) {
            let v = l.load(chunk);
            let digit = l.within(v, DIGIT);
            // `| 0x20` lowercases letters and maps no other byte into a-z.
            let alpha = l.within(l.or(v, l.splat(0x20)), LOWER);
            let word = l.or(l.or(digit, alpha), l.is(v, b'_'));
            let attach = l.or(l.is(v, b'-'), l.is(v, b'.'));
            let upper = l.within(v, UPPER);
            let open = l.or(l.is(v, b'+'), l.is(v, b'('));
            out.digit |= l.movemask(digit) << at;
            out.colon |= l.movemask(l.is(v, b':')) << at;
            out.sep |= l.movemask(l.or(attach, l.is(v, b' '))) << at;
            out.glue |= l.movemask(l.or(word, l.and(attach, l.shift_in(word, 0)))) << at;
            let opening = l.or(open, l.and(upper, l.shift_in(upper, -1)));
            out.opening |= l.movemask(opening) << at;
        }
    }

    impl Classifier for Sse2 {
        #[inline(always)]
        fn block(self, hay: &[u8], from: usize) -> Block {
            let padded;
            let bytes = match hay.get(from..from + 64) {
                Some(bytes) => bytes,
                None if from < hay.len() => {
                    padded = zero_padded(&hay[from..]);
                    &padded[..]
                }
                None => return Block::default(),
            };
            let mut out = Block::default();
            classify(self, bytes, &mut out);
            out
        }
    }

    impl Classifier for Avx2 {
        #[inline(always)]
        fn block(self, hay: &[u8], from: usize) -> Block {
            let Some(bytes) = hay.get(from..from + 64) else {
                // A short tail: zero-padding it for 32-byte loads costs more
                // than classifying it 16 bytes at a time.
                let V3 {
                    sse, sse2, fxsr, ..
                } = self.0;
                return Sse2(V1 { sse, sse2, fxsr }).block(hay, from);
            };
            let mut out = Block::default();
            classify(self, bytes, &mut out);
            out
        }
    }

    /// `tail` (at most 64 bytes) then zeros: a zero byte is in no class.
    #[inline(never)] // inlined, the array is split into bytes, rebuilt one insert at a time
    fn zero_padded(tail: &[u8]) -> [u8; 64] {
        let mut bytes = [0u8; 64];
        let n = tail.len().min(64);
        bytes[..n].copy_from_slice(&tail[..n]);
        bytes
    }

    impl Lanes for Sse2 {
        type V = __m128i;
        const WIDTH: usize = 16;

        #[inline(always)]
        fn load(self, bytes: &[u8]) -> __m128i {
            pulp::cast::<[u8; 16], _>(bytes.try_into().unwrap_or([0; 16]))
        }

        #[inline(always)]
        fn splat(self, b: i8) -> __m128i {
            self.0.sse2._mm_set1_epi8(b)
        }

        #[inline(always)]
        fn or(self, x: __m128i, y: __m128i) -> __m128i {
            self.0.sse2._mm_or_si128(x, y)
        }

        #[inline(always)]
        fn and(self, x: __m128i, y: __m128i) -> __m128i {
            self.0.sse2._mm_and_si128(x, y)
        }

        #[inline(always)]
        fn add(self, x: __m128i, y: __m128i) -> __m128i {
            self.0.sse2._mm_add_epi8(x, y)
        }

        #[inline(always)]
        fn lt(self, x: __m128i, y: __m128i) -> __m128i {
            self.0.sse2._mm_cmplt_epi8(x, y)
        }

        #[inline(always)]
        fn eq(self, x: __m128i, y: __m128i) -> __m128i {
            self.0.sse2._mm_cmpeq_epi8(x, y)
        }

        #[inline(always)]
        fn shift_in(self, mask: __m128i, first: i8) -> __m128i {
            let s = self.0.sse2;
            let lane0 = s._mm_setr_epi8(first, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
            self.or(s._mm_slli_si128::<1>(mask), lane0)
        }

        #[inline(always)]
        #[allow(clippy::cast_sign_loss)] // a 16-bit mask
        fn movemask(self, v: __m128i) -> u64 {
            u64::from(self.0.sse2._mm_movemask_epi8(v) as u32)
        }
    }

    impl Lanes for Avx2 {
        type V = __m256i;
        const WIDTH: usize = 32;

        #[inline(always)]
        fn load(self, bytes: &[u8]) -> __m256i {
            pulp::cast::<[u8; 32], _>(bytes.try_into().unwrap_or([0; 32]))
        }

        #[inline(always)]
        fn splat(self, b: i8) -> __m256i {
            self.0.avx._mm256_set1_epi8(b)
        }

        #[inline(always)]
        fn or(self, x: __m256i, y: __m256i) -> __m256i {
            self.0.avx2._mm256_or_si256(x, y)
        }

        #[inline(always)]
        fn and(self, x: __m256i, y: __m256i) -> __m256i {
            self.0.avx2._mm256_and_si256(x, y)
        }

        #[inline(always)]
        fn add(self, x: __m256i, y: __m256i) -> __m256i {
            self.0.avx2._mm256_add_epi8(x, y)
        }

        #[inline(always)]
        fn lt(self, x: __m256i, y: __m256i) -> __m256i {
            self.0.avx2._mm256_cmpgt_epi8(y, x)
        }

        #[inline(always)]
        fn eq(self, x: __m256i, y: __m256i) -> __m256i {
            self.0.avx2._mm256_cmpeq_epi8(x, y)
        }

        #[inline(always)]
        fn shift_in(self, mask: __m256i, first: i8) -> __m256i {
            #[rustfmt::skip]
            let lane0 = self.0.avx._mm256_setr_epi8(
                first, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                first, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            );
            self.or(self.0.avx2._mm256_bslli_epi128::<1>(mask), lane0)
        }

        #[inline(always)]
        #[allow(clippy::cast_sign_loss)] // a 32-bit mask
        fn movemask(self, v: __m256i) -> u64 {
            u64::from(self.0.avx2._mm256_movemask_epi8(v) as u32)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One block, for [`run_each`].
    #[derive(Clone, Copy)]
    struct Classify<'a>(&'a [u8], usize);

    impl WithClassifier for Classify<'_> {
        type Output = Block;

        fn run<C: Classifier>(self, classifier: C) -> Block {
            classifier.block(self.0, self.1)
        }
    }

    /// Checks every classifier against the byte loop on `hay[from..]`.
    fn all_agree(hay: &[u8], from: usize) -> Block {
        let want = Bytewise.block(hay, from);
        let each = run_each(&Classify(hay, from));
        #[cfg(all(feature = "fast", target_arch = "x86_64"))]
        assert!(each.len() >= 2, "no SIMD classifier ran");
        for (name, got) in each {
            assert_eq!(
                got,
                want,
                "{name} at {from} of {:?}",
                String::from_utf8_lossy(hay)
            );
        }
        want
    }

    #[test]
    fn every_byte_in_every_lane() {
        // Each byte value at each of the 64 positions, and after each of a
        // few neighbours.
        for lead in [b' ', b'a', b'A', b'-', b'7'] {
            for shift in 0..64 {
                let hay: Vec<u8> = (0..=255u8)
                    .flat_map(|b| [lead, b])
                    .cycle()
                    .skip(shift)
                    .take(64 * 8)
                    .collect();
                for from in (0..hay.len()).step_by(64) {
                    all_agree(&hay, from);
                }
            }
        }
        let one = all_agree(b"0:aZ_+(-. xB-AB", 0);
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
        let got = all_agree(&hay, 0);
        assert_eq!(
            got.glue,
            1 << 15 | 1 << 31 | 1 << 32,
            "the `.` at 16 is not glue"
        );
        assert_eq!(got.opening, 1 << 32, "a capital at a chunk start opens");
    }

    #[test]
    fn tail_and_past_the_end() {
        assert_eq!(all_agree(b"12 ab", 0).glue, 0b11011);
        assert_eq!(all_agree(b"12 ab", 64), Block::default());
        let text = b"v1.2 +44 (0)20 AB12-x.9:0 ".repeat(5);
        for len in 0..text.len() {
            for from in [0, 1, 17, 64] {
                all_agree(&text[..len], from);
            }
        }
    }
}
