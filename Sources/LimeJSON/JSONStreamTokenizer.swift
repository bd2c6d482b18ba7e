/// A safe, owning tokenizer for JSON that arrives in pieces: a file read in chunks, a pipe, a
/// network body.
///
/// Feed chunks of any size with ``feed(_:)``, then ``finish()`` after the last one. ``next()`` and
/// ``skipValue()`` answer `.needMoreInput` when the bytes fed so far end inside a token; feed more
/// and ask again. Whatever the chunking, down to one byte at a time, the tokens and errors are the
/// same as for the whole input at once.
///
/// The tokenizer keeps only the bytes of the token in progress plus the newest chunk, so memory
/// does not grow with the input.
///
///     var tokenizer = JSONStreamTokenizer()
///     tokenizer.feed(Array(#"{"a": [1, tr"#.utf8))
///     tokenizer.feed(Array(#"ue]}"#.utf8))
///     tokenizer.finish()
///     while case let token = try tokenizer.next(), token.kind != .endOfInput { ... }
///
/// - Warning: a token's bytes (``bytes(of:)``, ``string(_:)``) are available only until the next
///   ``feed(_:)`` or ``finish()``.
public struct JSONStreamTokenizer {
    /// Shared between copies of the tokenizer until one of them feeds (copy-on-write), so that a
    /// copy never moves or frees bytes the other still reads.
    private var window: ByteWindow
    private var core: JSONTokenizer
    private var isFinished = false

    /// Creates a tokenizer that waits for its first chunk.
    ///
    /// - Parameter options: limits, such as the maximum nesting depth.
    public init(options: JSONTokenizer.Options = JSONTokenizer.Options()) {
        window = ByteWindow()
        core = JSONTokenizer(unsafeBytes: window.bytes, isFinal: false, options: options)
    }

    /// Adds the next chunk of input.
    public mutating func feed(_ chunk: [UInt8]) {
        chunk.withUnsafeBytes { feed(unsafeBytes: $0) }
    }

    /// Adds the next chunk of input: part of a buffer the caller reads into again (a chunk of a
    /// file), copied out of it.
    public mutating func feed(_ chunk: ArraySlice<UInt8>) {
        chunk.withUnsafeBytes { feed(unsafeBytes: $0) }
    }

    /// Adds the next chunk of input, copying it from `bytes` (which need not outlive the call).
    public mutating func feed(unsafeBytes bytes: UnsafeRawBufferPointer) {
        precondition(!isFinished, "feed(_:) after finish()")
        if !isKnownUniquelyReferenced(&self.window) { self.window = self.window.copy() }
        let window = self.window
        window.discard(before: core.retainedOffset) { core.noteDiscarded($0) }
        window.append(bytes)
        core.resume(with: window.bytes, baseOffset: window.baseOffset, isFinal: false)
    }

    /// Declares that no more input follows: a token cut by the end becomes an error.
    public mutating func finish() {
        isFinished = true
        core.resume(with: window.bytes, baseOffset: window.baseOffset, isFinal: true)
    }

    /// Reads the next token (see ``JSONTokenizer/next()``).
    public mutating func next() throws(JSONError) -> JSONToken { try core.next() }

    /// Skips the next value, validating it (see ``JSONTokenizer/skipValue()``); after
    /// `.needMoreInput`, feed and call again to continue the same skip.
    public mutating func skipValue() throws(JSONError) -> JSONToken { try core.skipValue() }

    /// The current nesting depth.
    public var depth: Int { core.depth }

    /// A copy of the raw bytes of a token from the latest ``next()``.
    public func bytes(of token: JSONToken) -> [UInt8] { Array(core.unsafeBytes(of: token)) }

    /// The decoded text of a string or key token from the latest ``next()``.
    public func string(_ token: JSONToken) -> String { core.string(token) }

    /// A number token's text.
    public func numberText(_ token: JSONToken) -> String { core.numberText(token) }
}
