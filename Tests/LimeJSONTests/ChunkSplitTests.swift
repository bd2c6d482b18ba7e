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
