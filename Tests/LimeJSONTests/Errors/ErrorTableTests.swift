import LimeJSON
import LimeTestSupport
import Testing

/// Broken inputs and the exact `JSONError` each must give (code, message, byte offset, line and
/// column in Unicode scalars), from the whole buffer and from `JSONStreamTokenizer` fed in chunks of
/// 1, 2, 3 and 5 bytes and in seeded random splits (with empty feeds, through both `feed` entry
/// points).
///
/// One table (`ErrorTableTests+Cases.swift`) of broken inputs at the top level and inside values,
/// for every kind of error; the tokens before the error are the same from the stream too.
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

    /// The stream fed one byte at a time gives the same tokens before the error as the whole buffer.
    @Test(arguments: cases)
    func sameTokensBeforeTheError(_ test: Case) {
        let whole = TokenTrace.whole(test.input, options: test.options)
        #expect(TokenTrace.streamed(test.input, options: test.options, sizes: [1]).difference(from: whole) == nil)
    }

    /// `description` reads "line L, column C (byte N): message".
    @Test func descriptionNamesThePosition() {
        let error = JSONError(
            code: .expectedColon, message: "expected ':' after object key, found '1'", offset: 5, line: 1, column: 6)
        #expect(error.description == "line 1, column 6 (byte 5): expected ':' after object key, found '1'")
    }

    /// A limit of 3 allows 3 levels (the table has the error of a fourth).
    @Test func threeLevelsAreWithinALimitOfThree() {
        #expect(TokenTrace.error(Array("[[[1]]]".utf8), options: .init(maximumDepth: 3)) == nil)
    }
}
