// MARK: - Walking the entries: strings, skips by depth, the cursors' checks

extension JSONDocument {
    /// Entry `entry` as an offset into the bytes.
    @inlinable @inline(__always)
    func offset(_ entry: Int) -> Int { Int(truncatingIfNeeded: entries[entry]) }

    /// The byte entry `entry` points at.
    @inlinable @inline(__always)
    func byte(_ entry: Int, _ base: UnsafePointer<UInt8>) -> UInt8 { base[offset(entry)] }

    /// The entry of the closing quote of the string whose opening quote is entry `open`: the
    /// entries in between are the backslashes of its escapes.
    @inlinable @inline(__always)
    func closingQuote(of open: Int, _ base: UnsafePointer<UInt8>) -> Int {
        var entry = open &+ 1
        while byte(entry, base) == UInt8(ascii: "\\") { entry &+= 1 }
        assert(byte(entry, base) == UInt8(ascii: "\""))
        return entry
    }

    /// The entry right after the value that starts at entry `entry`.
    @inlinable @inline(__always)
    func end(ofValueAt entry: Int, _ base: UnsafePointer<UInt8>) -> Int {
        let first = byte(entry, base)
        if first == UInt8(ascii: "\"") { return closingQuote(of: entry, base) &+ 1 }
        if first | 0x20 == UInt8(ascii: "{") { return skipContainers(from: entry &+ 1, levels: 1, base) }
        return entry &+ 1
    }

    /// Walks from entry `entry` until `levels` containers more have closed than opened, and
    /// returns the entry after the last close. Only brackets count: `[` and `{` are 0x5B and
    /// 0x7B, `]` and `}` 0x5D and 0x7D, and no other entry's byte (quotes, backslashes, `:`,
    /// `,`, the first bytes of numbers and literals) ORed with 0x20 gives either.
    @inlinable
    func skipContainers(from entry: Int, levels: Int, _ base: UnsafePointer<UInt8>) -> Int {
        var entry = entry
        var depth = levels
        while true {
            let folded = byte(entry, base) | 0x20
            entry &+= 1
            if folded == UInt8(ascii: "{") {
                depth &+= 1
            } else if folded == UInt8(ascii: "}") {
                depth &-= 1
                if depth == 0 { return entry }
            }
        }
    }

    /// Whether the container cursor at `depth` whose `{` or `[` is entry `start` is still open.
    @inlinable @inline(__always)
    func isOpen(depth: Int, start: Int) -> Bool {
        state.pointee.depth >= depth && openStarts[depth] == start
    }

    /// Brings the walk back to the level of the open container at `depth`: closes what is left of
    /// the containers inside it, and skips the value it handed out last if that is still unread.
    /// The walk then stands at a `,`, the container's close, or (right after its opening bracket)
    /// its first member.
    @inlinable @inline(__always)
    func settle(atDepth depth: Int, _ base: UnsafePointer<UInt8>) {
        if state.pointee.depth > depth {
            state.pointee.position = skipContainers(
                from: state.pointee.position, levels: state.pointee.depth &- depth, base)
            state.pointee.depth = depth
            state.pointee.pending = -1
        }
        if state.pointee.position == state.pointee.pending {
            state.pointee.position = end(ofValueAt: state.pointee.position, base)
            state.pointee.pending = -1
        }
    }

    /// Takes the close of the container at `depth` (whose bracket is entry `start`), at the
    /// walk's position.
    @inlinable @inline(__always)
    func close(depth: Int, start: Int) {
        state.pointee.position &+= 1
        state.pointee.depth = depth &- 1
        state.pointee.pending = -1
        state.pointee.closedStart = start
        state.pointee.closedEnd = state.pointee.position
    }

    /// Whether the container at `depth` (bracket at entry `start`) was closed by its own cursor
    /// and nothing moved since: asking it for more says "no more".
    @inlinable @inline(__always)
    func isJustClosed(depth: Int, start: Int) -> Bool {
        state.pointee.closedStart == start && state.pointee.closedEnd == state.pointee.position
            && state.pointee.depth == depth &- 1
    }

    /// Opens the container at entry `entry` (the walk stands there) one level below the walk's.
    @inlinable @inline(__always)
    func open(at entry: Int) -> Int {
        let depth = state.pointee.depth &+ 1
        state.pointee.depth = depth
        state.pointee.position = entry &+ 1
        state.pointee.pending = -1
        openStarts[depth] = entry
        return depth
    }

    /// Whether the raw key whose quotes are entries `open` and `close` means `name` (decoded
    /// first when it has escapes).
    @inlinable @inline(__always)
    func key(open: Int, close: Int, equals name: UnsafeBufferPointer<UInt8>, _ base: UnsafePointer<UInt8>) -> Bool {
        let start = offset(open) &+ 1
        let count = offset(close) &- start
        if close == open &+ 1 {
            guard count == name.count else { return false }
            guard count > 0 else { return true }
            return Self.bytesEqual(base + start, name.baseAddress!, count)
        }
        return Self.escaped(UnsafeBufferPointer(start: base + start, count: count), equals: name)
    }

    /// Whether raw string contents with escapes mean `name`.
    @usableFromInline
    static func escaped(_ raw: UnsafeBufferPointer<UInt8>, equals name: UnsafeBufferPointer<UInt8>) -> Bool {
        // A decoded string is never longer than its raw form.
        guard name.count <= raw.count else { return false }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(raw.count)
        JSONStringDecoder.decode(raw, into: &decoded)
        return decoded.elementsEqual(name)
    }

    /// Whether `count` bytes at `a` and at `b` are the same, eight at a time (no C library here).
    @inlinable @inline(__always)
    static func bytesEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        var index = 0
        while index &+ 8 <= count {
            let left = UnsafeRawPointer(a + index).loadUnaligned(as: UInt64.self)
            let right = UnsafeRawPointer(b + index).loadUnaligned(as: UInt64.self)
            if left != right { return false }
            index &+= 8
        }
        while index < count {
            if a[index] != b[index] { return false }
            index &+= 1
        }
        return true
    }
}
