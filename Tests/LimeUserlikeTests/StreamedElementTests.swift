import LimeFixtures
import LimeTestSupport
import Testing

@testable import LimeUserlike

/// Conversations far larger than the read window (issue #16): the reader extracts them in one
/// pass, moving the window on inside them, so memory is the window plus the extracted fields. The
/// same lines, issues, errors and positions as a reader that holds the whole input, on one-line
/// and pretty-printed elements, with errors inside, right after and on the same line as them.
@Suite struct StreamedElementTests {
    static let chunk = 16 << 10

    /// A long conversation (realistic: adversarial ones may have no transcript to be long), one
    /// line or pretty-printed (line feeds inside the element), with German, CJK and emoji text.
    static func huge(seed: UInt64, pretty: Bool) -> [UInt8] {
        var generator = FixtureGenerator(seed: seed)
        return generator.conversation(messageCount: 200, pretty: pretty)
    }

    @Test(arguments: [false, true])
    func aHugeConversationIsReadInABoundedWindow(_ pretty: Bool) throws {
        let bytes = Self.huge(seed: 7, pretty: pretty)
        #expect(bytes.count > 20 * Self.chunk)
        let expected = try ConversationExtractor().extract(bytes).jsonLine
        let chunks = ExportReaderTests.chunks(bytes, seed: 3, maximum: Self.chunk)
        let reader = ExportReader(source: ChunkByteSource(chunks.makeIterator()), options: .init(chunkSize: Self.chunk))
        var lines: [String] = []
        var largestWindow = 0
        while let item = try reader.next() {
            if case .conversation(let conversation, _) = item { lines.append(conversation.jsonLine) }
            largestWindow = max(largestWindow, reader.bufferCapacity)
        }
        #expect(lines == [expected])
        // Room for two reads and the longest string (a few KB): never the element's size.
        #expect(largestWindow <= 4 * Self.chunk, "window grew to \(largestWindow) for \(bytes.count) bytes")
    }

    /// Exports whose huge elements are broken, followed by more on their line, or followed by
    /// good ones: every chunking and window size gives what the in-memory reader gives.
    static func exports(variety: FixtureGenerator.Variety, pretty: Bool) -> [(String, [UInt8])] {
        let huge = Self.huge(seed: 11, pretty: pretty)
        var small = FixtureGenerator(seed: 12, variety: variety)
        let good = small.conversation(messageCount: 2)
        // An error near the huge element's end: a `}` dropped before the transcript's `]` closes.
        var brokenAtEnd = huge
        brokenAtEnd.removeLast(pretty ? 6 : 1)
        brokenAtEnd.append(contentsOf: Array("x}".utf8))
        // An error in its middle: a control byte inside a string.
        var brokenInside = huge
        if let quote = brokenInside.indices.dropFirst(huge.count / 2).first(where: { brokenInside[$0] == 0x22 }) {
            brokenInside.insert(0x01, at: quote + 1)
        }
        let newline: [UInt8] = [0x0A]
        return [
            ("ndjson, huge then good", huge + newline + good + newline),
            ("ndjson, broken at its end", brokenAtEnd + newline + good + newline + good),
            ("ndjson, broken inside", brokenInside + newline + good),
            ("ndjson, two on a line", huge + Array(" ".utf8) + good + newline + Array("7 ".utf8) + huge),
            (
                "array, huge elements",
                Array("[".utf8) + huge + Array(",".utf8) + good + Array(",".utf8) + huge + Array("]".utf8)
            ),
            ("array, error after a huge element", Array("[".utf8) + huge + Array(" ;".utf8) + good + Array("]".utf8)),
            ("array, broken inside", Array("[".utf8) + good + Array(",".utf8) + brokenInside + Array("]".utf8)),
            ("page", Array("{\"count\":2,\"results\":[".utf8) + huge + Array(",".utf8) + good + Array("]}".utf8)),
        ]
    }

    @Test(arguments: FixtureGenerator.Variety.allCases, [false, true])
    func errorsAndPositionsAroundHugeElements(_ variety: FixtureGenerator.Variety, _ pretty: Bool) {
        for (name, bytes) in Self.exports(variety: variety, pretty: pretty) {
            var outcomes: [ExportTrace] = []
            for (seed, chunkSize) in [(UInt64(1), 1 << 20), (2, Self.chunk), (3, 1000)] {
                // `read` also checks the in-memory reader, which never moves its window, against it.
                let read = ExportReaderTests.read(
                    bytes, seed: seed, maximumChunk: max(64, chunkSize / 2), chunkSize: chunkSize)
                outcomes.append(read)
            }
            let whole = outcomes[0]
            #expect(!whole.lines.isEmpty || !whole.issues.isEmpty || whole.error != nil, "\(name): nothing read")
            for read in outcomes.dropFirst() {
                #expect(read.lines == whole.lines, "\(name)")
                #expect(read.issues == whole.issues, "\(name)")
                #expect(read.error.map { "\($0)" } == whole.error.map { "\($0)" }, "\(name)")
            }
        }
    }

    /// An issue about a conversation that was streamed names the conversation's own start.
    @Test func issuesAboutAStreamedConversationNameItsStart() throws {
        let huge = Self.huge(seed: 5, pretty: false)
        var small = FixtureGenerator(seed: 6, variety: .adversarial)
        let bytes = Array("[".utf8) + small.conversation(messageCount: 1) + Array(",  ".utf8) + huge + Array("]".utf8)
        let streamed = ExportReader(
            source: ChunkByteSource(ExportReaderTests.chunks(bytes, seed: 9, maximum: 999).makeIterator()),
            options: .init(chunkSize: 1000))
        let borrowed = ExportReader(bytes: bytes)
        for _ in 0..<2 {
            _ = try streamed.next()
            _ = try borrowed.next()
            let issue = streamed.issueForLastConversation("x")
            #expect(issue.description == borrowed.issueForLastConversation("x").description)
            #expect(issue.offset == borrowed.issueForLastConversation("x").offset)
        }
        #expect(streamed.issueForLastConversation("x").column > 100)
    }
}
