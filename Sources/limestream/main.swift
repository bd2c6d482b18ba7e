#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `limestream`: a thin command line over the LimeStream layers. No business logic lives here:
/// each command parses its arguments, calls one layer, and maps results to output and exit codes.
let usage = """
    usage: limestream <command> [arguments]

      validate [--allow-bom] FILE... | -
                               check that each input is exactly one valid JSON text
                               (--allow-bom: skip one UTF-8 byte order mark at its start)
      extract [--jobs N] [FILE... | -]
                               write the Lime fields of each conversation as one JSON line
      convert [--mapping FILE] [--jobs N] [FILE... | -]
                               write the Lime CRM plan of each conversation as one JSON line
      send [FILE... | -] --url https://HOST/APP [--mapping FILE] [--journal PATH]
           [--dead-letter PATH] [--concurrency N] [--rate N] [--timeout S] [--retries N]
           [--backoff S] [--dry-run] [--no-check] [--api-key-file PATH]
                               deliver each conversation to Lime CRM exactly once, after
                               checking the mapping against Lime's schema (unless --no-check)
                               (the API key comes from LIME_API_KEY or --api-key-file)
      send --replay DEAD-LETTERS --url https://HOST/APP [--journal PATH] [...]
                               send a dead-letter file's conversations again; the file
                               keeps only those still not delivered
      check --url https://HOST/APP [--mapping FILE] [--api-key-file PATH] [--timeout S]
                               compare the mapping with Lime's schema: one line per problem
      serve --listen HOST:PORT --url https://HOST/APP [--mapping FILE] [--spool DIR]
            [--secret-file PATH] [--secret-header NAME] [--path /userlike] [--max-body BYTES]
            [--deadline S] [--concurrency N] [--rate N] [--timeout S] [--retries N] [--backoff S]
            [--max-connections N] [--header-timeout S] [--body-timeout S] [--idle-timeout S]
            [--no-check]
                               the add-on endpoint Userlike POSTs conversations to
                               (the secret comes from LIMESTREAM_SECRET or --secret-file)

    Exit codes: 0 all good, 1 invalid input, 2 usage or I/O error, 3 some conversations skipped.
    """

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
do {
    switch arguments.first {
    case "validate": status = try ValidateCommand.run(Array(arguments.dropFirst()))
    case "extract": status = try ExtractCommand.run(Array(arguments.dropFirst()))
    case "convert": status = try ConvertCommand.run(Array(arguments.dropFirst()))
    case "send": status = try SendCommand.run(Array(arguments.dropFirst()))
    case "check": status = try CheckCommand.run(Array(arguments.dropFirst()))
    case "serve": status = try ServeCommand.run(Array(arguments.dropFirst()))
    case "-h", "--help", "help":
        OutputStream.standardOutput.write(usage + "\n")
        status = .success
    case let command?:
        throw UsageError(message: "unknown command '\(command)'")
    case nil:
        throw UsageError(message: "missing command")
    }
} catch let error as UsageError {
    printError("limestream: \(error.message)\n\n\(usage)")
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
