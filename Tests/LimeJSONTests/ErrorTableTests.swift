import LimeJSON
import Testing

/// Broken inputs and the exact `JSONError` each must give (code, message, byte offset, line and
/// column in Unicode scalars), from the whole buffer and from `JSONStreamTokenizer` fed in chunks of
/// 1, 2, 3 and 5 bytes and in seeded random splits (with empty feeds, through both `feed` entry
/// points).
///
/// A table of 52 cases, without the cases that
/// `ErrorPositionTests` already holds with the same input and the same expected error; messages as
/// main words them.
@Suite struct ErrorTableTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var input: [UInt8]
        var expected: JSONError
        var maximumDepth = 1024

        init(
            _ name: String, _ input: String, _ code: JSONError.Code, _ message: String, offset: Int, line: Int = 1,
            column: Int, maximumDepth: Int = 1024
        ) {
            self.init(
                name, Array(input.utf8), code, message, offset: offset, line: line, column: column,
                maximumDepth: maximumDepth)
        }

        init(
            _ name: String, _ input: [UInt8], _ code: JSONError.Code, _ message: String, offset: Int, line: Int = 1,
            column: Int, maximumDepth: Int = 1024
        ) {
            self.name = name
            self.input = input
            self.expected = JSONError(code: code, message: message, offset: offset, line: line, column: column)
            self.maximumDepth = maximumDepth
        }

        var testDescription: String { name }
        var options: JSONTokenizer.Options { JSONTokenizer.Options(maximumDepth: maximumDepth) }
    }

    /// `["` + `bytes` + `"]`: a string holding raw bytes, inside an array.
    static func inString(_ bytes: [UInt8]) -> [UInt8] { Array(#"[""#.utf8) + bytes + Array(#""]"#.utf8) }

    static let cases: [Case] = [
        // Structure.
        Case("missing value", #"{"a":}"#, .expectedValue, "expected a value, found '}'", offset: 5, column: 6),
        Case("mismatched close", "[}", .expectedValue, "expected a value or ']', found '}'", offset: 1, column: 2),
        Case("plus sign", "+1", .expectedValue, "expected a value, found '+'", offset: 0, column: 1),
        Case(
            "trailing comma in nested array", #"{"a":[1,]}"#, .expectedValue,
            "expected a value after ',', found ']' (trailing comma)", offset: 8, column: 9),
        Case(
            "trailing garbage after array", "[1]x", .trailingCharacters, "unexpected 'x' after the top-level value",
            offset: 3, column: 4),
        Case(
            "second value", "1 2", .trailingCharacters, "unexpected '2' after the top-level value", offset: 2, column: 3
        ),
        // End of input.
        Case(
            "only whitespace, over two lines", " \n\t ", .unexpectedEndOfInput,
            "unexpected end of input, expected a value", offset: 4, line: 2, column: 3),
        Case(
            "unclosed array", "[1", .unexpectedEndOfInput, "unexpected end of input, expected ',' or ']'", offset: 2,
            column: 3),
        Case(
            "unclosed empty array", "[", .unexpectedEndOfInput, "unexpected end of input, expected a value or ']'",
            offset: 1, column: 2),
        Case(
            "unclosed object", #"{"a":1"#, .unexpectedEndOfInput, "unexpected end of input, expected ',' or '}'",
            offset: 6, column: 7),
        Case(
            "unclosed object after key", #"{"a""#, .unexpectedEndOfInput, "unexpected end of input, expected ':'",
            offset: 4, column: 5),
        Case(
            "unclosed object after brace", "{", .unexpectedEndOfInput, "unexpected end of input, expected a string key",
            offset: 1, column: 2),
        Case(
            "unclosed object after comma", #"{"a":1,"#, .unexpectedEndOfInput,
            "unexpected end of input, expected a string key", offset: 7, column: 8),
        Case(
            "end inside escape", #"["ab\"#, .unexpectedEndOfInput, "unexpected end of input in escape sequence",
            offset: 5, column: 6),
        Case(
            "end inside \\u escape", #"["\u00"#, .unexpectedEndOfInput, #"unexpected end of input in '\u' escape"#,
            offset: 6, column: 7),
        Case(
            "end inside false", "[fa", .unexpectedEndOfInput, "unexpected end of input in literal 'false'", offset: 3,
            column: 4),
        // Strings.
        Case(
            "control character in string", inString([0x61, 0x01, 0x62]), .controlCharacterInString,
            "byte 0x01 in a string; control characters must be escaped (\\n, \\t, \\u0000 to \\u001F)", offset: 3,
            column: 4),
        Case(
            "raw line feed in string", inString([0x61, 0x0A]), .controlCharacterInString,
            "a line feed in a string; control characters must be escaped (\\n, \\t, \\u0000 to \\u001F)", offset: 3,
            column: 4),
        Case(
            "raw carriage return in key", Array(#"{"a"#.utf8) + [0x0D] + Array(#"":1}"#.utf8),
            .controlCharacterInString,
            "a carriage return in a string; control characters must be escaped (\\n, \\t, \\u0000 to \\u001F)",
            offset: 3, column: 4),
        Case("bad escape", #"["\x"]"#, .invalidEscape, #"invalid escape sequence '\x'"#, offset: 2, column: 3),
        Case(
            "escape of a raw control byte", inString([0x5C, 0x01]), .invalidEscape,
            #"invalid escape: '\' followed by byte 0x01"#, offset: 2, column: 3),
        Case(
            "bad \\u hex", #"["\u12G4"]"#, .invalidUnicodeEscape, #"expected four hex digits after '\u', found 'G'"#,
            offset: 6, column: 7),
        Case(
            "uppercase \\U", #"["\U0041"]"#, .invalidEscape, #"invalid escape sequence '\U'"#, offset: 2, column: 3),
        // Numbers.
        Case("leading zero", "[01]", .invalidNumber, "leading zeros are not allowed in numbers", offset: 2, column: 3),
        Case(
            "minus without digit", "[-]", .invalidNumber, "expected a digit after '-', found ']'", offset: 2,
            column: 3),
        Case(
            "dot without digit", "[1.e5]", .invalidNumber, "expected a digit after the decimal point, found 'e'",
            offset: 3, column: 4),
        Case(
            "leading dot", "[.5]", .expectedValue, "expected a value or ']', found '.'", offset: 1, column: 2),
        Case(
            "exponent at end", "1e", .unexpectedEndOfInput,
            "unexpected end of input in number: expected a digit in the exponent", offset: 2, column: 3),
        Case(
            "exponent sign without digit", "[1e+]", .invalidNumber, "expected a digit in the exponent, found ']'",
            offset: 4, column: 5),
        // Literals.
        Case(
            "misspelt true", "[tru]", .invalidLiteral, "invalid literal, expected 'true', found ']'", offset: 4,
            column: 5),
        Case(
            "misspelt false", "[fals]", .invalidLiteral, "invalid literal, expected 'false', found ']'", offset: 5,
            column: 6),
        Case(
            "misspelt null", "[nill]", .invalidLiteral, "invalid literal, expected 'null', found 'i'", offset: 2,
            column: 3),
        Case(
            "capitalised True", "[True]", .expectedValue, "expected a value or ']', found 'T'", offset: 1, column: 2),
        // Lines and columns.
        Case(
            "line after line feeds", "{\n  \"a\": 1,\n  \"b\" 2\n}", .expectedColon,
            "expected ':' after object key, found '2'",
            offset: 18, line: 3, column: 7),
        Case(
            "line after CRLF", "[1,\r\n 2,\r\n x]", .expectedValue, "expected a value, found 'x'", offset: 11, line: 3,
            column: 2),
        Case(
            "a lone CR is not a new line", "[1,\r 2,\r x]", .expectedValue, "expected a value, found 'x'", offset: 9,
            line: 1, column: 10),
        Case(
            "column after 2-, 3- and 4-byte characters", #"["é中😀", x]"#, .expectedValue,
            "expected a value, found 'x'", offset: 14, column: 9),
        Case(
            "column on a later line after CJK", "[\n\"a\",\n\"中文\" x]", .expectedCommaOrClose,
            "expected ',' or ']' after array element, found 'x'", offset: 16, line: 3, column: 6),
        Case(
            "column after tabs", "[\t\tx]", .expectedValue, "expected a value or ']', found 'x'", offset: 3, column: 4),
        // UTF-8.
        Case(
            "overlong C0 80", inString([0xC0, 0x80]), .invalidUTF8, "invalid UTF-8: byte 0xC0 cannot start a character",
            offset: 2, column: 3),
        Case(
            "overlong E0 80 80", inString([0xE0, 0x80, 0x80]), .invalidUTF8,
            "invalid UTF-8: byte 0x80 cannot follow byte 0xE0", offset: 3, column: 4),
        Case(
            "surrogate ED A0 80", inString([0xED, 0xA0, 0x80]), .invalidUTF8,
            "invalid UTF-8: byte 0xA0 cannot follow byte 0xED",
            offset: 3, column: 4),
        Case(
            "above U+10FFFF", inString([0xF4, 0x90, 0x80, 0x80]), .invalidUTF8,
            "invalid UTF-8: byte 0x90 cannot follow byte 0xF4",
            offset: 3, column: 4),
        Case(
            "lone continuation byte", inString([0x80]), .invalidUTF8,
            "invalid UTF-8: byte 0x80 cannot start a character", offset: 2, column: 3),
        Case(
            "truncated E2 82", inString([0xE2, 0x82]), .invalidUTF8, #"invalid UTF-8: '"' cannot follow byte 0x82"#,
            offset: 4, column: 4),
        Case(
            "truncated F0 9F 98 in a key", Array(#"{""#.utf8) + [0xF0, 0x9F, 0x98] + Array(#"":1}"#.utf8),
            .invalidUTF8, #"invalid UTF-8: '"' cannot follow byte 0x98"#, offset: 5, column: 4),
        Case(
            "invalid UTF-8 after valid on line 2", Array("[\"ok\",\n\"é".utf8) + [0xFF] + Array("\"]".utf8),
            .invalidUTF8,
            "invalid UTF-8: byte 0xFF cannot start a character", offset: 10, line: 2, column: 3),
        Case(
            "raw non-ASCII outside a string", Array("[1, ".utf8) + [0xC3, 0xA9] + Array("]".utf8), .expectedValue,
            "expected a value, found byte 0xC3", offset: 4, column: 5),
        Case(
            "byte order mark after whitespace", [0x20, 0xEF, 0xBB, 0xBF] + Array("{}".utf8), .expectedValue,
            "expected a value, found byte 0xEF", offset: 1, column: 2),
        Case(
            "byte order mark alone", [0xEF, 0xBB, 0xBF], .byteOrderMark,
            "a byte order mark is not allowed in JSON text", offset: 0, column: 1),
        // Only the whole mark EF BB BF is named as one; a leading 0xEF before anything else is a byte
        // that cannot begin a value, found whether the text ends there or goes on.
        Case(
            "lone 0xEF at the start", [0xEF] + Array("{}".utf8), .expectedValue,
            "expected a value, found byte 0xEF", offset: 0, column: 1),
        Case(
            "0xEF 0xBB then not 0xBF", [0xEF, 0xBB] + Array("{}".utf8), .expectedValue,
            "expected a value, found byte 0xEF", offset: 0, column: 1),
        Case(
            "input of only 0xEF", [0xEF], .expectedValue, "expected a value, found byte 0xEF", offset: 0, column: 1),
        Case(
            "input of only 0xEF 0xBB", [0xEF, 0xBB], .expectedValue,
            "expected a value, found byte 0xEF", offset: 0, column: 1),
        Case(
            "character U+FEFF as a whole text", Array("\u{FEFF}1".utf8), .byteOrderMark,
            "a byte order mark is not allowed in JSON text", offset: 0, column: 1),
        // Depth.
        Case(
            "objects deeper than 3", #"{"a":{"b":{"c":{}}}}"#, .nestingTooDeep, "nesting deeper than 3 levels",
            offset: 15, column: 16,
            maximumDepth: 3),
        Case(
            "3 levels are fine, then an error", "[[[]]] ]", .trailingCharacters,
            "unexpected ']' after the top-level value",
            offset: 7, column: 8, maximumDepth: 3),
    ]

    @Test(arguments: cases)
    func wholeBuffer(_ test: Case) {
        let trace = TokenTrace.whole(test.input, options: test.options)
        #expect(trace.error == test.expected)
        #expect(trace.anomaly == nil)
    }

    @Test(arguments: cases)
    func streamed(_ test: Case) {
        for size in [1, 2, 3, 5] {
            #expect(
                TokenTrace.streamed(test.input, options: test.options, chunksOf: size).error == test.expected,
                "chunks of \(size)")
        }
        for seed in UInt64(1)...4 {
            #expect(
                TokenTrace.streamed(test.input, options: test.options, randomSeed: seed).error == test.expected,
                "random split \(seed)")
        }
    }

    /// `description` reads "line L, column C (byte N): message".
    @Test func descriptionNamesThePosition() {
        let error = JSONError(
            code: .expectedColon, message: "expected ':' after object key, found '1'", offset: 5, line: 1, column: 6)
        #expect(error.description == "line 1, column 6 (byte 5): expected ':' after object key, found '1'")
    }

    // MARK: - Depth without recursion

    static let millionOpenBrackets = [UInt8](repeating: UInt8(ascii: "["), count: 1_000_000)

    /// The full error, from the whole buffer and from a byte-by-byte stream
    /// (`aMillionOpenBrackets` checks the code and offset of the whole-buffer run).
    @Test func millionOpenBracketsHitTheDefaultLimit() {
        let expected = JSONError(
            code: .nestingTooDeep, message: "nesting deeper than 1024 levels", offset: 1024, line: 1, column: 1025)
        #expect(TokenTrace.whole(Self.millionOpenBrackets).error == expected)
        #expect(TokenTrace.streamed(Self.millionOpenBrackets, chunksOf: 1).error == expected)
    }

    /// Within a higher limit the input ends too early; streamed in big and random chunks, with every
    /// `[` a token.
    @Test func millionOpenBracketsWithinAHigherLimitStreamed() {
        let options = JSONTokenizer.Options(maximumDepth: 2_000_000)
        let expected = JSONError(
            code: .unexpectedEndOfInput, message: "unexpected end of input, expected a value or ']'",
            offset: 1_000_000, line: 1, column: 1_000_001)
        let trace = TokenTrace.whole(Self.millionOpenBrackets, options: options, keepsTokens: false)
        #expect(trace.error == expected)
        #expect(trace.tokenCount == 1_000_000)
        let big = TokenTrace.streamed(Self.millionOpenBrackets, options: options, keepsTokens: false, chunksOf: 65_536)
        #expect(big.error == expected)
        #expect(big.tokenCount == 1_000_000)
        #expect(
            TokenTrace.streamed(Self.millionOpenBrackets, options: options, keepsTokens: false, randomSeed: 5).error
                == expected)
    }

    /// A million levels, then all of them closed: depth comes back down with no recursion anywhere.
    @Test func millionLevelsOpenAndClose() throws {
        let bytes = Self.millionOpenBrackets + [UInt8](repeating: UInt8(ascii: "]"), count: 1_000_000)
        let (deepest, tokens) = try JSONTokenizer.withTokenizer(
            over: bytes, options: JSONTokenizer.Options(maximumDepth: 1_000_000)
        ) {
            (tokenizer: inout JSONTokenizer) throws(JSONError) -> (Int, Int) in
            var deepest = 0
            var tokens = 0
            while try tokenizer.next().kind != .endOfInput {
                deepest = max(deepest, tokenizer.depth)
                tokens += 1
            }
            #expect(tokenizer.depth == 0)
            return (deepest, tokens)
        }
        #expect(deepest == 1_000_000)
        #expect(tokens == 2_000_000)
    }

    // MARK: - Positions after much discarded input

    /// A 200 KB valid prefix of many lines (with 2-, 3- and 4-byte characters and escapes), then an
    /// error: the stream, having discarded nearly all of it, still names the line and column.
    @Test func errorAfterLongPrefixOfManyLines() {
        var text = "[\n"
        var line = 2
        while text.utf8.count < 200_000 {
            text += "  \"line \(line): é 中 😀 \\n\\u00e9\", \(line),\n"
            line += 1
        }
        text += "  \"ünïcödé 😀\" tru"
        let bytes = Array(text.utf8)
        let expected = JSONError(
            code: .expectedCommaOrClose, message: "expected ',' or ']' after array element, found 't'",
            offset: bytes.count - 3, line: line, column: 15)
        #expect(TokenTrace.whole(bytes).error == expected)
        #expect(TokenTrace.streamed(bytes, chunksOf: 1).error == expected)
        #expect(TokenTrace.streamed(bytes, chunksOf: 7).error == expected)
        #expect(TokenTrace.streamed(bytes, randomSeed: 11).error == expected)
    }

    /// The error inside a 40,000-character string that started many chunks earlier, at a cut UTF-8
    /// character on the last line.
    @Test func errorInsideLongStringAfterLongPrefix() {
        var text = "{\"log\": [\n"
        for index in 0..<5_000 { text += "\"entry \(index) 中\",\n" }
        text += "\"tail\"], \"body\": \"" + String(repeating: "ab€ ", count: 10_000)
        let bytes = Array(text.utf8) + [0xE2, 0x28] + Array("\"}".utf8)
        let expected = JSONError(
            code: .invalidUTF8, message: "invalid UTF-8: '(' cannot follow byte 0xE2", offset: bytes.count - 3,
            line: 5_002, column: 18 + 40_000 + 1 + 1)
        #expect(TokenTrace.whole(bytes).error == expected)
        #expect(TokenTrace.streamed(bytes, chunksOf: 1).error == expected)
        #expect(TokenTrace.streamed(bytes, randomSeed: 12).error == expected)
    }
}
