// MARK: - Windows: where the tokenizer stands, and moving it to the next window of input

extension JSONTokenizer {
    // MARK: - State

    /// The current nesting depth (0 at the top level).
    @inlinable public var depth: Int { stack.depth }

    /// Absolute offset of the next byte the tokenizer will read.
    @inlinable public var offset: Int { baseOffset + position }

    /// `true` once the top-level value is complete (only whitespace may follow).
    @inlinable public var isValueComplete: Bool { expectation == .done }

    /// The offset from which bytes are still needed: everything before it may be discarded by the
    /// owner of the buffer. Equal to ``offset`` between tokens; earlier while a token is pending.
    @inlinable public var retainedOffset: Int { baseOffset + position }

    /// Points the tokenizer at the next window of input, typically after it answered `.needMoreInput`.
    ///
    /// - Parameters:
    ///   - bytes: the new window; it must begin at absolute offset `baseOffset` and contain every
    ///     byte from ``retainedOffset`` on. Call ``noteDiscarded(_:)`` first for any bytes dropped
    ///     from the front.
    ///   - baseOffset: absolute offset of `bytes[0]`.
    ///   - isFinal: `true` when no bytes follow `bytes`.
    /// - Warning: the new bytes must outlive the tokenizer's use, as with the initializer.
    public mutating func resume(with bytes: UnsafeBufferPointer<UInt8>, baseOffset newBase: Int, isFinal: Bool) {
        let absolute = baseOffset + position
        precondition(newBase <= absolute && absolute <= newBase + bytes.count, "window must hold the retained bytes")
        input = bytes
        baseOffset = newBase
        position = absolute - newBase
        self.isFinal = isFinal
    }

    /// Records bytes dropped from the front of the input (in order, each call continuing the last),
    /// so that later errors still get the right line and column.
    public mutating func noteDiscarded(_ bytes: UnsafeBufferPointer<UInt8>) {
        lines.discard(bytes, at: baseOffset)
    }

    /// The number of line feeds read so far (they can only stand in whitespace).
    @inlinable public var lineFeeds: Int { lines.lineFeeds }

    /// Absolute offset of the first byte of the current line.
    @inlinable public var lineStart: Int { lines.lineStart }

    /// The line bookkeeping so far: line feeds, the current line's start, and the UTF-8
    /// continuation bytes read (see ``JSONLineTracker/scalarsOnLine(upTo:)``).
    @inlinable package var lineTracker: JSONLineTracker { lines }

    /// The window ended between tokens: more input, the end, or an error for what is missing.
    @usableFromInline @inline(never)
    mutating func endOfWindow() throws(JSONError) -> JSONToken {
        if !isFinal { return JSONToken(kind: .needMoreInput, start: offset, end: offset) }
        if expectation == .done { return JSONToken(kind: .endOfInput, start: offset, end: offset) }
        let what: String
        switch expectation {
        case .value:
            what =
                stack.depth == 0 && baseOffset + position == 0
                ? "expected a JSON value, input is empty" : "unexpected end of input, expected a value"
        case .valueOrArrayEnd: what = "unexpected end of input, expected a value or ']'"
        case .keyOrObjectEnd, .key: what = "unexpected end of input, expected a string key"
        case .colon: what = "unexpected end of input, expected ':'"
        case .commaOrClose:
            what =
                stack.topIsObject
                ? "unexpected end of input, expected ',' or '}'" : "unexpected end of input, expected ',' or ']'"
        case .done: what = ""
        }
        throw error(.unexpectedEndOfInput, what, at: position)
    }
}
