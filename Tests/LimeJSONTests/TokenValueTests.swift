import Foundation
import LimeJSON
import LimeTestSupport
import Testing

/// Reading token contents on request: strings, numbers, flags; copying and skipping whole values.
@Suite struct TokenValueTests {
    /// The first token of `text`, handed to `body` with its tokenizer.
    static func first<R>(_ text: String, _ body: (inout JSONTokenizer, JSONToken) -> R) throws -> R {
        try JSONTokenizer.withTokenizer(over: Array(text.utf8)) {
            (tokenizer: inout JSONTokenizer) throws(JSONError) -> R in
            let token = try tokenizer.next()
            return body(&tokenizer, token)
        }
    }

    /// The tokenizer counts UTF-8 continuation bytes as it validates strings, so a reader can
    /// pass a column on without reading a line twice: after every token, in one window and in
    /// windows that grow a few bytes at a time (strings resumed mid-way), the count gives exactly
    /// the scalars of the line so far.
    @Test func continuationBytesGiveColumns() throws {
        let texts = [
            "[\"Grüße 注文\",\n \"👍 é\", {\"ключ\": \"значение\\n\"}, 1, \"ß\"]",
            "{\"a\":\"\\u00e9\"  ,\"ありがとう\":[\"𝄞x\",\n\n\"€€€\"],\"b\":null}",
        ]
        for text in texts {
            let bytes = Array(text.utf8)
            func check(_ tokenizer: JSONTokenizer) {
                let lines = tokenizer.lineTracker
                let expected = bytes[lines.lineStart..<tokenizer.offset].filter { $0 & 0xC0 != 0x80 }.count
                #expect(lines.scalarsOnLine(upTo: tokenizer.offset) == expected, "\(text) at \(tokenizer.offset)")
            }
            try JSONTokenizer.withTokenizer(over: bytes) { (tokenizer: inout JSONTokenizer) throws(JSONError) in
                while try tokenizer.next().kind != .endOfInput { check(tokenizer) }
            }
            for step in 1...3 {
                try bytes.withUnsafeBufferPointer { all in
                    var end = min(step, all.count)
                    var tokenizer = JSONTokenizer(
                        unsafeBytes: UnsafeBufferPointer(rebasing: all[..<end]), isFinal: false)
                    while true {
                        let token = try tokenizer.next()
                        if token.kind == .endOfInput { break }
                        if token.kind == .needMoreInput {
                            end = min(end + step, all.count)
                            tokenizer.resume(
                                with: UnsafeBufferPointer(rebasing: all[..<end]), baseOffset: 0,
                                isFinal: end == all.count)
                            continue
                        }
                        check(tokenizer)
                    }
                }
            }
        }
    }

    @Test func everyEscapeDecodes() throws {
        let text = try Self.first(#""a\"b\\c\/d\be\ff\ng\rh\ti\u00e9j\u20ACk\u0000l""#) { tokenizer, token in
            #expect(token.hasEscapes)
            return tokenizer.string(token)
        }
        #expect(text == "a\"b\\c/d\u{8}e\u{c}f\ng\rh\ti\u{e9}j\u{20AC}k\u{0}l")
    }

    @Test func surrogatePairsDecodeToOneCharacter() throws {
        let text = try Self.first(#""\ud83d\ude00 \uD834\uDD1E""#) { tokenizer, token in tokenizer.string(token) }
        #expect(text == "😀 𝄞")
        #expect(Array(text.utf8).count == 9)
    }

    @Test(arguments: [#""\ud800""#, #""\udc00""#, #""\ud800\u0041""#, #""\ud800x""#])
    func loneSurrogatesBecomeReplacementCharacters(_ input: String) throws {
        let text = try Self.first(input) { tokenizer, token in tokenizer.string(token) }
        #expect(text.unicodeScalars.first == "\u{FFFD}")
    }

    @Test func stringsWithoutEscapesAreTheirBytes() throws {
        try Self.first(#""plain é 中""#) { tokenizer, token in
            #expect(!token.hasEscapes)
            #expect(Array(tokenizer.unsafeBytes(of: token)) == Array("plain é 中".utf8))
            #expect(tokenizer.string(token) == "plain é 中")
        }
    }

    @Test func keysMatchByTheirDecodedText() throws {
        let bytes = Array(#"{"bod\u0079":1,"body":2,"bodyx":3}"#.utf8)
        var matches: [Bool] = []
        try JSONTokenizer.withTokenizer(over: bytes) { (tokenizer: inout JSONTokenizer) throws(JSONError) in
            while true {
                let token = try tokenizer.next()
                if token.kind == .endOfInput { break }
                if token.kind == .key { matches.append(tokenizer.token(token, equals: "body")) }
            }
        }
        #expect(matches == [true, true, false])
    }

    @Test func integers() throws {
        let cases: [(String, Int64?)] = [
            ("0", 0), ("-0", 0), ("42", 42), ("-42", -42), ("9223372036854775807", .max),
            ("-9223372036854775808", .min), ("9223372036854775808", nil), ("-9223372036854775809", nil),
            ("1.0", nil), ("1e3", nil),
        ]
        for (text, expected) in cases {
            let value = try Self.first(text) { tokenizer, token in tokenizer.int64(token) }
            #expect(value == expected, "\(text)")
            let isInteger = try Self.first(text) { _, token in token.flags.contains(.isInteger) }
            #expect(isInteger == !(text.contains(".") || text.contains("e")), "\(text)")
        }
    }

    @Test func doubles() throws {
        let cases: [(String, Double?)] = [
            ("1.5", 1.5), ("-0.0", -0.0), ("1e3", 1000), ("1E-3", 0.001),
            ("123456789012345678901234567890", 1.2345678901234568e29),
            ("1e400", nil), ("-1e400", nil), ("1e-400", 0),
        ]
        for (text, expected) in cases {
            let value = try Self.first(text) { tokenizer, token in tokenizer.double(token) }
            #expect(value == expected, "\(text)")
        }
    }

    /// The exact double of a long decimal, checked against Python's correctly rounded `float()`.
    @Test func doublesAreCorrectlyRounded() throws {
        let value = try JSONTokenizer.withTokenizer(over: Array("-65.613616999999977".utf8)) {
            (tokenizer: inout JSONTokenizer) throws(JSONError) in tokenizer.double(try tokenizer.next())
        }
        #expect(value?.bitPattern == 13_857_689_601_620_889_920)
    }

    @Test func copyValueWritesCompactJSON() throws {
        let input = "{ \"a\" : [ 1 , \"x\\n\" , { \"b\" : null } , [ ] , { } ] , \"c\" : true }"
        let copied = try JSONTokenizer.withTokenizer(over: Array(input.utf8)) {
            (tokenizer: inout JSONTokenizer) throws(JSONError) -> [UInt8] in
            var output: [UInt8] = []
            let first = try tokenizer.next()
            #expect(try tokenizer.copyValue(startingWith: first, into: &output))
            #expect(try tokenizer.next().kind == .endOfInput)
            return output
        }
        #expect(String(decoding: copied, as: UTF8.self) == #"{"a":[1,"x\n",{"b":null},[],{}],"c":true}"#)
        let reparsed = try JSONSerialization.jsonObject(with: Data(copied)) as? NSDictionary
        let original = try JSONSerialization.jsonObject(with: Data(input.utf8)) as? NSDictionary
        #expect(reparsed == original)
    }

    @Test func skipValueSkipsWholeValues() throws {
        let input = #"[1, "two", {"a": [3, {"b": 4}]}, [5, [6]], null]"#
        let skipped = try JSONTokenizer.withTokenizer(over: Array(input.utf8)) {
            (tokenizer: inout JSONTokenizer) throws(JSONError) -> [String] in
            var result: [String] = []
            #expect(try tokenizer.next().kind == .arrayStart)
            while true {
                let token = try tokenizer.skipValue()
                if token.kind == .arrayEnd { break }
                result.append(
                    "\(token.kind) " + String(decoding: Array(input.utf8)[token.start..<token.end], as: UTF8.self))
            }
            #expect(try tokenizer.next().kind == .endOfInput)
            return result
        }
        #expect(
            skipped == [
                "number 1", "string two", #"objectStart {"a": [3, {"b": 4}]}"#, "arrayStart [5, [6]]", "null null",
            ])
    }

    @Test func skipValueStillValidates() throws {
        #expect(throws: JSONError.self) {
            try JSONTokenizer.withTokenizer(over: Array(#"{"a": [1, {"b": tru}]}"#.utf8)) {
                (tokenizer: inout JSONTokenizer) throws(JSONError) in
                _ = try tokenizer.skipValue()
            }
        }
    }
}

/// The decoder finds backslashes eight bytes at a time: escapes at every position within and
/// across those words, next to multi-byte characters, decode as JSONSerialization decodes them.
@Suite struct StringDecoderPositionTests {
    @Test func escapesAtEveryPosition() throws {
        let escapes = [#"\n"#, #"\""#, #"\\"#, #"\/"#, #"\u00e9"#, #"\ud83d\ude00"#, #"\t\b\f\r"#]
        for escape in escapes {
            for before in 0..<20 {
                for after in [0, 1, 7, 8, 9] {
                    let contents = String(repeating: "a", count: before) + escape + String(repeating: "é", count: after)
                    let json = "[\"\(contents)\\\\x\(escape)\"]"
                    let expected = try #require(
                        (try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String])?.first)
                    let decoded = try JSONTokenizer.withTokenizer(over: Array(json.utf8)) {
                        (tokenizer: inout JSONTokenizer) throws(JSONError) -> String in
                        _ = try tokenizer.next()
                        return tokenizer.string(try tokenizer.next())
                    }
                    #expect(decoded == expected, "\(json)")
                }
            }
        }
    }
}

/// Plain integers are found inline with a 16-byte test; every other number goes the full way.
/// Numbers with room after them (the inline test's case) give the same tokens and errors as the
/// same numbers at the very end of the input (where only the full way can read them).
@Suite struct NumberFastPathTests {
    static func trace(_ text: String) -> String {
        var kinds: [String] = []
        do {
            try JSONTokenizer.withTokenizer(over: Array(text.utf8)) {
                (tokenizer: inout JSONTokenizer) throws(JSONError) in
                while true {
                    let token = try tokenizer.next()
                    if token.kind == .endOfInput { break }
                    if token.kind == .number {
                        kinds.append(
                            "number \(token.start)..<\(token.end) integer: \(token.flags.contains(.isInteger))")
                    }
                }
            }
        } catch {
            kinds.append("\(error.code) at \(error.offset): \(error.message)")
        }
        return kinds.joined(separator: "; ")
    }

    @Test func sameTokensWithAndWithoutRoomAfter() {
        let numbers = [
            "0", "7", "10", "123456789", "123456789012345", "1234567890123456", "12345678901234567", "-1", "-0",
            "0.5", "1.25", "12e3", "12E+3", "1e-2", "00", "01", "0123456789", "-", "-a", "1.", "1e", "1e+", "12.x",
            "9007199254740993", "1x", "3 ",
        ]
        for number in numbers {
            // Room after: the number, then more than sixteen bytes.
            let roomy = Self.trace("[\(number)" + ",1,2,3,4,5,6,7,8,9]")
            let tight = Self.trace("[\(number),1]")
            let firstRoomy = roomy.split(separator: ";").first.map(String.init) ?? ""
            let firstTight = tight.split(separator: ";").first.map(String.init) ?? ""
            #expect(firstRoomy == firstTight, "\(number): \(roomy) / \(tight)")
        }
    }
}

// MARK: - Every route, edge and flag
//
// Decoded strings by every route (every escape, surrogate pairs, lone and mismatched surrogates,
// exact bytes), key matching with escapes, `int64`/`double` at the edges of their ranges, flags of
// every kind, `copyValue` on whole documents and in the middle of one, `skipValue`/`skipRest`
// ranges and their validation.

extension TokenValueTests {
    /// Runs `body` on the first token of `kind` in `json`, inside the tokenizer that made it.
    static func withFirst<T>(_ kind: JSONToken.Kind, in json: String, _ body: (JSONTokenizer, JSONToken) -> T) throws
        -> T
    {
        try JSONTokenizer.withTokenizer(over: Array(json.utf8)) { (tokenizer: inout JSONTokenizer) throws -> T in
            while true {
                let token = try tokenizer.next()
                if token.kind == kind { return body(tokenizer, token) }
                try #require(token.kind != .endOfInput, "no \(kind) in \(json)")
            }
        }
    }

    /// The decoded UTF-8 of the first string in `json`, by every route: `string(_:)`,
    /// `appendDecoded(_:into:)` and `JSONStreamTokenizer.string(_:)` fed byte by byte.
    static func decodedRoutes(_ json: String) throws -> [[UInt8]] {
        let (viaString, viaAppend) = try withFirst(.string, in: json) { tokenizer, token in
            var appended: [UInt8] = [0x2A]
            tokenizer.appendDecoded(token, into: &appended)
            return (Array(tokenizer.string(token).utf8), Array(appended.dropFirst()))
        }
        var stream = JSONStreamTokenizer()
        var streamed: [UInt8]?
        for byte in json.utf8 {
            stream.feed([byte])
            let token = try stream.next()
            if token.kind == .string { streamed = Array(stream.string(token).utf8) }
            if token.kind != .needMoreInput, token.kind != .string { break }
        }
        if streamed == nil {
            stream.finish()
            let token = try stream.next()
            if token.kind == .string { streamed = Array(stream.string(token).utf8) }
        }
        return [viaString, viaAppend, try #require(streamed)]
    }

    // MARK: - Strings

    @Test func everyShortEscape() throws {
        let expected: [UInt8] = [0x22, 0x5C, 0x2F, 0x08, 0x0C, 0x0A, 0x0D, 0x09]
        for route in try Self.decodedRoutes(#""\"\\\/\b\f\n\r\t""#) { #expect(route == expected) }
        let flags = try Self.withFirst(.string, in: #""\"\\\/\b\f\n\r\t""#) { $1.flags }
        #expect(flags == .hasEscapes)
    }

    @Test(
        arguments: [
            (#""\u0041""#, [0x41]),
            (#""\u00e9""#, [0xC3, 0xA9]),
            (#""\u00E9""#, [0xC3, 0xA9]),
            (#""\u4e2d\u6587""#, [0xE4, 0xB8, 0xAD, 0xE6, 0x96, 0x87]),
            (#""\u0000""#, [0x00]),
            (#""\u001F\u007f""#, [0x1F, 0x7F]),
            (#""\u07FF\u0800""#, [0xDF, 0xBF, 0xE0, 0xA0, 0x80]),
            (#""\uffff""#, [0xEF, 0xBF, 0xBF]),
            // Surrogate pairs become one 4-byte character.
            (#""\ud83d\ude00""#, [0xF0, 0x9F, 0x98, 0x80]),
            (#""\uD834\uDD1E""#, [0xF0, 0x9D, 0x84, 0x9E]),
            (#""\ud800\udc00""#, [0xF0, 0x90, 0x80, 0x80]),
            (#""\udbff\udfff""#, [0xF4, 0x8F, 0xBF, 0xBF]),
            (#""a\ud83d\ude00b""#, [0x61, 0xF0, 0x9F, 0x98, 0x80, 0x62]),
            // Lone surrogates become U+FFFD.
            (#""\ud800""#, [0xEF, 0xBF, 0xBD]),
            (#""\udc00""#, [0xEF, 0xBF, 0xBD]),
            (#""\ud800x""#, [0xEF, 0xBF, 0xBD, 0x78]),
            (#""\ud800\ud800""#, [0xEF, 0xBF, 0xBD, 0xEF, 0xBF, 0xBD]),
            (#""\ud800\u0041""#, [0xEF, 0xBF, 0xBD, 0x41]),
            (#""\ude00\ud83d""#, [0xEF, 0xBF, 0xBD, 0xEF, 0xBF, 0xBD]),
            (#""\ud83d\ude00\ude00""#, [0xF0, 0x9F, 0x98, 0x80, 0xEF, 0xBF, 0xBD]),
            (#""\ud800\n""#, [0xEF, 0xBF, 0xBD, 0x0A]),
            (#""\ud800\\udc00""#, [0xEF, 0xBF, 0xBD, 0x5C, 0x75, 0x64, 0x63, 0x30, 0x30]),
        ] as [(String, [UInt8])])
    func unicodeEscapes(_ json: String, _ expected: [UInt8]) throws {
        for route in try Self.decodedRoutes(json) { #expect(route == expected, "\(json)") }
    }

    @Test func rawUTF8NeedsNoDecoding() throws {
        let json = "\"é 中 😀 \u{7F}\""
        let (flags, raw, text) = try Self.withFirst(.string, in: json) { tokenizer, token in
            (token.flags, Array(tokenizer.unsafeBytes(of: token)), tokenizer.string(token))
        }
        #expect(flags == [])
        #expect(raw == Array("é 中 😀 \u{7F}".utf8))
        #expect(text == "é 中 😀 \u{7F}")
        for route in try Self.decodedRoutes(json) { #expect(route == raw) }
    }

    @Test func emptyStringsAndKeys() throws {
        let json = #"{"":""}"#
        let key = try Self.withFirst(.key, in: json) { tokenizer, token in
            (token, tokenizer.string(token), tokenizer.token(token, equals: ""))
        }
        #expect(key.0 == JSONToken(kind: .key, start: 2, end: 2))
        #expect(key.1 == "")
        #expect(key.2)
        let value = try Self.withFirst(.string, in: json) { tokenizer, token in (token, tokenizer.string(token)) }
        #expect(value.0 == JSONToken(kind: .string, start: 5, end: 5))
        #expect(value.1 == "")
    }

    @Test func keysWithEscapesMatchTheirText() throws {
        let json = #"{"n\u0061me": 1, "plain": 2, "\u00e9t\u00C9": 3, "tab\t\"q\"": 4, "\ud83d\ude00": 5}"#
        let results = try JSONTokenizer.withTokenizer(over: Array(json.utf8)) {
            (tokenizer: inout JSONTokenizer) throws(JSONError) -> [[Bool]] in
            var results: [[Bool]] = []
            while case let token = try tokenizer.next(), token.kind != .endOfInput {
                guard token.kind == .key else { continue }
                results.append([
                    tokenizer.token(token, equals: "name"), tokenizer.token(token, equals: "nam"),
                    tokenizer.token(token, equals: "names"),
                    tokenizer.token(token, equals: "plain"), tokenizer.token(token, equals: "étÉ"),
                    tokenizer.token(token, equals: "tab\t\"q\""),
                    tokenizer.token(token, equals: "😀"), token.hasEscapes,
                ])
            }
            return results
        }
        #expect(
            results == [
                [true, false, false, false, false, false, false, true],
                [false, false, false, true, false, false, false, false],
                [false, false, false, false, true, false, false, true],
                [false, false, false, false, false, true, false, true],
                [false, false, false, false, false, false, true, true],
            ])
    }

    // MARK: - Numbers

    @Test(
        arguments: [
            ("0", 0), ("-0", 0), ("7", 7), ("-7", -7), ("1234567890123", 1_234_567_890_123),
            ("9223372036854775807", Int64.max), ("-9223372036854775808", Int64.min),
            ("9223372036854775808", nil), ("-9223372036854775809", nil), ("18446744073709551616", nil),
            ("99999999999999999999999", nil), ("1.0", nil), ("-0.5", nil), ("1e2", nil), ("1E+2", nil), ("10e-1", nil),
        ] as [(String, Int64?)])
    func int64(_ text: String, _ expected: Int64?) throws {
        let (value, flags) = try Self.withFirst(.number, in: "[\(text)]") { ($0.int64($1), $1.flags) }
        #expect(value == expected)
        #expect(flags.contains(.isInteger) == !(text.contains(".") || text.lowercased().contains("e")))
        #expect(Array(text.utf8).withUnsafeBufferPointer { JSONNumber.int64($0) } == expected)
    }

    @Test(
        arguments: [
            ("0", 0), ("1.5", 1.5), ("0.1", 0.1), ("1e2", 100), ("1E-2", 0.01), ("-2.5e+3", -2500), ("10e-1", 1),
            ("9007199254740993", 9_007_199_254_740_992), ("-65.613616999999977", -65.61361699999998),
            ("123456789012345678901234567890", 1.2345678901234568e29),
            ("2.2250738585072014e-308", 2.2250738585072014e-308),
            ("4.9e-324", .leastNonzeroMagnitude), ("1.7976931348623157e308", 1.7976931348623157e308), ("1e-400", 0),
            ("1e400", nil), ("-1e400", nil), ("1.8e308", nil),
        ] as [(String, Double?)])
    func double(_ text: String, _ expected: Double?) throws {
        let value = try Self.withFirst(.number, in: "[\(text)]") { $0.double($1) }
        #expect(value == expected)
    }

    @Test func negativeZeroKeepsItsSign() throws {
        let value = try Self.withFirst(.number, in: "-0.0") { $0.double($1) }
        #expect(value?.sign == .minus)
        #expect(value == 0)
    }

    @Test func flagsOfEveryKind() throws {
        let json = #"{"k": ["s", "e\n", "é", 12, -0, 1.0, 1e2, 1E-2, -0.0, true, false, null], "k\u0031": {}}"#
        let tokens = TokenTrace.whole(Array(json.utf8)).tokens.map { ($0.kind, $0.flags, $0.text ?? "") }
        let expected: [(JSONToken.Kind, JSONToken.Flags, String)] = [
            (.objectStart, [], ""), (.key, [], "k"), (.arrayStart, [], ""), (.string, [], "s"),
            (.string, .hasEscapes, "e\n"),
            (.string, [], "é"), (.number, .isInteger, "12"), (.number, .isInteger, "-0"), (.number, [], "1.0"),
            (.number, [], "1e2"), (.number, [], "1E-2"), (.number, [], "-0.0"), (.true, [], ""), (.false, [], ""),
            (.null, [], ""),
            (.arrayEnd, [], ""), (.key, .hasEscapes, "k1"), (.objectStart, [], ""), (.objectEnd, [], ""),
            (.objectEnd, [], ""),
            (.endOfInput, [], ""),
        ]
        #expect(tokens.count == expected.count)
        for (got, want) in zip(tokens, expected) {
            #expect(got.0 == want.0 && got.1 == want.1 && got.2 == want.2, "\(got) vs \(want)")
        }
    }

    @Test func tokenRangesFollowTheTypeDocumentation() throws {
        // The walk-through in JSONTokenizer's documentation, token by token.
        let trace = TokenTrace.whole(Array(#"{"a":[1,"x\n"]}"#.utf8))
        #expect(
            trace.tokens.map { "\($0.kind) \($0.start)..<\($0.end)" } == [
                "objectStart 0..<1", "key 2..<3", "arrayStart 5..<6", "number 6..<7", "string 9..<12",
                "arrayEnd 13..<14", "objectEnd 14..<15", "endOfInput 15..<15",
            ])
    }

    // MARK: - copyValue

    /// Copies the first value of `json` (after an optional key path of one key) with `copyValue`.
    static func compactCopy(_ bytes: [UInt8]) throws(JSONError) -> [UInt8] {
        try JSONTokenizer.withTokenizer(over: bytes) { (tokenizer: inout JSONTokenizer) throws(JSONError) -> [UInt8] in
            var output: [UInt8] = []
            let complete = try tokenizer.copyValue(startingWith: try tokenizer.next(), into: &output)
            #expect(complete)
            #expect(try tokenizer.next().kind == .endOfInput)
            return output
        }
    }

    @Test func copyValueIsCompactAndExact() throws {
        let json =
            " { \"a\" : [ 1 , -2.5E+3 , \"x\\n\\u00e9 \" , true , null , { } , [ ] , [ [ ] , { \"k\" : false } ] ] ,"
            + "\r\n\t\"b\" : { \"c\" : \"d\" } } "
        let copy = try Self.compactCopy(Array(json.utf8))
        #expect(
            String(decoding: copy, as: UTF8.self)
                == #"{"a":[1,-2.5E+3,"x\n\u00e9 ",true,null,{},[],[[],{"k":false}]],"b":{"c":"d"}}"#)
    }

    @Test(arguments: ["12", "-0.5e-7", #""a\"b""#, "true", "null", "[]", "{}", "[[[[]]]]"])
    func copyValueOfSmallValues(_ json: String) throws {
        #expect(try Self.compactCopy(Array(json.utf8)) == Array(json.utf8))
    }

    /// A copied inner value leaves the tokenizer right after it, ready for the next member.
    @Test func copyValueInTheMiddle() throws {
        let json = #"{"skip": 1, "take": {"x": [1, 2, {"y": null}]} , "after": true}"#
        let (copy, following) = try JSONTokenizer.withTokenizer(over: Array(json.utf8)) {
            (tokenizer: inout JSONTokenizer) throws(JSONError) -> ([UInt8], String) in
            var output: [UInt8] = []
            while case let token = try tokenizer.next(), token.kind != .endOfInput {
                if token.kind == .key, tokenizer.token(token, equals: "take") {
                    let depth = tokenizer.depth
                    #expect(try tokenizer.copyValue(startingWith: try tokenizer.next(), into: &output))
                    #expect(tokenizer.depth == depth)
                    let next = try tokenizer.next()
                    return (output, tokenizer.string(next))
                }
            }
            return (output, "")
        }
        #expect(String(decoding: copy, as: UTF8.self) == #"{"x":[1,2,{"y":null}]}"#)
        #expect(following == "after")
    }

    @Test func copyValueReportsAnIncompleteWindow() throws {
        let bytes = Array(#"{"a": [1, 2, {"b": "#.utf8)
        let complete = try bytes.withUnsafeBufferPointer { (buffer) throws(JSONError) -> Bool in
            var tokenizer = JSONTokenizer(unsafeBytes: buffer, isFinal: false)
            var output: [UInt8] = []
            return try tokenizer.copyValue(startingWith: try tokenizer.next(), into: &output)
        }
        #expect(!complete)
    }

    static func documentsForCopy() -> [(String, [UInt8])] {
        var documents: [(String, [UInt8])] = [
            (
                "seed",
                (try? FixturePaths.bytes(FixturePaths.fixtures.appendingPathComponent("seed-conversation.json"))) ?? []
            ),
            ("transcript", TranscriptDocument.make(seed: 5, targetBytes: 300_000)),
        ]
        for name in ["twitter.json", "citm_catalog.json"] {
            if let bytes = FixturePaths.benchDocument(name) { documents.append((name, bytes)) }
        }
        return documents
    }

    /// The compact copy of a whole document parses (with `JSONSerialization`) to the same value as
    /// the original, has the same tokens, and copying it again changes nothing.
    @Test func copyValueOfWholeDocuments() throws {
        for (name, bytes) in Self.documentsForCopy() {
            let copy = try Self.compactCopy(bytes)
            let difference = FoundationTree.difference(
                try FoundationTree.foundation(copy), try FoundationTree.foundation(bytes))
            #expect(difference == nil, "\(name)")
            #expect(copy.count < bytes.count, "\(name)")
            let kinds = { (trace: TokenTrace) in trace.tokens.map { "\($0.kind) \($0.text ?? "")" } }
            #expect(kinds(TokenTrace.whole(copy)) == kinds(TokenTrace.whole(bytes)), "\(name)")
            #expect(try Self.compactCopy(copy) == copy, "\(name)")
        }
    }

    // MARK: - skipValue and skipRest

    @Test func skipValueOverEveryArrayElement() throws {
        let json = #"[1, "two", true, false, null, -2.5e3, {"a":[1,{}],"b":"c"}, [], [[1],[2]], {}]"#
        let trace = try JSONTokenizer.withTokenizer(over: Array(json.utf8)) {
            (tokenizer: inout JSONTokenizer) throws(JSONError) -> [String] in
            #expect(try tokenizer.next().kind == .arrayStart)
            var skipped: [String] = []
            while true {
                let token = try tokenizer.skipValue()
                skipped.append("\(token.kind) \(token.start)..<\(token.end) depth \(tokenizer.depth)")
                if token.kind == .endOfInput { return skipped }
            }
        }
        #expect(
            trace == [
                "number 1..<2 depth 1", "string 5..<8 depth 1", "true 11..<15 depth 1", "false 17..<22 depth 1",
                "null 24..<28 depth 1", "number 30..<36 depth 1", "objectStart 38..<58 depth 1",
                "arrayStart 60..<62 depth 1",
                "arrayStart 64..<73 depth 1", "objectStart 75..<77 depth 1", "arrayEnd 77..<78 depth 0",
                "endOfInput 78..<78 depth 0",
            ])
    }

    @Test func skipValueAfterKeysAndBeforeTheClose() throws {
        let json = #"{"a": {"x": [1, 2]}, "b": 3, "c": []}"#
        let trace = try JSONTokenizer.withTokenizer(over: Array(json.utf8)) {
            (tokenizer: inout JSONTokenizer) throws(JSONError) -> [String] in
            var steps: [String] = []
            #expect(try tokenizer.next().kind == .objectStart)
            for _ in 0..<3 {
                let key = try tokenizer.next()
                let value = try tokenizer.skipValue()
                steps.append("\(tokenizer.string(key)): \(value.kind) \(value.start)..<\(value.end)")
            }
            let close = try tokenizer.skipValue()
            steps.append("\(close.kind) \(close.start)..<\(close.end)")
            return steps
        }
        #expect(trace == ["a: objectStart 6..<19", "b: number 26..<27", "c: arrayStart 34..<36", "objectEnd 36..<37"])
    }

    @Test func skipValueOfTopLevelScalarAndEmptyArray() throws {
        let scalar = TokenTrace.whole(Array("  42  ".utf8)) { _ in true }
        #expect(scalar.tokens.map(\.kind) == [.number, .endOfInput])
        let values = try JSONTokenizer.withTokenizer(over: Array("[]".utf8)) {
            (tokenizer: inout JSONTokenizer) throws(JSONError) -> [JSONToken] in
            [try tokenizer.skipValue(), try tokenizer.skipValue()]
        }
        #expect(
            values == [JSONToken(kind: .arrayStart, start: 0, end: 2), JSONToken(kind: .endOfInput, start: 2, end: 2)])
        let inner = try JSONTokenizer.withTokenizer(over: Array("[]".utf8)) {
            (tokenizer: inout JSONTokenizer) throws(JSONError) -> JSONToken in
            _ = try tokenizer.next()
            return try tokenizer.skipValue()
        }
        #expect(inner == JSONToken(kind: .arrayEnd, start: 1, end: 2))
    }

    @Test func skipRestOfAStartedValue() throws {
        let json = #"[{"a": [1, {"b": 2}]}, 7, "s"]"#
        let results = try JSONTokenizer.withTokenizer(over: Array(json.utf8)) {
            (tokenizer: inout JSONTokenizer) throws(JSONError) -> [JSONToken] in
            _ = try tokenizer.next()
            let object = try tokenizer.skipRest(of: try tokenizer.next())
            let number = try tokenizer.skipRest(of: try tokenizer.next())
            let string = try tokenizer.skipRest(of: try tokenizer.next())
            return [object, number, string, try tokenizer.next(), try tokenizer.next()]
        }
        #expect(
            results == [
                JSONToken(kind: .objectStart, start: 1, end: 21),
                JSONToken(kind: .number, flags: .isInteger, start: 23, end: 24),
                JSONToken(kind: .string, start: 27, end: 28), JSONToken(kind: .arrayEnd, start: 29, end: 30),
                JSONToken(kind: .endOfInput, start: 30, end: 30),
            ])
    }

    /// Skipping still validates every byte of the skipped value.
    @Test(
        arguments: [
            (#"[{"a": [1, 2,]}]"#, JSONError.Code.expectedValue, 13),
            (#"[{"a": "x\q"}]"#, .invalidEscape, 9),
            (#"[[1, 2}]"#, .expectedCommaOrClose, 6),
            (#"[{"a" 1}]"#, .expectedColon, 6),
            (#"[[01]]"#, .invalidNumber, 3),
        ] as [(String, JSONError.Code, Int)])
    func skipValueValidates(_ json: String, _ code: JSONError.Code, _ offset: Int) {
        let bytes = Array(json.utf8)
        do {
            let skipped = try JSONTokenizer.withTokenizer(over: bytes) {
                (tokenizer: inout JSONTokenizer) throws(JSONError) -> JSONToken in
                _ = try tokenizer.next()
                return try tokenizer.skipValue()
            }
            Issue.record("skipValue accepted \(json): \(skipped)")
        } catch {
            #expect(error.code == code)
            #expect(error.offset == offset)
            #expect(error == TokenTrace.whole(bytes).error, "the same error as reading every token")
        }
    }
}
