import LimeUserlike

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `limestream extract [--jobs N] [--output FILE] [--progress | --quiet] [FILE... | -]`: one JSON
/// line per conversation, in input order. Several files are read in the order given as one stream.
enum ExtractCommand {
    static func run(_ arguments: [String]) throws(UsageError) -> ExitCode {
        let parsed = try CommandSpec.extract.parse(arguments)
        let settings = try ExportSettings(parsed, command: "extract")
        return try settings.run(paths: parsed.operands) { conversation, buffer, spill in
            // A huge conversation's line is written out in pieces, not built whole (issue #16).
            conversation.writeJSONLine(into: &buffer, spill: spill)
            buffer.append(0x0A)
            return nil
        }
    }
}

/// What `extract` and `convert` share: `--jobs`, `--output`, `--progress`/`--quiet`, and the run
/// over ``ExportInputs`` into standard output or the ``AtomicOutputFile``.
struct ExportSettings {
    var inputs: ExportInputs.Settings
    var outputPath: String?

    init(_ parsed: ParsedArguments, command: String) throws(UsageError) {
        let given = try ArgumentParser.integer(parsed.value("jobs"), option: "jobs", in: 1...256)
        inputs = ExportInputs.Settings(
            command: command, jobs: given ?? Self.defaultJobs, jobsGiven: given != nil,
            forcesProgress: parsed.has("progress"),
            isQuiet: parsed.has("quiet"))
        try Self.checkProgressFlags(parsed)
        outputPath = parsed.value("output")
        if outputPath?.isEmpty == true { throw UsageError(message: "--output needs a FILE") }
    }

    /// `--progress` and `--quiet` say opposite things.
    static func checkProgressFlags(_ parsed: ParsedArguments) throws(UsageError) {
        if parsed.has("progress") && parsed.has("quiet") {
            throw UsageError(message: "--progress and --quiet do not go together")
        }
    }

    /// One per online core.
    static var defaultJobs: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// Runs the inputs into the output; with `--output`, the file is renamed into place only when
    /// the run succeeded (exit 0, or 3: what was skipped is reported, the rest is complete).
    func run(paths: [String], render: @escaping ParallelExportReader.SpillingRender) throws(UsageError) -> ExitCode {
        let inputs = ExportInputs(paths: paths)
        guard let outputPath else {
            // A person reads a terminal line by line; a file or pipe gets whole blocks.
            OutputStream.standardOutput.flushEveryWriteOnTerminal()
            return inputs.run(self.inputs, output: .standardOutput, render: render)
        }
        let file = try AtomicOutputFile(path: outputPath)
        let status = inputs.run(self.inputs, output: file.stream, render: render)
        guard status == .success || status == .someSkipped else {
            file.discard()
            return status
        }
        return file.commit() ? status : .usage
    }
}
