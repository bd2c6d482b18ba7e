import LimeJSON
import LimeTestSupport
import Testing

/// `skipValue()` and `skipRest(of:)` in one buffer: the ranges of whole skipped values, after keys
/// and before a close, at the top level; a skip still validates every byte it skips.
@Suite struct SkipValueTests {
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

    @Test func skipValueStillValidates() throws {
        #expect(throws: JSONError.self) {
            try JSONTokenizer.withTokenizer(over: Array(#"{"a": [1, {"b": tru}]}"#.utf8)) {
                (tokenizer: inout JSONTokenizer) throws(JSONError) in
                _ = try tokenizer.skipValue()
            }
        }
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
