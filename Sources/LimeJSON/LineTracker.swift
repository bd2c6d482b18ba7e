#if arch(x86_64)
    import _Builtin_intrinsics.intel
#endif

/// Line and column bookkeeping, kept without a second pass over the input.
///
/// Raw line feeds can only stand in whitespace, so the tokenizer counts them as it skips
/// whitespace (``JSONTokenizer/lineFeeds``). Columns count Unicode scalars from the line's start;
/// they are worked out only when an error is reported, from the window, plus a count carried for
/// the part of the current line that a streaming owner already dropped.
@usableFromInline
package struct JSONLineTracker: Sendable {
    /// Line feeds read so far.
    @usableFromInline package var lineFeeds: Int = 0
    /// Absolute offset of the first byte of the current line.
    @usableFromInline package var lineStart: Int
    /// UTF-8 continuation bytes (`10xxxxxx`) read so far, all inside strings (the only place
    /// non-ASCII may stand), and how many of them came before the current line's start. The
    /// scalars of the current line up to a token boundary are then its bytes less its continuation
    /// bytes, without reading them again: what a reader needs to pass a column on.
    @usableFromInline package var continuationBytes: Int = 0
    @usableFromInline package var continuationBytesBeforeLine: Int = 0

    /// The Unicode scalars from the current line's start to absolute offset `offset`, when every
    /// byte in between was read by the tokenizers this tracker counted.
    @usableFromInline package func scalarsOnLine(upTo offset: Int) -> Int {
        (offset - lineStart) - (continuationBytes - continuationBytesBeforeLine)
    }

    /// 1-based line and column of absolute offset `offset`, from the counts alone, when every byte
    /// of the current line before it was read by the tokenizers this tracker counted (see
    /// ``scalarsOnLine(upTo:)``).
    @usableFromInline package func countedLocation(of offset: Int) -> (line: Int, column: Int) {
        (lineFeeds + 1, scalarsOnLine(upTo: offset) + 1)
    }

    /// Unicode scalars of the current line that lie in dropped bytes (before the window).
    @usableFromInline var carriedScalars: Int = 0

    /// The `lineStart` that `carriedScalars` belongs to.
    @usableFromInline var carriedLineStart: Int

    /// Starts counting at absolute offset `start`, which is line 1, column 1.
    @usableFromInline package init(start: Int) {
        lineStart = start
        carriedLineStart = start
    }

    /// Starts counting at absolute offset `start`, which is at `line` and `column` (both 1-based)
    /// of a larger input whose earlier bytes this tracker never sees.
    /// A tracker whose first byte is at `position` of the whole input.
    package init(at position: JSONPosition) {
        self.init(start: position.offset, line: position.line, column: position.column)
    }

    @usableFromInline package init(start: Int, line: Int, column: Int) {
        lineFeeds = line - 1
        // The line began `column - 1` scalars before `start`, in bytes this tracker never sees:
        // carry their count.
        lineStart = start - (column - 1)
        carriedLineStart = lineStart
        carriedScalars = column - 1
    }

    /// Records a line feed at absolute offset `offset`.
    @inlinable
    package mutating func lineFeed(at offset: Int) {
        lineFeeds &+= 1
        lineStart = offset &+ 1
        continuationBytesBeforeLine = continuationBytes
    }

    /// Takes over what a tokenizer that started where this tracker stands has counted since.
    @usableFromInline package mutating func absorb(_ tokenizer: JSONTokenizer) {
        merge(tokenizer.lines)
    }

    /// Takes over what another tracker, started (with no counts) where this one stands, has
    /// counted since.
    @usableFromInline package mutating func merge(_ later: JSONLineTracker) {
        if later.lineFeeds > 0 {
            lineFeeds += later.lineFeeds
            lineStart = later.lineStart
            continuationBytesBeforeLine = continuationBytes + later.continuationBytesBeforeLine
        }
        continuationBytes += later.continuationBytes
    }

    /// Takes over what a tokenizer's tracker counted over an element that began at absolute `start`
    /// (column `startColumn` of this count), while the element's bytes were dropped from the window
    /// as it went (a streamed element): as ``merge(_:)``, and the current line's scalars that now lie
    /// before the window, which starts at absolute `windowStart`, are carried, so that
    /// ``location(of:in:baseOffset:)`` stays right after the element.
    @usableFromInline package mutating func mergeStreamed(
        _ later: JSONLineTracker, from start: Int, startColumn: Int, windowStart: Int
    ) {
        let sameLine = later.lineFeeds == 0
        merge(later)
        // A line that starts in the window needs nothing carried.
        guard lineStart < windowStart else { return }
        let laterCarried = later.carriedLineStart == later.lineStart ? later.carriedScalars : 0
        if !sameLine {
            // The line began inside the element: the tokenizer carried its dropped part.
            carriedLineStart = lineStart
            carriedScalars = laterCarried
        } else if start <= windowStart {
            // The line began before the element: its columns up to the element, then the element's
            // dropped part.
            carriedLineStart = lineStart
            carriedScalars = startColumn - 1 + laterCarried
        }
        // Otherwise only bytes before the element were dropped, and this tracker carried them.
    }

    /// Accounts for `bytes`, dropped from the front of the window, that start at absolute `offset`.
    ///
    /// - Parameter counted: every byte of the current line up to the end of `bytes` went through
    ///   tokenizers whose counts this tracker took over: the line's characters then come from the
    ///   continuation bytes counted, without reading `bytes` (a one-line export would otherwise be
    ///   read twice).
    @usableFromInline package mutating func discard(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int, counted: Bool)
    {
        guard counted else { return discard(bytes, at: offset) }
        let end = offset + bytes.count
        guard lineStart < end else { return }
        let scalars = scalarsOnLine(upTo: end)
        #if DEBUG
            var check = self
            check.discard(bytes, at: offset)
            assert(check.carriedScalars == scalars, "continuation count disagrees with the bytes")
        #endif
        carriedLineStart = lineStart
        carriedScalars = scalars
    }

    /// Accounts for `bytes`, dropped from the front of the window, that start at absolute `offset`,
    /// by reading them.
    @usableFromInline package mutating func discard(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) {
        if carriedLineStart != lineStart {
            carriedLineStart = lineStart
            carriedScalars = 0
        }
        let from = max(lineStart - offset, 0)
        guard from < bytes.count else { return }
        carriedScalars += Self.scalarCount(UnsafeBufferPointer(rebasing: bytes[from...]))
    }

    /// 1-based line and column of byte `index` of `window`, whose first byte is at `baseOffset`.
    /// Assumes no line feed lies between the last one counted and `index` (true for every error
    /// position: raw line feeds only occur in whitespace, which is counted as it is skipped).
    @usableFromInline package func location(of index: Int, in window: UnsafeBufferPointer<UInt8>, baseOffset: Int) -> (
        line: Int, column: Int
    ) {
        let end = min(max(index, 0), window.count)
        let startInWindow = lineStart - baseOffset
        var scalars = 0
        if startInWindow >= 0 {
            if startInWindow < end {
                scalars = Self.scalarCount(UnsafeBufferPointer(rebasing: window[startInWindow..<end]))
            }
        } else {
            scalars =
                (carriedLineStart == lineStart ? carriedScalars : 0)
                + Self.scalarCount(UnsafeBufferPointer(rebasing: window[0..<end]))
        }
        return (lineFeeds + 1, scalars + 1)
    }

    /// A line and column counted from `start` (which is line 1, column 1 of the count) as a line
    /// and column of the whole input: the one rule for every reader that hands text to another.
    @usableFromInline package static func rebase(line: Int, column: Int, onto start: (line: Int, column: Int)) -> (
        line: Int, column: Int
    ) {
        (start.line + line - 1, line == 1 ? start.column + column - 1 : column)
    }

    /// The number of bytes that are not UTF-8 continuation bytes: the scalar count of valid UTF-8.
    ///
    /// A streaming owner drops every byte of a one-line export through here (``discard(_:at:)``),
    /// so it is SSE2 on x86-64: the baseline has no `popcnt`, and the portable words' bit counts
    /// cost some twenty instructions each (10% of an `extract` of a one-line gigabyte).
    @usableFromInline package static func scalarCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        #if arch(x86_64)
            vectorScalarCount(bytes)
        #else
            portableScalarCount(bytes)
        #endif
    }

    /// ``scalarCount(_:)`` in 64-bit words, for every architecture (and the tests' reference for
    /// the vector one).
    @usableFromInline package static func portableScalarCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        var continuation = 0
        var index = 0
        // Thirty-two bytes at a time; a block of plain ASCII (the common case) costs one test.
        while index + 32 <= bytes.count {
            let raw = UnsafeRawPointer(base + index)
            let a = raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self)
            let b = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            let c = raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self)
            let d = raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
            if (a | b | c | d) & 0x8080_8080_8080_8080 != 0 {
                // A continuation byte has bit 7 set and bit 6 clear.
                continuation &+= (a & ~(a << 1) & 0x8080_8080_8080_8080).nonzeroBitCount
                continuation &+= (b & ~(b << 1) & 0x8080_8080_8080_8080).nonzeroBitCount
                continuation &+= (c & ~(c << 1) & 0x8080_8080_8080_8080).nonzeroBitCount
                continuation &+= (d & ~(d << 1) & 0x8080_8080_8080_8080).nonzeroBitCount
            }
            index += 32
        }
        while index < bytes.count {
            if base[index] & 0xC0 == 0x80 { continuation += 1 }
            index += 1
        }
        return bytes.count - continuation
    }

    #if arch(x86_64)
        /// ``scalarCount(_:)`` sixteen bytes to a vector: a continuation byte (80 to BF) is, as a
        /// signed byte, below -64, and each lane counts its own with a subtract of the compare's -1;
        /// a lane holds at most 255, so every 63 rounds of four vectors the lanes are summed (`psadbw`).
        @usableFromInline package static func vectorScalarCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
            guard let base = bytes.baseAddress else { return 0 }
            let count = bytes.count
            let below = _mm_set1_epi8(-64)
            let zero = _mm_setzero_si128()
            var sums = zero
            var index = 0
            @inline(__always) func continuations(at offset: Int) -> __m128i {
                let vector = _mm_loadu_si128(
                    UnsafeRawPointer(base + offset).assumingMemoryBound(to: __m128i.self))
                return _mm_cmplt_epi8(vector, below)
            }
            while index &+ 64 <= count {
                var lanes = zero
                let rounds = min((count &- index) &>> 6, 63)
                for _ in 0..<rounds {
                    lanes = _mm_sub_epi8(lanes, continuations(at: index))
                    lanes = _mm_sub_epi8(lanes, continuations(at: index &+ 16))
                    lanes = _mm_sub_epi8(lanes, continuations(at: index &+ 32))
                    lanes = _mm_sub_epi8(lanes, continuations(at: index &+ 48))
                    index &+= 64
                }
                sums = _mm_add_epi64(sums, _mm_sad_epu8(lanes, zero))
            }
            var lanes = zero
            while index &+ 16 <= count {
                lanes = _mm_sub_epi8(lanes, continuations(at: index))
                index &+= 16
            }
            sums = _mm_add_epi64(sums, _mm_sad_epu8(lanes, zero))
            var continuation = Int(sums[0] &+ sums[1])
            while index < count {
                if base[index] & 0xC0 == 0x80 { continuation &+= 1 }
                index &+= 1
            }
            return count &- continuation
        }
    #endif
}
