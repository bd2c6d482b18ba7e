import Foundation
import LimeFixtures
import LimeJSON
import LimeTestSupport
import Testing

// Small helpers several LimeJSON suites share (the chunk driver itself, `TokenTrace`, is in
// LimeTestSupport, shared with Fuzz/).

extension SplitMix64 {
    /// One element of a non-empty collection (uses one `below(_:)` draw).
    mutating func pick<C: Collection>(_ items: C) -> C.Element where C.Index == Int {
        items[items.startIndex + below(items.count)]
    }
}

extension TokenTrace {
    /// The streaming run in seeded random chunks: mostly small, some empty, some up to 4 KB; fed
    /// through `feed(_: [UInt8])` for even seeds and `feed(unsafeBytes:)` for odd ones.
    static func streamed(
        _ bytes: [UInt8], options: JSONTokenizer.Options = .init(), keepsTokens: Bool = true, randomSeed seed: UInt64,
        skipsValue: ((Int) -> Bool)? = nil
    ) -> TokenTrace {
        var random = SplitMix64(seed: seed)
        return streamed(
            bytes, options: options, feedsArrays: seed % 2 == 0, keepsTokens: keepsTokens, skipsValue: skipsValue
        ) {
            switch random.below(8) {
            case 0: 0
            case 1...4: 1 + random.below(8)
            case 5, 6: 1 + random.below(64)
            default: 1 + random.below(4096)
            }
        }
    }

    /// The streaming run in seeded random chunks of 1 to `maximum` bytes, evenly drawn, fed as
    /// copies.
    static func streamed(
        _ bytes: [UInt8], skipsValue: ((Int) -> Bool)? = nil, randomSizesUpTo maximum: Int, seed: UInt64
    ) -> TokenTrace {
        var random = SplitMix64(seed: seed)
        return streamed(bytes, feedsArrays: true, skipsValue: skipsValue) { 1 + random.below(maximum) }
    }

    /// The error reading every token of `bytes` in one buffer stops at (nil: none), without
    /// recording the tokens.
    static func error(_ bytes: [UInt8], options: JSONTokenizer.Options = .init()) -> JSONError? {
        whole(bytes, options: options, keepsTokens: false).error
    }
}

/// The documents several suites read: the seed payload, the benchmark documents (nil when
/// `../shared/bench-data` is absent) and JSONTestSuite's test_parsing files.
enum TestDocuments {
    static let seed: [UInt8] = (try? FixturePaths.bytes(FixturePaths.seedConversation)) ?? []
    static let twitter: [UInt8]? = FixturePaths.benchDocument("twitter.json")
    static let citm: [UInt8]? = FixturePaths.benchDocument("citm_catalog.json")
    static var hasTwitter: Bool { FixturePaths.hasBenchDocument("twitter.json") }
    static var hasCITM: Bool { FixturePaths.hasBenchDocument("citm_catalog.json") }

    static let conformanceDirectory = FixturePaths.fixture("JSONTestSuite/test_parsing")
    /// Every file name in test_parsing, sorted.
    static let conformanceNames: [String] =
        ((try? FileManager.default.contentsOfDirectory(atPath: conformanceDirectory.path)) ?? []).sorted()

    /// One test_parsing file's bytes.
    static func conformanceFile(_ name: String) throws -> [UInt8] {
        try FixturePaths.bytes(conformanceDirectory.appendingPathComponent(name))
    }
}

/// Checks one streamed run against the whole-buffer trace.
func expectSameTrace(
    _ streamed: TokenTrace, _ reference: TokenTrace, _ what: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    let difference = streamed.difference(from: reference)
    #expect(difference == nil, "\(what)", sourceLocation: sourceLocation)
}

/// A valid document's reference ends in `.endOfInput` with no error; guards against comparing
/// two equally wrong runs.
func expectValidTrace(_ reference: TokenTrace, minimumTokens: Int, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(reference.error == nil, sourceLocation: sourceLocation)
    #expect(reference.anomaly == nil, sourceLocation: sourceLocation)
    #expect(reference.tokens.last?.kind == .endOfInput, sourceLocation: sourceLocation)
    #expect(reference.tokens.count >= minimumTokens, sourceLocation: sourceLocation)
}

/// Runs `body` on the first token of `json` (the first of `kind`, when given), inside the tokenizer
/// that made it.
func withFirstToken<T>(
    _ kind: JSONToken.Kind? = nil, in json: String, _ body: (JSONTokenizer, JSONToken) -> T
) throws -> T {
    try JSONTokenizer.withTokenizer(over: Array(json.utf8)) { (tokenizer: inout JSONTokenizer) throws -> T in
        while true {
            let token = try tokenizer.next()
            if kind == nil || token.kind == kind { return body(tokenizer, token) }
            try #require(token.kind != .endOfInput, "no \(String(describing: kind)) in \(json)")
        }
    }
}
