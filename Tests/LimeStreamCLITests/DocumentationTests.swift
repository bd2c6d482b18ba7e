import Foundation
import LimeTestSupport
import Testing

/// The man page and the completion scripts name every command and every option the binary's help
/// lists, so that none of them falls behind the parser (issue #20).
@Suite(.enabled(if: CLI.binary != nil, "build limestream first: swift build"))
struct DocumentationTests {
    static let docs = FixturePaths.packageRoot.appendingPathComponent("Docs")

    /// The long options in `limestream help COMMAND`, read from its option list.
    static func options(of command: String) throws -> [String] {
        let help = try CLI.run(["help", command]).stdout
        let list = try #require(
            help.components(separatedBy: "\nOptions:\n").last?.components(separatedBy: "\n\n").first)
        let options = list.split(separator: "\n").compactMap { line -> String? in
            guard let range = line.range(of: #"--[a-z-]+"#, options: .regularExpression) else { return nil }
            return String(line[range])
        }
        #expect(options.contains("--help"))
        return options
    }

    static func text(_ name: String) throws -> String {
        try String(contentsOf: docs.appendingPathComponent(name), encoding: .utf8)
    }

    @Test(arguments: HelpTests.commands)
    func theManPageNamesEveryOption(_ command: String) throws {
        let page = try Self.text("limestream.1")
        #expect(page.contains(".B limestream \(command)") || page.contains(".B \(command)\n"), "\(command)")
        #expect(page.contains(".TP\n.B \(command)\n"), "\(command) has no entry under COMMANDS")
        for option in try Self.options(of: command) {
            // roff writes a dash as \-.
            #expect(page.contains(option.replacingOccurrences(of: "-", with: "\\-")), "\(option)")
        }
    }

    @Test(arguments: HelpTests.commands)
    func theCompletionsNameEveryOption(_ command: String) throws {
        let bash = try Self.text("completions/limestream.bash")
        let zsh = try Self.text("completions/_limestream")
        // Each script's part for the command, from its case label to the next one.
        let bashPart = try #require(
            bash.components(separatedBy: "        \(command))").dropFirst().first?.components(separatedBy: ";;").first)
        let zshPart = try #require(
            zsh.components(separatedBy: "        \(command))").dropFirst().first?.components(separatedBy: ";;").first)
        for option in try Self.options(of: command) {
            #expect(bashPart.contains(option), "bash: \(command) \(option)")
            // zsh has --progress and --quiet in the array $progress, which the commands share.
            let progress = try #require(
                zsh.components(separatedBy: "progress=(").last?.components(separatedBy: ")\n").first)
            #expect(
                zshPart.contains(option) || (zshPart.contains("$progress") && progress.contains(option)),
                "zsh: \(command) \(option)")
        }
        #expect(bash.contains("local commands=\"validate extract convert send check serve help\""))
        for name in HelpTests.commands + ["help"] { #expect(zsh.contains("'\(name):"), "zsh: \(name)") }
    }

    /// The bash script is valid bash.
    @Test func theBashScriptParses() throws {
        let process = try CLI.start(
            ["-n", Self.docs.appendingPathComponent("completions/limestream.bash").path],
            executable: URL(fileURLWithPath: "/bin/bash"))
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }
}
