import LimeJSON
import LimeTestSupport
import Testing

/// What every token says of itself: its kind, its flags (`hasEscapes`, `isInteger`) and its byte
/// range, as the type's documentation describes them.
@Suite struct TokenShapeTests {
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
}
