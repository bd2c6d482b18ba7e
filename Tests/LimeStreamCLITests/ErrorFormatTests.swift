import Foundation
import Testing

/// One error format from every command, `FILE:LINE:COLUMN: error: MESSAGE (byte N, conversation
/// K)`, and the rules for empty input and input that is clearly not JSON text (issue #20).
@Suite(.enabled(if: CLI.binary != nil, "build limestream first: swift build"))
struct ErrorFormatTests {
    static let dryRun = ["send", "--dry-run", "--url", "https://lime.example.com/app"]

    /// The same broken NDJSON through every command that reads exports: the same line, from a file
    /// and from stdin.
    @Test(arguments: [["extract"], ["convert"], dryRun])
    func everyCommandWritesTheSameFormat(_ command: [String]) throws {
        let bytes = Array("{\"id\":1}\n{\"id\" 2}\n[3]\n".utf8)
        let path = try CLI.temporaryFile(bytes, suffix: ".ndjson")
        let expected = [
            "\(path):2:7: error: expected ':' after object key, found '2' (byte 15, conversation 2)",
            "\(path):3:1: error: expected an object, found an array (byte 18, conversation 3)",
        ]
        let fromFile = try CLI.run(command + [path])
        #expect(fromFile.status == 3)
        #expect(
            fromFile.stderr.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("limestream: send:") }
                == expected)
        let fromStdin = try CLI.run(command + ["-"], stdin: bytes)
        #expect(
            fromStdin.stderr.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("limestream: send:") }
                == expected.map { $0.replacingOccurrences(of: path, with: "<stdin>") })
    }

    @Test func validateWritesTheSameFormat() throws {
        let path = try CLI.temporaryFile(Array("{\"id\":1}\n{\"id\" 2}\n[3]\n\"a\u{0A}b\"\n{}".utf8), suffix: ".ndjson")
        let single = try CLI.run(["validate", path])
        #expect(single.status == 1)
        #expect(single.stderr == "\(path):2:1: error: unexpected '{' after the top-level value (byte 9)\n")
        let sequence = try CLI.run(["validate", "--sequence", path])
        #expect(sequence.status == 1)
        #expect(sequence.stdout.isEmpty)
        #expect(
            sequence.stderr == """
                \(path):2:7: error: expected ':' after object key, found '2' (byte 15, text 2)
                \(path):4:3: error: a line feed in a string; control characters must be escaped (\\n, \\t, \\u0000 to \\u001F) (byte 24, text 4)

                """)
        let good = try CLI.run(
            ["validate", "-s", "-"], stdin: Array("{\"a\":1}\n[1,\n 2]  \"x\" 3\n\n{\"b\":\n{}}".utf8))
        #expect(good.status == 0 && good.stdout == "<stdin>: ok\n" && good.stderr.isEmpty)
        // A long text across many chunks, and errors after it: positions stay the file's.
        let long = "{\"t\":\"" + String(repeating: "é", count: 1_500_000) + "\"}\n"
        let big = try CLI.run(["validate", "-s", "-"], stdin: Array((long + long + "{\"a\" 1}\n" + long).utf8))
        #expect(
            big.stderr
                == "<stdin>:3:6: error: expected ':' after object key, found '1' (byte \(2 * long.utf8.count + 5), text 3)\n"
        )
    }

    /// Empty input, and whitespace only: one rule for every command, exit 1.
    @Test(arguments: [["validate"], ["validate", "--sequence"], ["extract"], ["convert"], dryRun])
    func emptyInputIsAnError(_ command: [String]) throws {
        let empty = try CLI.temporaryFile([])
        let result = try CLI.run(command + [empty])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(
            result.stderr.hasPrefix("\(empty):1:1: error: expected a JSON value, input is empty (byte 0)\n"),
            "\(result.stderr)")
        let blank = try CLI.run(command + ["-"], stdin: Array("  \n\n ".utf8))
        #expect(blank.status == 1)
        #expect(
            blank.stderr.hasPrefix("<stdin>:3:2: error: unexpected end of input, expected a value (byte 5)\n"),
            "\(blank.stderr)")
        // An export without conversations is not empty input.
        if command[0] != "validate" { #expect(try CLI.run(command + ["-"], stdin: Array("[]".utf8)).status == 0) }
    }

    /// Input that is clearly not JSON text: one fatal error that says what it looks like.
    @Test(arguments: [["validate"], ["validate", "--sequence"], ["extract"], ["convert"], dryRun])
    func notJSONIsNamed(_ command: [String]) throws {
        let gzip = try CLI.temporaryFile([0x1F, 0x8B, 0x08, 0x00] + Array(repeating: 0x41, count: 5000), suffix: ".gz")
        let zipped = try CLI.run(command + [gzip])
        #expect(zipped.status == 1)
        #expect(zipped.stdout.isEmpty)
        #expect(
            zipped.stderr.hasPrefix(
                "\(gzip):1:1: error: gzip-compressed data, not JSON text (decompress it first: gunzip -c) (byte 0)\n"),
            "\(zipped.stderr)")
        #expect(!zipped.stderr.contains("conversation"))
        let binary = try CLI.run(command + ["/bin/ls"])
        #expect(binary.status == 1)
        #expect(
            binary.stderr.hasPrefix("/bin/ls:1:1: error: an ELF executable, not JSON text (byte 0)\n"),
            "\(binary.stderr)")
        let nul = try CLI.run(command + ["-"], stdin: Array("{\"id\":1}\n{\"a\":".utf8) + [0, 0, 0])
        #expect(nul.status == 1)
        #expect(
            nul.stderr.contains("<stdin>:2:6: error: binary data (a NUL byte), not JSON text (byte 14)\n"),
            "\(nul.stderr)")
        let utf16 = try CLI.run(command + ["-"], stdin: [0xFF, 0xFE] + Array("{}".utf16).flatMap { [UInt8($0), 0] })
        #expect(utf16.status == 1)
        #expect(utf16.stderr.hasPrefix("<stdin>:1:1: error: UTF-16 text, not UTF-8"))
    }
}
