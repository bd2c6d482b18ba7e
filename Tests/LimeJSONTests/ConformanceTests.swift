import Foundation
import LimeJSON
import LimeTestSupport
import Testing

/// JSONTestSuite's test_parsing: `y_` accepted, `n_` rejected, `i_` as documented in README.md.
@Suite struct ConformanceTests {
    static let directory = FixturePaths.fixtures.appendingPathComponent("JSONTestSuite/test_parsing")
    static let names: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()

    /// Our documented choice for each implementation-defined case: accepted or rejected.
    static let implementationDefinedAccepted: Set<String> = [
        // Numbers: any grammar-valid number is accepted; conversion is the caller's business.
        "i_number_double_huge_neg_exp.json", "i_number_huge_exp.json", "i_number_neg_int_huge_exp.json",
        "i_number_pos_double_huge_exp.json", "i_number_real_neg_overflow.json", "i_number_real_pos_overflow.json",
        "i_number_real_underflow.json", "i_number_too_big_neg_int.json", "i_number_too_big_pos_int.json",
        "i_number_very_big_negative_int.json",
        // Lone or mismatched surrogate escapes are grammar-valid; decoding turns them into U+FFFD.
        "i_object_key_lone_2nd_surrogate.json", "i_string_1st_surrogate_but_2nd_missing.json",
        "i_string_1st_valid_surrogate_2nd_invalid.json", "i_string_incomplete_surrogate_and_escape_valid.json",
        "i_string_incomplete_surrogate_pair.json", "i_string_incomplete_surrogates_escape_valid.json",
        "i_string_invalid_lonely_surrogate.json", "i_string_invalid_surrogate.json",
        "i_string_inverted_surrogates_U+1D11E.json", "i_string_lone_second_surrogate.json",
        // 500 levels is within the default limit of 1024.
        "i_structure_500_nested_arrays.json",
    ]

    @Test func suiteIsPresent() {
        #expect(Self.names.filter { $0.hasPrefix("y_") }.count == 95)
        #expect(Self.names.filter { $0.hasPrefix("n_") }.count == 188)
        #expect(Self.names.filter { $0.hasPrefix("i_") }.count == 35)
    }

    @Test(arguments: names.filter { $0.hasPrefix("y_") })
    func accepts(_ name: String) throws {
        let bytes = try FixturePaths.bytes(Self.directory.appendingPathComponent(name))
        let error = TokenTrace.error(bytes)
        #expect(error == nil, "\(name): \(String(describing: error))")
    }

    @Test(arguments: names.filter { $0.hasPrefix("n_") })
    func rejects(_ name: String) throws {
        let bytes = try FixturePaths.bytes(Self.directory.appendingPathComponent(name))
        #expect(TokenTrace.error(bytes) != nil, "\(name) was accepted")
    }

    @Test(arguments: names.filter { $0.hasPrefix("i_") })
    func implementationDefined(_ name: String) throws {
        let bytes = try FixturePaths.bytes(Self.directory.appendingPathComponent(name))
        let accepted = TokenTrace.error(bytes) == nil
        #expect(accepted == Self.implementationDefinedAccepted.contains(name), "\(name): accepted \(accepted)")
    }
}
