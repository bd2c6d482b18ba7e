import LimeJSON
import LimeTestSupport
import Testing

/// `skipValue()` over chunked input: a driver that skips chosen keys' values, resuming each skip
/// after `.needMoreInput`, sees the same skipped tokens (and every token it does not skip) as the
/// whole-buffer run; skipping every other or every third key makes it descend into values it does
/// not skip too.
@Suite struct SkipValueChunkTests {
    /// Which keys' values the driver skips.
    static let everyKey: @Sendable (Int) -> Bool = { _ in true }
    static let everyOtherKey: @Sendable (Int) -> Bool = { $0 % 2 == 1 }
    static let everyThirdKey: @Sendable (Int) -> Bool = { $0 % 3 == 0 }

    static func checkSkips(
        _ bytes: [UInt8], _ name: String, policies: [(name: String, skips: @Sendable (Int) -> Bool)], sizes: [Int],
        seeds: ClosedRange<UInt64>
    ) {
        for policy in policies {
            let reference = TokenTrace.whole(bytes, skipsValue: policy.skips)
            #expect(reference.error == nil, "\(name), \(policy.name)")
            #expect(
                reference.tokens.contains { $0.isSkip && $0.isContainerStart },
                "\(name), \(policy.name): no container skipped")
            for size in sizes {
                let streamed = TokenTrace.streamed(bytes, skipsValue: policy.skips, chunksOf: size)
                expectSameTrace(streamed, reference, "\(name), \(policy.name), chunks of \(size)")
            }
            for seed in seeds {
                let streamed = TokenTrace.streamed(bytes, randomSeed: seed, skipsValue: policy.skips)
                expectSameTrace(streamed, reference, "\(name), \(policy.name), random split \(seed)")
            }
        }
    }

    /// Every key's value skipped, in the documents of `DocumentChunkTests`: in one chunk, in chunks
    /// of 1, 3 and 16 bytes and in random chunks of up to 300.
    @Test(arguments: 0..<DocumentChunkTests.documents.count)
    func skippingAcrossChunks(_ index: Int) throws {
        let (name, bytes) = DocumentChunkTests.documents[index]
        let whole = TokenTrace.whole(bytes, skipsValue: Self.everyKey)
        #expect(whole.tokens.contains { $0.isSkip })
        let runs =
            [bytes.count, 1, 3, 16].map {
                ("chunks of \($0)", TokenTrace.streamed(bytes, skipsValue: Self.everyKey, sizes: [$0]))
            } + [
                ("random chunks", TokenTrace.streamed(bytes, skipsValue: Self.everyKey, randomSizesUpTo: 300, seed: 3))
            ]
        for (what, chunked) in runs {
            #expect(chunked.difference(from: whole) == nil, "\(name), \(what)")
        }
    }

    @Test func skipValueOnSeedDocument() {
        Self.checkSkips(
            TestDocuments.seed, "seed",
            policies: [("every other key", Self.everyOtherKey), ("every third key", Self.everyThirdKey)],
            sizes: Array(1...17), seeds: 1...20)
    }

    @Test(.enabled(if: TestDocuments.hasTwitter)) func skipValueOnTwitter() throws {
        Self.checkSkips(
            try #require(TestDocuments.twitter), "twitter.json",
            policies: [("every other key", Self.everyOtherKey), ("every third key", Self.everyThirdKey)],
            sizes: [1, 7, 4096], seeds: 1...1)
    }

    @Test(.enabled(if: TestDocuments.hasCITM)) func skipValueOnCITMCatalog() throws {
        Self.checkSkips(
            try #require(TestDocuments.citm), "citm_catalog.json",
            policies: [
                ("every key", Self.everyKey), ("every other key", Self.everyOtherKey),
                ("every third key", Self.everyThirdKey),
            ], sizes: [3, 4096], seeds: 1...1)
    }

    @Test func skipValueOnTranscript() {
        Self.checkSkips(
            TranscriptDocument.standard, "transcript",
            policies: [
                ("every key", Self.everyKey), ("every other key", Self.everyOtherKey),
                ("every third key", Self.everyThirdKey),
            ], sizes: [5, 4096], seeds: 1...1)
    }

    /// A skip that stops at a syntax error deep inside the skipped value reports it exactly as the
    /// whole-buffer skip does.
    @Test func skipValueErrorsMatch() {
        let bytes = Array(#"{"a": {"b": [1, 2, {"c": "x\u00e9"}, [tru]], "d": 1}}"#.utf8)
        let reference = TokenTrace.whole(bytes) { _ in true }
        #expect(reference.error?.code == .invalidLiteral)
        #expect(reference.error?.offset == 41)
        for size in 1...17 {
            expectSameTrace(
                TokenTrace.streamed(bytes, skipsValue: { _ in true }) { size }, reference, "chunks of \(size)")
        }
    }
}
