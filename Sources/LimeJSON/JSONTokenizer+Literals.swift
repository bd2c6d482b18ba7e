extension JSONTokenizer {
    // MARK: - Literals

    /// `true`, `false` or `null`: one 4-byte load compared with the word that spells the literal,
    /// inline in the caller (a message has some ten of them); anything else out of line.
    @inlinable @inline(__always)
    mutating func scanLiteral(_ kind: JSONToken.Kind, _ firstFour: UInt32, _ text: StaticString) throws(JSONError)
        -> JSONToken
    {
        let length = kind == .false ? 5 : 4
        let start = position
        if start &+ length <= input.count {
            let word = UnsafeRawPointer(input.baseAddress.unsafelyUnwrapped + start).loadUnaligned(as: UInt32.self)
            if word.littleEndian == firstFour && (length == 4 || input[start &+ 4] == UInt8(ascii: "e")) {
                position = start &+ length
                afterValue()
                return JSONToken(kind: kind, start: baseOffset &+ start, end: baseOffset &+ start &+ length)
            }
        }
        return try scanLiteralSlowly(kind, text)
    }

    /// A literal that does not match, or that the window cuts.
    @inlinable @inline(never)
    mutating func scanLiteralSlowly(_ kind: JSONToken.Kind, _ text: StaticString) throws(JSONError) -> JSONToken {
        let length = kind == .false ? 5 : 4
        let start = position
        let expected = UnsafeBufferPointer(start: text.utf8Start, count: length)
        var index = 0
        while index < length {
            guard start + index < input.count else {
                if !isFinal {
                    return JSONToken(kind: .needMoreInput, start: baseOffset + start, end: baseOffset + start)
                }
                throw error(.unexpectedEndOfInput, "unexpected end of input in literal '\(text)'", at: start + index)
            }
            if input[start + index] != expected[index] {
                throw error(
                    .invalidLiteral,
                    "invalid literal, expected '\(text)', found \(JSONError.describe(byte: input[start + index]))",
                    at: start + index)
            }
            index += 1
        }
        position = start + length
        afterValue()
        return JSONToken(kind: kind, start: baseOffset + start, end: baseOffset + start + length)
    }

    /// Throws ``JSONError/Code/byteOrderMark`` when the input begins with the whole mark EF BB BF,
    /// which RFC 8259 (section 8.1) does not allow. Returns a `needMoreInput` token when the window
    /// ends inside what may still become the mark, and `nil` when the bytes are something else: a lone
    /// 0xEF is then reported as any other byte that cannot begin a value.
    @usableFromInline @inline(never)
    mutating func rejectByteOrderMark() throws(JSONError) -> JSONToken? {
        for index in 1...2 {
            let expected: UInt8 = index == 1 ? 0xBB : 0xBF
            guard position + index < input.count else {
                if isFinal { return nil }
                return JSONToken(kind: .needMoreInput, start: baseOffset + position, end: baseOffset + position)
            }
            if input[position + index] != expected { return nil }
        }
        throw error(.byteOrderMark, "a byte order mark is not allowed in JSON text", at: position)
    }

    // MARK: - Errors

    /// The error for a bracket at `position` that would nest deeper than the options allow.
    @usableFromInline @inline(never)
    func nestingTooDeep() -> JSONError {
        error(.nestingTooDeep, "nesting deeper than \(options.maximumDepth) levels", at: position)
    }

    /// An error at `index` in the current window, with its line and column worked out.
    @usableFromInline @inline(never)
    func error(_ code: JSONError.Code, _ message: String, at index: Int) -> JSONError {
        let location = lines.location(of: index, in: input, baseOffset: baseOffset)
        return JSONError(
            code: code, message: message, offset: baseOffset + index, line: location.line, column: location.column)
    }
}
