import LimeUserlike

/// The inputs of `extract` and `convert`: files (or `-` for standard input) read in the order
/// given as one stream of conversations, with the shared error rules, exit codes, progress and
/// output buffering.
struct ExportInputs {
    var paths: [String]

    init(paths: [String]) {
        self.paths = paths.isEmpty ? ["-"] : paths
    }

    /// How a run reads and shows itself.
    struct Settings {
        /// The command, for the summary.
        var command: String
        /// Worker threads for files.
        var jobs: Int
        /// `--jobs` was given: pipes are read in parallel too (a piece at a time).
        var jobsGiven: Bool
        /// `--progress`, `--quiet`.
        var forcesProgress = false
        var isQuiet = false
    }

    /// Renders every conversation, writes the rendered bytes to `output` in input order, reports
    /// skipped elements on stderr (``Diagnostic``), and returns the exit code: 2 when a file could
    /// not be read or the output could not be written, else 1 when an input had a fatal error (a
    /// syntax error in an array, no JSON text at all, not JSON text), else 3 when conversations
    /// were skipped, else 0. A file that cannot be read, or that ends in a fatal error, does not
    /// stop the files after it; an output that cannot be written stops everything at once.
    ///
    /// A regular file is read by ``ParallelExportReader`` on `jobs` threads. A pipe or terminal is
    /// read by one ``ExportReader`` (unless `--jobs` was given) that writes each conversation as it
    /// completes, and the output is flushed whenever the input stalls: `tail -f export.ndjson |
    /// limestream extract` shows each line as it comes, while a fast pipe still fills whole blocks.
    func run(
        _ settings: Settings, output: OutputStream, render: @escaping ParallelExportReader.SpillingRender
    ) -> ExitCode {
        var tally = InputTally()
        var written = 0
        let meter = ProgressMeter.make(
            command: settings.command, sizes: paths.map(InputSource.size(of:)), forced: settings.forcesProgress,
            quiet: settings.isQuiet)
        meter?.detail = { "\(ProgressMeter.grouped(written)) conversations" }
        defer {
            meter?.finish(
                "\(ProgressMeter.grouped(written)) conversations written, \(ProgressMeter.grouped(tally.skipped)) skipped"
            )
        }
        // Looked at once per block handed over (a piece, or a megabyte), not per line.
        let write = { (bytes: [UInt8]) throws(ExportError) in
            output.write(bytes: bytes)
            if let failure = output.failure { throw .output(failure.description) }
            if meter != nil { written += Self.lineCount(bytes) }
        }
        var series = ExportSeries(paths: paths) { (path) throws(ExportError) in try InputSource(path: path) }
        let wentThrough = series.run(
            reading: { source in
                guard !source.isRegularFile && !settings.jobsGiven else { return .parallel(jobs: settings.jobs) }
                source.onStall = {
                    output.flush()
                    meter?.tick()
                }
                // Reads of one byte at least: the reader asks for `chunkSize` bytes and waits until
                // they came, which on a stalled pipe would hold back a complete line. Its window
                // still grows to seven times the largest conversation.
                return .sequential(chunkSize: Self.pipeChunkSize, flushAt: 1)
            },
            spillingRender: render, write: write, report: { tally.skip($0, in: $1) },
            event: { event in
                if case .began(let source) = event { meter?.begin(source) }
                tally.record(event)
            })
        // An output that cannot be written stops everything at once (it was said when it happened).
        guard wentThrough else { return tally.exitCode() }
        output.flush()
        if output.failure != nil { tally.ioFailed = true }
        return tally.exitCode()
    }

    /// The reader's chunk size on a pipe (see ``run(_:output:render:)``).
    static let pipeChunkSize = 1

    /// Lines in a block of output: one per conversation written (a JSON line holds no raw line feed).
    static func lineCount(_ bytes: [UInt8]) -> Int {
        var count = 0
        for byte in bytes where byte == 0x0A { count += 1 }
        return count
    }
}
