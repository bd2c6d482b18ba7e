#if arch(x86_64)
    import _Builtin_intrinsics.intel
#endif

// MARK: - Stage 1: sixty-four bytes at a time, as bitmasks
//
// The structural index (simdjson's stage 1) looks at each byte once, in blocks of 64, and turns
// every question it asks of a byte into one bit of a 64-bit mask: is it a quote, a backslash, one
// of `{}[]:,`, whitespace, a line feed, a control character, not ASCII. Everything after that
// (escapes, which quotes open strings, what lies inside them, where numbers and literals begin)
// is arithmetic on whole masks, with no branch per byte.
//
// On x86-64 the masks come from SSE2, which every x86-64 processor has and Swift compiles without
// flags: `pcmpeqb` compares sixteen bytes with one value, `pminub` finds the bytes at or below
// one, and `pmovmskb` packs the sixteen answers into sixteen bits. (SSSE3's `pshufb`, which
// simdjson uses to classify with two table lookups, would need a target feature that Swift cannot
// enable for one function.) Elsewhere a table gives each byte its classes, one byte at a time;
// the tests check the two against each other.

/// The classes of the 64 bytes of one block, one bit per byte (bit `i` for byte `i`).
@usableFromInline
struct ByteClasses {
    /// `"`
    @usableFromInline var quote: UInt64 = 0
    /// `\`
    @usableFromInline var backslash: UInt64 = 0
    /// `{`, `}`, `[`, `]`, `:` and `,`
    @usableFromInline var operators: UInt64 = 0
    /// Space, tab, line feed, carriage return.
    @usableFromInline var whitespace: UInt64 = 0
    /// Line feed alone (for line numbers).
    @usableFromInline var lineFeed: UInt64 = 0
    /// Bytes below 0x20 (never allowed raw inside a string).
    @usableFromInline var control: UInt64 = 0
    /// Bytes 0x80 and up.
    @usableFromInline var nonASCII: UInt64 = 0

    /// No byte in any class.
    @inlinable @inline(__always)
    init() {}

    /// Classifies the 64 bytes at `block`.
    @inlinable @inline(__always)
    init(_ block: UnsafePointer<UInt8>) {
        #if arch(x86_64)
            self = Self.vector(block)
        #else
            self = Self.portable(block)
        #endif
    }

    #if arch(x86_64)
        /// SSE2: four loads of sixteen bytes, each compared with the few bytes JSON cares about.
        @inlinable @inline(__always)
        static func vector(_ block: UnsafePointer<UInt8>) -> ByteClasses {
            var result = ByteClasses()
            let raw = UnsafeRawPointer(block)
            // Constant splats: the compiler loads each once, outside the loop.
            @inline(__always) func equal(_ bytes: __m128i, _ byte: UInt8) -> __m128i {
                _mm_cmpeq_epi8(bytes, _mm_set1_epi8(Int8(bitPattern: byte)))
            }
            @inline(__always) func bits(_ vector: __m128i, _ lane: Int) -> UInt64 {
                UInt64(UInt16(truncatingIfNeeded: _mm_movemask_epi8(vector))) &<< UInt64(lane &* 16)
            }
            for lane in 0..<4 {
                let bytes = _mm_loadu_si128(raw.advanced(by: lane &* 16).assumingMemoryBound(to: __m128i.self))
                result.quote |= bits(equal(bytes, 0x22), lane)
                result.backslash |= bits(equal(bytes, 0x5C), lane)
                // `[` and `]` are `{` and `}` with bit 5 clear: one OR folds each pair into one compare.
                let folded = _mm_or_si128(bytes, _mm_set1_epi8(0x20))
                let operators = _mm_or_si128(
                    _mm_or_si128(equal(folded, 0x7B), equal(folded, 0x7D)),
                    _mm_or_si128(equal(bytes, 0x2C), equal(bytes, 0x3A)))
                result.operators |= bits(operators, lane)
                let control = _mm_cmpeq_epi8(_mm_min_epu8(bytes, _mm_set1_epi8(0x1F)), bytes)
                let controlBits = bits(control, lane)
                result.control |= controlBits
                var whitespace = bits(equal(bytes, 0x20), lane)
                // Compact JSON has no control bytes at all: the three whitespace ones are only
                // looked for when some control byte is there.
                if controlBits != 0 {
                    let feed = bits(equal(bytes, 0x0A), lane)
                    result.lineFeed |= feed
                    whitespace |= feed | bits(_mm_or_si128(equal(bytes, 0x09), equal(bytes, 0x0D)), lane)
                }
                result.whitespace |= whitespace
                result.nonASCII |= bits(bytes, lane)
            }
            return result
        }
    #endif

    /// One byte at a time through ``table``: the reference for the vector path, and the path on
    /// processors without one.
    @inlinable
    static func portable(_ block: UnsafePointer<UInt8>) -> ByteClasses {
        var result = ByteClasses()
        forEachByte(of: block) { byte, bit in
            let classes = table[Int(byte)]
            if classes & 1 != 0 { result.quote |= bit }
            if classes & 2 != 0 { result.backslash |= bit }
            if classes & 4 != 0 { result.operators |= bit }
            if classes & 8 != 0 { result.whitespace |= bit }
            if classes & 16 != 0 { result.lineFeed |= bit }
            if classes & 32 != 0 { result.control |= bit }
            if classes & 64 != 0 { result.nonASCII |= bit }
        }
        return result
    }

    /// The classes of each byte value, as the bits 1 quote, 2 backslash, 4 operator, 8 whitespace,
    /// 16 line feed, 32 control, 64 non-ASCII.
    @usableFromInline
    static let table: [UInt8] = (0...255).map { (byte: Int) -> UInt8 in
        var classes: UInt8 = 0
        switch byte {
        case 0x22: classes |= 1
        case 0x5C: classes |= 2
        case 0x7B, 0x7D, 0x5B, 0x5D, 0x3A, 0x2C: classes |= 4
        case 0x20, 0x09, 0x0D: classes |= 8
        case 0x0A: classes |= 8 | 16
        default: break
        }
        if byte < 0x20 { classes |= 32 }
        if byte >= 0x80 { classes |= 64 }
        return classes
    }
}

/// Calls `body` with each of the 64 bytes at `block` and its bit in a block's masks (bit `i` for
/// byte `i`): the loop of the byte-at-a-time reference paths.
@inlinable @inline(__always)
func forEachByte(of block: UnsafePointer<UInt8>, _ body: (UInt8, UInt64) -> Void) {
    for index in 0..<64 { body(block[index], UInt64(1) &<< UInt64(index)) }
}
