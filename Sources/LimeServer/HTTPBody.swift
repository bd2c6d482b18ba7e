import LimeUserlike

/// A request's body as it arrives: a ``ByteSource`` the export reader pulls from, so the payload
/// goes through the tokenizer and extractor piece by piece, never gathered first. It decodes the
/// chunked coding (RFC 9112 section 7.1), stops at the body's end so the next request on the
/// connection is left intact, enforces the size limit and the body's deadline, and sends
/// `100 Continue` on the first read when the client waits for it (so a request refused before its
/// body is read never gets one).
///
/// A failure is kept in ``failure`` (the reader above sees an `ExportError.io`): the server then
/// answers with its status and closes the connection.
public final class HTTPBody: ByteSource {
    enum Chunked: Equatable {
        case size
        case data(Int)
        case dataEnd
        case trailers(Int)
    }

    let connection: HTTPConnection
    let framing: HTTPRequestHead.Framing
    let maximum: Int
    let deadline: Double
    var expectsContinue: Bool
    var remaining: Int
    var chunked = Chunked.size
    /// Bytes of the body on the wire so far (chunk framing included): offsets of framing errors.
    var wireOffset = 0
    /// Bytes of content handed out so far.
    public private(set) var contentLength = 0
    /// Whether the whole body was read, up to the end of its framing.
    public private(set) var isComplete: Bool
    /// Why reading stopped, when it failed.
    public private(set) var failure: HTTPRequestError?
    /// A name for messages.
    public let name = "request body"

    /// Longest chunk-size line (with extensions) and trailer block accepted.
    static let chunkLineLimit = 4096
    static let trailerLimit = 16 << 10

    init(connection: HTTPConnection, head: HTTPRequestHead, maximum: Int, deadline: Double) {
        self.connection = connection
        framing = head.framing
        self.maximum = maximum
        self.deadline = deadline
        expectsContinue = head.expectsContinue
        switch head.framing {
        case .none:
            remaining = 0
            isComplete = true
        case .length(let length):
            remaining = length
            isComplete = false
        case .chunked:
            remaining = 0
            isComplete = false
        }
    }

    /// Reads up to `buffer.count` bytes of content; 0 at the body's end.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(ExportError) -> Int {
        do throws(HTTPRequestError) {
            return try readContent(into: buffer)
        } catch {
            if failure == nil { failure = error }
            throw ExportError.io(error.description)
        }
    }

    /// Reads and drops the rest of the body; false when that failed (the connection must close).
    func discardRest() -> Bool {
        var scratch = [UInt8](repeating: 0, count: 16 << 10)
        while !isComplete {
            let count = scratch.withUnsafeMutableBytes { try? read(into: $0) }
            guard let count, count > 0 || isComplete else { return false }
        }
        return failure == nil
    }

    func readContent(into buffer: UnsafeMutableRawBufferPointer) throws(HTTPRequestError) -> Int {
        if let failure { throw failure }
        if isComplete || buffer.count == 0 { return 0 }
        if expectsContinue {
            expectsContinue = false
            try connection.sendContinue()
        }
        switch framing {
        case .none: return 0
        case .length: return try readLength(into: buffer)
        case .chunked: return try readChunked(into: buffer)
        }
    }

    private func readLength(into buffer: UnsafeMutableRawBufferPointer) throws(HTTPRequestError) -> Int {
        if connection.input.isEmpty { try fill() }
        let count = connection.input.take(into: buffer, limit: remaining)
        try counted(count)
        remaining -= count
        wireOffset += count
        if remaining == 0 { isComplete = true }
        return count
    }

    private func readChunked(into buffer: UnsafeMutableRawBufferPointer) throws(HTTPRequestError) -> Int {
        while true {
            switch chunked {
            case .size:
                let line = try line(limit: Self.chunkLineLimit)
                let size = try Self.chunkSize(line, offset: wireOffset)
                wireOffset += line.count + 2
                chunked = size == 0 ? .trailers(0) : .data(size)
            case .data(let left):
                if connection.input.isEmpty { try fill() }
                let count = connection.input.take(into: buffer, limit: left)
                try counted(count)
                wireOffset += count
                chunked = count == left ? .dataEnd : .data(left - count)
                return count
            case .dataEnd:
                while connection.input.count < 2 { try fill() }
                guard connection.input[0] == 0x0D, connection.input[1] == 0x0A else {
                    throw HTTPRequestError(status: 400, message: "chunk data not followed by CRLF", offset: wireOffset)
                }
                connection.input.consume(2)
                wireOffset += 2
                chunked = .size
            case .trailers(let seen):
                // Trailer fields are read and dropped: nothing here needs them.
                let line = try line(limit: Self.trailerLimit - seen)
                wireOffset += line.count + 2
                if line.isEmpty {
                    isComplete = true
                    return 0
                }
                if line[0] == 0x20 || line[0] == 0x09 || !line.contains(UInt8(ascii: ":")) {
                    throw HTTPRequestError(
                        status: 400, message: "a malformed trailer field", offset: wireOffset - line.count - 2)
                }
                chunked = .trailers(seen + line.count + 2)
            }
        }
    }

    /// A CRLF-terminated line from the input, without its CRLF.
    private func line(limit: Int) throws(HTTPRequestError) -> [UInt8] {
        var searched = 0
        while true {
            if let feed = connection.input.firstIndex(of: 0x0A, from: searched) {
                guard feed > 0, connection.input[feed - 1] == 0x0D else {
                    throw HTTPRequestError(
                        status: 400, message: "a chunk line ends in a bare LF", offset: wireOffset + feed)
                }
                let line = connection.input.take(feed + 1)
                return Array(line.dropLast(2))
            }
            searched = connection.input.count
            guard searched <= limit else {
                throw HTTPRequestError(
                    status: limit == Self.chunkLineLimit ? 400 : 431, message: "a chunk line or trailer block too long",
                    offset: wireOffset)
            }
            try fill()
        }
    }

    /// The size of a chunk-size line: hexadecimal digits (at most 15, no overflow), then nothing
    /// or chunk extensions, which are ignored (RFC 9112 section 7.1.1).
    static func chunkSize(_ line: [UInt8], offset: Int) throws(HTTPRequestError) -> Int {
        var size = 0
        var digits = 0
        for byte in line {
            let value: Int
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = Int(byte - 0x30)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = Int(byte - 0x57)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = Int(byte - 0x37)
            default: value = -1
            }
            guard value >= 0 else { break }
            digits += 1
            guard digits <= 15 else {
                throw HTTPRequestError(status: 413, message: "a chunk size too large", offset: offset)
            }
            size = size * 16 + value
        }
        guard digits > 0 else {
            throw HTTPRequestError(status: 400, message: "a chunk size that is not hexadecimal", offset: offset)
        }
        // Extensions: optional whitespace, then ';' (RFC 9112 section 7.1.1); nothing else.
        let rest = line[digits...].drop(while: { $0 == 0x20 || $0 == 0x09 })
        if !(line.count == digits) {
            guard rest.first == UInt8(ascii: ";"), rest.allSatisfy({ ($0 >= 0x20 && $0 != 0x7F) || $0 == 0x09 }) else {
                throw HTTPRequestError(status: 400, message: "junk after a chunk size", offset: offset + digits)
            }
        }
        return size
    }

    private func counted(_ count: Int) throws(HTTPRequestError) {
        contentLength += count
        if contentLength > maximum {
            throw HTTPRequestError(status: 413, message: "the body is larger than \(maximum) bytes", offset: wireOffset)
        }
    }

    private func fill() throws(HTTPRequestError) {
        let read: Int
        do throws(SocketError) {
            read = try connection.input.fill(from: connection.descriptor, until: deadline)
        } catch {
            if error.kind == .timedOut {
                throw HTTPRequestError(status: 408, message: "the body did not arrive in time", offset: wireOffset)
            }
            throw HTTPRequestError(status: 400, message: "reading the body failed: \(error)", offset: wireOffset)
        }
        if read == 0 {
            throw HTTPRequestError(status: 400, message: "the connection ended before the body did", offset: wireOffset)
        }
    }
}
