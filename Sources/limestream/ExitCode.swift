/// The exit codes every `limestream` command uses.
enum ExitCode: Int32 {
    /// Everything went through.
    case success = 0
    /// A fatal input error (invalid JSON where the command cannot go on).
    case fatal = 1
    /// Usage or I/O error.
    case usage = 2
    /// Some conversations were reported and skipped; the rest went through.
    case someSkipped = 3
}

/// A usage error: the message is printed with the usage text, exit code 2.
struct UsageError: Error {
    var message: String
}
