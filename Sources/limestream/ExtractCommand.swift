import LimeUserlike

/// `limestream extract [FILE | -]`: one JSON line per conversation, in input order.
enum ExtractCommand {
    static func run(_ arguments: [String]) throws(UsageError) -> ExitCode {
        if let option = arguments.first(where: { $0.hasPrefix("-") && $0 != "-" }) {
            throw UsageError(message: "extract: unknown option \(option)")
        }
        guard arguments.count <= 1 else { throw UsageError(message: "extract takes one FILE, or - for standard input") }
        let path = arguments.first ?? "-"
        let output = OutputStream.standardOutput
        var skipped = 0
        do {
            let reader = try ExportReader(path: path)
            while let item = try reader.next() {
                switch item {
                case .conversation(let conversation, _):
                    output.append { buffer in
                        conversation.writeJSONLine(into: &buffer)
                        buffer.append(0x0A)
                    }
                case .skipped(let issue):
                    skipped += 1
                    printError("limestream: \(issue)")
                }
            }
        } catch {
            output.flush()
            printError("limestream: \(path == "-" ? "<stdin>" : path): \(error)")
            if case .io = error { return .usage }
            return .fatal
        }
        output.flush()
        return skipped > 0 ? .someSkipped : .success
    }
}
