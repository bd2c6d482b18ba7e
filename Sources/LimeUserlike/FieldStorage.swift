import LimeJSON

/// Where one extracted value sits in a conversation's ``FieldStorage``.
///
/// 16 bytes (it was 24): a transcript of a million messages holds six million of them.
struct FieldSlot: Sendable {
    enum Kind: UInt8, Sendable {
        case null, `true`, `false`, number, string, json
    }
    /// The segment (``FieldStorage/segmentShift`` bits up) and the offset in it: in a storage of
    /// one segment, the offset itself.
    var start: Int
    /// The low 32 bits of the byte count.
    private var countLow: UInt32
    /// Bits 32 to 39 of the byte count: values up to a terabyte, more than memory holds.
    private var countHigh: UInt8
    var kind: Kind
    /// For strings: the stored contents hold `\` escapes (they are kept as in the input, valid
    /// JSON string contents, and decoded only when the value is read as a `String`).
    var hasEscapes: Bool

    init(kind: Kind, hasEscapes: Bool, start: Int, count: Int) {
        self.kind = kind
        self.hasEscapes = hasEscapes
        self.start = start
        countLow = UInt32(truncatingIfNeeded: count)
        countHigh = UInt8(truncatingIfNeeded: count >> 32)
    }

    /// How many bytes the value takes in its segment.
    var count: Int {
        @inline(__always) get { Int(countHigh) << 32 | Int(countLow) }
    }

    static let null = FieldSlot(kind: .null, hasEscapes: false, start: 0, count: 0)
    /// A null that stands for a string not copied yet (see `ExtractionRun.deferredBody()`).
    static let deferred = FieldSlot(kind: .null, hasEscapes: false, start: -1, count: 0)

    /// The index of the segment that holds the value.
    var segment: Int { start >> FieldStorage.segmentShift }
    /// Where the value starts in its segment.
    var offset: Int { start & FieldStorage.offsetMask }
}

/// The bytes of one conversation's extracted fields, all as JSON text: string contents as they
/// were between the quotes (escapes and all, so writing them out is a copy), numbers, objects and
/// arrays compact. Appending is the only mutation.
///
/// The bytes are kept in segments, so that a conversation of hundreds of megabytes never grows
/// (and copies) one buffer to twice its size (issue #16): the first segment grows like an array up
/// to ``segmentSize`` (a usual conversation has one segment, as fast as one array); after that each
/// new segment is as large as all the bytes before it, at most 16 segment sizes, reserved once
/// and never copied. A value is never split: one that does not fit in what is left of the
/// segment starts the next one, and one larger than a segment gets a segment of its own size.
/// (An object or array value is copied by the tokenizer into the segment's array, which may then
/// grow past its reserve: the only copy, and only of that one segment.)
struct FieldStorage: Sendable {
    /// The segment being filled (the only one, for a usual conversation). While values are
    /// appended it may go on past ``filled`` with room for the next ones (see ``append(_:)``),
    /// which ``trim()`` drops: every segment a ``Conversation`` sees is exactly its values.
    var bytes: [UInt8] = []
    /// How many bytes of ``bytes`` hold values.
    private(set) var filled = 0
    /// The full segments before ``bytes``, oldest first.
    private(set) var sealed: [[UInt8]] = []
    /// How many bytes ``bytes`` may hold before a value goes to a new segment.
    private(set) var limit: Int
    /// ``bytes``'s segment index, shifted into place for a slot's ``FieldSlot/start``.
    private(set) var tag = 0
    /// The bytes in ``sealed``.
    private(set) var sealedByteCount = 0
    /// The first segment's size; later segments double up to 16 of it.
    let segmentSize: Int

    /// A slot's start holds its segment from this bit on.
    static let segmentShift = 40
    /// A slot's start holds its offset in the segment below ``segmentShift``.
    static let offsetMask = (1 << segmentShift) - 1
    /// 1 MiB: copying a buffer of that size while it grows is cheap; beyond it, segments.
    static let defaultSegmentSize = 1 << 20

    /// - Parameters:
    ///   - capacity: room to reserve in the first segment (which may then hold that much).
    ///   - segmentSize: the first segment's size (small in tests, to cross segment boundaries).
    init(capacity: Int = 0, segmentSize: Int = FieldStorage.defaultSegmentSize) {
        self.segmentSize = max(1, segmentSize)
        limit = max(self.segmentSize, capacity)
        bytes.reserveCapacity(capacity)
    }

    /// All the bytes stored.
    var byteCount: Int { sealedByteCount + filled }
    /// How many segments there are.
    var segmentCount: Int { sealed.count + 1 }
    /// The start that a value appended now gets.
    var nextStart: Int {
        @inline(__always) get { tag | filled }
    }

    /// Makes sure the next `length` bytes go into one segment: when they do not fit in the one
    /// being filled, the next segment begins.
    @inline(__always)
    mutating func makeRoom(for length: Int) {
        if filled &+ length > limit { startSegment(for: length) }
    }

    /// Seals the segment being filled and begins one that holds at least `length` bytes.
    @inline(never)
    mutating func startSegment(for length: Int) {
        trim()
        guard !bytes.isEmpty else {
            // An empty segment takes any value, however large.
            limit = max(limit, length)
            bytes.reserveCapacity(limit)
            adviseHugePages()
            return
        }
        sealedByteCount += bytes.count
        sealed.append(bytes)
        limit = max(min(max(sealedByteCount, segmentSize), 16 * segmentSize), length)
        bytes = []
        filled = 0
        bytes.reserveCapacity(limit)
        adviseHugePages()
        tag = sealed.count << Self.segmentShift
    }

    /// A segment this large is backed by huge pages where the system allows them
    /// (``adviseHugePages(_:_:)``).
    static let hugePageSegment = 4 << 20

    /// Asks for huge pages for a large segment's reserved memory, before anything is written to
    /// it: a huge conversation's fields are hundreds of megabytes of fresh memory, and each 4 KiB
    /// page of it cost a page fault.
    private mutating func adviseHugePages() {
        if bytes.capacity >= Self.hugePageSegment { bytes.adviseHugePages() }
    }

    /// Appends raw value bytes (a string's contents or a number) in one segment; returns their start.
    ///
    /// The bytes are written into room made ahead in ``bytes`` (zeros past ``filled``), with a
    /// short value's bytes moved in two overlapping words: `Array.append(contentsOf:)`, a generic
    /// call with a uniqueness check and a `memcpy` call, cost some 90 instructions a value, a
    /// dozen values a chat message.
    @inline(__always)
    mutating func append(_ value: UnsafeBufferPointer<UInt8>) -> Int {
        let count = value.count
        makeRoom(for: count)
        let start = nextStart
        let at = filled
        if bytes.count &- at < count { makeZeros(for: count) }
        if count > 0, let source = value.baseAddress {
            bytes.withUnsafeMutableBufferPointer { buffer in
                Self.copy(source, count, to: buffer.baseAddress.unsafelyUnwrapped + at)
            }
        }
        filled = at &+ count
        return start
    }

    /// Copies `count` bytes: up to 32 in overlapping loads and stores of one width, inline; more
    /// with `memcpy`. Every load and store stays inside the `count` bytes. (Also how a line's
    /// values are written out: most are short, and a `memmove` call each cost 3% of an `extract`.)
    @inline(__always)
    static func copy(_ source: UnsafePointer<UInt8>, _ count: Int, to target: UnsafeMutablePointer<UInt8>) {
        let from = UnsafeRawPointer(source)
        let to = UnsafeMutableRawPointer(target)
        switch count {
        case 33...:
            to.copyMemory(from: from, byteCount: count)
        case 17...32:
            // A timestamp (24 bytes), say: four words, the last two overlapping the first two.
            let word0 = from.loadUnaligned(as: UInt64.self)
            let word1 = from.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            let word2 = from.loadUnaligned(fromByteOffset: count &- 16, as: UInt64.self)
            let word3 = from.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
            to.storeBytes(of: word0, as: UInt64.self)
            to.storeBytes(of: word1, toByteOffset: 8, as: UInt64.self)
            to.storeBytes(of: word2, toByteOffset: count &- 16, as: UInt64.self)
            to.storeBytes(of: word3, toByteOffset: count &- 8, as: UInt64.self)
        case 8...16:
            let head = from.loadUnaligned(as: UInt64.self)
            let tail = from.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
            to.storeBytes(of: head, as: UInt64.self)
            to.storeBytes(of: tail, toByteOffset: count &- 8, as: UInt64.self)
        case 4...7:
            let head = from.loadUnaligned(as: UInt32.self)
            let tail = from.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)
            to.storeBytes(of: head, as: UInt32.self)
            to.storeBytes(of: tail, toByteOffset: count &- 4, as: UInt32.self)
        default:
            for index in 0..<count { target[index] = source[index] }
        }
    }

    /// Makes room for at least `count` bytes past ``filled``: zeros, at least 4 KiB of them at a
    /// time (so that this call is rare), but not past the segment's ``limit`` (the reserved size).
    @inline(never)
    mutating func makeZeros(for count: Int) {
        let target = max(filled + count, min(limit, bytes.count + Self.zeros.count))
        // Copied from zeros in memory: appending a `repeatElement(0, ...)` wrote a byte at a time.
        Self.zeros.withUnsafeBufferPointer { zeros in
            while bytes.count < target {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: zeros.prefix(target - bytes.count)))
            }
        }
    }

    /// Room ``makeZeros(for:)`` adds at a time.
    private static let zeros = [UInt8](repeating: 0, count: 4096)

    /// Drops the room past ``filled``, so that ``bytes`` holds exactly the values (before a segment
    /// is sealed, before bytes are appended to the array directly, and at the end of a run).
    mutating func trim() {
        if bytes.count > filled { bytes.removeSubrange(filled...) }
    }

    /// Takes the bytes appended to ``bytes`` directly (after ``trim()``) as values.
    mutating func adoptAppendedBytes() {
        filled = bytes.count
    }

    /// Stores a value and returns its slot.
    mutating func append(_ value: FieldValue) -> FieldSlot {
        // Written to the array directly: no room past the values, and the bytes taken after.
        trim()
        switch value {
        case .null: return .null
        case .bool(let flag): return FieldSlot(kind: flag ? .true : .false, hasEscapes: false, start: 0, count: 0)
        case .number(let text): return append(text, as: .number)
        case .json(let text): return append(text, as: .json)
        case .string(let text):
            // At most 6 bytes a UTF-8 byte when escaped (`\u001f`): room for that keeps it in one segment.
            makeRoom(for: 6 * text.utf8.count)
            let start = nextStart
            let escaped = JSONWriter.writeStringContents(text, into: &bytes)
            adoptAppendedBytes()
            return FieldSlot(kind: .string, hasEscapes: escaped, start: start, count: nextStart - start)
        }
    }

    private mutating func append(_ text: String, as kind: FieldSlot.Kind) -> FieldSlot {
        makeRoom(for: text.utf8.count)
        let start = nextStart
        bytes.append(contentsOf: text.utf8)
        adoptAppendedBytes()
        return FieldSlot(kind: kind, hasEscapes: false, start: start, count: nextStart - start)
    }

    /// Calls `body` with the segment that holds a slot's bytes.
    @inline(__always)
    func withSegment<R>(_ slot: FieldSlot, _ body: ([UInt8]) throws -> R) rethrows -> R {
        let index = slot.segment
        return try index == sealed.count ? body(bytes) : body(sealed[index])
    }

    /// The bytes of a slot.
    func slice(_ slot: FieldSlot) -> ArraySlice<UInt8> {
        withSegment(slot) { $0[slot.offset..<(slot.offset + slot.count)] }
    }

    /// Calls `body` with a slot's stored bytes (a string's raw contents, escapes and all).
    func withRawBytes<R>(_ slot: FieldSlot, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try withSegment(slot) { segment in
            try segment.withUnsafeBufferPointer { buffer in
                try body(UnsafeBufferPointer(rebasing: buffer[slot.offset..<(slot.offset + slot.count)]))
            }
        }
    }

    /// Calls `body` with every segment's bytes, in order (index `i` is segment `i`): what a line is
    /// written from, the segments' memory held for the whole of `body`.
    func withSegments<R>(_ body: (UnsafeBufferPointer<UnsafeBufferPointer<UInt8>>) throws -> R) rethrows -> R {
        var pointers: [UnsafeBufferPointer<UInt8>] = []
        pointers.reserveCapacity(segmentCount)
        return try withSegments(from: 0, collecting: &pointers, body)
    }

    /// Takes segment `index`'s memory and goes on with the next, `body` called inside the last:
    /// one level per segment, and segments double, so a few dozen levels for a gigabyte.
    private func withSegments<R>(
        from index: Int, collecting pointers: inout [UnsafeBufferPointer<UInt8>],
        _ body: (UnsafeBufferPointer<UnsafeBufferPointer<UInt8>>) throws -> R
    ) rethrows -> R {
        let segment = index == sealed.count ? bytes : sealed[index]
        return try segment.withUnsafeBufferPointer { buffer in
            pointers.append(buffer)
            if index == sealed.count { return try pointers.withUnsafeBufferPointer(body) }
            return try withSegments(from: index + 1, collecting: &pointers, body)
        }
    }
}
