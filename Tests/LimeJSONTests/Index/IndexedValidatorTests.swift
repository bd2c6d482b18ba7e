import Foundation
import LimeFixtures
import LimeTestSupport
import Testing

@testable import LimeJSON

/// The indexed validator against the byte-by-byte tokenizer: same acceptance, same error (code,
/// message, offset, line, column) on the conformance suite, on randomly broken documents, on
/// generated payloads and on the benchmark documents.
@Suite struct IndexedValidatorTests {
    static func indexed(_ bytes: [UInt8]) -> JSONError? {
        do {
            try JSONValidator.validate(bytes)
            return nil
        } catch {
            return error
        }
    }

    static func expectSame(_ bytes: [UInt8], _ comment: @autoclosure () -> String = "") {
        let expected = TokenTrace.error(bytes)
        let actual = indexed(bytes)
        if expected != actual {
            Issue.record(
                "\(comment()) \(String(decoding: bytes.prefix(300), as: UTF8.self).debugDescription): tokenizer \(expected.map(String.init(describing:)) ?? "accepts"), indexed \(actual.map(String.init(describing:)) ?? "accepts")"
            )
        }
    }

    @Test func conformanceSuiteGivesTheTokenizersAnswers() throws {
        let names = TestDocuments.conformanceNames
        #expect(names.count > 300)
        var rejected = 0
        for name in names {
            let bytes = try TestDocuments.conformanceFile(name)
            Self.expectSame(bytes, name)
            if Self.indexed(bytes) != nil { rejected += 1 }
        }
        #expect(rejected >= 188)
    }

    /// Small documents broken at random, as in `MutationDifferentialTests`, and each also padded so
    /// that the break falls on every offset of a 64-byte block.
    @Test func brokenDocumentsGiveTheTokenizersErrors() {
        var random = SplitMix64(seed: 1616)
        var rejected = 0
        for round in 0..<20_000 {
            var bytes = DifferentialTests.bases[round % DifferentialTests.bases.count]
            for _ in 0..<(1 + random.below(3)) {
                guard !bytes.isEmpty else { break }
                let at = random.below(bytes.count)
                switch random.below(10) {
                case 0...2:
                    bytes[at] =
                        DifferentialTests.interesting[random.below(DifferentialTests.interesting.count)]
                case 3...5: bytes.remove(at: at)
                case 6...8:
                    bytes.insert(
                        DifferentialTests.interesting[
                            random.below(DifferentialTests.interesting.count)], at: at)
                default: bytes.removeSubrange(at...)
                }
            }
            // Leading whitespace (with line feeds now and then) moves the document across blocks.
            let padding = random.below(70)
            let lead = (0..<padding).map { _ in random.below(9) == 0 ? UInt8(0x0A) : UInt8(0x20) }
            let text = lead + bytes
            Self.expectSame(text, "round \(round)")
            if Self.indexed(text) != nil { rejected += 1 }
        }
        #expect(rejected > 10_000)
    }

    /// Strings, escapes and runs of backslashes across block boundaries.
    @Test func escapesAcrossBlocks() {
        for length in 0..<140 {
            for tail in ["\\\"", "\\\\", "\\\\\\\"", "\\u00e9", "\\u00", "\\x", "é", "\u{1}"] {
                let body = String(repeating: "a", count: length) + tail + String(repeating: "\\\\", count: length % 5)
                Self.expectSame(Array("[\"\(body)\", \"\(body)\"]".utf8), "length \(length)")
                Self.expectSame(Array("{\"\(body)\":\"\(tail)\"}".utf8), "key length \(length)")
            }
        }
    }

    /// Non-ASCII text (valid and broken) on every offset of a block.
    @Test func utf8AcrossBlocks() {
        let sequences: [[UInt8]] = [
            [0xC3, 0xA9], [0xE2, 0x82, 0xAC], [0xF0, 0x9F, 0x98, 0x80], [0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x98],
            [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x80], [0xFF],
        ]
        for offset in 0..<130 {
            for sequence in sequences {
                let text =
                    Array("[\"".utf8) + Array(repeating: UInt8(ascii: "x"), count: offset) + sequence
                    + Array("\", 1]".utf8)
                Self.expectSame(text, "offset \(offset) \(sequence)")
                // And outside a string.
                Self.expectSame(Array(repeating: UInt8(0x20), count: offset) + sequence, "bare, offset \(offset)")
            }
        }
    }

    @Test func generatedPayloadsAreAccepted() {
        for variety in FixtureGenerator.Variety.allCases {
            var generator = FixtureGenerator(seed: 16, variety: variety)
            for pretty in [false, true] {
                let payload = generator.conversation(messageCount: 60, pretty: pretty)
                #expect(Self.indexed(payload) == nil, "\(variety) pretty \(pretty)")
                // Cut short at many points: the same error as the tokenizer's.
                for cut in stride(from: 1, to: payload.count, by: max(1, payload.count / 97)) {
                    Self.expectSame(Array(payload.prefix(cut)), "\(variety) cut at \(cut)")
                }
            }
        }
    }

    @Test func benchmarkDocumentsAreAccepted() throws {
        for name in ["twitter.json", "citm_catalog.json", "canada.json"] {
            guard let bytes = FixturePaths.benchDocument(name) else { continue }
            #expect(Self.indexed(bytes) == nil, "\(name)")
        }
    }

    @Test func deepNestingIsLimitedAsByTheTokenizer() {
        for depth in [1023, 1024, 1025, 5000] {
            Self.expectSame(
                Array(repeating: UInt8(ascii: "["), count: depth) + Array(repeating: UInt8(ascii: "]"), count: depth))
        }
    }

    @Test func emptyAndBlankInput() {
        for text in ["", " ", "\n\n", "  \n 1 \n", "1 2", "\u{FEFF}1", "\"a\" x", "nul", "tru", "-", "1.", "1e+"] {
            Self.expectSame(Array(text.utf8))
        }
    }
}
