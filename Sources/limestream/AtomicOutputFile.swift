#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `--output FILE`: the output goes to a temporary file in FILE's folder (`.FILE.limestream-XXXXXX`,
/// so the rename stays on one file system and is atomic) and is renamed to FILE when the run
/// succeeds. A run that fails, or is interrupted (SIGINT, SIGTERM, SIGHUP), removes the temporary
/// file: FILE is then exactly what it was before (absent, or the previous complete output),
/// never half an output.
final class AtomicOutputFile {
    /// The path the output gets on success.
    let path: String
    /// Where it is written meanwhile.
    let temporaryPath: String
    /// The stream the command writes to.
    let stream: OutputStream
    private var descriptor: Int32

    /// The temporary file's path for the signal handler, which may only make async-signal-safe
    /// calls (`unlink`), so it is kept as a C string made in advance.
    nonisolated(unsafe) private static var pendingPath: UnsafeMutablePointer<CChar>?

    /// Creates the temporary file beside `path`.
    ///
    /// - Throws: ``UsageError`` naming the folder when the file cannot be made there.
    init(path: String) throws(UsageError) {
        self.path = path
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard !base.isEmpty else { throw UsageError(message: "--output needs a file name, not a folder: \(path)") }
        var template = Array("\(folder).\(base).limestream-XXXXXX".utf8CString)
        let opened = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard opened >= 0 else {
            throw UsageError(
                message:
                    "--output: cannot create a file in \(folder.isEmpty ? "." : folder): \(String(cString: strerror(errno)))"
            )
        }
        _ = fcntl(opened, F_SETFD, FD_CLOEXEC)
        // mkstemp makes the file 0600; the output gets what a shell redirection would give it.
        let mask = umask(0)
        umask(mask)
        _ = fchmod(opened, 0o666 & ~mask)
        descriptor = opened
        temporaryPath = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        stream = OutputStream(descriptor: opened, threshold: 1 << 20, name: path)
        Self.pendingPath = strdup(temporaryPath)
        // A parent may hand its blocked signals down (Foundation's Process does): the handlers
        // below are what keeps FILE clean, so these signals are let through.
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&unblocked, signalNumber) }
        sigprocmask(SIG_UNBLOCK, &unblocked, nil)
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber) { number in
                if let path = AtomicOutputFile.pendingPath { unlink(path) }
                signal(number, SIG_DFL)
                raise(number)
            }
        }
    }

    /// Flushes the output and renames it into place; on a failed write, removes it instead.
    ///
    /// - Returns: whether FILE now holds the output.
    func commit() -> Bool {
        stream.flush()
        guard stream.failure == nil else {
            discard()
            return false
        }
        let closed = close(descriptor)
        descriptor = -1
        guard closed == 0 else {
            printError("limestream: cannot write \(path): \(String(cString: strerror(errno)))")
            discard()
            return false
        }
        guard rename(temporaryPath, path) == 0 else {
            printError("limestream: cannot rename the output to \(path): \(String(cString: strerror(errno)))")
            discard()
            return false
        }
        forget()
        return true
    }

    /// Removes the temporary file; FILE is left as it was.
    func discard() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        unlink(temporaryPath)
        forget()
    }

    private func forget() {
        let pending = Self.pendingPath
        Self.pendingPath = nil
        free(pending)
    }
}
