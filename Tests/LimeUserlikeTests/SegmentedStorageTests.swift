import LimeFixtures
import LimeJSON
import LimeTestSupport
import Testing

@testable import LimeUserlike

/// A huge conversation's fields in segments and its message slots in chunks (issue #16), read
/// through segments and chunks far smaller than usual, and its line written out in pieces: every
/// value, every line and every byte written is the in-memory extractor's.
@Suite struct SegmentedStorageTests {
    /// Extracts `bytes` with segments of `segmentSize` bytes and chunks of `messagesPerChunk` messages.
    static func extract(_ bytes: [UInt8], segmentSize: Int, messagesPerChunk: Int) throws -> Conversation {
        try bytes.withUnsafeBufferPointer { buffer in
            var run = ExtractionRun(
                tokenizer: JSONTokenizer(unsafeBytes: buffer), segmentSize: segmentSize,
                messagesPerChunk: messagesPerChunk)
            let outcome = try run.run()
            guard case .conversation(let conversation) = outcome else {
                Issue.record("not a conversation: \(outcome)")
                return Conversation()
            }
            return conversation
        }
    }

    /// Every slot's bytes lie inside its own segment.
    static func expectUnsplit(_ conversation: Conversation) {
        let storage = conversation.storage
        let slots = conversation.slots + (0..<conversation.messageSlots.count).map { conversation.messageSlots[$0] }
        for slot in slots where slot.kind != .null && slot.count > 0 {
            let segmentCount = storage.withSegment(slot) { $0.count }
            #expect(slot.offset + slot.count <= segmentCount, "a value crosses its segment's end")
        }
    }

    /// Every field read back, one by one, as the in-memory conversation has it.
    static func expectSameValues(_ conversation: Conversation, _ expected: Conversation) {
        #expect(conversation == expected)
        for field in Conversation.Field.allCases { #expect(conversation[field] == expected[field]) }
        for field in Contact.Field.allCases { #expect(conversation.contact[field] == expected.contact[field]) }
        #expect(conversation.messages.count == expected.messages.count)
        for (message, other) in zip(conversation.messages, expected.messages) {
            for field in Message.Field.allCases {
                #expect(message[field] == other[field])
                #expect(message.withText(field) { Array($0) } == other.withText(field) { Array($0) })
                let text = message.withJSONText(field) { "\(Array($0)) \($1)" }
                #expect(text == other.withJSONText(field) { "\(Array($0)) \($1)" })
            }
        }
    }

    @Test(arguments: [(1, 1), (7, 2), (64, 5), (300, 3), (4096, 1000)])
    func smallSegmentsAndChunksGiveTheInMemoryConversation(_ segmentSize: Int, _ messagesPerChunk: Int) throws {
        var generator = FixtureGenerator(seed: 21, variety: .adversarial)
        let bytes = generator.conversation(messageCount: 40)
        let expected = try ConversationExtractor().extract(bytes)
        let conversation = try Self.extract(bytes, segmentSize: segmentSize, messagesPerChunk: messagesPerChunk)
        #expect(expected.storage.segmentCount == 1 && expected.messageSlots.chunkCount == 1)
        #expect(conversation.storage.segmentCount > 1, "the test must cross segments")
        #expect(conversation.messageSlots.chunkCount > 1 || messagesPerChunk >= 40)
        #expect(conversation.jsonLine == expected.jsonLine)
        Self.expectUnsplit(conversation)
        Self.expectSameValues(conversation, expected)
    }

    /// Values that end exactly at a segment's end, that are one byte too long for what is left,
    /// that are larger than a segment, with escapes, and objects and arrays copied by the tokenizer.
    @Test func valuesAtAndAcrossSegmentBoundaries() throws {
        let text = """
            {"id":"\(String(repeating: "a", count: 16))","status":"\(String(repeating: "b", count: 17))",\
            "subject":"ccccc","created_at":"ddddddddddd","language_name":"e\\n\\u00e9\\"","rate":12345678901,\
            "topics":[{"text":"\(String(repeating: "t", count: 40))"}],"contact":{"name":"\(String(repeating: "n", count: 15))",\
            "email":"f"},"transcript":[{"body_plain":"\(String(repeating: "g", count: 16))","sent_at":"h"},\
            {"body":"i\\u0041","name":"\(String(repeating: "j", count: 100))"},7,{"body":{"k":[1,2]}}]}
            """
        let bytes = Array(text.utf8)
        let expected = try ConversationExtractor().extract(bytes)
        let conversation = try Self.extract(bytes, segmentSize: 16, messagesPerChunk: 1)
        #expect(conversation.storage.segmentCount > 5)
        #expect(conversation.messageSlots.chunkCount == 4)
        // 16 bytes fill the first segment exactly; 17 get a segment of their own.
        let id = conversation.slots[Conversation.Field.id.rawValue]
        let status = conversation.slots[Conversation.Field.status.rawValue]
        #expect(id.segment == 0 && id.offset == 0 && conversation.storage.withSegment(id) { $0.count } == 16)
        #expect(
            status.segment == 1 && status.offset == 0 && conversation.storage.withSegment(status) { $0.count } == 17)
        #expect(conversation.jsonLine == expected.jsonLine)
        #expect(conversation[.status].string == String(repeating: "b", count: 17))
        #expect(conversation[.language].string == "e\né\"")
        Self.expectUnsplit(conversation)
        Self.expectSameValues(conversation, expected)
    }

    /// A slot is 16 bytes (it was 24: six a message, millions in a huge transcript), and a count
    /// past 32 bits survives its split in two.
    @Test func slotsAreSixteenBytes() {
        #expect(MemoryLayout<FieldSlot>.stride == 16)
        let slot = FieldSlot(
            kind: .string, hasEscapes: true, start: 3 << FieldStorage.segmentShift | 5, count: 1 << 33 | 7)
        #expect(slot.count == 1 << 33 | 7 && slot.segment == 3 && slot.offset == 5 && slot.kind == .string)
        #expect(slot.hasEscapes)
    }

    /// A conversation made from values (``Conversation/init(fields:contact:messages:)``) is one
    /// segment and one chunk, as before.
    @Test func conversationsFromValuesKeepOneSegment() {
        let conversation = Conversation(
            fields: [.id: .number("1"), .subject: .string("a\"b")], messages: [[.body: .string("hi")]])
        #expect(conversation.storage.segmentCount == 1 && conversation.messageSlots.chunkCount == 1)
        #expect(conversation[.subject].string == "a\"b")
        #expect(conversation.messages.first?[.body].string == "hi")
    }

    /// The line written in pieces, spilled whenever more than `threshold` bytes wait, is the line
    /// written whole; it is spilled more than once, and in pieces far smaller than the line.
    @Test(arguments: [(1 << 20, 100_000), (64, 3)])
    func aLineSpilledInPiecesIsTheWholeLine(_ segmentSize: Int, _ messagesPerChunk: Int) throws {
        var generator = FixtureGenerator(seed: 8)
        let bytes = generator.conversation(messageCount: 400)
        let expected = try ConversationExtractor().extract(bytes).jsonLine
        let conversation = try Self.extract(bytes, segmentSize: segmentSize, messagesPerChunk: messagesPerChunk)
        var written: [UInt8] = []
        var pieces: [Int] = []
        var out: [UInt8] = Array("before\n".utf8)
        conversation.writeJSONLine(into: &out, spillingAt: 4096) { bytes in
            written += bytes
            pieces.append(bytes.count)
            bytes.removeAll(keepingCapacity: true)
        }
        written += out
        #expect(String(decoding: written, as: UTF8.self) == "before\n" + expected)
        #expect(pieces.count >= 2, "\(expected.utf8.count) bytes spilled in \(pieces)")
        #expect(pieces.allSatisfy { $0 < expected.utf8.count })
        // A spill that keeps the bytes leaves the whole line in `out`.
        var kept: [UInt8] = []
        conversation.writeJSONLine(into: &kept, spillingAt: 4096) { _ in }
        #expect(String(decoding: kept, as: UTF8.self) == expected)
    }

    /// Through the parallel reader: a conversation too large for a piece is read by one reader,
    /// whose render writes its line out in pieces, in order between the small ones, for one and
    /// two jobs; the bytes are those of a render that writes every line whole.
    @Test(arguments: [1, 2])
    func hugeConversationsAreWrittenInPiecesInOrder(_ jobs: Int) throws {
        var generator = FixtureGenerator(seed: 31)
        let huge = generator.conversation(messageCount: 300)
        let small = generator.conversation(messageCount: 2)
        let newline: [UInt8] = [0x0A]
        let bytes = small + newline + huge + newline + small + newline + huge + newline + small
        let whole = ParallelExportTrace.run(bytes, jobs: jobs, pieceSize: 1 << 14, chunkSize: 5000)
        var output: [UInt8] = []
        var largestWrite = 0
        let source = ChunkByteSource(ExportTrace.chunks(bytes, of: 5000).makeIterator())
        let reader = ParallelExportReader(source: source, jobs: jobs, pieceSize: 1 << 14)
        let last = try reader.run(
            spillingRender: { conversation, out, spill in
                conversation.writeJSONLine(into: &out, spillingAt: 2048, spill: spill)
                out.append(0x0A)
                return nil
            },
            write: { chunk in
                output += chunk
                largestWrite = max(largestWrite, chunk.count)
            },
            report: { Issue.record("unexpected issue \($0)") })
        #expect(whole.error == nil && whole.reports.isEmpty)
        #expect(last == 5 && whole.last == 5)
        #expect(output == whole.output)
        #expect(largestWrite < huge.count / 4, "the huge lines were not spilled: a write of \(largestWrite)")
    }
}
