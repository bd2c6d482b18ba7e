import LimeJSON
import LimeTestSupport
import Testing

/// Depth is counted without recursion: a million `[` is a clean error, never a stack overflow, with
/// the default limit and with a limit above the input's depth (then the input simply ends too
/// early); a million levels open and close.
@Suite struct NestingDepthTests {
    static let millionOpenBrackets = [UInt8](repeating: UInt8(ascii: "["), count: 1_000_000)

    /// The full error, from the whole buffer and from a byte-by-byte stream.
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
}
