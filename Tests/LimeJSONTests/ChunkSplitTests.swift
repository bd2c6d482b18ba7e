import Foundation
import LimeFixtures
import LimeJSON
import Testing

/// Any split of the input into chunks gives exactly the tokens and the error of the whole input.
@Suite struct ChunkSplitTests {
    static let documents: [(String, [UInt8])] = {
        var documents: [(String, [UInt8])] = []
        if let seed = try? FixturePaths.bytes(FixturePaths.fixtures.appendingPathComponent("seed-conversation.json")) {
            documents.append(("seed", seed))
        }
        if let twitter = FixturePaths.benchDocument("twitter.json") { documents.append(("twitter", twitter)) }
        var generator = FixtureGenerator(seed: 7, variety: .adversarial)
        documents.append(("adversarial transcript", generator.conversation(messageCount: 150, pretty: true)))
        var realistic = FixtureGenerator(seed: 8)
        documents.append(("long transcript", realistic.longPayload(targetBytes: 400_000)))
        return documents
    }()

    @Test(arguments: 0..<documents.count)
    func everyChunkSizeFromOneToSeventeen(_ index: Int) {
        let (name, bytes) = Self.documents[index]
        let whole = TokenRecorder.whole(bytes)
        #expect(whole.error == nil, "\(name): \(String(describing: whole.error))")
        #expect(whole.tokens.count > 10)
        for size in 1...17 {
            let chunked = TokenRecorder.chunked(bytes, sizes: [size])
            #expect(chunked == whole, "\(name), chunks of \(size)")
        }
    }

    @Test(arguments: 0..<documents.count)
    func randomSplits(_ index: Int) {
        let (name, bytes) = Self.documents[index]
        let whole = TokenRecorder.whole(bytes)
        for seed in UInt64(1)...5 {
            let sizes = TokenRecorder.randomSizes(seed: seed, maximum: seed < 3 ? 9 : 4096)
            #expect(TokenRecorder.chunked(bytes, sizes: sizes) == whole, "\(name), random split \(seed)")
        }
    }

    /// Errors too: every JSONTestSuite file, split every way from 1 to 5 bytes and at random.
    @Test func conformanceFilesGiveTheSameTokensAndErrors() throws {
        let directory = FixturePaths.fixtures.appendingPathComponent("JSONTestSuite/test_parsing")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(names.count == 318)
        for name in names {
            let bytes = try FixturePaths.bytes(directory.appendingPathComponent(name))
            let whole = TokenRecorder.whole(bytes)
            for sizes in [[1], [2], [3], [5], TokenRecorder.randomSizes(seed: 11, maximum: 7)] {
                let chunked = TokenRecorder.chunked(bytes, sizes: sizes)
                #expect(chunked == whole, "\(name), chunks \(sizes.prefix(3))")
            }
        }
    }

    /// `skipValue()` over chunked input: a driver that skips every key's value, resuming each skip
    /// after `.needMoreInput`, sees the same skipped ranges as the whole-buffer run.
    @Test(arguments: 0..<documents.count)
    func skippingAcrossChunks(_ index: Int) throws {
        let (name, bytes) = Self.documents[index]
        func skipped(sizes: [Int]?) throws -> [ClosedRange<Int>] {
            var ranges: [ClosedRange<Int>] = []
            var tokenizer = JSONStreamTokenizer()
            var offset = 0
            var sizeIndex = 0
            var skipping = false
            func feed() {
                guard let sizes else {
                    tokenizer.feed(Array(bytes[offset...]))
                    offset = bytes.count
                    return
                }
                if offset >= bytes.count {
                    tokenizer.finish()
                    return
                }
                let end = min(offset + sizes[sizeIndex % sizes.count], bytes.count)
                sizeIndex += 1
                tokenizer.feed(Array(bytes[offset..<end]))
                offset = end
            }
            if sizes == nil {
                feed()
                tokenizer.finish()
            }
            while true {
                let token = skipping ? try tokenizer.skipValue() : try tokenizer.next()
                if token.kind == .needMoreInput {
                    feed()
                    continue
                }
                if token.kind == .endOfInput { return ranges }
                if skipping {
                    ranges.append(token.start...token.end)
                    skipping = false
                } else if token.kind == .key {
                    skipping = true
                }
            }
        }
        let whole = try skipped(sizes: nil)
        #expect(!whole.isEmpty)
        for sizes in [[1], [3], [16], TokenRecorder.randomSizes(seed: 3, maximum: 300)] {
            #expect(try skipped(sizes: sizes) == whole, "\(name), chunks \(sizes.prefix(3))")
        }
    }
}

// MARK: - More documents, sizes and feeds
//
// citm_catalog.json and a generated transcript full of escapes and surrogate pairs in every chunk
// size from 1 to 17, seeded random splits that include empty feeds and feed through both
// `feed(_:)` and `feed(unsafeBytes:)`, every JSONTestSuite file in the other chunk sizes, 300
// corrupted seed documents, and `skipValue()` after every other or every third key (so the
// driver also descends into values it does not skip).

extension ChunkSplitTests {
    // MARK: - Documents and their whole-buffer traces, computed once

    static let seed: [UInt8] =
        (try? FixturePaths.bytes(FixturePaths.fixtures.appendingPathComponent("seed-conversation.json"))) ?? []
    static let twitter: [UInt8]? = FixturePaths.benchDocument("twitter.json")
    static let citm: [UInt8]? = FixturePaths.benchDocument("citm_catalog.json")
    static var hasTwitter: Bool { FixturePaths.hasBenchDocument("twitter.json") }
    static var hasCITM: Bool { FixturePaths.hasBenchDocument("citm_catalog.json") }

    static let seedTrace = TokenTrace.whole(seed)
    static let twitterTrace = twitter.map { TokenTrace.whole($0) }
    static let citmTrace = citm.map { TokenTrace.whole($0) }
    static let transcriptTrace = TokenTrace.whole(TranscriptDocument.standard)

    static let suiteDirectory = FixturePaths.fixtures.appendingPathComponent("JSONTestSuite/test_parsing")
    static let suiteNames: [String] =
        ((try? FileManager.default.contentsOfDirectory(atPath: suiteDirectory.path)) ?? [])
        .filter { $0.hasSuffix(".json") }.sorted()

    /// Checks one streamed run against the whole-buffer trace.
    static func check(
        _ streamed: TokenTrace, _ reference: TokenTrace, _ what: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let difference = streamed.difference(from: reference)
        #expect(difference == nil, "\(what)", sourceLocation: sourceLocation)
    }

    /// A valid document's reference ends in `.endOfInput` with no error; guards against comparing
    /// two equally wrong runs.
    static func checkValid(
        _ reference: TokenTrace, minimumTokens: Int, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(reference.error == nil, sourceLocation: sourceLocation)
        #expect(reference.anomaly == nil, sourceLocation: sourceLocation)
        #expect(reference.tokens.last?.kind == .endOfInput, sourceLocation: sourceLocation)
        #expect(reference.tokens.count >= minimumTokens, sourceLocation: sourceLocation)
    }

    /// The trace comparison notices a changed token, a missing token and a changed error.
    @Test func traceComparisonNoticesDifferences() {
        let reference = TokenTrace.whole(Array(#"{"a":[1,"x\n"]}"#.utf8))
        #expect(TokenTrace.whole(Array(#"{"a":[1,"y\n"]}"#.utf8)).difference(from: reference) != nil)
        #expect(TokenTrace.whole(Array(#"{"a":[1, "x\n"]}"#.utf8)).difference(from: reference) != nil)
        #expect(TokenTrace.whole(Array(#"{"a":[1]}"#.utf8)).difference(from: reference) != nil)
        #expect(TokenTrace.whole(Array("[1,]".utf8)).difference(from: TokenTrace.whole(Array("[1,}".utf8))) != nil)
        #expect(TokenTrace.streamed(Array(#"{"a":[1,"x\n"]}"#.utf8), chunksOf: 1).difference(from: reference) == nil)
    }

    // MARK: - Whole documents

    /// Main splits the seed document in every size from 1 to 17 and five random ways; these are
    /// forty more random splits, with empty feeds, and the whole document as one chunk.
    @Test func seedDocumentInRandomSplits() {
        Self.checkValid(Self.seedTrace, minimumTokens: 100)
        for seed in UInt64(1)...40 {
            Self.check(TokenTrace.streamed(Self.seed, randomSeed: seed), Self.seedTrace, "seed, random split \(seed)")
        }
        Self.check(TokenTrace.streamed(Self.seed, chunksOf: Self.seed.count), Self.seedTrace, "seed, one chunk")
    }

    @Test(.enabled(if: hasTwitter), arguments: UInt64(1)...2)
    func twitterInRandomSplits(seed: UInt64) throws {
        let (bytes, reference) = (try #require(Self.twitter), try #require(Self.twitterTrace))
        Self.checkValid(reference, minimumTokens: 25_000)
        Self.check(TokenTrace.streamed(bytes, randomSeed: seed), reference, "twitter.json, random split \(seed)")
    }

    @Test(.enabled(if: hasCITM), arguments: Array(1...17) + [64, 4096])
    func citmCatalogInChunksOf(size: Int) throws {
        let (bytes, reference) = (try #require(Self.citm), try #require(Self.citmTrace))
        Self.checkValid(reference, minimumTokens: 80_000)
        Self.check(TokenTrace.streamed(bytes, chunksOf: size), reference, "citm_catalog.json, chunks of \(size)")
    }

    @Test(.enabled(if: hasCITM), arguments: UInt64(1)...2)
    func citmCatalogInRandomSplits(seed: UInt64) throws {
        let (bytes, reference) = (try #require(Self.citm), try #require(Self.citmTrace))
        Self.check(TokenTrace.streamed(bytes, randomSeed: seed), reference, "citm_catalog.json, random split \(seed)")
    }

    @Test func transcriptIsAboutTwoMegabytes() {
        #expect((1_900_000...2_100_000).contains(TranscriptDocument.standard.count))
        #expect(
            TranscriptDocument.make(seed: 7, targetBytes: 10_000)
                == TranscriptDocument.make(seed: 7, targetBytes: 10_000))
        #expect(
            TranscriptDocument.make(seed: 7, targetBytes: 10_000)
                != TranscriptDocument.make(seed: 8, targetBytes: 10_000))
        Self.checkValid(Self.transcriptTrace, minimumTokens: 60_000)
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
        Self.check(
            TokenTrace.streamed(TranscriptDocument.standard, chunksOf: size), Self.transcriptTrace,
            "transcript, chunks of \(size)")
    }

    @Test(arguments: UInt64(1)...3)
    func transcriptInRandomSplits(seed: UInt64) {
        Self.check(
            TokenTrace.streamed(TranscriptDocument.standard, randomSeed: seed), Self.transcriptTrace,
            "transcript, random split \(seed)")
    }

    // MARK: - JSONTestSuite: tokens and errors alike

    /// Main streams each file in chunks of 1, 2, 3 and 5 and one random split; these are the other
    /// sizes up to 17 and 32 random splits with empty feeds.
    @Test(arguments: suiteNames)
    func testSuiteFile(_ name: String) throws {
        let bytes = try FixturePaths.bytes(Self.suiteDirectory.appendingPathComponent(name))
        let reference = TokenTrace.whole(bytes)
        #expect(reference.anomaly == nil)
        for size in [4] + Array(6...17) {
            Self.check(TokenTrace.streamed(bytes, chunksOf: size), reference, "\(name), chunks of \(size)")
        }
        for seed in UInt64(1)...32 {
            Self.check(TokenTrace.streamed(bytes, randomSeed: seed), reference, "\(name), random split \(seed)")
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
            var bytes = Self.seed
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
                Self.check(
                    TokenTrace.streamed(bytes, chunksOf: size), reference,
                    "mutation \(round) at \(at), chunks of \(size)")
            }
            Self.check(
                TokenTrace.streamed(bytes, randomSeed: UInt64(round)), reference,
                "mutation \(round) at \(at), random split")
        }
        #expect(errors > 150)
    }

    // MARK: - skipValue() over chunked input

    /// Which keys' values the driver skips (`skippingAcrossChunks` skips every key's).
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
                let streamed = TokenTrace.streamed(bytes, skipsValue: policy.skips) { size }
                Self.check(streamed, reference, "\(name), \(policy.name), chunks of \(size)")
            }
            for seed in seeds {
                let streamed = TokenTrace.streamed(bytes, randomSeed: seed, skipsValue: policy.skips)
                Self.check(streamed, reference, "\(name), \(policy.name), random split \(seed)")
            }
        }
    }

    @Test func skipValueOnSeedDocument() {
        Self.checkSkips(
            Self.seed, "seed",
            policies: [("every other key", Self.everyOtherKey), ("every third key", Self.everyThirdKey)],
            sizes: Array(1...17), seeds: 1...20)
    }

    @Test(.enabled(if: hasTwitter)) func skipValueOnTwitter() throws {
        Self.checkSkips(
            try #require(Self.twitter), "twitter.json",
            policies: [("every other key", Self.everyOtherKey), ("every third key", Self.everyThirdKey)],
            sizes: [1, 7, 4096], seeds: 1...1)
    }

    @Test(.enabled(if: hasCITM)) func skipValueOnCITMCatalog() throws {
        Self.checkSkips(
            try #require(Self.citm), "citm_catalog.json",
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
            Self.check(TokenTrace.streamed(bytes, skipsValue: { _ in true }) { size }, reference, "chunks of \(size)")
        }
    }
}
