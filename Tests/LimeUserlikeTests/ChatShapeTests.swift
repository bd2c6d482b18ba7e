import Foundation
import LimeFixtures
import LimeTestSupport
import LimeUserlike
import Testing

/// The generator's chat shape (``FixtureGenerator/Shape/chat``): seed-shaped conversations with
/// short chat lines, deterministic for a seed, read by the extractor as by the reference; and the
/// long shape's bytes unchanged by it.
@Suite struct ChatShapeTests {
    static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        bytes.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
    }

    static func chatExport(seed: UInt64, conversations: Int) -> [UInt8] {
        var generator = FixtureGenerator(seed: seed, shape: .chat)
        return generator.export(form: .array, conversations: conversations, messagesPerConversation: 5...60)
    }

    @Test func messagesAreSeedShaped() throws {
        let bytes = Self.chatExport(seed: 2024, conversations: 40)
        let conversations = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [[String: Any]])
        #expect(conversations.count == 40)
        let messages = conversations.flatMap { $0["transcript"] as? [[String: Any]] ?? [] }
        #expect(messages.count >= 40 * 5)
        // The seed payload's messages have 29 to 31 keys.
        #expect(messages.allSatisfy { (28...32).contains($0.count) })
        let bodies = messages.compactMap { $0["body_plain"] as? String }
        #expect(bodies.count == messages.count)
        #expect(bodies.allSatisfy { $0.utf8.count <= 200 })
        let mean = Double(bodies.map(\.utf8.count).reduce(0, +)) / Double(bodies.count)
        #expect((20...80).contains(mean), "mean body of \(mean) bytes")
        #expect(bodies.contains { $0.contains("ö") || $0.contains("ü") || $0.contains("ä") })
        #expect(bodies.contains { $0.unicodeScalars.contains { $0.properties.isEmojiPresentation } })
        #expect(bodies.contains { $0.contains("\n") })
        #expect(messages.allSatisfy { ($0["body"] as? String) == ($0["body_plain"] as? String) })
    }

    @Test func theSameSeedGivesTheSameBytes() {
        let first = Self.chatExport(seed: 7, conversations: 10)
        #expect(first == Self.chatExport(seed: 7, conversations: 10))
        #expect(first != Self.chatExport(seed: 8, conversations: 10))
        var long = FixtureGenerator(seed: 7)
        #expect(first != long.export(form: .array, conversations: 10, messagesPerConversation: 5...60))
    }

    @Test(arguments: FixtureGenerator.Variety.allCases)
    func extractedAsByTheReference(_ variety: FixtureGenerator.Variety) throws {
        var generator = FixtureGenerator(seed: 33, variety: variety, shape: .chat)
        let bytes = generator.export(form: .ndjson, conversations: 15)
        let expected = try ReferenceExtractor.conversations(ofExport: bytes).map { ReferenceExtractor.extract($0) }
        let read = ExportTrace.read(ExportReader(bytes: bytes))
        #expect(read.error == nil)
        #expect(read.lines.count == 15)
        #expect(try read.lines.map(ReferenceExtractor.parse) == expected)
    }

    /// Hashes of `limestream-gen payload --bytes 100000` and `export --form ndjson --bytes 100000`
    /// (seed 42) from before the chat shape existed: the default shape writes the same bytes.
    @Test func theLongShapeIsUnchanged() {
        var payload = FixtureGenerator(seed: 42)
        let bytes = payload.longPayload(targetBytes: 100_000)
        #expect(bytes.count == 94_892)
        #expect(Self.fnv1a(bytes) == 0xAE60_02C4_AADF_7844)
        var export = FixtureGenerator(seed: 42, shape: .long)
        var lines: [UInt8] = []
        export.writeExport(form: .ndjson, targetBytes: 100_000) { lines += $0 }
        #expect(lines.count == 113_349)
        #expect(Self.fnv1a(lines) == 0x3379_0C13_8629_1EF4)
    }
}
