import LimeFixtures
import LimeJSON
import LimeTestSupport
import Testing

/// The container stack keeps its innermost 64 levels in one word and spills the rest: nesting
/// right around that boundary (63, 64, 65 levels) and around the next one (128, 129), with objects
/// and arrays mixed, must read exactly as any other nesting. Each document reopens every level
/// after its child closed (a member more in an object, an element more in an array), so a level
/// that came back wrong from the spill shows as an error or a wrong bracket.
@Suite struct NestingBoundaryTests {
    static let depths = [63, 64, 65, 128, 129]

    /// Which levels are objects, outermost first: alternating, all arrays, all objects, seeded.
    static func patterns(depth: Int) -> [[Bool]] {
        var random = SplitMix64(seed: UInt64(depth))
        return [
            (0..<depth).map { $0 % 2 == 0 },
            Array(repeating: false, count: depth),
            Array(repeating: true, count: depth),
            (0..<depth).map { _ in random.below(2) == 1 },
        ]
    }

    /// A token the document's model predicts: kind and range.
    struct Expected: Equatable, CustomStringConvertible {
        var kind: JSONToken.Kind
        var start: Int
        var end: Int
        var description: String { "\(kind) \(start)..<\(end)" }
    }

    /// The document nesting `levels` (true: an object, holding `"a":`), its tokens, and the offset
    /// of each level's opening bracket.
    static func document(_ levels: [Bool]) -> (bytes: [UInt8], tokens: [Expected], opens: [Int]) {
        var bytes: [UInt8] = []
        var tokens: [Expected] = []
        var opens: [Int] = []
        func add(_ text: String, _ kind: JSONToken.Kind?, from: Int = 0, trim: Int = 0) {
            let start = bytes.count
            bytes += Array(text.utf8)
            if let kind { tokens.append(Expected(kind: kind, start: start + from, end: bytes.count - trim)) }
        }
        for isObject in levels {
            opens.append(bytes.count)
            add(isObject ? "{" : "[", isObject ? .objectStart : .arrayStart)
            if isObject { add("\"a\":", .key, from: 1, trim: 2) }
        }
        add("0", .number)
        for level in levels.indices.reversed() {
            add(levels[level] ? "}" : "]", levels[level] ? .objectEnd : .arrayEnd)
            guard level > 0 else { continue }
            // One more member or element in the parent, which must be known for what it is again.
            add(",", nil)
            if levels[level - 1] { add("\"b\":", .key, from: 1, trim: 2) }
            add("1", .number)
        }
        tokens.append(Expected(kind: .endOfInput, start: bytes.count, end: bytes.count))
        return (bytes, tokens, opens)
    }

    static func kinds(_ trace: TokenTrace) -> [Expected] {
        trace.tokens.map { Expected(kind: $0.kind, start: $0.start, end: $0.end) }
    }

    /// The first token where `tokens` and `expected` differ (nil: none), for a short message.
    static func difference(_ tokens: [Expected], _ expected: [Expected]) -> String? {
        for index in 0..<min(tokens.count, expected.count) where tokens[index] != expected[index] {
            return "token #\(index): got \(tokens[index]), expected \(expected[index])"
        }
        return tokens.count == expected.count ? nil : "\(tokens.count) tokens, expected \(expected.count)"
    }

    /// Every token, whole and streamed (byte by byte, in odd chunks, in random ones), and from the
    /// structural index, with the depth after each token.
    @Test(arguments: depths) func tokensAtTheBoundary(depth: Int) throws {
        for levels in Self.patterns(depth: depth) {
            let (bytes, expected, _) = Self.document(levels)
            let options = JSONTokenizer.Options(maximumDepth: depth)
            let whole = TokenTrace.whole(bytes, options: options)
            #expect(whole.error == nil)
            #expect(Self.difference(Self.kinds(whole), expected) == nil, "depth \(depth)")
            for trace in [
                TokenTrace.streamed(bytes, options: options, chunksOf: 1),
                TokenTrace.streamed(bytes, options: options, chunksOf: 7),
                TokenTrace.streamed(bytes, options: options, randomSeed: UInt64(depth)),
            ] {
                expectSameTrace(trace, whole, "depth \(depth) streamed")
            }
            var deepest = 0
            let indexed = try bytes.withUnsafeBufferPointer { (buffer) throws(JSONError) -> [Expected] in
                var tokenizer = IndexedTokenizer(unsafeBytes: buffer, options: options)
                defer { tokenizer.deallocate() }
                var tokens: [Expected] = []
                while true {
                    let token = try tokenizer.next()
                    tokens.append(Expected(kind: token.kind, start: token.start, end: token.end))
                    deepest = max(deepest, tokenizer.depth)
                    if token.kind == .endOfInput { return tokens }
                }
            }
            #expect(Self.difference(indexed, expected) == nil, "depth \(depth) indexed")
            #expect(deepest == depth)
        }
    }

    /// One level too many: the error at the last opening bracket, whole, streamed and validated.
    @Test(arguments: depths) func depthLimitAtTheBoundary(depth: Int) {
        for levels in Self.patterns(depth: depth) {
            let (bytes, _, opens) = Self.document(levels)
            let options = JSONTokenizer.Options(maximumDepth: depth - 1)
            let expected = JSONError(
                code: .nestingTooDeep, message: "nesting deeper than \(depth - 1) levels", offset: opens[depth - 1],
                line: 1, column: opens[depth - 1] + 1)
            #expect(TokenTrace.whole(bytes, options: options).error == expected)
            #expect(TokenTrace.streamed(bytes, options: options, chunksOf: 1).error == expected)
            #expect(TokenTrace.streamed(bytes, options: options, randomSeed: UInt64(depth)).error == expected)
            var thrown: JSONError?
            do { try JSONValidator.validate(bytes, options: options) } catch { thrown = error }
            #expect(thrown == expected)
        }
    }

    /// Skipping the value of the outermost key (everything below level 0) and counting depths as
    /// ``JSONTokenizer/nextMember()`` reads the members.
    @Test(arguments: depths) func skipAndMembersAtTheBoundary(depth: Int) throws {
        for levels in Self.patterns(depth: depth) where levels[0] && depth > 1 {
            let (bytes, expected, opens) = Self.document(levels)
            let options = JSONTokenizer.Options(maximumDepth: depth)
            let skipped = TokenTrace.whole(bytes, options: options) { $0 == 0 }
            // `{`, `"a"`, the skipped value, then `,"b":1}` and the end.
            let closeOfLevel1 = expected[expected.count - 5].end
            #expect(skipped.error == nil)
            #expect(skipped.tokens.count == 7)
            if skipped.tokens.count == 7 {
                #expect(skipped.tokens[2].isSkip)
                #expect(skipped.tokens[2].start == opens[1])
                #expect(skipped.tokens[2].end == closeOfLevel1)
            }
            expectSameTrace(
                TokenTrace.streamed(bytes, options: options, skipsValue: { $0 == 0 }, chunksOf: 3), skipped,
                "depth \(depth) skip streamed")
            let members = try JSONTokenizer.withTokenizer(over: bytes, options: options) {
                (tokenizer: inout JSONTokenizer) throws(JSONError) -> [Expected] in
                var tokens: [Expected] = []
                while true {
                    let token: JSONToken
                    if tokenizer.depth > 0 && levels[tokenizer.depth - 1] {
                        let member = try tokenizer.nextMember()
                        if member.key.kind == .key {
                            tokens.append(Expected(kind: .key, start: member.key.start, end: member.key.end))
                        }
                        token = member.value
                    } else {
                        token = try tokenizer.next()
                    }
                    tokens.append(Expected(kind: token.kind, start: token.start, end: token.end))
                    if token.kind == .endOfInput { return tokens }
                }
            }
            #expect(Self.difference(members, expected) == nil, "depth \(depth) members")
        }
    }
}
