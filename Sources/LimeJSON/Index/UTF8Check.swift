#if arch(x86_64)
    import _Builtin_intrinsics.intel
#endif

/// The UTF-8 state that carries from one block to the next, and the check of one block.
///
/// Unicode's table of well-formed UTF-8, as rules over bitmasks of a block (bit `i` for byte `i`):
///  1. the continuation bytes (10xxxxxx) are exactly those a lead byte before them reaches: one
///     after each byte C0 and up, two after each E0 and up, three after each F0 and up;
///  2. C0, C1 and F5 to FF never occur;
///  3. after E0 the next byte is A0 or more (its bit 5 is set), after ED below A0 (bit 5 clear):
///     no overlong three-byte forms, no surrogates;
///  4. after F0 the next byte is 90 or more (bit 5 or 4 set), after F4 below 90: no overlong
///     four-byte forms, nothing above U+10FFFF.
/// A lead byte near the end of a block reaches into the next one: what it expects there carries.
/// The bits 6, 5 and 4 of each byte come from the same `pmovmskb` that gives bit 7, after adding
/// the bytes to themselves once, twice, three times (which shifts each lane's bits up).
@usableFromInline struct UTF8Check {
    /// Continuation bytes the previous block's last lead bytes expect at the start of this one.
    @usableFromInline var expected: UInt64 = 0
    /// The previous block's last byte was E0, ED, F0 or F4 (bits 0, 1, 2, 3).
    @usableFromInline var special: UInt64 = 0

    @inlinable init() {}

    /// Whether the previous block left something for this one to check.
    @inlinable var isPending: Bool { expected | special != 0 }

    /// The masks of one block that the rules need.
    @usableFromInline
    struct Masks {
        /// Bits 7, 6, 5 and 4 of each byte.
        @usableFromInline var bit7: UInt64 = 0, bit6: UInt64 = 0, bit5: UInt64 = 0, bit4: UInt64 = 0
        /// C0, C1, F5 to FF.
        @usableFromInline var never: UInt64 = 0
        /// The lead bytes E0, ED, F0 and F4, which limit the byte after them (rules 3 and 4).
        @usableFromInline var e0: UInt64 = 0, ed: UInt64 = 0, f0: UInt64 = 0, f4: UInt64 = 0

        @inlinable init() {}
    }

    /// Checks the 64 bytes at `block`; returns the bytes that break a rule and the continuation bytes.
    @inlinable @inline(__always)
    mutating func check(_ block: UnsafePointer<UInt8>) -> (errors: UInt64, continuations: UInt64) {
        #if arch(x86_64)
            let masks = Self.vectorMasks(block)
        #else
            let masks = Self.portableMasks(block)
        #endif
        return check(masks)
    }

    @inlinable @inline(__always)
    mutating func check(_ m: Masks) -> (errors: UInt64, continuations: UInt64) {
        let continuations = m.bit7 & ~m.bit6
        let lead2 = m.bit7 & m.bit6
        let lead3 = lead2 & m.bit5
        let lead4 = lead3 & m.bit4
        let reached = (lead2 &<< 1) | (lead3 &<< 2) | (lead4 &<< 3) | expected
        expected = (lead2 &>> 63) | (lead3 &>> 62) | (lead4 &>> 61)
        var errors = (reached ^ continuations) | m.never
        // Rules 3 and 4 on the byte after each special lead (rule 1 made it a continuation byte).
        let afterE0 = (m.e0 &<< 1) | (special & 1)
        let afterED = (m.ed &<< 1) | (special &>> 1 & 1)
        let afterF0 = (m.f0 &<< 1) | (special &>> 2 & 1)
        let afterF4 = (m.f4 &<< 1) | (special &>> 3 & 1)
        let high = m.bit5 | m.bit4
        errors |= (afterE0 & ~m.bit5) | (afterED & m.bit5) | (afterF0 & ~high) | (afterF4 & high)
        special = (m.e0 &>> 63) | (m.ed &>> 63) &<< 1 | (m.f0 &>> 63) &<< 2 | (m.f4 &>> 63) &<< 3
        return (errors, continuations)
    }

    /// A block of ASCII after one that left expectations: every expected byte is missing.
    @inlinable @inline(__always)
    mutating func checkASCII() -> UInt64 {
        let errors = expected
        expected = 0
        special = 0
        return errors
    }

    /// One byte at a time: the reference for the vector path.
    @inlinable
    static func portableMasks(_ block: UnsafePointer<UInt8>) -> Masks {
        var m = Masks()
        forEachByte(of: block) { byte, bit in
            if byte & 0x80 != 0 { m.bit7 |= bit }
            if byte & 0x40 != 0 { m.bit6 |= bit }
            if byte & 0x20 != 0 { m.bit5 |= bit }
            if byte & 0x10 != 0 { m.bit4 |= bit }
            if byte == 0xC0 || byte == 0xC1 || byte >= 0xF5 { m.never |= bit }
            if byte == 0xE0 { m.e0 |= bit }
            if byte == 0xED { m.ed |= bit }
            if byte == 0xF0 { m.f0 |= bit }
            if byte == 0xF4 { m.f4 |= bit }
        }
        return m
    }

    #if arch(x86_64)
        @inlinable @inline(__always)
        static func vectorMasks(_ block: UnsafePointer<UInt8>) -> Masks {
            var m = Masks()
            let raw = UnsafeRawPointer(block)
            let lowBitClear = _mm_set1_epi8(-2)  // 0xFE
            let c0 = _mm_set1_epi8(-64)  // 0xC0
            let f5 = _mm_set1_epi8(-11)  // 0xF5
            let e0 = _mm_set1_epi8(-32)  // 0xE0
            let ed = _mm_set1_epi8(-19)  // 0xED
            let f0 = _mm_set1_epi8(-16)  // 0xF0
            let f4 = _mm_set1_epi8(-12)  // 0xF4
            @inline(__always) func bits(_ vector: __m128i, _ lane: Int) -> UInt64 {
                UInt64(UInt16(truncatingIfNeeded: _mm_movemask_epi8(vector))) &<< UInt64(lane &* 16)
            }
            for lane in 0..<4 {
                let x = _mm_loadu_si128(raw.advanced(by: lane &* 16).assumingMemoryBound(to: __m128i.self))
                let x2 = _mm_add_epi8(x, x)
                let x4 = _mm_add_epi8(x2, x2)
                m.bit7 |= bits(x, lane)
                m.bit6 |= bits(x2, lane)
                m.bit5 |= bits(x4, lane)
                m.bit4 |= bits(_mm_add_epi8(x4, x4), lane)
                let never = _mm_or_si128(
                    _mm_cmpeq_epi8(_mm_and_si128(x, lowBitClear), c0), _mm_cmpeq_epi8(_mm_max_epu8(x, f5), x))
                m.never |= bits(never, lane)
                m.e0 |= bits(_mm_cmpeq_epi8(x, e0), lane)
                m.ed |= bits(_mm_cmpeq_epi8(x, ed), lane)
                m.f0 |= bits(_mm_cmpeq_epi8(x, f0), lane)
                m.f4 |= bits(_mm_cmpeq_epi8(x, f4), lane)
            }
            return m
        }
    #endif
}
