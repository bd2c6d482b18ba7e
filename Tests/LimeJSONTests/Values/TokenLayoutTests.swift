import LimeJSON
import Testing

/// `JSONToken` is two packed words (its end, flags and kind share one): every field must read
/// back as written, alone and together, and a token must print as its four fields.
@Suite struct TokenLayoutTests {
    static let kinds: [JSONToken.Kind] = [
        .objectStart, .objectEnd, .arrayStart, .arrayEnd, .key, .string, .number, .true, .false, .null, .endOfInput,
        .needMoreInput,
    ]
    static let offsets = [0, 1, 255, 256, 65_535, 65_536, 1 << 40, (1 << 47) - 1, -1, -(1 << 47)]

    @Test func fieldsReadBackAsCreated() {
        for kind in Self.kinds {
            for flags: JSONToken.Flags in [
                [], .hasEscapes, .isInteger, [.hasEscapes, .isInteger], .init(rawValue: 0xFF),
            ] {
                for start in Self.offsets {
                    for end in Self.offsets {
                        let token = JSONToken(kind: kind, flags: flags, start: start, end: end)
                        #expect(token.kind == kind && token.flags == flags && token.start == start && token.end == end)
                        #expect(token.count == end &- start)
                    }
                }
            }
        }
    }

    @Test func settersChangeOneFieldOnly() {
        var token = JSONToken(kind: .string, flags: .hasEscapes, start: 7, end: (1 << 47) - 1)
        token.kind = .needMoreInput
        #expect(token == JSONToken(kind: .needMoreInput, flags: .hasEscapes, start: 7, end: (1 << 47) - 1))
        token.flags = .isInteger
        #expect(token == JSONToken(kind: .needMoreInput, flags: .isInteger, start: 7, end: (1 << 47) - 1))
        token.start = -5
        #expect(token == JSONToken(kind: .needMoreInput, flags: .isInteger, start: -5, end: (1 << 47) - 1))
        token.end = -(1 << 47)
        #expect(token == JSONToken(kind: .needMoreInput, flags: .isInteger, start: -5, end: -(1 << 47)))
        #expect(token != JSONToken(kind: .needMoreInput, flags: [], start: -5, end: -(1 << 47)))
        #expect(Set([token, token, JSONToken(kind: .null, start: 0, end: 0)]).count == 2)
    }

    /// What `print` and `dump` showed when the four fields were stored.
    @Test func printsItsFourFields() {
        let token = JSONToken(kind: .key, flags: .hasEscapes, start: 2, end: 5)
        #expect(
            String(describing: token)
                == "JSONToken(kind: LimeJSON.JSONToken.Kind.key, flags: LimeJSON.JSONToken.Flags(rawValue: 1), start: 2, end: 5)"
        )
        var dumped = ""
        dump(token, to: &dumped)
        #expect(
            dumped == """
                ▿ LimeJSON.JSONToken
                  - kind: LimeJSON.JSONToken.Kind.key
                  ▿ flags: LimeJSON.JSONToken.Flags
                    - rawValue: 1
                  - start: 2
                  - end: 5

                """)
    }
}
