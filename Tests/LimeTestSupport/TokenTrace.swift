import LimeJSON

// The chunk driver the LimeJSON tests and the fuzz harness (Fuzz/LimeFuzz.swift, which compiles
// this file into itself: keep it to LimeJSON and the standard library) share. One driver runs the
// whole-buffer `JSONTokenizer` and the chunk-fed `JSONStreamTokenizer` alike, optionally calling
// `skipValue()` after chosen keys, and records every token: kind, flags, range and decoded text.
// It also checks that the bytes the tokenizer hands out for a token are the input's bytes in the
// token's range.

/// One token as the tests compare it: kind, flags, byte range and, for strings, keys and numbers,
/// the decoded text. `isSkip` marks the single token that ``JSONTokenizer/skipValue()`` returned
/// for a whole skipped value.
public struct TokenRecord: Equatable, Sendable, CustomStringConvertible {
    public var kind: JSONToken.Kind
    public var flags: JSONToken.Flags
    public var start: Int
    public var end: Int
    public var text: String?
    public var isSkip = false

    public init(
        kind: JSONToken.Kind, flags: JSONToken.Flags, start: Int, end: Int, text: String? = nil, isSkip: Bool = false
    ) {
        self.kind = kind
        self.flags = flags
        self.start = start
        self.end = end
        self.text = text
        self.isSkip = isSkip
    }

    /// Texts are compared by their UTF-8 bytes, not by `String`'s canonical equivalence.
    public static func == (lhs: TokenRecord, rhs: TokenRecord) -> Bool {
        lhs.kind == rhs.kind && lhs.flags == rhs.flags && lhs.start == rhs.start && lhs.end == rhs.end
            && lhs.isSkip == rhs.isSkip && lhs.text.map { Array($0.utf8) } == rhs.text.map { Array($0.utf8) }
    }

    public var description: String {
        let flagText = flags.isEmpty ? "" : " flags=\(flags.rawValue)"
        let textPart = text.map { " " + $0.debugDescription } ?? ""
        return "\(isSkip ? "skip " : "")\(kind) \(start)..<\(end)\(flagText)\(textPart)"
    }

    public var isContainerStart: Bool { kind == .objectStart || kind == .arrayStart }
}

/// Everything one tokenizer run produced: its tokens (ending with `.endOfInput` when the input was
/// valid), the error that stopped it, and any breach of the streaming protocol the driver saw.
public struct TokenTrace: Equatable, Sendable {
    public var tokens: [TokenRecord] = []
    /// Tokens read, including those not kept in `tokens`.
    public var tokenCount = 0
    public var error: JSONError?
    /// For example `.needMoreInput` after `finish()`, or a token whose bytes are not the input's
    /// bytes in its range: never expected.
    public var anomaly: String?

    public init(tokens: [TokenRecord] = [], tokenCount: Int = 0, error: JSONError? = nil, anomaly: String? = nil) {
        self.tokens = tokens
        self.tokenCount = tokenCount
        self.error = error
        self.anomaly = anomaly
    }

    /// A description of the first difference from `expected`, or nil when the traces are equal.
    public func difference(from expected: TokenTrace) -> String? {
        if let anomaly { return "driver anomaly: \(anomaly)" }
        let shared = min(tokens.count, expected.tokens.count)
        for index in 0..<shared where tokens[index] != expected.tokens[index] {
            return "token #\(index): got \(tokens[index]), expected \(expected.tokens[index])"
        }
        if tokens.count != expected.tokens.count {
            let extra = tokens.count > shared ? "got extra \(tokens[shared])" : "missing \(expected.tokens[shared])"
            return "token count \(tokens.count), expected \(expected.tokens.count): \(extra)"
        }
        if error != expected.error {
            return "error \(String(describing: error)), expected \(String(describing: expected.error))"
        }
        return nil
    }
}

// MARK: - Token sources: one driver for whole-buffer and streaming runs

/// What the driver needs from a tokenizer, whole-buffer or streaming.
protocol TraceSource {
    /// The whole input, as fed or to be fed.
    var input: [UInt8] { get }
    mutating func next() throws(JSONError) -> JSONToken
    mutating func skipValue() throws(JSONError) -> JSONToken
    func string(_ token: JSONToken) -> String
    func numberText(_ token: JSONToken) -> String
    /// Whether the bytes the tokenizer gives for `token` are `input[token.start..<token.end]`.
    func bytesMatchInput(_ token: JSONToken) -> Bool
    /// Gives the tokenizer more input after `.needMoreInput`; false when there is none left to give.
    mutating func supply() -> Bool
}

extension TraceSource {
    /// The decoded text of a string or key, the text of a number, nil for anything else.
    func text(of token: JSONToken) -> String? {
        switch token.kind {
        case .string, .key: string(token)
        case .number: numberText(token)
        default: nil
        }
    }
}

/// The whole-buffer ``JSONTokenizer``, valid only inside `JSONTokenizer.withTokenizer(over:)`.
struct WholeTraceSource: TraceSource {
    var core: JSONTokenizer
    let input: [UInt8]

    mutating func next() throws(JSONError) -> JSONToken { try core.next() }
    mutating func skipValue() throws(JSONError) -> JSONToken { try core.skipValue() }
    func string(_ token: JSONToken) -> String { core.string(token) }
    func numberText(_ token: JSONToken) -> String { core.numberText(token) }
    func bytesMatchInput(_ token: JSONToken) -> Bool {
        core.unsafeBytes(of: token).elementsEqual(input[token.start..<token.end])
    }
    mutating func supply() -> Bool { false }
}

/// A ``JSONStreamTokenizer`` fed from `input` in chunks whose sizes `chunkSize` chooses (0 is an
/// empty feed), then finished.
struct StreamTraceSource: TraceSource {
    var tokenizer: JSONStreamTokenizer
    let input: [UInt8]
    var fed = 0
    var isFinished = false
    var chunkSize: () -> Int
    /// Feed copies of the chunk through `feed(_: [UInt8])` instead of `feed(unsafeBytes:)`.
    var feedsArrays = false

    init(_ input: [UInt8], options: JSONTokenizer.Options, feedsArrays: Bool = false, chunkSize: @escaping () -> Int) {
        self.tokenizer = JSONStreamTokenizer(options: options)
        self.input = input
        self.chunkSize = chunkSize
        self.feedsArrays = feedsArrays
    }

    mutating func next() throws(JSONError) -> JSONToken { try tokenizer.next() }
    mutating func skipValue() throws(JSONError) -> JSONToken { try tokenizer.skipValue() }
    func string(_ token: JSONToken) -> String { tokenizer.string(token) }
    func numberText(_ token: JSONToken) -> String { tokenizer.numberText(token) }
    func bytesMatchInput(_ token: JSONToken) -> Bool {
        tokenizer.bytes(of: token).elementsEqual(input[token.start..<token.end])
    }

    mutating func supply() -> Bool {
        if fed < input.count {
            let end = fed + min(max(0, chunkSize()), input.count - fed)
            if feedsArrays {
                tokenizer.feed(Array(input[fed..<end]))
            } else {
                let start = fed
                input.withUnsafeBytes { tokenizer.feed(unsafeBytes: UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
            }
            fed = end
            return true
        }
        if isFinished { return false }
        tokenizer.finish()
        isFinished = true
        return true
    }
}

// MARK: - The driver

extension TokenTrace {
    /// Reads every token. When `skipsValue` says so for the n-th key (counting from 0), skips that
    /// key's value with `skipValue()` (calling it again after each `.needMoreInput`) and records the
    /// one token it returned.
    /// With `keepsTokens` false, only counts them (for inputs of a million tokens).
    static func drive<Source: TraceSource>(
        _ source: inout Source, keepsTokens: Bool = true, skipsValue: ((Int) -> Bool)? = nil
    ) -> TokenTrace {
        var trace = TokenTrace()
        var keys = 0
        do {
            while true {
                let token = try source.next()
                switch token.kind {
                case .needMoreInput:
                    guard source.supply() else {
                        trace.anomaly = ".needMoreInput after finish() at \(token.start)"
                        return trace
                    }
                    continue
                case .endOfInput:
                    trace.tokenCount += 1
                    trace.tokens.append(
                        TokenRecord(kind: token.kind, flags: token.flags, start: token.start, end: token.end))
                    return trace
                default:
                    trace.tokenCount += 1
                    guard keepsTokens else { continue }
                    guard source.bytesMatchInput(token) else {
                        trace.anomaly = "the bytes of \(token.kind) \(token.start)..<\(token.end) are not the input's"
                        return trace
                    }
                    trace.tokens.append(
                        TokenRecord(
                            kind: token.kind, flags: token.flags, start: token.start, end: token.end,
                            text: source.text(of: token)))
                }
                guard token.kind == .key, let skipsValue else { continue }
                keys += 1
                guard skipsValue(keys - 1) else { continue }
                while true {
                    let skipped = try source.skipValue()
                    if skipped.kind != .needMoreInput {
                        trace.tokens.append(
                            TokenRecord(
                                kind: skipped.kind, flags: skipped.flags, start: skipped.start, end: skipped.end,
                                text: skipped.kind == .objectStart || skipped.kind == .arrayStart
                                    ? nil : source.text(of: skipped), isSkip: true))
                        break
                    }
                    guard source.supply() else {
                        trace.anomaly = "skipValue() answered .needMoreInput after finish() at \(skipped.start)"
                        return trace
                    }
                }
            }
        } catch {
            trace.error = error
            return trace
        }
    }

    /// The whole-buffer run over `bytes`.
    public static func whole(
        _ bytes: [UInt8], options: JSONTokenizer.Options = .init(), keepsTokens: Bool = true,
        skipsValue: ((Int) -> Bool)? = nil
    ) -> TokenTrace {
        JSONTokenizer.withTokenizer(over: bytes, options: options) { tokenizer in
            var source = WholeTraceSource(core: tokenizer, input: bytes)
            return drive(&source, keepsTokens: keepsTokens, skipsValue: skipsValue)
        }
    }

    /// The streaming run over `bytes`, fed in chunks of the sizes `chunkSize` returns (0: an empty
    /// feed), through `feed(_: [UInt8])` when `feedsArrays`, else through `feed(unsafeBytes:)`.
    public static func streamed(
        _ bytes: [UInt8], options: JSONTokenizer.Options = .init(), feedsArrays: Bool = false, keepsTokens: Bool = true,
        skipsValue: ((Int) -> Bool)? = nil, chunkSize: @escaping () -> Int
    ) -> TokenTrace {
        var source = StreamTraceSource(bytes, options: options, feedsArrays: feedsArrays, chunkSize: chunkSize)
        return drive(&source, keepsTokens: keepsTokens, skipsValue: skipsValue)
    }

    /// The streaming run in chunks of exactly `size` bytes.
    public static func streamed(
        _ bytes: [UInt8], options: JSONTokenizer.Options = .init(), keepsTokens: Bool = true,
        skipsValue: ((Int) -> Bool)? = nil, chunksOf size: Int
    ) -> TokenTrace {
        streamed(bytes, options: options, keepsTokens: keepsTokens, skipsValue: skipsValue) { size }
    }

    /// The streaming run in chunks of the given sizes, cycled, each fed as a copy through
    /// `feed(_: [UInt8])`.
    public static func streamed(
        _ bytes: [UInt8], options: JSONTokenizer.Options = .init(), skipsValue: ((Int) -> Bool)? = nil,
        sizes: [Int]
    ) -> TokenTrace {
        var turn = 0
        return streamed(bytes, options: options, feedsArrays: true, skipsValue: skipsValue) {
            defer { turn += 1 }
            return sizes[turn % sizes.count]
        }
    }
}
