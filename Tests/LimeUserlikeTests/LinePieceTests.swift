import Testing

@testable import LimeUserlike

/// `Conversation.LinePiece`, through which a line's pieces are written straight into the output
/// array: every way of reading it as a sequence gives the bytes its writer writes.
@Suite struct LinePieceTests {
    /// A piece of `count` bytes 1, 2, 3, ... (wrapping), written a byte at a time.
    static func piece(_ count: Int, _ body: (Conversation.LinePiece) -> Void) {
        let write = { (writer: inout Conversation.LineWriter) in
            for index in 0..<count { writer.write(UInt8(truncatingIfNeeded: index + 1)) }
        }
        body(Conversation.LinePiece(count: count, piece: write))
    }

    static func expected(_ count: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: $0 + 1) } }

    @Test(arguments: [0, 1, 31, 4096, 70_000])
    func appendedCopiedAndIterated(_ count: Int) {
        Self.piece(count) { piece in
            var out: [UInt8] = [9, 9]
            out.append(contentsOf: piece)
            #expect(out == [9, 9] + Self.expected(count))
            #expect(Array(piece) == Self.expected(count))
            var iterated: [UInt8] = []
            for byte in piece { iterated.append(byte) }
            #expect(iterated == Self.expected(count))
        }
    }

    /// A buffer smaller than the piece takes what fits; the iterator returned holds the rest.
    @Test func intoLessRoom() {
        Self.piece(100) { piece in
            let room = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 40)
            defer { room.deallocate() }
            var (rest, written) = piece._copyContents(initializing: room)
            #expect(written == 40 && Array(room) == Array(Self.expected(100).prefix(40)))
            var tail: [UInt8] = []
            while let byte = rest.next() { tail.append(byte) }
            #expect(tail == Array(Self.expected(100).dropFirst(40)))
        }
    }
}
