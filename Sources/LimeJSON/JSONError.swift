/// A JSON syntax error, with where it is: byte offset, line and column.
///
/// Line and column are 1-based; the column counts Unicode scalars (characters as an editor shows
/// them for most text) from the start of the line. The offset counts bytes from the start of the
/// input.
public struct JSONError: Error, Sendable, Equatable, Hashable, CustomStringConvertible {
    /// What went wrong, for callers that branch on it.
    public enum Code: Sendable, Equatable, Hashable {
        /// The input ended before the JSON text did.
        case unexpectedEndOfInput
        /// A byte that cannot start a value where a value was expected.
        case expectedValue
        /// Not a string where an object key was expected.
        case expectedKey
        /// No `:` after an object key.
        case expectedColon
        /// No `,` or closing bracket after a member or element.
        case expectedCommaOrClose
        /// More than whitespace after the top-level value.
        case trailingCharacters
        /// A misspelt `true`, `false` or `null`.
        case invalidLiteral
        /// A number that breaks the grammar (leading zeros, a missing digit, ...).
        case invalidNumber
        /// A `\` escape that JSON does not have.
        case invalidEscape
        /// A `\u` escape without four hex digits.
        case invalidUnicodeEscape
        /// A raw control character (U+0000 to U+001F) inside a string.
        case controlCharacterInString
        /// Bytes that are not well-formed UTF-8.
        case invalidUTF8
        /// Deeper nesting than the tokenizer's limit.
        case nestingTooDeep
        /// A UTF-8 byte order mark, which RFC 8259 does not allow in JSON text.
        case byteOrderMark
        /// On-Demand reading: a value read as a type it is not (`int64()` of a string).
        case typeMismatch
        /// On-Demand reading: a number that the asked type cannot hold (`int64()` of
        /// `9223372036854775808`, `double()` of `1e400`).
        case numberOutOfRange
        /// On-Demand reading: a cursor used after the document moved past it (see
        /// ``JSONDocument``'s forward-only rules).
        case outOfOrderAccess
        /// On-Demand reading: a document of 4 GiB or more (index entries are 32-bit offsets).
        case documentTooLarge
    }

    /// What went wrong.
    public var code: Code
    /// A precise, human-readable message ("expected ':' after object key").
    public var message: String
    /// Where the error is.
    public var position: JSONPosition

    /// Creates an error.
    public init(code: Code, message: String, offset: Int, line: Int, column: Int) {
        self.init(code: code, message: message, at: JSONPosition(offset: offset, line: line, column: column))
    }

    /// Creates an error at `position`.
    public init(code: Code, message: String, at position: JSONPosition) {
        self.code = code
        self.message = message
        self.position = position
    }

    /// Byte offset of the error from the start of the input.
    public var offset: Int {
        get { position.offset }
        set { position.offset = newValue }
    }
    /// 1-based line of the error.
    public var line: Int {
        get { position.line }
        set { position.line = newValue }
    }
    /// 1-based column of the error, in Unicode scalars.
    public var column: Int {
        get { position.column }
        set { position.column = newValue }
    }

    /// `line L, column C (byte N): message`.
    public var description: String { "\(position): \(message)" }
}

extension JSONError {
    /// A readable name for a byte in a message: `'x'` for printable ASCII, `byte 0xNN` otherwise.
    @usableFromInline
    static func describe(byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        switch byte {
        case 0x20: return "' '"
        case 0x0A: return "a line feed"
        case 0x0D: return "a carriage return"
        case 0x09: return "a tab"
        default:
            let hex = String(byte, radix: 16, uppercase: true)
            return "byte 0x" + (hex.count == 1 ? "0" + hex : hex)
        }
    }
}
