import LimeJSON
import LimeUserlike

/// `limestream validate [--allow-bom] [--sequence] [--progress | --quiet] FILE... | -`: checks that
/// each input is exactly one valid JSON text (or, with `--sequence`, a whitespace-separated
/// sequence of them), streaming it in 1 MiB chunks so memory does not grow with the file. A byte
/// order mark is an error, as RFC 8259 has it, unless `--allow-bom` skips one at the start of each
/// input. Errors in the one ``Diagnostic`` format; an input that is clearly not JSON text
/// (``InputSniffer``) gets one error naming what it looks like.
enum ValidateCommand {
    static func run(_ arguments: [String]) throws(UsageError) -> ExitCode {
        let parsed = try CommandSpec.validate.parse(arguments)
        try ExportSettings.checkProgressFlags(parsed)
        let allowsByteOrderMark = parsed.has("allow-bom")
        let isSequence = parsed.has("sequence")
        let paths = parsed.operands
        guard !paths.isEmpty else {
            throw UsageError(message: "validate needs at least one FILE, or - for standard input")
        }
        OutputStream.standardOutput.flushEveryWriteOnTerminal()
        let meter = ProgressMeter.make(
            command: "validate", sizes: paths.map(InputSource.size(of:)), forced: parsed.has("progress"),
            quiet: parsed.has("quiet"))
        var (good, invalid, texts, badTexts) = (0, 0, 0, 0)
        meter?.detail = {
            isSequence ? "\(ProgressMeter.grouped(texts)) texts" : "\(good + invalid) of \(paths.count) inputs"
        }
        var tally = InputTally()
        for path in paths {
            guard let source = tally.open(path) else { continue }
            meter?.begin(source)
            let name = source.displayName
            do {
                var failed = false
                if isSequence {
                    var validator = SequenceValidator(source: source, allowsByteOrderMark: allowsByteOrderMark)
                    try validator.run { error, number in
                        printError(Diagnostic(error, file: name, element: "text \(number)").description)
                    }
                    texts += validator.texts
                    badTexts += validator.bad
                    failed = validator.bad > 0
                    if validator.texts == 0 {
                        printError(Diagnostic.empty(source).description)
                        failed = true
                    }
                } else if let error = try validate(source: source, allowsByteOrderMark: allowsByteOrderMark) {
                    printError(Diagnostic(error, file: name, element: nil).description)
                    failed = true
                }
                if failed {
                    invalid += 1
                    tally.fatal = true
                } else {
                    good += 1
                    OutputStream.standardOutput.write("\(name): ok\n")
                }
                // Output that cannot be written ends the run (main makes it exit code 2).
                if OutputStream.standardOutput.failure != nil { break }
            } catch {
                if source.rejection != nil { invalid += 1 }
                tally.failed(error, in: source)
            }
        }
        OutputStream.standardOutput.flush()
        let sequencePart =
            isSequence ? ", \(ProgressMeter.grouped(texts)) texts (\(ProgressMeter.grouped(badTexts)) bad)" : ""
        meter?.finish("\(good) of \(paths.count) inputs ok\(sequencePart)")
        return tally.exitCode()
    }

    /// Validates one input; returns its first error, or nil when it is valid.
    ///
    /// - Parameter allowsByteOrderMark: skip one ``ByteOrderMark`` at the start of the input
    ///   (positions as the export readers give them: offsets count its bytes, columns do not).
    static func validate(source: ByteSource, chunkSize: Int = 1 << 20, allowsByteOrderMark: Bool = false)
        throws(ExportError) -> JSONError?
    {
        var tokenizer = JSONStreamTokenizer()
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        var skippedTopLevel = false
        // The first bytes, held back until they tell whether they begin with a mark.
        var head: [UInt8]? = allowsByteOrderMark ? [] : nil
        // The bytes of a skipped mark: the tokenizer never sees them, so its offsets are that much short.
        var markLength = 0
        while true {
            let count = try source.read(into: &chunk)
            if var bytes = head {
                bytes += chunk[0..<count]
                switch ByteOrderMark.match(atStartOf: bytes, isFinal: count == 0) {
                case .needMoreInput:
                    head = bytes
                    continue
                case .mark:
                    markLength = ByteOrderMark.bytes.count
                    bytes.removeFirst(markLength)
                case .notMark:
                    break
                }
                head = nil
                tokenizer.feed(bytes)
                if count == 0 { tokenizer.finish() }
            } else if count == 0 {
                tokenizer.finish()
            } else {
                tokenizer.feed(chunk[0..<count])
            }
            do throws(JSONError) {
                // Skip the whole top-level value (validating it), then expect the end.
                if !skippedTopLevel {
                    let token = try tokenizer.skipValue()
                    if token.kind == .needMoreInput { continue }
                    skippedTopLevel = true
                }
                let end = try tokenizer.next()
                if end.kind == .endOfInput { return nil }
            } catch {
                var located = error
                located.offset += markLength
                return located
            }
        }
    }
}
