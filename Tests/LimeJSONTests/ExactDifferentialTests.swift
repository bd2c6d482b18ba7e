import Foundation
import LimeJSON
import LimeTestSupport
import Testing

/// Whole documents rebuilt from LimeJSON's tokens equal `JSONSerialization`'s parse exactly
/// (`FoundationTree.difference`: strings byte for byte, integers as `Int64`, other numbers as
/// correctly rounded `Double`s, Booleans only equal to Booleans), where `DifferentialTests`
/// allows doubles a few ulps apart. Adds simdjson's twitter.json (64-bit ids beyond 2^53), a
/// generated transcript with every escape and surrogate pairs, and every `y_` file of JSONTestSuite.
@Suite struct ExactDifferentialTests {
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
            try FixturePaths.bytes(FixturePaths.fixtures.appendingPathComponent("seed-conversation.json")), "seed")
    }

    @Test func generatedTranscript() throws {
        try Self.compare(TranscriptDocument.standard, "transcript")
    }

    static let suiteDirectory = FixturePaths.fixtures.appendingPathComponent("JSONTestSuite/test_parsing")

    /// Every accepted JSONTestSuite file.
    @Test(
        arguments: ((try? FileManager.default.contentsOfDirectory(atPath: suiteDirectory.path)) ?? [])
            .filter { $0.hasPrefix("y_") }.sorted())
    func acceptedTestSuiteFile(_ name: String) throws {
        try Self.compare(try FixturePaths.bytes(Self.suiteDirectory.appendingPathComponent(name)), name)
    }
}
