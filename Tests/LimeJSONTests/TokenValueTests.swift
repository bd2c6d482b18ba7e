import Foundation
import LimeJSON
import Testing

/// Reading token contents on request: strings, numbers, flags; copying and skipping whole values.
@Suite struct TokenValueTests {
    /// The first token of `text`, handed to `body` with its tokenizer.
    static func first<R>(_ text: String, _ body: (inout JSONTokenizer, JSONToken) -> R) throws -> R {
        try JSONTokenizer.withTokenizer(over: Array(text.utf8)) { (tokenizer: inout JSONTokenizer) throws(JSONError) -> R in
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
                    var tokenizer = JSONTokenizer(unsafeBytes: UnsafeBufferPointer(rebasing: all[..<end]), isFinal: false)
                    while true {
                        let token = try tokenizer.next()
                        if token.kind == .endOfInput { break }
                        if token.kind == .needMoreInput {
                            end = min(end + step, all.count)
                            tokenizer.resume(with: UnsafeBufferPointer(rebasing: all[..<end]), baseOffset: 0, isFinal: end == all.count)
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
            ("1.5", 1.5), ("-0.0", -0.0), ("1e3", 1000), ("1E-3", 0.001), ("123456789012345678901234567890", 1.2345678901234568e29),
            ("1e400", nil), ("-1e400", nil), ("1e-400", 0),
        ]
        for (text, expected) in cases {
            let value = try Self.first(text) { tokenizer, token in tokenizer.double(token) }
            #expect(value == expected, "\(text)")
        }
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
                result.append("\(token.kind) " + String(decoding: Array(input.utf8)[token.start..<token.end], as: UTF8.self))
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
            try JSONTokenizer.withTokenizer(over: Array(text.utf8)) { (tokenizer: inout JSONTokenizer) throws(JSONError) in
                while true {
                    let token = try tokenizer.next()
                    if token.kind == .endOfInput { break }
                    if token.kind == .number {
                        kinds.append("number \(token.start)..<\(token.end) integer: \(token.flags.contains(.isInteger))")
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
