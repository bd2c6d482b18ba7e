// MARK: - Numbers: checked against the grammar, converted only on request

extension JSONTokenizer {
    /// Scans a number starting at `position` (a '-' or a digit).
    ///
    /// `-? (0 | [1-9][0-9]*) (\.[0-9]+)? ([eE][+-]?[0-9]+)?`. When the window ends before a byte
    /// that closes the number, and more input may follow, answers `.needMoreInput` and rescans the
    /// number from its start next time (numbers are short).
    @inlinable
    mutating func scanNumber() throws(JSONError) -> JSONToken {
        let start = position
        let count = input.count
        var index = start
        var flags: JSONToken.Flags = .isInteger
        @inline(__always) func digit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

        if input[index] == UInt8(ascii: "-") { index &+= 1 }
        // Integer part.
        guard index < count else { return try numberCut(start, index, "expected a digit after '-'") }
        if input[index] == UInt8(ascii: "0") {
            index &+= 1
            if index < count && digit(input[index]) {
                throw error(.invalidNumber, "leading zeros are not allowed in numbers", at: index)
            }
        } else if digit(input[index]) {
            index &+= 1
            while index < count && digit(input[index]) { index &+= 1 }
        } else {
            throw error(
                .invalidNumber, "expected a digit after '-', found \(JSONError.describe(byte: input[index]))", at: index
            )
        }
        // Fraction.
        if index < count && input[index] == UInt8(ascii: ".") {
            flags.remove(.isInteger)
            index &+= 1
            guard index < count else { return try numberCut(start, index, "expected a digit after the decimal point") }
            guard digit(input[index]) else {
                throw error(
                    .invalidNumber,
                    "expected a digit after the decimal point, found \(JSONError.describe(byte: input[index]))",
                    at: index)
            }
            while index < count && digit(input[index]) { index &+= 1 }
        }
        // Exponent.
        if index < count && (input[index] | 0x20) == UInt8(ascii: "e") {
            flags.remove(.isInteger)
            index &+= 1
            if index < count && (input[index] == UInt8(ascii: "+") || input[index] == UInt8(ascii: "-")) { index &+= 1 }
            guard index < count else { return try numberCut(start, index, "expected a digit in the exponent") }
            guard digit(input[index]) else {
                throw error(
                    .invalidNumber, "expected a digit in the exponent, found \(JSONError.describe(byte: input[index]))",
                    at: index)
            }
            while index < count && digit(input[index]) { index &+= 1 }
        }
        if index == count && !isFinal {
            // The next chunk could still extend this number.
            return JSONToken(kind: .needMoreInput, start: baseOffset + start, end: baseOffset + start)
        }
        position = index
        return JSONToken(kind: .number, flags: flags, start: baseOffset + start, end: baseOffset + index)
    }

    /// A non-negative integer of 1 to 15 digits (ids, counts: most numbers of a payload), found
    /// inline with one 16-byte test; `nil` for anything else, which ``scanNumber()`` then reads.
    @inlinable @inline(__always)
    mutating func scanPlainInteger() -> JSONToken? {
        let start = position
        guard start &+ 16 <= input.count else { return nil }
        // 16 bytes are in the window, so it has a base address.
        let length = Self.plainIntegerLength(at: input.baseAddress.unsafelyUnwrapped + start)
        guard length > 0 else { return nil }
        position = start &+ length
        return JSONToken(
            kind: .number, flags: .isInteger, start: baseOffset &+ start, end: baseOffset &+ start &+ length)
    }

    /// The length of the plain integer (1 to 15 digits, see ``scanPlainInteger()``) at `pointer`,
    /// with sixteen bytes readable there; 0 when the bytes are anything else.
    @inlinable @inline(__always)
    static func plainIntegerLength(at pointer: UnsafePointer<UInt8>) -> Int {
        let bytes = StringBlock(at: pointer).bytes
        let digits = StringBlock.isBelow(bytes ^ StringBlock.splat(0x30), 10)
        let length = StringBlock.firstLane(~digits & StringBlock.splat(0x80))
        // Digits, not a leading zero before more digits, and no fraction or exponent after them.
        guard length > 0, length < 16, bytes[0] != UInt8(ascii: "0") || length == 1 else { return 0 }
        let next = bytes[length]
        guard next != UInt8(ascii: "."), next | 0x20 != UInt8(ascii: "e") else { return 0 }
        return length
    }

    /// The window ended where the grammar needs one more digit.
    @usableFromInline @inline(never)
    func numberCut(_ start: Int, _ index: Int, _ message: String) throws(JSONError) -> JSONToken {
        if isFinal { throw error(.unexpectedEndOfInput, "unexpected end of input in number: \(message)", at: index) }
        return JSONToken(kind: .needMoreInput, start: baseOffset + start, end: baseOffset + start)
    }
}
