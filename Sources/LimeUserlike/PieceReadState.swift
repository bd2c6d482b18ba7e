import LimeJSON

/// The calling thread's read state: bytes read but not yet cut into pieces.
struct PieceReadState {
    let source: ByteSource
    let chunk: Int
    private var buffer: ReadBuffer

    init(source: ByteSource, chunk: Int) {
        self.source = source
        self.chunk = chunk
        buffer = ReadBuffer(capacity: chunk * 2)
    }

    var count: Int { buffer.count }
    var isAtEnd: Bool { buffer.isAtEnd }
    subscript(index: Int) -> UInt8 { buffer[index] }

    /// Reads one more chunk (less at the end of the input).
    mutating func read() throws(ExportError) {
        // Exactly one chunk: cuts are looked for after each, and a larger read would make larger pieces.
        try buffer.read(from: source, atLeast: chunk, atMost: chunk)
    }

    func withPending<R>(_ from: Int, _ to: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        buffer.withWindow(from: from, to: to, body)
    }

    /// Hands bytes `[0, count)` over as a piece's buffer, without copying them.
    mutating func take(_ count: Int) -> ReadBuffer {
        buffer.split(at: count, capacity: chunk * 2)
    }

    /// The bytes `[0, count)` as an array.
    func copy(_ count: Int) -> [UInt8] {
        buffer.withWindow(from: 0, to: count) { Array($0) }
    }

    /// All pending bytes.
    var pending: [UInt8] { copy(buffer.count) }

    /// The length of a byte order mark at the start of the pending bytes (3, or 0 when there is
    /// none), reading as needed to tell.
    mutating func byteOrderMarkLength() throws(ExportError) -> Int {
        while true {
            switch withPending(0, count, { ByteOrderMark.match(atStartOf: $0, isFinal: isAtEnd) }) {
            case .mark: return ByteOrderMark.bytes.count
            case .notMark: return 0
            case .needMoreInput: try read()
            }
        }
    }

    /// The index of the first byte that is not JSON whitespace, reading as needed; nil when the
    /// input holds nothing else.
    mutating func firstNonWhitespace() throws(ExportError) -> Int? {
        var index = 0
        while true {
            while index < buffer.count {
                let byte = buffer[index]
                if byte != 0x20 && byte != 0x0A && byte != 0x0D && byte != 0x09 { return index }
                index += 1
            }
            if isAtEnd { return nil }
            try read()
        }
    }

    mutating func drop(_ count: Int) {
        buffer.cursor = count
        buffer.discard(before: count)
    }
}
