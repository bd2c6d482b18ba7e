import LimeJSON

// The table of broken inputs (`ErrorTableTests`): one row per input, with the exact error.

extension ErrorTableTests {
    static let cases: [Case] = [
        // MARK: Inside arrays, objects and strings
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
        // MARK: At the top level, and more positions
        Case(
            "colon missing after key", #"{"a" 1}"#, .expectedColon, "expected ':' after object key, found '1'",
            offset: 5, column: 6),
        Case(
            "key missing after comma", #"{"a":1,}"#, .expectedKey, "expected a string key after ',', found '}'",
            offset: 7, column: 8),
        Case(
            "trailing comma in array", "[1,2,]", .expectedValue,
            "expected a value after ',', found ']' (trailing comma)", offset: 5, column: 6),
        Case(
            "comma missing in array", "[1 2]", .expectedCommaOrClose,
            "expected ',' or ']' after array element, found '2'", offset: 3, column: 4),
        Case(
            "comma missing in object", #"{"a":1 "b":2}"#, .expectedCommaOrClose,
            "expected ',' or '}' after object member, found '\"'", offset: 7, column: 8),
        Case(
            "trailing garbage after object", #"{"a":1}x"#, .trailingCharacters,
            "unexpected 'x' after the top-level value", offset: 7, column: 8),
        Case("empty input", "", .unexpectedEndOfInput, "expected a JSON value, input is empty", offset: 0, column: 1),
        Case(
            "only spaces", "   ", .unexpectedEndOfInput, "unexpected end of input, expected a value", offset: 3,
            column: 4),
        Case(
            "unclosed string", "\"abc", .unexpectedEndOfInput,
            "unexpected end of input in string (missing closing '\"')", offset: 4, column: 5),
        Case(
            "end after comma in array", "[1,", .unexpectedEndOfInput, "unexpected end of input, expected a value",
            offset: 3, column: 4),
        Case(
            "end after colon", #"{"a":"#, .unexpectedEndOfInput, "unexpected end of input, expected a value", offset: 5,
            column: 6),
        Case(
            "misspelt true before a line feed", "{\n  \"a\": tru\n}", .invalidLiteral,
            "invalid literal, expected 'true', found a line feed", offset: 12, line: 2, column: 11),
        Case(
            "leading zero after CRLF lines", "{\r\n\"a\":\r\n  [01]}", .invalidNumber,
            "leading zeros are not allowed in numbers", offset: 13, line: 3, column: 5),
        Case(
            "column after 2-byte characters", "[\"héé\", x]", .expectedValue, "expected a value, found 'x'", offset: 10,
            column: 9),
        Case(
            "column on line 4 after CJK", "[\n\n  \"a\",\n  \"中文\" nope]", .expectedCommaOrClose,
            "expected ',' or ']' after array element, found 'n'", offset: 21, line: 4, column: 8),
        Case(
            "raw tab in string", "\"a\tb\"", .controlCharacterInString,
            "a tab in a string; control characters must be escaped (\\n, \\t, \\u0000 to \\u001F)", offset: 2, column: 3
        ),
        Case(
            "bad escape at the top level", #""\x""#, .invalidEscape, "invalid escape sequence '\\x'", offset: 1,
            column: 2),
        Case(
            "bad \\u hex at the top level", #""\u12G4""#, .invalidUnicodeEscape,
            "expected four hex digits after '\\u', found 'G'", offset: 5, column: 6),
        Case(
            "lone minus", "-", .unexpectedEndOfInput, "unexpected end of input in number: expected a digit after '-'",
            offset: 1, column: 2),
        Case(
            "number ending in a dot", "1.", .unexpectedEndOfInput,
            "unexpected end of input in number: expected a digit after the decimal point", offset: 2, column: 3),
        Case(
            "exponent sign at end", "1e+", .unexpectedEndOfInput,
            "unexpected end of input in number: expected a digit in the exponent", offset: 3, column: 4),
        Case(
            "negative leading zero", "-01", .invalidNumber, "leading zeros are not allowed in numbers", offset: 2,
            column: 3),
        Case(
            "minus before a letter", "[-x]", .invalidNumber, "expected a digit after '-', found 'x'", offset: 2,
            column: 3),
        Case(
            "end inside null", "nul", .unexpectedEndOfInput, "unexpected end of input in literal 'null'", offset: 3,
            column: 4),
        Case(
            "misspelt null", "nulx", .invalidLiteral, "invalid literal, expected 'null', found 'x'", offset: 3,
            column: 4),
        Case("number as a key", "{1:2}", .expectedKey, "expected a string key or '}', found '1'", offset: 1, column: 2),
        Case("lone close bracket", "]", .expectedValue, "expected a value, found ']'", offset: 0, column: 1),
        Case(
            "close brace in array", #"{"a":[}"#, .expectedValue, "expected a value or ']', found '}'", offset: 6,
            column: 7),
        Case(
            "overlong C0 80 at the top level", [0x22, 0xC0, 0x80, 0x22], .invalidUTF8,
            "invalid UTF-8: byte 0xC0 cannot start a character", offset: 1, column: 2),
        Case(
            "surrogate ED A0 80 at the top level", [0x22, 0xED, 0xA0, 0x80, 0x22], .invalidUTF8,
            "invalid UTF-8: byte 0xA0 cannot follow byte 0xED", offset: 2, column: 3),
        Case(
            "above U+10FFFF at the top level", [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], .invalidUTF8,
            "invalid UTF-8: byte 0x90 cannot follow byte 0xF4", offset: 2, column: 3),
        Case(
            "lone continuation byte at the top level", [0x22, 0x80, 0x22], .invalidUTF8,
            "invalid UTF-8: byte 0x80 cannot start a character", offset: 1, column: 2),
        Case(
            "end inside a UTF-8 character", [0x22, 0xE2, 0x82], .unexpectedEndOfInput,
            "unexpected end of input inside a UTF-8 character", offset: 3, column: 3),
        Case(
            "truncated E2 82 on line 2", [0x0A, 0x22, 0x61, 0xE2, 0x82, 0x28, 0x22], .invalidUTF8,
            "invalid UTF-8: '(' cannot follow byte 0x82", offset: 5, line: 2, column: 4),
        Case(
            "byte order mark before an object", [0xEF, 0xBB, 0xBF, 0x7B, 0x7D], .byteOrderMark,
            "a byte order mark is not allowed in JSON text", offset: 0, column: 1),
        Case(
            "arrays deeper than 3", "[[[[1]]]]", .nestingTooDeep, "nesting deeper than 3 levels", offset: 3, column: 4,
            maximumDepth: 3),
    ]
}
