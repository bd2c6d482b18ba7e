// MARK: - Skipping and copying whole values

extension JSONTokenizer {
    /// Skips the next value (a scalar, or an array or object with everything inside it), validating
    /// every byte, without handing out its inner tokens.
    ///
    /// Call it where a value may stand: after a `.key` token, or between array elements.
    ///
    /// - Returns: one token spanning the whole value, whose kind is the value's first token
    ///   (`.objectStart` for an object); or the closing bracket when the array or object ended
    ///   instead of holding another value; or `.needMoreInput`, after which feeding more and calling
    ///   again continues the same skip; or `.endOfInput`.
    /// - Throws: ``JSONError`` for any syntax error inside the value.
    @inlinable
    public mutating func skipValue() throws(JSONError) -> JSONToken {
        if skip.depth < 0 {
            let first = try next()
            guard first.isContainerStart else { return first }
            skip = SkipState(depth: stack.depth &- 1, start: first.start, kind: first.kind)
        }
        return try finishSkip()
    }

    /// Skips the rest of the value that `token` (just returned by ``next()``) starts: for `{` or
    /// `[`, up to and including the matching close; for anything else, nothing.
    ///
    /// - Returns: a token spanning the whole value (see ``skipValue()``), or `.needMoreInput`, after
    ///   which more input and another call with the same token (or ``skipValue()``) continue the skip.
    @inlinable
    public mutating func skipRest(of token: JSONToken) throws(JSONError) -> JSONToken {
        guard token.isContainerStart else { return token }
        // The same value again after `.needMoreInput`: continue, as the depth is no longer the start's.
        if skip.depth >= 0 && skip.start == token.start { return try finishSkip() }
        skip = SkipState(depth: stack.depth &- 1, start: token.start, kind: token.kind)
        return try finishSkip()
    }

    @inlinable
    mutating func finishSkip() throws(JSONError) -> JSONToken {
        let target = skip.depth
        while true {
            let token: JSONToken
            if expectation.rawValue &- Expectation.keyOrObjectEnd.rawValue <= 1
                || (expectation == .commaOrClose && stack.topIsObject)
            {
                // Where a key or the object's end stands: a member in one call, as the extractor
                // reads them (its compact path keeps the position in a register). The key is not
                // needed, so no key is wanted: members with scalar values are passed over inside
                // the call. The value's first token (or the `}`, or `.needMoreInput`) counts.
                let member = try nextMember(wantedKeyLengths: 0)
                token = member.key.kind == .key ? member.value : member.key
            } else {
                token = try readToken()
            }
            if token.kind == .needMoreInput { return token }
            if stack.depth == target {
                let whole = JSONToken(kind: skip.kind, start: skip.start, end: token.end)
                skip = SkipState()
                return whole
            }
        }
    }

    /// Copies the value that `token` (just returned by ``next()``) starts into `output` as compact
    /// JSON: insignificant whitespace removed, strings and numbers exactly as in the input.
    ///
    /// - Returns: `false` when the window ended first (`.needMoreInput`); the copy is then
    ///   incomplete and the caller must start over with more input (or, to go on where it stopped,
    ///   use ``beginCopy(of:into:)`` and ``continueCopy(_:into:)`` instead).
    @inlinable
    public mutating func copyValue(startingWith token: JSONToken, into output: inout [UInt8]) throws(JSONError) -> Bool
    {
        var copy = beginCopy(of: token, into: &output)
        return try continueCopy(&copy, into: &output)
    }

    /// Starts copying the value that `token` (just returned by ``next()``) starts, as
    /// ``copyValue(startingWith:into:)`` does, in steps that survive `.needMoreInput`: call
    /// ``continueCopy(_:into:)`` until it returns `true`, giving the tokenizer more input
    /// (``resume(with:baseOffset:isFinal:)``) each time it returns `false`. The bytes copied so far
    /// stay in `output`, so a value larger than any window is copied once.
    @inlinable
    public mutating func beginCopy(of token: JSONToken, into output: inout [UInt8]) -> ValueCopy {
        appendCompact(token, into: &output)
        return ValueCopy(depth: token.isContainerStart ? stack.depth &- 1 : -1)
    }

    /// Goes on with a copy that ``beginCopy(of:into:)`` started.
    ///
    /// - Returns: `true` when the value is complete; `false` when the window ended first.
    @inlinable
    public mutating func continueCopy(_ copy: inout ValueCopy, into output: inout [UInt8]) throws(JSONError) -> Bool {
        guard copy.depth >= 0 else { return true }
        while true {
            let token = try next()
            switch token.kind {
            case .needMoreInput, .endOfInput:
                return false
            case .objectEnd, .arrayEnd:
                appendCompact(token, into: &output)
                if stack.depth == copy.depth {
                    copy.depth = -1
                    return true
                }
                copy.needsComma = true
            case .key, .objectStart, .arrayStart:
                if copy.needsComma { output.append(UInt8(ascii: ",")) }
                appendCompact(token, into: &output)
                copy.needsComma = false
            default:
                if copy.needsComma { output.append(UInt8(ascii: ",")) }
                appendCompact(token, into: &output)
                copy.needsComma = true
            }
        }
    }

    @inlinable
    func appendCompact(_ token: JSONToken, into output: inout [UInt8]) {
        switch token.kind {
        case .objectStart: output.append(UInt8(ascii: "{"))
        case .objectEnd: output.append(UInt8(ascii: "}"))
        case .arrayStart: output.append(UInt8(ascii: "["))
        case .arrayEnd: output.append(UInt8(ascii: "]"))
        case .string, .key:
            output.append(UInt8(ascii: "\""))
            output.append(contentsOf: unsafeBytes(of: token))
            output.append(UInt8(ascii: "\""))
            if token.kind == .key { output.append(UInt8(ascii: ":")) }
        case .number, .true, .false, .null:
            output.append(contentsOf: unsafeBytes(of: token))
        case .endOfInput, .needMoreInput:
            break
        }
    }
}

/// A copy in progress (``JSONTokenizer/beginCopy(of:into:)``), kept by its caller across
/// `.needMoreInput`.
public struct ValueCopy: Sendable {
    /// The depth at which the copied value ends; -1 once it is complete (or was a scalar).
    @usableFromInline var depth: Int
    /// Whether the next value or key needs a `,` before it.
    @usableFromInline var needsComma = false

    @inlinable init(depth: Int) { self.depth = depth }

    /// Whether the whole value is copied.
    @inlinable public var isComplete: Bool { depth < 0 }
}

/// A skip in progress, kept across `.needMoreInput`.
@usableFromInline
struct SkipState {
    /// The depth at which the skipped value ends; -1 when no skip is in progress.
    @usableFromInline var depth: Int
    @usableFromInline var start: Int
    @usableFromInline var kind: JSONToken.Kind

    @inlinable init(depth: Int = -1, start: Int = 0, kind: JSONToken.Kind = .null) {
        self.depth = depth
        self.start = start
        self.kind = kind
    }
}
