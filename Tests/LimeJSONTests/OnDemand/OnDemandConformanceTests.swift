import Foundation
import LimeJSON
import LimeTestSupport
import Testing

/// JSONTestSuite (its copy in `Fixtures/`) through the On-Demand cursors: every `y_` file's
/// values equal `JSONSerialization`'s, every `n_` file is rejected with exactly the tokenizer's
/// error, every `i_` file is accepted or rejected as the tokenizer does.
@Suite struct OnDemandConformanceTests {
    // The suite's copy in Fixtures/, which every checkout has (../shared is absent on some machines).
    static let directory = TestDocuments.conformanceDirectory
    static let names = TestDocuments.conformanceNames

    static func tokenizerError(_ bytes: [UInt8]) -> JSONError? {
        do {
            try JSONTokenizer.withTokenizer(over: bytes) { (tokenizer: inout JSONTokenizer) throws(JSONError) in
                while try tokenizer.next().kind != .endOfInput {}
            }
            return nil
        } catch {
            return error
        }
    }

    static func documentError(_ bytes: [UInt8]) -> JSONError? {
        do {
            _ = try JSONDocument(bytes: bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func suiteIsPresent() {
        #expect(Self.names.filter { $0.hasPrefix("y_") }.count == 95)
        #expect(Self.names.filter { $0.hasPrefix("n_") }.count == 188)
    }

    @Test(arguments: names.filter { $0.hasPrefix("y_") })
    func acceptedValuesEqualFoundations(_ name: String) throws {
        let bytes = try FixturePaths.bytes(Self.directory.appendingPathComponent(name))
        let difference = try OnDemandTree.differenceFromFoundation(bytes)
        #expect(difference == nil, "\(name): \(difference ?? "")")
    }

    @Test(arguments: names.filter { $0.hasPrefix("n_") })
    func rejectedWithTheTokenizersError(_ name: String) throws {
        let bytes = try FixturePaths.bytes(Self.directory.appendingPathComponent(name))
        let expected = Self.tokenizerError(bytes)
        #expect(expected != nil, "\(name): the tokenizer accepts it")
        #expect(Self.documentError(bytes) == expected, "\(name)")
    }

    @Test(arguments: names.filter { $0.hasPrefix("i_") })
    func implementationDefinedAsTheTokenizer(_ name: String) throws {
        let bytes = try FixturePaths.bytes(Self.directory.appendingPathComponent(name))
        #expect(Self.documentError(bytes) == Self.tokenizerError(bytes), "\(name)")
    }
}
