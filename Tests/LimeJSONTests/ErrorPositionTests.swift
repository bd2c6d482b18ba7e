import LimeJSON
import Testing

/// Exact errors, with offset, line and column, for a table of broken inputs; the same from the
/// streaming tokenizer fed one byte at a time.
@Suite struct ErrorPositionTests {
    struct Case: CustomStringConvertible, Sendable {
        var input: [UInt8]
        var code: JSONError.Code
        var message: String
        var offset: Int
        var line: Int
        var column: Int
        var description: String { String(decoding: input.prefix(40), as: UTF8.self) }

        init(_ text: String, _ code: JSONError.Code, _ message: String, _ offset: Int, _ line: Int, _ column: Int) {
            self.init(bytes: Array(text.utf8), code, message, offset, line, column)
        }

        init(bytes: [UInt8], _ code: JSONError.Code, _ message: String, _ offset: Int, _ line: Int, _ column: Int) {
            input = bytes
            self.code = code
            self.message = message
            self.offset = offset
            self.line = line
            self.column = column
        }
    }

    static let cases: [Case] = [
        Case(#"{"a" 1}"#, .expectedColon, "expected ':' after object key, found '1'", 5, 1, 6),
        Case(#"{"a":1,}"#, .expectedKey, "expected a string key after ',', found '}'", 7, 1, 8),
        Case("[1,2,]", .expectedValue, "expected a value after ',', found ']' (trailing comma)", 5, 1, 6),
        Case("[1 2]", .expectedCommaOrClose, "expected ',' or ']' after array element, found '2'", 3, 1, 4),
        Case(#"{"a":1 "b":2}"#, .expectedCommaOrClose, "expected ',' or '}' after object member, found '\"'", 7, 1, 8),
        Case(#"{"a":1}x"#, .trailingCharacters, "unexpected 'x' after the top-level value", 7, 1, 8),
        Case("", .unexpectedEndOfInput, "expected a JSON value, input is empty", 0, 1, 1),
        Case("   ", .unexpectedEndOfInput, "unexpected end of input, expected a value", 3, 1, 4),
        Case("\"abc", .unexpectedEndOfInput, "unexpected end of input in string (missing closing '\"')", 4, 1, 5),
        Case("[1,", .unexpectedEndOfInput, "unexpected end of input, expected a value", 3, 1, 4),
        Case(#"{"a":"#, .unexpectedEndOfInput, "unexpected end of input, expected a value", 5, 1, 6),
        Case("{\n  \"a\": tru\n}", .invalidLiteral, "invalid literal, expected 'true', found a line feed", 12, 2, 11),
        Case("{\r\n\"a\":\r\n  [01]}", .invalidNumber, "leading zeros are not allowed in numbers", 13, 3, 5),
        Case("[\"héé\", x]", .expectedValue, "expected a value, found 'x'", 10, 1, 9),
        Case(
            "[\n\n  \"a\",\n  \"中文\" nope]", .expectedCommaOrClose,
            "expected ',' or ']' after array element, found 'n'", 21, 4, 8),
        Case(
            "\"a\tb\"", .controlCharacterInString,
            "a tab in a string; control characters must be escaped (\\n, \\t, \\u0000 to \\u001F)", 2, 1, 3),
        Case(#""\x""#, .invalidEscape, "invalid escape sequence '\\x'", 1, 1, 2),
        Case(#""\u12G4""#, .invalidUnicodeEscape, "expected four hex digits after '\\u', found 'G'", 5, 1, 6),
        Case("-", .unexpectedEndOfInput, "unexpected end of input in number: expected a digit after '-'", 1, 1, 2),
        Case(
            "1.", .unexpectedEndOfInput, "unexpected end of input in number: expected a digit after the decimal point",
            2, 1, 3),
        Case(
            "1e+", .unexpectedEndOfInput, "unexpected end of input in number: expected a digit in the exponent", 3, 1, 4
        ),
        Case("-01", .invalidNumber, "leading zeros are not allowed in numbers", 2, 1, 3),
        Case("[-x]", .invalidNumber, "expected a digit after '-', found 'x'", 2, 1, 3),
        Case("nul", .unexpectedEndOfInput, "unexpected end of input in literal 'null'", 3, 1, 4),
        Case("nulx", .invalidLiteral, "invalid literal, expected 'null', found 'x'", 3, 1, 4),
        Case("{1:2}", .expectedKey, "expected a string key or '}', found '1'", 1, 1, 2),
        Case("]", .expectedValue, "expected a value, found ']'", 0, 1, 1),
        Case(#"{"a":[}"#, .expectedValue, "expected a value or ']', found '}'", 6, 1, 7),
        Case(
            bytes: [0x22, 0xC0, 0x80, 0x22], .invalidUTF8, "invalid UTF-8: byte 0xC0 cannot start a character", 1, 1, 2),
        Case(
            bytes: [0x22, 0xED, 0xA0, 0x80, 0x22], .invalidUTF8, "invalid UTF-8: byte 0xA0 cannot follow byte 0xED", 2,
            1, 3),
        Case(
            bytes: [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], .invalidUTF8,
            "invalid UTF-8: byte 0x90 cannot follow byte 0xF4", 2, 1, 3),
        Case(bytes: [0x22, 0x80, 0x22], .invalidUTF8, "invalid UTF-8: byte 0x80 cannot start a character", 1, 1, 2),
        Case(
            bytes: [0x22, 0xE2, 0x82], .unexpectedEndOfInput, "unexpected end of input inside a UTF-8 character", 3, 1,
            3),
        Case(
            bytes: [0x0A, 0x22, 0x61, 0xE2, 0x82, 0x28, 0x22], .invalidUTF8,
            "invalid UTF-8: '(' cannot follow byte 0x82", 5, 2, 4),
        Case(
            bytes: [0xEF, 0xBB, 0xBF, 0x7B, 0x7D], .byteOrderMark, "a byte order mark is not allowed in JSON text", 0,
            1, 1),
    ]

    @Test(arguments: cases)
    func wholeInput(_ testCase: Case) {
        let error = TokenRecorder.whole(testCase.input).error
        #expect(
            error
                == JSONError(
                    code: testCase.code, message: testCase.message, offset: testCase.offset, line: testCase.line,
                    column: testCase.column))
    }

    @Test(arguments: cases)
    func oneByteAtATime(_ testCase: Case) {
        #expect(TokenRecorder.chunked(testCase.input, sizes: [1]) == TokenRecorder.whole(testCase.input))
    }

    @Test func nestingLimit() {
        let error = TokenRecorder.whole(Array("[[[[1]]]]".utf8), options: .init(maximumDepth: 3)).error
        #expect(
            error
                == JSONError(
                    code: .nestingTooDeep, message: "nesting deeper than 3 levels", offset: 3, line: 1, column: 4))
        #expect(TokenRecorder.whole(Array("[[[1]]]".utf8), options: .init(maximumDepth: 3)).error == nil)
    }

    /// A million `[` is a clean error, never a stack overflow: with the default limit, and with a
    /// limit above the input's depth (then the input simply ends too early).
    @Test func aMillionOpenBrackets() {
        let input = [UInt8](repeating: UInt8(ascii: "["), count: 1_000_000)
        #expect(TokenRecorder.whole(input).error?.code == .nestingTooDeep)
        #expect(TokenRecorder.whole(input).error?.offset == 1024)
        let deep = TokenRecorder.whole(input, options: .init(maximumDepth: 2_000_000)).error
        #expect(
            deep
                == JSONError(
                    code: .unexpectedEndOfInput, message: "unexpected end of input, expected a value or ']'",
                    offset: 1_000_000, line: 1, column: 1_000_001))
    }

    /// Line and column stay right far into a stream, after many chunks were dropped.
    @Test func positionsAfterManyDroppedChunks() {
        var input: [UInt8] = Array("[\n".utf8)
        for index in 0..<20_000 { input += Array("  \"line \(index) é\",\n".utf8) }
        input += Array("  \"last\" x]".utf8)
        let whole = TokenRecorder.whole(input)
        #expect(whole.error?.line == 20_002)
        #expect(whole.error?.column == 10)
        #expect(whole.error?.offset == input.count - 2)
        for sizes in [[1], [7], [4096], TokenRecorder.randomSizes(seed: 5, maximum: 70_000)] {
            #expect(TokenRecorder.chunked(input, sizes: sizes) == whole)
        }
    }
}
