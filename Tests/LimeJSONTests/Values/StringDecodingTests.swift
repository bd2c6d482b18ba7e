import Foundation
import LimeJSON
import Testing

/// Decoded strings by every route (`string(_:)`, `appendDecoded(_:into:)`, and the stream fed byte
/// by byte): every escape, surrogate pairs, lone and mismatched surrogates, raw UTF-8, empty
/// strings; escapes at every position within and across the decoder's eight-byte words; keys
/// matched by their decoded text.
@Suite struct StringDecodingTests {
    /// The decoded UTF-8 of the first string in `json`, by every route: `string(_:)`,
    /// `appendDecoded(_:into:)` and `JSONStreamTokenizer.string(_:)` fed byte by byte.
    static func decodedRoutes(_ json: String) throws -> [[UInt8]] {
        let (viaString, viaAppend) = try withFirstToken(.string, in: json) { tokenizer, token in
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

    // MARK: - Escapes

    @Test func everyEscapeDecodes() throws {
        let text = try withFirstToken(in: #""a\"b\\c\/d\be\ff\ng\rh\ti\u00e9j\u20ACk\u0000l""#) { tokenizer, token in
            #expect(token.hasEscapes)
            return tokenizer.string(token)
        }
        #expect(text == "a\"b\\c/d\u{8}e\u{c}f\ng\rh\ti\u{e9}j\u{20AC}k\u{0}l")
    }

    @Test func everyShortEscape() throws {
        let expected: [UInt8] = [0x22, 0x5C, 0x2F, 0x08, 0x0C, 0x0A, 0x0D, 0x09]
        for route in try Self.decodedRoutes(#""\"\\\/\b\f\n\r\t""#) { #expect(route == expected) }
        let flags = try withFirstToken(.string, in: #""\"\\\/\b\f\n\r\t""#) { $1.flags }
        #expect(flags == .hasEscapes)
    }

    @Test func surrogatePairsDecodeToOneCharacter() throws {
        let text = try withFirstToken(in: #""\ud83d\ude00 \uD834\uDD1E""#) { tokenizer, token in tokenizer.string(token)
        }
        #expect(text == "😀 𝄞")
        #expect(Array(text.utf8).count == 9)
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

    /// The decoder finds backslashes eight bytes at a time: escapes at every position within and
    /// across those words, next to multi-byte characters, decode as JSONSerialization decodes them.
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

    // MARK: - Without escapes

    @Test func stringsWithoutEscapesAreTheirBytes() throws {
        try withFirstToken(in: #""plain é 中""#) { tokenizer, token in
            #expect(!token.hasEscapes)
            #expect(Array(tokenizer.unsafeBytes(of: token)) == Array("plain é 中".utf8))
            #expect(tokenizer.string(token) == "plain é 中")
        }
    }

    @Test func rawUTF8NeedsNoDecoding() throws {
        let json = "\"é 中 😀 \u{7F}\""
        let (flags, raw, text) = try withFirstToken(.string, in: json) { tokenizer, token in
            (token.flags, Array(tokenizer.unsafeBytes(of: token)), tokenizer.string(token))
        }
        #expect(flags == [])
        #expect(raw == Array("é 中 😀 \u{7F}".utf8))
        #expect(text == "é 中 😀 \u{7F}")
        for route in try Self.decodedRoutes(json) { #expect(route == raw) }
    }

    @Test func emptyStringsAndKeys() throws {
        let json = #"{"":""}"#
        let key = try withFirstToken(.key, in: json) { tokenizer, token in
            (token, tokenizer.string(token), tokenizer.token(token, equals: ""))
        }
        #expect(key.0 == JSONToken(kind: .key, start: 2, end: 2))
        #expect(key.1 == "")
        #expect(key.2)
        let value = try withFirstToken(.string, in: json) { tokenizer, token in (token, tokenizer.string(token)) }
        #expect(value.0 == JSONToken(kind: .string, start: 5, end: 5))
        #expect(value.1 == "")
    }

    // MARK: - Keys

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
}
