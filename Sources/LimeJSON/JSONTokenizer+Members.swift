// MARK: - Members: a key and its value's first token in one call

extension JSONTokenizer {
    /// Reads the next member of the innermost object: its key, and its value's first token.
    ///
    /// The same tokens, errors and state as ``next()`` for the key and, when that is a `.key`,
    /// ``next()`` again for the value (see ``JSONMemberTokens``); call it where a key or `}` may stand.
    /// A string, integer or literal value, the most common, is scanned inline, so that a key-dense object
    /// costs one call per member instead of three.
    ///
    /// - Returns: the key and the value's first token; at the object's end, the `.objectEnd` token
    ///   as both.
    /// - Throws: ``JSONError`` at the first byte that breaks RFC 8259, the same error as ``next()``;
    ///   when it lies in the value (or between key and value), the key is not handed out.
    @inlinable
    public mutating func nextMember() throws(JSONError) -> JSONMemberTokens {
        // The key's quote first, whitespace only when it is not there (compact JSON has none):
        // one test of the byte on the common path.
        var atQuote = position < input.count && input[position] == UInt8(ascii: "\"")
        if !atQuote {
            skipWhitespace()
            atQuote = position < input.count && input[position] == UInt8(ascii: "\"")
        }
        let key: JSONToken
        // keyOrObjectEnd and key are 2 and 3: one compare for both.
        if atQuote && expectation.rawValue &- Expectation.keyOrObjectEnd.rawValue <= 1 {
            key = try scanKey()
            if key.kind == .needMoreInput { return JSONMemberTokens(key: key, value: key) }
        } else {
            key = try next()
            guard key.kind == .key else { return JSONMemberTokens(key: key, value: key) }
        }
        // As ``next()`` reads a value, with strings, plain integers and literals inline.
        if expectation == .value {
            // As before the key: whitespace only when the value's first byte is not right there.
            var available = position < input.count
            if !available || input[position] <= 0x20 {
                skipWhitespace()
                available = position < input.count
            }
            if available {
                let byte = input[position]
                if byte == UInt8(ascii: "\"") {
                    let value = try scanString(kind: .string)
                    if value.kind != .needMoreInput { afterValue() }
                    return JSONMemberTokens(key: key, value: value)
                }
                if byte &- UInt8(ascii: "0") < 10, let value = scanPlainInteger() {
                    afterValue()
                    return JSONMemberTokens(key: key, value: value)
                }
                // Literals inline too (a chat message has some ten), as ``scanValue(startingWith:)``
                // reads them; everything else there.
                let value: JSONToken
                switch byte {
                case UInt8(ascii: "n"): value = try scanLiteral(.null, 0x6C6C_756E, "null")
                case UInt8(ascii: "t"): value = try scanLiteral(.true, 0x6575_7274, "true")
                case UInt8(ascii: "f"): value = try scanLiteral(.false, 0x736C_6166, "false")
                default: value = try scanValue(startingWith: byte)
                }
                return JSONMemberTokens(key: key, value: value)
            }
        }
        // No colon yet (whitespace or an error before it), or the window ends: the general path.
        return JSONMemberTokens(key: key, value: try next())
    }

    /// Reads the key whose opening quote is at `position`, and the `:` after it when it is there.
    @inlinable @inline(__always)
    mutating func scanKey() throws(JSONError) -> JSONToken {
        let token = try scanString(kind: .key)
        if token.kind != .needMoreInput {
            expectation = .colon
            consumeSeparator(UInt8(ascii: ":"))
        }
        return token
    }
}
