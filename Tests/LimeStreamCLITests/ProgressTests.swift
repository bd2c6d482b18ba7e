import Foundation
import Testing

/// Progress and the summary on stderr: on a terminal (a pseudo-terminal made by util-linux
/// `script -q`), with `--progress` elsewhere, never with `--quiet` or on a pipe (issue #20).
@Suite(
    .enabled(if: CLI.binary != nil, "build limestream first: swift build"),
    .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs util-linux script"))
struct ProgressTests {
    /// Runs `command` (a shell command line) with a pseudo-terminal as its stdin, stdout and
    /// stderr; returns what the terminal showed and the exit code.
    static func inTerminal(_ command: String) throws -> (status: Int32, screen: String) {
        let output = Pipe()
        let process = try CLI.start(
            ["-q", "-e", "-c", command, "/dev/null"], environment: ["LIMESTREAM_PROGRESS_INTERVAL": "0"],
            stdout: output, executable: URL(fileURLWithPath: "/usr/bin/script"))
        let data = CLI.readAll(output.fileHandleForReading)
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static let binary = CLI.binary?.path ?? "limestream"

    /// An export of 3,000 conversations (about 3 MB), read in 1 MiB chunks: several redraws.
    static func export() throws -> String { try CLI.temporaryFile(OutputErrorTests.export(3000), suffix: ".ndjson") }

    /// A file's size as the meter writes it (decimal megabytes, one decimal).
    static func size(_ path: String) throws -> String {
        let bytes = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        let tenths = (bytes + 50_000) / 100_000
        return "\(tenths / 10).\(tenths % 10) MB"
    }

    @Test(arguments: ["extract", "convert"])
    func aTerminalShowsProgressAndASummary(_ command: String) throws {
        let path = try Self.export()
        let size = try Self.size(path)
        let (status, screen) = try Self.inTerminal("\(Self.binary) \(command) --jobs 1 \(path) > /dev/null")
        #expect(status == 0)
        // Redrawn in place: carriage return and erase-line, bytes of the total, a rate, the time left.
        let lines = screen.components(separatedBy: "\r\u{1B}[K").filter { $0.contains(" of \(size) (") }
        #expect(!lines.isEmpty, "\(screen)")
        #expect(
            lines.contains { $0.contains(" conversations, ") && $0.contains(" MB/s") && $0.contains(", ETA 0:") },
            "\(screen)")
        #expect(
            screen.contains("limestream: \(command): 3,000 conversations written, 0 skipped, \(size) in "), "\(screen)")
        #expect(screen.contains(" MB/s)\r\n"))
    }

    @Test func quietAndPipesShowNothing() throws {
        let path = try Self.export()
        let (status, screen) = try Self.inTerminal("\(Self.binary) extract --quiet \(path) > /dev/null")
        #expect(status == 0)
        #expect(screen.isEmpty, "\(screen)")
        let piped = try CLI.run(["extract", path])
        #expect(piped.stderr.isEmpty)
    }

    /// `--progress` where stderr is a pipe: plain lines (no redrawing) and the summary.
    @Test func progressIsForcedOnAPipe() throws {
        let path = try Self.export()
        let size = try Self.size(path)
        let result = try CLI.run(["extract", "--progress", path], environment: ["LIMESTREAM_PROGRESS_INTERVAL": "0"])
        #expect(result.status == 0)
        #expect(!result.stderr.contains("\r") && !result.stderr.contains("\u{1B}"))
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count >= 2, "\(result.stderr)")
        #expect(lines.dropLast().allSatisfy { $0.contains(" of \(size) (") }, "\(result.stderr)")
        #expect(
            lines.last?.hasPrefix("limestream: extract: 3,000 conversations written, 0 skipped, \(size) in ") == true)
    }

    /// Errors during a run clear the line first, so they stand on a line of their own.
    @Test func anErrorClearsTheLine() throws {
        let path = try CLI.temporaryFile(OutputErrorTests.export(3000) + Array("[1]\n".utf8), suffix: ".ndjson")
        let (status, screen) = try Self.inTerminal("\(Self.binary) extract --jobs 1 \(path) > /dev/null")
        #expect(status == 3)
        #expect(
            screen.contains("\r\u{1B}[K\(path):3001:1: error: expected an object, found an array (byte "), "\(screen)")
        #expect(screen.contains("limestream: extract: 3,000 conversations written, 1 skipped, "))
    }

    @Test func validateAndSendShowProgressToo() throws {
        let path = try Self.export()
        let size = try Self.size(path)
        let validate = try Self.inTerminal("\(Self.binary) validate --sequence \(path) > /dev/null")
        #expect(validate.status == 0)
        #expect(
            validate.screen.contains("limestream: validate: 1 of 1 inputs ok, 3,000 texts (0 bad), \(size) in "),
            "\(validate.screen)")
        let send = try Self.inTerminal(
            "\(Self.binary) send --dry-run --url https://lime.example.com/app \(path) > /dev/null")
        #expect(send.status == 0)
        #expect(send.screen.contains(" of \(size) ("), "\(send.screen)")
        #expect(send.screen.contains("limestream: send: 3,000 plans shown, 0 skipped, \(size) in "), "\(send.screen)")
    }
}
