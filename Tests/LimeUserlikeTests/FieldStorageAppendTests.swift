import LimeFixtures
import Testing

@testable import LimeUserlike

/// ``FieldStorage/append(_:)`` writes raw values into room made ahead in the segment, short ones
/// in overlapping words: every value of 0 to 100 bytes (and some of thousands) must read back as
/// it was, across segments of every size and mixed with values written to the array directly, and
/// after ``FieldStorage/trim()`` the segments must hold exactly the values, no room left over.
@Suite struct FieldStorageAppendTests {
    @Test(arguments: [1, 7, 64, 5_000, FieldStorage.defaultSegmentSize])
    func valuesReadBackAsWritten(segmentSize: Int) {
        var storage = FieldStorage(capacity: 0, segmentSize: segmentSize)
        var random = SplitMix64(seed: UInt64(segmentSize))
        var expected: [(slot: FieldSlot, bytes: [UInt8])] = []
        for round in 0..<3_000 {
            let length: Int
            switch round {
            case ..<202: length = round % 101
            case _ where round % 500 == 0: length = 4_000 + Int(random.next() % 9_000)
            default: length = Int(random.next() % 70)
            }
            let value = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let start = value.withUnsafeBufferPointer { storage.append($0) }
            expected.append((FieldSlot(kind: .string, hasEscapes: false, start: start, count: length), value))
            if round % 97 == 0 {
                // A value the array gets directly, between the raw ones.
                let text = "value \(round)"
                expected.append((storage.append(.string(text)), Array(text.utf8)))
            }
        }
        storage.trim()
        for (index, (slot, bytes)) in expected.enumerated() {
            #expect(Array(storage.slice(slot)) == bytes, "value \(index) of \(bytes.count) bytes")
        }
        let total = expected.reduce(0) { $0 + $1.bytes.count }
        #expect(storage.byteCount == total)
        let held = storage.withSegments { segments in segments.reduce(0) { $0 + $1.count } }
        #expect(held == total, "the segments hold exactly the values")
    }

    /// A conversation extracted in one go keeps exactly its values' bytes (the room made ahead is
    /// gone by the time it is a ``Conversation``), and so its size guess for the next one.
    @Test func extractedConversationHoldsExactlyItsValues() throws {
        // The object value (copied by the tokenizer, after a trim) comes first, so that only the
        // end of the run trims the raw values after it.
        let text =
            #"{"topics":[1,{"a":[true,null]}],"id":12,"subject":"hello","transcript":[{"sent_at":"#
            + #""2024-02-16T07:35:20.603Z","type":"m","body_plain":"a body of some length, more than 32 bytes","#
            + #""sender":{"type":"contact"}}],"contact":{"name":"N","email":"e@x"}}"#
        let conversation = try ConversationExtractor().extract(Array(text.utf8))
        let values = [
            "12", "hello", "2024-02-16T07:35:20.603Z", "m", "a body of some length, more than 32 bytes",
            "contact", "N", "e@x", #"[1,{"a":[true,null]}]"#,
        ]
        #expect(conversation.storage.bytes.count == values.reduce(0) { $0 + $1.utf8.count })
        #expect(conversation.storage.byteCount == conversation.storage.bytes.count)
        #expect(conversation[.subject] == .string("hello"))
        #expect(conversation[.topics] == .json(#"[1,{"a":[true,null]}]"#))
    }
}
