/// The tokens of one complete JSON text in memory, read from the structural index instead of
/// byte by byte: the same tokens, flags and errors as ``JSONTokenizer``, for readers that take
/// them one at a time. (The extractor does not use it yet: on chat payloads it measured 0.77x
/// of the tokenizer; see issue #16's notes. `IndexedTokenizerTests` hold it to the tokenizer.)
///
/// Whitespace and the contents of strings are never looked at again after stage 1: a string is
/// two entries (its quotes) and one per escape. When the walk meets anything it does not accept,
/// it hands over to a ``JSONTokenizer`` in the same state, which reads the rest: tokens before
/// the problem come from the index, the error and anything after it from the tokenizer, exactly
/// as the tokenizer alone would give them.
///
/// - Warning: like the tokenizer, it borrows its bytes; they must outlive it.
package struct IndexedTokenizer {
    @usableFromInline typealias Expectation = JSONTokenizer.Expectation
    @usableFromInline var walk: IndexedValidator
    @usableFromInline var expectation = Expectation.value
    @usableFromInline var stack = ContainerStack()
    /// The tokenizer that took over, if the walk handed over: boxed, so that the walk's state
    /// stays small and the check for it is one pointer test.
    @usableFromInline var fallback: Fallback?

    /// A tokenizer that took over.
    @usableFromInline final class Fallback {
        @usableFromInline var tokenizer: JSONTokenizer
        @inlinable init(_ tokenizer: JSONTokenizer) { self.tokenizer = tokenizer }
    }

    /// A tokenizer over `bytes`, the whole of one JSON text.
    @inlinable
    package init(unsafeBytes bytes: UnsafeBufferPointer<UInt8>, options: JSONTokenizer.Options = .init()) {
        // An empty buffer has no base address: a tokenizer over it answers at once.
        let base = bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!
        walk = IndexedValidator(bytes, base: base, options: options)
        if bytes.isEmpty { fallback = Fallback(JSONTokenizer(unsafeBytes: bytes, options: options)) }
    }

    /// Frees the index; the tokenizer must not be used afterwards.
    @inlinable
    package func deallocate() { walk.positions.deallocate() }

    /// The bytes of a token (see ``JSONTokenizer/unsafeBytes(of:)``).
    @inlinable @inline(__always)
    package func unsafeBytes(of token: JSONToken) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: walk.input[token.start..<token.end])
    }

    /// The next token, as ``JSONTokenizer/next()`` gives it.
    @inlinable
    package mutating func next() throws(JSONError) -> JSONToken {
        if let fallback { return try fallback.tokenizer.next() }
        let base = walk.base
        let count = walk.input.count
        while true {
            let position = walk.nextPosition()
            guard position >= 0 else {
                if expectation == .done && !walk.indexer.endedInString {
                    return JSONToken(kind: .endOfInput, start: count, end: count)
                }
                return try handOver(at: count)
            }
            let byte = base[position]
            switch expectation {
            case .value, .valueOrArrayEnd:
                switch byte {
                case UInt8(ascii: "\""):
                    let close = walk.closeOfString(at: position)
                    guard close >= 0 else { return try handOver(at: position) }
                    afterValue()
                    return Self.string(.string, open: position, close: close)
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    guard stack.depth < walk.options.maximumDepth else { return try handOver(at: position) }
                    let isObject = byte == UInt8(ascii: "{")
                    stack.push(isObject: isObject)
                    expectation = isObject ? .keyOrObjectEnd : .valueOrArrayEnd
                    return JSONToken(kind: isObject ? .objectStart : .arrayStart, start: position, end: position &+ 1)
                case UInt8(ascii: "]") where expectation == .valueOrArrayEnd:
                    return close(.arrayEnd, at: position)
                case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                    let end = ScalarGrammar.literalEnd(base, count, position)
                    guard end > 0, end == count || ScalarGrammar.endsScalar(base[end]) else {
                        return try handOver(at: position)
                    }
                    afterValue()
                    let kind: JSONToken.Kind =
                        byte == UInt8(ascii: "t") ? .true : byte == UInt8(ascii: "f") ? .false : .null
                    return JSONToken(kind: kind, start: position, end: end)
                default:
                    let end =
                        byte == UInt8(ascii: "-") || byte &- UInt8(ascii: "0") < 10
                        ? ScalarGrammar.numberEnd(base, count, position) : -1
                    guard end > 0, end == count || ScalarGrammar.endsScalar(base[end]) else {
                        return try handOver(at: position)
                    }
                    afterValue()
                    return JSONToken(
                        kind: .number, flags: Self.numberFlags(base, position, end), start: position, end: end)
                }
            case .keyOrObjectEnd, .key:
                if byte == UInt8(ascii: "\"") {
                    let close = walk.closeOfString(at: position)
                    guard close >= 0 else { return try handOver(at: position) }
                    expectation = .colon
                    // The `:` goes with the key, as the tokenizer takes it; anything else is for
                    // the next call to report.
                    if walk.entry < walk.positions.count && base[walk.positions[walk.entry]] == UInt8(ascii: ":") {
                        walk.entry &+= 1
                        expectation = .value
                    }
                    return Self.string(.key, open: position, close: close)
                }
                guard byte == UInt8(ascii: "}") && expectation == .keyOrObjectEnd else {
                    return try handOver(at: position)
                }
                return close(.objectEnd, at: position)
            case .colon:
                guard byte == UInt8(ascii: ":") else { return try handOver(at: position) }
                expectation = .value
            case .commaOrClose:
                if byte == UInt8(ascii: ",") {
                    expectation = stack.topIsObject ? .key : .value
                } else if byte == (stack.topIsObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    return close(stack.topIsObject ? .objectEnd : .arrayEnd, at: position)
                } else {
                    return try handOver(at: position)
                }
            case .done:
                return try handOver(at: position)
            }
        }
    }

    @inlinable @inline(__always)
    mutating func afterValue() {
        expectation = stack.depth == 0 ? .done : .commaOrClose
    }

    @inlinable @inline(__always)
    mutating func close(_ kind: JSONToken.Kind, at position: Int) -> JSONToken {
        stack.pop()
        afterValue()
        return JSONToken(kind: kind, start: position, end: position &+ 1)
    }

    @inlinable @inline(__always)
    static func string(_ kind: JSONToken.Kind, open: Int, close: Int) -> JSONToken {
        let end = close & ~IndexedValidator.hasEscapesBit
        return JSONToken(kind: kind, flags: close == end ? [] : .hasEscapes, start: open &+ 1, end: end)
    }

    /// `.isInteger` when the number has no fraction and no exponent.
    @inlinable @inline(__always)
    static func numberFlags(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> JSONToken.Flags {
        var index = start
        while index < end {
            let byte = base[index]
            if byte == UInt8(ascii: ".") || byte | 0x20 == UInt8(ascii: "e") { return [] }
            index &+= 1
        }
        return .isInteger
    }

    /// The current nesting depth.
    @inlinable package var depth: Int { fallback?.tokenizer.depth ?? stack.depth }

    /// Hands over to a tokenizer at `position` in the walk's state, and returns its first token.
    @inlinable @inline(never)
    mutating func handOver(at position: Int) throws(JSONError) -> JSONToken {
        let fallback = Fallback(walk.tokenizer(at: position, expectation, stack))
        self.fallback = fallback
        return try fallback.tokenizer.next()
    }
}
