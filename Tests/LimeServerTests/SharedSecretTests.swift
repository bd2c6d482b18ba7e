import LimeServer
import Testing

@Suite struct SharedSecretTests {
    @Test func matchesOnlyTheSecretItself() throws {
        let secret = try SharedSecret(" correct-horse-battery-staple \n")
        #expect(secret.matches(Array("correct-horse-battery-staple".utf8)))
        #expect(!secret.matches(Array("correct-horse-battery-stapl".utf8)))
        #expect(!secret.matches(Array("correct-horse-battery-staplee".utf8)))
        #expect(!secret.matches(Array("Correct-horse-battery-staple".utf8)))
        #expect(!secret.matches([]))
        // A candidate longer by a multiple of 256 bytes must not look equal.
        #expect(!secret.matches(Array("correct-horse-battery-staple".utf8) + [UInt8](repeating: 0, count: 256)))
    }

    @Test func neverShown() throws {
        let secret = try SharedSecret("correct-horse-battery-staple")
        #expect("\(secret)" == "<redacted>")
        #expect(String(reflecting: secret) == "<redacted>")
        #expect(!String(describing: Mirror(reflecting: secret).children.map(\.value)).contains("horse"))
    }

    @Test func refusesWeakOrUnsendableSecrets() {
        #expect(throws: SharedSecret.LoadError.self) { try SharedSecret("short") }
        #expect(throws: SharedSecret.LoadError.self) { try SharedSecret("sixteen chars with spaces") }
        #expect(throws: SharedSecret.LoadError.self) { try SharedSecret.load(environment: [:], file: nil) }
        #expect((try? SharedSecret.load(environment: ["LIMESTREAM_SECRET": "0123456789abcdef"], file: nil)) != nil)
    }
}
