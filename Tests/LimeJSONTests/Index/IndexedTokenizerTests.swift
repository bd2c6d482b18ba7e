import Foundation
import LimeFixtures
import LimeTestSupport
import Testing

@testable import LimeJSON

/// Tokens from the index = tokens from the tokenizer: the same kinds, ranges and flags, then the
/// same end or the same error, on the conformance suite, broken documents and generated payloads.
@Suite struct IndexedTokenizerTests {
    struct Trace: Equatable {
        var tokens: [JSONToken] = []
        var error: JSONError?
    }

    /// Every token `next` gives, up to the end or the first error.
    static func trace(_ next: () throws(JSONError) -> JSONToken) -> Trace {
        var trace = Trace()
        do throws(JSONError) {
            while true {
                let token = try next()
                trace.tokens.append(token)
                if token.kind == .endOfInput { break }
            }
        } catch {
            trace.error = error
        }
        return trace
    }

    static func reference(_ bytes: [UInt8]) -> Trace {
        bytes.withUnsafeBufferPointer { buffer in
            var tokenizer = JSONTokenizer(unsafeBytes: buffer)
            return trace { () throws(JSONError) in try tokenizer.next() }
        }
    }

    static func indexed(_ bytes: [UInt8]) -> Trace {
        bytes.withUnsafeBufferPointer { buffer in
            var tokenizer = IndexedTokenizer(unsafeBytes: buffer)
            defer { tokenizer.deallocate() }
            return trace { () throws(JSONError) in try tokenizer.next() }
        }
    }

    static func expectSame(_ bytes: [UInt8], _ comment: @autoclosure () -> String = "") {
        let expected = reference(bytes)
        let actual = indexed(bytes)
        guard expected != actual else { return }
        let first =
            zip(expected.tokens, actual.tokens).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(expected.tokens.count, actual.tokens.count)
        Issue.record(
            """
            \(comment()) \(String(decoding: bytes.prefix(200), as: UTF8.self).debugDescription): first difference at token \(first): \
            tokenizer \(expected.tokens.dropFirst(first).first.map { "\($0)" } ?? "-") \(expected.error.map { "\($0)" } ?? ""), \
            index \(actual.tokens.dropFirst(first).first.map { "\($0)" } ?? "-") \(actual.error.map { "\($0)" } ?? "")
            """)
    }

    @Test func conformanceSuite() throws {
        for name in TestDocuments.conformanceNames {
            Self.expectSame(try TestDocuments.conformanceFile(name), name)
        }
    }

    @Test func brokenDocuments() {
        var random = SplitMix64(seed: 1617)
        let bases = DifferentialTests.bases
        let interesting = DifferentialTests.interesting
        for round in 0..<20_000 {
            var bytes = bases[round % bases.count]
            for _ in 0..<(1 + random.below(3)) {
                guard !bytes.isEmpty else { break }
                let at = random.below(bytes.count)
                switch random.below(10) {
                case 0...2: bytes[at] = interesting[random.below(interesting.count)]
                case 3...5: bytes.remove(at: at)
                case 6...8: bytes.insert(interesting[random.below(interesting.count)], at: at)
                default: bytes.removeSubrange(at...)
                }
            }
            let lead = (0..<random.below(70)).map { _ in random.below(9) == 0 ? UInt8(0x0A) : UInt8(0x20) }
            Self.expectSame(lead + bytes, "round \(round)")
        }
    }

    @Test func generatedPayloadsAndDocuments() {
        for variety in FixtureGenerator.Variety.allCases {
            var generator = FixtureGenerator(seed: 17, variety: variety)
            for pretty in [false, true] {
                let payload = generator.conversation(messageCount: 40, pretty: pretty)
                Self.expectSame(payload, "\(variety) pretty \(pretty)")
                for cut in stride(from: 1, to: payload.count, by: max(1, payload.count / 61)) {
                    Self.expectSame(Array(payload.prefix(cut)), "\(variety) cut at \(cut)")
                }
            }
        }
        for name in ["twitter.json", "citm_catalog.json", "canada.json"] {
            guard let bytes = FixturePaths.benchDocument(name) else { continue }
            Self.expectSame(bytes, name)
        }
        Self.expectSame(
            Array(#"{"a":1}"#.utf8) + Array(repeating: 0x20, count: IndexedValidator.pieceSize * 2) + Array("x".utf8))
    }

    @Test func stringsAcrossPieces() {
        // A key whose ':' lies in the next piece, and a string longer than a piece.
        let piece = IndexedValidator.pieceSize
        for pad in [piece - 8, piece - 3, piece - 2, piece - 1, piece] {
            let text =
                "{" + String(repeating: " ", count: pad) + #""k"   :  "# + "\"" + String(repeating: "é", count: piece)
                + "\\n\"}"
            Self.expectSame(Array(text.utf8), "pad \(pad)")
        }
    }
}
