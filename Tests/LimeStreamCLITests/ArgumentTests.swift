import Foundation
import LimeTestSupport
import Testing

/// The one argument parser, through the binary: every form of an option means the same, `--`
/// ends the options, repeated and unknown options are named (issue #20).
@Suite(.enabled(if: CLI.binary != nil, "build limestream first: swift build"))
struct ArgumentTests {
    static let seed = FixturePaths.seedConversation.path

    /// `--jobs 1`, `--jobs=1`, `-j1`, `-j 1`: the same run.
    @Test func everyFormOfAnOptionIsTheSame() throws {
        let reference = try CLI.run(["extract", "--jobs", "1", Self.seed])
        #expect(reference.status == 0 && !reference.stdout.isEmpty)
        for form in [["--jobs=1"], ["-j1"], ["-j", "1"], ["-j", "2"]] {
            let result = try CLI.run(["extract"] + form + [Self.seed])
            #expect(result.status == 0, "\(form)")
            #expect(result.stdout == reference.stdout, "\(form)")
        }
        let mapping = FixturePaths.fixture("lime-mapping.json").path
        let spaced = try CLI.run(["convert", "--mapping", mapping, Self.seed])
        let joined = try CLI.run(["convert", "--mapping=\(mapping)", Self.seed])
        #expect(spaced.status == 0 && joined.status == 0)
        #expect(spaced.stdout == joined.stdout)
        // An option after the files means the same as before them.
        #expect(try CLI.run(["extract", Self.seed, "-j1"]).stdout == reference.stdout)
    }

    /// After `--`, an argument that begins with `-` is a file.
    @Test func doubleDashEndsTheOptions() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("limestream-dash-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let odd = folder.appendingPathComponent("-weird.json")
        try Data(contentsOf: URL(fileURLWithPath: Self.seed)).write(to: odd)
        let process = try CLI.run(["extract", "--", "-weird.json"], directory: folder)
        #expect(process.status == 0)
        #expect(process.stdout == (try CLI.run(["extract", Self.seed])).stdout)
        let without = try CLI.run(["extract", "-weird.json"], directory: folder)
        #expect(without.status == 2)
        #expect(without.stderr.hasPrefix("limestream: extract: unknown option -w"))
        #expect(try CLI.run(["validate", "--", "-weird.json"], directory: folder).stdout == "-weird.json: ok\n")
    }

    /// A second value of a one-value option is refused by name (not "unknown option").
    @Test(
        arguments: [
            (
                ["convert", "--mapping", "a.json", "--mapping", "b.json"],
                "limestream: convert: --mapping is given more than once (it takes one value)"
            ),
            (
                ["extract", "-j1", "--jobs=2"],
                "limestream: extract: --jobs is given more than once (it takes one value)"
            ),
            (["extract", "-j1", "-j2"], "limestream: extract: -j is given more than once (it takes one value)"),
            (
                ["send", "--url", "https://a.example/x", "--url=https://b.example/y"],
                "limestream: send: --url is given more than once (it takes one value)"
            ),
            (
                ["check", "--timeout", "1", "--timeout", "2"],
                "limestream: check: --timeout is given more than once (it takes one value)"
            ),
            (
                ["validate", "--sequence", "-s", "-"],
                "limestream: validate: -s is given more than once (it takes one value)"
            ),
        ] as [([String], String)])
    func aRepeatedOptionIsRefusedByName(_ arguments: [String], _ message: String) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix(message + "\n\nusage: limestream \(arguments[0]) "), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test(
        arguments: [
            (["extract", "--bogus"], "limestream: extract: unknown option --bogus"),
            (["extract", "-x"], "limestream: extract: unknown option -x"),
            (["convert", "--jobz=2"], "limestream: convert: unknown option --jobz"),
            (["validate", "--quiet=yes", "-"], "limestream: validate: --quiet takes no value"),
            (["extract", "--jobs"], "limestream: extract: --jobs needs a value (N)"),
            (["extract", "--jobs=0"], "limestream: --jobs takes a whole number from 1 to 256"),
            (["extract", "-jtwo"], "limestream: --jobs takes a whole number from 1 to 256"),
            (
                ["send", "--url", "https://a.example/x", "--concurrency=65"],
                "limestream: --concurrency takes a whole number from 1 to 64"
            ),
            (["send", "--url", "https://a.example/x", "--backoff=-1"], "limestream: --backoff takes seconds, >= 0"),
            (["extract", "--progress", "--quiet"], "limestream: --progress and --quiet do not go together"),
            (
                ["check", "--url", "https://a.example/x", "extra"],
                "limestream: check: unexpected argument extra (check reads no input)"
            ),
            (["--bogus"], "limestream: unknown option --bogus (before the command)"),
            (["frobnicate"], "limestream: unknown command 'frobnicate'"),
        ] as [([String], String)])
    func badArgumentsAreNamed(_ arguments: [String], _ message: String) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix(message + "\n"), "\(result.stderr)")
    }

    /// An option's value may be a secret: an unknown or refused option is named without it.
    @Test func aValueIsNeverEchoed() throws {
        for arguments in [
            ["send", "--url", "https://a.example/x", "--api-key=sk-4711-secret"],
            ["check", "--url", "https://a.example/x", "--api-key", "sk-4711-secret"],
            ["send", "--url", "https://a.example/x", "--apikey=sk-4711-secret"],
            ["extract", "--token=sk-4711-secret"],
        ] {
            let result = try CLI.run(arguments)
            #expect(result.status == 2)
            #expect(
                !result.stderr.contains("sk-4711-secret") && !result.stdout.contains("sk-4711-secret"), "\(arguments)")
        }
        let refused = try CLI.run(["send", "--url", "https://a.example/x", "--api-key=sk-4711-secret"])
        #expect(refused.stderr.hasPrefix("limestream: the API key is never taken from the command line"))
    }
}
