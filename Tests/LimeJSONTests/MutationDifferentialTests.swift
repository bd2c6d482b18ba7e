import Foundation
import LimeFixtures
import LimeJSON
import LimeTestSupport
import Testing

/// Randomly broken small documents, checked against Foundation's `JSONSerialization`: accepted
/// exactly when it accepts them, and then to exactly the same value (`FoundationTree.difference`:
/// strings byte for byte, integers as `Int64`, other numbers as correctly rounded `Double`s,
/// Booleans only equal to Booleans).
///
/// `DifferentialTests.acceptanceAgreesOnMutatedDocuments`
/// already runs 20,000 mutations of three bases (seed 17) with a comparison that
/// allows a few ulps; this suite runs 20,000 different ones (seed 2026, two more bases, and texts
/// cut short as a fourth kind of mutation) with the exact comparison. Besides trailing commas (as
/// there), numbers beyond `Double`'s range are a known, allowed difference: see
/// ``hasNumberOutOfRange(_:)``.
@Suite struct MutationDifferentialTests {
    /// No surrogate escapes and no `d`/`D` anywhere (none in the inserted bytes either), so no
    /// mutation can make one: Linux `JSONSerialization` rejects lone surrogate escapes, which
    /// LimeJSON decodes to U+FFFD.
    static let bases: [[UInt8]] = [
        #"{"a": [1, -2.5e3, "x\u00e9\n", true, false, null, {"b": {}}], "c": "中😀"}"#,
        #"[0, 1.0, -0, 1e5, "\u00e9x", [[]], {"":""}]"#,
        #"[-0.5e-7, 10E+2, 0.0, 123, "\"\\\/\b\f\n\r\t\u0041", "é€😀"]"#,
        #"{"k\u0065y": [1e-2, 0.5E+1, -12, 3.25], "o": {"n": null, "t": true, "f": false}, "s": "€ ü 😀 \t"}"#,
        #"[[[-1]], {"":[{}]}, "\u0022\u005C", 1.5e+300, -0.0, 7E-3, 9223372036854775807, -9223372036854775808]"#,
    ].map { Array($0.utf8) }

    static let interesting: [UInt8] =
        Array(" \t\n\r\"\\/,:[]{}-+.0123456789eEtrufalsn".utf8)
        + [0x00, 0x01, 0x1F, 0x7F, 0x80, 0xBF, 0xC0, 0xC2, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF]

    @Test func basesHaveNoSurrogateEscapesAndAreValid() throws {
        for base in Self.bases {
            #expect(!base.contains(UInt8(ascii: "d")) && !base.contains(UInt8(ascii: "D")))
            let ours = try FoundationTree.build(base)
            #expect(FoundationTree.difference(ours, try FoundationTree.foundation(base)) == nil)
        }
        #expect(!Self.interesting.contains(UInt8(ascii: "d")) && !Self.interesting.contains(UInt8(ascii: "D")))
    }

    /// Linux `JSONSerialization` accepts a trailing comma (`[1,]`, `{"a":1,}`); LimeJSON follows RFC
    /// 8259 and rejects it. Such texts are not compared.
    static func hasTrailingComma(_ bytes: [UInt8]) -> Bool {
        let significant = bytes.filter { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        return zip(significant, significant.dropFirst()).contains { $0 == 0x2C && ($1 == 0x5D || $1 == 0x7D) }
    }

    /// Whether a rebuilt value holds a number beyond `Double`'s range (`FoundationTree` makes it
    /// infinite). RFC 8259 lets implementations limit the range of numbers: LimeJSON accepts any
    /// number the grammar allows (`i_number_huge_exp.json` and friends) and leaves conversion to the
    /// caller, while `JSONSerialization` rejects such a text. Mutations make many (`1.5e+3500`).
    static func hasNumberOutOfRange(_ value: Any) -> Bool {
        switch value {
        case let object as [String: Any]: object.values.contains { hasNumberOutOfRange($0) }
        case let array as [Any]: array.contains { hasNumberOutOfRange($0) }
        case let number as NSNumber: !FoundationTree.isBool(number) && !number.doubleValue.isFinite
        default: false
        }
    }

    @Test func outOfRangeNumbersAreTheOnlyKnownAcceptanceDifference() throws {
        let huge = Array("[1, 1.5e+3500]".utf8)
        #expect(Self.hasNumberOutOfRange(try FoundationTree.build(huge)))
        #expect((try? FoundationTree.foundation(huge)) == nil)
        #expect(!Self.hasNumberOutOfRange(try FoundationTree.build(Array("[1, 1.5e+300, {\"a\": [1e-400]}]".utf8))))
    }

    @Test func acceptanceAndValuesAgreeOnMutatedDocuments() throws {
        var random = SplitMix64(seed: 2026)
        var (compared, rejected, outOfRange) = (0, 0, 0)
        for _ in 0..<20_000 {
            var bytes = random.pick(Self.bases)
            for _ in 0..<(1 + random.below(3)) {
                guard !bytes.isEmpty else { break }
                let at = random.below(bytes.count)
                switch random.below(10) {
                case 0...2: bytes[at] = random.pick(Self.interesting)
                case 3...5: bytes.remove(at: at)
                case 6...8: bytes.insert(random.pick(Self.interesting), at: at)
                default: bytes.removeSubrange(at...)
                }
            }
            guard !Self.hasTrailingComma(bytes) else { continue }
            compared += 1
            let ours = try? FoundationTree.build(bytes)
            let theirs = try? FoundationTree.foundation(bytes)
            if let ours, theirs == nil, Self.hasNumberOutOfRange(ours) {
                outOfRange += 1
                continue
            }
            if (ours == nil) != (theirs == nil) {
                let text = String(decoding: bytes, as: UTF8.self).debugDescription
                Issue.record("\(text) \(bytes): accepted by \(ours == nil ? "Foundation" : "LimeJSON") only")
            }
            if let ours, let theirs, let difference = FoundationTree.difference(ours, theirs) {
                Issue.record("\(String(decoding: bytes, as: UTF8.self).debugDescription): \(difference)")
            }
            if ours == nil { rejected += 1 }
        }
        #expect(compared > 15_000)
        #expect(rejected > compared / 2)
        #expect(compared - rejected - outOfRange > 1_000, "too few accepted documents to compare values")
        #expect(outOfRange < compared / 100)
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
    ])
    func comparisonNoticesDifferences(_ pair: (String, String)) throws {
        let ours = try FoundationTree.build(Array(pair.0.utf8))
        #expect(FoundationTree.difference(ours, try FoundationTree.foundation(Array(pair.1.utf8))) != nil)
        #expect(FoundationTree.difference(ours, try FoundationTree.foundation(Array(pair.0.utf8))) == nil)
    }
}
