import Foundation
import LimeFixtures
import LimeJSON
import Testing

/// Values rebuilt from LimeJSON's tokens equal JSONSerialization's, on the benchmark documents,
/// the seed payload and generated payloads.
@Suite struct DifferentialTests {
    /// Rebuilds a Foundation value from tokens, with an explicit stack (no recursion).
    static func rebuild(_ bytes: [UInt8]) throws -> Any {
        try JSONTokenizer.withTokenizer(over: bytes) { (tokenizer: inout JSONTokenizer) throws(JSONError) -> Any in
            final class Box {
                var array: [Any]?
                var object: [String: Any]?
                var key: String?
                init(array: [Any]? = nil, object: [String: Any]? = nil) {
                    self.array = array
                    self.object = object
                }
            }
            var stack: [Box] = []
            var result: Any?
            func add(_ value: Any) {
                guard let top = stack.last else {
                    result = value
                    return
                }
                if top.array != nil {
                    top.array!.append(value)
                } else {
                    top.object![top.key!] = value  // the later duplicate wins, as in JSONSerialization
                }
            }
            while true {
                let token = try tokenizer.next()
                switch token.kind {
                case .endOfInput: return result!
                case .objectStart: stack.append(Box(object: [:]))
                case .arrayStart: stack.append(Box(array: []))
                case .objectEnd: add(stack.removeLast().object! as NSDictionary)
                case .arrayEnd: add(stack.removeLast().array! as NSArray)
                case .key: stack.last!.key = tokenizer.string(token)
                case .string: add(tokenizer.string(token) as NSString)
                case .number:
                    if token.flags.contains(.isInteger), let integer = tokenizer.int64(token) {
                        add(NSNumber(value: integer))
                    } else {
                        add(NSNumber(value: tokenizer.double(token)!))
                    }
                case .true: add(NSNumber(value: true))
                case .false: add(NSNumber(value: false))
                case .null: add(NSNull())
                case .needMoreInput: fatalError("whole input")
                }
            }
        }
    }

    /// Compares Foundation values; numbers by value (as Double when either is not an integer).
    ///
    /// Doubles may differ by a few units in the last place: on Linux, JSONSerialization rounds
    /// some long decimals up to five ulps off (62,860 of canada.json's 111,126 numbers), while
    /// LimeJSON's `double(_:)` is correctly rounded (checked against Python's `float()` for the
    /// first of them: -65.613616999999977 is bit pattern 13857689601620889920, as LimeJSON says).
    static func same(_ lhs: Any, _ rhs: Any) -> Bool {
        switch (lhs, rhs) {
        case (let a as NSDictionary, let b as NSDictionary):
            guard a.count == b.count else { return false }
            for (key, value) in a {
                guard let other = b[key], same(value, other) else { return false }
            }
            return true
        case (let a as NSArray, let b as NSArray):
            return a.count == b.count && zip(a, b).allSatisfy { same($0, $1) }
        case (let a as NSNumber, let b as NSNumber):
            if a == b || a.doubleValue == b.doubleValue { return true }
            let (x, y) = (a.doubleValue, b.doubleValue)
            return abs(x - y) <= 8 * max(x.ulp, y.ulp)
        case (let a as NSString, let b as NSString):
            return a == b
        case (is NSNull, is NSNull):
            return true
        default:
            return false
        }
    }

    static func check(_ name: String, _ bytes: [UInt8]) throws {
        let ours = try rebuild(bytes)
        let theirs = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        #expect(same(ours, theirs), "\(name): values differ")
    }

    @Test(arguments: ["twitter.json", "citm_catalog.json", "canada.json"])
    func benchmarkDocuments(_ name: String) throws {
        guard let bytes = FixturePaths.benchDocument(name) else {
            print("skipping \(name): ../shared/bench-data is absent")
            return
        }
        try Self.check(name, bytes)
    }

    @Test func seedPayload() throws {
        try Self.check("seed", FixturePaths.bytes(FixturePaths.fixtures.appendingPathComponent("seed-conversation.json")))
    }

    @Test(arguments: FixtureGenerator.Variety.allCases)
    func generatedPayloads(_ variety: FixtureGenerator.Variety) throws {
        for seed in UInt64(1)...6 {
            var generator = FixtureGenerator(seed: seed, variety: variety)
            try Self.check("\(variety) \(seed)", generator.conversation(messageCount: 40, pretty: seed % 2 == 0))
        }
    }

    /// The comparison itself can tell values apart (so the tests above can fail).
    @Test func comparisonDetectsDifferences() throws {
        let a = try Self.rebuild(Array(#"{"a":[1,"x",null]}"#.utf8))
        let b = try Self.rebuild(Array(#"{"a":[1,"y",null]}"#.utf8))
        #expect(!Self.same(a, b))
        #expect(Self.same(a, a))
        #expect(!Self.same(try Self.rebuild(Array("1.5".utf8)), try Self.rebuild(Array("1.5000001".utf8))))
    }

    /// The exact double of a long decimal, checked against Python's correctly rounded `float()`.
    @Test func doublesAreCorrectlyRounded() throws {
        let value = try JSONTokenizer.withTokenizer(over: Array("-65.613616999999977".utf8)) {
            (tokenizer: inout JSONTokenizer) throws(JSONError) in tokenizer.double(try tokenizer.next())
        }
        #expect(value?.bitPattern == 13_857_689_601_620_889_920)
    }
}
