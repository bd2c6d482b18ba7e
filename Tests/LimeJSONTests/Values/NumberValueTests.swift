import LimeJSON
import Testing

/// Numbers read on request: `int64(_:)` and `double(_:)` at the edges of their ranges, at the top
/// level and inside arrays, the integer flag, correctly rounded doubles; and the inline integer
/// path (plain integers with room after them) against the full one (numbers at the very end).
@Suite struct NumberValueTests {
    @Test func integers() throws {
        let cases: [(String, Int64?)] = [
            ("0", 0), ("-0", 0), ("42", 42), ("-42", -42), ("9223372036854775807", .max),
            ("-9223372036854775808", .min), ("9223372036854775808", nil), ("-9223372036854775809", nil),
            ("1.0", nil), ("1e3", nil),
        ]
        for (text, expected) in cases {
            let value = try withFirstToken(in: text) { tokenizer, token in tokenizer.int64(token) }
            #expect(value == expected, "\(text)")
            let isInteger = try withFirstToken(in: text) { _, token in token.flags.contains(.isInteger) }
            #expect(isInteger == !(text.contains(".") || text.contains("e")), "\(text)")
        }
    }

    @Test func doubles() throws {
        let cases: [(String, Double?)] = [
            ("1.5", 1.5), ("-0.0", -0.0), ("1e3", 1000), ("1E-3", 0.001),
            ("123456789012345678901234567890", 1.2345678901234568e29),
            ("1e400", nil), ("-1e400", nil), ("1e-400", 0),
        ]
        for (text, expected) in cases {
            let value = try withFirstToken(in: text) { tokenizer, token in tokenizer.double(token) }
            #expect(value == expected, "\(text)")
        }
    }

    @Test(
        arguments: [
            ("0", 0), ("-0", 0), ("7", 7), ("-7", -7), ("1234567890123", 1_234_567_890_123),
            ("9223372036854775807", Int64.max), ("-9223372036854775808", Int64.min),
            ("9223372036854775808", nil), ("-9223372036854775809", nil), ("18446744073709551616", nil),
            ("99999999999999999999999", nil), ("1.0", nil), ("-0.5", nil), ("1e2", nil), ("1E+2", nil), ("10e-1", nil),
        ] as [(String, Int64?)])
    func int64(_ text: String, _ expected: Int64?) throws {
        let (value, flags) = try withFirstToken(.number, in: "[\(text)]") { ($0.int64($1), $1.flags) }
        #expect(value == expected)
        #expect(flags.contains(.isInteger) == !(text.contains(".") || text.lowercased().contains("e")))
        #expect(Array(text.utf8).withUnsafeBufferPointer { JSONNumber.int64($0) } == expected)
    }

    @Test(
        arguments: [
            ("0", 0), ("1.5", 1.5), ("0.1", 0.1), ("1e2", 100), ("1E-2", 0.01), ("-2.5e+3", -2500), ("10e-1", 1),
            ("9007199254740993", 9_007_199_254_740_992), ("-65.613616999999977", -65.61361699999998),
            ("123456789012345678901234567890", 1.2345678901234568e29),
            ("2.2250738585072014e-308", 2.2250738585072014e-308),
            ("4.9e-324", .leastNonzeroMagnitude), ("1.7976931348623157e308", 1.7976931348623157e308), ("1e-400", 0),
            ("1e400", nil), ("-1e400", nil), ("1.8e308", nil),
        ] as [(String, Double?)])
    func double(_ text: String, _ expected: Double?) throws {
        let value = try withFirstToken(.number, in: "[\(text)]") { $0.double($1) }
        #expect(value == expected)
    }

    @Test func negativeZeroKeepsItsSign() throws {
        let value = try withFirstToken(.number, in: "-0.0") { $0.double($1) }
        #expect(value?.sign == .minus)
        #expect(value == 0)
    }

    /// The exact double of a long decimal, checked against Python's correctly rounded `float()`.
    @Test func doublesAreCorrectlyRounded() throws {
        let value = try JSONTokenizer.withTokenizer(over: Array("-65.613616999999977".utf8)) {
            (tokenizer: inout JSONTokenizer) throws(JSONError) in tokenizer.double(try tokenizer.next())
        }
        #expect(value?.bitPattern == 13_857_689_601_620_889_920)
    }

    // MARK: - The inline integer path

    static func trace(_ text: String) -> String {
        var kinds: [String] = []
        do {
            try JSONTokenizer.withTokenizer(over: Array(text.utf8)) {
                (tokenizer: inout JSONTokenizer) throws(JSONError) in
                while true {
                    let token = try tokenizer.next()
                    if token.kind == .endOfInput { break }
                    if token.kind == .number {
                        kinds.append(
                            "number \(token.start)..<\(token.end) integer: \(token.flags.contains(.isInteger))")
                    }
                }
            }
        } catch {
            kinds.append("\(error.code) at \(error.offset): \(error.message)")
        }
        return kinds.joined(separator: "; ")
    }

    /// Plain integers are found inline with a 16-byte test; every other number goes the full way.
    /// Numbers with room after them (the inline test's case) give the same tokens and errors as the
    /// same numbers at the very end of the input (where only the full way can read them).
    @Test func sameTokensWithAndWithoutRoomAfter() {
        let numbers = [
            "0", "7", "10", "123456789", "123456789012345", "1234567890123456", "12345678901234567", "-1", "-0",
            "0.5", "1.25", "12e3", "12E+3", "1e-2", "00", "01", "0123456789", "-", "-a", "1.", "1e", "1e+", "12.x",
            "9007199254740993", "1x", "3 ",
        ]
        for number in numbers {
            // Room after: the number, then more than sixteen bytes.
            let roomy = Self.trace("[\(number)" + ",1,2,3,4,5,6,7,8,9]")
            let tight = Self.trace("[\(number),1]")
            let firstRoomy = roomy.split(separator: ";").first.map(String.init) ?? ""
            let firstTight = tight.split(separator: ";").first.map(String.init) ?? ""
            #expect(firstRoomy == firstTight, "\(number): \(roomy) / \(tight)")
        }
    }
}
