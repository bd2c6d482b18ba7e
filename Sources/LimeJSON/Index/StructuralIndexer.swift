import CLimeIndex

/// Stage 1 of the indexed reader: finds the structural bytes of JSON text 64 bytes at a time.
///
/// The index lists, in order, the offset of every byte the grammar turns on: each `{ } [ ] : ,`
/// outside strings, both quotes of every string and the backslash of each escape in it, and the
/// first byte of every number or literal. Whitespace and the rest of strings never appear, so a
/// reader walks from one structural to the next without looking at the bytes in between: after
/// an opening quote come the string's escapes, if any, then its closing quote.
///
/// Stage 1 also checks what the walk cannot see: that the text is well-formed UTF-8 and that no
/// control byte stands inside a string. It does not report these errors itself: it remembers the
/// offset of the first suspicious byte (``firstSuspectOffset``), and the walker, reaching it, lets
/// the byte-by-byte ``JSONTokenizer`` read from the last good token on and report exactly what
/// that tokenizer reports. The grammar, numbers, literals and escapes are the walker's to check.
///
/// Input arrives in windows of any size; state carries from block to block and from window to
/// window (an escape run, an open string, a number cut by the block's end, the three bytes a
/// UTF-8 sequence may still need), so any split of the input gives the same index.
@usableFromInline
package struct StructuralIndexer {
    /// 1 when the previous block ended in an odd run of backslashes (its next byte is escaped).
    @usableFromInline var escapeCarry: UInt64 = 0
    /// All ones when the previous block ended inside a string.
    @usableFromInline var inStringCarry: UInt64 = 0
    /// 1 when the previous block ended inside a number or literal.
    @usableFromInline var scalarCarry: UInt64 = 0
    /// What the previous block's last lead bytes expect of this one.
    @usableFromInline var utf8 = UTF8Check()
    /// Absolute offset up to which the input is indexed.
    @usableFromInline var indexedOffset: Int
    /// Absolute offset of the first byte stage 1 found wrong (`Int.max` while there is none).
    @usableFromInline var firstSuspectOffset = Int.max
    /// Line feeds and continuation bytes up to ``indexedOffset``, as the tokenizer counts them.
    @usableFromInline var lines: JSONLineTracker

    @inlinable
    init(start: Int = 0) {
        indexedOffset = start
        lines = JSONLineTracker(start: start)
    }

    /// True once the input ended inside a string (the walker then reports it).
    @inlinable var endedInString: Bool { inStringCarry != 0 }

    /// Indexes the bytes of `window` from ``indexedOffset`` on, in whole blocks of 64, up to
    /// `limit` bytes; when `isFinal`, also the last, partial block (as if padded with spaces).
    ///
    /// - Parameters:
    ///   - window: bytes starting at absolute offset `baseOffset`; it must hold ``indexedOffset``.
    ///   - positions: refilled with this piece's structurals, as offsets from `baseOffset`.
    @inlinable
    mutating func index(
        _ window: UnsafeBufferPointer<UInt8>, baseOffset: Int, isFinal: Bool, limit: Int = Int.max,
        into positions: inout StructuralPositions
    ) {
        var local = indexedOffset &- baseOffset
        let end = window.count &- local > limit ? local &+ limit : window.count
        positions.reset(origin: baseOffset)
        guard let base = window.baseAddress else {
            return
        }
        positions.reserve(end &- local &+ 64)
        if Self.kernel != .swift && local &+ 64 <= end {
            let blocks = (end &- local) &>> 6
            vectorBlocks(base + local, blocks, at: local, baseOffset: baseOffset, into: &positions)
            local &+= blocks &<< 6
        }
        while local &+ 64 <= end {
            block(base + local, at: local, baseOffset: baseOffset, into: &positions)
            local &+= 64
        }
        if isFinal && end == window.count && local < end {
            // The last block, padded with spaces: they end a number, and are whitespace otherwise.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { padded in
                let tail = end &- local
                padded.baseAddress!.initialize(repeating: 0x20, count: 64)
                padded.baseAddress!.update(from: base + local, count: tail)
                block(padded.baseAddress!, at: local, baseOffset: baseOffset, into: &positions)
            }
            local = end
        }
        indexedOffset = baseOffset &+ local
    }

    /// The stage 1 paths: the C kernels of `CLimeIndex` for processors that have their
    /// instructions, the Swift blocks below for every other one.
    @usableFromInline package enum Kernel: String, Sendable, CaseIterable {
        case swift, avx2, avx512
    }

    /// The widest kernel this processor runs.
    @usableFromInline package static let bestKernel: Kernel =
        lime_index_avx512_available() != 0 ? .avx512 : lime_index_avx2_available() != 0 ? .avx2 : .swift

    /// The kernels this processor runs.
    @usableFromInline package static var availableKernels: [Kernel] {
        Kernel.allCases.filter { $0 == .swift || ($0 == .avx2 && bestKernel != .swift) || $0 == bestKernel }
    }

    /// The kernel whole runs of blocks go to: the best one. Tests and benchmarks set another to
    /// run it (the Swift path is the one every other processor runs).
    @usableFromInline nonisolated(unsafe) package static var kernel = bestKernel

    /// `blocks` blocks through the C kernel, with this indexer's state.
    @usableFromInline
    mutating func vectorBlocks(
        _ bytes: UnsafePointer<UInt8>, _ blocks: Int, at local: Int, baseOffset: Int,
        into positions: inout StructuralPositions
    ) {
        var state = lime_index_state(
            escape_carry: escapeCarry, in_string_carry: inStringCarry, scalar_carry: scalarCarry,
            utf8_expected: utf8.expected, utf8_special: utf8.special,
            first_suspect: Int64(firstSuspectOffset == Int.max ? Int(Int64.max) : firstSuspectOffset),
            line_feeds: Int64(lines.lineFeeds), line_start: Int64(lines.lineStart),
            continuation_bytes: Int64(lines.continuationBytes),
            continuation_bytes_before_line: Int64(lines.continuationBytesBeforeLine))
        var count = positions.count
        if Self.kernel == .avx512 {
            lime_index_blocks_avx512(
                &state, bytes, blocks, Int64(baseOffset &+ local), UInt32(truncatingIfNeeded: local), positions.storage,
                &count)
        } else {
            lime_index_blocks_avx2(
                &state, bytes, blocks, Int64(baseOffset &+ local), UInt32(truncatingIfNeeded: local), positions.storage,
                &count)
        }
        positions.count = count
        escapeCarry = state.escape_carry
        inStringCarry = state.in_string_carry
        scalarCarry = state.scalar_carry
        utf8.expected = state.utf8_expected
        utf8.special = state.utf8_special
        firstSuspectOffset = state.first_suspect == Int64.max ? Int.max : Int(state.first_suspect)
        lines.lineFeeds = Int(state.line_feeds)
        lines.lineStart = Int(state.line_start)
        lines.continuationBytes = Int(state.continuation_bytes)
        lines.continuationBytesBeforeLine = Int(state.continuation_bytes_before_line)
    }

    /// One block of 64 bytes at `bytes`, which stand at `local` in the window.
    @inlinable @inline(__always)
    mutating func block(
        _ bytes: UnsafePointer<UInt8>, at local: Int, baseOffset: Int, into positions: inout StructuralPositions
    ) {
        let classes = ByteClasses(bytes)
        let escapes = Self.escapeStarts(classes.backslash, carry: escapeCarry)
        let escaped = Self.escapedBytes(classes.backslash, carry: &escapeCarry)
        let quotes = classes.quote & ~escaped
        let inString = Self.prefixXOR(quotes) ^ inStringCarry
        inStringCarry = UInt64(bitPattern: Int64(bitPattern: inString) &>> 63)
        // Numbers and literals: what is neither string, operator, quote nor whitespace; each run
        // of such bytes is indexed at its first byte.
        let scalar = ~(classes.operators | classes.whitespace | quotes | inString)
        let scalarStarts = scalar & ~((scalar &<< 1) | scalarCarry)
        scalarCarry = scalar &>> 63
        positions.append(
            bits: (classes.operators & ~inString) | quotes | (escapes & inString) | scalarStarts, at: local)

        let absolute = baseOffset &+ local
        let controlInString = classes.control & inString
        if controlInString != 0 { suspect(absolute &+ controlInString.trailingZeroBitCount) }
        var continuations: UInt64 = 0
        if classes.nonASCII != 0 {
            let (errors, found) = utf8.check(bytes)
            continuations = found
            if errors != 0 { suspect(absolute &+ errors.trailingZeroBitCount) }
        } else if utf8.isPending {
            let errors = utf8.checkASCII()
            if errors != 0 { suspect(absolute &+ errors.trailingZeroBitCount) }
        }
        let feeds = classes.lineFeed & ~inString
        if feeds != 0 {
            let last = 63 &- feeds.leadingZeroBitCount
            lines.lineFeeds &+= feeds.nonzeroBitCount
            lines.lineStart = absolute &+ last &+ 1
            let before = continuations & ((UInt64(1) &<< UInt64(last)) &- 1)
            lines.continuationBytesBeforeLine = lines.continuationBytes &+ before.nonzeroBitCount
        }
        if continuations != 0 { lines.continuationBytes &+= continuations.nonzeroBitCount }
    }

    @inlinable @inline(__always)
    mutating func suspect(_ offset: Int) {
        if offset < firstSuspectOffset { firstSuspectOffset = offset }
    }

    /// Bit `i` set when byte `i` of the block is the last of a string so far: the XOR of all
    /// quote bits up to and including `i`.
    @inlinable @inline(__always)
    static func prefixXOR(_ bits: UInt64) -> UInt64 {
        var x = bits
        x ^= x &<< 1
        x ^= x &<< 2
        x ^= x &<< 4
        x ^= x &<< 8
        x ^= x &<< 16
        x ^= x &<< 32
        return x
    }

    /// The backslashes that begin an escape: in each run of backslashes, the first, third, fifth...
    /// (the others are escaped by the one before them). `carry` is 1 when the previous block ended
    /// in an odd run, which escapes this block's first byte.
    @inlinable @inline(__always)
    static func escapeStarts(_ backslash: UInt64, carry: UInt64) -> UInt64 {
        let even: UInt64 = 0x5555_5555_5555_5555
        let unescaped = backslash & ~carry
        let starts = unescaped & ~(unescaped &<< 1)
        // Adding a run's start bit to the run clears exactly the run's bits: the runs that start
        // on an even bit, found in one addition.
        let evenRuns = unescaped & ~(unescaped &+ (starts & even))
        let oddRuns = unescaped & ~evenRuns
        return (evenRuns & even) | (oddRuns & ~even)
    }

    /// The bytes that follow an odd run of backslashes: the escaped ones.
    ///
    /// A run's length is odd when it starts on an even bit and ends on an odd one, or the other way
    /// round. Adding the run's start bit to the run carries past its last bit, which finds where
    /// each run ends in one addition; doing it once for runs that start on even bits and once for
    /// odd ones tells the two apart. `carry` is 1 when the previous block ended in an odd run.
    @inlinable @inline(__always)
    static func escapedBytes(_ backslash: UInt64, carry: inout UInt64) -> UInt64 {
        let even: UInt64 = 0x5555_5555_5555_5555
        let starts = backslash & ~(backslash &<< 1)
        // A run that continues from the previous block: its parity so far flips which bits count
        // as even for the run that goes on here.
        let evenStartMask = even ^ carry
        let evenStarts = starts & evenStartMask
        let oddStarts = starts & ~evenStartMask
        let evenCarries = backslash &+ evenStarts
        let (oddSum, overflow) = backslash.addingReportingOverflow(oddStarts)
        let oddCarries = oddSum | carry
        carry = overflow ? 1 : 0
        let evenEnds = evenCarries & ~backslash
        let oddEnds = oddCarries & ~backslash
        return (evenEnds & ~even) | (oddEnds & even)
    }
}
