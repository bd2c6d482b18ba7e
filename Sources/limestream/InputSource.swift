import LimeUserlike

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One input of a command (a file, or `-` for standard input) as the CLI reads it: the bytes as
/// `FileByteSource` would hand them over, plus what the command line needs to know about them
/// and the library does not: how many bytes were read of how many (progress), whether the input
/// holds any JSON text at all (the empty-input rule), what it looks like when it is clearly not
/// JSON (``InputSniffer``), and when a pipe stalls (so that complete lines are written then).
final class InputSource: ByteSource {
    /// The path as given, or `-`.
    let name: String
    /// The name in messages: the path, or `<stdin>`.
    let displayName: String
    /// Opens and reads the file (or standard input): the library's source, with the CLI's facts
    /// and checks around it.
    private let file: FileByteSource
    private var descriptor: Int32 { file.fileDescriptor }
    /// A regular file (or standard input redirected from one): read as fast as possible, never
    /// watched for stalls.
    let isRegularFile: Bool
    /// Bytes left to read when the input was opened, when that is known (a regular file).
    let size: Int?
    /// Bytes handed out so far.
    private(set) var bytesRead = 0
    /// What the input looks like when it is clearly not JSON text; set by the read that threw.
    private(set) var rejection: InputSniffer.Finding?
    /// Called after each read with the bytes read (progress).
    var onRead: (() -> Void)?
    /// Called before a read of a pipe or terminal that would block: the input stalls, so what is
    /// complete should be written now.
    var onStall: (() -> Void)?
    /// Watches the first bytes: magic numbers, NUL bytes, whether any JSON text begins.
    private var sniffer = InputSniffer()

    /// Opens `path` for reading; `-` means standard input.
    ///
    /// - Throws: ``ExportError/io(_:)`` when the file cannot be opened or is a directory.
    init(path: String) throws(ExportError) {
        name = path
        displayName = path == "-" ? "<stdin>" : path
        file = try FileByteSource(path: path)
        var info = stat()
        isRegularFile = fstat(file.fileDescriptor, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
        if isRegularFile {
            // Standard input redirected from a file may have been read from already.
            let position = lseek(file.fileDescriptor, 0, SEEK_CUR)
            size = max(0, Int(info.st_size) - max(0, Int(position)))
        } else {
            size = nil
        }
    }

    static func size(of path: String) -> Int? {
        var info = stat()
        let found = path == "-" ? fstat(0, &info) == 0 : stat(path, &info) == 0
        guard found, info.st_mode & S_IFMT == S_IFREG else { return nil }
        let position = path == "-" ? max(0, Int(lseek(0, 0, SEEK_CUR))) : 0
        return max(0, Int(info.st_size) - position)
    }

    /// Whether a byte that can begin JSON text was read (an input without one is empty or
    /// whitespace only: an error in every command).
    var sawText: Bool { sniffer.sawText }

    /// Line and column after the last byte read, while only whitespace was read.
    var whitespaceEnd: (line: Int, column: Int) { (sniffer.line, sniffer.column) }

    /// Reads with `read(2)`, retrying on interruption; the first bytes are sniffed.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ExportError) -> Int {
        if !isRegularFile, let onStall, !isReadable() { onStall() }
        let count = try file.read(into: buffer)
        if sniffer.isWatching && count > 0 {
            let bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            if let finding = sniffer.look(at: bytes.bindMemory(to: UInt8.self), offset: bytesRead) {
                rejection = finding
                throw .io("\(displayName): \(finding.message)")
            }
        }
        bytesRead += count
        onRead?()
        return count
    }

    /// Whether a read would return at once (bytes or the end are there).
    private func isReadable() -> Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        while true {
            let ready = poll(&entry, 1, 0)
            if ready >= 0 { return ready > 0 }
            if errno != EINTR { return true }
        }
    }
}
