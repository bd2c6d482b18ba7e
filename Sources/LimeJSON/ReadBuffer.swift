/// A reader's window on its input: bytes `[0, count)` of `storage` hold input from absolute
/// offset `baseOffset`; `cursor` is the next unread byte. The one owner of read memory in the
/// package (LimeUserlike's export readers read through it): it allocates, grows, moves and frees
/// the window, and hands out tokenizers over it, so the layers above form no pointer of their own.
///
/// A buffer may also borrow an input that is all in memory already (``init(borrowing:)``): it
/// then reads nothing and copies nothing, its window is the caller's memory, attached for the
/// duration of each use (``attach(_:)``), and dropping bytes only moves the window's start.
package struct ReadBuffer {
    private final class Storage {
        var pointer: UnsafeMutablePointer<UInt8>
        var capacity: Int
        /// For borrowed memory: how far the window's start has moved into it.
        var origin = 0
        /// For borrowed memory: a byte of our own that `pointer` holds until the first `attach`.
        private let placeholder: UnsafeMutablePointer<UInt8>?
        var isBorrowed: Bool { placeholder != nil }
        init(capacity: Int) {
            self.capacity = capacity
            pointer = .allocate(capacity: capacity)
            placeholder = nil
        }
        init(borrowing count: Int) {
            capacity = count
            let placeholder = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
            placeholder.initialize(to: 0)
            self.placeholder = placeholder
            pointer = placeholder
        }
        deinit { (placeholder ?? pointer).deallocate() }
    }

    private var storage: Storage
    package private(set) var count = 0
    package private(set) var baseOffset = 0
    package private(set) var isAtEnd = false
    package var cursor = 0

    package init(capacity: Int, baseOffset: Int = 0) {
        storage = Storage(capacity: capacity)
        self.baseOffset = baseOffset
    }

    /// A window over `count` bytes of input already in memory, which the owner attaches with
    /// ``attach(_:)`` before each use. It is never written to.
    package init(borrowing count: Int) {
        storage = Storage(borrowing: count)
        self.count = count
        isAtEnd = true
    }

    /// Points a borrowing buffer at its input's first byte; valid until the next `attach`, and
    /// only while the caller keeps that memory alive and unchanged.
    package func attach(_ base: UnsafePointer<UInt8>) {
        storage.pointer = UnsafeMutablePointer(mutating: base) + storage.origin
    }

    /// Hands bytes `[0, cut)` over as a buffer of their own, holding the whole input of a piece,
    /// and keeps the rest in new memory of the same capacity. The bulk is not copied: the piece
    /// takes this buffer's memory, and only the tail after the cut moves. The new memory holds
    /// `capacity` bytes, or the tail if that is more (so one large element does not make every
    /// later piece large).
    package mutating func split(at cut: Int, capacity: Int) -> ReadBuffer {
        precondition(!storage.isBorrowed, "parallel pieces are cut from read memory only")
        var head = self
        head.count = cut
        head.cursor = 0
        head.isAtEnd = true
        let tail = count - cut
        let fresh = Storage(capacity: max(capacity, tail, 1))
        if tail > 0 { fresh.pointer.update(from: storage.pointer + cut, count: tail) }
        storage = fresh
        count = tail
        cursor = max(0, cursor - cut)
        baseOffset += cut
        return head
    }

    /// Makes byte 0 stand at absolute offset `offset`.
    package mutating func rebase(to offset: Int) {
        baseOffset = offset
    }

    package subscript(index: Int) -> UInt8 { storage.pointer[index] }

    /// The room the window has.
    package var capacity: Int { storage.capacity }

    /// Runs `body` with the bytes from the cursor to the end of the window and their absolute offset.
    package func withWindow<R>(_ body: (UnsafeBufferPointer<UInt8>, Int) -> R) -> R {
        body(UnsafeBufferPointer(start: storage.pointer + cursor, count: count - cursor), baseOffset + cursor)
    }

    /// A tokenizer over the window from index `index` to its end (final when the input has
    /// ended). It borrows the window: valid until the next `read`, `discard` or `attach`, after
    /// each of which the owner points it at the new window (``resume(_:from:)``).
    package func tokenizer(
        from index: Int, context: JSONTokenizer.Context = .value, options: JSONTokenizer.Options
    ) -> JSONTokenizer {
        JSONTokenizer(
            unsafeBytes: UnsafeBufferPointer(start: storage.pointer + index, count: count - index),
            baseOffset: baseOffset + index, isFinal: isAtEnd, context: context, options: options)
    }

    /// Points `tokenizer` at the window from index `index` on, after the window changed.
    package func resume(_ tokenizer: inout JSONTokenizer, from index: Int) {
        tokenizer.resume(
            with: UnsafeBufferPointer(start: storage.pointer + index, count: count - index),
            baseOffset: baseOffset + index, isFinal: isAtEnd)
    }

    /// Runs `body` with window bytes `[from, to)`.
    package func withWindow<R>(from: Int, to: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        body(UnsafeBufferPointer(start: storage.pointer + from, count: to - from))
    }

    /// Moves the cursor past JSON whitespace; returns the byte there, or nil when the window ends.
    package mutating func skipWhitespace(lines: inout JSONLineTracker) -> UInt8? {
        let pointer = storage.pointer
        while cursor < count {
            let byte = pointer[cursor]
            guard JSONByte.isWhitespace(byte) else { return byte }
            if byte == 0x0A { lines.lineFeed(at: baseOffset + cursor) }
            cursor += 1
        }
        return nil
    }

    /// Drops bytes before index `keep`; indices shift down by `keep`.
    package mutating func discard(before keep: Int) {
        guard keep > 0 else { return }
        let remaining = count - keep
        if storage.isBorrowed {
            storage.origin += keep
            storage.pointer += keep
            storage.capacity -= keep
        } else if remaining > 0 {
            storage.pointer.update(from: storage.pointer + keep, count: remaining)
        }
        count = remaining
        cursor -= keep
        baseOffset += keep
    }

    /// Reads at least `atLeast` more bytes with `fill`, or up to the input's end; never more than
    /// `atMost` (default: as much as fits). `fill` reads into the room it is given and returns the
    /// bytes it read, 0 at the end of the input.
    package mutating func read<Failure: Error>(
        atLeast: Int, atMost: Int = .max, with fill: (UnsafeMutableRawBufferPointer) throws(Failure) -> Int
    ) throws(Failure) {
        // A borrowed input is all there: nothing to read.
        if storage.isBorrowed { return }
        let needed = count + atLeast
        if needed > storage.capacity {
            var capacity = storage.capacity
            while capacity < needed { capacity *= 2 }
            let pointer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            pointer.update(from: storage.pointer, count: count)
            storage.pointer.deallocate()
            storage.pointer = pointer
            storage.capacity = capacity
        }
        var added = 0
        while added < atLeast && !isAtEnd {
            let room = min(storage.capacity - count, atMost - added)
            let space = UnsafeMutableRawBufferPointer(start: storage.pointer + count, count: room)
            let read = try fill(space)
            if read == 0 {
                isAtEnd = true
            } else {
                count += read
                added += read
            }
        }
    }
}
