/// Validates one complete JSON text with the structural index: stage 1 indexes a piece of the
/// input, then a walk over its entries checks the grammar, each number and literal where it
/// starts, and the escapes of strings that have any. String contents and whitespace are never
/// looked at again.
///
/// When anything is wrong (or stage 1 found a suspicious byte ahead), the walk hands over to the
/// byte-by-byte ``JSONTokenizer`` at the last good token, in the same state, and the tokenizer
/// reads on: the error thrown is exactly the one the tokenizer alone would throw, and a false
/// alarm costs speed, never a wrong answer.
@usableFromInline
struct IndexedValidator {
    /// Bytes indexed in one piece: the piece's entries stay in the processor's caches.
    @usableFromInline static let pieceSize = 32 << 10

    @usableFromInline let input: UnsafeBufferPointer<UInt8>
    @usableFromInline let base: UnsafePointer<UInt8>
    @usableFromInline let options: JSONTokenizer.Options
    @usableFromInline var indexer = StructuralIndexer()
    @usableFromInline var positions: StructuralPositions
    /// The next entry of the piece to read.
    @usableFromInline var entry = 0
    /// Line counts at the start of the current piece (for handing over).
    @usableFromInline var pieceLines = JSONLineTracker(start: 0)
    @usableFromInline var pieceStart = 0
    /// When set, every piece's entries are appended here as well (a ``JSONDocument`` keeps the
    /// whole index, validated piece by piece while each piece is in the caches).
    @usableFromInline var archive: UnsafeMutablePointer<StructuralPositions>?

    @inlinable
    init(_ input: UnsafeBufferPointer<UInt8>, base: UnsafePointer<UInt8>, options: JSONTokenizer.Options) {
        self.input = input
        self.base = base
        self.options = options
        // A small payload needs no piece's worth of room (and a large allocation costs a mapping).
        positions = StructuralPositions(capacity: min(Self.pieceSize, input.count) &+ 64)
    }

    /// The address of `bytes`' first byte; for an empty input, the tokenizer's error for it (the
    /// index has nothing to say about no bytes).
    @inlinable
    static func firstByte(of bytes: UnsafeBufferPointer<UInt8>, options: JSONTokenizer.Options) throws(JSONError)
        -> UnsafePointer<UInt8>?
    {
        guard let base = bytes.baseAddress, bytes.count > 0 else {
            var tokenizer = JSONTokenizer(unsafeBytes: bytes, options: options)
            _ = try tokenizer.next()
            return nil
        }
        return base
    }

    /// Throws the error ``JSONTokenizer`` would throw for `bytes`, if any.
    @inlinable
    static func validate(_ bytes: UnsafeBufferPointer<UInt8>, options: JSONTokenizer.Options = .init())
        throws(JSONError)
    {
        guard let base = try firstByte(of: bytes, options: options) else { return }
        var validator = IndexedValidator(bytes, base: base, options: options)
        defer { validator.positions.deallocate() }
        try validator.run()
    }

    /// The next structural's offset, indexing the next piece when this one is used up; -1 at the end.
    @inlinable @inline(__always)
    mutating func nextPosition() -> Int {
        if entry == positions.count {
            guard refill() else { return -1 }
        }
        let position = positions[entry]
        entry &+= 1
        return position
    }

    @inlinable @inline(never)
    mutating func refill() -> Bool {
        while indexer.indexedOffset < input.count {
            pieceLines = indexer.lines
            pieceStart = indexer.indexedOffset
            indexer.index(input, baseOffset: 0, isFinal: true, limit: Self.pieceSize, into: &positions)
            entry = 0
            if let archive { archive.pointee.append(contentsOf: positions) }
            if positions.count > 0 { return true }
        }
        return false
    }

    @inlinable
    mutating func run() throws(JSONError) {
        typealias Expectation = JSONTokenizer.Expectation
        let count = input.count
        var stack = ContainerStack()
        var expectation = Expectation.value
        let maximumDepth = options.maximumDepth
        while true {
            let position = nextPosition()
            guard position >= 0 else {
                if expectation == .done && !indexer.endedInString { return }
                return try handOver(at: count, expectation, stack)
            }
            let byte = base[position]
            switch expectation {
            case .value, .valueOrArrayEnd:
                switch byte {
                case UInt8(ascii: "\""):
                    guard string(at: position) else { return try handOver(at: position, expectation, stack) }
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    guard stack.depth < maximumDepth else { return try handOver(at: position, expectation, stack) }
                    let isObject = byte == UInt8(ascii: "{")
                    stack.push(isObject: isObject)
                    expectation = isObject ? .keyOrObjectEnd : .valueOrArrayEnd
                    continue
                case UInt8(ascii: "]") where expectation == .valueOrArrayEnd:
                    stack.pop()
                case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                    let end = ScalarGrammar.literalEnd(base, count, position)
                    guard end > 0, end == count || ScalarGrammar.endsScalar(base[end]) else {
                        return try handOver(at: position, expectation, stack)
                    }
                default:
                    let end =
                        byte == UInt8(ascii: "-") || byte &- UInt8(ascii: "0") < 10
                        ? ScalarGrammar.numberEnd(base, count, position) : -1
                    guard end > 0, end == count || ScalarGrammar.endsScalar(base[end]) else {
                        return try handOver(at: position, expectation, stack)
                    }
                }
                expectation = stack.depth == 0 ? .done : .commaOrClose
            case .keyOrObjectEnd, .key:
                if byte == UInt8(ascii: "\"") {
                    guard string(at: position) else { return try handOver(at: position, expectation, stack) }
                    expectation = .colon
                    // The `:` right away when it is in this piece: one round of the loop less.
                    if entry < positions.count && base[positions[entry]] == UInt8(ascii: ":") {
                        entry &+= 1
                        expectation = .value
                    }
                } else if byte == UInt8(ascii: "}") && expectation == .keyOrObjectEnd {
                    stack.pop()
                    expectation = stack.depth == 0 ? .done : .commaOrClose
                } else {
                    return try handOver(at: position, expectation, stack)
                }
            case .colon:
                guard byte == UInt8(ascii: ":") else { return try handOver(at: position, expectation, stack) }
                expectation = .value
            case .commaOrClose:
                if byte == UInt8(ascii: ",") {
                    expectation = stack.topIsObject ? .key : .value
                } else if byte == (stack.topIsObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    stack.pop()
                    expectation = stack.depth == 0 ? .done : .commaOrClose
                } else {
                    return try handOver(at: position, expectation, stack)
                }
            case .done:
                return try handOver(at: position, expectation, stack)
            }
        }
    }

    /// Checks the string whose opening quote is at `open`, taking the entries of its escapes
    /// and its closing quote.
    @inlinable @inline(__always)
    mutating func string(at open: Int) -> Bool { closeOfString(at: open) >= 0 }

    /// The offset of the closing quote of the string whose opening quote is at `open`, taking the
    /// entries of its escapes and its closing quote: negative when the string has a problem (the
    /// tokenizer then says which), and with ``hasEscapesBit`` set when it has escapes.
    @inlinable @inline(__always)
    mutating func closeOfString(at open: Int) -> Int {
        var close = nextPosition()
        var escapes = 0
        while close >= 0 && base[close] == UInt8(ascii: "\\") {
            guard JSONTokenizer.escapeLength(base, input.count, close) > 0 else { return -1 }
            escapes = Self.hasEscapesBit
            close = nextPosition()
        }
        // No closing quote (the input ends inside the string), or stage 1 saw something wrong
        // inside it (a control byte, bad UTF-8): let the tokenizer say what.
        guard close > open && close < indexer.firstSuspectOffset else { return -1 }
        return close | escapes
    }

    /// Marks a closing offset whose string has escapes (offsets stay far below it).
    @inlinable static var hasEscapesBit: Int { 1 << 62 }

    /// Hands over to the tokenizer at `position` (the start of a token, or the end of input), in
    /// the state the walk had reached, and lets it read the rest.
    @inlinable @inline(never)
    mutating func handOver(at position: Int, _ expectation: JSONTokenizer.Expectation, _ stack: ContainerStack)
        throws(JSONError)
    {
        var tokenizer = self.tokenizer(at: position, expectation, stack)
        while try tokenizer.next().kind != .endOfInput {}
    }

    /// A tokenizer standing at `position` in the walk's state.
    @inlinable
    func tokenizer(at position: Int, _ expectation: JSONTokenizer.Expectation, _ stack: ContainerStack) -> JSONTokenizer
    {
        var tokenizer = JSONTokenizer(unsafeBytes: input, options: options)
        tokenizer.position = position
        tokenizer.expectation = expectation
        tokenizer.stack = stack
        tokenizer.lines = lines(at: position)
        return tokenizer
    }

    /// The line counts at `position`, after bytes the walk checked. A hand-over can start before
    /// the current piece (at the opening quote of a string that runs into it): the count then
    /// starts over from the input's first byte, which is all in memory.
    @inlinable
    func lines(at position: Int) -> JSONLineTracker {
        var lines = position >= pieceStart ? pieceLines : JSONLineTracker(start: 0)
        var index = position >= pieceStart ? pieceStart : 0
        while index < position {
            let byte = base[index]
            if byte == 0x0A {
                lines.lineFeed(at: index)
            } else if byte & 0xC0 == 0x80 {
                lines.continuationBytes &+= 1
            }
            index &+= 1
        }
        return lines
    }
}
