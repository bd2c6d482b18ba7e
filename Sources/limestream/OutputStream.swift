#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A buffered writer to a file descriptor (stdout, stderr): output is built in memory and written
/// in large blocks, so writing millions of lines costs a few system calls.
/// Used from the main thread only (the CLI's commands run there), hence `@unchecked Sendable`.
final class OutputStream: @unchecked Sendable {
    private let descriptor: Int32
    private(set) var buffer: [UInt8] = []
    private let threshold: Int

    static let standardOutput = OutputStream(descriptor: 1, threshold: 1 << 20)
    static let standardError = OutputStream(descriptor: 2, threshold: 0)

    init(descriptor: Int32, threshold: Int) {
        self.descriptor = descriptor
        self.threshold = threshold
        buffer.reserveCapacity(threshold + 4096)
    }

    /// Appends through `body`, flushing when the buffer is full.
    func append(_ body: (inout [UInt8]) -> Void) {
        body(&buffer)
        if buffer.count > threshold { flush() }
    }

    /// Writes bytes: large blocks go straight to the descriptor after what is buffered.
    func write(bytes: [UInt8]) {
        if bytes.count < threshold / 4 {
            append { $0.append(contentsOf: bytes) }
            return
        }
        flush()
        Self.writeAll(descriptor, bytes)
    }

    /// Appends text.
    func write(_ text: String) {
        append { $0.append(contentsOf: text.utf8) }
    }

    /// Writes everything buffered.
    func flush() {
        Self.writeAll(descriptor, buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private static func writeAll(_ descriptor: Int32, _ data: [UInt8]) {
        var written = 0
        data.withUnsafeBytes { bytes in
            while written < bytes.count {
                let result = Glibc.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    return
                }
                written += result
            }
        }
    }
}

/// Writes one line to standard error at once.
func printError(_ message: String) {
    OutputStream.standardOutput.flush()
    OutputStream.standardError.write(message + "\n")
}
