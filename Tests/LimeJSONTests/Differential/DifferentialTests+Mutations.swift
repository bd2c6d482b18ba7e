import Foundation
import LimeFixtures
import LimeJSON
import Testing

// Randomly broken small documents, checked against Foundation's `JSONSerialization`: accepted
// exactly when it accepts them, and then to exactly the same value. Two runs of 20,000 mutations:
// seed 17 over the first three bases (bytes replaced, dropped or inserted), seed 2026 over all five
// (texts cut short as well). Besides trailing commas, numbers beyond `Double`'s range are a known,
// allowed difference: see ``hasNumberOutOfRange(_:)``.

extension DifferentialTests {
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

    /// One run of mutations: its seed, how many of the bases it starts from, and whether it also
    /// cuts texts short.
    struct MutationRun: Sendable, CustomTestStringConvertible {
        var seed: UInt64
        var baseCount: Int
        var cutsShort: Bool
        var testDescription: String { "seed \(seed), \(baseCount) bases\(cutsShort ? ", cut short" : "")" }
    }

    @Test(arguments: [
        MutationRun(seed: 17, baseCount: 3, cutsShort: false), MutationRun(seed: 2026, baseCount: 5, cutsShort: true),
    ])
    func acceptanceAndValuesAgreeOnMutatedDocuments(_ run: MutationRun) throws {
        var random = SplitMix64(seed: run.seed)
        var (compared, rejected, outOfRange) = (0, 0, 0)
        for _ in 0..<20_000 {
            var bytes = random.pick(Self.bases.prefix(run.baseCount))
            for _ in 0..<(1 + random.below(3)) {
                guard !bytes.isEmpty else { break }
                let at = random.below(bytes.count)
                switch random.below(run.cutsShort ? 10 : 9) {
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
}
