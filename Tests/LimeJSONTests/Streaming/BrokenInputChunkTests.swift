import LimeFixtures
import LimeJSON
import LimeTestSupport
import Testing

/// Errors too come out of the stream exactly as out of the whole buffer, with the same tokens
/// before them: every JSONTestSuite file split every way from 1 to 17 bytes and at random, and
/// corrupted seed documents, whose errors fall anywhere after any amount of discarded input.
@Suite struct BrokenInputChunkTests {
    /// Every JSONTestSuite file in chunks of 1, 2, 3 and 5 bytes and in random chunks of 1 to 7.
    @Test func conformanceFilesGiveTheSameTokensAndErrors() throws {
        let names = TestDocuments.conformanceNames
        #expect(names.count == 318)
        for name in names {
            let bytes = try TestDocuments.conformanceFile(name)
            let whole = TokenTrace.whole(bytes)
            let runs =
                [1, 2, 3, 5].map { ("chunks of \($0)", TokenTrace.streamed(bytes, sizes: [$0])) }
                + [("random chunks up to 7", TokenTrace.streamed(bytes, randomSizesUpTo: 7, seed: 11))]
            for (what, chunked) in runs {
                #expect(chunked.difference(from: whole) == nil, "\(name), \(what)")
            }
        }
    }

    /// Each file in the other sizes up to 17 and 32 random splits with empty feeds.
    @Test(arguments: TestDocuments.conformanceNames.filter { $0.hasSuffix(".json") })
    func testSuiteFile(_ name: String) throws {
        let bytes = try TestDocuments.conformanceFile(name)
        let reference = TokenTrace.whole(bytes)
        #expect(reference.anomaly == nil)
        for size in [4] + Array(6...17) {
            expectSameTrace(TokenTrace.streamed(bytes, chunksOf: size), reference, "\(name), chunks of \(size)")
        }
        for seed in UInt64(1)...32 {
            expectSameTrace(TokenTrace.streamed(bytes, randomSeed: seed), reference, "\(name), random split \(seed)")
        }
    }

    /// Small corruptions of the seed document (a byte replaced, dropped or inserted, or the text cut
    /// short) put errors everywhere, after any amount of discarded input; each must come out of the
    /// stream exactly as out of the whole buffer.
    @Test func mutatedSeedDocuments() {
        var random = SplitMix64(seed: 99)
        let interesting: [UInt8] = [
            0x00, 0x0A, 0x0D, 0x09, 0x20, 0x22, 0x2C, 0x2D, 0x2E, 0x30, 0x31, 0x3A, 0x45, 0x5B,
            0x5C, 0x5D, 0x65, 0x74, 0x75, 0x7B, 0x7D, 0x80, 0xBF, 0xC0, 0xC3, 0xE2, 0xED, 0xEF, 0xF0, 0xF4, 0xFF,
        ]
        var errors = 0
        for round in 0..<300 {
            var bytes = TestDocuments.seed
            let at = random.below(bytes.count)
            switch random.below(4) {
            case 0: bytes[at] = random.pick(interesting)
            case 1: bytes.remove(at: at)
            case 2: bytes.insert(random.pick(interesting), at: at)
            default: bytes.removeSubrange(at...)
            }
            let reference = TokenTrace.whole(bytes)
            if reference.error != nil { errors += 1 }
            for size in [1, 3, 16] {
                expectSameTrace(
                    TokenTrace.streamed(bytes, chunksOf: size), reference,
                    "mutation \(round) at \(at), chunks of \(size)")
            }
            expectSameTrace(
                TokenTrace.streamed(bytes, randomSeed: UInt64(round)), reference,
                "mutation \(round) at \(at), random split")
        }
        #expect(errors > 150)
    }
}
