import LimeJSON
import LimeUserlike

/// `limestream validate [--allow-bom] FILE... | -`: checks that each input is exactly one valid
/// JSON text, streaming it in 1 MiB chunks so memory does not grow with the file. A byte order mark
/// is an error, as RFC 8259 has it, unless `--allow-bom` skips one at the start of each input.
enum ValidateCommand {
    static func run(_ arguments: [String]) throws(UsageError) -> ExitCode {
        var arguments = arguments
        let allowsByteOrderMark = arguments.contains("--allow-bom")
        arguments.removeAll { $0 == "--allow-bom" }
        guard !arguments.isEmpty else { throw UsageError(message: "validate needs at least one FILE, or - for standard input") }
        if let option = arguments.first(where: { $0.hasPrefix("-") && $0 != "-" }) {
            throw UsageError(message: "validate: unknown option \(option)")
        }
        var result = ExitCode.success
        for path in arguments {
            let name = path == "-" ? "<stdin>" : path
            do {
                if let error = try validate(source: try FileByteSource(path: path), allowsByteOrderMark: allowsByteOrderMark) {
                    printError("\(name):\(error.line):\(error.column): error: \(error.message) (byte \(error.offset))")
                    if result == .success { result = .fatal }
                } else {
                    OutputStream.standardOutput.write("\(name): ok\n")
                }
                // Output that cannot be written ends the run (main makes it exit code 2).
                if OutputStream.standardOutput.failure != nil { break }
            } catch {
                printError("limestream: \(error)")
                result = .usage
            }
        }
        OutputStream.standardOutput.flush()
        return result
    }

    /// Validates one input; returns its first error, or nil when it is valid.
    ///
    /// - Parameter allowsByteOrderMark: skip one ``ByteOrderMark`` at the start of the input
    ///   (positions as the export readers give them: offsets count its bytes, columns do not).
    static func validate(source: ByteSource, chunkSize: Int = 1 << 20, allowsByteOrderMark: Bool = false) throws(ExportError) -> JSONError? {
        var tokenizer = JSONStreamTokenizer()
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        var skippedTopLevel = false
        // The first bytes, held back until they tell whether they begin with a mark.
        var head: [UInt8]? = allowsByteOrderMark ? [] : nil
        // The bytes of a skipped mark: the tokenizer never sees them, so its offsets are that much short.
        var markLength = 0
        while true {
            let read = chunk.withUnsafeMutableBytes { bytes in Result { () throws(ExportError) in try source.read(into: bytes) } }
            let count = try read.get()
            if var bytes = head {
                bytes += chunk[0..<count]
                switch bytes.withUnsafeBufferPointer({ ByteOrderMark.match(atStartOf: $0, isFinal: count == 0) }) {
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
                bytes.withUnsafeBytes { tokenizer.feed(unsafeBytes: $0) }
                if count == 0 { tokenizer.finish() }
            } else if count == 0 {
                tokenizer.finish()
            } else {
                chunk.withUnsafeBytes { tokenizer.feed(unsafeBytes: UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
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
