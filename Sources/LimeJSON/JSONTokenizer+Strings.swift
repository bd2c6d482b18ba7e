import CLimeIndex

// MARK: - Strings: the hot path
//
// Most bytes of a Userlike payload are inside strings, so string scanning decides throughput. It
// reads eight bytes at a time (SWAR on UInt64) and stops only at the bytes that need a decision:
// '"', '\', a control byte (< 0x20), or a non-ASCII byte (>= 0x80, whose UTF-8 must be validated).

extension JSONTokenizer {
    /// The path of long string contents (``scanBlocks(_:_:_:_:)``): the widest C kernel of
    /// `CLimeIndex` this processor runs, or the Swift blocks. Tests set another to check one
    /// against the other.
    @inlinable package static var stringKernel: StructuralIndexer.Kernel {
        get { stringKernelStorage.pointee }
        set { stringKernelStorage.pointee = newValue }
    }

    /// Where ``stringKernel`` is kept: memory of its own, allocated once. Read through a pointer
    /// it is a plain load; a global `var` cost a `swift_beginAccess` call (the exclusivity check)
    /// on every long string, some 80 instructions.
    @usableFromInline nonisolated(unsafe) static let stringKernelStorage:
        UnsafeMutablePointer<StructuralIndexer.Kernel> = {
            let storage = UnsafeMutablePointer<StructuralIndexer.Kernel>.allocate(capacity: 1)
            storage.initialize(to: StructuralIndexer.bestKernel)
            return storage
        }()

    /// Bytes of `0x01` and `0x80` in every lane.
    @usableFromInline static var lowBits: UInt64 { 0x0101_0101_0101_0101 }
    @usableFromInline static var highBits: UInt64 { 0x8080_8080_8080_8080 }

    /// A mask with the high bit set in (at least) the lowest lane of `word` that holds `"`, `\`, a
    /// byte below 0x20 or a byte of 0x80 and above. Lanes above the first such lane may hold false
    /// positives (borrows run upwards), so only the lowest set bit is meaningful.
    @inlinable @inline(__always)
    static func stringStopMask(_ word: UInt64) -> UInt64 {
        let quote = word ^ (lowBits &* 0x22)
        let backslash = word ^ (lowBits &* 0x5C)
        let hasQuote = (quote &- lowBits) & ~quote
        let hasBackslash = (backslash &- lowBits) & ~backslash
        // (word - 0x20) sets the high bit of lanes below 0x20 (and of some above 0x80, which `word`
        // flags anyway).
        let hasControlOrHigh = (word &- (lowBits &* 0x20)) | word
        return (hasQuote | hasBackslash | hasControlOrHigh) & highBits
    }

    /// Scans a string whose opening quote is at `position`.
    ///
    /// Most strings of a payload are keys and short values of plain ASCII (dates, ids) that end
    /// within 32 bytes: those are read here, inline in the caller, with one or two block tests.
    /// Anything else goes to ``scanLongString(kind:)``.
    ///
    /// - Returns: a `.string` or `.key` token over the contents, or `.needMoreInput` (leaving
    ///   `position` on the opening quote and remembering how far the contents were validated).
    @inlinable @inline(__always)
    mutating func scanString(kind: JSONToken.Kind) throws(JSONError) -> JSONToken {
        let start = position &+ 1
        // No test of `pendingStringProgress`: when this path finds the closing quote, the contents
        // are plain ASCII, so a scan of them cut earlier saw no escape and counted no continuation
        // byte; the token is the one the cut scan would finish with, and the progress it left is
        // ignored from then on (see ``scanLongString(kind:)``).
        if start &+ 32 <= input.count {
            // Up to two blocks: dates, ids and most keys end within 32 bytes. 32 bytes are in the
            // window, so it has a base address.
            let end = StringBlock.shortStringEnd(input.baseAddress.unsafelyUnwrapped, start)
            if end >= 0 {
                position = end &+ 1
                return JSONToken(kind: kind, start: baseOffset &+ start, end: baseOffset &+ end)
            }
        }
        return try scanLongString(kind: kind)
    }

    /// Scans a string whose opening quote is at `position`, whatever it holds.
    @inlinable @inline(never)
    mutating func scanLongString(kind: JSONToken.Kind) throws(JSONError) -> JSONToken {
        let quote = position
        var index: Int
        var flags: JSONToken.Flags
        // Progress left by a cut scan of this string lies past its quote; progress before it is
        // left over from a string that ``scanString(kind:)`` then read whole.
        if pendingStringProgress > baseOffset &+ quote {
            index = pendingStringProgress - baseOffset
            flags = pendingStringFlags
            pendingStringProgress = -1
        } else {
            index = quote &+ 1
            flags = []
        }
        let base = input.baseAddress!
        let count = input.count
        // UTF-8 continuation bytes in this string, for columns without a second pass (see
        // ``JSONLineTracker/continuationBytes``); added to the count when the scan stops.
        var continuation = 0
        // Cleared when a block fails validation: the byte-wise path below then finds and reports
        // the error exactly.
        var blocks = true
        while true {
            // Sixteen bytes at a time while sixteen are there, then eight while eight are.
            var stopped = false
            while index &+ 16 <= count {
                let stops = StringBlock.stopBits(at: base + index)
                if stops != 0 {
                    index &+= stops.trailingZeroBitCount
                    stopped = true
                    break
                }
                index &+= 16
            }
            while !stopped && index &+ 8 <= count {
                let mask = Self.stringStopMask(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                if mask != 0 {
                    index &+= mask.trailingZeroBitCount &>> 3
                    break
                }
                index &+= 8
            }
            guard index < count else {
                return try stringCut(
                    kind: kind, quote: quote, progress: index, flags: flags, continuation: continuation)
            }
            let byte = base[index]
            if byte == UInt8(ascii: "\"") {
                position = index &+ 1
                lines.continuationBytes &+= continuation
                return JSONToken(kind: kind, flags: flags, start: baseOffset &+ quote &+ 1, end: baseOffset &+ index)
            }
            if byte >= 0x80 {
                // Text with non-ASCII characters in it: on in blocks of sixteen (see `StringBlock`)
                // while sixteen bytes, and the three before them, are in the window.
                if blocks && index >= 3 && index &+ 16 <= count {
                    let progress = Self.scanBlocks(base, count, index, &continuation)
                    if progress > 0 {
                        index = progress
                        continue
                    }
                    blocks = false
                }
                let length = Self.utf8SequenceLength(base, count, index)
                if length <= 0 {
                    if length < 0 || isFinal { throw invalidUTF8(at: index) }
                    return try stringCut(
                        kind: kind, quote: quote, progress: index, flags: flags, continuation: continuation)
                }
                index &+= length
                continuation &+= length &- 1
            } else if byte == UInt8(ascii: "\\") {
                flags.insert(.hasEscapes)
                let length = Self.escapeLength(base, count, index)
                guard length > 0 else {
                    if length < 0 || isFinal { throw invalidEscape(at: index) }
                    return try stringCut(
                        kind: kind, quote: quote, progress: index, flags: flags, continuation: continuation)
                }
                index &+= length
            } else if byte < 0x20 {
                throw controlCharacter(at: index)
            } else {
                // A plain byte in the last few bytes of the window, where the word loop cannot read.
                index &+= 1
            }
        }
    }

    /// Validates a string from `start` (on a character boundary, at least three bytes into the
    /// window and sixteen from its end) in blocks of sixteen bytes, adding the continuation bytes
    /// read to `continuation`.
    ///
    /// - Returns: where it stopped: at a `"`, `\` or control byte, or within sixteen bytes of the
    ///   window's end, always on a character boundary; or -1 when a block is not well-formed UTF-8
    ///   (the caller then finds the error byte by byte).
    ///
    /// Not inlined: its vector constants would otherwise be loaded on every call of
    /// `scanString`, most of which are short ASCII keys that never come here.
    @usableFromInline @inline(never)
    static func scanBlocks(_ base: UnsafePointer<UInt8>, _ count: Int, _ start: Int, _ continuation: inout Int) -> Int {
        var index = start
        if stringKernel != .swift && count &- start >= 64 {
            // The C kernel takes whole steps of 32 or 64 bytes; the blocks below take what is left.
            var stopped: Int32 = 0
            var counted: Int64 = 0
            let end =
                stringKernel == .avx512
                ? lime_scan_string_avx512(base, Int64(count), Int64(start), &counted, &stopped)
                : lime_scan_string_avx2(base, Int64(count), Int64(start), &counted, &stopped)
            continuation &+= Int(counted)
            if end < 0 || stopped != 0 { return Int(end) }
            index = Int(end)
        }
        // Continuation bytes per lane, summed into `continuation` before a lane could overflow.
        var tally = StringBlock.Lanes()
        var tallied = 0
        defer { continuation &+= StringBlock.sum(tally) }
        while index &+ 16 <= count {
            let block = StringBlock(at: base + index)
            let specials = block.specials
            var errors = block.utf8Errors(
                before1: StringBlock(at: base + (index &- 1)).bytes,
                before2: StringBlock(at: base + (index &- 2)).bytes,
                before3: StringBlock(at: base + (index &- 3)).bytes)
            let flagged = StringBlock.halves(errors | specials)
            if flagged.low | flagged.high == 0 {
                // Inside the string all through (most blocks of a long text). A block may end
                // inside a character: the next block reads the bytes before it again, so the
                // character is checked whole.
                tally &+= block.continuations &>> 7
                tallied &+= 1
                if tallied == 255 {
                    continuation &+= StringBlock.sum(tally)
                    tally = StringBlock.Lanes()
                    tallied = 0
                }
                index &+= 16
                continue
            }
            // The string ends here (or an escape or control byte comes), or the block is not
            // well-formed: check and count up to the stop.
            let special = StringBlock.firstLane(specials)
            errors &= StringBlock.lanes(below: special &+ 1)
            let checked = StringBlock.halves(errors)
            if checked.low | checked.high != 0 { return -1 }
            continuation &+= StringBlock.count(block.continuations & StringBlock.lanes(below: special))
            return index &+ special
        }
        // Within sixteen bytes of the window's end. The byte-wise path goes on from here, so step
        // back to the start of a character that the last block began but did not finish.
        var distance = 1
        while distance <= 3 {
            let byte = base[index &- distance]
            if byte < 0x80 { break }
            if byte >= 0xC0 {
                // A lead byte: 110xxxxx starts 2 bytes, 1110xxxx 3, 11110xxx 4.
                let length = (~byte).leadingZeroBitCount
                if length > distance {
                    index &-= distance
                    continuation &-= distance &- 1
                }
                break
            }
            distance &+= 1
        }
        return index
    }

    /// The error for a raw control character in a string.
    @usableFromInline @inline(never)
    func controlCharacter(at index: Int) -> JSONError {
        error(
            .controlCharacterInString,
            "\(JSONError.describe(byte: input[index])) in a string; control characters must be escaped (\\n, \\t, \\u0000 to \\u001F)",
            at: index)
    }

    /// The window ended inside a string: ask for more, or fail at the end of the whole input.
    /// `continuation` counts the UTF-8 continuation bytes the scan passed (for columns).
    @usableFromInline @inline(never)
    mutating func stringCut(
        kind: JSONToken.Kind, quote: Int, progress: Int, flags: JSONToken.Flags, continuation: Int
    ) throws(JSONError) -> JSONToken {
        lines.continuationBytes &+= continuation
        if isFinal {
            throw error(
                .unexpectedEndOfInput, "unexpected end of input in string (missing closing '\"')", at: input.count)
        }
        position = quote
        pendingStringProgress = baseOffset + progress
        pendingStringFlags = flags
        return JSONToken(kind: .needMoreInput, start: baseOffset + quote, end: baseOffset + quote)
    }
}
