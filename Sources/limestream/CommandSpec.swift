/// A command's interface: its name, its synopsis, its options and what its help says. The help
/// text, the parser's options, the man page and the completions are all checked against these
/// (the tests read README.md, `limestream.1` and the completion scripts).
struct CommandSpec: Sendable {
    /// The command's name (`extract`).
    var name: String
    /// One-line summary for the command list (`limestream help`).
    var summary: String
    /// Synopsis lines, each after `limestream ` (the first also after `usage: `).
    var synopsis: [String]
    /// The options, in the order the help lists them.
    var options: [OptionSpec]
    /// Paragraphs after the option list.
    var notes: [String]

    /// Parses `arguments` with this command's options.
    func parse(_ arguments: [String]) throws(UsageError) -> ParsedArguments {
        try ArgumentParser.parse(arguments, command: name, options: options)
    }

    /// The short form shown under a usage error: the synopsis and where the rest is.
    var usage: String {
        var text = ""
        for (index, line) in synopsis.enumerated() {
            text += (index == 0 ? "usage: limestream " : "       limestream ") + line + "\n"
        }
        return text + "Run 'limestream help \(name)' for its options and defaults."
    }

    /// `limestream COMMAND --help`: synopsis, summary, every option with its default, notes.
    var help: String {
        var text = ""
        for (index, line) in synopsis.enumerated() {
            text += (index == 0 ? "usage: limestream " : "       limestream ") + line + "\n"
        }
        text += "\n" + summary.prefix(1).uppercased() + summary.dropFirst() + ".\n\nOptions:\n"
        let shown = options.filter { $0.refusal == nil } + [Self.helpOption]
        let width = shown.map(\.helpLabel.count).max()! + 4
        for option in shown {
            var lines = option.help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if let defaultText = option.defaultText {
                // On a line of its own when it would make the last one long (help fits 100 columns).
                let shown = "(default: \(defaultText))"
                if lines[lines.count - 1].count + shown.count + 1 > 100 - width - 2 {
                    lines.append(shown)
                } else {
                    lines[lines.count - 1] += " " + shown
                }
            }
            let label = "  " + option.helpLabel
            text += label + String(repeating: " ", count: width + 2 - label.count) + lines[0] + "\n"
            for line in lines.dropFirst() { text += String(repeating: " ", count: width + 2) + line + "\n" }
        }
        for note in notes { text += "\n" + note + "\n" }
        return text + "\n" + CommandSpec.exitCodes + "\n"
    }

    /// `-h, --help`, which every command takes (the parser handles it).
    static let helpOption = OptionSpec(name: "help", short: "h", help: "show this help and exit")

    static let exitCodes =
        "Exit codes: 0 all good, 1 invalid input, 2 usage or I/O error, 3 some conversations skipped."

    /// Every command, in the order `limestream help` lists them.
    static let all: [CommandSpec] = [.validate, .extract, .convert, .send, .check, .serve]

    /// The command named `name`, if there is one.
    static func named(_ name: String) -> CommandSpec? { all.first { $0.name == name } }

    /// `limestream help` and `limestream --help`: the commands and the global options.
    static var overview: String {
        var text = """
            usage: limestream COMMAND [OPTIONS] [ARGUMENTS]
                   limestream help [COMMAND]
                   limestream --version

            Userlike conversations into Lime CRM, streaming.

            Commands:

            """
        let width = all.map(\.name.count).max()! + 3
        for command in all + [helpCommand] {
            text +=
                "  " + command.name + String(repeating: " ", count: width - command.name.count) + command.summary + "\n"
        }
        text += """

            Run 'limestream help COMMAND' (or 'limestream COMMAND --help') for a command's options and defaults.
            Inputs are files, or - (or nothing, except for validate) for standard input; -- ends the options.
            \(exitCodes)

            """
        return text
    }

    /// `help` as the command list shows it.
    static let helpCommand = CommandSpec(
        name: "help", summary: "show this overview, or a command's options", synopsis: ["help [COMMAND]"], options: [],
        notes: [])
}
