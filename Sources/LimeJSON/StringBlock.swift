#if arch(x86_64)
    import _Builtin_intrinsics.intel
#endif

// MARK: - Sixteen bytes of a string at a time
//
// Chat text mixes ASCII with accented letters, CJK and emoji: in Userlike-like transcripts a
// non-ASCII character comes every 10 to 20 bytes. Validated one at a time, each cost a way out of
// the eight-byte loop and branches on its length that the predictor cannot learn, and the
// generated exports ran 37% faster with every non-ASCII byte replaced by a letter. Here a block of
// 16 bytes is classified and validated with lane-wise arithmetic, without a branch per character.
//
// Swift's `SIMD16<UInt8>` compiles wrapping add/subtract and the bitwise operators to single SSE2
// instructions (`paddb`, `psubb`, `pand`, ...), but its comparisons (`.==`, `.<`) to a loop over
// the lanes. So every test below is written with arithmetic whose result is exact per lane: in
// byte lanes a borrow cannot cross into the next lane (unlike SWAR on a `UInt64`). Each test leaves
// its answer in the high bit (0x80) of a lane.
//
// The validation is the whole of Unicode's table of well-formed UTF-8 (no overlongs, no
// surrogates, nothing above U+10FFFF), written as four rules over each byte and the three before it:
//  1. a byte is a continuation (10xxxxxx) exactly when one of the three before it starts a
//     sequence long enough to reach it (C0+ one back, E0+ two back, F0+ three back);
//  2. C0, C1 and F5 to FF never occur;
//  3. after E0 the next byte is A0 or more, after ED it is below A0 (no overlongs, no surrogates);
//  4. after F0 the next byte is 90 or more, after F4 it is below 90 (no overlongs, nothing above
//     U+10FFFF).
// The three bytes before each lane are read from memory, with loads one, two and three bytes back,
// so no state carries from block to block and a block may begin inside a character: the bytes
// before it were validated already (by the previous block, or as earlier, complete tokens when the
// first block begins on a character boundary).
//
// In debug builds the SIMD operations are generic code that loops over the lanes: there this path
// reads chat text at 2 MB/s, against 29 MB/s byte by byte. Debug builds still take it, so that the
// tests run the code that ships.

/// A block of 16 bytes inside a string, and the lane-wise tests the string scanner runs on it.
@usableFromInline
struct StringBlock {
    @usableFromInline typealias Lanes = SIMD16<UInt8>

    /// The sixteen bytes.
    @usableFromInline let bytes: Lanes

    @inlinable @inline(__always)
    init(at pointer: UnsafePointer<UInt8>) {
        bytes = UnsafeRawPointer(pointer).loadUnaligned(as: Lanes.self)
    }

    @inlinable @inline(__always)
    static func splat(_ byte: UInt8) -> Lanes { Lanes(repeating: byte) }

    /// 0x80 in the lanes equal to zero, exactly: `x - 1` sets the high bit only for 0 and 0x81 and
    /// up, and `~x` clears it for 0x80 and up.
    @inlinable @inline(__always)
    static func isZero(_ lanes: Lanes) -> Lanes { (lanes &- splat(1)) & ~lanes & splat(0x80) }

    /// 0x80 in the lanes below `limit` (which must be at most 0x80), exactly, by the same argument.
    @inlinable @inline(__always)
    static func isBelow(_ lanes: Lanes, _ limit: UInt8) -> Lanes { (lanes &- splat(limit)) & ~lanes & splat(0x80) }

    /// 0x80 in the lanes that hold `"`, `\` or a control byte (below 0x20): the bytes that end the
    /// fast path.
    @inlinable @inline(__always)
    var specials: Lanes {
        Self.isZero(bytes ^ Self.splat(0x22)) | Self.isZero(bytes ^ Self.splat(0x5C)) | Self.isBelow(bytes, 0x20)
    }

    /// The lanes that end the fast path (``specials``) or hold a non-ASCII byte, as two words.
    @inlinable @inline(__always)
    var stops: (low: UInt64, high: UInt64) { Self.halves(specials | nonASCII) }

    /// The bytes among the sixteen at `pointer` that end the fast path or are not ASCII (as
    /// ``stops``), one bit each: bit `i` for byte `i`, bits 16 and up clear.
    ///
    /// The string scanner's hottest test: it runs on almost every key and short value. On x86-64 it
    /// is six SSE2 instructions: two `pcmpeqb` for `"` and `\`, one signed `pcmpgtb` that catches
    /// the control bytes and the non-ASCII ones at once (as signed bytes, 0x80 and up are below
    /// 0x20 too), two `por` and one `pmovmskb`, which packs the answers into bits, so the first stop
    /// is one `bsf` away. Elsewhere ``stops`` is packed by multiplication; the tests hold the two to
    /// each other.
    @inlinable @inline(__always)
    static func stopBits(at pointer: UnsafePointer<UInt8>) -> UInt32 {
        #if arch(x86_64)
            let bytes = _mm_loadu_si128(UnsafeRawPointer(pointer).assumingMemoryBound(to: __m128i.self))
            let quote = _mm_cmpeq_epi8(bytes, _mm_set1_epi8(0x22))
            let backslash = _mm_cmpeq_epi8(bytes, _mm_set1_epi8(0x5C))
            let controlOrHigh = _mm_cmplt_epi8(bytes, _mm_set1_epi8(0x20))
            let stops = _mm_or_si128(_mm_or_si128(quote, backslash), controlOrHigh)
            return UInt32(truncatingIfNeeded: _mm_movemask_epi8(stops))
        #else
            return portableStopBits(at: pointer)
        #endif
    }

    /// The index of the closing quote of the short plain string whose contents start at `start`:
    /// the first of the 32 bytes there (which must be readable) that ends the fast path, when it
    /// is a quote; -1 when it is not, or when none does (the string is long, escaped or not ASCII).
    /// Both blocks' stops as one 32-bit mask, with no branch between them: the second load costs
    /// less than a mispredicted test of the first.
    @inlinable @inline(__always)
    static func shortStringEnd(_ base: UnsafePointer<UInt8>, _ start: Int) -> Int {
        shortStringEnd(base, start, stops: shortStops(base, start))
    }

    /// The stops (``stopBits(at:)``) of the 32 bytes at `start`, which must be readable, as one
    /// 32-bit mask: bit `i` for byte `start + i`.
    @inlinable @inline(__always)
    static func shortStops(_ base: UnsafePointer<UInt8>, _ start: Int) -> UInt32 {
        stopBits(at: base + start) | stopBits(at: base + (start &+ 16)) &<< 16
    }

    /// ``shortStringEnd(_:_:)`` given the stops of the 32 bytes at `start` (``shortStops(_:_:)``).
    @inlinable @inline(__always)
    static func shortStringEnd(_ base: UnsafePointer<UInt8>, _ start: Int, stops: UInt32) -> Int {
        // The mask is tested first: with no stop, the index would be start + 32, perhaps the
        // window's end.
        guard stops != 0 else { return -1 }
        let end = start &+ stops.trailingZeroBitCount
        return base[end] == UInt8(ascii: "\"") ? end : -1
    }

    /// The spaces among the sixteen bytes at `pointer`, one bit each (bits 16 and up clear): the
    /// indent after a line feed in pretty-printed JSON. One `pcmpeqb` and one `pmovmskb` on x86-64.
    @inlinable @inline(__always)
    static func spaceBits(at pointer: UnsafePointer<UInt8>) -> UInt32 {
        #if arch(x86_64)
            let bytes = _mm_loadu_si128(UnsafeRawPointer(pointer).assumingMemoryBound(to: __m128i.self))
            return UInt32(truncatingIfNeeded: _mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_set1_epi8(0x20))))
        #else
            var bits: UInt32 = 0
            for lane in 0..<16 where pointer[lane] == 0x20 { bits |= 1 &<< UInt32(lane) }
            return bits
        #endif
    }

    /// ``stopBits(at:)`` from ``stops``: the high bit of each lane moved to bit 0 of its byte,
    /// then the eight bytes of each half gathered into one byte by a multiplication.
    @inlinable @inline(__always)
    static func portableStopBits(at pointer: UnsafePointer<UInt8>) -> UInt32 {
        let stops = StringBlock(at: pointer).stops
        @inline(__always) func gather(_ word: UInt64) -> UInt32 {
            UInt32(truncatingIfNeeded: ((word &>> 7) &* 0x0102_0408_1020_4080) &>> 56)
        }
        return gather(stops.low) | gather(stops.high) &<< 8
    }

    /// 0x80 in the lanes that hold a non-ASCII byte.
    @inlinable @inline(__always)
    var nonASCII: Lanes { bytes & Self.splat(0x80) }

    /// 0x80 in the lanes that hold a continuation byte (10xxxxxx).
    @inlinable @inline(__always)
    var continuations: Lanes { bytes & ~(bytes &+ bytes) & Self.splat(0x80) }

    /// 0x80 in every lane that breaks one of the four rules, given the bytes one, two and three
    /// before each lane.
    @inlinable @inline(__always)
    func utf8Errors(before1: Lanes, before2: Lanes, before3: Lanes) -> Lanes {
        let high = Self.splat(0x80)
        // Doubling a lane shifts its bits up by one, so `x & 2x & 4x` has the high bit when bits 7,
        // 6 and 5 are all set: a byte of E0 or more.
        let twice1 = before1 &+ before1
        let twice2 = before2 &+ before2
        let twice3 = before3 &+ before3
        let fourTimes3 = twice3 &+ twice3
        let startsTwoOrMore = before1 & twice1
        let startsThreeOrMore = before2 & twice2 & (twice2 &+ twice2)
        let startsFour = before3 & twice3 & fourTimes3 & (fourTimes3 &+ fourTimes3)
        let expected = startsTwoOrMore | startsThreeOrMore | startsFour
        let twice = bytes &+ bytes
        let continuation = bytes & ~twice
        let rule1 = expected ^ continuation
        // Rule 2: C0 and C1 are `(b & FE) == C0`; F5 and up are `b - F5 < 0x0B` (wrapping).
        let rule2 =
            Self.isZero((bytes & Self.splat(0xFE)) ^ Self.splat(0xC0)) | Self.isBelow(bytes &- Self.splat(0xF5), 0x0B)
        // Rules 3 and 4 look at bits 5 and 4 of the byte after the lead; rule 1 already made it a
        // continuation byte. Four times a lane moves bit 5 to the high bit, eight times bit 4.
        let bit5 = twice &+ twice
        let bit5or4 = bit5 | (bit5 &+ bit5)
        let rule3 = (Self.isZero(before1 ^ Self.splat(0xE0)) & ~bit5) | (Self.isZero(before1 ^ Self.splat(0xED)) & bit5)
        let rule4 =
            (Self.isZero(before1 ^ Self.splat(0xF0)) & ~bit5or4) | (Self.isZero(before1 ^ Self.splat(0xF4)) & bit5or4)
        return (rule1 | rule2 | rule3 | rule4) & high
    }

    /// 0x80 in lanes `0..<count` (`count` from 0 to 16).
    @inlinable @inline(__always)
    static func lanes(below count: Int) -> Lanes {
        let index = Lanes(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
        return (index &- splat(UInt8(truncatingIfNeeded: count))) & splat(0x80)
    }

    /// The two halves of a lane mask, for counting and finding set lanes.
    @inlinable @inline(__always)
    static func halves(_ lanes: Lanes) -> (low: UInt64, high: UInt64) {
        let words = unsafeBitCast(lanes, to: SIMD2<UInt64>.self)
        return (words[0], words[1])
    }

    /// The first lane with its high bit set (16 when none is).
    @inlinable @inline(__always)
    static func firstLane(_ lanes: Lanes) -> Int {
        let (low, high) = halves(lanes)
        return (low != 0 ? low.trailingZeroBitCount : 64 &+ high.trailingZeroBitCount) &>> 3
    }

    /// The sum of all lanes, each at most 255 (a tally of at most 255 blocks).
    @inlinable @inline(__always)
    static func sum(_ lanes: Lanes) -> Int {
        // Sum the lanes in 16-bit pairs first, so that no byte of the multiplication overflows.
        let words = unsafeBitCast(lanes, to: SIMD2<UInt64>.self)
        let pairs =
            (words[0] & 0x00FF_00FF_00FF_00FF) &+ ((words[0] >> 8) & 0x00FF_00FF_00FF_00FF)
            &+ (words[1] & 0x00FF_00FF_00FF_00FF) &+ ((words[1] >> 8) & 0x00FF_00FF_00FF_00FF)
        return Int(truncatingIfNeeded: (pairs &* 0x0001_0001_0001_0001) >> 48)
    }

    /// The lanes with their high bit set, when no other bit is set (the result of a test above).
    ///
    /// The x86-64 baseline has no `popcnt` (`nonzeroBitCount` becomes some 20 instructions), so
    /// the lanes' high bits are moved to their low bits and summed by one multiplication: the top
    /// byte of `x * 0x0101...01` is the sum of the bytes of `x`.
    @inlinable @inline(__always)
    static func count(_ lanes: Lanes) -> Int {
        let sum = unsafeBitCast(lanes &>> 7, to: SIMD2<UInt64>.self)
        return Int(truncatingIfNeeded: ((sum[0] &+ sum[1]) &* 0x0101_0101_0101_0101) &>> 56)
    }
}
