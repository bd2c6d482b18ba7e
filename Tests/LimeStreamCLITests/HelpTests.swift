import Foundation
import LimeTestSupport
import Testing

/// `help`, `COMMAND --help`, `--version`, and the README's usage blocks held to them (issue #20).
@Suite(.enabled(if: CLI.binary != nil, "build limestream first: swift build"))
struct HelpTests {
    static let commands = ["validate", "extract", "convert", "send", "check", "serve"]

    /// The fenced block that follows `marker` in README.md.
    static func readmeBlock(after marker: String) throws -> String {
        let readme = try String(
            contentsOf: FixturePaths.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: marker), "README.md has no \(marker)")
        let fence = try #require(readme.range(of: "```text\n", range: start.upperBound..<readme.endIndex))
        let end = try #require(readme.range(of: "```\n", range: fence.upperBound..<readme.endIndex))
        return String(readme[fence.upperBound..<end.lowerBound])
    }

    @Test(arguments: commands)
    func everyFormOfHelpPrintsTheSameText(_ command: String) throws {
        let help = try CLI.run(["help", command])
        #expect(help.status == 0 && help.stderr.isEmpty)
        #expect(help.stdout.hasPrefix("usage: limestream \(command) "))
        for form in [
            [command, "--help"], [command, "-h"], [command, "--url=x", "--help"], [command, "/nonexistent", "-h"],
        ] {
            let result = try CLI.run(form)
            #expect(result.status == 0, "\(form)")
            #expect(result.stdout == help.stdout, "\(form)")
        }
        // After `--`, --help is a file name.
        #expect(try CLI.run([command, "--", "--help"]).stdout != help.stdout)
    }

    /// README.md shows each command's help exactly as the binary prints it.
    @Test(arguments: commands)
    func readmeShowsEachCommandsHelp(_ command: String) throws {
        let help = try CLI.run(["help", command]).stdout
        #expect(try Self.readmeBlock(after: "`limestream \(command) --help`:") == help)
    }

    @Test func readmeUsageIsTheOverview() throws {
        let overview = try CLI.run(["help"])
        #expect(overview.status == 0)
        #expect(try Self.readmeBlock(after: "## Usage") == overview.stdout)
        #expect(try CLI.run(["--help"]).stdout == overview.stdout)
        #expect(try CLI.run(["-h"]).stdout == overview.stdout)
        for command in Self.commands { #expect(overview.stdout.contains("\n  \(command) "), "\(command)") }
        let unknown = try CLI.run(["help", "frobnicate"])
        #expect(unknown.status == 2 && unknown.stderr.hasPrefix("limestream: help: unknown command 'frobnicate'\n"))
    }

    /// Every default is in the help, with the value the code uses.
    @Test(arguments: [
        ("extract", "--jobs N", "(default: one per core)"),
        ("convert", "--mapping FILE", "(default: the built-in Fixtures/lime-mapping.json)"),
        ("send", "--concurrency N", "(default: 4)"),
        ("send", "--rate N", "(default: 8)"),
        ("send", "--timeout S", "(default: 30)"),
        ("send", "--retries N", "(default: 6)"),
        ("send", "--backoff S", "(default: 0.5)"),
        ("send", "--journal PATH", "(default: FILE.limestream-journal)"),
        ("send", "--dead-letter PATH", "(default: FILE.dead-letter.ndjson)"),
        ("check", "--timeout S", "(default: 30)"),
    ])
    func defaultsAreShown(_ command: String, _ option: String, _ shown: String) throws {
        let text = try CLI.run(["help", command]).stdout
        let help = try #require(text.components(separatedBy: "\nOptions:\n").last)
        let line = try #require(help.range(of: option), "\(command) --help lists no \(option)")
        // The default is on the option's line or on the one after it.
        let rest = help[line.upperBound...].split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false)
        #expect(rest.prefix(2).contains { $0.hasSuffix(shown) }, "\(help)")
    }

    @Test func version() throws {
        let result = try CLI.run(["--version"])
        #expect(result.status == 0)
        let line = result.stdout.trimmingCharacters(in: .newlines)
        #expect(line.hasPrefix("limestream ") && line.split(separator: ".").count == 3, "\(line)")
        // The man page's header carries the same version.
        let page = try String(
            contentsOf: FixturePaths.packageRoot.appendingPathComponent("Docs/limestream.1"), encoding: .utf8)
        #expect(page.contains("\"\(line)\""))
    }

    /// `limestream-gen --help` is help, not an error.
    @Test func generatorHelp() throws {
        let generator = try #require(CLI.binary?.deletingLastPathComponent().appendingPathComponent("limestream-gen"))
        try #require(FileManager.default.isExecutableFile(atPath: generator.path), "build limestream-gen first")
        for flag in ["--help", "-h"] {
            let result = try CLI.run([flag], executable: generator)
            #expect(result.status == 0)
            #expect(result.stdout.hasPrefix("usage: limestream-gen payload"))
            #expect(result.stdout.contains("--seed S") && result.stdout.contains("(default: 42)"))
        }
        #expect(try CLI.run(["export", "--bogus"], executable: generator).status == 2)
    }
}
