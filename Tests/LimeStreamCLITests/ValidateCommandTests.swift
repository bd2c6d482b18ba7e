import Foundation
import LimeTestSupport
import Testing

@Suite(.enabled(if: CLI.binary != nil, "build limestream first: swift build"))
struct ValidateCommandTests {
    @Test func validFiles() throws {
        let seed = FixturePaths.seedConversation.path
        let result = try CLI.run(["validate", seed, seed])
        #expect(result.status == 0)
        #expect(result.stdout == "\(seed): ok\n\(seed): ok\n")
        #expect(result.stderr.isEmpty)
    }

    @Test func anInvalidFileNamesLineColumnAndByte() throws {
        let path = try CLI.temporaryFile(Array("{\n  \"a\": [1, 2,]\n}".utf8))
        let result = try CLI.run(["validate", path])
        #expect(result.status == 1)
        #expect(
            result.stderr == "\(path):2:14: error: expected a value after ',', found ']' (trailing comma) (byte 15)\n")
        #expect(result.stdout.isEmpty)
    }

    @Test func standardInput() throws {
        #expect(try CLI.run(["validate", "-"], stdin: Array("[true]".utf8)).stdout == "<stdin>: ok\n")
        let bad = try CLI.run(["validate", "-"], stdin: [0x22, 0xC0, 0xAF, 0x22])
        #expect(bad.status == 1)
        #expect(bad.stderr == "<stdin>:1:2: error: invalid UTF-8: byte 0xC0 cannot start a character (byte 1)\n")
    }

    @Test func usageAndIOErrors() throws {
        #expect(try CLI.run(["validate"]).status == 2)
        #expect(try CLI.run(["validate", "--bogus", "x"]).status == 2)
        let missing = try CLI.run(["validate", "/nonexistent.json"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("/nonexistent.json: No such file or directory"))
        #expect(try CLI.run(["frobnicate"]).status == 2)
        #expect(try CLI.run([]).status == 2)
    }
}
