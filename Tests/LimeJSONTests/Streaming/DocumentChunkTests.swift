import Foundation
import LimeFixtures
import LimeJSON
import LimeTestSupport
import Testing

/// Valid documents split into chunks any way give exactly the tokens of the whole buffer: the seed
/// payload, generated transcripts (one adversarial, one long, one full of escapes and surrogate
/// pairs) and the benchmark documents, in every chunk size from 1 to 17, in larger ones, and in
/// seeded random splits (with empty feeds, through both `feed(_:)` and `feed(unsafeBytes:)`).
@Suite struct DocumentChunkTests {
    static let documents: [(String, [UInt8])] = {
        var documents: [(String, [UInt8])] = [("seed", TestDocuments.seed)]
        if let twitter = TestDocuments.twitter { documents.append(("twitter", twitter)) }
        var generator = FixtureGenerator(seed: 7, variety: .adversarial)
        documents.append(("adversarial transcript", generator.conversation(messageCount: 150, pretty: true)))
        var realistic = FixtureGenerator(seed: 8)
        documents.append(("long transcript", realistic.longPayload(targetBytes: 400_000)))
        return documents
    }()

    // The whole-buffer traces, computed once.
    static let seedTrace = TokenTrace.whole(TestDocuments.seed)
    static let twitterTrace = TestDocuments.twitter.map { TokenTrace.whole($0) }
    static let citmTrace = TestDocuments.citm.map { TokenTrace.whole($0) }
    static let transcriptTrace = TokenTrace.whole(TranscriptDocument.standard)

    /// The trace comparison notices a changed token, a missing token and a changed error.
    @Test func traceComparisonNoticesDifferences() {
        let reference = TokenTrace.whole(Array(#"{"a":[1,"x\n"]}"#.utf8))
        #expect(TokenTrace.whole(Array(#"{"a":[1,"y\n"]}"#.utf8)).difference(from: reference) != nil)
        #expect(TokenTrace.whole(Array(#"{"a":[1, "x\n"]}"#.utf8)).difference(from: reference) != nil)
        #expect(TokenTrace.whole(Array(#"{"a":[1]}"#.utf8)).difference(from: reference) != nil)
        #expect(TokenTrace.whole(Array("[1,]".utf8)).difference(from: TokenTrace.whole(Array("[1,}".utf8))) != nil)
        #expect(TokenTrace.streamed(Array(#"{"a":[1,"x\n"]}"#.utf8), chunksOf: 1).difference(from: reference) == nil)
    }

    // MARK: - Every document

    @Test(arguments: 0..<documents.count)
    func everyChunkSizeFromOneToSeventeen(_ index: Int) {
        let (name, bytes) = Self.documents[index]
        let whole = TokenTrace.whole(bytes)
        #expect(whole.error == nil, "\(name): \(String(describing: whole.error))")
        #expect(whole.tokens.count > 10)
        for size in 1...17 {
            let chunked = TokenTrace.streamed(bytes, sizes: [size])
            #expect(chunked.difference(from: whole) == nil, "\(name), chunks of \(size)")
        }
    }

    @Test(arguments: 0..<documents.count)
    func randomSplits(_ index: Int) {
        let (name, bytes) = Self.documents[index]
        let whole = TokenTrace.whole(bytes)
        for seed in UInt64(1)...5 {
            let chunked = TokenTrace.streamed(bytes, randomSizesUpTo: seed < 3 ? 9 : 4096, seed: seed)
            #expect(chunked.difference(from: whole) == nil, "\(name), random split \(seed)")
        }
    }

    // MARK: - The seed payload and the benchmark documents

    /// Forty more random splits of the seed document, with empty feeds, and the whole document as
    /// one chunk.
    @Test func seedDocumentInRandomSplits() {
        let seed = TestDocuments.seed
        expectValidTrace(Self.seedTrace, minimumTokens: 100)
        for randomSeed in UInt64(1)...40 {
            expectSameTrace(
                TokenTrace.streamed(seed, randomSeed: randomSeed), Self.seedTrace, "seed, random split \(randomSeed)")
        }
        expectSameTrace(TokenTrace.streamed(seed, chunksOf: seed.count), Self.seedTrace, "seed, one chunk")
    }

    @Test(.enabled(if: TestDocuments.hasTwitter), arguments: UInt64(1)...2)
    func twitterInRandomSplits(seed: UInt64) throws {
        let (bytes, reference) = (try #require(TestDocuments.twitter), try #require(Self.twitterTrace))
        expectValidTrace(reference, minimumTokens: 25_000)
        expectSameTrace(TokenTrace.streamed(bytes, randomSeed: seed), reference, "twitter.json, random split \(seed)")
    }

    @Test(.enabled(if: TestDocuments.hasCITM), arguments: Array(1...17) + [64, 4096])
    func citmCatalogInChunksOf(size: Int) throws {
        let (bytes, reference) = (try #require(TestDocuments.citm), try #require(Self.citmTrace))
        expectValidTrace(reference, minimumTokens: 80_000)
        expectSameTrace(TokenTrace.streamed(bytes, chunksOf: size), reference, "citm_catalog.json, chunks of \(size)")
    }

    @Test(.enabled(if: TestDocuments.hasCITM), arguments: UInt64(1)...2)
    func citmCatalogInRandomSplits(seed: UInt64) throws {
        let (bytes, reference) = (try #require(TestDocuments.citm), try #require(Self.citmTrace))
        expectSameTrace(
            TokenTrace.streamed(bytes, randomSeed: seed), reference, "citm_catalog.json, random split \(seed)")
    }

    // MARK: - The generated transcript

    @Test func transcriptIsAboutTwoMegabytes() {
        #expect((1_900_000...2_100_000).contains(TranscriptDocument.standard.count))
        #expect(
            TranscriptDocument.make(seed: 7, targetBytes: 10_000)
                == TranscriptDocument.make(seed: 7, targetBytes: 10_000))
        #expect(
            TranscriptDocument.make(seed: 7, targetBytes: 10_000)
                != TranscriptDocument.make(seed: 8, targetBytes: 10_000))
        expectValidTrace(Self.transcriptTrace, minimumTokens: 60_000)
        // Every kind of content the generator promises is there.
        let text = String(decoding: TranscriptDocument.standard, as: UTF8.self)
        let needles = [
            #"\u"#, #"\n"#, #"\""#, #"\/"#, "😀", "中", "E+", "E-", "-0", "null", #""note":"first","note""#,
        ]
        for needle in needles {
            #expect(text.contains(needle), "\(needle)")
        }
        #expect(text.range(of: #"\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F]"#, options: .regularExpression) != nil)
    }

    @Test(arguments: Array(1...17) + [100, 4096])
    func transcriptInChunksOf(size: Int) {
        expectSameTrace(
            TokenTrace.streamed(TranscriptDocument.standard, chunksOf: size), Self.transcriptTrace,
            "transcript, chunks of \(size)")
    }

    @Test(arguments: UInt64(1)...3)
    func transcriptInRandomSplits(seed: UInt64) {
        expectSameTrace(
            TokenTrace.streamed(TranscriptDocument.standard, randomSeed: seed), Self.transcriptTrace,
            "transcript, random split \(seed)")
    }
}
