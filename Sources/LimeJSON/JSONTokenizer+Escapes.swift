// MARK: - Escapes and UTF-8 sequences, checked one at a time

extension JSONTokenizer {
    /// Checks the escape at `index` (a `\`).
    ///
    /// - Returns: its length (2, or 6 for `\uXXXX`); 0 when the window ends inside it; -1 when it
    ///   is invalid (``invalidEscape(at:)`` says why). A static function on the raw window, so the
    ///   hot loop passes registers, not the tokenizer.
    @inlinable @inline(__always)
    static func escapeLength(_ base: UnsafePointer<UInt8>, _ count: Int, _ index: Int) -> Int {
        guard index &+ 1 < count else { return 0 }
        switch base[index &+ 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return 2
        case UInt8(ascii: "u"):
            var digit = index &+ 2
            while digit < index &+ 6 {
                guard digit < count else { return 0 }
                guard hexValue(base[digit]) != nil else { return -1 }
                digit &+= 1
            }
            return 6
        default:
            return -1
        }
    }

    /// The error for an escape at `index` that ``escapeLength(_:_:_:)`` rejected, or that the end
    /// of the whole input cut.
    @usableFromInline @inline(never)
    func invalidEscape(at index: Int) -> JSONError {
        let count = input.count
        guard index + 1 < count else {
            return error(.unexpectedEndOfInput, "unexpected end of input in escape sequence", at: count)
        }
        let byte = input[index + 1]
        if byte == UInt8(ascii: "u") {
            for digit in (index + 2)..<(index + 6) {
                guard digit < count else {
                    return error(.unexpectedEndOfInput, "unexpected end of input in '\\u' escape", at: count)
                }
                if Self.hexValue(input[digit]) == nil {
                    return error(
                        .invalidUnicodeEscape,
                        "expected four hex digits after '\\u', found \(JSONError.describe(byte: input[digit]))",
                        at: digit)
                }
            }
        }
        if byte >= 0x80 || byte < 0x20 {
            return error(
                .invalidEscape, "invalid escape: '\\' followed by \(JSONError.describe(byte: byte))", at: index)
        }
        return error(.invalidEscape, "invalid escape sequence '\\\(Character(Unicode.Scalar(byte)))'", at: index)
    }

    /// The value of an ASCII hex digit, or `nil`.
    @inlinable
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte &- UInt8(ascii: "A") &+ 10
        default: return nil
        }
    }

    /// Checks the UTF-8 sequence that starts with the non-ASCII byte at `index`, exactly as
    /// Unicode's table of well-formed byte sequences says (no overlongs, no surrogates, nothing
    /// above U+10FFFF).
    ///
    /// - Returns: its length (2 to 4); 0 when the window ends inside it; -1 when it is ill-formed
    ///   (``invalidUTF8(at:)`` says where and why).
    @inlinable @inline(__always)
    static func utf8SequenceLength(_ base: UnsafePointer<UInt8>, _ count: Int, _ index: Int) -> Int {
        let lead = base[index]
        // The common cases first: two-byte (Latin, Greek, Cyrillic) and plain three-byte (CJK).
        if lead &- 0xC2 < 0x1E {
            guard index &+ 1 < count else { return 0 }
            return base[index &+ 1] & 0xC0 == 0x80 ? 2 : -1
        }
        guard let (length, low, high) = utf8Shape(lead) else { return -1 }
        guard index &+ 1 < count else { return 0 }
        let second = base[index &+ 1]
        guard second >= low && second <= high else { return -1 }
        guard index &+ 2 < count else { return 0 }
        guard base[index &+ 2] & 0xC0 == 0x80 else { return -1 }
        if length == 3 { return 3 }
        guard index &+ 3 < count else { return 0 }
        return base[index &+ 3] & 0xC0 == 0x80 ? 4 : -1
    }

    /// What Unicode's table allows after a lead byte: the sequence's length, and the range of its
    /// second byte (the others are 80 to BF); nil for a byte that cannot start a character.
    @inlinable @inline(__always)
    static func utf8Shape(_ lead: UInt8) -> (length: Int, low: UInt8, high: UInt8)? {
        switch lead {
        case 0xC2...0xDF: return (2, 0x80, 0xBF)
        case 0xE0: return (3, 0xA0, 0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: return (3, 0x80, 0xBF)
        case 0xED: return (3, 0x80, 0x9F)
        case 0xF0: return (4, 0x90, 0xBF)
        case 0xF1...0xF3: return (4, 0x80, 0xBF)
        case 0xF4: return (4, 0x80, 0x8F)
        default: return nil
        }
    }

    /// The error for an ill-formed (or, at the end of the whole input, cut) UTF-8 sequence at `index`.
    @usableFromInline @inline(never)
    func invalidUTF8(at index: Int) -> JSONError {
        let lead = input[index]
        guard let (length, low, high) = Self.utf8Shape(lead) else {
            return error(
                .invalidUTF8, "invalid UTF-8: \(JSONError.describe(byte: lead)) cannot start a character", at: index)
        }
        let count = input.count
        for offset in 1..<length {
            guard index + offset < count else {
                return error(.unexpectedEndOfInput, "unexpected end of input inside a UTF-8 character", at: count)
            }
            let byte = input[index + offset]
            let lower: UInt8 = offset == 1 ? low : 0x80
            let upper: UInt8 = offset == 1 ? high : 0xBF
            if byte < lower || byte > upper {
                return error(
                    .invalidUTF8,
                    "invalid UTF-8: \(JSONError.describe(byte: byte)) cannot follow \(JSONError.describe(byte: input[index + offset - 1]))",
                    at: index + offset)
            }
        }
        return error(.invalidUTF8, "invalid UTF-8 sequence", at: index)
    }
}
