#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// `limestream`: a thin command line over the LimeStream layers. No business logic lives here:
// each command parses its arguments (``ArgumentParser``, with its ``CommandSpec``), calls one
// layer, and maps results to output and exit codes.

#if canImport(Glibc)
    // Parallel extraction allocates and frees megabyte buffers all the time; above glibc's default
    // threshold each one would be a fresh mmap, faulted in page by page. Keep them on the heap.
    // (`mallopt` is not in the Glibc module; M_TRIM_THRESHOLD is -1, M_MMAP_THRESHOLD is -3.)
    @_silgen_name("mallopt") func mallopt(_ parameter: Int32, _ value: Int32) -> Int32
    _ = mallopt(-3, 64 << 20)
    _ = mallopt(-1, 256 << 20)
#endif

// A standard descriptor the caller closed (`>&-`) stays closed in effect: /dev/null, opened the
// wrong way round, holds its number. Writes to it (or reads) then fail with EBADF as they would,
// and no file the run opens (an input, a journal) takes the number and gets another stream's bytes.
for (descriptor, flags) in [(Int32(0), O_WRONLY), (1, O_RDONLY), (2, O_RDONLY)] where fcntl(descriptor, F_GETFD) < 0 {
    let opened = open("/dev/null", flags)
    if opened >= 0 && opened != descriptor {
        _ = dup2(opened, descriptor)
        _ = close(opened)
    }
}

let arguments = Array(CommandLine.arguments.dropFirst())
var status = ExitCode.usage
// The command whose usage a usage error shows (the overview before one is known).
var current: CommandSpec?
do {
    let rest = Array(arguments.dropFirst())
    current = arguments.first.flatMap(CommandSpec.named)
    if let command = current, rest.prefix(while: { $0 != "--" }).contains(where: { $0 == "--help" || $0 == "-h" }) {
        // `COMMAND --help` (before any `--`), before anything is checked or read, also when other
        // arguments are wrong: whoever asks for help is still finding out what to type.
        OutputStream.standardOutput.write(command.help)
        status = .success
    } else {
        switch arguments.first {
        case "validate": status = try ValidateCommand.run(rest)
        case "extract": status = try ExtractCommand.run(rest)
        case "convert": status = try ConvertCommand.run(rest)
        case "send": status = try SendCommand.run(rest)
        case "check": status = try CheckCommand.run(rest)
        case "serve": status = try ServeCommand.run(rest)
        case "help":
            guard rest.count <= 1 else { throw UsageError(message: "help takes at most one COMMAND") }
            if let name = rest.first {
                guard let command = CommandSpec.named(name) else {
                    throw UsageError(message: "help: unknown command '\(name)'")
                }
                OutputStream.standardOutput.write(command.help)
            } else {
                OutputStream.standardOutput.write(CommandSpec.overview)
            }
            status = .success
        case "-h", "--help":
            OutputStream.standardOutput.write(CommandSpec.overview)
            status = .success
        case "--version", "-V":
            OutputStream.standardOutput.write(Version.line + "\n")
            status = .success
        case let command?:
            throw UsageError(
                message: command.hasPrefix("-")
                    ? "unknown option \(command) (before the command)" : "unknown command '\(command)'")
        case nil:
            throw UsageError(message: "missing command")
        }
    }
} catch let error as UsageError {
    // A usage error shows the command's synopsis (or the overview), not every option: the
    // message is the point, and `help` has the rest.
    printError("limestream: \(error.message)\n\n\(current?.usage ?? CommandSpec.overview)")
    status = .usage
} catch {
    printError("limestream: \(error)")
    status = .usage
}
// Whatever the command, output that could not be written is an I/O error (the stream said so on
// stderr when it happened), even when conversations were skipped as well.
OutputStream.standardOutput.flush()
if OutputStream.standardOutput.failure != nil { status = .usage }
exit(status.rawValue)
