import LimeUserlike

/// `limestream extract [FILE... | -]`: one JSON line per conversation, in input order. Several
/// files are read in the order given as one stream of conversations.
enum ExtractCommand {
    static func run(_ arguments: [String]) throws(UsageError) -> ExitCode {
        if let option = arguments.first(where: { $0.hasPrefix("-") && $0 != "-" }) {
            throw UsageError(message: "extract: unknown option \(option)")
        }
        let output = OutputStream.standardOutput
        let outcome = ExportInputs(paths: arguments).forEach { item in
            if case .conversation(let conversation, _) = item {
                output.append { buffer in
                    conversation.writeJSONLine(into: &buffer)
                    buffer.append(0x0A)
                }
            }
        }
        output.flush()
        return outcome
    }
}
