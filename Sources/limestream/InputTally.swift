import LimeUserlike

/// What every command that reads inputs (`validate`, `extract`, `convert`, `send`) does with them
/// besides reading: opens each one, says on standard error what went wrong with it (in the one
/// ``Diagnostic`` format where there is a place), and keeps the counts the exit code is made of.
/// One place for those rules, so that the commands cannot drift apart on them.
struct InputTally {
    /// Conversations reported and skipped (the rest of their input went on).
    private(set) var skipped = 0
    /// An input could not be opened or read, or the output could not be written.
    var ioFailed = false
    /// An input had an error the command cannot go on after: a syntax error in an array, no JSON
    /// text at all, not JSON text.
    var fatal = false

    /// Opens the input at `path` (`-`: standard input); nil, after saying why on standard error,
    /// when it cannot be opened. The inputs after it are still read.
    mutating func open(_ path: String) -> InputSource? {
        do {
            return try InputSource(path: path)
        } catch {
            notOpened(error)
            return nil
        }
    }

    /// An input that could not be opened.
    private mutating func notOpened(_ error: ExportError) {
        printError("limestream: \(error)")
        ioFailed = true
    }

    /// Says and counts what became of one input of an ``ExportSeries`` (`extract`, `convert`, `send`).
    mutating func record(_ event: ExportSeries<InputSource>.Event) {
        switch event {
        case .notOpened(_, let error): notOpened(error)
        case .began: break
        case .finished(let source): finished(source)
        case .failed(let source, let error): failed(error, in: source)
        }
    }

    /// A conversation that was reported and skipped.
    mutating func skip(_ issue: ExportIssue, in source: InputSource) {
        skipped += 1
        printError(Diagnostic(issue, file: source.displayName).description)
    }

    /// `source` was read to its end: the empty-input rule (an input with no JSON text is an error).
    mutating func finished(_ source: InputSource) {
        guard !source.sawText else { return }
        printError(Diagnostic.empty(source).description)
        fatal = true
    }

    /// Reading `source` stopped at `error`. An input that is clearly not JSON text is named as
    /// such rather than by the read that gave up on it; an output that could not be written was
    /// said on standard error by the stream when it happened.
    mutating func failed(_ error: ExportError, in source: InputSource) {
        switch error {
        case .io where source.rejection != nil:
            printError(Diagnostic(source.rejection!, file: source.displayName).description)
            fatal = true
        case .io:
            printError("limestream: \(error)")
            ioFailed = true
        case .syntax(let syntax, let conversation):
            printError(
                Diagnostic(syntax, file: source.displayName, element: conversation.map { "conversation \($0)" })
                    .description)
            fatal = true
        case .output:
            ioFailed = true
        }
    }

    /// The exit code of every command that reads inputs: 2 when an input could not be read or the
    /// output not written, else 1 after a fatal input error, else 3 when conversations were
    /// skipped (here, or `failed` more that the caller counted, such as deliveries), else 0.
    func exitCode(failed: Int = 0) -> ExitCode {
        if ioFailed { return .usage }
        if fatal { return .fatal }
        return skipped + failed > 0 ? .someSkipped : .success
    }
}
