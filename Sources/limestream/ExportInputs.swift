import LimeUserlike

/// The inputs of `extract`, `convert` and `send`: files (or `-` for standard input) read in the
/// order given as one stream of conversations, with the shared error rules and exit codes.
struct ExportInputs {
    var paths: [String]

    init(paths: [String]) {
        self.paths = paths.isEmpty ? ["-"] : paths
    }

    /// Renders every conversation on `jobs` worker threads (``ParallelExportReader``), writes the
    /// rendered bytes to `output` in input order, reports skipped elements on stderr
    /// (`limestream: [FILE: ]conversation N (line L): message`), and returns the exit code: 2 when a
    /// file could not be read or the output could not be written, else 1 when a file had a fatal
    /// input error, else 3 when conversations were skipped, else 0. A file that cannot be read, or
    /// that ends in a fatal error, does not stop the files after it; an output that cannot be
    /// written stops everything at once (the stream has said so on stderr).
    func run(
        jobs: Int, output: OutputStream, render: @escaping @Sendable (Conversation, inout [UInt8]) -> String?
    ) -> ExitCode {
        var skipped = 0
        var ioFailed = false
        var fatal = false
        var number = 1
        let naming = paths.count > 1
        // Looked at once per block handed over (a piece, or a megabyte), not per line.
        let write = { (bytes: [UInt8]) throws(ExportError) in
            output.write(bytes: bytes)
            if let failure = output.failure { throw .output(failure.description) }
        }
        for path in paths {
            let name = path == "-" ? "<stdin>" : path
            let prefix = naming ? "limestream: \(name): " : "limestream: "
            do {
                let source = try FileByteSource(path: path)
                let reader = ParallelExportReader(
                    source: source, jobs: jobs, options: ExportReader.Options(firstConversationNumber: number))
                number =
                    try reader.run(render: render, write: write) { issue in
                        skipped += 1
                        printError(prefix + issue.description)
                    } + 1
            } catch {
                switch error {
                case .output:
                    return .usage
                case .io:
                    printError("limestream: \(error)")
                    ioFailed = true
                case .syntax:
                    printError("limestream: \(name): \(error)")
                    fatal = true
                }
            }
        }
        output.flush()
        if ioFailed || output.failure != nil { return .usage }
        if fatal { return .fatal }
        return skipped > 0 ? .someSkipped : .success
    }
}
