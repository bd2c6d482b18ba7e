import Testing

@testable import LimeServer

#if canImport(Glibc)
    import Glibc
#endif

/// The connection's read buffer (its copies are the unsafe code of the server): filled from a
/// socket in pieces, searched, taken from, compacted and grown, given back when empty.
@Suite struct InputBufferTests {
    @Test func fillsTakesCompactsAndGrows() throws {
        var ends: [Int32] = [0, 0]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &ends) == 0)
        defer {
            close(ends[0])
            close(ends[1])
        }
        SocketIO.setNonBlocking(ends[0])
        let bytes = (0..<(3 * InputBuffer.initialCapacity + 123)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
        var buffer = InputBuffer()
        var taken: [UInt8] = []
        var sent = 0
        var turn = 0
        while taken.count < bytes.count {
            // Send a piece of a varying size, read it, take part of what is there.
            let piece = min([1, 700, 5000, 20000][turn % 4], bytes.count - sent)
            if piece > 0 {
                _ = bytes[sent..<(sent + piece)].withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) }
                sent += piece
            }
            while buffer.count < min(bytes.count - taken.count, 1) || (piece > 0 && buffer.count + taken.count < sent) {
                #expect(try buffer.fill(from: ends[0], until: SocketIO.now() + 5) > 0)
            }
            if let index = buffer.firstIndex(of: bytes[taken.count + buffer.count - 1], from: buffer.count - 1) {
                #expect(index == buffer.count - 1)
            }
            if turn % 3 == 0 {
                taken += buffer.take(max(1, buffer.count / 2))
            } else {
                var out = [UInt8](repeating: 0, count: 3000)
                let count = out.withUnsafeMutableBytes { buffer.take(into: $0, limit: 2500) }
                taken += out[..<count]
            }
            turn += 1
            if sent == bytes.count && buffer.isEmpty { break }
        }
        #expect(taken == bytes)
        #expect(buffer.storage.count > InputBuffer.initialCapacity, "the buffer never grew")
        buffer.release()
        #expect(buffer.storage.isEmpty)
    }

    @Test func aClosedPeerReadsAsZeroAndADeadlineAsTimedOut() throws {
        var ends: [Int32] = [0, 0]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &ends) == 0)
        defer { close(ends[0]) }
        SocketIO.setNonBlocking(ends[0])
        var buffer = InputBuffer()
        #expect(throws: SocketError(call: "poll", kind: .timedOut)) {
            try buffer.fill(from: ends[0], until: SocketIO.now() + 0.05)
        }
        close(ends[1])
        #expect(try buffer.fill(from: ends[0], until: SocketIO.now() + 1) == 0)
    }
}
