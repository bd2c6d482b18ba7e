/// A validating, zero-copy, non-recursive JSON tokenizer over borrowed UTF-8 bytes.
///
/// `JSONTokenizer` is the unsafe core that every other layer stands on. It reads bytes it does not
/// own, through an `UnsafeBufferPointer`, and hands out ``JSONToken``s: a kind and a byte range.
/// Nothing is copied or decoded unless asked (see ``JSONTokenizer/string(_:)``). Nesting lives on an
/// explicit stack, so no input, however deep, can overflow the call stack.
///
/// Walking through `{"a":[1,"x\n"]}`:
///
///     byte 0  `{`    -> .objectStart             (stack: object)
///     byte 1  `"a"`  -> .key     2..<3            expects ':'
///     byte 4  `:`       consumed, expects a value
///     byte 5  `[`    -> .arrayStart              (stack: object, array)
///     byte 6  `1`    -> .number  6..<7 [isInteger]
///     byte 7  `,`       consumed
///     byte 8  `"x\n"`-> .string  9..<12 [hasEscapes]
///     byte 13 `]`    -> .arrayEnd                (stack: object)
///     byte 14 `}`    -> .objectEnd               (stack: empty)
///     end            -> .endOfInput
///
/// Input may come in pieces: with `isFinal == false`, the tokenizer answers ``JSONToken/Kind/needMoreInput``
/// instead of guessing when the bytes end inside a token, and resumes where it stopped once
/// ``JSONTokenizer/resume(with:baseOffset:isFinal:)`` gives it the next window. Any
/// split of the input gives the same tokens and the same errors. ``JSONStreamTokenizer`` wraps this
/// in a safe, owning API.
///
/// - Warning: The tokenizer borrows its bytes. They must stay valid and unchanged for as long as the
///   tokenizer (or a token's range) is used. Prefer the safe entry points: ``JSONTokenizer/withTokenizer(over:options:_:)``
///   and ``JSONStreamTokenizer``.
public struct JSONTokenizer {
    /// Where in a JSON text the tokenizer's first byte stands.
    public enum Context: Sendable, Equatable {
        /// Before a value: the tokenizer reads exactly one JSON value (the default).
        case value
        /// Inside an object, right after one of its members: the tokenizer reads `,` and more
        /// members, or `}`, and its value is complete when that object closes. For readers that
        /// hand the middle of an object to someone else and take the rest back.
        case objectAfterMember
    }

    /// Tuning and limits.
    public struct Options: Sendable, Equatable {
        /// The deepest nesting of arrays and objects accepted (default 1024).
        public var maximumDepth: Int
        /// Creates options.
        public init(maximumDepth: Int = 1024) {
            self.maximumDepth = max(1, maximumDepth)
        }
    }

    /// What the grammar allows at the current position.
    @usableFromInline
    enum Expectation: UInt8 {
        /// A value (the top level, after `:`, after `,` in an array).
        case value
        /// A value or `]` (after `[`).
        case valueOrArrayEnd
        /// A key or `}` (after `{`).
        case keyOrObjectEnd
        /// A key (after `,` in an object).
        case key
        /// `:` (after a key).
        case colon
        /// `,` or the innermost container's closing bracket.
        case commaOrClose
        /// Nothing but whitespace: the top-level value is complete.
        case done
    }

    @usableFromInline var input: UnsafeBufferPointer<UInt8>
    /// Offset of `input[0]` from the start of the whole input.
    @usableFromInline var baseOffset: Int
    /// No bytes follow `input`.
    @usableFromInline var isFinal: Bool
    /// Index into `input` of the next byte to read.
    @usableFromInline var position: Int
    @usableFromInline var expectation: Expectation
    @usableFromInline var stack: ContainerStack
    /// When a string was cut by the end of a non-final window: how far its contents are already
    /// validated (absolute offset), and whether escapes were seen. Saves rescanning a long string
    /// every time a small chunk arrives.
    @usableFromInline var pendingStringProgress: Int
    @usableFromInline var pendingStringFlags: JSONToken.Flags
    /// Line feeds seen, and where the current line starts, for error positions.
    @usableFromInline var lines: JSONLineTracker
    /// A ``skipValue()`` in progress.
    @usableFromInline var skip: SkipState
    /// The options this tokenizer was made with.
    public let options: Options

    /// Creates a tokenizer over borrowed bytes.
    ///
    /// - Parameters:
    ///   - bytes: UTF-8 JSON text, or the first part of it.
    ///   - baseOffset: the absolute offset of `bytes[0]` in a larger input (for token ranges and
    ///     error offsets); line and column still count from `bytes[0]` as line 1, column 1.
    ///   - isFinal: `true` when `bytes` is the whole input; `false` when more may follow.
    ///   - context: where `bytes` starts: before a value (the default), or inside an object.
    ///   - options: limits.
    /// - Warning: `bytes` must outlive the tokenizer; see the type's documentation.
    public init(
        unsafeBytes bytes: UnsafeBufferPointer<UInt8>, baseOffset: Int = 0, isFinal: Bool = true,
        context: Context = .value, options: Options = Options()
    ) {
        self.input = bytes
        self.baseOffset = baseOffset
        self.isFinal = isFinal
        self.position = 0
        self.expectation = .value
        self.stack = ContainerStack()
        self.pendingStringProgress = -1
        self.pendingStringFlags = []
        self.lines = JSONLineTracker(start: baseOffset)
        self.skip = SkipState()
        if context == .objectAfterMember {
            stack.push(isObject: true)
            expectation = .commaOrClose
        }
        self.options = options
    }

    /// Runs `body` with a tokenizer over the whole of `bytes`: in place when they are contiguous
    /// in memory (`[UInt8]`, `ArraySlice`, `Data`, a `String`'s `utf8`), else over a copy.
    ///
    /// - Parameters:
    ///   - bytes: one complete JSON text.
    ///   - options: limits.
    ///   - body: works with the tokenizer; must not let it escape.
    /// - Returns: what `body` returns.
    @inlinable
    public static func withTokenizer<Bytes: Sequence, Result, Failure: Error>(
        over bytes: Bytes, options: Options = Options(),
        _ body: (inout JSONTokenizer) throws(Failure) -> Result
    ) throws(Failure) -> Result where Bytes.Element == UInt8 {
        func run(_ buffer: UnsafeBufferPointer<UInt8>) -> Swift.Result<Result, Failure> {
            var tokenizer = JSONTokenizer(unsafeBytes: buffer, isFinal: true, options: options)
            do throws(Failure) {
                return .success(try body(&tokenizer))
            } catch {
                return .failure(error)
            }
        }
        let outcome = bytes.withContiguousStorageIfAvailable(run) ?? Array(bytes).withUnsafeBufferPointer(run)
        return try outcome.get()
    }

    /// Where the window ends, as a position of the whole input (for an error there).
    package var endPosition: JSONPosition {
        let (line, column) = lines.location(of: input.count, in: input, baseOffset: baseOffset)
        return JSONPosition(offset: baseOffset &+ input.count, line: line, column: column)
    }

    // MARK: - Tokens

    /// Reads the next token.
    ///
    /// - Returns: the token; `.endOfInput` when the complete input held one JSON text and all of it
    ///   was read; `.needMoreInput` when the window ends before the next token does (only when not
    ///   final).
    /// - Throws: ``JSONError`` at the first byte that breaks RFC 8259.
    @inlinable
    public mutating func next() throws(JSONError) -> JSONToken {
        try readToken()
    }

    /// ``next()``'s body, inlined into the loops that read many tokens in a row (``finishSkip()``),
    /// so that they pay no call per token.
    @inlinable @inline(__always)
    mutating func readToken() throws(JSONError) -> JSONToken {
        while true {
            guard position < input.count else { return try endOfWindow() }
            var byte = input[position]
            // Whitespace only when there is some: one test for the byte that compact JSON has here.
            if byte <= 0x20 {
                skipWhitespace()
                guard position < input.count else { return try endOfWindow() }
                byte = input[position]
            }
            // Plain comparisons instead of a jump table: the common states come first and the
            // branches predict better than an indirect jump on the state.
            if expectation.rawValue <= Expectation.valueOrArrayEnd.rawValue {
                return try scanValue(startingWith: byte)
            }
            if expectation.rawValue <= Expectation.key.rawValue && byte == UInt8(ascii: "\"") {
                return try scanKey()
            }
            switch expectation {
            case .value, .valueOrArrayEnd:
                return try scanValue(startingWith: byte)
            case .keyOrObjectEnd, .key:
                if byte == UInt8(ascii: "}") && expectation == .keyOrObjectEnd {
                    return closeContainer(.objectEnd)
                }
                throw error(
                    .expectedKey,
                    expectation == .key
                        ? "expected a string key after ',', found \(JSONError.describe(byte: byte))"
                        : "expected a string key or '}', found \(JSONError.describe(byte: byte))",
                    at: position)
            case .colon:
                guard byte == UInt8(ascii: ":") else {
                    throw error(
                        .expectedColon, "expected ':' after object key, found \(JSONError.describe(byte: byte))",
                        at: position)
                }
                position &+= 1
                expectation = .value
            case .commaOrClose:
                let inObject = stack.topIsObject
                if byte == UInt8(ascii: ",") {
                    position &+= 1
                    expectation = inObject ? .key : .value
                } else if byte == (inObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    return closeContainer(inObject ? .objectEnd : .arrayEnd)
                } else {
                    throw error(
                        .expectedCommaOrClose,
                        inObject
                            ? "expected ',' or '}' after object member, found \(JSONError.describe(byte: byte))"
                            : "expected ',' or ']' after array element, found \(JSONError.describe(byte: byte))",
                        at: position)
                }
            case .done:
                throw error(
                    .trailingCharacters,
                    "unexpected \(JSONError.describe(byte: byte)) after the top-level value", at: position)
            }
        }
    }

    @inlinable
    mutating func scanValue(startingWith byte: UInt8) throws(JSONError) -> JSONToken {
        // Strings first: most values of a payload are strings.
        if byte == UInt8(ascii: "\"") {
            let token = try scanString(kind: .string)
            if token.kind != .needMoreInput { afterValue() }
            return token
        }
        switch byte {
        case UInt8(ascii: "{"):
            try openContainer(isObject: true)
            return JSONToken(kind: .objectStart, start: baseOffset + position - 1, end: baseOffset + position)
        case UInt8(ascii: "["):
            try openContainer(isObject: false)
            return JSONToken(kind: .arrayStart, start: baseOffset + position - 1, end: baseOffset + position)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            if let token = scanPlainInteger() {
                afterValue()
                return token
            }
            let token = try scanNumber()
            if token.kind != .needMoreInput { afterValue() }
            return token
        case UInt8(ascii: "t"):
            return try scanLiteral(.true, 0x6575_7274, "true")
        case UInt8(ascii: "f"):
            return try scanLiteral(.false, 0x736C_6166, "false")
        case UInt8(ascii: "n"):
            return try scanLiteral(.null, 0x6C6C_756E, "null")
        case UInt8(ascii: "]") where expectation == .valueOrArrayEnd:
            return closeContainer(.arrayEnd)
        case 0xEF where baseOffset + position == 0:
            if let needMoreInput = try rejectByteOrderMark() { return needMoreInput }
            fallthrough
        default:
            if expectation == .value && stack.depth > 0 && !stack.topIsObject && byte == UInt8(ascii: "]") {
                throw error(.expectedValue, "expected a value after ',', found ']' (trailing comma)", at: position)
            }
            let context = expectation == .valueOrArrayEnd ? "a value or ']'" : "a value"
            throw error(.expectedValue, "expected \(context), found \(JSONError.describe(byte: byte))", at: position)
        }
    }

    // Inline, with the error out of line: an object in a member's value costs no call.
    @inlinable @inline(__always)
    mutating func openContainer(isObject: Bool) throws(JSONError) {
        guard stack.depth < options.maximumDepth else { throw nestingTooDeep() }
        stack.push(isObject: isObject)
        position &+= 1
        expectation = isObject ? .keyOrObjectEnd : .valueOrArrayEnd
    }

    // Inline: the skip loop (finishSkip()) and next() close a container every few tokens.
    @inlinable @inline(__always)
    mutating func closeContainer(_ kind: JSONToken.Kind) -> JSONToken {
        stack.pop()
        let token = JSONToken(kind: kind, start: baseOffset &+ position, end: baseOffset &+ position &+ 1)
        position &+= 1
        afterValue()
        return token
    }

    @inlinable @inline(__always)
    mutating func afterValue() {
        if stack.depth == 0 {
            expectation = .done
        } else {
            expectation = .commaOrClose
            consumeSeparator(UInt8(ascii: ","))
        }
    }

    /// Consumes the `:` after a key or the `,` after a value right away when it is there, saving
    /// the next call a round through the state machine. Anything else is left for ``next()``,
    /// which reports it, so tokens and errors stay the same however the input is split.
    @inlinable @inline(__always)
    mutating func consumeSeparator(_ separator: UInt8) {
        // Compact JSON has the separator right after the token: look for it before whitespace,
        // one test instead of two (the whitespace test, then the separator's).
        if position >= input.count || input[position] != separator {
            skipWhitespace()
            guard position < input.count, input[position] == separator else { return }
        }
        position &+= 1
        if separator == UInt8(ascii: ":") {
            expectation = .value
        } else {
            expectation = stack.topIsObject ? .key : .value
        }
    }

    @inlinable @inline(__always)
    mutating func skipWhitespace() {
        let count = input.count
        var index = position
        // Compact JSON has no whitespace between most tokens: one test and out.
        if index < count && input[index] > 0x20 { return }
        // JSON whitespace is space, tab, LF, CR: all <= 0x20, so one compare rejects most bytes.
        while index < count {
            let byte = input[index]
            guard byte <= 0x20, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { break }
            index &+= 1
            if byte == 0x0A {
                lines.lineFeeds &+= 1
                lines.lineStart = baseOffset &+ index
                lines.continuationBytesBeforeLine = lines.continuationBytes
            }
        }
        position = index
    }

}
