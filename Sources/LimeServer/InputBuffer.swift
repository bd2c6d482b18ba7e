/// The bytes read from a connection and not yet consumed: a head being scanned, the start of a
/// body, or the next pipelined request. Storage is taken only once there is something to read
/// and given back when an idle connection has nothing left, so a thousand idle connections hold
/// no buffers.
struct InputBuffer {
    private(set) var storage: [UInt8] = []
    private(set) var start = 0
    private(set) var end = 0
    static let initialCapacity = 16 << 10

    /// Bytes available.
    var count: Int { end - start }
    var isEmpty: Bool { start == end }

    /// The available bytes (a copy of at most `limit`).
    func peek(_ limit: Int) -> ArraySlice<UInt8> { storage[start..<min(end, start + limit)] }

    subscript(offset: Int) -> UInt8 { storage[start + offset] }

    /// The offset (from the start) of the first `byte` at or after `from`, or nil.
    func firstIndex(of byte: UInt8, from: Int) -> Int? {
        guard start + from < end else { return nil }
        return storage[(start + from)..<end].firstIndex(of: byte).map { $0 - start }
    }

    /// Takes `count` bytes out.
    mutating func take(_ count: Int) -> [UInt8] {
        let bytes = Array(storage[start..<(start + count)])
        consume(count)
        return bytes
    }

    /// Copies up to `buffer.count` bytes out; returns how many.
    mutating func take(into buffer: UnsafeMutableRawBufferPointer, limit: Int) -> Int {
        let count = min(count, buffer.count, limit)
        guard count > 0 else { return 0 }
        storage.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + start, byteCount: count) }
        consume(count)
        return count
    }

    mutating func consume(_ count: Int) {
        start += count
        if start == end {
            start = 0
            end = 0
        }
    }

    /// Gives the storage back when nothing is buffered (an idle connection).
    mutating func release() {
        if isEmpty { storage = [] }
    }

    /// Reads more from `descriptor` (at least one byte, or 0 at the peer's end of stream) until
    /// `deadline`.
    mutating func fill(from descriptor: Int32, until deadline: Double) throws(SocketError) -> Int {
        if storage.isEmpty { storage = [UInt8](repeating: 0, count: Self.initialCapacity) }
        if end == storage.count {
            if start > 0 {
                let (from, length) = (start, end - start)
                storage.withUnsafeMutableBytes {
                    $0.baseAddress!.copyMemory(from: $0.baseAddress! + from, byteCount: length)
                }
                end = length
                start = 0
            } else {
                storage.append(contentsOf: repeatElement(0, count: storage.count))
            }
        }
        let filled = end
        // `withUnsafeMutableBytes` rethrows untyped errors: the result comes out as a value.
        let result = storage.withUnsafeMutableBytes { raw in
            Result { () throws(SocketError) in
                try SocketIO.receive(
                    descriptor, into: UnsafeMutableRawBufferPointer(rebasing: raw[filled...]), until: deadline)
            }
        }
        let read = try result.get()
        end += read
        return read
    }
}
