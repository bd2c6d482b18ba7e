import Foundation
import LimeTestSupport
import Testing

/// `--output FILE`: written beside FILE and renamed on success, so a failed run never leaves half
/// an output under the name (issue #20).
@Suite(.enabled(if: CLI.binary != nil, "build limestream first: swift build"))
struct OutputFileTests {
    /// A fresh folder, so that leftovers (a temporary file not removed) can be seen.
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("limestream-output-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func contents(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test(arguments: ["extract", "convert"])
    func aRunThatSucceedsIsRenamedIntoPlace(_ command: String) throws {
        let folder = try Self.folder()
        let input = folder.appendingPathComponent("export.ndjson")
        try Data(OutputErrorTests.export(3000)).write(to: input)
        let target = folder.appendingPathComponent("out.ndjson").path
        let toStdout = try CLI.run([command, input.path])
        for form in [["--output", target], ["-o", target], ["--output=\(target)"]] {
            let result = try CLI.run([command] + form + [input.path])
            #expect(result.status == 0 && result.stdout.isEmpty && result.stderr.isEmpty, "\(result.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: target)) == Data(toStdout.stdout.utf8))
            #expect(try Self.contents(folder) == ["export.ndjson", "out.ndjson"])
        }
        // As a shell redirection would make it: readable by others under the usual umask 022.
        let mode = try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? Int
        #expect(mode.map { $0 & 0o644 == 0o644 } == true, "\(String(mode ?? 0, radix: 8))")
    }

    /// Skipped conversations (exit 3): the rest is complete, so the file is kept.
    @Test func skippedConversationsKeepTheFile() throws {
        let folder = try Self.folder()
        let input = try CLI.temporaryFile(Array("{\"id\":1}\n2\n{\"id\":3}\n".utf8))
        let target = folder.appendingPathComponent("out.ndjson").path
        let result = try CLI.run(["extract", "-o", target, input])
        #expect(result.status == 3)
        #expect(try String(contentsOfFile: target, encoding: .utf8).split(separator: "\n").count == 2)
        #expect(try Self.contents(folder) == ["out.ndjson"])
    }

    /// A run that fails halfway (a syntax error in an array, after 2,000 conversations were
    /// written): no file under the name, no temporary file left; an older FILE stays as it was.
    @Test(arguments: ["1", "2"])
    func aFailedRunLeavesNoFile(_ jobs: String) throws {
        let folder = try Self.folder()
        var text = "["
        for id in 1...2000 {
            text += "{\"id\":\(id),\"transcript\":[{\"body\":\"\(String(repeating: "x", count: 900))\"}]},\n"
        }
        text += "{\"id\" 2001}]"
        let input = try CLI.temporaryFile(Array(text.utf8))
        let target = folder.appendingPathComponent("out.ndjson")
        let failed = try CLI.run(["extract", "--jobs", jobs, "--output", target.path, input])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("error: expected ':' after object key"))
        #expect(try Self.contents(folder) == [])
        try Data("previous\n".utf8).write(to: target)
        let again = try CLI.run(["extract", "--jobs", jobs, "--output", target.path, input])
        #expect(again.status == 1)
        #expect(try String(contentsOf: target, encoding: .utf8) == "previous\n")
        #expect(try Self.contents(folder) == ["out.ndjson"])
        // An input that cannot be read fails the run too (exit 2).
        let missing = try CLI.run([
            "convert", "-o", folder.appendingPathComponent("new.ndjson").path, "/nonexistent.json",
        ])
        #expect(missing.status == 2)
        #expect(try Self.contents(folder) == ["out.ndjson"])
    }

    /// A run stopped by SIGTERM removes its temporary file.
    @Test func anInterruptedRunLeavesNoFile() throws {
        let folder = try Self.folder()
        let target = folder.appendingPathComponent("out.ndjson").path
        let input = Pipe()
        let process = try CLI.start(["extract", "--output", target, "-"], stdin: input)
        CLI.writeAll(Array("{\"id\":1}\n".utf8), to: input.fileHandleForWriting)
        // Wait until the temporary file exists, then stop the run while its input is still open.
        let deadline = Date().addingTimeInterval(10)
        while try Self.contents(folder).isEmpty && Date() < deadline { usleep(10_000) }
        #expect(try Self.contents(folder).count == 1)
        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(try Self.contents(folder) == [])
    }

    @Test func aFolderThatCannotBeWrittenIsAUsageError() throws {
        let result = try CLI.run([
            "extract", "-o", "/nonexistent-folder/out.ndjson",
            FixturePaths.seedConversation.path,
        ])
        #expect(result.status == 2)
        #expect(
            result.stderr.hasPrefix(
                "limestream: --output: cannot create a file in /nonexistent-folder/: No such file or directory\n"))
    }
}
