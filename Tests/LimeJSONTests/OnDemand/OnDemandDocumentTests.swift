import Foundation
import LimeFixtures
import LimeTestSupport
import Testing

@testable import LimeJSON

/// Real documents through the On-Demand cursors, against `JSONSerialization`: the benchmark
/// documents of `../shared/bench-data`, the seed payload, generated payloads (realistic and
/// adversarial: escapes in keys, long strings, deep values), read whole and read partially
/// (values skipped unread or abandoned halfway).
@Suite struct OnDemandDocumentTests {
    static let seed = FixturePaths.fixtures.appendingPathComponent("seed-conversation.json")

    static func expectWhole(_ bytes: [UInt8], _ name: String) throws {
        let difference = try OnDemandTree.differenceFromFoundation(bytes)
        #expect(difference == nil, "\(name): \(difference ?? "")")
    }

    static func expectPartial(_ bytes: [UInt8], _ name: String, seeds: ClosedRange<UInt64> = 1...8) throws {
        var checked = 0
        for seed in seeds {
            var reader = PartialReader(seed: seed)
            try reader.read(bytes)
            #expect(reader.differences.isEmpty, "\(name), seed \(seed): \(reader.differences.prefix(3))")
            checked += reader.checked
        }
        // Not vacuous. One seed may read nothing: four lookups at the root can all land on keys
        // that are absent, duplicated or hold containers left unread.
        #expect(checked > 0, "\(name): nothing read")
    }

    /// The benchmark documents are in `../shared/bench-data`, which some machines lack.
    static let hasBenchDocuments = ["twitter.json", "citm_catalog.json", "canada.json"].allSatisfy(
        FixturePaths.hasBenchDocument)

    @Test(.enabled(if: hasBenchDocuments), arguments: ["twitter.json", "citm_catalog.json", "canada.json"])
    func benchDocument(_ name: String) throws {
        guard let bytes = FixturePaths.benchDocument(name) else {
            Issue.record("../shared/bench-data/\(name) is absent")
            return
        }
        try Self.expectWhole(bytes, name)
        try Self.expectPartial(bytes, name, seeds: 1...3)
    }

    @Test func seedPayload() throws {
        let bytes = try FixturePaths.bytes(Self.seed)
        try Self.expectWhole(bytes, "seed")
        try Self.expectPartial(bytes, "seed", seeds: 1...40)
    }

    @Test(arguments: FixtureGenerator.Variety.allCases)
    func generatedPayloads(_ variety: FixtureGenerator.Variety) throws {
        for seed in UInt64(1)...8 {
            var generator = FixtureGenerator(seed: seed, variety: variety)
            let bytes = generator.conversation(messageCount: 30, pretty: seed % 2 == 0)
            try Self.expectWhole(bytes, "\(variety) \(seed)")
            try Self.expectPartial(bytes, "\(variety) \(seed)", seeds: seed...(seed + 3))
        }
    }

    /// A generated export (a JSON array of conversations) through a borrowed document.
    @Test func generatedExportBorrowed() throws {
        var generator = FixtureGenerator(seed: 11)
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        for index in 0..<6 {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            generator.appendConversation(messageCount: 12, pretty: index % 2 == 1, into: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
        let expected = try FoundationTree.foundation(bytes)
        let ours = try JSONDocument.withDocument(over: bytes.span) { document throws(JSONError) in
            try OnDemandTree.build(document)
        }
        #expect(FoundationTree.difference(ours, expected) == nil)
    }

    /// Every single-byte change of the seed: the document accepts exactly what the tokenizer
    /// accepts, rejects with exactly its error, and what it accepts reads as Foundation reads it.
    @Test func mutatedSeedAgreesWithTheTokenizer() throws {
        let seed = try FixturePaths.bytes(Self.seed)
        var random = SplitMix64(seed: 16)
        let replacements: [UInt8] = Array("{}[]:,\"\\ 0-1e.tfnu\t\n".utf8) + [0x00, 0x1F, 0x80, 0xC3, 0xFF]
        for _ in 0..<1500 {
            var bytes = seed
            bytes[random.below(bytes.count)] = random.pick(replacements)
            let expected = OnDemandConformanceTests.tokenizerError(bytes)
            let actual = OnDemandConformanceTests.documentError(bytes)
            #expect(actual == expected, "\(String(describing: actual)) vs \(String(describing: expected))")
            if expected == nil, let difference = try OnDemandTree.differenceFromFoundation(bytes) {
                Issue.record("accepted mutation reads differently: \(difference)")
            }
        }
    }

    /// Nesting far deeper than the call stack could take by recursion: rejected past the limit
    /// with the tokenizer's error; read level by level within it.
    @Test func deepNesting() throws {
        let tooDeep = [UInt8](repeating: UInt8(ascii: "["), count: 200_000)
        #expect(OnDemandConformanceTests.documentError(tooDeep)?.code == .nestingTooDeep)
        let depth = 100_000
        let bytes =
            [UInt8](repeating: UInt8(ascii: "["), count: depth) + Array("7".utf8)
            + [UInt8](repeating: UInt8(ascii: "]"), count: depth)
        let document = try JSONDocument(bytes: bytes, options: .init(maximumDepth: depth))
        var value = try document.root()
        for _ in 0..<depth { value = try #require(try value.array().nextElement()) }
        #expect(try value.int64() == 7)
        // Skipping the whole nest from the top is one pass over the entries, no recursion either.
        let again = try JSONDocument(bytes: bytes + [], options: .init(maximumDepth: depth))
        let outer = try again.root().array()
        _ = try outer.nextElement()
        #expect(try outer.nextElement() == nil)
    }
}
