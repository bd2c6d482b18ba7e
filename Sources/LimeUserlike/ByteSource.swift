#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where an export's bytes come from: a file, standard input, or chunks handed over in memory.
public protocol ByteSource: AnyObject {
    /// Reads up to `buffer.count` bytes into `buffer`.
    ///
    /// - Returns: the number of bytes read; 0 only at the end of the input.
    /// - Throws: ``ExportError/io(_:errno:)`` when reading fails.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ExportError) -> Int

    /// A name for messages (`"export.json"`, `"-"`).
    var name: String { get }
}

extension ByteSource {
    /// Reads up to `chunk.count` bytes into the start of `chunk`, a buffer the caller reads into
    /// again and again: ``read(into:)`` for callers that hold arrays, not pointers.
    ///
    /// - Returns: the number of bytes read (`chunk[0..<count]`); 0 only at the end of the input.
    /// - Throws: ``ExportError/io(_:errno:)`` when reading fails.
    public func read(into chunk: inout [UInt8]) throws(ExportError) -> Int {
        // `withUnsafeMutableBytes` rethrows untyped errors: the result comes out as a value.
        let result = chunk.withUnsafeMutableBytes { bytes in
            Result { () throws(ExportError) in try read(into: bytes) }
        }
        return try result.get()
    }
}

/// Reads a file, or standard input, through its file descriptor in large blocks.
public final class FileByteSource: ByteSource {
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    /// The path as given, or `-` for standard input.
    public let name: String

    /// Opens `path` for reading; `-` means standard input.
    ///
    /// - Throws: ``ExportError/io(_:errno:)`` when the file cannot be opened or is a directory.
    public init(path: String) throws(ExportError) {
        name = path
        if path == "-" {
            descriptor = 0
            ownsDescriptor = false
        } else {
            let opened = open(path, O_RDONLY | O_CLOEXEC)
            guard opened >= 0 else { throw .io("\(path): \(String(cString: strerror(errno)))", errno: errno) }
            descriptor = opened
            ownsDescriptor = true
        }
        var info = stat()
        if fstat(descriptor, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            if ownsDescriptor { close(descriptor) }
            throw .io("\(path): is a directory", errno: EISDIR)
        }
        #if os(Linux)
            // A pipe holds 64 KiB by default, so each read returns at most that much; a larger
            // pipe halves the system calls and context switches of `cat export | limestream`.
            if (info.st_mode & S_IFMT) == S_IFIFO {
                let setPipeSize: Int32 = 1031  // F_SETPIPE_SZ, not in the Glibc module
                _ = fcntl(descriptor, setPipeSize, Int32(1 << 20))
            }
        #endif
    }

    /// The open file descriptor (standard input's for `-`), for callers that ask the system
    /// about the file (its size, whether a read would wait); the source keeps reading it.
    package var fileDescriptor: Int32 { descriptor }

    public static func standardInput() -> FileByteSource { try! FileByteSource(path: "-") }

    deinit { if ownsDescriptor { close(descriptor) } }

    /// Reads with `read(2)`, retrying on interruption.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(ExportError) -> Int {
        while true {
            let count = systemRead(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw .io("\(name): \(String(cString: strerror(errno)))", errno: errno)
        }
    }
}

/// Hands over chunks from an iterator, as they come (a network body, a test feeding random splits).
public final class ChunkByteSource<Chunks: IteratorProtocol>: ByteSource where Chunks.Element == [UInt8] {
    private var chunks: Chunks
    private var current: [UInt8] = []
    private var offset = 0
    /// A name for messages.
    public let name: String

    /// Creates a source over `chunks`, read in order.
    public init(_ chunks: Chunks, name: String = "-") {
        self.chunks = chunks
        self.name = name
    }

    /// Copies out of the current chunk, moving to the next when it is used up.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(ExportError) -> Int {
        while offset == current.count {
            guard let next = chunks.next() else { return 0 }
            current = next
            offset = 0
        }
        let count = min(buffer.count, current.count - offset)
        current.withUnsafeBytes { bytes in
            buffer.baseAddress!.copyMemory(from: bytes.baseAddress! + offset, byteCount: count)
        }
        offset += count
        return count
    }
}
