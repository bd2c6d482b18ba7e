import LimeFixtures
import LimeJSON

// Drivers and records for the streaming suites: one driver runs the
// whole-buffer `JSONTokenizer` and the chunk-fed `JSONStreamTokenizer` alike (with optional
// `skipValue()` after chosen keys), and records decoded texts as well as ranges, where
// `TokenRecorder` records kinds and ranges only.

/// One token as the tests compare it: kind, flags, byte range and, for strings, keys and numbers,
/// the decoded text. `isSkip` marks the single token that ``JSONTokenizer/skipValue()`` returned
/// for a whole skipped value.
struct TokenRecord: Equatable, Sendable, CustomStringConvertible {
    var kind: JSONToken.Kind
    var flags: JSONToken.Flags
    var start: Int
    var end: Int
    var text: String?
    var isSkip = false

    /// Texts are compared by their UTF-8 bytes, not by `String`'s canonical equivalence.
    static func == (lhs: TokenRecord, rhs: TokenRecord) -> Bool {
        lhs.kind == rhs.kind && lhs.flags == rhs.flags && lhs.start == rhs.start && lhs.end == rhs.end
            && lhs.isSkip == rhs.isSkip && lhs.text.map { Array($0.utf8) } == rhs.text.map { Array($0.utf8) }
    }

    var description: String {
        let flagText = flags.isEmpty ? "" : " flags=\(flags.rawValue)"
        let textPart = text.map { " " + $0.debugDescription } ?? ""
        return "\(isSkip ? "skip " : "")\(kind) \(start)..<\(end)\(flagText)\(textPart)"
    }
}

extension TokenRecord {
    var isContainerStart: Bool { kind == .objectStart || kind == .arrayStart }
}

/// Everything one tokenizer run produced: its tokens (ending with `.endOfInput` when the input was
/// valid), the error that stopped it, and any breach of the streaming protocol the driver saw.
struct TokenTrace: Equatable, Sendable {
    var tokens: [TokenRecord] = []
    /// Tokens read, including those not kept in `tokens`.
    var tokenCount = 0
    var error: JSONError?
    /// For example `.needMoreInput` after `finish()`: never expected.
    var anomaly: String?

    /// A description of the first difference from `expected`, or nil when the traces are equal.
    func difference(from expected: TokenTrace) -> String? {
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

/// What the drivers need from a tokenizer, whole-buffer or streaming.
protocol TraceSource {
    mutating func next() throws(JSONError) -> JSONToken
    mutating func skipValue() throws(JSONError) -> JSONToken
    /// The decoded text of a string or key, the text of a number, nil for anything else.
    func text(of token: JSONToken) -> String?
    /// Gives the tokenizer more input after `.needMoreInput`; false when there is none left to give.
    mutating func supply() -> Bool
}

/// The whole-buffer ``JSONTokenizer``, valid only inside `JSONTokenizer.withTokenizer(over:)`.
struct WholeTraceSource: TraceSource {
    var core: JSONTokenizer

    mutating func next() throws(JSONError) -> JSONToken { try core.next() }
    mutating func skipValue() throws(JSONError) -> JSONToken { try core.skipValue() }
    func text(of token: JSONToken) -> String? {
        switch token.kind {
        case .string, .key: core.string(token)
        case .number: core.numberText(token)
        default: nil
        }
    }
    mutating func supply() -> Bool { false }
}

/// A ``JSONStreamTokenizer`` fed from `bytes` in chunks whose sizes `chunkSize` chooses (0 is an
/// empty feed), then finished.
struct StreamTraceSource: TraceSource {
    var tokenizer: JSONStreamTokenizer
    let bytes: [UInt8]
    var fed = 0
    var isFinished = false
    var chunkSize: () -> Int
    /// Feed copies of the chunk through `feed(_: [UInt8])` instead of `feed(unsafeBytes:)`.
    var feedsArrays = false

    init(_ bytes: [UInt8], options: JSONTokenizer.Options, feedsArrays: Bool = false, chunkSize: @escaping () -> Int) {
        self.tokenizer = JSONStreamTokenizer(options: options)
        self.bytes = bytes
        self.chunkSize = chunkSize
        self.feedsArrays = feedsArrays
    }

    mutating func next() throws(JSONError) -> JSONToken { try tokenizer.next() }
    mutating func skipValue() throws(JSONError) -> JSONToken { try tokenizer.skipValue() }
    func text(of token: JSONToken) -> String? {
        switch token.kind {
        case .string, .key: tokenizer.string(token)
        case .number: tokenizer.numberText(token)
        default: nil
        }
    }

    mutating func supply() -> Bool {
        if fed < bytes.count {
            let end = fed + min(max(0, chunkSize()), bytes.count - fed)
            if feedsArrays {
                tokenizer.feed(Array(bytes[fed..<end]))
            } else {
                let start = fed
                bytes.withUnsafeBytes { tokenizer.feed(unsafeBytes: UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
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

// MARK: - Drivers

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
                                text: skipped.isContainerStart ? nil : source.text(of: skipped), isSkip: true))
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
    static func whole(
        _ bytes: [UInt8], options: JSONTokenizer.Options = .init(), keepsTokens: Bool = true,
        skipsValue: ((Int) -> Bool)? = nil
    ) -> TokenTrace {
        JSONTokenizer.withTokenizer(over: bytes, options: options) { tokenizer in
            var source = WholeTraceSource(core: tokenizer)
            return drive(&source, keepsTokens: keepsTokens, skipsValue: skipsValue)
        }
    }

    /// The streaming run over `bytes`, fed in chunks of the sizes `chunkSize` returns.
    static func streamed(
        _ bytes: [UInt8], options: JSONTokenizer.Options = .init(), feedsArrays: Bool = false, keepsTokens: Bool = true,
        skipsValue: ((Int) -> Bool)? = nil, chunkSize: @escaping () -> Int
    ) -> TokenTrace {
        var source = StreamTraceSource(bytes, options: options, feedsArrays: feedsArrays, chunkSize: chunkSize)
        return drive(&source, keepsTokens: keepsTokens, skipsValue: skipsValue)
    }

    /// The streaming run in chunks of exactly `size` bytes.
    static func streamed(
        _ bytes: [UInt8], options: JSONTokenizer.Options = .init(), keepsTokens: Bool = true, chunksOf size: Int
    ) -> TokenTrace {
        streamed(bytes, options: options, keepsTokens: keepsTokens) { size }
    }

    /// The streaming run in seeded random chunks: mostly small, some empty, some up to 4 KB.
    static func streamed(
        _ bytes: [UInt8], options: JSONTokenizer.Options = .init(), keepsTokens: Bool = true, randomSeed seed: UInt64,
        skipsValue: ((Int) -> Bool)? = nil
    ) -> TokenTrace {
        var random = SplitMix64(seed: seed)
        return streamed(
            bytes, options: options, feedsArrays: seed % 2 == 0, keepsTokens: keepsTokens, skipsValue: skipsValue
        ) {
            switch random.below(8) {
            case 0: 0
            case 1...4: 1 + random.below(8)
            case 5, 6: 1 + random.below(64)
            default: 1 + random.below(4096)
            }
        }
    }
}
