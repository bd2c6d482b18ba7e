import Foundation
import LimeFixtures
import LimeJSON
import LimeTestSupport
import Testing

/// Values rebuilt from LimeJSON's tokens (`FoundationTree.build`) equal `JSONSerialization`'s parse
/// exactly (`FoundationTree.difference`: strings byte for byte, integers as `Int64`, other numbers
/// as correctly rounded `Double`s, Booleans only equal to Booleans): on the benchmark documents
/// (simdjson's twitter.json too, with 64-bit ids beyond 2^53), the seed payload, generated payloads
/// and transcripts, every `y_` file of JSONTestSuite, edge cases and fragments, and randomly broken
/// documents, which must also be accepted exactly when `JSONSerialization` accepts them
/// (`DifferentialTests+Mutations.swift`).
@Suite struct DifferentialTests {
    static func compare(_ bytes: [UInt8], _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let ours = try FoundationTree.build(bytes)
        let theirs = try FoundationTree.foundation(bytes)
        let difference = FoundationTree.difference(ours, theirs)
        #expect(difference == nil, "\(name)", sourceLocation: sourceLocation)
    }

    @Test(.enabled(if: FixturePaths.hasBenchDocument("twitter.json")))
    func twitter() throws {
        let bytes = try #require(FixturePaths.benchDocument("twitter.json"))
        try Self.compare(bytes, "twitter.json")
        let statuses = try #require(try FoundationTree.build(bytes) as? [String: Any])["statuses"] as? [Any]
        #expect(statuses?.count == 100)
    }

    /// simdjson's twitter.json keeps the 64-bit tweet ids beyond 2^53 exact: compared as `Int64`.
    @Test(.enabled(if: FixturePaths.hasBenchDocument("simdjson-variant/twitter.json")))
    func twitterWithExactIDs() throws {
        try Self.compare(
            try #require(FixturePaths.benchDocument("simdjson-variant/twitter.json")), "simdjson twitter.json")
    }

    @Test(.enabled(if: FixturePaths.hasBenchDocument("citm_catalog.json")))
    func citmCatalog() throws {
        try Self.compare(try #require(FixturePaths.benchDocument("citm_catalog.json")), "citm_catalog.json")
    }

    @Test(.enabled(if: FixturePaths.hasBenchDocument("canada.json")))
    func canada() throws {
        try Self.compare(try #require(FixturePaths.benchDocument("canada.json")), "canada.json")
    }

    @Test func seedConversation() throws {
        try Self.compare(
            TestDocuments.seed, "seed")
    }

    @Test(arguments: FixtureGenerator.Variety.allCases)
    func generatedPayloads(_ variety: FixtureGenerator.Variety) throws {
        for seed in UInt64(1)...6 {
            var generator = FixtureGenerator(seed: seed, variety: variety)
            try Self.compare(generator.conversation(messageCount: 40, pretty: seed % 2 == 0), "\(variety) \(seed)")
        }
    }

    @Test func generatedTranscript() throws {
        try Self.compare(TranscriptDocument.standard, "transcript")
    }

    /// Every accepted JSONTestSuite file.
    @Test(arguments: TestDocuments.conformanceNames.filter { $0.hasPrefix("y_") })
    func acceptedTestSuiteFile(_ name: String) throws {
        try Self.compare(try TestDocuments.conformanceFile(name), name)
    }

    @Test(arguments: [
        #""x\u00e9\ud83d\ude00""#, "12", "-0", "1.5e300", "-9223372036854775808", "9223372036854775807",
        "9223372036854775808", "true", "null", "[]", "{}", #"{"a":1,"a":2}"#, #"[0.1, 1e-320, 123456789012345678901]"#,
    ])
    func fragmentsAndEdges(_ text: String) throws {
        let bytes = Array(text.utf8)
        #expect(FoundationTree.difference(try FoundationTree.build(bytes), try FoundationTree.foundation(bytes)) == nil)
    }

    /// The comparison itself notices each kind of difference (so that the tests above can fail).
    @Test(arguments: [
        ("[1.5]", "[1.25]"), ("[true]", "[1]"), ("[false]", "[0]"), ("[null]", "[0]"),
        (#"["\u00e9"]"#, #"["e\u0301"]"#),
        (#"{"a":1}"#, #"{"b":1}"#), ("[9007199254740993]", "[9007199254740992]"), ("[[]]", "[{}]"), ("[1,2]", "[1]"),
        (#"{"a":{"b":[1,"x"]}}"#, #"{"a":{"b":[1,"y"]}}"#), ("[0.1]", "[0.10000000000000002]"),
        (#"{"a":[1,"x",null]}"#, #"{"a":[1,"y",null]}"#), ("1.5", "1.5000001"),
    ])
    func comparisonNoticesDifferences(_ pair: (String, String)) throws {
        let ours = try FoundationTree.build(Array(pair.0.utf8))
        #expect(FoundationTree.difference(ours, try FoundationTree.foundation(Array(pair.1.utf8))) != nil)
        #expect(FoundationTree.difference(ours, try FoundationTree.foundation(Array(pair.0.utf8))) == nil)
    }
}
