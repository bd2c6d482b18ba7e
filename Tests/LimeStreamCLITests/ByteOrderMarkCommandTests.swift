import Foundation
import LimeTestSupport
import Testing

/// A UTF-8 byte order mark at the start of each input (issue #14, Windows exports): `extract`,
/// `convert` and `send` skip it silently, in every file of a run; `validate` rejects it unless
/// `--allow-bom`. Anywhere else it is an error as before.
@Suite(.enabled(if: CLI.binary != nil, "build limestream first: swift build"))
struct ByteOrderMarkCommandTests {
    static let mark: [UInt8] = [0xEF, 0xBB, 0xBF]
    static let seed = Array(try! Data(contentsOf: FixturePaths.seedConversation))

    @Test(arguments: [["extract"], ["extract", "--jobs", "1"], ["convert"], ["convert", "--jobs", "1"]])
    func aPayloadWithAMarkIsReadAsWithout(_ command: [String]) throws {
        let plain = try CLI.run(command + [try CLI.temporaryFile(Self.seed)])
        #expect(plain.status == 0 && !plain.stdout.isEmpty)
        let marked = try CLI.run(command + [try CLI.temporaryFile(Self.mark + Self.seed)])
        #expect(marked.status == 0)
        #expect(marked.stderr == "")
        #expect(marked.stdout == plain.stdout)
        let fromStdin = try CLI.run(command + ["-"], stdin: Self.mark + Self.seed)
        #expect(fromStdin.status == 0 && fromStdin.stderr == "")
        #expect(fromStdin.stdout == plain.stdout)
    }

    /// Before, a mark turned an array into a sequence with three false reports.
    @Test func anArrayAndNDJSONWithAMark() throws {
        let array = try CLI.run(["extract", "-"], stdin: Self.mark + Array("[{\"id\":1},\n{\"id\":2}]".utf8))
        #expect(array.status == 0)
        #expect(array.stderr == "")
        #expect(array.stdout == (try CLI.run(["extract", "-"], stdin: Array("[{\"id\":1},\n{\"id\":2}]".utf8))).stdout)
        #expect(array.stdout.split(separator: "\n").count == 2)
        let ndjson = try CLI.run(["extract", "-"], stdin: Self.mark + Array("{\"id\":1}\n{\"id\":2}\n".utf8))
        #expect(ndjson.status == 0 && ndjson.stderr == "")
        #expect(ndjson.stdout == array.stdout)
    }

    /// Each file of a run may start with a mark; positions in a later file's messages are that
    /// file's own, counting its mark's bytes but not as a column.
    @Test func aMarkInTheSecondOfTwoFiles() throws {
        let first = try CLI.temporaryFile(Array("{\"id\":1}\n".utf8))
        let second = try CLI.temporaryFile(Self.mark + Array("{\"id\":2}\n{\"id\" 3}\n".utf8))
        let result = try CLI.run(["extract", first, second])
        #expect(result.status == 3)
        #expect(result.stdout.split(separator: "\n").map { $0.prefix(8) } == [#"{"id":1,"#, #"{"id":2,"#])
        #expect(
            result.stderr
                == "\(second):2:7: error: expected ':' after object key, found '3' (byte 18, conversation 3)\n")
        let both = try CLI.run(["extract", try CLI.temporaryFile(Self.mark + Array("{\"id\":1}\n".utf8)), second])
        #expect(both.stdout == result.stdout)
    }

    /// A mark that is not at the start of its file is an error: reported, and the rest goes through.
    @Test(arguments: ["1", "2"])
    func aMarkInTheMiddleOfNDJSON(_ jobs: String) throws {
        let input = Self.mark + Array("{\"id\":1}\n\u{FEFF}{\"id\":2}\n{\"id\":3}\n".utf8)
        let result = try CLI.run(["extract", "--jobs", jobs, "-"], stdin: input)
        #expect(result.status == 3)
        #expect(result.stdout.split(separator: "\n").map { $0.prefix(8) } == [#"{"id":1,"#, #"{"id":3,"#])
        #expect(result.stderr == "<stdin>:2:1: error: expected a value, found byte 0xEF (byte 12, conversation 2)\n")
    }

    /// Many pieces (an input of several megabytes, cut about every MiB), broken lines among them:
    /// `--jobs 2` writes and reports exactly what `--jobs 1` does.
    @Test func jobsGiveTheSameBytes() throws {
        var text = ""
        var index = 0
        var firstError = 0
        while text.utf8.count < 3 << 20 {
            if index == 7 { firstError = Self.mark.count + text.utf8.count + 17 }  // the '}' after "tru"
            text +=
                index % 401 == 7
                ? "{\"id\":\(index), \"x\": tru}\n"
                : "{\"id\":\(index),\"subject\":\"Grüße \(index) \(String(repeating: "z", count: 200))\"}\n"
            index += 1
        }
        let path = try CLI.temporaryFile(Self.mark + Array(text.utf8), suffix: ".ndjson")
        let one = try CLI.run(["extract", "--jobs", "1", path])
        #expect(one.status == 3)
        #expect(
            one.stderr.hasPrefix(
                "\(path):8:18: error: invalid literal, expected 'true', found '}' (byte \(firstError), conversation 8)\n"
            ))
        let two = try CLI.run(["extract", "--jobs", "2", path])
        #expect(two.stdout == one.stdout)
        #expect(two.stderr == one.stderr)
        #expect(two.status == one.status)
        let plain = try CLI.run(["extract", "--jobs", "2", try CLI.temporaryFile(Array(text.utf8), suffix: ".ndjson")])
        #expect(plain.stdout == one.stdout)
    }

    @Test func sendDryRunSkipsTheMark() throws {
        let text = Array("{\"id\":7,\"contact\":{\"email\":\"c@example.com\"},\"transcript\":[]}\n".utf8)
        let arguments = ["--url", "https://lime.example.com/app", "--dry-run"]
        let plain = try CLI.run(["send", try CLI.temporaryFile(text)] + arguments)
        #expect(plain.status == 0 && plain.stdout.contains("userlikeconversationid=7"))
        let marked = try CLI.run(["send", try CLI.temporaryFile(Self.mark + text)] + arguments)
        #expect(marked.status == 0)
        #expect(marked.stderr == "")
        #expect(marked.stdout == plain.stdout)
    }

    /// `validate` is strict (RFC 8259): a mark is an error, unless `--allow-bom` skips one at the
    /// start of each input. Offsets count the mark, columns do not.
    @Test func validateRejectsTheMarkUnlessAllowed() throws {
        let path = try CLI.temporaryFile(Self.mark + Self.seed)
        let strict = try CLI.run(["validate", path])
        #expect(strict.status == 1)
        #expect(strict.stdout == "")
        #expect(strict.stderr == "\(path):1:1: error: a byte order mark is not allowed in JSON text (byte 0)\n")
        let plain = try CLI.temporaryFile(Self.seed)
        let allowed = try CLI.run(["validate", "--allow-bom", path, plain])
        #expect(allowed.status == 0)
        #expect(allowed.stderr == "")
        #expect(allowed.stdout == "\(path): ok\n\(plain): ok\n")
        let stdin = try CLI.run(["validate", "-", "--allow-bom"], stdin: Self.mark + Array("[true]".utf8))
        #expect(stdin.status == 0 && stdin.stdout == "<stdin>: ok\n")
    }

    @Test(
        arguments: [
            (mark + Array("{\"a\" 1}".utf8), "1:6: error: expected ':' after object key, found '1' (byte 8)"),
            // The tokenizer, fed from the second mark on, names it (at the file's offset).
            (mark + mark + Array("{}".utf8), "1:1: error: a byte order mark is not allowed in JSON text (byte 3)"),
            (mark + Array("{}\n\u{FEFF}".utf8), "2:1: error: unexpected byte 0xEF after the top-level value (byte 6)"),
            (mark, "1:1: error: expected a JSON value, input is empty (byte 3)"),
            ([0xEF, 0xBB], "1:1: error: expected a value, found byte 0xEF (byte 0)"),
            ([0xEF] + Array("{}".utf8), "1:1: error: expected a value, found byte 0xEF (byte 0)"),
        ] as [([UInt8], String)])
    func validateWithAllowBOMStillReportsErrors(_ bytes: [UInt8], _ message: String) throws {
        let result = try CLI.run(["validate", "--allow-bom", "-"], stdin: bytes)
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderr == "<stdin>:\(message)\n")
    }

    @Test func validateUsage() throws {
        let result = try CLI.run(["validate", "--allow-bom"])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("limestream: validate needs at least one FILE, or - for standard input\n"))
        #expect(
            result.stderr.contains(
                "usage: limestream validate [--allow-bom] [--sequence] [--progress | --quiet] FILE... | -\n"))
    }
}
