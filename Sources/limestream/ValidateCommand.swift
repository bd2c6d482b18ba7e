import LimeJSON
import LimeUserlike

/// `limestream validate FILE... | -`: checks that each input is exactly one valid JSON text,
/// streaming it in 1 MiB chunks so memory does not grow with the file.
enum ValidateCommand {
    static func run(_ arguments: [String]) throws(UsageError) -> ExitCode {
        guard !arguments.isEmpty else { throw UsageError(message: "validate needs at least one FILE, or - for standard input") }
        if let option = arguments.first(where: { $0.hasPrefix("-") && $0 != "-" }) {
            throw UsageError(message: "validate: unknown option \(option)")
        }
        var result = ExitCode.success
        for path in arguments {
            let name = path == "-" ? "<stdin>" : path
            do {
                if let error = try validate(source: try FileByteSource(path: path)) {
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
    static func validate(source: ByteSource, chunkSize: Int = 1 << 20) throws(ExportError) -> JSONError? {
        var tokenizer = JSONStreamTokenizer()
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        var skippedTopLevel = false
        while true {
            let read = chunk.withUnsafeMutableBytes { bytes in Result { () throws(ExportError) in try source.read(into: bytes) } }
            let count = try read.get()
            if count == 0 {
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
                return error
            }
        }
    }
}
