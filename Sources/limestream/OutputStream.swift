import LimeUserlike

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A buffered writer to a file descriptor (stdout, stderr): output is built in memory and written
/// in large blocks, so writing millions of lines costs a few system calls.
/// Used from the main thread only (the CLI's commands run there), hence `@unchecked Sendable`.
///
/// A write that fails (a full disk, `/dev/full`, a closed descriptor) is not lost in silence: the
/// first failure is kept in ``failure``, said once on standard error
/// (`limestream: cannot write standard output: No space left on device`), and everything written
/// after it is dropped. Commands look at ``failure`` after each block they hand over, to stop
/// reading input that can no longer be written, and `main` turns it into exit code 2.
final class OutputStream: @unchecked Sendable {
    private let descriptor: Int32
    /// The output's name for the failure message; nil for standard error, which cannot report on itself.
    private let name: String?
    private(set) var buffer: [UInt8] = []
    private let threshold: Int
    /// The first write that failed; once set, nothing more is written.
    private(set) var failure: OutputError?
    /// Every write goes out at once (line at a time): set when the output is a terminal, where a
    /// person waits for each line; elsewhere blocks are what make millions of lines cheap.
    var flushesEveryWrite = false

    /// Sets ``flushesEveryWrite`` when the descriptor is a terminal: what the commands that write
    /// a line per input or conversation (`validate`, `extract`, `convert`) do before they start.
    func flushEveryWriteOnTerminal() {
        flushesEveryWrite = isatty(descriptor) == 1
    }

    static let standardOutput = OutputStream(descriptor: 1, threshold: 1 << 20, name: "standard output")
    static let standardError = OutputStream(descriptor: 2, threshold: 0, name: nil)

    init(descriptor: Int32, threshold: Int, name: String?) {
        self.descriptor = descriptor
        self.threshold = threshold
        self.name = name
        buffer.reserveCapacity(threshold + 4096)
    }

    /// Appends through `body`, flushing when the buffer is full.
    func append(_ body: (inout [UInt8]) -> Void) {
        body(&buffer)
        if buffer.count > threshold || flushesEveryWrite { flush() }
    }

    /// Writes bytes: large blocks go straight to the descriptor after what is buffered.
    func write(bytes: [UInt8]) {
        if bytes.count < threshold / 4 {
            append { $0.append(contentsOf: bytes) }
            return
        }
        flush()
        bytes.withUnsafeBytes { writeAll($0) }
    }

    /// Appends text.
    func write(_ text: String) {
        append { $0.append(contentsOf: text.utf8) }
    }

    /// Writes everything buffered.
    func flush() {
        buffer.withUnsafeBytes { writeAll($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes all of `bytes`, retrying after a signal and waiting while a non-blocking descriptor
    /// is full; any other error is a ``failure``.
    private func writeAll(_ bytes: UnsafeRawBufferPointer) {
        guard failure == nil, let base = bytes.baseAddress else { return }
        var written = 0
        while written < bytes.count {
            let result = systemWrite(descriptor, base + written, bytes.count - written)
            if result >= 0 {
                written += result
                continue
            }
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK {
                // Someone made the descriptor non-blocking (a shared terminal or pipe): it is full,
                // not broken. Wait until it takes bytes again.
                if let error = waitUntilWritable() { return fail(error) }
                continue
            }
            return fail(code)
        }
    }

    /// Blocks until the descriptor can take bytes (or reports an error, which the next write
    /// then names); returns `errno` when waiting itself failed.
    private func waitUntilWritable() -> Int32? {
        var entry = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
        while poll(&entry, 1, -1) < 0 {
            if errno != EINTR { return errno }
        }
        return nil
    }

    private func fail(_ code: Int32) {
        let error = OutputError(name: name ?? "standard error", code: code)
        // The buffer is not touched here: `flush` is reading it, and empties it afterwards.
        failure = error
        if name != nil { OutputStream.standardError.write("limestream: \(error)\n") }
    }
}

/// Writes one line to standard error at once.
func printError(_ message: String) {
    OutputStream.standardOutput.flush()
    ProgressMeter.active?.clearLine()
    OutputStream.standardError.write(message + "\n")
}
